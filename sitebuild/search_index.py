"""The search index: Pagefind's bundle, written into the built site before it is published.

Pagefind (from PyPI, its binary inside the wheel) indexes the records ``render.search`` made
from the archive, not the HTML, so search works the same whichever generator built the pages.
The bundle is written into a fresh folder beside ``pagefind/``, checked, then swapped into
place in one step, so a reader never finds a half-written index; a bundle that is missing or
incomplete is a build error, never a search box that silently finds nothing.
"""

from __future__ import annotations

import base64
import json
import multiprocessing
import multiprocessing.process
import os
import select
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from sitebuild.links import SEARCH_BUNDLE_DIR
from sitebuild.model import Archive
from sitebuild.render.search import SearchRecord, search_records
from sitebuild.site import swap_into_place

LANGUAGE = "en"
BACKGROUND_NICENESS = 10
"""How much lower the preview's background indexing runs than the preview itself."""
QUIET_SECONDS = 1.0
"""The preview indexes once edits have paused this long (indexing competes with rebuilds)."""
ANSWER_SECONDS = 600
"""How long Pagefind may take to answer one request before the build gives up on it."""
WRITE_SECONDS = 10
"""How long its entry file may take to appear whole after Pagefind said it wrote the bundle."""
UNUSED_FILES = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
    "wasm.unknown.pagefind",
)
"""Pagefind's ready-made interfaces and the index for unknown languages: the archive uses its
own search page (``docs/javascripts/search.js``) and indexes English only."""
REQUIRED_FILES = (
    "pagefind.js",
    "pagefind-worker.js",
    "pagefind-entry.json",
    f"wasm.{LANGUAGE}.pagefind",
)


class SearchIndexError(Exception):
    """The search index could not be written; the message says why, in plain words."""


def write_search_index(records: Sequence[SearchRecord], site: Path) -> None:
    """Index ``records`` into ``site/pagefind/``, replacing the bundle there in one step.

    Raises:
        SearchIndexError: Pagefind could not run, or wrote an incomplete bundle; the site's
            current bundle (if any) is left as it was.

    """
    fresh = Path(tempfile.mkdtemp(prefix=".pagefind-", dir=site))
    try:
        try:
            _index(records, fresh)
        except (OSError, ValueError, KeyError) as error:
            raise SearchIndexError(f"Pagefind could not index the site ({error})") from None
        for name in UNUSED_FILES:
            (fresh / name).unlink(missing_ok=True)
        check_bundle(fresh, len(records))
        fresh.chmod(0o755)
        swap_into_place(fresh, site / SEARCH_BUNDLE_DIR)
    finally:
        shutil.rmtree(fresh, ignore_errors=True)


def _index(records: Sequence[SearchRecord], output: Path) -> None:
    """Run Pagefind's indexing service, give it every record, and have it write the bundle.

    Note: Pagefind's own Python client waits a tenth of a second for each answer (25,000
    paragraphs would take 40 minutes), so this speaks its service protocol directly: messages of
    base64-encoded JSON, each followed by a comma, answered in the same form.
    """
    from pagefind.service import get_executable  # here: only builds need it

    executable = get_executable()
    if executable is None:
        raise SearchIndexError("Pagefind's program is not installed")
    with subprocess.Popen(
        [str(executable), "--service"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    ) as process:
        try:
            service = _Service(process)
            created = service.ask([{"type": "NewIndex", "config": {"force_language": LANGUAGE}}])
            index_id = created[0]["index_id"]
            added = service.ask(
                [
                    {
                        "type": "AddRecord",
                        "index_id": index_id,
                        "url": record.url,
                        "content": record.content,
                        "language": LANGUAGE,
                        "meta": record.meta,
                        "filters": record.filters,
                        "sort": record.sort,
                    }
                    for record in records
                ]
            )
            refused = [answer for answer in added if answer.get("type") != "IndexedFile"]
            if refused:
                raise SearchIndexError(f"Pagefind refused {len(refused)} records: {refused[0]}")
            service.ask([{"type": "WriteFiles", "index_id": index_id, "output_path": str(output)}])
            # Note: once, on a loaded machine, the entry file was found empty after the service
            # had answered and ended; it is given time to appear whole before the service ends.
            deadline = time.monotonic() + WRITE_SECONDS
            while not _readable(output / "pagefind-entry.json") and time.monotonic() < deadline:
                time.sleep(0.05)
        except BaseException:
            process.kill()  # never left running, whatever stopped the indexing
            raise
        process.stdin.close()  # type: ignore[union-attr]  # the service ends with its input


def _readable(path: Path) -> bool:
    """True if ``path`` holds whole JSON."""
    try:
        json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return True


class _Service:
    """Requests to a running ``pagefind --service`` and its answers, in order."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        self.process = process
        self.next_id = 0
        self.pending = b""

    def ask(self, payloads: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Send every payload, then return the service's answer to each, in the same order."""
        first = self.next_id
        self.next_id += len(payloads)
        messages = [
            base64.b64encode(json.dumps({"message_id": first + n, "payload": payload}).encode())
            + b","
            for n, payload in enumerate(payloads)
        ]
        # Written from another thread, so a full pipe of answers never blocks the writing.
        writer = threading.Thread(target=self._write, args=(messages,), daemon=True)
        writer.start()
        answers: dict[int, dict[str, Any]] = {}
        while len(answers) < len(payloads):
            answer = json.loads(base64.b64decode(self._read_message()))
            if answer.get("message_id") is None:
                raise SearchIndexError(f"Pagefind could not read a request: {answer}")
            payload = answer["payload"]
            if payload.get("type") == "Error":
                raise SearchIndexError(f"Pagefind: {payload.get('message')}")
            answers[answer["message_id"]] = payload
        writer.join()
        return [answers[first + n] for n in range(len(payloads))]

    def _write(self, messages: list[bytes]) -> None:
        stdin = self.process.stdin
        assert stdin is not None
        try:
            for message in messages:
                stdin.write(message)
            stdin.flush()
        except OSError:
            pass  # the service stopped; reading its answers says so

    def _read_message(self) -> bytes:
        stdout = self.process.stdout
        assert stdout is not None
        while b"," not in self.pending:
            ready, _, _ = select.select([stdout], [], [], ANSWER_SECONDS)
            if not ready:
                raise SearchIndexError(f"Pagefind did not answer for {ANSWER_SECONDS} seconds")
            chunk = os.read(stdout.fileno(), 1 << 16)
            if not chunk:
                raise SearchIndexError("Pagefind stopped before answering")
            self.pending += chunk
        message, _, self.pending = self.pending.partition(b",")
        return message


def check_bundle(bundle: Path, expected: int) -> None:
    """Raise ``SearchIndexError`` unless ``bundle`` is a complete index of ``expected`` records."""
    missing = [name for name in REQUIRED_FILES if not (bundle / name).is_file()]
    if missing:
        raise SearchIndexError(f"Pagefind's bundle lacks {', '.join(missing)}")
    try:
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
        indexed = entry["languages"][LANGUAGE]["page_count"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise SearchIndexError(f"Pagefind's pagefind-entry.json is unreadable ({error})") from None
    if indexed != expected:
        raise SearchIndexError(f"Pagefind indexed {indexed} of {expected} records")


class IndexInBackground:
    """Keeps a live preview's search index up to date without making the reader wait.

    Each rebuild hands over the archive it checked; once edits pause, another process, at a
    lower priority, makes its search records and has Pagefind index them. Archives handed over
    while it works are not all indexed: only the newest is.

    Note: making the records of 5,000 remarks takes over 2 s of Python; in a thread of the
    preview it held the interpreter while the next edit was being rebuilt (3.3 s instead of
    0.7 s), so it runs in a process of its own, which the preview stops when it stops.
    """

    def __init__(self, site: Path, report: Callable[[str], None]) -> None:
        """Index into ``site``; ``report`` is told, in one line, when indexing fails."""
        self.site = site
        self.report = report
        self._lock = threading.Lock()
        self._waiting: Archive | None = None
        self._handed_at = 0.0
        self._worker: threading.Thread | None = None
        self._process: multiprocessing.process.BaseProcess | None = None
        self._closed = False

    def update(self, archive: Archive) -> None:
        """Index ``archive`` as soon as the indexing under way (if any) is done."""
        with self._lock:
            self._waiting = archive
            self._handed_at = time.monotonic()
            if not self._closed and (self._worker is None or not self._worker.is_alive()):
                self._worker = threading.Thread(target=self._work, daemon=True)
                self._worker.start()

    def wait(self) -> None:
        """Return once everything handed over is indexed (for tests and shutdown)."""
        while True:
            with self._lock:
                worker = self._worker
            if worker is None or not worker.is_alive():
                return
            worker.join()

    def close(self) -> None:
        """Stop indexing (the preview is stopping): what is under way is abandoned."""
        with self._lock:
            self._closed, self._waiting = True, None
            process = self._process
        if process is not None and process.pid is not None and process.is_alive():
            try:  # the process and Pagefind: it leads their group
                os.killpg(process.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass  # it ended meanwhile
        self.wait()

    def _work(self) -> None:
        while True:
            # Wait for the edits to pause: records and Pagefind would slow the next rebuild.
            while (quiet := time.monotonic() - self._handed_at) < QUIET_SECONDS:
                time.sleep(QUIET_SECONDS - quiet)
            with self._lock:
                archive, self._waiting = self._waiting, None
                if archive is None or self._closed:
                    self._worker = None
                    return
                receiving, sending = multiprocessing.Pipe(duplex=False)
                context = multiprocessing.get_context("spawn")  # no copy of the server's threads
                self._process = context.Process(
                    target=_index_in_background, args=(archive, self.site, sending), daemon=True
                )
                self._process.start()
            sending.close()
            try:
                problem = receiving.recv()
            except EOFError:  # stopped, or it failed before it could say why
                problem = None if self._closed else "the indexing process stopped"
            self._process.join()
            if problem is not None:
                self.report(
                    f"Search in the preview still shows the words before this edit: {problem}"
                )


def _index_in_background(archive: Archive, site: Path, answer: Connection) -> None:
    """In the indexing process: index ``archive`` into ``site``; send why not, or None."""
    os.setpgrp()  # so that stopping the preview stops Pagefind too
    os.nice(BACKGROUND_NICENESS)  # Pagefind, started from here, inherits it
    try:
        write_search_index(search_records(archive), site)
    except (SearchIndexError, OSError) as error:
        answer.send(str(error))
    else:
        answer.send(None)
