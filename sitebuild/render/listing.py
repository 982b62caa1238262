"""Split a long list (remarks on a topic, speakers A to Z, meetings) over numbered pages.

No page may carry a list that grows with the archive, so a listing holds at most
``LISTING_PAGE_SIZE`` entries a page: ``topics/leadership/``, ``topics/leadership/2/``, ...
Entries are functions of the page they land on, so their relative links are right on any page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath

from sitebuild.links import LISTING_PAGE_SIZE, path_for_listing_page, relative_link
from sitebuild.render.markdown import escape_markdown, render_front_matter


@dataclass(frozen=True)
class Entry:
    """One list entry: the heading it is grouped under, and its Markdown for a given page."""

    group: str
    render: Callable[[PurePosixPath], str]


def render_listing(
    base: PurePosixPath,
    front_matter: dict[str, object],
    heading: str,
    introduction: Callable[[PurePosixPath], list[str]],
    entries: list[Entry],
    per_page: int = LISTING_PAGE_SIZE,
) -> dict[PurePosixPath, str]:
    """The pages of a listing, keyed by path. An empty listing still has its first page."""
    chunks = [entries[start : start + per_page] for start in range(0, len(entries), per_page)]
    chunks = chunks or [[]]
    pages: dict[PurePosixPath, str] = {}
    for number, chunk in enumerate(chunks, start=1):
        page = path_for_listing_page(base, number)
        title = str(front_matter.get("title", heading))
        fields = {**front_matter, "title": title if number == 1 else f"{title} (page {number})"}
        lines = render_front_matter(fields) + [f"# {escape_markdown(heading)}", ""]
        lines += introduction(page)
        group = None
        for entry in chunk:
            if entry.group != group:
                group = entry.group
                if group:
                    lines += ["", f"## {escape_markdown(group)}", ""]
            lines.append(entry.render(page))
        if len(chunks) > 1:
            lines += ["", pager(base, page, number, len(chunks)), "{ .listing-pager }"]
        pages[page] = "\n".join(lines).rstrip("\n") + "\n"
    return pages


def pager(base: PurePosixPath, page: PurePosixPath, number: int, count: int) -> str:
    """Say "Page 2 of 5", with links to the previous, next, first and last pages."""
    parts = []
    if number > 1:
        parts.append(f"[← First page]({relative_link(page, base)})")
        previous = path_for_listing_page(base, number - 1)
        parts.append(f"[Previous page]({relative_link(page, previous)})")
    parts.append(f"Page {number} of {count}")
    if number < count:
        parts.append(f"[Next page]({relative_link(page, path_for_listing_page(base, number + 1))})")
        last = path_for_listing_page(base, count)
        parts.append(f"[Last page →]({relative_link(page, last)})")
    return " · ".join(parts)
