"""The live preview's memory: what changed since the last good update, and what to redo.

After the first update, when the only change is to the words of speaker, session or issue files
(front matter unchanged, no file added or removed, nothing else changed), only those words are
checked again (``pipeline.recheck``: every check they can affect, and no other) and only the
pages the page registry says show them are rendered (the meeting page, the speaker's page, the
references page). Any other change (``mkdocs.yml`` too: the site's address is on many pages)
checks every source and regenerates everything. A file
whose bytes are unchanged is not rewritten. The open-data downloads under ``data/`` are
refreshed by full regenerations only (writing them took longer than the rest of an update);
``build`` always writes them.
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from stat import S_ISDIR
from typing import Any

from sitebuild.config import SiteLayout
from sitebuild.errors import SourceError
from sitebuild.links import SESSION_FILE
from sitebuild.load.documents import DocumentCache
from sitebuild.model import Archive, KeyPath
from sitebuild.pages import PageKind
from sitebuild.paragraphs import cited_keys
from sitebuild.pipeline import BuildResult, generate, recheck, renderer_for
from sitebuild.site import BuildLocked, build_lock, write_changed

Snapshot = dict[str, tuple[int, int]]
"""Each source file (its path below the project root, with ``/``) with its modification time and
size. (Strings, not paths: at 5,000 remarks making a ``Path`` of every file took longer than
looking at them.)"""


def snapshot_sources(layout: SiteLayout) -> Snapshot:
    """Modification time and size of every file the pages are made from, settings included."""
    files: Snapshot = {}
    root = layout.root
    try:
        stat = (root / layout.config_file).stat()
        files[layout.config_file.as_posix()] = (stat.st_mtime_ns, stat.st_size)
    except OSError:
        pass  # not there; the checks report it
    folders = [layout.speakers_dir.as_posix(), layout.docs_dir.as_posix()]
    while folders:
        folder = folders.pop()
        try:
            entries = list(os.scandir(os.path.join(root, folder)))
        except OSError:
            continue  # removed while looking, or not there; the checks report it
        for entry in entries:
            try:
                stat = entry.stat(follow_symlinks=False)
            except OSError:
                continue  # removed while looking; the next look sees it gone
            if S_ISDIR(stat.st_mode):
                folders.append(f"{folder}/{entry.name}")
            else:
                files[f"{folder}/{entry.name}"] = (stat.st_mtime_ns, stat.st_size)
    return files


@dataclass
class Update:
    """What one preview update did."""

    result: BuildResult
    full: bool
    """True if every page was regenerated, False if only the pages of the edited files."""
    pages: list[PurePosixPath] = field(default_factory=list)
    """The pages rendered for an edit to words only (empty after a full regeneration)."""
    rewritten: list[PurePosixPath] = field(default_factory=list)
    """Of those, the ones whose bytes changed (the rest were left alone)."""


@dataclass
class Preview:
    """The live preview's memory of the last good state of the sources."""

    layout: SiteLayout
    cache: DocumentCache = field(default_factory=DocumentCache)
    written: Snapshot = field(default_factory=dict)
    """The sources as of the last successful update (empty before the first)."""
    front_matter: dict[Path, tuple[dict[str, Any], dict[KeyPath, int]]] = field(
        default_factory=dict
    )
    """Each source file's front matter (its fields and their lines) as of the last successful
    update: the same values on other lines are a change too (messages and the registry name
    those lines)."""
    last_good: BuildResult | None = None
    """The result of the last successful update (its archive is what search finds)."""

    @property
    def archive(self) -> Archive | None:
        """The archive as of the last successful update."""
        return None if self.last_good is None else self.last_good.archive

    def update(self) -> Update:
        """Check every source, then write what changed since the last successful update."""
        current = snapshot_sources(self.layout)
        changed = {
            Path(path)
            for path in current.keys() | self.written.keys()
            if current.get(path) != self.written.get(path)
        }
        words_only = bool(self.written) and self._words_only(changed, current)
        if words_only and self.last_good is not None:
            result = recheck(self.layout, self.cache, self.last_good, changed)
        else:
            result = generate(self.layout, self.cache, wait=True, preview=True)
        if result.errors or result.archive is None or result.registry is None:
            return Update(result, full=not words_only)
        pages: list[PurePosixPath] = []
        rewritten: list[PurePosixPath] = []
        if words_only:
            started = time.perf_counter()
            renderer = renderer_for(self.layout, result)
            showing = result.registry.pages_showing(changed)
            if self.archive is not None and same_citations(
                self.archive, result.archive, changed, self.layout.speakers_dir
            ):
                # Note: the references page shows only where each source is cited.
                showing = [page for page in showing if page.kind is not PageKind.REFERENCES]
            rendered = {page.path: renderer.render(page) for page in showing}
            folder = self.layout.root / self.layout.generated_docs_dir
            try:
                with build_lock(self.layout, wait=True):
                    rewritten = write_changed(folder, rendered)
            except BuildLocked as refusal:  # pragma: no cover (waits instead)
                result.errors = [SourceError(self.layout.lock_file, None, str(refusal))]
                return Update(result, full=False)
            result.timings["render"] = time.perf_counter() - started
            pages = list(rendered)
        self.written = current
        self.last_good = result
        if not words_only:  # else every front matter is as it was (that is what it means)
            self.front_matter = {
                path: (document.data, document.lines)
                for path in map(Path, current)
                if (document := self.cache.document(path)) is not None
            }
        return Update(result, full=not words_only, pages=pages, rewritten=rewritten)

    def _words_only(self, changed: set[Path], current: Snapshot) -> bool:
        """True if every change is to the words below a source file's front matter."""
        for path in changed:
            if path.as_posix() not in current or path.as_posix() not in self.written:
                return False
            speakers = self.layout.speakers_dir
            if not (path.suffix == ".md" and path.is_relative_to(speakers)):
                return False
            if len(path.relative_to(speakers).parts) != 2:
                return False
            document = self.cache.load(path, self.layout.root, [])
            front_matter = None if document is None else (document.data, document.lines)
            if front_matter is None or front_matter != self.front_matter.get(path):
                return False
        return True


def same_citations(before: Archive, after: Archive, changed: set[Path], speakers: Path) -> bool:
    """True if no source file in ``changed`` cites other sources than it did ``before``.

    For an edit to words only (names, titles and order are in the front matter, unchanged).
    """
    for path in changed:
        folder, _, name = path.relative_to(speakers).as_posix().partition("/")
        cited = []
        for archive in (before, after):
            if name == SESSION_FILE:
                session = archive.session_by_slug(folder)
                cited.append(None if session is None else cited_keys(session.body))
            else:
                remark = archive.remark_by_key(folder, name.removesuffix(".md"))
                cited.append(None if remark is None else cited_keys(remark.body))
        if cited[0] != cited[1]:
            return False
    return True


def report(update: Update) -> bool:
    """Print the problems of an update, if any. True if it succeeded."""
    result = update.result
    for error in result.errors:
        print(error, file=sys.stderr, flush=True)
    if result.errors:
        print(
            f"{len(result.errors)} problem(s): the preview still shows the last good version. "
            "Fix them and save; the preview updates by itself.",
            file=sys.stderr,
            flush=True,
        )
        return False
    return True
