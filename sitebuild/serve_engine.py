"""The live preview with an engine that has its own server and no Python interface: Zensical.

``zensical serve`` builds ``build/docs`` into ``build/preview-site`` and reloads the browser
when a page there changes; this process watches ``speakers/`` and ``docs/``, checks every source
on each save and regenerates the pages (``serve.Preview``), writes the problems file the open
pages show, and indexes search again. Zensical needs its site folder inside the project, so the
preview's configuration is a copy of ``mkdocs.yml`` beside it, ``.preview-config.yml``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from collections.abc import Callable

from sitebuild.config import SiteLayout
from sitebuild.engine import Engine, write_config
from sitebuild.errors import SourceError, describe_os_error
from sitebuild.model import Archive
from sitebuild.search_index import IndexInBackground
from sitebuild.site import mkdocs_environment, write_problems

POLL_SECONDS = 0.5
"""How often the sources are looked at for changes."""
Sources = tuple[Callable[[], object], Callable[[], tuple[bool, list[SourceError], Archive | None]]]
"""A snapshot of the sources (to see a change), and the preview's update: whether it succeeded,
its problems, and the archive it checked."""


def run_engine_server(
    layout: SiteLayout,
    port: int,
    engine: Engine,
    first: list[SourceError],
    archive: Archive | None,
    sources: Sources,
) -> int:
    """Run ``<engine> serve`` at 127.0.0.1:<port> and update its pages on every save."""
    snapshot, update = sources
    site = layout.root / layout.generated_docs_dir.parent / "preview-site"
    site.mkdir(parents=True, exist_ok=True)
    config = write_config(
        layout, {"site_dir": str(site), "extra": {"preview": True}}, "config", ".preview-"
    )
    command = [sys.executable, "-m", engine.module, "serve", "--config-file", str(config)]
    server = subprocess.Popen(
        [*command, "--dev-addr", f"127.0.0.1:{port}"],
        cwd=layout.root,
        env=mkdocs_environment(layout),
    )
    search = IndexInBackground(site, lambda line: print(line, file=sys.stderr, flush=True))
    try:
        write_problems(site, first, stale=bool(first))
        if archive is not None:
            search.update(archive)
        print(f"Serving with {engine.label} at http://127.0.0.1:{port}/", file=sys.stderr)
        seen = snapshot()
        while server.poll() is None:
            time.sleep(POLL_SECONDS)
            current = snapshot()
            if current == seen:
                continue
            seen = current
            try:
                good, problems, checked = update()
            except OSError as problem:
                print(describe_os_error(problem, layout.root), file=sys.stderr, flush=True)
                continue
            write_problems(site, problems, stale=not good)
            if good and checked is not None:
                search.update(checked)
        print(f"{engine.label}'s preview server stopped (see its messages above).", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        search.close()
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        config.unlink(missing_ok=True)
        shutil.rmtree(site, ignore_errors=True)
