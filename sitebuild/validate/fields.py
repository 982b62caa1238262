"""Front-matter schemas and the checks that turn raw YAML values into typed values.

Reads ``RawDocument.data``; returns ``FieldValues`` (typed getters over the values that passed)
and appends a ``SourceError`` for every field that is missing, unknown, of the wrong type, or
not plain text. ``validate`` builds the models from them.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sitebuild.config import ISSUE_DATE, SlugKind
from sitebuild.errors import SourceError
from sitebuild.links import slug_problem
from sitebuild.model import SESSION_THEMES, RawDocument
from sitebuild.validate.patterns import SAFE_TARGET, check_field_text
from sitebuild.validate.schema import PHOTO_FIELDS, FieldKind, FieldSpec


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
    if isinstance(value, str) and "\n" in value.strip():
        fail("must be on one line; join the lines (a value is plain text, not Markdown)")
        return None
    if isinstance(value, str) and value.strip():
        return value.strip()
    if isinstance(value, str) or value is None:
        fail("is empty; write the value after the colon")
    else:
        fail(f"must be text, but it is {describe(value)}; put the value in double quotes")
    return None


def _number(value: object, fail: Callable[[str], None], minimum: int) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool) and minimum <= value < 10**9:
        return value
    fail(f"must be a whole number of at least {minimum}, but it is {describe(value)}")
    return None


def _date(value: object, fail: Callable[[str], None]) -> dt.date | None:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    fail(f"must be a date written YYYY-MM-DD (like 2014-09-16), but it is {describe(value)}")
    return None


def _issue_date(value: object, fail: Callable[[str], None]) -> tuple[dt.date, str] | None:
    """A year, a month or a day: (the first day it can mean, how precise it is)."""
    if isinstance(value, str) and _DAY.fullmatch(value):
        try:
            value = dt.date.fromisoformat(value)  # new-issue writes a day in quotes
        except ValueError:
            fail(f"{value} is not a day of the calendar; correct the month or the day")
            return None
    found: tuple[dt.date, str] | None = None
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        found = value, "day"
    match = ISSUE_DATE.fullmatch(str(value)) if isinstance(value, int | str) else None
    if match is not None and not isinstance(value, bool):
        month = match["month"]
        found = dt.date(int(match["year"]), int(month or 1), 1), "month" if month else "year"
    if found is None:
        fail(
            "must be a year (2015), a month (2015-03) or a day (2015-03-16), as precisely as "
            f"the print edition states it, but it is {describe(value)}"
        )
    elif found[0] > dt.date.today():
        fail(f"{value} is after today, but an issue is dated when it was printed; correct it")
        return None
    return found


_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _flag(value: object, fail: Callable[[str], None]) -> bool | None:
    if isinstance(value, bool):
        return value
    fail(f"must be true or false, but it is {describe(value)}")
    return None


def _slug(value: object, fail: Callable[[str], None]) -> str | None:
    if isinstance(value, list):
        fail("names one issue only: an article is printed in exactly one issue; keep one")
        return None
    if isinstance(value, str) and _SLUG.fullmatch(value):
        return value
    quote = ""
    if isinstance(value, int | dt.date) and _SLUG.fullmatch(text := str(value).lower()):
        quote = f'; a name of digits goes in double quotes: "{text}"'
    fail(f"must be a file name without .md (like late-2014), but it is {describe(value)}{quote}")
    return None


def _file(value: object, fail: Callable[[str], None]) -> str | None:
    if isinstance(value, str) and _FILE.fullmatch(value):
        return value
    fail(
        "must be the name of a PDF file beside the issue file (like late-2014.pdf), "
        f"but it is {describe(value)}"
    )
    return None


_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_FILE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\.pdf")


def _pages(value: object, fail: Callable[[str], None]) -> tuple[int, ...] | None:
    if (
        isinstance(value, list)
        and value
        and all(
            isinstance(page, int) and not isinstance(page, bool) and 0 < page < 10**6
            for page in value
        )
    ):
        if all(page < later for page, later in zip(value, value[1:], strict=False)):
            return tuple(value)
        fail(f"{value} must name each page once, in rising print order (like [3, 7])")
        return None
    fail(f"must be a list of page numbers like [1, 4], but it is {describe(value)}")
    return None


def _keys(value: object, fail: Callable[[str], None]) -> tuple[str, ...] | None:
    if isinstance(value, list) and value and all(isinstance(key, str) and key for key in value):
        twice = sorted({key for key in value if value.count(key) > 1})
        if twice:
            fail(f"names '{twice[0]}' twice; keep one")
            return None
        return tuple(value)
    fail(f"must be a list like [community-trust, leadership], but it is {describe(value)}")
    return None


def _aliases(value: object, fail: Callable[[str], None], kind: SlugKind) -> tuple[str, ...] | None:
    keys = _keys(value, fail)
    if keys is None:
        return None
    problems = [problem for key in keys if (problem := slug_problem(key, kind)) is not None]
    for problem in problems:
        fail(f"{problem}; an alias is a former file or folder name")
    return None if problems else keys


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


def _url(value: object, fail: Callable[[str], None]) -> str | None:
    text = _text(value, fail)
    if text is not None and SAFE_TARGET.fullmatch(text) and not text.lower().startswith("mailto:"):
        return text
    if text is not None:
        fail("must be a web address starting with https:// or http://, without spaces")
    return None


_DOI = re.compile(r"10\.[0-9]{4,9}/[-._;()/:A-Za-z0-9]+")


def _doi(value: object, fail: Callable[[str], None]) -> str | None:
    text = _text(value, fail)
    if text is not None and _DOI.fullmatch(text):
        return text
    if text is not None:
        fail("must be a DOI like 10.1007/s11292-014-9203-x (without https://doi.org/)")
    return None


@dataclass(frozen=True)
class FieldValues:
    """The values of one group of fields that passed their checks, with typed getters."""

    values: dict[str, object] = field(default_factory=dict)

    def text(self, name: str) -> str:
        """A text field that passed (call only for required fields of a file without errors)."""
        value = self.values[name]
        assert isinstance(value, str), name
        return value

    def optional_text(self, name: str) -> str | None:
        """A text field, or None if it was left out."""
        value = self.values.get(name)
        return value if isinstance(value, str) else None

    def number(self, name: str) -> int:
        """A whole-number field that passed."""
        value = self.values[name]
        assert isinstance(value, int), name
        return value

    def optional_number(self, name: str) -> int | None:
        """A whole-number field, or None if it was left out."""
        value = self.values.get(name)
        return value if isinstance(value, int) else None

    def flag(self, name: str) -> bool:
        """A true/false field, False if it was left out."""
        return self.values.get(name) is True

    def issue_date(self, name: str) -> tuple[dt.date, str]:
        """An issue date that passed: (the date, "year", "month" or "day")."""
        value = self.values[name]
        assert isinstance(value, tuple), name
        return value

    def date(self, name: str) -> dt.date:
        """A date field that passed."""
        value = self.values[name]
        assert isinstance(value, dt.date), name
        return value

    def optional_date(self, name: str) -> dt.date | None:
        """A date field, or None if it was left out."""
        value = self.values.get(name)
        return value if isinstance(value, dt.date) else None

    def items(self, name: str) -> tuple[Any, ...]:
        """A list field (pages, keys, names, aliases), or () if it was left out."""
        value = self.values.get(name, ())
        assert isinstance(value, tuple), name
        return value

    def photos(self) -> list[tuple[int, FieldValues]]:
        """Each photo that passed, with its position in the list."""
        value = self.values.get("photos", [])
        assert isinstance(value, list)
        return value

    def __contains__(self, name: str) -> bool:
        """True if the field was given and passed."""
        return name in self.values


def read_fields(
    doc: RawDocument,
    data: dict[str, Any],
    specs: tuple[FieldSpec, ...],
    prefix: tuple[str | int, ...],
    errors: list[SourceError],
) -> FieldValues:
    """Check every field in ``data`` against ``specs``; return the typed values that passed."""
    check_known_keys(doc, data, specs, prefix, errors)
    values: dict[str, object] = {}
    for spec in specs:
        if spec.name not in data:
            continue
        raw = data[spec.name]
        line = doc.line_of(*prefix, spec.name)
        label = ".".join(str(part) for part in (*prefix, spec.name))

        def fail(message: str, line: int = line, label: str = label) -> None:
            errors.append(SourceError(doc.path, line, f"{label}: {message}"))

        value = _read_value(doc, spec, raw, errors, fail)
        if value is None:
            continue
        texts = [value] if isinstance(value, str) else value if isinstance(value, tuple) else []
        problems = [
            problem
            for text in texts
            if isinstance(text, str)
            for problem in check_field_text(doc.path, line, label, text)
        ]
        errors.extend(problems)
        if not problems:
            values[spec.name] = value
    return FieldValues(values)


def _read_value(
    doc: RawDocument,
    spec: FieldSpec,
    raw: object,
    errors: list[SourceError],
    fail: Callable[[str], None],
) -> object:
    """The typed value of one field, or None (with the problem reported through ``fail``)."""
    readers: dict[FieldKind, Callable[[], object]] = {
        "text": lambda: _text(raw, fail),
        "number": lambda: _number(raw, fail, 0 if spec.name == "after_paragraph" else 1),
        "date": lambda: _date(raw, fail),
        "pages": lambda: _pages(raw, fail),
        "keys": lambda: _keys(raw, fail),
        "aliases": lambda: _aliases(raw, fail, spec.slug_kind),
        "names": lambda: _names(raw, fail),
        "theme": lambda: _theme(raw, fail),
        "url": lambda: _url(raw, fail),
        "doi": lambda: _doi(raw, fail),
        "photos": lambda: _photos(doc, raw, errors, fail),
        "issue-date": lambda: _issue_date(raw, fail),
        "flag": lambda: _flag(raw, fail),
        "slug": lambda: _slug(raw, fail),
        "file": lambda: _file(raw, fail),
    }
    return readers[spec.kind]()


def _photos(
    doc: RawDocument, raw: object, errors: list[SourceError], fail: Callable[[str], None]
) -> list[tuple[int, FieldValues]] | None:
    if not isinstance(raw, list):
        fail(
            f"must be a list of photos, each starting with '- caption:', but it is {describe(raw)}"
        )
        return None
    photos: list[tuple[int, FieldValues]] = []
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
