"""The site's settings that the build itself needs from ``mkdocs.yml``: its published address.

Only the top-level ``site_url:`` line is read (the rest of the file is the generator's, and may
use YAML the archive's own reader refuses). The value is checked here, with its line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from sitebuild.config import INVISIBLE
from sitebuild.errors import SourceError
from sitebuild.load.files import read_text

_SITE_URL_LINE = re.compile(r"^site_url:(?:[ \t]+(.*?))?(?:[ \t]+#.*)?[ \t]*$")
"""A top-level ``site_url:`` line; YAML starts a comment at a ``#`` after a space."""
_HOST = re.compile(
    r"(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?::\d{1,5})?"
)
_PATH = re.compile(r"/[A-Za-z0-9._~/%-]*")
EXAMPLE = "https://archive.example.org/"


@dataclass(frozen=True)
class SiteSettings:
    """What the build reads from the site's configuration file."""

    site_url: str | None = None
    """The published address of the site's root, ending in ``/``; None while it is unset."""
    site_url_line: int | None = None
    """The line of ``mkdocs.yml`` that sets it (or None: there is no such line)."""
    invalid: bool = False
    """True when the line is there but its value was refused (its problem is reported)."""


def read_settings(root: Path, config_file: Path, errors: list[SourceError]) -> SiteSettings:
    """Read ``site_url`` from ``config_file``; record a problem (with its line) if it is bad."""
    text = read_text(root / config_file, root, errors)
    if text is None:
        return SiteSettings()
    lines = text.split("\n")
    found = [
        (number, match)
        for number, line in enumerate(lines, start=1)
        if (match := _SITE_URL_LINE.match(line)) is not None
    ]
    if not found:
        return SiteSettings()
    number, match = found[0]
    if len(found) > 1:
        again = ", ".join(str(line) for line, _ in found[1:])
        errors.append(
            SourceError(
                config_file,
                number,
                f"site_url is set more than once (again on line {again}); keep one line",
            )
        )
        return SiteSettings(None, number, invalid=True)
    value = "" if match[1] is None or match[1].startswith("#") else match[1]
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        value = value[1:-1]
    following = lines[number] if number < len(lines) else ""
    problem: str | None
    if not value and following[:1] in (" ", "\t") and following.strip()[:1] not in ("", "#"):
        problem = f"write the address on the same line as site_url:, like `site_url: {EXAMPLE}`"
    elif value.lower() in ("", "null", "~"):
        return SiteSettings(None, number)
    elif value.startswith("!"):
        problem = (
            f"the build reads site_url as written and does not expand '{value.split()[0]}'; "
            f"write the address itself, like `site_url: {EXAMPLE}`"
        )
    else:
        problem = site_url_problem(value)
    if problem is not None:
        errors.append(SourceError(config_file, number, problem))
        return SiteSettings(None, number, invalid=True)
    return SiteSettings(value if value.endswith("/") else value + "/", number)


def site_url_problem(value: str) -> str | None:
    """Why ``value`` cannot be the site's published address (a sentence with the fix)."""
    parts = urlsplit(value)
    fix = f"write the address readers will use, like `site_url: {EXAMPLE}`"
    if INVISIBLE.search(value) or any(character.isspace() for character in value):
        return f"site_url holds spaces or invisible characters; {fix}"
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return f"site_url '{value[:80]}' is not a web address starting with https://; {fix}"
    if parts.username is not None or parts.password is not None:
        return f"site_url must not hold a user name or password; {fix}"
    if not _HOST.fullmatch(parts.netloc.lower()):
        hint = (
            " (write a host name in other scripts in its xn-- form)" if not value.isascii() else ""
        )
        return f"site_url '{value[:80]}' has a host name that is not valid{hint}; {fix}"
    if parts.query or parts.fragment or value.endswith(("?", "#")):
        return f"site_url must not end in a query or '#' part; {fix}"
    if _bad_port(parts.netloc):
        return f"site_url '{value[:80]}' has a port number that is not valid; {fix}"
    if parts.path.endswith((".html", ".htm")):
        return f"site_url must name the site's folder, not a page ('{parts.path}'); {fix}"
    if parts.path and not _PATH.fullmatch(parts.path):
        return f"site_url's path '{parts.path[:60]}' holds characters an address cannot; {fix}"
    return None


def _bad_port(netloc: str) -> bool:
    """True if the address names a port outside 1 to 65535."""
    host, colon, port = netloc.rpartition(":")
    return bool(colon and host and port.isdigit() and not 0 < int(port) < 65536)
