"""Search: the records the search index is made of, and the search page.

The index holds each meeting page's words once: one record for the meeting's own words (its
title, summary and introduction), and one for each remark: the speaker's name, title, agency
and headline (so a search for a name or an agency finds the remark), then the words. A hit
links to the paragraph's permanent anchor (``/defining-moments-2014/#janee-harteau--p3``).
Speaker, topic and index pages are not indexed, so no words are found twice. Every record
carries what a result shows (speaker, title and agency at the time, meeting, date) and the
values readers filter by.

The records are plain text: ``search_index`` hands them to Pagefind, whatever generator made
the HTML, and the search page's script shows every value as text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sitebuild.links import anchor_for_remark, path_for_session_page
from sitebuild.links import url_for_page as address_of
from sitebuild.model import Archive, Remark, Session
from sitebuild.paragraphs import reader_text
from sitebuild.render.citation import role_of
from sitebuild.render.crosslinks import link_text
from sitebuild.render.markdown import format_dates, issue_title, render_front_matter

SEARCH_TEMPLATE = "search.html"
"""The theme template (in ``docs/overrides/``) that holds the search page's form."""

FOOTNOTE = re.compile(r"\[\^[^\]\s]+\]:")
"""The start of a footnote's text (``[^1]: ...``)."""
FILTERS = ("speaker", "agency", "topic", "meeting", "year")
"""What results can be narrowed by, in the order the search page lists them."""


@dataclass(frozen=True)
class SearchRecord:
    """One entry of the search index: where it links, its words, what a result shows."""

    url: str
    """Address below the site's root, with the anchor: ``/town-hall-2014/#jerry-dyer--p2``."""
    content: str
    """The plain words that are searched and quoted in the excerpt."""
    meta: dict[str, str]
    """What a result shows besides the excerpt: speaker, role, meeting, date, headline."""
    filters: dict[str, list[str]]
    """The values of ``FILTERS`` this record has (a remark can have several topics)."""
    sort: dict[str, str]
    """Sort keys: ``date`` orders by meeting date, then print order, then paragraph."""


def search_records(archive: Archive) -> list[SearchRecord]:
    """Every record of the search index, meeting by meeting in print order."""
    records: list[SearchRecord] = []
    for session in archive.sessions_in_order():
        records.append(session_record(archive, session))
        for remark in archive.remarks_of(session):
            records += remark_records(archive, session, remark)
    return records


def session_record(archive: Archive, session: Session) -> SearchRecord:
    """The meeting page's own words: its title, headline, summary and introduction."""
    body = "\n".join(
        line for line in session.body.splitlines() if not FOOTNOTE.match(line.lstrip())
    )
    words = [session.title, session.headline, session.summary]
    words.append(reader_text(link_text(archive, body)))
    return SearchRecord(
        address_of(path_for_session_page(session.slug)),
        " ".join(word for word in words if word),
        {
            "title": session.title,
            "headline": session.headline,
            "role": session.place,
            "meeting": session.title,
            "date": format_dates(session.start, session.end),
        },
        {
            name: values
            for name, values in [
                ("meeting", [meeting_label(session)]),
                ("year", [str(session.start.year)]),
                ("issue", issue_label(archive, session)),
            ]
            if values
        },
        {"date": f"{session.start.isoformat()} {session.order:04d} 0000 0000"},
    )


def remark_records(archive: Archive, session: Session, remark: Remark) -> list[SearchRecord]:
    """One remark's record: its heading (name, role, headline), then its words.

    One record a remark, not a paragraph: Pagefind loads a list of every record before the
    first search, which at 30,000 paragraphs outweighed the rest of the index. A hit still
    lands on its paragraph: ``meta["paragraphs"]`` gives where each paragraph's words start
    (``p1 12,p2 80``: key and word number), and the page's script links the hit to the
    paragraph holding the most matched words.
    """
    page = path_for_session_page(session.slug)
    labels = [archive.topics[key].label for key in remark.topics if key in archive.topics]
    filters = {
        "speaker": [filter_value(remark.name)],
        "agency": [filter_value(remark.agency)] if remark.agency else [],
        "topic": [filter_value(label) for label in labels],
        "meeting": [meeting_label(session)],
        "year": [str(session.start.year)],
        "issue": issue_label(archive, session),
    }
    words = " ".join([remark.name, role_of(remark), remark.headline]).split()
    starts: list[str] = []
    for block in remark.blocks:
        if FOOTNOTE.match(block.text):
            continue  # the newsletter's note, not the speaker's words
        text = reader_text(link_text(archive, block.text))
        if not text:
            continue  # a note to editors: never published, never found
        if block.key is not None:
            # A list or quotation has no anchor of its own: it is found with the paragraph
            # before it.
            starts.append(f"{block.key} {len(words)}")
        words += text.split()
    meta = {
        "title": remark.name,
        "speaker": remark.name,
        "role": role_of(remark),
        "headline": remark.headline,
        "meeting": session.title,
        "date": format_dates(session.start, session.end),
        "paragraphs": ",".join(starts),
    }
    return [
        SearchRecord(
            address_of(page, anchor_for_remark(remark.slug)),
            " ".join(words),
            meta,
            {name: values for name, values in filters.items() if values},
            {"date": f"{session.start.isoformat()} {session.order:04d} {remark.order:04d}"},
        )
    ]


def meeting_label(session: Session) -> str:
    """A meeting as the filter lists it: its title and dates (titles recur year after year)."""
    return filter_value(f"{session.title}, {format_dates(session.start, session.end)}")


def issue_label(archive: Archive, session: Session) -> list[str]:
    """The newsletter issue that printed the meeting, as the filter lists it (if known)."""
    issue = archive.issue_by_slug(session.issue)
    return [filter_value(issue_title(issue))] if issue is not None else []


def filter_value(text: str) -> str:
    """A value as Pagefind can filter by it.

    Note: Pagefind 1.5 never matches a filter value holding a straight double quote or a
    backslash, so those two are given as their typographic look-alikes.
    """
    return text.replace('"', "\u201d").replace("\\", "\u29f5")


def render_search_page() -> str:
    """The search page: a title and a sentence; the form comes from ``SEARCH_TEMPLATE``."""
    front = render_front_matter(
        {
            "title": "Search",
            "description": "Search police chiefs' words in the archive by phrase, speaker, "
            "agency, topic, meeting, year and newsletter issue.",
            "template": SEARCH_TEMPLATE,
            "hide": ["toc"],
        }
    )
    return "\n".join(
        [
            *front,
            "# Search the archive",
            "",
            "Find what a chief said: each result links to the paragraph it quotes. Narrow the "
            "results by speaker, agency, topic, meeting, year or newsletter issue, and share "
            "the page's address to share the search.",
            "",
        ]
    )
