"""Turn raw documents into the typed ``Archive``, and check what spans several files.

Reads the ``RawDocument`` values from ``load``; returns an ``Archive`` and the list of every
``SourceError`` found. Nothing is skipped: a file with problems adds its errors and the other
files are still checked, so one run reports everything.
"""

from __future__ import annotations

import difflib
import re
import time
from functools import partial
from pathlib import Path
from typing import Any

from sitebuild.crosscheck import check_archive
from sitebuild.errors import SourceError
from sitebuild.fields import REFERENCE_FIELDS, REMARK_FIELDS, SESSION_FIELDS, read_fields
from sitebuild.images import SUPPORTED, check_image, image_stamps
from sitebuild.links import SESSION_FILE, is_valid_slug
from sitebuild.load import (
    DocumentCache,
    RawDocument,
    find_source_files,
    load_yaml_file,
)
from sitebuild.model import Archive, Photo, Reference, Remark, Session, Topic
from sitebuild.paragraphs import PARAGRAPH_KEY, Block, split_blocks


def load_archive(
    root: Path,
    speakers_dir: Path = Path("speakers"),
    timings: dict[str, float] | None = None,
    cache: DocumentCache | None = None,
) -> tuple[Archive, list[SourceError]]:
    """Load and check every source under ``speakers_dir``.

    Arguments:
        root: the project folder; every path in the result is relative to it.
        speakers_dir: the sources folder, relative to ``root``.
        timings: if given, receives the seconds spent loading and validating.
        cache: if given, files unchanged since it last loaded them are not read again.

    Returns:
        The archive built from the files that passed, and every problem found.

    """
    started = time.perf_counter()
    cache = DocumentCache() if cache is None else cache
    errors: list[SourceError] = []
    archive = Archive()
    topics_path = speakers_dir / "topics.yml"
    if (root / topics_path).is_file():
        archive.topics = load_topics(topics_path, root, errors)
    else:
        errors.append(
            SourceError(
                topics_path, None, "the topic list is missing; create it with lines 'key: Label'"
            )
        )
    references_path = speakers_dir / "references.yml"
    if (root / references_path).is_file():
        archive.references = load_references(references_path, root, errors)
    source_files = find_source_files(speakers_dir, root)
    documents = []
    for path in source_files:
        if len(path.relative_to(speakers_dir).parts) != 2:
            errors.append(
                SourceError(
                    path,
                    None,
                    "files belong in a session folder: speakers/<session-slug>/<file>.md",
                )
            )
            continue
        doc = cache.load(path, root, errors)
        if doc is not None:
            documents.append(doc)
    loaded = time.perf_counter()
    for doc in documents:
        if doc.path.name == SESSION_FILE:
            session = build_session(doc, errors)
            if session is not None:
                archive.sessions.append(session)
        else:
            remark = cache.derive(
                doc.path,
                (tuple(archive.topics), image_stamps(root, doc)),
                partial(build_remark, root, doc, archive.topics),
                errors,
            )
            if remark is not None:
                archive.remarks.append(remark)
    speaker_files = {path.stem for path in source_files if path.name != SESSION_FILE}
    check_archive(archive, speaker_files, errors)
    check_other_files(root, speakers_dir, archive, errors)
    if timings is not None:
        timings["load"] = loaded - started
        timings["validate"] = time.perf_counter() - loaded
    return archive, errors


TOP_LEVEL_FILES = {"topics.yml", "references.yml", "published-urls.txt"}


def check_other_files(
    root: Path, speakers_dir: Path, archive: Archive, errors: list[SourceError]
) -> None:
    """Every file under ``speakers/`` is one the build reads; nothing is skipped unnoticed."""
    photos = {
        remark.path.parent / photo.image
        for remark in archive.remarks
        for photo in remark.photos
        if photo.image
    }
    for full_path in sorted((root / speakers_dir).rglob("*")):
        if full_path.suffix == ".md":
            continue  # read as a source (or reported as misplaced) by load_archive
        path = full_path.relative_to(root)
        inside = path.relative_to(speakers_dir)
        if full_path.is_dir() or any(part.startswith(".") for part in inside.parts):
            continue
        if path.suffix == ".md" or (len(inside.parts) == 1 and inside.name in TOP_LEVEL_FILES):
            continue
        if path.suffix.lower() in SUPPORTED:
            if path not in photos:
                errors.append(
                    SourceError(
                        path,
                        None,
                        "this photo is not used by any speaker file; name it in a photo's "
                        "'image:' field, or remove it",
                        warning=True,
                    )
                )
            continue
        errors.append(
            SourceError(
                path,
                None,
                "the build does not read this file: speaker and session files must end in "
                f"'.md' (rename it to {path.stem.split('.')[0]}.md if it is one)",
            )
        )


def _is_valid_key(path: Path, line: int, key: object, what: str, errors: list[SourceError]) -> bool:
    """A key of topics.yml or references.yml must be a slug; report it if not."""
    if isinstance(key, str) and is_valid_slug(key):
        return True
    errors.append(
        SourceError(path, line, f"{what} key '{key}' must be lowercase letters, digits and hyphens")
    )
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
            references[key] = Reference(key=key, **values)
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
        else:
            topics[key] = Topic(key=key, label=label.strip())
    return topics


def _check_slug(path: Path, slug: str, what: str, errors: list[SourceError]) -> bool:
    if is_valid_slug(slug):
        return True
    errors.append(
        SourceError(
            path,
            None,
            f"the {what} name '{slug}' must use only lowercase letters, digits and hyphens "
            "(like 'janee-harteau'); rename it",
        )
    )
    return False


def build_session(doc: RawDocument, errors: list[SourceError]) -> Session | None:
    """Check a ``_session.md`` file and build its ``Session``; ``None`` if it has errors."""
    before = len(errors)
    slug = doc.path.parent.name
    _check_slug(doc.path.parent, slug, "session folder", errors)
    values: dict[str, Any] = read_fields(doc, doc.data, SESSION_FIELDS, (), errors)
    start, end = values.get("start"), values.get("end")
    if start is not None and end is not None and end < start:
        errors.append(
            SourceError(doc.path, doc.line_of("end"), f"end: {end} is before start {start}")
        )
    if len(errors) > before:
        return None
    return Session(
        slug=slug,
        path=doc.path,
        title=values["title"],
        headline=values["headline"],
        kind=values["kind"],
        theme=values["theme"],
        place=values["place"],
        start=values["start"],
        end=values.get("end"),
        order=values["order"],
        summary=values["summary"],
        pages=values.get("pages", ()),
        aliases=values.get("aliases", ()),
        body=doc.body.strip("\n"),
        body_line=doc.body_line,
    )


def build_remark(
    root: Path, doc: RawDocument, topics: dict[str, Topic], errors: list[SourceError]
) -> Remark | None:
    """Check a speaker file and build its ``Remark``; ``None`` if it has errors."""
    before = len(errors)
    slug = doc.path.stem
    _check_slug(doc.path, slug, "file", errors)
    values: dict[str, Any] = read_fields(doc, doc.data, REMARK_FIELDS, (), errors)
    for index, key in enumerate(values.get("topics", ())):
        if key not in topics:
            close = difflib.get_close_matches(key, list(topics), n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'? " if close else ""
            errors.append(
                SourceError(
                    doc.path,
                    doc.line_of("topics", index),
                    f"topics: unknown topic '{key}'; {hint}use one listed in speakers/topics.yml "
                    "or add it there",
                )
            )
    if not re.sub(r"<!--.*?-->", "", doc.body, flags=re.DOTALL).strip():
        errors.append(
            SourceError(
                doc.path,
                doc.body_line - 1,
                "the remarks are empty; write the speaker's words below the closing '---'",
            )
        )
    blocks = tuple(split_blocks(doc.body, doc.body_line))
    check_paragraph_keys(doc.path, blocks, errors)
    for index, fields in values.get("photos", []):
        after = fields.get("after_paragraph")
        if after is not None and after > len(blocks):
            errors.append(
                SourceError(
                    doc.path,
                    doc.line_of("photos", index, "after_paragraph"),
                    f"photos.{index}.after_paragraph: {after} is more than the {len(blocks)} "
                    "paragraphs of the remarks; leave it out to place the photo at the end",
                )
            )
    sizes = {
        index: check_image(root, doc, index, fields["image"], errors)
        for index, fields in values.get("photos", [])
        if "image" in fields
    }
    if len([error for error in errors[before:] if not error.warning]):
        return None
    photos = tuple(
        Photo(
            caption=fields["caption"],
            people=fields.get("people", ()),
            after_paragraph=fields.get("after_paragraph"),
            line=doc.line_of("photos", index),
            image=fields.get("image"),
            size=sizes.get(index),
        )
        for index, fields in values.get("photos", [])
    )
    return Remark(
        slug=slug,
        session=doc.path.parent.name,
        path=doc.path,
        name=values["name"],
        title=values["title"],
        agency=values.get("agency"),
        byline=values["byline"],
        headline=values["headline"],
        order=values["order"],
        order_line=doc.line_of("order"),
        pages=values.get("pages", ()),
        topics=values["topics"],
        photos=photos,
        aliases=values.get("aliases", ()),
        blocks=blocks,
        body=doc.body.strip("\n"),
        body_line=doc.body_line,
    )


KNOWN_CLASSES = ("dialogue-turn",)
"""Classes a speaker file may give a paragraph (``{: #p3 .dialogue-turn }``)."""


def check_paragraph_keys(path: Path, blocks: tuple[Block, ...], errors: list[SourceError]) -> None:
    """Paragraph identifiers are well formed and unique; a paragraph without one is a warning."""
    seen: dict[str, int] = {}
    for block in blocks:
        for name in block.classes:
            if name not in KNOWN_CLASSES:
                close = difflib.get_close_matches(name, KNOWN_CLASSES, n=1, cutoff=0.6)
                hint = f"did you mean '.{close[0]}'?" if close else "remove it"
                errors.append(
                    SourceError(path, block.line, f"unknown paragraph style '.{name}'; {hint}")
                )
        if block.key is None:
            if block.is_paragraph:
                errors.append(
                    SourceError(
                        path,
                        block.line,
                        "this paragraph has no identifier, so it cannot be linked to; run "
                        "'python build_site.py number-paragraphs' to add one",
                        warning=True,
                    )
                )
        elif not PARAGRAPH_KEY.match(block.key):
            errors.append(
                SourceError(
                    path,
                    block.line,
                    f"paragraph identifier '#{block.key}' must be 'p' and a number, like #p4",
                )
            )
        elif block.key in seen:
            errors.append(
                SourceError(
                    path,
                    block.line,
                    f"paragraph identifier '#{block.key}' is already used on line "
                    f"{seen[block.key]}; run 'python build_site.py number-paragraphs' after "
                    "removing one of them",
                )
            )
        if block.key is not None:
            seen.setdefault(block.key, block.line)
