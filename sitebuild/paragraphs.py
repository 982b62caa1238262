"""Split a remark's Markdown into blocks, and read each paragraph's stable identifier.

A paragraph's identifier is written by staff (or by ``build_site.py number-paragraphs``) as an
attribute line under it, ``{: #p3 }``, optionally with classes: ``{: #p3 .dialogue-turn }``.
Identifiers never come from a paragraph's position or text, so links survive edits.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

import markdown  # type: ignore[import-untyped]  # (no stubs on the package index here)

from sitebuild.model import Block

MARKDOWN_EXTENSIONS = (
    "toc",
    "tables",
    "fenced_code",
    "admonition",
    "pymdownx.details",
    "attr_list",
    "md_in_html",
    "footnotes",
    "pymdownx.blocks.html",
    "pymdownx.blocks.caption",
)
"""MkDocs' own extensions and those of ``mkdocs.yml``, but the include (``pymdownx.snippets``).

A test keeps this list the same as ``mkdocs.yml``'s.
"""


@cache
def markdown_converter() -> markdown.Markdown:
    """One converter with ``MARKDOWN_EXTENSIONS``, reset before each use (building one is slow)."""
    return markdown.Markdown(extensions=list(MARKDOWN_EXTENSIONS))


_COMMENT_LINE = re.compile(r"^<!--.*-->[ \t]*$")
_ATTRIBUTE_LINE = re.compile(r"^\{:?\s*([^{}\n]*?)\s*\}$")
_BLANK_LINES = re.compile(r"\n[ \t]*\n")
PARAGRAPH_KEY = re.compile(r"^p[0-9]+$")
_NOT_A_PARAGRAPH = re.compile(r"^(\[\^[^\]]+\]:|///|[-*+] |\d+\. |#|>|<|```|~~~|\[[^\]]+\]:)")


def _chunks(body: str) -> list[tuple[int, str]]:
    """``body`` split at blank lines, but never inside a fenced code block: (start, text)."""
    fences = [(match.start(), match.end()) for match in code_fences(body)]
    chunks, position = [], 0
    for blank in _BLANK_LINES.finditer(body):
        if any(start <= blank.start() < end for start, end in fences):
            continue
        chunks.append((position, body[position : blank.start()]))
        position = blank.end()
    chunks.append((position, body[position:]))
    return chunks


def split_blocks(body: str, first_line: int) -> list[Block]:
    """Split ``body`` (which starts on file line ``first_line``) into blocks.

    A fenced code block stays one block, blank lines and all.
    """
    blocks: list[Block] = []
    for start, chunk in _chunks(body):
        if not chunk.strip():
            continue
        line = first_line + body.count("\n", 0, start) + (len(chunk) - len(chunk.lstrip("\n")))
        text = chunk.strip("\n")
        first, _, rest = text.partition("\n")
        if _COMMENT_LINE.match(first) and rest.strip():
            # Note: a note to editors on its own line, directly above the text, stays a note.
            blocks.append(Block(first, line, None, (), is_paragraph=False))
            text, line = rest, line + 1
        key: str | None = None
        classes: tuple[str, ...] = ()
        tokens: list[str] = []
        attributes_at: int | None = None
        lines = text.split("\n")
        attributes = _ATTRIBUTE_LINE.match(lines[-1].strip()) if len(lines) > 1 else None
        if attributes:
            text = "\n".join(lines[:-1])
            attributes_at = line + len(lines) - 1
            tokens = attributes.group(1).split()
            keys = [token[1:] for token in tokens if token.startswith("#")]
            key = keys[0] if keys else None
            classes = tuple(token[1:] for token in tokens if token.startswith("."))
        blocks.append(
            Block(
                text=text,
                line=line,
                key=key,
                classes=classes,
                is_paragraph=not _NOT_A_PARAGRAPH.match(text),
                attributes=tuple(tokens),
                attributes_at=attributes_at,
            )
        )
    return blocks


def attribute_line(key: str | None, classes: tuple[str, ...]) -> str | None:
    """The attribute line for an identifier and classes, or None if there are neither."""
    tokens = ([f"#{key}"] if key else []) + [f".{name}" for name in classes]
    return "{: " + " ".join(tokens) + " }" if tokens else None


def number_paragraphs(body: str) -> tuple[str, int]:
    """Give every paragraph without an identifier the next free one (``p1``, ``p2``...).

    Returns the new body and how many identifiers were added. Existing identifiers are kept.
    """
    blocks = split_blocks(body, 1)
    used = [int(block.key[1:]) for block in blocks if block.key and PARAGRAPH_KEY.match(block.key)]
    next_number = max(used, default=0) + 1
    parts: list[str] = []
    added = 0
    for block in blocks:
        key = block.key
        if block.is_paragraph and key is None:
            key = f"p{next_number}"
            next_number += 1
            added += 1
        attributes = attribute_line(key, block.classes)
        parts.append(block.text + (f"\n{attributes}" if attributes else ""))
    return "\n\n".join(parts) + "\n", added


_LINK = re.compile(r"(?<!!)\[([^\]]*)\]\([^)\s]*\)")
"""A Markdown link ``[text](address)``: only its text is kept."""
_MARKUP = re.compile(r"\[\^[^\]]+\]|<[^>]+>|\*\*|(?<!\w)\*|\*(?!\w)|\\(?=[\\`*_{}\[\]#!|.-])")


def plain_text(markdown: str) -> str:
    """The words of a paragraph without Markdown markup (for exports and descriptions)."""
    if not any(mark in markdown for mark in "*[<\\"):
        return " ".join(markdown.split())
    return " ".join(_MARKUP.sub("", _LINK.sub(r"\1", markdown)).split())


_MARKS = re.compile(
    r"\[\^[^\]]+\]|\*\*|(?<!\w)\*(?=\S)|(?<=\S)\*(?!\w)|(?<!\w)_{1,2}(?=\S)|(?<=\S)_{1,2}(?!\w)"
)
"""Emphasis marks and footnote markers, which the page does not show."""
_ESCAPE = re.compile(r"\\(?=[\\`*_{}\[\]()#+\-.!|<>&])")
_READER_LINK = re.compile(
    r"(?<!!)\[([^\]]*)\](?:\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"]*\")?\)|\[[^\]]*\])"
)
"""A link, inline (``[text](address "title")``) or by reference (``[text][name]``)."""
_LINE_MARKUP = re.compile(
    r"^[ \t]{0,3}\[[^\]^][^\]]*\]:[ \t]*\S.*$"  # a link definition: never shown
    r"|^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$"  # a table's rule
    r"|^[ \t]*(?:>[ \t]?)+"  # quotation marks of a block quote
    r"|^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+",  # a list item's marker
    re.MULTILINE,
)
_TABLE_BAR = re.compile(r"[ \t]*(?<!\\)\|[ \t]*")
_FENCE_LINE = re.compile(r"^(?:`{3,}|~{3,}).*$", re.MULTILINE)


def reader_text(markdown: str) -> str:
    """The words as a reader sees them, in plain text, for the search index.

    Unlike ``plain_text``, every ``<`` and ``&`` stays as written (the page shows them so) and
    code keeps its words; notes to editors, emphasis marks, link addresses and definitions,
    list, quotation and table markup and footnote markers are left out.
    """
    parts, position = [], 0
    for start, end in [*code_regions(markdown), (len(markdown), len(markdown))]:
        # Note: each pattern is tried only where its first character is (most paragraphs
        # have none): the search records of 5,000 remarks took 2.4 s, nearly all of it here.
        prose = markdown[position:start]
        if "<" in prose:
            prose = _COMMENT.sub("", prose)
            prose = _AUTOLINK.sub(lambda match: match[0][1:-1], prose)
        if "[" in prose:
            prose = _READER_LINK.sub(r"\1", prose)
        prose = _LINE_MARKUP.sub("", prose)
        if "*" in prose or "_" in prose or "[" in prose:
            prose = _MARKS.sub("", prose)
        if "|" in prose:
            prose = _TABLE_BAR.sub(" ", prose)
        parts.append(_ESCAPE.sub("", prose) if "\\" in prose else prose)
        if end > start:
            parts.append(_FENCE_LINE.sub("", markdown[start:end]).strip("`"))
        position = end
    return " ".join("".join(parts).split())


CODE = re.compile(
    r"^(?P<ticks>`{3,}|~{3,})[ ]*(?P<info>\{[^\n]*\}|\.?[\w#.+-]*)[ ]*\n(?:.*?\n)?(?P=ticks)[ ]*$"
    r"|(?<![\\`])(?P<quote>`+)(?!`)(?:(?!\n[ \t]*\n|\n[ \t]*[#>=*_+-]|\n[ \t]*\d+\.).)+?"
    r"(?<!`)(?P=quote)(?!`)",
    re.MULTILINE | re.DOTALL,
)
"""Code blocks and code spans: examples there are shown as written, never turned into links.

Note: this must never find code where Python-Markdown finds none, or markup in it would go
unchecked: a fence starts at the line's start and names at most a language (Python-Markdown's
fenced_code); a code span closes on a run of the same number of backticks within one paragraph,
and never across a line that could start a heading, quote, list or rule.
"""


def code_regions(text: str) -> list[tuple[int, int]]:
    """(start, end) of every code block and code span in ``text``."""
    if "`" not in text and "~~~" not in text:
        return []
    return [(match.start(), match.end()) for match in CODE.finditer(text)]


def code_fences(text: str) -> list[re.Match[str]]:
    """Every fenced code block, with its first line's words after the fence (``info``)."""
    if "`" not in text and "~~~" not in text:
        return []
    return [match for match in CODE.finditer(text) if match["ticks"]]


def matches_outside_code(text: str, pattern: re.Pattern[str]) -> list[re.Match[str]]:
    """Matches of ``pattern`` in ``text`` that are not inside code."""
    code = code_regions(text)
    if not code:
        return list(pattern.finditer(text))
    return [
        match
        for match in pattern.finditer(text)
        if not any(start <= match.start() < end for start, end in code)
    ]


def substitute_outside_code(
    text: str, pattern: re.Pattern[str], replace: Callable[[re.Match[str]], str] | str
) -> str:
    """``pattern.sub(replace, text)``, leaving code untouched."""
    parts, position = [], 0
    for match in matches_outside_code(text, pattern):
        parts.append(text[position : match.start()])
        parts.append(match.expand(replace) if isinstance(replace, str) else replace(match))
        position = match.end()
    parts.append(text[position:])
    return "".join(parts)


_COMMENT = re.compile(r"<!--.*?-->[ \t]*\n?", re.DOTALL)
_AUTOLINK = re.compile(
    r"<(?:(?:https?://|mailto:)[^\s<>\"'`]*|[^\s<>\"'`@/:]+@[^\s<>\"'`@/:]+\.[A-Za-z]{2,})>",
    re.IGNORECASE,
)


def text_only(markdown: str) -> str:
    """Staff's Markdown as text: notes to editors dropped, every other ``<`` shown as written.

    Note: ``validate`` already refuses raw HTML; this makes sure nothing that slips past it
    can reach a reader's browser as markup. Code is left as written (Markdown escapes it).
    """
    if "<" not in markdown:
        return markdown
    code = code_regions(markdown)
    parts, position = [], 0
    for start, end in [*code, (len(markdown), len(markdown))]:
        parts.append(_escape_tags(_COMMENT.sub("", markdown[position:start])))
        parts.append(markdown[start:end])
        position = end
    return "".join(parts)


def _escape_tags(prose: str) -> str:
    """Every ``<`` as ``&lt;``, except in web and e-mail autolinks (``<https://...>``)."""
    kept = [match.span() for match in _AUTOLINK.finditer(prose)]
    return "".join(
        "&lt;" if character == "<" and not any(start == index for start, _ in kept) else character
        for index, character in enumerate(prose)
    )


CITATION = re.compile(r"\[@([a-z0-9][a-z0-9-]*)\]")
"""A citation of a source in ``speakers/references.yml``: ``[@sherman-harris-2014]``."""
CROSS_LINK = re.compile(
    r"\[\[(?P<kind>[a-z]+):(?P<target>[^\]|#\s\\]+)(?:#(?P<key>[a-z0-9-]+))?"
    r"(?:\\?\|(?P<text>[^\]\[]+))?\]\]"
)
"""A short link: ``[[speaker:janee-harteau]]``, with an optional paragraph and link text.

Note: ``\\|`` is accepted as ``|``, since inside a Markdown table the bar must be escaped.
"""
CROSS_LINK_OPENING = re.compile(r"\[\[")


def cited_keys(text: str) -> list[str]:
    """The source keys cited in ``text``, in order of first appearance (code excluded)."""
    return list(dict.fromkeys(match.group(1) for match in matches_outside_code(text, CITATION)))
