"""Citations of one remark: one ``Cited`` record, and every format made from it.

``cited`` gathers what a citation needs (speaker, headline, meeting, newsletter issue, print
pages, address); ``chicago`` and ``apa`` format it for people, ``csl_json`` for reference
managers (``render.export`` writes RIS and BibTeX from the CSL-JSON). Returns plain text; the
renderers escape it where it goes.

Both styles cite the remarks as printed in the newsletter (Chicago 17th ed. 14.220 and APA 7th
ed. 10.14: a speech known from a periodical is cited as published there), naming the meeting
as the place the words were spoken. The access date is filled in by the reader's browser when
the citation is copied (the page is static): ``ACCESSED`` marks where it goes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sitebuild.model import Issue, Remark, Session, family_name, given_names, name_suffix
from sitebuild.render.markdown import format_dates, issue_date

PUBLISHER = "Police Executive Research Forum"
NEWSLETTER = "PERF newsletter"
"""The newsletter's name when a meeting belongs to no issue (it always does once checked)."""
ACCESSED = "\x00accessed\x00"
"""Where the access date goes: the page's script puts the reader's date there on copy."""


@dataclass(frozen=True)
class Cited:
    """Everything a citation of one remark names, as plain text."""

    key: str
    """A name for the remark unique in the archive: ``defining-moments-2014/charles-ramsey``."""
    name: str
    family: str
    given: str
    suffix: str
    """``Jr.``, ``III`` or ``''``."""
    role: str
    headline: str
    meeting: str
    kind: str
    place: str
    start: dt.date
    end: dt.date | None
    newsletter: str
    volume: int | None
    number: int | None
    issue_date: str
    """The issue's date as precisely as known: ``2014``, ``2014-10``, ``2014-10-15``."""
    approximate: bool
    pages: tuple[int, ...]
    url: str


def role_of(remark: Remark) -> str:
    """Title and agency as of the meeting: ``Chief, Minneapolis Police Department``."""
    return f"{remark.title}, {remark.agency}" if remark.agency else remark.title


def cited(remark: Remark, session: Session, issue: Issue | None, url: str) -> Cited:
    """What a citation of ``remark`` names; ``url`` is its address (full, or site-relative)."""
    return Cited(
        key=f"{session.slug}/{remark.slug}",
        name=remark.name,
        family=family_name(remark.name),
        given=given_names(remark.name),
        suffix=name_suffix(remark.name),
        role=role_of(remark),
        headline=remark.headline.rstrip("."),
        meeting=session.title,
        kind=session.kind,
        place=session.place,
        start=session.start,
        end=session.end,
        newsletter=issue.newsletter if issue is not None else NEWSLETTER,
        volume=issue.volume if issue is not None else None,
        number=issue.number if issue is not None else None,
        issue_date=issue_date(issue) if issue is not None else str(session.start.year),
        approximate=issue.approximate if issue is not None else True,
        pages=tuple(remark.pages),
        url=url,
    )


def _quoted(text: str) -> str:
    """Text inside a quotation: its double quotes become single ones.

    Straight double quotes become opening and closing single ones in turn.
    """
    parts = text.replace("“", "‘").replace("”", "’").split('"')
    return "".join(
        part + ("" if index == len(parts) - 1 else "‘’"[index % 2])
        for index, part in enumerate(parts)
    )


def _inverted(item: Cited, given: str) -> str:
    """``Family, Given`` with the suffix after a comma: ``Belmar, Jon M., Jr.``."""
    return ", ".join(part for part in (item.family, given, item.suffix) if part)


def _issue_date_words(item: Cited) -> str:
    """``2014``, ``October 2014`` or ``October 15, 2014``."""
    parts = [int(part) for part in item.issue_date.split("-")]
    if len(parts) == 1:
        return str(parts[0])
    day = dt.date(parts[0], parts[1], parts[2] if len(parts) > 2 else 1)
    return f"{day:%B} {day.year}" if len(parts) == 2 else format_dates(day, None)


def _pages(item: Cited) -> str:
    return ", ".join(str(page) for page in item.pages)


def chicago(item: Cited) -> str:
    """Chicago notes-bibliography, bibliography form: the remarks as a periodical piece."""
    person = _inverted(item, item.given)
    person += "" if person.endswith(".") else "."
    when = format_dates(item.start, item.end)
    # Chicago brackets a date the publication does not print, with "?" when it is inferred.
    date = _issue_date_words(item)
    date = f"[{date}?]" if item.approximate else date
    if item.volume is not None or item.number is not None:
        # A numbered periodical: "Newsletter 12, no. 3 (2014): 1, 4."
        issue = item.newsletter
        issue += f" {item.volume}" if item.volume is not None else ""
        issue += f", no. {item.number}" if item.number is not None else ""
        issue += f" ({date})" + (f": {_pages(item)}" if item.pages else "")
    else:
        # Cited by date, as a magazine: "Newsletter, October 2014, 1, 4."
        issue = f"{item.newsletter}, {date}" + (f", {_pages(item)}" if item.pages else "")
    return (
        f"{person} “{_quoted(item.headline)}.” Remarks as {item.role}, at {item.meeting}, "
        f"{item.kind}, {item.place}, {when}. {issue}. {ACCESSED}{item.url}."
    )


def apa(item: Cited) -> str:
    """APA 7th edition: author, date spoken, title [description], source, pages, address."""
    initials = " ".join(f"{part[0]}." for part in item.given.replace(".", " ").split())
    person = _inverted(item, initials)
    when = format_dates(item.start, item.end)
    month_and_days = when.rsplit(",", 1)[0]
    source = item.newsletter
    if item.volume is not None:
        source += f", {item.volume}"
        source += f"({item.number})" if item.number is not None else ""
    elif item.number is not None:
        source += f", No. {item.number}"
    else:
        # An issue known by its date alone; APA writes "ca." before a date that is inferred.
        source += f" ({'ca. ' if item.approximate else ''}{_issue_date_words(item)})"
    if item.pages:
        prefix = "" if item.volume is not None else ("p. " if len(item.pages) == 1 else "pp. ")
        source += f", {prefix}{_pages(item)}"
    return (
        f"{person} ({item.start.year}, {month_and_days}). {item.headline} "
        f"[Remarks, {item.role}]. {item.meeting}, {item.kind}, {item.place}. "
        f"{source}. {ACCESSED}{item.url}"
    )


def csl_json(item: Cited) -> dict[str, Any]:
    """The remark as a CSL-JSON item (the data reference managers and CSL processors read)."""
    date_parts = [[int(part) for part in item.issue_date.split("-")]]
    spoken = [[item.start.year, item.start.month, item.start.day]]
    if item.end is not None and item.end != item.start:
        spoken.append([item.end.year, item.end.month, item.end.day])
    data: dict[str, Any] = {
        "id": item.key,
        "type": "article-magazine",
        "genre": "Remarks",
        "title": item.headline,
        "author": [
            {
                "family": item.family,
                "given": item.given,
                **({"suffix": item.suffix} if item.suffix else {}),
            }
        ],
        "container-title": item.newsletter,
        "publisher": PUBLISHER,
        "issued": {"date-parts": date_parts, **({"circa": True} if item.approximate else {})},
        "event-title": item.meeting,
        "event-place": item.place,
        "event-date": {"date-parts": spoken},
        "note": f"Remarks as {item.role}, at {item.meeting}, {item.kind}, {item.place}, "
        f"{format_dates(item.start, item.end)}.",
        "URL": item.url,
    }
    if item.volume is not None:
        data["volume"] = str(item.volume)
    if item.number is not None:
        data["issue"] = str(item.number)
    if item.pages:
        data["page"] = _pages(item)
    return data


def _highwire_date(issue_date_text: str) -> str:
    """``2014``, ``2014/10`` or ``2014/10/15``: the date form the citation meta tags use."""
    return issue_date_text.replace("-", "/")


def meeting_tags(
    session: Session,
    remarks: list[Remark],
    issue: Issue | None,
    address: str,
    edition: str | None = None,
) -> list[list[str]]:
    """The scholarly citation meta tags of a meeting page, as Zotero and Google Scholar read.

    These are the Highwire Press tags. They describe the piece as printed in its newsletter
    issue, its speakers as authors.
    """
    tags = [["citation_title", session.title]]
    for person in dict.fromkeys(
        (family_name(r.name), given_names(r.name), name_suffix(r.name)) for r in remarks
    ):
        tags.append(["citation_author", ", ".join(part for part in person if part)])
    date = issue_date(issue) if issue is not None else str(session.start.year)
    tags += [
        ["citation_publication_date", _highwire_date(date)],
        ["citation_journal_title", issue.newsletter if issue is not None else NEWSLETTER],
        ["citation_publisher", PUBLISHER],
    ]
    if issue is not None and issue.volume is not None:
        tags.append(["citation_volume", str(issue.volume)])
    if issue is not None and issue.number is not None:
        tags.append(["citation_issue", str(issue.number)])
    if session.pages:
        tags += [
            ["citation_firstpage", str(min(session.pages))],
            ["citation_lastpage", str(max(session.pages))],
        ]
    tags += [["citation_public_url", address], ["citation_fulltext_html_url", address]]
    if edition is not None:
        tags.append(["citation_pdf_url", edition])
    return [*tags, ["citation_language", "en"]]


def speaker_tags(name: str, latest: str, address: str) -> list[list[str]]:
    """The citation meta tags of a speaker page: the person as author of its remarks.

    ``latest`` is the date of the newest issue that printed them.
    """
    parts = (family_name(name), given_names(name), name_suffix(name))
    person = ", ".join(part for part in parts if part)
    return [
        ["citation_title", f"{name}: remarks in the {NEWSLETTER}"],
        ["citation_author", person],
        ["citation_publication_date", _highwire_date(latest)],
        ["citation_publisher", PUBLISHER],
        ["citation_public_url", address],
        ["citation_language", "en"],
    ]
