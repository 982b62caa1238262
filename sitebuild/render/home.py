"""Render the list of sessions that the hand-written home page includes.

Reads the archive's sessions; returns Markdown for ``build/snippets/session-list.md``, which
``docs/index.md`` pulls in with ``pymdownx.snippets`` so the home page stays hand-written.
"""

from __future__ import annotations

from sitebuild.links import path_for_session_page
from sitebuild.model import Session
from sitebuild.render.markdown import escape_markdown, format_dates


def render_session_list(sessions: list[Session]) -> str:
    """One list item per session: linked title, place and dates, one-line summary."""
    lines = []
    for session in sessions:
        when = format_dates(session.start, session.end)
        lines.append(
            f"- **[{escape_markdown(session.title)}]({path_for_session_page(session.slug)})**"
            f" — {escape_markdown(session.place)}, {when}.  "
        )
        lines.append(f"  {escape_markdown(session.summary)}")
    return "\n".join(lines) + "\n"
