"""Validate: raw documents to the typed ``Archive``, with every problem in the sources.

Reads the files ``load`` finds under ``speakers/`` (and ``docs/`` for the hand-written pages);
returns an ``Archive`` and the list of every ``SourceError`` found. Nothing is skipped: a file
with problems adds its errors and the other files are still checked, so one run reports
everything. All checks live in this package: fields (``fields``), one file's words and names
(``documents``, ``text``), photos and stray files (``files``), the shared lists (``lists``),
checks across files (``archive``), published addresses (``published``) and hand-written pages
(``hand_written``).
"""

from __future__ import annotations

import time
from pathlib import Path

from sitebuild.errors import SourceError
from sitebuild.links import ISSUES_FOLDER, SESSION_FILE
from sitebuild.load.documents import DocumentCache
from sitebuild.load.files import scan_tree
from sitebuild.model import Archive, RawDocument
from sitebuild.validate.archive import check_archive
from sitebuild.validate.documents import build_issue, build_session, remark_from
from sitebuild.validate.files import check_other_files
from sitebuild.validate.lists import load_references, load_topics
from sitebuild.validate.ocr import OCR_FILE, load_corrections, ocr_warnings

__all__ = ["load_archive"]


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
    tree = scan_tree(root, speakers_dir)
    errors += tree.problems
    present = set(tree.files)
    topics_path = speakers_dir / "topics.yml"
    topics_broken = False
    if topics_path in present:
        before = len(errors)
        archive.topics = load_topics(topics_path, root, errors)
        topics_broken = any(not error.warning for error in errors[before:])
    elif not any(problem.path == topics_path for problem in tree.problems):
        errors.append(
            SourceError(
                topics_path, None, "the topic list is missing; create it with lines 'key: Label'"
            )
        )
    references_path = speakers_dir / "references.yml"
    if references_path in present:
        archive.references = load_references(references_path, root, errors)
    corrections = load_corrections(speakers_dir / OCR_FILE, root, present, errors)
    source_files = [path for path in tree.files if path.suffix == ".md"]
    documents = []
    issue_docs: list[RawDocument] = []
    issues_dir = speakers_dir / ISSUES_FOLDER
    for path in source_files:
        if path.parent == issues_dir:
            doc = cache.load(path, root, errors)
            if doc is not None and (issue := build_issue(doc, errors)) is not None:
                archive.issues.append(issue)
                issue_docs.append(doc)
            continue
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
            remark = remark_from(cache, root, doc, archive.topics, topics_broken, errors)
            if remark is not None:
                archive.remarks.append(remark)
    speaker_files = {path.stem for path in source_files if path.name != SESSION_FILE}
    errors += ocr_warnings(documents + issue_docs, archive, corrections)
    check_archive(archive, speaker_files, errors)
    check_other_files(root, tree, speakers_dir, archive, errors)
    if timings is not None:
        timings["load"] = loaded - started
        timings["validate"] = time.perf_counter() - loaded
    return archive, errors
