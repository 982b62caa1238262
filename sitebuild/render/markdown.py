"""Small helpers shared by the page renderers: escaping, dates, page lists, front matter.

``escape_html`` is the one helper for every value placed in HTML text or attributes; the others
build on it.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections.abc import Iterable, Mapping
from functools import cache

from sitebuild.model import Issue

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]#!|])")
_LINE_START = re.compile(r"^(\s*)([-+>]|\d+)(\.?\s)")


def escape_html(text: str) -> str:
    """Text made safe for HTML text and attribute values: ``& < > " '`` as entities."""
    return html.escape(text, quote=True)


@cache
def escape_markdown(text: str) -> str:
    """Make text from a front-matter field safe to splice into Markdown.

    HTML is shown as text, never run, and Markdown markup characters lose their meaning.
    """
    # Note: a value is one line; a line break could start a Markdown block of its own.
    escaped = html.escape(re.sub(r"[\r\n\u2028\u2029\x85]+", " ", text), quote=False)
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", escaped)
    return _LINE_START.sub(_escape_line_start, escaped)


def _escape_line_start(match: re.Match[str]) -> str:
    """Stop a leading ``-``, ``+``, ``>`` or ``1.`` from starting a list or quote."""
    indent, marker, rest = match[1], match[2], match[3]
    if marker.isdigit():
        return f"{indent}{marker}\\{rest}" if rest.startswith(".") else match[0]
    return f"{indent}\\{marker}{rest}"


@cache
def format_dates(start: dt.date, end: dt.date | None) -> str:
    """Format a date or date range the way the newsletter does: ``September 16–17, 2014``."""
    if end is None or end == start:
        return f"{start:%B} {start.day}, {start.year}"
    if (start.year, start.month) == (end.year, end.month):
        return f"{start:%B} {start.day}–{end.day}, {start.year}"
    if start.year == end.year:
        return f"{start:%B} {start.day} – {end:%B} {end.day}, {start.year}"
    return f"{format_dates(start, None)} – {format_dates(end, None)}"


def format_pages(pages: Iterable[int]) -> str:
    """``[1, 4]`` → ``pages 1 and 4``; ``[3]`` → ``page 3``."""
    numbers = [str(page) for page in pages]
    if len(numbers) == 1:
        return f"page {numbers[0]}"
    return f"pages {', '.join(numbers[:-1])} and {numbers[-1]}"


def render_front_matter(fields: Mapping[str, object]) -> list[str]:
    """Front matter for a generated page, one field a line, every value quoted correctly.

    Each value is written as JSON, which is also valid YAML (and much faster to write than with
    PyYAML). Note: the theme puts ``title``, ``description`` and tag names into the HTML
    without escaping them, so text values (and text in lists, at any depth) are HTML-escaped
    here.
    """
    escaped = {key: _escaped(value) for key, value in fields.items()}
    lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in escaped.items()]
    return ["---", *lines, "---", ""]


def _escaped(value: object) -> object:
    """``value`` with every text in it HTML-escaped, however deep in lists."""
    if isinstance(value, str):
        return escape_html(value)
    if isinstance(value, list):
        return [_escaped(item) for item in value]
    return value


def format_issue_date(issue: Issue) -> str:
    """The issue's date as precisely as it is known: ``2014``, ``October 2014``, a day."""
    if issue.precision == "year":
        return str(issue.date.year)
    if issue.precision == "month":
        return f"{issue.date:%B} {issue.date.year}"
    return format_dates(issue.date, None)


def issue_date(issue: Issue) -> str:
    """The date for data: ``2014``, ``2014-10`` or ``2014-10-15``, as precisely as known."""
    return issue.date.isoformat()[: {"year": 4, "month": 7, "day": 10}[issue.precision]]


def issue_title(issue: Issue) -> str:
    """How the issue is named and cited: newsletter, volume and number if printed, date."""
    parts = [issue.newsletter]
    if issue.volume is not None:
        parts.append(f"Vol. {issue.volume}")
    if issue.number is not None:
        parts.append(f"No. {issue.number}")
    date = format_issue_date(issue)
    parts.append(f"about {date}" if issue.approximate else date)
    return ", ".join(parts)
