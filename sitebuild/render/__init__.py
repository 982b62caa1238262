"""Render: the Markdown (or bytes) of every page in the page registry; nothing else.

One module per kind of page. ``Renderer`` renders a ``Page`` of the registry by its kind, so
the pages written are exactly the pages registered. Reads the validated ``Archive`` and, for
real photos, the photo files the checks accepted.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from sitebuild.config import EDITION_MAX_BYTES, PHOTO_MAX_BYTES
from sitebuild.errors import SourceError
from sitebuild.load.documents import split_front_matter
from sitebuild.load.files import read_bytes, read_text
from sitebuild.load.yaml_text import parse_yaml
from sitebuild.model import Archive
from sitebuild.pages import Page, PageKind, Registry
from sitebuild.render.crosslinks import Words, replace_links
from sitebuild.render.data import (
    render_citations,
    render_cite_data,
    render_remarks_csv,
    render_remarks_json,
    render_urls,
)
from sitebuild.render.home import render_meetings_pages
from sitebuild.render.issue import render_issue_index, render_issue_page
from sitebuild.render.markdown import render_front_matter
from sitebuild.render.photo import names_shown, render_placeholder_svg
from sitebuild.render.redirect import render_redirect_page
from sitebuild.render.references import render_references_page
from sitebuild.render.search import render_search_page
from sitebuild.render.session import render_session_page
from sitebuild.render.speaker import render_agency_index, render_speaker_index, render_speaker_page
from sitebuild.render.topic import render_topic_index, render_topic_pages

__all__ = ["Renderer"]


@dataclass
class Renderer:
    """Renders pages of one registry; keeps what several pages share for one pass."""

    archive: Archive
    registry: Registry
    root: Path
    """The project folder, from which real photos are read."""
    site_url: str | None = None
    """The site's published address, for full addresses in citations; None if unset."""
    words: Words = field(init=False)
    listings: dict[tuple[PageKind, str], dict[PurePosixPath, str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        """Start the pass's plain-text cache."""
        self.words = Words(self.archive)

    def render(self, page: Page) -> bytes:
        """The bytes of one generated page or file."""
        if page.kind is PageKind.PHOTO:
            return self._photo(page)
        if page.kind is PageKind.EDITION:
            return self._edition(page)
        return self._text(page).encode("utf-8")

    def render_all(self) -> dict[PurePosixPath, bytes]:
        """Every generated page and file, and every hand-written page, by path."""
        return {
            page.path: self.render(page)
            for page in self.registry.pages
            if page.kind is not PageKind.HAND_WRITTEN or page.path.suffix == ".md"
        }

    def _text(self, page: Page) -> str:
        archive = self.archive
        if page.kind is PageKind.SESSION:
            session = archive.session_by_slug(page.subject)
            assert session is not None
            return render_session_page(self.words, session, self.site_url)
        if page.kind is PageKind.SPEAKER:
            return render_speaker_page(
                self.words, page.subject, archive.remarks_by_person()[page.subject], self.site_url
            )
        if page.kind is PageKind.REDIRECT:
            assert page.target is not None
            return render_redirect_page(page.path, page.target)
        if page.kind is PageKind.TOPIC_INDEX:
            return render_topic_index(archive)
        if page.kind is PageKind.REFERENCES:
            return render_references_page(archive)
        if page.kind is PageKind.SEARCH:
            return render_search_page()
        if page.kind is PageKind.ISSUE:
            issue = archive.issue_by_slug(page.subject)
            assert issue is not None
            return render_issue_page(archive, issue)
        if page.kind is PageKind.CITE_DATA:
            return render_cite_data(self.words, page.subject, self.site_url)
        if page.kind is PageKind.DATA:
            return self._data(page.subject)
        if page.kind is PageKind.HAND_WRITTEN:
            return self._hand_written(page)
        return self._listing(page)

    def _hand_written(self, page: Page) -> str:
        """A hand-written page: only its title and description, escaped; cross-links resolved.

        The front matter is split exactly as the checks split it, and always written anew, so
        MkDocs never reads a field the checks did not see.
        """
        problems: list[SourceError] = []
        text = read_text(page.origin[0], self.root, problems)
        if text is None:
            raise OSError(f"{page.origin[0].as_posix()}: {problems[0].message}")
        fields: dict[str, object] = {}
        parts = split_front_matter(page.origin[0], text, []) if text.startswith("---") else None
        if parts is not None:
            parsed = parse_yaml(page.origin[0], parts[0], 2, [])
            data = parsed[0] if parsed is not None and isinstance(parsed[0], dict) else {}
            fields = {key: str(data[key]) for key in ("title", "description") if key in data}
            text = parts[1]
        front = render_front_matter(fields) if fields else []
        return "\n".join(front) + replace_links(self.archive, text, page.path)

    def _listing(self, page: Page) -> str:
        """One page of a listing; the listing is rendered once and kept for its other pages."""
        archive = self.archive
        makers: dict[PageKind, Callable[[], dict[PurePosixPath, str]]] = {
            PageKind.MEETINGS: lambda: render_meetings_pages(archive.sessions_in_order()),
            PageKind.SPEAKER_INDEX: lambda: render_speaker_index(archive),
            PageKind.AGENCY_INDEX: lambda: render_agency_index(archive),
            PageKind.ISSUE_INDEX: lambda: render_issue_index(archive),
            PageKind.TOPIC: lambda: render_topic_pages(
                archive, archive.topics[page.subject], archive.remarks_by_topic()[page.subject]
            ),
        }
        key = (page.kind, page.subject)
        if key not in self.listings:
            self.listings[key] = makers[page.kind]()
        return self.listings[key][page.path]

    def _data(self, name: str) -> str:
        if name == "remarks.json":
            return render_remarks_json(self.words)
        if name == "remarks.csv":
            return render_remarks_csv(self.words)
        if name.startswith("citations."):
            return render_citations(self.words, self.site_url, name)
        return render_urls(self.registry.addresses())

    def _edition(self, page: Page) -> bytes:
        """An issue's print edition, copied from beside the issue file."""
        issue = self.archive.issue_by_slug(page.subject)
        assert issue is not None and issue.edition is not None
        problems: list[SourceError] = []
        path = issue.path.parent / issue.edition
        data = read_bytes(path, self.root, problems, EDITION_MAX_BYTES)
        if data is None:
            raise OSError(f"{path.as_posix()}: {problems[0].message}")
        return data

    def _photo(self, page: Page) -> bytes:
        """The real photo, copied from the meeting's folder, or a placeholder naming the people."""
        session, _, slug = page.subject.partition("/")
        remark = self.archive.remark_by_key(session, slug)
        assert remark is not None
        photo = remark.photos[page.number - 1]
        if photo.image:
            path = remark.path.parent / photo.image
            problems: list[SourceError] = []
            data = read_bytes(path, self.root, problems, PHOTO_MAX_BYTES)
            if data is None:
                raise OSError(f"{path.as_posix()}: {problems[0].message}")
            return data
        return render_placeholder_svg(names_shown(self.archive, photo)).encode("utf-8")
