"""Commands that change source files, run by staff on purpose (never by a build).

``number-paragraphs`` gives every remark paragraph a stable identifier, so it can be linked to.
"""

from __future__ import annotations

from pathlib import Path

from sitebuild.links import SESSION_FILE
from sitebuild.load import find_source_files
from sitebuild.paragraphs import number_paragraphs
from sitebuild.site import SiteLayout


def number_paragraph_files(layout: SiteLayout) -> list[tuple[Path, int]]:
    """Add identifiers to unnumbered paragraphs in every speaker file.

    Files are rewritten only where something was added; front matter is kept byte for byte.

    Returns:
        Each changed file with the number of identifiers added to it.

    """
    changed: list[tuple[Path, int]] = []
    for path in find_source_files(layout.speakers_dir, layout.root):
        if path.name == SESSION_FILE:
            continue
        full_path = layout.root / path
        text = full_path.read_text(encoding="utf-8")
        head, separator, body = _split_after_front_matter(text)
        if not separator:
            continue
        new_body, added = number_paragraphs(body)
        if added:
            full_path.write_text(head + separator + new_body, encoding="utf-8")
            changed.append((path, added))
    return changed


def _split_after_front_matter(text: str) -> tuple[str, str, str]:
    """Split at the line that closes the front matter: (front matter, closing line, body)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return text, "", ""
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            return (
                "\n".join(lines[:index]) + "\n",
                lines[index] + "\n",
                "\n".join(lines[index + 1 :]),
            )
    return text, "", ""
