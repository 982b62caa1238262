"""Read source files: bytes to text, front matter to YAML data with line numbers.

Reads ``speakers/**/*.md`` and ``speakers/topics.yml``; writes nothing. The result is a
``RawDocument`` per file, whose ``line_of`` maps any key path (``("photos", 0, "caption")``) to
the line of the file it was written on, so later stages can report ``path:line``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar, cast

import yaml

from sitebuild.errors import SourceError

Derived = TypeVar("Derived")

KeyPath = tuple[str | int, ...]

# PyYAML's C parser when it is installed (several times faster); both refuse Python tags.
SAFE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class RawDocument:
    """A source file split into front-matter data and Markdown body."""

    path: Path
    data: dict[str, Any]
    lines: dict[KeyPath, int] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1

    def line_of(self, *key: str | int) -> int:
        """Return the file line of ``key`` (or of its nearest known parent)."""
        path: KeyPath = tuple(key)
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path, 1)


def read_text(path: Path, root: Path, errors: list[SourceError]) -> str | None:
    """Read a UTF-8 file, accepting a byte-order mark and Windows line endings.

    Returns ``None`` (and records an error) when the file is not valid UTF-8.
    """
    data = (root / path).read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as problem:
        line = data[: problem.start].count(b"\n") + 1
        errors.append(
            SourceError(
                path,
                line,
                "the file is not UTF-8 text (byte "
                f"0x{data[problem.start]:02x}); save it again as UTF-8 in your editor",
            )
        )
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


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


def parse_yaml(
    path: Path, yaml_text: str, first_line: int, errors: list[SourceError]
) -> tuple[Any, dict[KeyPath, int]] | None:
    """Parse YAML safely, returning the data and a map from key paths to file lines.

    ``first_line`` is the file line of the YAML text's first line. Tags that would construct
    Python objects are refused by PyYAML's safe loader and reported like any other error.
    """
    for offset, text_line in enumerate(yaml_text.split("\n")):
        indent = text_line[: len(text_line) - len(text_line.lstrip())]
        if "\t" in indent:
            errors.append(
                SourceError(
                    path,
                    first_line + offset,
                    "a tab is used to indent; YAML needs spaces, so replace the tab with spaces",
                )
            )
            return None
    fast = _parse_fast(yaml_text)
    if fast is not None:
        data, node = fast
        lines: dict[KeyPath, int] = {}
        if node is not None:
            _record_lines(node, (), first_line, lines)
        return data, lines
    # The fast parser failed: parse again with PyYAML's own, whose messages are clearer.
    try:
        loader = yaml.SafeLoader(yaml_text)
    except yaml.reader.ReaderError as problem:
        line = first_line + yaml_text[: problem.position].count("\n")
        errors.append(
            SourceError(
                path,
                line,
                f"this line contains an invisible control character (#x{problem.character:04x}) "
                "that is not allowed; retype the line",
            )
        )
        return None
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as problem:
        mark = problem.problem_mark or problem.context_mark
        reason = problem.problem or problem.context or "invalid YAML"
        if "end of stream" in reason and problem.context_mark is not None:
            # Note: an unclosed quote is found only at the end; point at where it opened.
            mark = problem.context_mark
            reason = f"{problem.context}, {reason}; close the quote on this line"
        reason += _yaml_hint(reason)
        line = first_line + mark.line if mark is not None else first_line
        column = f", column {mark.column + 1}" if mark is not None else ""
        if "could not determine a constructor" in reason:
            reason = f"{reason}; tags like !!python/... are not allowed, write plain values"
        errors.append(SourceError(path, line, f"YAML syntax error{column}: {reason}"))
        return None
    except yaml.YAMLError as problem:
        errors.append(SourceError(path, first_line, f"YAML error: {problem}"))
        return None
    except ValueError as problem:
        # Note: PyYAML builds dates itself and raises a plain ValueError for 2014-13-45.
        line = _line_of_bad_date(yaml_text, first_line)
        errors.append(
            SourceError(path, line, f"this date does not exist ({problem}); write YYYY-MM-DD")
        )
        return None
    finally:
        loader.dispose()
    lines = {}
    if node is not None:
        _record_lines(node, (), first_line, lines)
    return data, lines


def _parse_fast(yaml_text: str) -> tuple[Any, yaml.Node | None] | None:
    """Parse with PyYAML's C parser, if installed: (data, node), or None if anything fails."""
    if SAFE_LOADER is yaml.SafeLoader:
        return None
    try:
        loader = SAFE_LOADER(yaml_text)
        try:
            node = loader.get_single_node()
            return (loader.construct_document(node) if node is not None else None), node
        finally:
            loader.dispose()
    except (yaml.YAMLError, ValueError):
        return None


YAML_HINTS = {
    "expected ',' or ']'": "a list that starts with '[' must end with ']'",
    "mapping values are not allowed here": (
        "a value contains ': ', or the line is indented; put the whole value in double quotes "
        "and start the field at the beginning of the line"
    ),
    "expected <block end>, but found": (
        "there is text after a closing quote, or a quote is not closed; check the quotes on "
        "this line and the line above (use “ ” inside a quoted value)"
    ),
    "found character '\\t'": "a tab is used; YAML needs spaces",
    "could not find expected ':'": "each field needs a colon: 'name: value'",
}


def _line_of_bad_date(yaml_text: str, first_line: int) -> int:
    """The line of the first date-like value that is not a real date."""
    for offset, text_line in enumerate(yaml_text.split("\n")):
        for found in re.finditer(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b", text_line):
            try:
                dt.date(*(int(part) for part in found.groups()))
            except ValueError:
                return first_line + offset
    return first_line


def _yaml_hint(reason: str) -> str:
    """A plain-words hint for PyYAML's most common messages."""
    for fragment, hint in YAML_HINTS.items():
        if fragment in reason:
            return f"; {hint}"
    return ""


def _record_lines(
    node: yaml.Node, key: KeyPath, first_line: int, lines: dict[KeyPath, int]
) -> None:
    """Walk a composed YAML node and note the file line of every key and list item."""
    lines[key] = first_line + node.start_mark.line
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            child = (*key, str(key_node.value))
            _record_lines(value_node, child, first_line, lines)
            lines[child] = first_line + key_node.start_mark.line
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record_lines(item, (*key, index), first_line, lines)


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


def find_source_files(speakers_dir: Path, root: Path) -> list[Path]:
    """Every Markdown file under ``speakers_dir``, relative to ``root``, sorted."""
    return sorted(path.relative_to(root) for path in (root / speakers_dir).rglob("*.md"))


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
            stat = (root / path).stat()
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
