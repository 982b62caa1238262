"""The front-matter schemas: every field of a session, speaker, photo and source.

Data only: ``fields`` checks values against it, and the editing guide's field tables are
rendered from it, so the guide can never disagree with the checker.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sitebuild.config import SlugKind

FieldKind = Literal[
    "text",
    "number",
    "date",
    "pages",
    "keys",
    "photos",
    "theme",
    "names",
    "aliases",
    "url",
    "doi",
    "issue-date",
    "flag",
    "slug",
    "file",
]


@dataclass(frozen=True)
class FieldSpec:
    """One front-matter field: its type, whether it is required, and an example value."""

    name: str
    kind: FieldKind
    required: bool
    example: str
    meaning: str = ""
    """What the field is for, in plain words (shown in the editing guide)."""
    slug_kind: SlugKind = "speaker"
    """For ``aliases``: which names the aliases must follow."""


SESSION_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(
        "title",
        "text",
        True,
        "title: Defining Moments for Police Chiefs",
        "The meeting's short name, shown as the page title.",
    ),
    FieldSpec(
        "headline",
        "text",
        True,
        'headline: "At Chicago Conference, PERF Members Discuss ..."',
        "The headline the newsletter printed over the article.",
    ),
    FieldSpec("kind", "text", True, "kind: PERF national meeting", "What kind of event it was."),
    FieldSpec(
        "theme",
        "theme",
        True,
        "theme: conference",
        "The page design: conference, town-hall or ceremony.",
    ),
    FieldSpec("place", "text", True, "place: Chicago", "Where the meeting took place."),
    FieldSpec("start", "date", True, "start: 2014-09-16", "The (first) day of the meeting."),
    FieldSpec(
        "end", "date", False, "end: 2014-09-17", "The last day, for a meeting of several days."
    ),
    FieldSpec(
        "issue",
        "slug",
        True,
        "issue: late-2014",
        "The newsletter issue that printed the article: an issue file's name in "
        "speakers/issues/ (without .md).",
    ),
    FieldSpec(
        "order", "number", True, "order: 1", "Position of the article in the newsletter issue."
    ),
    FieldSpec(
        "summary",
        "text",
        True,
        "summary: One sentence about the meeting for the home page.",
        "One sentence for the home page and search engines.",
    ),
    FieldSpec("pages", "pages", False, "pages: [1, 4]", "The print pages the article appeared on."),
    FieldSpec(
        "aliases",
        "aliases",
        False,
        "aliases: [chicago-2014]",
        "Former folder names of this session, so old links keep working.",
        slug_kind="session",
    ),
)

REMARK_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("name", "text", True, "name: Janeé Harteau", "The speaker's full name."),
    FieldSpec(
        "title", "text", True, "title: Chief", "The speaker's title at the time of the meeting."
    ),
    FieldSpec(
        "agency",
        "text",
        False,
        "agency: Minneapolis Police Department",
        "The speaker's agency at the time (leave out if none).",
    ),
    FieldSpec(
        "byline",
        "text",
        True,
        'byline: "Minneapolis Chief Janeé Harteau"',
        "The byline printed above the headline, without the final colon.",
    ),
    FieldSpec(
        "headline",
        "text",
        True,
        'headline: "We Need to Show Officers that ..."',
        "The headline the newsletter gave the remarks.",
    ),
    FieldSpec("order", "number", True, "order: 7", "Position in print order within the meeting."),
    FieldSpec(
        "pages",
        "pages",
        False,
        "pages: [4]",
        "The print pages the remarks appeared on (leave out if unknown).",
    ),
    FieldSpec(
        "topics",
        "keys",
        True,
        "topics: [community-trust, leadership]",
        "One or more topics from speakers/topics.yml.",
    ),
    FieldSpec(
        "photos",
        "photos",
        False,
        'photos:\n  - caption: "LEFT TO RIGHT: ..."',
        "Photos printed with these remarks (see below).",
    ),
    FieldSpec(
        "aliases",
        "aliases",
        False,
        "aliases: [janee-harteau-2014]",
        "Former file names of this speaker, so old links keep working.",
    ),
)

REFERENCE_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(
        "authors",
        "names",
        False,
        'authors: ["Sherman, L.W.", "Harris, H."]',
        "The authors, as cited.",
    ),
    FieldSpec("year", "number", False, "year: 2014", "Year of publication."),
    FieldSpec("title", "text", True, 'title: "Increased death rates of ..."', "Title of the work."),
    FieldSpec(
        "publication",
        "text",
        True,
        "publication: Journal of Experimental Criminology",
        "Journal, publisher or website.",
    ),
    FieldSpec(
        "url", "url", True, "url: http://link.springer.com/article/...", "Address of the work."
    ),
    FieldSpec(
        "doi",
        "doi",
        False,
        "doi: 10.1007/s11292-014-9203-x",
        "Digital Object Identifier, if it has one.",
    ),
    FieldSpec(
        "note",
        "text",
        False,
        "note: Further information is available at",
        "A sentence shown before the address instead of a formatted reference.",
    ),
)

PHOTO_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("caption", "text", True, 'caption: "LEFT TO RIGHT: ..."', "The caption as printed."),
    FieldSpec(
        "people",
        "keys",
        False,
        "people: [jon-belmar, janee-harteau]",
        "File names of the people shown, in caption order; their names become links.",
    ),
    FieldSpec(
        "after_paragraph",
        "number",
        False,
        "after_paragraph: 2",
        "How many paragraphs come before the photo (0: before the text; left out: at the end).",
    ),
    FieldSpec(
        "image",
        "text",
        False,
        "image: photos/dyer-jacobs-manger.jpg",
        "The photo file, next to the speaker file; leave out until the photo is available.",
    ),
)


ISSUE_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(
        "newsletter",
        "text",
        True,
        "newsletter: PERF Newsletter",
        "The newsletter's name as printed on the issue.",
    ),
    FieldSpec(
        "date",
        "issue-date",
        True,
        "date: 2015-03",
        "The issue's date, as precisely as the print edition states it: a year (2015), a "
        "month (2015-03) or a day (2015-03-16).",
    ),
    FieldSpec(
        "approximate",
        "flag",
        False,
        "approximate: true",
        "Write true when the issue does not print its date and the date is inferred.",
    ),
    FieldSpec(
        "date_note",
        "text",
        False,
        'date_note: "The issue prints no date; it reports meetings of March 2015."',
        "How the date is known, when it is approximate.",
    ),
    FieldSpec("volume", "number", False, "volume: 29", "The volume number, if printed."),
    FieldSpec("number", "number", False, "number: 3", "The issue number, if printed."),
    FieldSpec("pages", "number", False, "pages: 12", "How many pages the issue has."),
    FieldSpec(
        "edition",
        "file",
        False,
        "edition: late-2014.pdf",
        "The print edition as a PDF kept beside the issue file in speakers/issues/.",
    ),
)
"""An issue file (``speakers/issues/<slug>.md``); the text below it is an optional note."""
