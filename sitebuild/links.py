"""Slugs and page paths: where each generated page lives and how pages link to each other.

Every address on the site is computed here, so a change of URL scheme is a change of one module.
Paths are relative to the generated docs folder (``build/docs``).
"""

from __future__ import annotations

import posixpath
import re
from pathlib import PurePosixPath

SESSION_FILE = "_session.md"
"""The name of the file that describes a session inside its folder."""

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def is_valid_slug(text: str) -> bool:
    """True if ``text`` is lowercase ASCII letters and digits joined by single hyphens."""
    return bool(_SLUG.match(text))


def path_for_session_page(session_slug: str) -> PurePosixPath:
    """The generated Markdown file of a session: ``<slug>.md`` (URL ``/<slug>/``).

    Note: a file rather than ``<slug>/index.md``, so the navigation shows the page's title.
    """
    return PurePosixPath(f"{session_slug}.md")


def anchor_for_remark(remark_slug: str) -> str:
    """The anchor of a remark on its session page: the speaker file's name."""
    return remark_slug


def relative_link(
    from_page: PurePosixPath, to_page: PurePosixPath, anchor: str | None = None
) -> str:
    """A Markdown link target from one generated page to another, with an optional anchor."""
    target = posixpath.relpath(str(to_page), str(from_page.parent))
    return f"{target}#{anchor}" if anchor else target
