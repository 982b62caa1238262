"""Settings: where the build reads and writes, and the limits it holds sources to.

Every stage reads these; none writes them. Paths are relative to the project root.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal


@dataclass(frozen=True)
class SiteLayout:
    """Where the build reads and writes, relative to the project root."""

    root: Path
    docs_dir: Path = Path("docs")
    speakers_dir: Path = Path("speakers")
    generated_docs_dir: Path = Path("build/docs")
    snippets_dir: Path = Path("build/snippets")
    site_dir: Path = Path("site")
    config_file: Path = Path("mkdocs.yml")
    lock_file: Path = Path("build/.lock")
    strict: bool = False
    """Treat warnings (optional things missing, placeholders left in) as errors."""
    engine: str | None = None
    """The site generator ``--engine`` names; ``None`` reads ``mkdocs.yml`` (see ``engine``)."""


SOURCE_MAX_BYTES = 256 * 1024
"""The largest speaker, session, topic or reference file read (the largest real one is 8 KB)."""

PUBLISHED_MAX_BYTES = 64 * 1024 * 1024
"""The largest list of published addresses read (it grows with the archive)."""

YAML_MAX_DEPTH = 4
"""Front matter nests at most this deep: fields, the photo list, a photo, its people."""

SlugKind = Literal["session", "speaker", "topic", "source"]
"""What a name (a slug) names; each kind has its own reserved names."""

SLUG_MAX_LENGTH = 80
"""The longest file, folder, key or alias name: addresses stay readable and paths legal."""

PHOTO_MAX_BYTES = 20 * 1024 * 1024
"""The largest photo file copied into the site."""
EDITION_MAX_BYTES = 100 * 1024 * 1024
"""The largest print edition (PDF) the build copies into the site."""

INVISIBLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u2028\u2029\u202a-\u202e\u2066-\u2069"
    "\ufeff\ufffe\uffff\ud800-\udfff]"
)
"""Characters nobody can see or type on purpose: control characters, text-direction
overrides (which can make words read differently than they are), zero-width spaces, line and
paragraph separators, byte-order marks inside the text, and halves of emoji pairs."""


def invisible_message(character: str) -> str:
    """What to say about an invisible character found on a line."""
    return (
        f"this line contains an invisible character (#x{ord(character):04x}) that is not "
        "allowed; retype the line (it often comes with text pasted from Word or the web)"
    )


ISSUE_DATE = re.compile(r"(?P<year>[12][0-9]{3})(?:-(?P<month>0[1-9]|1[0-2]))?")
"""An issue's date known to the year or the month (``2015``, ``2015-03``)."""
