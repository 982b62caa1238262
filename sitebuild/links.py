"""Slugs, page paths, anchors and links: every address on the site is computed here.

Paths are relative to the generated docs folder (``build/docs``); addresses are written below
the site's root (``/defining-moments-2014/#janee-harteau``); links between pages are relative, so
the site works under any base address.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import PurePosixPath

SESSION_FILE = "_session.md"
"""The name of the file that describes a session inside its folder."""

MEETINGS_PAGE = PurePosixPath("meetings.md")
SPEAKER_INDEX_PAGE = PurePosixPath("speakers/index.md")
AGENCY_INDEX_PAGE = PurePosixPath("agencies/index.md")
TOPIC_INDEX_PAGE = PurePosixPath("topics/index.md")
REFERENCES_PAGE = PurePosixPath("references.md")
DATA_DIR = PurePosixPath("data")

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def is_valid_slug(text: str) -> bool:
    """True if ``text`` is lowercase ASCII letters and digits joined by single hyphens."""
    return bool(_SLUG.match(text))


@cache
def path_for_session_page(session_slug: str) -> PurePosixPath:
    """The generated Markdown file of a session: ``<slug>.md`` (URL ``<slug>/``).

    Note: a file rather than ``<slug>/index.md``, so the navigation shows the page's title.
    """
    return PurePosixPath(f"{session_slug}.md")


@cache
def path_for_speaker_page(person_slug: str) -> PurePosixPath:
    """The page of one person: ``speakers/<slug>.md`` (URL ``speakers/<slug>/``)."""
    return PurePosixPath("speakers") / f"{person_slug}.md"


@cache
def path_for_topic_page(topic_key: str) -> PurePosixPath:
    """The page of one topic: ``topics/<key>.md`` (URL ``topics/<key>/``)."""
    return PurePosixPath("topics") / f"{topic_key}.md"


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
