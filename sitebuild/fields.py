"""Front-matter schemas and the checks that turn raw YAML values into typed values.

Reads ``RawDocument.data``; returns plain Python values and appends ``SourceError`` for every
field that is missing, unknown or of the wrong type. ``validate`` builds the models from them.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from sitebuild.errors import SourceError
from sitebuild.load import RawDocument
from sitebuild.model import SESSION_THEMES

FieldKind = Literal["text", "number", "date", "pages", "keys", "photos", "theme", "names"]


@dataclass(frozen=True)
class FieldSpec:
    """One front-matter field: its type, whether it is required, and an example value."""

    name: str
    kind: FieldKind
    required: bool
    example: str
    meaning: str = ""
    """What the field is for, in plain words (shown in the editing guide)."""


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
        "keys",
        False,
        "aliases: [chicago-2014]",
        "Former folder names of this session, so old links keep working.",
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
        "keys",
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
        "url", "text", True, "url: http://link.springer.com/article/...", "Address of the work."
    ),
    FieldSpec(
        "doi",
        "text",
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


def describe(value: object) -> str:
    """Name the YAML type of ``value`` in plain words for error messages."""
    if value is None:
        return "nothing (the value is empty)"
    if isinstance(value, bool):
        return f"yes/no ({str(value).lower()})"
    if isinstance(value, int | float):
        return f"a number ({value})"
    if isinstance(value, dt.date):
        return f"a date ({value.isoformat()})"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a group of fields"
    return f"text ({value!r})"


def check_known_keys(
    doc: RawDocument,
    data: dict[str, Any],
    specs: tuple[FieldSpec, ...],
    prefix: tuple[str | int, ...],
    errors: list[SourceError],
) -> None:
    """Report unknown and missing keys, suggesting the closest known key for a typo."""
    known = [spec.name for spec in specs]
    label = ".".join(str(part) for part in prefix)
    where = f" in {label}" if label else ""
    suggested: set[str] = set()
    for key in data:
        if str(key) in known:
            continue
        close = difflib.get_close_matches(str(key), known, n=1, cutoff=0.6)
        suggested.update(close)
        hint = (
            f"did you mean '{close[0]}'?"
            if close
            else f"the fields allowed are: {', '.join(known)}"
        )
        errors.append(
            SourceError(
                doc.path, doc.line_of(*prefix, str(key)), f"unknown field '{key}'{where}; {hint}"
            )
        )
    for spec in specs:
        # A typo ("hedline") already says "did you mean 'headline'?": one message is enough.
        if spec.required and spec.name not in data and spec.name not in suggested:
            errors.append(
                SourceError(
                    doc.path,
                    doc.line_of(*prefix),
                    f"missing required field '{spec.name}'{where}; add a line like: "
                    f"{spec.example.splitlines()[0]}",
                )
            )


def _text(value: object, fail: Callable[[str], None]) -> str | None:
    if isinstance(value, str) and value.strip():
        return value.strip()
    if isinstance(value, str) or value is None:
        fail("is empty; write the value after the colon")
    else:
        fail(f"must be text, but it is {describe(value)}; put the value in double quotes")
    return None


def _number(value: object, fail: Callable[[str], None], minimum: int) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool) and value >= minimum:
        return value
    fail(f"must be a whole number of at least {minimum}, but it is {describe(value)}")
    return None


def _date(value: object, fail: Callable[[str], None]) -> dt.date | None:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    fail(f"must be a date written YYYY-MM-DD (like 2014-09-16), but it is {describe(value)}")
    return None


def _pages(value: object, fail: Callable[[str], None]) -> tuple[int, ...] | None:
    if (
        isinstance(value, list)
        and value
        and all(isinstance(page, int) and not isinstance(page, bool) and page > 0 for page in value)
    ):
        return tuple(value)
    fail(f"must be a list of page numbers like [1, 4], but it is {describe(value)}")
    return None


def _keys(value: object, fail: Callable[[str], None]) -> tuple[str, ...] | None:
    if isinstance(value, list) and value and all(isinstance(key, str) and key for key in value):
        return tuple(value)
    fail(f"must be a list like [community-trust, leadership], but it is {describe(value)}")
    return None


def _names(value: object, fail: Callable[[str], None]) -> tuple[str, ...] | None:
    if isinstance(value, list) and value and all(isinstance(name, str) and name for name in value):
        return tuple(value)
    fail(f'must be a list like ["Sherman, L.W.", "Harris, H."], but it is {describe(value)}')
    return None


def _theme(value: object, fail: Callable[[str], None]) -> str | None:
    if value in SESSION_THEMES:
        return str(value)
    fail(f"must be one of {', '.join(SESSION_THEMES)}, but it is {describe(value)}")
    return None


def read_fields(
    doc: RawDocument,
    data: dict[str, Any],
    specs: tuple[FieldSpec, ...],
    prefix: tuple[str | int, ...],
    errors: list[SourceError],
) -> dict[str, Any]:
    """Check every field in ``data`` against ``specs``; return the typed values that passed.

    Photos are returned as a list of ``(index, fields)`` pairs, checked with ``PHOTO_FIELDS``.
    """
    check_known_keys(doc, data, specs, prefix, errors)
    values: dict[str, Any] = {}
    for spec in specs:
        if spec.name not in data:
            continue
        raw = data[spec.name]
        line = doc.line_of(*prefix, spec.name)
        label = ".".join(str(part) for part in (*prefix, spec.name))

        def fail(message: str, line: int = line, label: str = label) -> None:
            errors.append(SourceError(doc.path, line, f"{label}: {message}"))

        value: object = None
        if spec.kind == "text":
            value = _text(raw, fail)
        elif spec.kind == "number":
            value = _number(raw, fail, 0 if spec.name == "after_paragraph" else 1)
        elif spec.kind == "date":
            value = _date(raw, fail)
        elif spec.kind == "pages":
            value = _pages(raw, fail)
        elif spec.kind == "keys":
            value = _keys(raw, fail)
        elif spec.kind == "names":
            value = _names(raw, fail)
        elif spec.kind == "theme":
            value = _theme(raw, fail)
        elif spec.kind == "photos":
            value = _photos(doc, raw, errors, fail)
        if value is not None:
            values[spec.name] = value
    return values


def _photos(
    doc: RawDocument, raw: object, errors: list[SourceError], fail: Callable[[str], None]
) -> list[tuple[int, dict[str, Any]]] | None:
    if not isinstance(raw, list):
        fail(
            f"must be a list of photos, each starting with '- caption:', but it is {describe(raw)}"
        )
        return None
    photos: list[tuple[int, dict[str, Any]]] = []
    for index, item in enumerate(raw):
        if not isinstance(item, dict):
            errors.append(
                SourceError(
                    doc.path,
                    doc.line_of("photos", index),
                    f"photos.{index}: each photo must be fields like 'caption: ...', "
                    f"but it is {describe(item)}",
                )
            )
            continue
        before = len(errors)
        values = read_fields(doc, item, PHOTO_FIELDS, ("photos", index), errors)
        if len(errors) == before:
            photos.append((index, values))
    return photos
