"""Live preview: regenerate pages when sources change (``preview``), and show them.

Runs MkDocs' own live-reload server in this process, watching ``speakers/``, ``docs/`` and
``mkdocs.yml``. On a change, ``Preview`` rewrites only the generated pages whose bytes change,
and MkDocs builds only those (after an edit to words, those pages alone: ``serve_pages``; else
its ``--dirty`` build); the browser then reloads by itself.
A broken edit prints its problems and leaves the last good pages in place, so the preview keeps
working until the edit is fixed. Each update writes its problems (none if it succeeded) to
``_preview/problems.json``; the server reloads the open pages after every update, failed or not,
and ``archive.js`` shows the problems over the page (the theme marks the preview's pages).

Note: one process spares each edit a second watcher and Python. The server is MkDocs' (or
ProperDocs'), as ``mkdocs serve`` uses it; Zensical's is its own (``serve_engine``).
"""

from __future__ import annotations

import functools
import gc
import importlib
import logging
import os
import shutil
import signal
import socket
import sys
import tempfile
import time
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

from sitebuild.config import SiteLayout
from sitebuild.engine import Engine, EngineProblem, choose_engine
from sitebuild.errors import SourceError, describe_os_error
from sitebuild.model import Archive
from sitebuild.pipeline import inspect_site
from sitebuild.preview import Preview, Update, report, snapshot_sources
from sitebuild.search_index import IndexInBackground
from sitebuild.serve_engine import POLL_SECONDS, run_engine_server
from sitebuild.serve_pages import PageBuilder
from sitebuild.site import write_problems

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from watchdog.observers.api import BaseObserver

SETTLE_SECONDS = 0.05
"""How long the files must stay unchanged after a save before the preview rebuilds."""


def port_is_free(port: int) -> bool:
    """True if nothing listens on 127.0.0.1:<port> yet."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _stop(signal_number: int, frame: FrameType | None) -> None:
    """Treat a termination request like Ctrl+C, so the preview server stops cleanly."""
    raise KeyboardInterrupt


def describe(error: Exception) -> str:
    """An error from MkDocs or an extension, in one line, with a hint."""
    return (
        f"{type(error).__name__}: {error}. Run `.venv/bin/python build_site.py build` to see "
        "the whole build's messages."
    )


def _show_mkdocs_messages(logger_name: str) -> None:
    """Print MkDocs' messages as ``mkdocs serve`` would, without its warning on every build."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    # Note: every --dirty build warns that it is one; in a preview that is the point.
    handler.addFilter(lambda record: "'dirty' build" not in record.getMessage())
    logger = logging.getLogger(logger_name)
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)


def _change_observer() -> BaseObserver:
    """A file watcher told by the operating system (inotify on Linux) of each saved file.

    Note: MkDocs' own watcher looks at every file ten times a second, which slowed the very
    rebuilds it waits for. Files that are only read (as every update does) are not changes.
    """
    from watchdog.events import (
        FileCreatedEvent,
        FileDeletedEvent,
        FileModifiedEvent,
        FileMovedEvent,
        FileSystemEvent,
        FileSystemEventHandler,
    )
    from watchdog.observers import Observer
    from watchdog.observers.api import ObservedWatch

    changes: list[type[FileSystemEvent]] = [
        FileCreatedEvent,
        FileDeletedEvent,
        FileModifiedEvent,
        FileMovedEvent,
    ]

    class ChangeObserver(Observer):  # type: ignore[misc,valid-type]
        def schedule(
            self,
            event_handler: FileSystemEventHandler,
            path: str | Path,
            *,
            recursive: bool = False,
            event_filter: list[type[FileSystemEvent]] | None = None,
            follow_symlink: bool = False,
        ) -> ObservedWatch:
            watch: ObservedWatch = super().schedule(
                event_handler,
                path,
                recursive=recursive,
                event_filter=changes,
                follow_symlink=follow_symlink,
            )
            return watch

    return ChangeObserver()


def serve(layout: SiteLayout, port: int = 8000) -> int:
    """Serve the site at http://127.0.0.1:<port>/ until interrupted (Ctrl+C).

    Returns 0 when stopped, 1 if the port is taken or the first build fails.
    """
    if not port_is_free(port):
        print(
            f"Port {port} is already in use (is another preview running?). "
            "Stop it, or choose another port: "
            f".venv/bin/python build_site.py serve --port {port + 1}",
            file=sys.stderr,
        )
        return 1
    try:
        engine = choose_engine(layout)
    except EngineProblem as refusal:
        print(refusal.problem, file=sys.stderr)
        return 1
    signal.signal(signal.SIGTERM, _stop)
    preview = Preview(layout)
    try:
        while (
            not report(first := preview.update())
            and not (layout.root / layout.generated_docs_dir).is_dir()
        ):
            print("Waiting for the sources to be fixed...", file=sys.stderr, flush=True)
            previous = snapshot_sources(layout)
            while snapshot_sources(layout) == previous:
                time.sleep(POLL_SECONDS)
    except KeyboardInterrupt:
        return 0
    if not engine.site_dir_option:  # Zensical: a server of its own, fed by the same updates

        def update() -> tuple[bool, list[SourceError], Archive | None]:
            done = preview.update()
            return report(done), done.result.errors, done.result.archive

        sources = (lambda: snapshot_sources(layout), update)
        return run_engine_server(
            layout, port, engine, first.result.errors, preview.archive, sources
        )
    site_dir = Path(tempfile.mkdtemp(prefix="perf-archive-preview-"))
    try:
        return _run_server(layout, preview, port, site_dir, first.result.errors, engine)
    finally:
        shutil.rmtree(site_dir, ignore_errors=True)


def _run_server(
    layout: SiteLayout,
    preview: Preview,
    port: int,
    site_dir: Path,
    first: list[SourceError],
    engine: Engine,
) -> int:
    """Build into ``site_dir`` with MkDocs or ProperDocs (its fork: the same modules); serve it."""
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    os.chdir(layout.root)  # paths in mkdocs.yml are relative to it, as when `build` runs
    if engine.module == "properdocs":
        # Note: as its own command does, so that Material (written for MkDocs) loads with it.
        importlib.import_module("properdocs.replacement")
    builder = PageBuilder(importlib.import_module(f"{engine.module}.commands.build"))
    log = logging.getLogger(engine.module)
    load_config = importlib.import_module(f"{engine.module}.config").load_config
    LiveReloadServer = importlib.import_module(f"{engine.module}.livereload").LiveReloadServer

    _show_mkdocs_messages(engine.module)

    address = f"http://127.0.0.1:{port}/"
    # Search is indexed again after every rebuild, a moment after the page has reloaded.
    search = IndexInBackground(site_dir, lambda line: print(line, file=sys.stderr, flush=True))

    themes: list[Environment] = []  # the theme's templates, compiled by the last full update

    def configuration(words_only: bool = False) -> MkDocsConfig:
        config: MkDocsConfig = load_config(
            config_file=str(layout.root / layout.config_file),
            site_dir=str(site_dir),
            dev_addr=f"127.0.0.1:{port}",
            strict=False,
        )
        config.site_url = address  # as `mkdocs serve` does
        config.extra["preview"] = True  # the theme has archive.js show the problems file
        # Note: an edit to words changes no template, so the compiled templates are kept.
        if not (words_only and themes):
            themes[:] = [config.theme.get_env()]
            loader = themes[0].loader
            if loader is not None:  # it lists the theme's thousands of files only once
                loader.list_templates = functools.cache(loader.list_templates)  # type: ignore[method-assign]
        config.theme.get_env = lambda: themes[0]  # type: ignore[method-assign]
        return config

    def rebuild() -> None:
        """Regenerate what changed; MkDocs rebuilds it. The open pages reload whatever happens."""
        try:
            update = preview.update()
        except OSError as problem:
            where, _, message = describe_os_error(problem, layout.root).partition(": ")
            print(f"{where}: {message}", file=sys.stderr, flush=True)
            write_problems(site_dir, [SourceError(Path(where), None, message)], stale=True)
            return
        if not report(update):
            write_problems(site_dir, update.result.errors, stale=True)
            return
        try:
            took = None if update.full else builder.pages(update.rewritten)
            if took is None:
                builder.build(configuration(not update.full), serve_url=address, dirty=True)
            else:
                log.info(f"Pages rebuilt in {took:.2f} seconds")
        except Exception as error:  # noqa: BLE001 (whatever fails, the preview goes on)
            message = f"MkDocs could not rebuild the preview: {describe(error)}"
            print(message, file=sys.stderr)
            write_problems(site_dir, [SourceError(layout.config_file, None, message)], True)
            return
        write_problems(site_dir, inspect(update), stale=False)
        if update.result.archive is not None:
            search.update(update.result.archive)

    inspected: list[SourceError] = []  # while the last inspection found any, look at every page

    def inspect(update: Update) -> list[SourceError]:
        """Say if a rebuilt page holds markup that ``build`` would refuse to publish."""
        if update.result.registry is None:
            return inspected
        only = None if update.full or inspected else set(update.pages)
        problems = inspected[:] = inspect_site(layout, update.result.registry, site_dir, only)
        for problem in problems:
            print(problem, file=sys.stderr, flush=True)
        if problems:
            print(
                f"{len(problems)} problem(s): `build` will not publish the site until they are "
                "fixed.",
                file=sys.stderr,
                flush=True,
            )
        return problems

    def error_page(code: int) -> bytes | None:
        page = site_dir / f"{code}.html"
        return page.read_bytes() if code in (404, 500) and page.is_file() else None

    server = LiveReloadServer(
        builder=rebuild,
        host="127.0.0.1",
        port=port,
        root=str(site_dir),
    )
    server.error_handler = error_page
    server.observer = _change_observer()  # any watchdog observer
    # Wait for a save to settle (MkDocs waits 0.1 s); told of each write, the watcher needs no more.
    server.build_delay = SETTLE_SECONDS
    config = None
    try:
        config = configuration()
        config.plugins.on_startup(command="serve", dirty=True)
        builder.build(config, serve_url=address)
        write_problems(site_dir, first, stale=bool(first))  # the first update's problems
        if preview.archive is not None:
            search.update(preview.archive)
            search.wait()
        # Note: the first build's memory lives on; later collections need not go through it.
        gc.collect()
        gc.freeze()
        for watched in (layout.speakers_dir, layout.docs_dir, layout.config_file):
            server.watch(str(layout.root / watched))
        # As `mkdocs serve` does, so that plugins know they run in a live preview.
        config.plugins.on_serve(server, config=config, builder=rebuild)
        server.serve()
    except KeyboardInterrupt:
        pass
    except OSError as error:
        print(f"The preview server could not start: {error}", file=sys.stderr)
        return 1
    except Exception as error:  # noqa: BLE001 (a message, not a traceback, for staff)
        print(f"MkDocs could not build the preview: {describe(error)}", file=sys.stderr)
        return 1
    finally:
        server.shutdown()
        search.close()
        if config is not None:
            config.plugins.on_shutdown()
    return 0
