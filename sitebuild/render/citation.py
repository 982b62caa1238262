"""Ready-made citations of one remark, in Chicago and APA style.

Reads a ``Remark`` and its ``Session``; returns plain text. The URL is site-relative; the page's
script turns it into the full address when the reader copies the citation.
"""

from __future__ import annotations

from sitebuild.model import Issue, Remark, Session, family_name, given_names
from sitebuild.render.markdown import format_dates, format_pages, issue_title

PUBLICATION = "Police Executive Research Forum newsletter"


def role_of(remark: Remark) -> str:
    """Title and agency as of the meeting: ``Chief, Minneapolis Police Department``."""
    return f"{remark.title}, {remark.agency}" if remark.agency else remark.title


def _pages(remark: Remark, short: bool) -> str:
    if not remark.pages:
        return ""
    if short:
        prefix = "p." if len(remark.pages) == 1 else "pp."
        return f", {prefix} {', '.join(str(page) for page in remark.pages)}"
    return f", {format_pages(remark.pages)}"


def _headline(remark: Remark) -> str:
    """The headline with its double quotes turned to single ones, for quoting inside quotes."""
    return remark.headline.replace("“", "‘").replace("”", "’").rstrip(".")


def publication(issue: Issue | None) -> str:
    """The newsletter issue that printed the remarks, as a citation names it."""
    return issue_title(issue) if issue is not None else PUBLICATION


def cite_chicago(remark: Remark, session: Session, url: str, issue: Issue | None = None) -> str:
    """Chicago (notes-bibliography) style, for a speech reported in a newsletter."""
    person = f"{family_name(remark.name)}, {given_names(remark.name)}".rstrip(", ")
    when = format_dates(session.start, session.end)
    person += "" if person.endswith(".") else "."
    return (
        f"{person} “{_headline(remark)}.” Remarks as {role_of(remark)}, at "
        f"{session.title}, {session.kind}, {session.place}, {when}. "
        f"{publication(issue)}{_pages(remark, short=False)}. {url}."
    )


def cite_apa(remark: Remark, session: Session, url: str, issue: Issue | None = None) -> str:
    """APA (7th edition) style: author, date, title [description], source, URL."""
    initials = " ".join(f"{part[0]}." for part in given_names(remark.name).split() if part)
    person = f"{family_name(remark.name)}, {initials}".rstrip(", ")
    when = format_dates(session.start, session.end)
    month_and_days = when.rsplit(",", 1)[0]
    return (
        f"{person} ({session.start.year}, {month_and_days}). {remark.headline.rstrip('.')} "
        f"[Remarks, {role_of(remark)}]. {session.title}, {session.kind}, {session.place}. "
        f"{publication(issue)}{_pages(remark, short=True)}. {url}"
    )
