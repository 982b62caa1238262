"""Turn the archive's short links and citations into Markdown, and format cited sources.

Reads text that passed ``validate`` (every cross-link and citation resolves); returns Markdown
with relative links and footnote markers, or plain text with link texts for the exports.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from urllib.parse import quote

from sitebuild.links import CITATION, CROSS_LINK, LinkTarget, relative_link, resolve_cross_link
from sitebuild.model import Archive, Reference
from sitebuild.paragraphs import substitute_outside_code
from sitebuild.render.markdown import escape_markdown


def replace_links(archive: Archive, text: str, from_page: PurePosixPath) -> str:
    """Turn cross-links into relative Markdown links and citations into footnote markers."""

    def link(match: re.Match[str]) -> str:
        found = resolve_cross_link(archive, match["kind"], match["target"], match["key"])
        assert isinstance(found, LinkTarget), "cross-links are checked before rendering"
        label = match["text"] or escape_markdown(found.text)
        return f"[{label}]({relative_link(from_page, found.page, found.anchor)})"

    linked = substitute_outside_code(text, CROSS_LINK, link)
    return substitute_outside_code(linked, CITATION, r"[^\1]")


def link_text(archive: Archive, text: str) -> str:
    """The text with each cross-link replaced by its link text and citations left out.

    For plain-text copies of the words (exports, structured data).
    """

    def label(match: re.Match[str]) -> str:
        if match["text"]:
            return match["text"]
        found = resolve_cross_link(archive, match["kind"], match["target"], match["key"])
        return found.text if isinstance(found, LinkTarget) else match[0]

    return substitute_outside_code(substitute_outside_code(text, CROSS_LINK, label), CITATION, "")


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
        address = "https://doi.org/" + quote(reference.doi, safe="/:;.-_")
        text += f" DOI: [{escape_markdown(reference.doi)}]({address})"
    return text


def footnote_definitions(archive: Archive, keys: list[str]) -> list[str]:
    """Footnote definitions for the cited keys, for the end of a page."""
    return [f"[^{key}]: {format_reference(archive.references[key])}" for key in keys]
