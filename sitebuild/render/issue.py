"""Render the newsletter's issues: one page per issue, the list of issues, the latest issue.

An issue page lists what the issue printed, in print order, with each article's print pages
and its speakers, and links the print edition when the archive holds it. The list of issues is
newest first, grouped by year (split over pages like every listing). The home page includes
the latest issue (``build/snippets/latest-issue.md``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePosixPath

from sitebuild.links import (
    ISSUE_INDEX_PAGE,
    anchor_for_remark,
    path_for_edition,
    path_for_issue_page,
    path_for_session_page,
    relative_link,
)
from sitebuild.model import Archive, Issue, Session
from sitebuild.paragraphs import cited_keys, text_only
from sitebuild.render.crosslinks import footnote_definitions, replace_links
from sitebuild.render.listing import Entry, render_listing
from sitebuild.render.markdown import (
    escape_markdown,
    format_dates,
    format_issue_date,
    format_pages,
    issue_title,
    render_front_matter,
)

LATEST_ISSUE_SNIPPET = "latest-issue.md"
"""The snippet the hand-written home page includes: the newest issue and what it printed."""


def piece_items(archive: Archive, issue: Issue, page: PurePosixPath) -> list[str]:
    """One list item per article of the issue, in print order, with its speakers."""
    lines: list[str] = []
    for session in archive.sessions_of(issue):
        link = relative_link(page, path_for_session_page(session.slug))
        printed = f" ({format_pages(session.pages)})" if session.pages else ""
        lines.append(f"1. **[{escape_markdown(session.headline)}]({link})**{printed}  ")
        lines.append(
            f"   {escape_markdown(session.kind)}: {escape_markdown(session.title)}, "
            f"{escape_markdown(session.place)}, {format_dates(session.start, session.end)}.  "
        )
        lines.append(f"   {escape_markdown(session.summary)}")
        target = path_for_session_page(session.slug)
        speakers = [
            f"[{escape_markdown(remark.name)}]"
            f"({relative_link(page, target, anchor_for_remark(remark.slug))})"
            for remark in archive.remarks_of(session)
        ]
        if speakers:
            lines += ["", f"    Speakers: {', '.join(speakers)}."]
        lines.append("")
    return lines


def render_issue_page(archive: Archive, issue: Issue) -> str:
    """One issue: its name, date (and how it is known), print edition, and what it printed."""
    page = path_for_issue_page(issue.slug)
    title = issue_title(issue)
    front = render_front_matter(
        {
            "title": title,
            "description": f"What {title} printed: "
            + "; ".join(session.title for session in archive.sessions_of(issue))
            + ".",
        }
    )
    lines = [*front, f"# {escape_markdown(title)}", ""]
    facts = [f"Date: {format_issue_date(issue)}" + (" (approximate)" if issue.approximate else "")]
    if issue.page_count is not None:
        facts.append(f"{issue.page_count} printed pages")
    lines += ["; ".join(facts) + ".", ""]
    if issue.date_note:
        lines += [escape_markdown(issue.date_note), "{ .issue__note }", ""]
    if issue.edition:
        edition = relative_link(page, path_for_edition(issue.edition))
        lines += [f"[Read the print edition (PDF)]({edition})", ""]
    if issue.body:
        lines += [replace_links(archive, text_only(issue.body), page), ""]
    lines += ["## In this issue", "", *piece_items(archive, issue, page)]
    notes = footnote_definitions(archive, cited_keys(issue.body))
    return "\n".join([*lines, *notes])


def render_issue_index(archive: Archive) -> dict[PurePosixPath, str]:
    """Every issue, newest first, grouped by year."""

    def entry(issue: Issue) -> Callable[[PurePosixPath], str]:
        def render(page: PurePosixPath) -> str:
            link = relative_link(page, path_for_issue_page(issue.slug))
            pieces = ", ".join(session.title for session in archive.sessions_of(issue))
            return (
                f"- **[{escape_markdown(issue_title(issue))}]({link})**  \n"
                f"  {escape_markdown(pieces)}."
            )

        return render

    entries = [Entry(str(issue.date.year), entry(issue)) for issue in archive.issues_newest_first()]
    front_matter: dict[str, object] = {
        "title": "Newsletter issues",
        "description": "Every issue of the PERF newsletter in the archive, newest first.",
    }
    return render_listing(
        ISSUE_INDEX_PAGE, front_matter, "Newsletter issues", lambda page: [], entries
    )


def render_latest_issue(archive: Archive) -> str:
    """The home page's snippet: the newest issue, what it printed, and a link to every issue."""
    home = PurePosixPath("index.md")
    issues = archive.issues_newest_first()
    if not issues:
        return "No issue has been added yet.\n"
    latest = issues[0]
    link = relative_link(home, path_for_issue_page(latest.slug))
    lines = [f"**[{escape_markdown(issue_title(latest))}]({link})**", ""]
    lines += piece_items(archive, latest, home)
    every = relative_link(home, ISSUE_INDEX_PAGE)
    lines += [f"[Every issue of the newsletter]({every})", ""]
    return "\n".join(lines)


def issue_of(archive: Archive, session: Session) -> Issue | None:
    """The issue that printed ``session`` (None only while the sources have errors)."""
    return archive.issue_by_slug(session.issue)
