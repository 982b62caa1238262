"""Slugs, page paths, anchors and links: every address on the site is computed here.

Paths are relative to the generated docs folder (``build/docs``); addresses are written below
the site's root (``/defining-moments-2014/#janee-harteau``); links between pages are relative, so
the site works under any base address. The archive's own short links (``[[speaker:...]]``) are
resolved here (``paragraphs`` finds them in the text; ``render`` turns them into Markdown).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import PurePosixPath

from sitebuild.config import SLUG_MAX_LENGTH, SlugKind
from sitebuild.model import Archive, Photo, Remark

SESSION_FILE = "_session.md"
"""The name of the file that describes a session inside its folder."""

MEETINGS_PAGE = PurePosixPath("meetings.md")
SPEAKER_INDEX_PAGE = PurePosixPath("speakers/index.md")
AGENCY_INDEX_PAGE = PurePosixPath("agencies/index.md")
TOPIC_INDEX_PAGE = PurePosixPath("topics/index.md")
REFERENCES_PAGE = PurePosixPath("references.md")
DATA_DIR = PurePosixPath("data")
CITE_DATA_DIR = DATA_DIR / "cite"
"""One file per meeting: each remark's citation as CSL-JSON, RIS and BibTeX."""
SEARCH_PAGE = PurePosixPath("search.md")
ISSUES_FOLDER = "issues"
"""The folder of ``speakers/`` that holds the newsletter issues (one file each)."""
ISSUE_INDEX_PAGE = PurePosixPath("issues/index.md")
SEARCH_BUNDLE_DIR = PurePosixPath("pagefind")
"""Where the search index (Pagefind's bundle) is written in the built site."""

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


RESERVED_SESSION_NAMES = frozenset(
    {
        "404",
        "agencies",
        "assets",
        "data",
        "index",
        "issues",
        "javascripts",
        "meetings",
        "overrides",
        "pagefind",
        "photos",
        "references",
        "search",
        "sitemap",
        "speakers",
        "stylesheets",
        "tags",
        "topics",
    }
)
"""Top-level names the site uses itself, so no meeting (or meeting alias) may take them."""

_LISTING_PAGE_NAME = re.compile(r"page-[0-9]+")


def slug_problem(text: object, kind: SlugKind) -> str | None:
    """Why ``text`` cannot name a ``kind`` (a sentence with the fix), or None if it can."""
    if not isinstance(text, str) or _SLUG.fullmatch(text) is None:
        return (
            f"'{text}' must use only lowercase letters, digits and single hyphens "
            "(like 'janee-harteau')"
        )
    if len(text) > SLUG_MAX_LENGTH:
        return f"'{text[:20]}...' is {len(text)} characters long; use at most {SLUG_MAX_LENGTH}"
    reserved = (
        (kind == "session" and text in RESERVED_SESSION_NAMES)
        or (kind in ("speaker", "topic") and text == "index")
        or (kind == "speaker" and _LISTING_PAGE_NAME.fullmatch(text) is not None)
    )
    if reserved:
        return f"'{text}' is a name the site uses for its own pages"
    return None


@cache
def path_for_session_page(session_slug: str) -> PurePosixPath:
    """The generated Markdown file of a session: ``<slug>.md`` (URL ``<slug>/``).

    Note: a file rather than ``<slug>/index.md``, so the navigation shows the page's title.
    """
    return PurePosixPath(f"{session_slug}.md")


@cache
def path_for_issue_page(issue_slug: str) -> PurePosixPath:
    """The page of one newsletter issue: ``issues/<slug>.md``."""
    return PurePosixPath(ISSUES_FOLDER) / f"{issue_slug}.md"


def path_for_edition(file_name: str) -> PurePosixPath:
    """Where an issue's print edition (PDF) is published: ``issues/<file>``."""
    return PurePosixPath(ISSUES_FOLDER) / file_name


def path_for_cite_data(session_slug: str) -> PurePosixPath:
    """Where a meeting's citation exports are: ``data/cite/<session>.json``."""
    return CITE_DATA_DIR / f"{session_slug}.json"


def path_for_speaker_page(person_slug: str) -> PurePosixPath:
    """The page of one person: ``speakers/<slug>.md`` (URL ``speakers/<slug>/``)."""
    return PurePosixPath("speakers") / f"{person_slug}.md"


@cache
def path_for_topic_page(topic_key: str) -> PurePosixPath:
    """The page of one topic: ``topics/<key>.md`` (URL ``topics/<key>/``)."""
    return PurePosixPath("topics") / f"{topic_key}.md"


LISTING_PAGE_SIZE = 100
"""At most this many entries on one page of a listing, so no page grows with the archive."""


def path_for_listing_page(base: PurePosixPath, number: int) -> PurePosixPath:
    """Page 1 of a listing is ``base`` itself; page n is ``<base without .md>/<n>.md``.

    For an index page (``speakers/index.md``) page n is ``speakers/page-<n>.md``.
    """
    if number == 1:
        return base
    if base.name == "index.md":
        return base.parent / f"page-{number}.md"
    return base.with_suffix("") / f"{number}.md"


def listing_page_count(entries: int) -> int:
    """How many pages a listing of ``entries`` entries takes (an empty one still has one)."""
    return max(1, -(-entries // LISTING_PAGE_SIZE))


PHOTO_DIR = PurePosixPath("photos")


def photo_id(remark: Remark, number: int) -> str:
    """A stable name for a remark's n-th photo (1-based): ``town-hall-2014-kim-jacobs-1``."""
    return f"{remark.session}-{remark.slug}-{number}"


def path_for_photo(remark: Remark, photo: Photo, number: int) -> PurePosixPath:
    """Where a figure's image lives in the generated docs: the real photo or a placeholder."""
    if photo.image:
        return PHOTO_DIR / f"{photo_id(remark, number)}{PurePosixPath(photo.image).suffix.lower()}"
    return PHOTO_DIR / f"{photo_id(remark, number)}.svg"


def anchor_for_remark(remark_slug: str) -> str:
    """The anchor of a remark on its session page: the speaker file's name."""
    return remark_slug


def anchor_for_paragraph(remark_slug: str, paragraph_key: str) -> str:
    """The anchor of one paragraph: ``<remark>--<key>`` (``janee-harteau--p3``)."""
    return f"{remark_slug}--{paragraph_key}"


def url_for_page(page: PurePosixPath, anchor: str | None = None) -> str:
    """The address of a page below the site's root: ``/speakers/janee-harteau/#...``.

    The home page is ``/``. Prefix the site's base address to get a full URL.
    """
    url = _page_url(page)
    return f"{url}#{anchor}" if anchor else url


def absolute_address(site_url: str | None, url: str) -> str:
    """``url`` (below the site's root) as a full address, when the site's address is known."""
    return site_url.rstrip("/") + url if site_url else url


@cache
def _page_url(page: PurePosixPath) -> str:
    """The address of a page, without anchor (computed once per page)."""
    stem = page.with_suffix("").as_posix()
    if page.name == "index.md":
        stem = page.parent.as_posix() if str(page.parent) != "." else ""
    return f"/{stem}/" if stem else "/"


def relative_address(
    from_page: PurePosixPath, to_page: PurePosixPath, anchor: str | None = None
) -> str:
    """The address of ``to_page`` relative to the built HTML of ``from_page`` (``../x/#a``).

    For what the browser reads rather than Markdown: redirects and structured data.
    """
    here = [part for part in url_for_page(from_page).split("/") if part]
    there = [part for part in url_for_page(to_page).split("/") if part]
    shared = 0
    while shared < min(len(here), len(there)) and here[shared] == there[shared]:
        shared += 1
    address = "../" * (len(here) - shared) + "".join(f"{part}/" for part in there[shared:])
    address = address or "./"
    return f"{address}#{anchor}" if anchor else address


@cache
def relative_link(
    from_page: PurePosixPath, to_page: PurePosixPath, anchor: str | None = None
) -> str:
    """A Markdown link target from one generated page to another, with an optional anchor."""
    start, end = from_page.parent.parts, to_page.parts
    shared = 0
    while shared < min(len(start), len(end)) and start[shared] == end[shared]:
        shared += 1
    target = "/".join([".."] * (len(start) - shared) + list(end[shared:]))
    return f"{target}#{anchor}" if anchor else target


KINDS = ("speaker", "remark", "session", "topic")


@dataclass(frozen=True)
class LinkTarget:
    """Where a cross-link points, and the text it shows by default."""

    page: PurePosixPath
    anchor: str | None
    text: str


def resolve_cross_link(
    archive: Archive, kind: str, target: str, key: str | None
) -> LinkTarget | str:
    """The target of a cross-link, or a message saying why it cannot be found."""
    if kind == "session":
        session = archive.session_by_slug(target)
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
        remark = archive.remark_by_key(session_slug, slug)
        if remark is None:
            return f"unknown remark '{target}'; write it as <session-folder>/<speaker-file>"
        anchor = anchor_for_remark(slug)
        if key is not None:
            if key not in {block.key for block in remark.blocks}:
                return f"remark '{target}' has no paragraph '#{key}'"
            anchor = anchor_for_paragraph(slug, key)
        return LinkTarget(path_for_session_page(session_slug), anchor, remark.name)
    return f"unknown kind of link '{kind}'; use one of: {', '.join(KINDS)}"
