"""The patterns and small checks every part of the checking stage shares.

What counts as an HTML tag, an autolink, a note to editors, a safe link, a placeholder; how a
position in a text maps to its file line; and the plain-text check of a front-matter value.
"""

from __future__ import annotations

import re
from pathlib import Path

from sitebuild.errors import SourceError

HTML_TAG = re.compile(r"<(?P<name>[A-Za-z/!?][^\s>/<]*)")
"""Where a raw HTML tag, comment or declaration starts (``<script``, ``</div``, ``<!--``): a
``<`` directly followed by a letter, ``/``, ``!`` or ``?``. Note: no closing ``>`` is needed, as
browsers start a tag without one (``<script <>``); ``5 < 10`` stays text."""
AUTOLINK = re.compile(
    r"<(?:(?:https?://|mailto:)[^\s<>\"'`]*|[^\s<>\"'`@/:]+@[^\s<>\"'`@/:]+\.[A-Za-z]{2,})>",
    re.IGNORECASE,
)
"""A web or e-mail address in angle brackets (``<https://...>``, ``<chief@fresno.gov>``)."""
COMMENT = re.compile(r"<!--(?!-?>)(?:(?!--).)*-->", re.DOTALL)
"""A note to editors; it is never published. No ``--`` inside: browsers end a comment at
``--!>`` too."""
LINK_DESTINATION = re.compile(r"\]\(\s*(?P<target><[^>\n]*>|[^\s)]*)")
SAFE_TARGET = re.compile(r"(?:https?://|mailto:)[^\s<>\"'`]+", re.IGNORECASE)
"""A link staff may write (use ``fullmatch``)."""

PLACEHOLDER_PREFIX = "TODO"
"""``new-session`` and ``new-speaker`` start every value staff must replace with this word."""


def line_at(first_line: int, text: str, position: int) -> int:
    """The file line of ``text[position]``, when ``text`` starts on ``first_line``."""
    return first_line + text.count("\n", 0, position)


def check_field_text(path: Path, line: int, label: str, value: str) -> list[SourceError]:
    """A front-matter value is plain text: no HTML tags (autolinks are shown as written)."""
    tags = [tag for tag in HTML_TAG.finditer(value) if not AUTOLINK.match(value, tag.start())]
    return [
        SourceError(
            path, line, f"{label}: raw HTML '<{tag['name']}' is not allowed; write plain text"
        )
        for tag in tags[:1]
    ]


def is_placeholder(value: str) -> bool:
    """True if ``value`` is text the scaffolding wrote for staff to replace."""
    return value.lstrip().upper().startswith(PLACEHOLDER_PREFIX)
