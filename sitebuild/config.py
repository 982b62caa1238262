"""Settings: where the build reads and writes, and the limits it holds sources to.

Every stage reads these; none writes them. Paths are relative to the project root.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


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


SOURCE_MAX_BYTES = 256 * 1024
"""The largest speaker, session, topic or reference file read (the largest real one is 8 KB)."""

PUBLISHED_MAX_BYTES = 64 * 1024 * 1024
"""The largest list of published addresses read (it grows with the archive)."""

YAML_MAX_DEPTH = 4
"""Front matter nests at most this deep: fields, the photo list, a photo, its people."""

SLUG_MAX_LENGTH = 80
"""The longest file, folder, key or alias name: addresses stay readable and paths legal."""

PHOTO_MAX_BYTES = 20 * 1024 * 1024
"""The largest photo file copied into the site."""
