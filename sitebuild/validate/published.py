"""Links that never break: check the committed list of published addresses.

Reads ``speakers/published-urls.txt`` (one site-relative address a line, ``#`` comments) and
the addresses the page registry says the site will serve; returns an error for every published
address that would no longer exist, unless an alias keeps it alive.
"""

from __future__ import annotations

from pathlib import Path

from sitebuild.config import PUBLISHED_MAX_BYTES
from sitebuild.errors import SourceError
from sitebuild.load.files import read_text

PUBLISHED_FILE = Path("speakers/published-urls.txt")


def read_published(root: Path, errors: list[SourceError]) -> list[tuple[int, str]]:
    """The published addresses with their line numbers; an absent file means none yet."""
    if not (root / PUBLISHED_FILE).exists() and not (root / PUBLISHED_FILE).is_symlink():
        return []
    text = read_text(PUBLISHED_FILE, root, errors, PUBLISHED_MAX_BYTES)
    if text is None:
        return []
    published = []
    for number, line in enumerate(text.split("\n"), start=1):
        address = line.strip()
        if not address or address.startswith("#"):
            continue
        if not address.startswith("/") or any(character.isspace() for character in address):
            errors.append(
                SourceError(
                    PUBLISHED_FILE,
                    number,
                    f"'{address[:60]}' is not an address of this site; each line must be one "
                    "address starting with '/', like /town-hall-2014/",
                )
            )
            continue
        published.append((number, address))
    return published


def check_published(
    published: list[tuple[int, str]], reachable: set[str], failed: set[Path]
) -> list[SourceError]:
    """An error for each published address that would no longer exist.

    An address that belongs to a source file with errors of its own (in ``failed``) is not
    reported again: fixing that file brings it back.
    """
    blamed = {part for path in failed for part in (path.parent.name, path.stem)}
    errors = []
    for number, address in published:
        if address in reachable or _names(address) & blamed:
            continue
        errors.append(
            SourceError(
                PUBLISHED_FILE,
                number,
                f"the published address '{address}' would no longer exist; if you renamed a "
                "speaker or session file, add its old name to 'aliases:' in the renamed file",
            )
        )
    return errors


def _names(address: str) -> set[str]:
    """The file and folder names an address is made of (``/a/#b--p1`` → a, b)."""
    page, _, anchor = address.partition("#")
    return {part for part in page.split("/") if part} | {anchor.split("--")[0]} - {""}
