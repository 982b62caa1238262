"""Content is text, not HTML: check the words staff write before anything is published.

Reads a Markdown body or a front-matter value; appends a ``SourceError`` (with the file line and
what to write instead) for raw HTML, links that are not ``http(s):``/``mailto:`` or the
archive's own cross-links, images in the text, attribute lists, Markdown blocks and includes,
invisible control characters, unfinished cross-links and scaffold placeholders. Plain ``<`` and
``&`` in prose stay allowed (the renderer shows them as written).
"""

from __future__ import annotations

import re
from pathlib import Path

from sitebuild.config import INVISIBLE, invisible_message
from sitebuild.errors import SourceError
from sitebuild.paragraphs import CROSS_LINK, CROSS_LINK_OPENING, code_fences, code_regions
from sitebuild.validate.patterns import (
    AUTOLINK,
    COMMENT,
    HTML_TAG,
    LINK_DESTINATION,
    SAFE_TARGET,
    line_at,
)

REFERENCE_DEFINITION = re.compile(
    r"^(?:[ \t>*+-]|[0-9]+[.)])*\[(?!\^)[^\]\n]*\]:[ \t]*(?P<target>\S*)", re.M
)
"""A line Markdown reads as a link address (``[k]: ...``), also inside quotes and lists."""
IMAGE = re.compile(r"!\[(?![\[^@])")
ATTRIBUTES = re.compile(
    r"\{:|\{[ \t]*(?:[#.][\w-]|[^\s{}]+[ \t]*=)|\{[^{}\n]*=[^{}\n]*\}"
    r"|(?<=[*_\])`])\{|\{[^{}\n]*\}[ \t]*$",
    re.MULTILINE,
)
"""Braces Markdown may read as attributes: ``{: ...}``, ``{#id}``, ``{key=value}``, braces right
after emphasis, a link or code, and braces that end a line."""
BLOCK = re.compile(r"^[ \t>]*///", re.MULTILINE)
INCLUDE = re.compile(r"-{1,3}8<-{1,3}")
FENCE_LINE = re.compile(r"^(`{3,}|~{3,}).*$", re.MULTILINE)
CODE_LANGUAGE = re.compile(r"[A-Za-z0-9_+#.-]*")
HEADING = re.compile(r"^[ \t>]*#", re.MULTILINE)
UNDERLINE = re.compile(r"\n[ \t>]*(?:=+|-+)[ \t]*(?=\n|$)")
"""A line of ``=`` or ``-`` that makes the line above it a heading (if that line has text)."""
MULTI_PARAGRAPH_COMMENT = re.compile(r"<!--(?:(?!-->).)*?\n[ \t]*\n", re.DOTALL)
BROKEN_CHARACTER_CODE = re.compile(r"&#(?![0-9]|[xX][0-9a-fA-F])")
"""``&#`` not followed by a character's number, which stops Python's HTML reader (and so the
engine's reading of the whole page)."""
BOX = re.compile(r"^[ \t>]*(?:!!!|\?\?\?\+?)[ \t]", re.MULTILINE)


def check_markdown(
    path: Path,
    first_line: int,
    text: str,
    errors: list[SourceError],
    attribute_lines: frozenset[int] = frozenset(),
) -> None:
    """Report everything in a speaker's or session's words that is not text and safe links.

    ``attribute_lines`` are the file lines of paragraph identifier lines (``{: #p3 }``),
    checked on their own by ``check_paragraph_keys``.
    """
    _check_control(path, first_line, text, errors)
    for match in BROKEN_CHARACTER_CODE.finditer(text):
        errors.append(
            SourceError(
                path,
                line_at(first_line, text, match.start()),
                "'&#' starts a character's number (like &#8212;) but no number follows; write "
                "the character itself, or put a space after the '&'",
            )
        )
    for match in INCLUDE.finditer(text):
        errors.append(
            SourceError(
                path,
                line_at(first_line, text, match.start()),
                f"'{match[0]}' would include another file here; write the words themselves",
            )
        )
    skipped = code_regions(text) + [
        (match.start(), match.end()) for match in COMMENT.finditer(text)
    ]
    if attribute_lines:
        starts = [0, *(match.end() for match in _NEWLINE.finditer(text))]
        for number in attribute_lines:
            index = number - first_line
            if 0 <= index < len(starts):
                end = text.find("\n", starts[index])
                skipped.append((starts[index], len(text) if end < 0 else end))
    prose = blank_out(text, skipped)
    for match in HTML_TAG.finditer(prose):
        if AUTOLINK.match(prose, match.start()):
            continue
        errors.append(
            SourceError(
                path,
                line_at(first_line, text, match.start()),
                f"raw HTML '<{match['name']}' is not allowed; write plain text, *emphasis* or "
                "**bold** in Markdown, or a cross-link like [[speaker:janee-harteau]] "
                "(a '<' followed by a space is fine)",
            )
        )
    for match in IMAGE.finditer(prose):
        errors.append(
            SourceError(
                path,
                line_at(first_line, text, match.start()),
                "'![' would make an image, which is not allowed in the text: add a photo under "
                "'photos:' in the front matter (see the editing guide), or put a space after "
                "the '!'",
            )
        )
    # Note: Markdown reads link addresses before code spans, so only code blocks hide them.
    blocks_only = blank_out(text, [(fence.start(), fence.end()) for fence in code_fences(text)])
    for match in REFERENCE_DEFINITION.finditer(blocks_only):
        target = match["target"].strip("<>")
        if not SAFE_TARGET.fullmatch(target):
            looks_like_address = "://" in target or ":" in target[:12] or not target
            errors.append(
                SourceError(
                    path,
                    line_at(first_line, text, match.start()),
                    f"the link '{target[:60]}' is not allowed; link to a web page "
                    "(https://...), an e-mail address (mailto:...), or a page of the archive "
                    "with a cross-link like [[session:town-hall-2014]]"
                    if looks_like_address
                    else "a line that starts with '[...]:' is read as a link address, so its "
                    "words would not show; write it another way, like '(Applause)' or "
                    "'Applause:'",
                )
            )
    for match in MULTI_PARAGRAPH_COMMENT.finditer(text):
        errors.append(
            SourceError(
                path,
                line_at(first_line, text, match.start()),
                "this note to editors ('<!--') runs over a blank line; end it with '-->' in the "
                "same paragraph, or notes and words after it would be mixed up",
            )
        )
    for pattern in (LINK_DESTINATION,):
        for match in pattern.finditer(prose):
            target = match["target"].strip("<>")
            if not SAFE_TARGET.fullmatch(target):
                errors.append(
                    SourceError(
                        path,
                        line_at(first_line, text, match.start("target")),
                        f"the link '{target[:60]}' is not allowed; link to a web page "
                        "(https://...), an e-mail address (mailto:...), or a page of the "
                        "archive with a cross-link like [[session:town-hall-2014]]",
                    )
                )
    for match in ATTRIBUTES.finditer(prose):
        errors.append(
            SourceError(
                path,
                line_at(first_line, text, match.start()),
                "attributes in braces are not allowed here; only the line '{: #p3 }' under a "
                "paragraph gives it its link address",
            )
        )
    underlined = [
        match
        for match in UNDERLINE.finditer(prose)
        if prose[prose.rfind("\n", 0, match.start()) + 1 : match.start()].strip(" \t>")
    ]
    for match in [*HEADING.finditer(prose), *underlined]:
        errors.append(
            SourceError(
                path,
                line_at(first_line, text, match.start()),
                "this line would become a heading (a line starting with '#', or text underlined "
                "with === or ---); the page makes its own headings: write '\\#' to show a '#', "
                "or leave a blank line before a --- line",
            )
        )
    for match in BOX.finditer(prose):
        errors.append(
            SourceError(
                path,
                line_at(first_line, text, match.start()),
                "a '!!!' or '???' box is not allowed in the text; write the words as paragraphs",
            )
        )
    for match in BLOCK.finditer(prose):
        errors.append(
            SourceError(
                path,
                line_at(first_line, text, match.start()),
                "a '///' block is not allowed in the text; write the words as paragraphs",
            )
        )
    fences = code_fences(text)
    edges = {position for fence in fences for position in (fence.start(), fence.end())}
    for marker in FENCE_LINE.finditer(text):
        closing = marker.start() + len(marker[0].rstrip())
        if marker.start() not in edges and closing not in edges:
            errors.append(
                SourceError(
                    path,
                    line_at(first_line, text, marker.start()),
                    f"this '{marker[1]}' opens or closes a code block, but the block has no "
                    f"other end; add a line '{marker[1]}' where the code ends, or remove it",
                )
            )
    for fence in fences:
        if not CODE_LANGUAGE.fullmatch(fence["info"].strip()):
            errors.append(
                SourceError(
                    path,
                    line_at(first_line, text, fence.start()),
                    "only a language name may follow the ``` that opens a code block "
                    "(like ```yaml); remove the rest of the line",
                )
            )
    check_cross_link_syntax(path, first_line, prose, errors)


def check_cross_link_syntax(
    path: Path, first_line: int, text: str, errors: list[SourceError]
) -> None:
    """Every ``[[`` starts a complete cross-link (``text`` has its code blanked out)."""
    complete = {match.start() for match in CROSS_LINK.finditer(text)}
    for match in CROSS_LINK_OPENING.finditer(text):
        if match.start() in complete or match.start() - 1 in complete:
            continue
        if text.startswith("[[[", match.start()):
            continue  # reported at the next '[['
        snippet = text[match.start() : match.start() + 40].split("\n")[0]
        errors.append(
            SourceError(
                path,
                line_at(first_line, text, match.start()),
                f"unfinished cross-link '{snippet}'; write it as [[speaker:janee-harteau]] or "
                "[[speaker:janee-harteau|link text]]",
            )
        )


def _check_control(path: Path, first_line: int, text: str, errors: list[SourceError]) -> None:
    for match in INVISIBLE.finditer(text):
        errors.append(
            SourceError(path, line_at(first_line, text, match.start()), invisible_message(match[0]))
        )
        return


def without_lines(text: str, numbers: frozenset[int], first_line: int) -> str:
    """``text`` with the given file lines blanked (paragraph identifier lines)."""
    if not numbers:
        return text
    lines = text.split("\n")
    for number in numbers:
        if 0 <= number - first_line < len(lines):
            lines[number - first_line] = ""
    return "\n".join(lines)


def blank_out(text: str, regions: list[tuple[int, int]]) -> str:
    """``text`` with each region replaced by spaces (newlines kept, so lines still count)."""
    if not regions:
        return text
    parts, position = [], 0
    for start, end in sorted(regions):
        start = max(start, position)
        if end <= start:
            continue
        parts += [text[position:start], _NOT_NEWLINE.sub(" ", text[start:end])]
        position = end
    parts.append(text[position:])
    return "".join(parts)


_NOT_NEWLINE = re.compile(r"[^\n]")
_NEWLINE = re.compile(r"\n")
