"""Render the lists of sessions: the snippet the home page includes, and the meetings page.

``build/snippets/session-list.md`` is pulled into the hand-written ``docs/index.md`` with
``pymdownx.snippets``, so the home page stays hand-written and still lists every session.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from sitebuild.links import MEETINGS_PAGE, path_for_session_page, relative_link
from sitebuild.model import Session
from sitebuild.render.markdown import escape_markdown, format_dates, render_front_matter


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


def render_meetings_page(sessions: list[Session]) -> str:
    """Every session, grouped by year, newest year first."""
    lines = render_front_matter(
        {"title": "Meetings", "description": "Every meeting in the PERF newsletter archive."}
    )
    lines += ["# Meetings", ""]
    for year in sorted({session.start.year for session in sessions}, reverse=True):
        in_year = [session for session in sessions if session.start.year == year]
        lines += [f"## {year}", "", *session_items(in_year, MEETINGS_PAGE), ""]
    return "\n".join(lines).rstrip("\n") + "\n"
