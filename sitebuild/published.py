"""Links that never break: check the committed list of published addresses.

Reads ``speakers/published-urls.txt`` (one site-relative address a line, ``#`` comments) and
the archive; returns an error for every published address the build would no longer serve,
unless an alias keeps it alive. ``build_site.py publish`` adds the current addresses to the list.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from sitebuild.errors import SourceError
from sitebuild.export import public_addresses
from sitebuild.links import (
    anchor_for_paragraph,
    anchor_for_remark,
    path_for_session_page,
    path_for_speaker_page,
    url_for_page,
)
from sitebuild.model import Archive

PUBLISHED_FILE = Path("speakers/published-urls.txt")
HEADER = (
    "# Every address of the site that has been published. Do not remove lines: the build fails\n"
    "# if one of these would stop working, unless an alias keeps it alive (see the editing\n"
    "# guide).\n"
    "# Add the current addresses with: python build_site.py publish\n"
)


def redirects(archive: Archive) -> dict[PurePosixPath, PurePosixPath]:
    """Old page → new page, for every session and speaker alias."""
    moved: dict[PurePosixPath, PurePosixPath] = {}
    for session in archive.sessions:
        for alias in session.aliases:
            moved[path_for_session_page(alias)] = path_for_session_page(session.slug)
    people = archive.remarks_by_person()
    for remark in archive.remarks:
        for alias in remark.aliases:
            if alias not in people:
                moved[path_for_speaker_page(alias)] = path_for_speaker_page(remark.slug)
    return moved


def reachable_addresses(archive: Archive, hand_written: list[str]) -> set[str]:
    """Every address that lands somewhere: current ones, aliases and redirected pages."""
    current = set(public_addresses(archive, hand_written))
    reachable = set(current)
    for remark in archive.remarks:
        page = path_for_session_page(remark.session)
        for alias in remark.aliases:
            reachable.add(url_for_page(page, anchor_for_remark(alias)))
            for block in remark.blocks:
                if block.key is not None:
                    reachable.add(url_for_page(page, anchor_for_paragraph(alias, block.key)))
    anchored = reachable.copy()
    for old, new in redirects(archive).items():
        old_url, new_url = url_for_page(old), url_for_page(new)
        reachable.add(old_url)
        reachable |= {
            old_url + url[len(new_url) :] for url in anchored if url.startswith(new_url + "#")
        }
    return reachable


def read_published(root: Path) -> list[tuple[int, str]]:
    """The published addresses with their line numbers; an absent file means none yet."""
    path = root / PUBLISHED_FILE
    if not path.is_file():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [
        (number, line.strip())
        for number, line in enumerate(lines, start=1)
        if line.strip() and not line.lstrip().startswith("#")
    ]


def check_published(root: Path, archive: Archive, hand_written: list[str]) -> list[SourceError]:
    """An error for each published address that would no longer exist."""
    reachable = reachable_addresses(archive, hand_written)
    errors = []
    for number, address in read_published(root):
        if address in reachable:
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


def publish(root: Path, archive: Archive, hand_written: list[str]) -> int:
    """Add every current address to the published list; returns how many were new."""
    known = {address for _, address in read_published(root)}
    current = set(public_addresses(archive, hand_written))
    new = current - known
    path = root / PUBLISHED_FILE
    body = "".join(f"{address}\n" for address in sorted(known | current))
    path.write_text(HEADER + body, encoding="utf-8")
    return len(new)
