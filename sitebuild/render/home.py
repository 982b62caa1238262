"""Render the lists of sessions: the snippet the home page includes, and the meetings page.

``build/snippets/session-list.md`` is pulled into the hand-written ``docs/index.md`` with
``pymdownx.snippets``, so the home page stays hand-written and still lists every session.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePosixPath

from sitebuild.links import MEETINGS_PAGE, path_for_session_page, relative_link
from sitebuild.model import Session
from sitebuild.render.listing import Entry, render_listing
from sitebuild.render.markdown import escape_markdown, format_dates

SESSION_LIST_SNIPPET = "session-list.md"
"""The snippet the hand-written home page includes: every session, linked."""


def session_items(sessions: list[Session], from_page: PurePosixPath) -> list[str]:
    """One list item per session: linked title, place and dates, one-line summary."""
    lines = []
    for session in sessions:
        when = format_dates(session.start, session.end)
        link = relative_link(from_page, path_for_session_page(session.slug))
        lines.append(
            f"- **[{escape_markdown(session.title)}]({link})**"
            f" — {escape_markdown(session.place)}, {when}.  "
        )
        lines.append(f"  {escape_markdown(session.summary)}")
    return lines


def render_session_list(sessions: list[Session]) -> str:
    """The snippet for the home page (links relative to the site root)."""
    return "\n".join(session_items(sessions, PurePosixPath("index.md"))) + "\n"


def session_entry(session: Session) -> Callable[[PurePosixPath], str]:
    """A session's list item, for whichever page of the listing it lands on."""

    def render(page: PurePosixPath) -> str:
        return "\n".join(session_items([session], page))

    return render


def render_meetings_pages(sessions: list[Session]) -> dict[PurePosixPath, str]:
    """Every session, newest year first, grouped by year, split over pages if many."""
    ordered = sorted(sessions, key=lambda item: (-item.start.year, item.start, item.order))
    entries = [Entry(str(session.start.year), session_entry(session)) for session in ordered]
    front_matter: dict[str, object] = {
        "title": "Meetings",
        "description": "Every meeting in the PERF newsletter archive.",
    }
    return render_listing(MEETINGS_PAGE, front_matter, "Meetings", lambda page: [], entries)
