"""Check again only what an edit to the words of a few source files can change.

The live preview's common case is an edit below the front matter of a speaker, session or issue
file: no file added or removed, no field changed. Then the archive's structure (its sessions,
speakers, orders, topics, issues, photos) is what it was at the last good update, and only the
checks that read words need to run again:

- each edited file on its own (its fields and words: ``validate.documents``);
- its likely OCR slips;
- the sources and cross-links in its words (an issue's note too), and every cross-link to a
  remark's paragraph anywhere in the archive, photo captions included (an edit may have
  removed that paragraph);
- the footnotes of the sessions it belongs to.

Anything else, or any error found, is left to the full check (``load_archive``), so the
problems reported are always the full check's own; ``tests/test_preview_recheck.py`` compares
the two on many edits.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from sitebuild.errors import SourceError
from sitebuild.links import ISSUES_FOLDER, SESSION_FILE
from sitebuild.load.documents import DocumentCache
from sitebuild.model import Archive, Issue, RawDocument, Remark, Session
from sitebuild.validate.archive import check_footnotes, check_links
from sitebuild.validate.documents import build_issue, build_session, remark_from
from sitebuild.validate.ocr import OCR_FILE, load_corrections, ocr_warnings

PARAGRAPH_LINK = "[[remark:"
"""How every cross-link that may name a paragraph begins (see ``paragraphs.CROSS_LINK``)."""


def recheck_words(
    root: Path,
    speakers_dir: Path,
    previous: Archive,
    changed: Iterable[Path],
    cache: DocumentCache,
) -> tuple[Archive, list[SourceError]] | None:
    """The archive with the edited files' words, and the warnings they now give.

    ``previous`` is the archive of the last update that found no error; ``changed`` are
    speaker, session or issue files whose front matter is unchanged since. Returns ``None``
    when the edit gives an error (or is not to words only): the full check then reports it.
    """
    errors: list[SourceError] = []
    sessions: dict[Path, Session] = {}
    remarks: dict[Path, Remark] = {}
    issues: dict[Path, Issue] = {}
    documents: list[RawDocument] = []
    for path in changed:
        doc = cache.load(path, root, errors)
        if doc is None:
            return None
        built: Session | Remark | Issue | None
        if path.parent == speakers_dir / ISSUES_FOLDER:
            built = build_issue(doc, errors)
        elif path.name == SESSION_FILE:
            built = build_session(doc, errors)
        else:
            built = remark_from(cache, root, doc, previous.topics, False, errors)
        if built is None or not _same_place(previous, built):
            return None
        if isinstance(built, Issue):
            issues[path] = built
        elif isinstance(built, Session):
            sessions[path] = built
        else:
            remarks[path] = built
        documents.append(doc)
    archive = replace(
        previous,
        sessions=[sessions.get(item.path, item) for item in previous.sessions],
        remarks=[remarks.get(item.path, item) for item in previous.remarks],
        issues=[issues.get(item.path, item) for item in previous.issues],
    )
    corrections_path = speakers_dir / OCR_FILE
    present = {corrections_path} if (root / corrections_path).is_file() else set()
    corrections = load_corrections(corrections_path, root, present, errors)
    errors += ocr_warnings(documents, archive, corrections)
    edited = set(sessions) | set(remarks) | set(issues)
    texts: list[Session | Remark | Issue] = [*archive.sessions, *archive.remarks, *archive.issues]
    for item in texts:
        if item.path in edited or PARAGRAPH_LINK in item.body:
            check_links(archive, item.path, item.body_line, item.body, errors)
    for remark in archive.remarks:
        for photo in remark.photos:
            if remark.path in edited or PARAGRAPH_LINK in photo.caption:
                check_links(archive, remark.path, photo.line, photo.caption, errors)
    touched = {session.slug for session in sessions.values()}
    touched |= {remark.session for remark in remarks.values()}
    check_footnotes(archive, errors, touched)
    if any(not error.warning for error in errors):
        return None
    return archive, errors


def _same_place(previous: Archive, built: Session | Remark | Issue) -> bool:
    """True if the file rebuilt from the same fields stands where it stood (as it must)."""
    if isinstance(built, Remark):
        return any(item.path == built.path for item in previous.remarks)
    if isinstance(built, Session):
        return any(item.path == built.path for item in previous.sessions)
    return any(item.path == built.path for item in previous.issues)
