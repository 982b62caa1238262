"""Citations and cross-links written in Markdown, and how they turn into real links.

Two short forms are understood in any Markdown under ``speakers/`` or ``docs/``:

- ``[@sherman-harris-2014]`` cites a source from ``speakers/references.yml``; it becomes a
  numbered footnote whose note is the formatted reference.
- ``[[speaker:janee-harteau]]``, ``[[remark:defining-moments-2014/janee-harteau]]``,
  ``[[remark:defining-moments-2014/janee-harteau#p3]]``, ``[[session:town-hall-2014]]`` and
  ``[[topic:leadership]]`` link to a page or quote; ``[[speaker:janee-harteau|Chief Harteau]]``
  sets the link's text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from sitebuild.errors import SourceError
from sitebuild.links import (
    anchor_for_paragraph,
    anchor_for_remark,
    path_for_session_page,
    path_for_speaker_page,
    path_for_topic_page,
    relative_link,
)
from sitebuild.model import Archive, Reference
from sitebuild.render.markdown import escape_markdown

CITATION = re.compile(r"\[@([a-z0-9][a-z0-9-]*)\]")
CROSS_LINK = re.compile(
    r"\[\[(?P<kind>[a-z]+):(?P<target>[^\]|#\s]+)(?:#(?P<key>[a-z0-9-]+))?(?:\|(?P<text>[^\]]+))?\]\]"
)
KINDS = ("speaker", "remark", "session", "topic")
CODE = re.compile(
    r"^[ \t]*(?P<ticks>`{3,}|~{3,})[^\n]*\n.*?^[ \t]*(?P=ticks)[ \t]*$"
    r"|(?P<quote>`+)[^`].*?(?P=quote)",
    re.MULTILINE | re.DOTALL,
)
"""Code blocks and code spans: examples there are shown as written, never turned into links."""


def _outside_code(text: str, pattern: re.Pattern[str]) -> list[re.Match[str]]:
    """Matches of ``pattern`` that are not inside code."""
    if "[" not in text:
        return []
    if "`" not in text and "~~~" not in text:
        return list(pattern.finditer(text))
    code = [(match.start(), match.end()) for match in CODE.finditer(text)]
    return [
        match
        for match in pattern.finditer(text)
        if not any(start <= match.start() < end for start, end in code)
    ]


def _substitute_outside_code(
    text: str, pattern: re.Pattern[str], replace: Callable[[re.Match[str]], str] | str
) -> str:
    """``pattern.sub(replace, text)``, leaving code untouched."""
    parts, position = [], 0
    for match in _outside_code(text, pattern):
        parts.append(text[position : match.start()])
        parts.append(match.expand(replace) if isinstance(replace, str) else replace(match))
        position = match.end()
    parts.append(text[position:])
    return "".join(parts)


@dataclass(frozen=True)
class LinkTarget:
    """Where a cross-link points, and the text it shows by default."""

    page: PurePosixPath
    anchor: str | None
    text: str


def resolve(archive: Archive, kind: str, target: str, key: str | None) -> LinkTarget | str:
    """The target of a cross-link, or a message saying why it cannot be found."""
    if kind == "session":
        session = next((item for item in archive.sessions if item.slug == target), None)
        if session is None:
            return f"unknown session '{target}'; use the name of a folder under speakers/"
        return LinkTarget(path_for_session_page(target), None, session.title)
    if kind == "topic":
        if target not in archive.topics:
            return f"unknown topic '{target}'; use a key from speakers/topics.yml"
        return LinkTarget(path_for_topic_page(target), None, archive.topics[target].label)
    if kind == "speaker":
        people = archive.remarks_by_person()
        if target not in people:
            return f"unknown speaker '{target}'; use the file name of a speaker file (without .md)"
        return LinkTarget(path_for_speaker_page(target), None, people[target][-1].name)
    if kind == "remark":
        session_slug, _, slug = target.partition("/")
        remark = next(
            (item for item in archive.remarks if (item.session, item.slug) == (session_slug, slug)),
            None,
        )
        if remark is None:
            return f"unknown remark '{target}'; write it as <session-folder>/<speaker-file>"
        anchor = anchor_for_remark(slug)
        if key is not None:
            if key not in {block.key for block in remark.blocks}:
                return f"remark '{target}' has no paragraph '#{key}'"
            anchor = anchor_for_paragraph(slug, key)
        return LinkTarget(path_for_session_page(session_slug), anchor, remark.name)
    return f"unknown kind of link '{kind}'; use one of: {', '.join(KINDS)}"


def check_text(
    archive: Archive, path: Path, first_line: int, text: str, errors: list[SourceError]
) -> None:
    """Report every citation or cross-link in ``text`` that points nowhere."""
    for match in _outside_code(text, CITATION):
        if match.group(1) not in archive.references:
            errors.append(
                SourceError(
                    path,
                    first_line + text.count("\n", 0, match.start()),
                    f"unknown source '[@{match.group(1)}]'; use a key from speakers/references.yml "
                    "or add the source there",
                )
            )
    for match in _outside_code(text, CROSS_LINK):
        found = resolve(archive, match["kind"], match["target"], match["key"])
        if isinstance(found, str):
            errors.append(
                SourceError(
                    path,
                    first_line + text.count("\n", 0, match.start()),
                    f"link {match.group(0)}: {found}",
                )
            )


def replace_links(archive: Archive, text: str, from_page: PurePosixPath) -> str:
    """Turn cross-links into relative Markdown links and citations into footnote markers.

    The text must have passed ``check_text``.
    """

    def link(match: re.Match[str]) -> str:
        found = resolve(archive, match["kind"], match["target"], match["key"])
        assert isinstance(found, LinkTarget), "cross-links are checked before rendering"
        label = match["text"] or escape_markdown(found.text)
        return f"[{label}]({relative_link(from_page, found.page, found.anchor)})"

    linked = _substitute_outside_code(text, CROSS_LINK, link)
    return _substitute_outside_code(linked, CITATION, r"[^\1]")


def link_text(archive: Archive, text: str) -> str:
    """The text with each cross-link replaced by its link text and citations left out.

    For plain-text copies of the words (exports, structured data). The text must have passed
    ``check_text``.
    """

    def label(match: re.Match[str]) -> str:
        if match["text"]:
            return match["text"]
        found = resolve(archive, match["kind"], match["target"], match["key"])
        return found.text if isinstance(found, LinkTarget) else match[0]

    return _substitute_outside_code(_substitute_outside_code(text, CROSS_LINK, label), CITATION, "")


def cited_keys(text: str) -> list[str]:
    """The keys cited in ``text``, in order of first appearance."""
    return list(dict.fromkeys(match.group(1) for match in _outside_code(text, CITATION)))


def format_reference(reference: Reference) -> str:
    """The Markdown of a reference, in the newsletter's own style, with its DOI link."""
    if reference.note:
        text = f"{escape_markdown(reference.note)} <{reference.url}>"
    else:
        authors = " & ".join(reference.authors)
        year = f" ({reference.year})" if reference.year else ""
        text = (
            f"{escape_markdown(authors)}{year} {escape_markdown(reference.title)}. "
            f"{escape_markdown(reference.publication)}. <{reference.url}>"
        ).strip()
    if reference.doi:
        text += f" DOI: [{reference.doi}](https://doi.org/{reference.doi})"
    return text


def footnote_definitions(archive: Archive, keys: list[str]) -> list[str]:
    """Footnote definitions for the cited keys, for the end of a page."""
    return [f"[^{key}]: {format_reference(archive.references[key])}" for key in keys]
