"""Turn raw documents into the typed ``Archive``, and check what spans several files.

Reads the ``RawDocument`` values from ``load``; returns an ``Archive`` and the list of every
``SourceError`` found. Nothing is skipped: a file with problems adds its errors and the other
files are still checked, so one run reports everything.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path
from typing import Any

from sitebuild.errors import SourceError
from sitebuild.fields import REMARK_FIELDS, SESSION_FIELDS, read_fields
from sitebuild.links import SESSION_FILE, is_valid_slug
from sitebuild.load import RawDocument, find_source_files, load_document, load_yaml_file
from sitebuild.model import Archive, Photo, Remark, Session, Topic
from sitebuild.paragraphs import PARAGRAPH_KEY, Block, split_blocks

FOOTNOTE_REF = re.compile(r"\[\^([^\]\s]+)\](?!:)")
FOOTNOTE_DEF = re.compile(r"^\[\^([^\]\s]+)\]:", re.MULTILINE)


def load_archive(
    root: Path, speakers_dir: Path = Path("speakers")
) -> tuple[Archive, list[SourceError]]:
    """Load and check every source under ``speakers_dir``.

    Arguments:
        root: the project folder; every path in the result is relative to it.
        speakers_dir: the sources folder, relative to ``root``.

    Returns:
        The archive built from the files that passed, and every problem found.

    """
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
    for path in find_source_files(speakers_dir, root):
        relative = path.relative_to(speakers_dir)
        if len(relative.parts) != 2:
            errors.append(
                SourceError(
                    path,
                    None,
                    "files belong in a session folder: speakers/<session-slug>/<file>.md",
                )
            )
            continue
        doc = load_document(path, root, errors)
        if doc is None:
            continue
        if path.name == SESSION_FILE:
            session = build_session(doc, errors)
            if session is not None:
                archive.sessions.append(session)
        else:
            remark = build_remark(doc, archive.topics, errors)
            if remark is not None:
                archive.remarks.append(remark)
    speaker_files = {
        path.stem for path in find_source_files(speakers_dir, root) if path.name != SESSION_FILE
    }
    check_archive(archive, speaker_files, errors)
    return archive, errors


def load_topics(path: Path, root: Path, errors: list[SourceError]) -> dict[str, Topic]:
    """Read the controlled topic list: one ``key: Label`` line per topic."""
    doc = load_yaml_file(path, root, errors)
    topics: dict[str, Topic] = {}
    if doc is None:
        return topics
    for key, label in doc.data.items():
        line = doc.line_of(str(key))
        if not isinstance(key, str) or not is_valid_slug(key):
            errors.append(
                SourceError(
                    path, line, f"topic key '{key}' must be lowercase letters, digits and hyphens"
                )
            )
        elif not isinstance(label, str) or not label.strip():
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
    doc: RawDocument, topics: dict[str, Topic], errors: list[SourceError]
) -> Remark | None:
    """Check a speaker file and build its ``Remark``; ``None`` if it has errors."""
    before = len(errors)
    slug = doc.path.stem
    _check_slug(doc.path, slug, "file", errors)
    values: dict[str, Any] = read_fields(doc, doc.data, REMARK_FIELDS, (), errors)
    for index, key in enumerate(values.get("topics", ())):
        if key not in topics:
            errors.append(
                SourceError(
                    doc.path,
                    doc.line_of("topics", index),
                    f"topics: unknown topic '{key}'; use one listed in speakers/topics.yml "
                    "or add it there",
                )
            )
    if not doc.body.strip():
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
    if len([error for error in errors[before:] if not error.warning]):
        return None
    photos = tuple(
        Photo(
            caption=fields["caption"],
            people=fields.get("people", ()),
            after_paragraph=fields.get("after_paragraph"),
            line=doc.line_of("photos", index),
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


def check_paragraph_keys(path: Path, blocks: tuple[Block, ...], errors: list[SourceError]) -> None:
    """Paragraph identifiers are well formed and unique; a paragraph without one is a warning."""
    seen: dict[str, int] = {}
    for block in blocks:
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


def check_archive(archive: Archive, speaker_files: set[str], errors: list[SourceError]) -> None:
    """Checks across files: sessions exist, orders and slugs are unique, references resolve.

    ``speaker_files`` holds the name of every speaker file, valid or not, so that one bad file
    does not make every photo that names its speaker an error too.
    """
    sessions = {session.slug: session for session in archive.sessions}
    orders: dict[tuple[str, int], Remark] = {}
    for remark in sorted(archive.remarks, key=lambda item: item.path.as_posix()):
        session_file = remark.path.parent / SESSION_FILE
        if remark.session not in sessions and not any(
            error.path == session_file for error in errors
        ):
            errors.append(
                SourceError(
                    remark.path,
                    None,
                    f"there is no session file {session_file.as_posix()} for this speaker file; "
                    "create it (see the editing guide)",
                )
            )
        first = orders.setdefault((remark.session, remark.order), remark)
        if first is not remark:
            errors.append(
                SourceError(
                    remark.path,
                    remark.order_line,
                    f"order: {remark.order} is already used by {first.path.as_posix()}; "
                    "each speaker in a session needs a different order",
                )
            )
    for remark in archive.remarks:
        for photo in remark.photos:
            for person in photo.people:
                if person not in speaker_files:
                    errors.append(
                        SourceError(
                            remark.path,
                            photo.line,
                            f"photos: unknown person '{person}'; use the file name of a speaker "
                            "file (without .md)",
                        )
                    )
    _check_footnotes(archive, errors)


def _check_footnotes(archive: Archive, errors: list[SourceError]) -> None:
    """Each footnote marker needs a note in the same session, and each label is used once."""
    texts: dict[str, list[tuple[Path, int, str]]] = defaultdict(list)
    for session in archive.sessions:
        texts[session.slug].append((session.path, session.body_line, session.body))
    for remark in archive.remarks:
        texts[remark.session].append((remark.path, remark.body_line, remark.body))
    for parts in texts.values():
        defined: dict[str, Path] = {}
        for path, first_line, body in parts:
            for match in FOOTNOTE_DEF.finditer(body):
                label = match.group(1)
                line = first_line + body.count("\n", 0, match.start())
                if label in defined:
                    errors.append(
                        SourceError(
                            path,
                            line,
                            f"footnote [^{label}] is defined twice in this session (also in "
                            f"{defined[label].as_posix()}); give one of them another number",
                        )
                    )
                defined.setdefault(label, path)
        for path, first_line, body in parts:
            for match in FOOTNOTE_REF.finditer(body):
                if match.group(1) not in defined:
                    line = first_line + body.count("\n", 0, match.start())
                    errors.append(
                        SourceError(
                            path,
                            line,
                            f"footnote [^{match.group(1)}] has no note; add a line "
                            f"'[^{match.group(1)}]: ...' at the end of the file",
                        )
                    )
