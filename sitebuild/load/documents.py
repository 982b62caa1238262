"""Load documents: a source file's front matter (with line numbers) and its Markdown body.

Reads one speaker, session or YAML list file; writes nothing. ``RawDocument.line_of`` maps any
key path (``("photos", 0, "caption")``) to the line of the file it was written on, so later
stages can report ``path:line``. ``DocumentCache`` keeps documents whose files are unchanged,
for the live preview.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar, cast

from sitebuild.errors import SourceError
from sitebuild.load.files import read_text
from sitebuild.load.yaml_text import parse_yaml
from sitebuild.model import RawDocument

Derived = TypeVar("Derived")


def split_front_matter(
    path: Path, text: str, errors: list[SourceError]
) -> tuple[str, str, int] | None:
    """Split ``text`` into (YAML text, Markdown body, line where the body starts).

    The YAML sits between a first line ``---`` and the next line ``---``.
    """
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        errors.append(
            SourceError(
                path,
                1,
                "the file has no front matter; it must start with a line '---', then the "
                "fields (name: ..., title: ...), then another line '---'",
            )
        )
        return None
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            yaml_text = "\n".join(lines[1:index])
            body = "\n".join(lines[index + 1 :])
            return yaml_text, body, index + 2
    errors.append(
        SourceError(
            path, 1, "the front matter is not closed; add a line '---' after the last field"
        )
    )
    return None


def load_document(path: Path, root: Path, errors: list[SourceError]) -> RawDocument | None:
    """Load one Markdown file with front matter; ``None`` if it cannot be read at all."""
    text = read_text(path, root, errors)
    if text is None:
        return None
    parts = split_front_matter(path, text, errors)
    if parts is None:
        return None
    yaml_text, body, body_line = parts
    parsed = parse_yaml(path, yaml_text, 2, errors)
    if parsed is None:
        return None
    data, lines = parsed
    if not isinstance(data, dict):
        errors.append(
            SourceError(path, 2, "the front matter must be a list of 'field: value' lines")
        )
        return None
    return RawDocument(path=path, data=data, lines=lines, body=body, body_line=body_line)


def load_yaml_file(path: Path, root: Path, errors: list[SourceError]) -> RawDocument | None:
    """Load a plain YAML file (such as ``speakers/topics.yml``) as a ``RawDocument``."""
    text = read_text(path, root, errors)
    if text is None:
        return None
    parsed = parse_yaml(path, text, 1, errors)
    if parsed is None:
        return None
    data, lines = parsed
    if not isinstance(data, dict):
        errors.append(SourceError(path, 1, "the file must be a list of 'key: value' lines"))
        return None
    return RawDocument(path=path, data=data, lines=lines)


@dataclass
class DocumentCache:
    """Documents already loaded, kept while their files are unchanged (for the live preview).

    A file counts as unchanged while its modification time and size are the same.
    """

    entries: dict[Path, tuple[tuple[int, int], RawDocument | None, list[SourceError]]] = field(
        default_factory=dict
    )
    derived: dict[Path, tuple[RawDocument | None, Hashable, object, list[SourceError]]] = field(
        default_factory=dict
    )

    def load(self, path: Path, root: Path, errors: list[SourceError]) -> RawDocument | None:
        """Like ``load_document``, but a file unchanged since last time is not read again."""
        try:
            stat = (root / path).lstat()
        except OSError:
            return load_document(path, root, errors)
        stamp = (stat.st_mtime_ns, stat.st_size)
        entry = self.entries.get(path)
        if entry is None or entry[0] != stamp:
            found: list[SourceError] = []
            entry = self.entries[path] = (stamp, load_document(path, root, found), found)
        errors.extend(entry[2])
        return entry[1]

    def derive(
        self,
        path: Path,
        key: Hashable,
        make: Callable[[list[SourceError]], Derived],
        errors: list[SourceError],
    ) -> Derived:
        """``make(errors)`` for the document at ``path``, kept from last time if possible.

        It is computed again only when the file or ``key`` (whatever else the result depends
        on) has changed.
        """
        document = self.document(path)
        entry = self.derived.get(path)
        if entry is None or entry[0] is not document or entry[1] != key:
            found: list[SourceError] = []
            entry = self.derived[path] = (document, key, make(found), found)
        errors.extend(entry[3])
        return cast(Derived, entry[2])

    def document(self, path: Path) -> RawDocument | None:
        """The document last loaded from ``path``, if any."""
        entry = self.entries.get(path)
        return entry[1] if entry else None
