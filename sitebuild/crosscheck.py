"""Checks that span several files: sessions exist, identifiers are unique, references resolve.

Reads the ``Archive`` built by ``validate``; appends a ``SourceError`` for every problem.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from sitebuild.crossref import check_text
from sitebuild.errors import SourceError
from sitebuild.links import SESSION_FILE
from sitebuild.model import Archive, Remark, family_name

FOOTNOTE_REF = re.compile(r"\[\^([^\]\s]+)\](?!:)")
FOOTNOTE_DEF = re.compile(r"^\[\^([^\]\s]+)\]:", re.MULTILINE)


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
    for session in archive.sessions:
        check_text(archive, session.path, session.body_line, session.body, errors)
    people = archive.remarks_by_person()
    for remark in archive.remarks:
        check_text(archive, remark.path, remark.body_line, remark.body, errors)
        for photo in remark.photos:
            check_text(archive, remark.path, photo.line, photo.caption, errors)
            for person in photo.people:
                if person in people and find_name(photo.caption, people[person][-1].name) is None:
                    errors.append(
                        SourceError(
                            remark.path,
                            photo.line,
                            f"photos: '{person}' is listed in people but their name is not in "
                            "the caption; check the spelling or the list",
                        )
                    )
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


def find_name(text: str, name: str) -> tuple[int, int] | None:
    """Where a person's name stands in a caption, as (start, end), or None.

    The full name, or else the family name with the given name as printed ("Ed Flynn" for
    Edward A. Flynn).
    """
    start = text.find(name)
    if start >= 0:
        return start, start + len(name)
    match = re.search(rf"(?:\b[A-Z][\w.]*\s)?\b{re.escape(family_name(name))}\b", text)
    return (match.start(), match.end()) if match else None
