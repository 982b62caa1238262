"""Pages: the one registry of every page and file the build generates, and their addresses.

Reads the validated ``Archive`` and the list of hand-written pages; returns a ``Registry``, an
immutable list of ``Page`` values (path, kind, what it shows, which source made it), and an
error for every address two things would share. Rendering, the open-data address list, the
published-address guard, redirects and the preview's "which pages does this edit touch" all
derive from it, so they cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path, PurePosixPath

from sitebuild.errors import SourceError
from sitebuild.links import (
    AGENCY_INDEX_PAGE,
    DATA_DIR,
    ISSUE_INDEX_PAGE,
    MEETINGS_PAGE,
    REFERENCES_PAGE,
    SEARCH_PAGE,
    SPEAKER_INDEX_PAGE,
    TOPIC_INDEX_PAGE,
    anchor_for_paragraph,
    anchor_for_remark,
    listing_page_count,
    path_for_cite_data,
    path_for_edition,
    path_for_issue_page,
    path_for_listing_page,
    path_for_photo,
    path_for_session_page,
    path_for_speaker_page,
    path_for_topic_page,
    url_for_page,
)
from sitebuild.model import Archive

TOPICS_FILE = Path("speakers/topics.yml")
DATA_FILES = (
    "remarks.json",
    "remarks.csv",
    "citations.json",
    "citations.ris",
    "citations.bib",
    "urls.txt",
)


class PageKind(Enum):
    """What a page is; the renderer for each kind lives in ``render``."""

    HAND_WRITTEN = "hand-written page"
    SESSION = "meeting page"
    SPEAKER = "speaker page"
    MEETINGS = "list of meetings"
    SPEAKER_INDEX = "list of speakers"
    AGENCY_INDEX = "list of speakers by agency"
    TOPIC = "topic page"
    TOPIC_INDEX = "list of topics"
    REFERENCES = "references page"
    SEARCH = "search page"
    ISSUE = "newsletter issue page"
    ISSUE_INDEX = "list of newsletter issues"
    EDITION = "print edition file"
    REDIRECT = "forwarding page for a former name"
    DATA = "open-data file"
    CITE_DATA = "citation exports of a meeting"
    PHOTO = "photo file"


@dataclass(frozen=True)
class Page:
    """One generated page (or data file) of the site."""

    path: PurePosixPath
    """Where it is written, relative to the generated docs folder."""
    kind: PageKind
    subject: str = ""
    """What it is about: a session or person slug, a topic key (empty for site-wide pages)."""
    number: int = 1
    """For a listing split over pages: which page."""
    origin: tuple[Path, int | None] = (Path("mkdocs.yml"), None)
    """The source file (and line) that makes this page exist, for messages."""
    sources: frozenset[Path] = frozenset()
    """Source files whose words the page shows (an edit to them re-renders it)."""
    anchors: tuple[str, ...] = ()
    """Anchors on the page that people may link to (remarks and paragraphs)."""
    alias_anchors: tuple[str, ...] = ()
    """Former anchors that still land on the page."""
    target: PurePosixPath | None = None
    """For a forwarding page: the page it forwards to."""

    @property
    def url(self) -> str:
        """The page's address below the site's root (``/town-hall-2014/``)."""
        if self.path.suffix != ".md":
            return "/" + self.path.as_posix()
        return url_for_page(self.path)

    @property
    def is_public(self) -> bool:
        """True for what people link to: pages and data files (not photos, styles, forwards).

        A meeting's citation file is read by its page's script, not linked to: the citations
        people link to are the open-data files, so renaming a meeting does not strand it.
        """
        if self.kind in (PageKind.REDIRECT, PageKind.PHOTO, PageKind.CITE_DATA):
            return False
        return self.kind is not PageKind.HAND_WRITTEN or self.path.suffix == ".md"


@dataclass(frozen=True)
class Registry:
    """Every page of the site, hand-written and generated, in a stable order."""

    pages: tuple[Page, ...] = ()
    by_path: dict[PurePosixPath, Page] = field(default_factory=dict, compare=False)

    def generated(self) -> list[Page]:
        """The pages the build writes (not the hand-written ones)."""
        return [page for page in self.pages if page.kind is not PageKind.HAND_WRITTEN]

    def addresses(self) -> list[str]:
        """Every public address: pages, data files, remark and paragraph anchors."""
        found: set[str] = set()
        for page in self.pages:
            if not page.is_public:
                continue
            found.add(page.url)
            found.update(f"{page.url}#{anchor}" for anchor in page.anchors)
        return sorted(found)

    def reachable(self, only: set[PurePosixPath] | None = None) -> set[str]:
        """Every address that lands somewhere: current ones, former anchors and names.

        With ``only``, the addresses that land on those pages (theirs and their forwards').
        """
        found: set[str] = set()
        for page in self.pages:
            if only is not None and page.path not in only and page.target not in only:
                continue
            if page.is_public:
                found.add(page.url)
                found.update(f"{page.url}#{anchor}" for anchor in page.anchors)
            found.update(f"{page.url}#{anchor}" for anchor in page.alias_anchors)
            if page.kind is PageKind.REDIRECT and page.target is not None:
                target = self.by_path[page.target]
                found.add(page.url)
                found.update(
                    f"{page.url}#{anchor}" for anchor in target.anchors + target.alias_anchors
                )
        return found

    def with_words_of(self, archive: Archive, sessions: set[str]) -> Registry:
        """The registry after an edit to words only in ``sessions``: their pages made again.

        Note: words change no address, only the paragraph anchors of meeting pages.
        """
        fresh = {page.path: page for page in _session_pages(archive, sessions)}
        pages = tuple(fresh.get(page.path, page) for page in self.pages)
        return Registry(pages, {page.path: page for page in pages})

    def pages_showing(self, changed: set[Path]) -> list[Page]:
        """The generated pages that show the words of any of the ``changed`` source files."""
        return [page for page in self.generated() if page.sources & changed]


def build_registry(
    archive: Archive, hand_written: list[PurePosixPath], docs_dir: Path = Path("docs")
) -> tuple[Registry, list[SourceError]]:
    """Every page of the site, and an error for each address that two pages would share.

    ``hand_written`` lists the files under ``docs/`` (relative to it); they come first, so a
    generated page can never take the place of one a person wrote.
    """
    pages: list[Page] = [
        Page(path, PageKind.HAND_WRITTEN, origin=(docs_dir / Path(path), None))
        for path in sorted(hand_written)
    ]
    pages += _session_pages(archive)
    errors = _former_names_in_use(archive)
    pages += _speaker_pages(archive)
    pages += _listing_pages(MEETINGS_PAGE, PageKind.MEETINGS, len(archive.sessions))
    pages += _listing_pages(
        SPEAKER_INDEX_PAGE, PageKind.SPEAKER_INDEX, len(archive.remarks_by_person())
    )
    pages += _listing_pages(
        AGENCY_INDEX_PAGE, PageKind.AGENCY_INDEX, len(archive.speakers_by_agency())
    )
    for key, remarks in archive.remarks_by_topic().items():
        topic = archive.topics.get(key)
        if topic is None:
            continue  # the topic list has errors of its own; they are reported
        pages += _listing_pages(
            path_for_topic_page(key), PageKind.TOPIC, len(remarks), key, (TOPICS_FILE, topic.line)
        )
    pages.append(Page(TOPIC_INDEX_PAGE, PageKind.TOPIC_INDEX))
    pages += _issue_pages(archive)
    every_source = frozenset(
        [session.path for session in archive.sessions] + [remark.path for remark in archive.remarks]
    )
    pages.append(Page(REFERENCES_PAGE, PageKind.REFERENCES, sources=every_source))
    pages.append(Page(SEARCH_PAGE, PageKind.SEARCH))
    pages += [Page(DATA_DIR / name, PageKind.DATA, subject=name) for name in DATA_FILES]
    pages += [
        Page(
            path_for_photo(remark, photo, number),
            PageKind.PHOTO,
            f"{remark.session}/{remark.slug}",
            number,
            (remark.path, photo.line),
        )
        for remark in archive.remarks
        for number, photo in enumerate(remark.photos, start=1)
    ]
    pages += _redirect_pages(archive)
    registry, collisions = _without_collisions(pages)
    return registry, errors + collisions


def _issue_pages(archive: Archive) -> list[Page]:
    """The list of issues, a page for each issue, and each print edition the archive holds."""
    pages = _listing_pages(ISSUE_INDEX_PAGE, PageKind.ISSUE_INDEX, len(archive.issues))
    for issue in archive.issues:
        origin = (issue.path, 1)
        sources = frozenset([issue.path, *(item.path for item in archive.sessions_of(issue))])
        path = path_for_issue_page(issue.slug)
        pages.append(Page(path, PageKind.ISSUE, issue.slug, 1, origin, sources=sources))
        if issue.edition:
            path = path_for_edition(issue.edition)
            edition_origin = (issue.path, issue.edition_line)
            pages.append(Page(path, PageKind.EDITION, issue.slug, 1, edition_origin))
    return pages


def _former_names_in_use(archive: Archive) -> list[SourceError]:
    """A remark's former name may not be the name of another remark of its meeting."""
    errors = []
    for remark in archive.remarks:
        for alias in remark.aliases:
            if archive.remark_by_key(remark.session, alias) is not None:
                errors.append(
                    SourceError(
                        remark.path,
                        remark.aliases_line,
                        f"the former name '{alias}' in 'aliases:' is the file name of another "
                        "speaker of this meeting, so links to it would land on two remarks; "
                        "remove it from 'aliases:'",
                    )
                )
    return errors


def _session_pages(archive: Archive, only: set[str] | None = None) -> list[Page]:
    pages = []
    for session in archive.sessions_in_order():
        if only is not None and session.slug not in only:
            continue
        remarks = archive.remarks_of(session)
        anchors = [anchor_for_remark(remark.slug) for remark in remarks]
        anchors += [
            anchor_for_paragraph(remark.slug, block.key)
            for remark in remarks
            for block in remark.blocks
            if block.key is not None
        ]
        former = [
            anchor
            for remark in remarks
            for alias in remark.aliases
            for anchor in [anchor_for_remark(alias)]
            + [anchor_for_paragraph(alias, block.key) for block in remark.blocks if block.key]
        ]
        pages.append(
            Page(
                path_for_session_page(session.slug),
                PageKind.SESSION,
                session.slug,
                origin=(session.path, None),
                sources=frozenset([session.path, *(remark.path for remark in remarks)]),
                anchors=tuple(anchors),
                alias_anchors=tuple(former),
            )
        )
        pages.append(
            Page(
                path_for_cite_data(session.slug),
                PageKind.CITE_DATA,
                session.slug,
                origin=(session.path, None),
                sources=frozenset([session.path, *(remark.path for remark in remarks)]),
            )
        )
    return pages


def _speaker_pages(archive: Archive) -> list[Page]:
    return [
        Page(
            path_for_speaker_page(slug),
            PageKind.SPEAKER,
            slug,
            origin=(remarks[0].path, None),
            sources=frozenset(remark.path for remark in remarks),
        )
        for slug, remarks in archive.remarks_by_person().items()
    ]


def _listing_pages(
    base: PurePosixPath,
    kind: PageKind,
    entries: int,
    subject: str = "",
    origin: tuple[Path, int | None] = (Path("mkdocs.yml"), None),
) -> list[Page]:
    return [
        Page(path_for_listing_page(base, number), kind, subject, number, origin)
        for number in range(1, listing_page_count(entries) + 1)
    ]


def _redirect_pages(archive: Archive) -> list[Page]:
    pages = []
    for session in archive.sessions_in_order():
        for alias in session.aliases:
            pages.append(
                Page(
                    path_for_session_page(alias),
                    PageKind.REDIRECT,
                    alias,
                    origin=(session.path, session.aliases_line),
                    target=path_for_session_page(session.slug),
                )
            )
    for slug, remarks in archive.remarks_by_person().items():
        for remark in remarks:
            for alias in remark.aliases:
                pages.append(
                    Page(
                        path_for_speaker_page(alias),
                        PageKind.REDIRECT,
                        alias,
                        origin=(remark.path, remark.aliases_line),
                        target=path_for_speaker_page(slug),
                    )
                )
    return pages


def _without_collisions(pages: list[Page]) -> tuple[Registry, list[SourceError]]:
    """Keep the first page at each address; report every later one with its origin."""
    by_url: dict[str, Page] = {}
    by_path: dict[PurePosixPath, Page] = {}
    kept: list[Page] = []
    errors: list[SourceError] = []
    for page in pages:
        # Note: many hosts ignore letter case, so /Search/ and /search/ are one address.
        address = page.url.casefold()
        first = by_url.get(address) or by_path.get(page.path)
        if first is None:
            by_url[address] = by_path[page.path] = page
            kept.append(page)
            continue
        if first.kind is PageKind.REDIRECT and first.target == page.target:
            continue  # the same former name, given in two files of one person
        errors.append(_collision(page, first))
    return Registry(tuple(kept), by_path), errors


def _collision(page: Page, first: Page) -> SourceError:
    """The message for ``page`` taking the address of ``first``, blaming what made ``page``."""
    path, line = page.origin
    if first.kind is PageKind.HAND_WRITTEN and path == Path("mkdocs.yml"):
        return SourceError(
            first.origin[0],
            None,
            f"this page's address {page.url} is the address of the site's {page.kind.value}, "
            "which the build makes; rename the file",
        )
    if first.kind is PageKind.HAND_WRITTEN:
        owner = f"the hand-written page {first.origin[0].as_posix()}"
    elif first.origin[0] == Path("mkdocs.yml"):
        owner = f"the site's {first.kind.value}"
    else:
        owner = f"the {first.kind.value} of {first.origin[0].as_posix()}"
    name = page.subject
    problem = {
        PageKind.SESSION: (
            f"the folder name '{name}' would give this meeting's page the address {page.url}",
            "rename the folder",
        ),
        PageKind.SPEAKER: (
            f"the file name '{name}' would give this speaker's page the address {page.url}",
            "rename the file",
        ),
        PageKind.TOPIC: (
            f"the topic key '{name}' would give its page the address {page.url}",
            "use another key",
        ),
        PageKind.EDITION: (
            f"edition: {page.path.name} would be published at {page.url}",
            "each issue has its own print edition: name it after this issue's file",
        ),
        PageKind.REDIRECT: (
            f"the former name '{name}' in 'aliases:' would send {page.url} to this page",
            "remove it from 'aliases:'",
        ),
    }.get(page.kind, (f"the {page.kind.value} would have the address {page.url}", "rename it"))
    return SourceError(path, line, f"{problem[0]}, but that is already {owner}; {problem[1]}")
