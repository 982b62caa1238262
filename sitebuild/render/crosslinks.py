"""Turn the archive's short links and citations into Markdown, and format cited sources.

Reads text that passed ``validate`` (every cross-link and citation resolves); returns Markdown
with relative links and footnote markers, or plain text with link texts for the exports.
``Words`` keeps each remark's plain text for one rendering pass (the cache lives with the
renderer, not on the model).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from urllib.parse import quote

from sitebuild.links import LinkTarget, relative_link, resolve_cross_link
from sitebuild.model import Archive, Reference, Remark
from sitebuild.paragraphs import CITATION, CROSS_LINK, plain_text, substitute_outside_code
from sitebuild.render.markdown import escape_markdown

Linker = Callable[[PurePosixPath, PurePosixPath, str | None], str]
"""Makes a link's target from one page to another (and an anchor): ``relative_link`` for
Markdown the engine converts, ``relative_address`` for HTML it passes through."""


def replace_links(
    archive: Archive, text: str, from_page: PurePosixPath, target: Linker = relative_link
) -> str:
    """Turn cross-links into relative Markdown links and citations into footnote markers."""

    def link(match: re.Match[str]) -> str:
        found = resolve_cross_link(archive, match["kind"], match["target"], match["key"])
        assert isinstance(found, LinkTarget), "cross-links are checked before rendering"
        label = match["text"] or escape_markdown(found.text)
        return f"[{label}]({target(from_page, found.page, found.anchor)})"

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


@dataclass
class Words:
    """The plain text of each remark of ``archive``, computed once and kept by remark key."""

    archive: Archive
    cache: dict[tuple[str, str], str] = field(default_factory=dict)

    def __call__(self, remark: Remark) -> str:
        """The speaker's words as a reader sees them, in plain text: paragraphs only.

        Cross-links become their link text; citations and footnote markers are left out.
        """
        words = self.cache.get(remark.key)
        if words is None:
            words = self.cache[remark.key] = "\n\n".join(
                plain_text(link_text(self.archive, block.text))
                for block in remark.blocks
                if block.is_paragraph
            )
        return words
