"""The archive's two shared lists: topics (``topics.yml``) and cited sources (``references.yml``).

Reads each file through ``load``; returns the typed entries that passed and appends a
``SourceError`` for each entry that did not (bad key, missing or unsafe label or field).
"""

from __future__ import annotations

from pathlib import Path

from sitebuild.errors import SourceError
from sitebuild.links import slug_problem
from sitebuild.load.documents import load_yaml_file
from sitebuild.model import Reference, Topic
from sitebuild.validate.fields import read_fields
from sitebuild.validate.patterns import check_field_text
from sitebuild.validate.schema import REFERENCE_FIELDS


def _is_valid_key(path: Path, line: int, key: object, kind: str, errors: list[SourceError]) -> bool:
    """A key of topics.yml or references.yml must be a slug; report it if not."""
    problem = slug_problem(key, "topic" if kind == "topic" else "source")
    if problem is None:
        return True
    errors.append(SourceError(path, line, f"{kind} key {problem}"))
    return False


def load_references(path: Path, root: Path, errors: list[SourceError]) -> dict[str, Reference]:
    """Read the sources that speaker and session files cite by key."""
    doc = load_yaml_file(path, root, errors)
    references: dict[str, Reference] = {}
    if doc is None:
        return references
    for key, entry in doc.data.items():
        line = doc.line_of(str(key))
        if not _is_valid_key(path, line, key, "source", errors):
            continue
        if not isinstance(entry, dict):
            errors.append(SourceError(path, line, f"source '{key}' needs fields like 'title: ...'"))
            continue
        before = len(errors)
        values = read_fields(doc, entry, REFERENCE_FIELDS, (key,), errors)
        if len(errors) == before:
            references[key] = Reference(
                key=key,
                title=values.text("title"),
                publication=values.text("publication"),
                url=values.text("url"),
                authors=values.items("authors"),
                year=values.optional_number("year"),
                doi=values.optional_text("doi"),
                note=values.optional_text("note"),
            )
    return references


def load_topics(path: Path, root: Path, errors: list[SourceError]) -> dict[str, Topic]:
    """Read the controlled topic list: one ``key: Label`` line per topic."""
    doc = load_yaml_file(path, root, errors)
    topics: dict[str, Topic] = {}
    if doc is None:
        return topics
    for key, label in doc.data.items():
        line = doc.line_of(str(key))
        if not _is_valid_key(path, line, key, "topic", errors):
            continue
        if not isinstance(label, str) or not label.strip():
            errors.append(
                SourceError(path, line, f"topic '{key}' needs a label: {key}: Some Label")
            )
            continue
        problems = check_field_text(path, line, f"topic '{key}'", label)
        errors.extend(problems)
        if not problems:
            topics[key] = Topic(key=key, label=label.strip(), line=line)
    return topics
