"""Load: source files to raw documents, refusing what cannot be read safely.

Reads ``speakers/**`` and ``docs/**``; writes nothing. ``files`` finds and reads files without
following links or reading without bound; ``yaml_text`` parses YAML without anchors, tags or
repeated keys; ``documents`` splits a file into front matter and body, with the file line of
every key. Every problem is a ``SourceError``.
"""

from __future__ import annotations

from sitebuild.config import INVISIBLE, invisible_message
from sitebuild.load.documents import (
    DocumentCache,
    load_document,
    load_yaml_file,
    split_front_matter,
)
from sitebuild.load.files import (
    SourceTree,
    read_bytes,
    read_text,
    scan_tree,
)
from sitebuild.load.yaml_text import parse_yaml
from sitebuild.model import KeyPath, RawDocument

__all__ = [
    "INVISIBLE",
    "DocumentCache",
    "KeyPath",
    "RawDocument",
    "SourceTree",
    "invisible_message",
    "load_document",
    "load_yaml_file",
    "parse_yaml",
    "read_bytes",
    "read_text",
    "scan_tree",
    "split_front_matter",
]
