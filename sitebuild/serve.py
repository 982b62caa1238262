"""Live preview: regenerate pages when sources change, and let ``mkdocs serve`` show them.

Watches ``speakers/`` and ``docs/``; writes ``build/`` on every change. MkDocs serves
``build/docs`` and reloads the browser when it changes. A broken edit prints its problems and
leaves the last good pages in place, so the preview keeps working until the edit is fixed.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from sitebuild.pipeline import generate
from sitebuild.site import SiteLayout, mkdocs_environment

Snapshot = dict[Path, tuple[int, int]]
POLL_SECONDS = 0.5


def snapshot_sources(layout: SiteLayout) -> Snapshot:
    """Modification time and size of every file the pages are made from."""
    files: Snapshot = {}
    for folder in (layout.speakers_dir, layout.docs_dir):
        for path in (layout.root / folder).rglob("*"):
            if path.is_file():
                stat = path.stat()
                files[path] = (stat.st_mtime_ns, stat.st_size)
    return files


def regenerate(layout: SiteLayout) -> bool:
    """Regenerate the pages; print the problems if the sources are bad. True on success."""
    result = generate(layout)
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


def serve(layout: SiteLayout, port: int = 8000) -> int:
    """Serve the site at http://127.0.0.1:<port>/ until interrupted (Ctrl+C)."""
    while not regenerate(layout) and not (layout.root / layout.generated_docs_dir).is_dir():
        print("Waiting for the sources to be fixed...", file=sys.stderr, flush=True)
        previous = snapshot_sources(layout)
        while snapshot_sources(layout) == previous:
            time.sleep(POLL_SECONDS)
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "serve",
        "--config-file",
        str(layout.root / layout.config_file),
        "--dev-addr",
        f"127.0.0.1:{port}",
    ]
    server = subprocess.Popen(command, cwd=layout.root, env=mkdocs_environment())
    seen = snapshot_sources(layout)
    try:
        while server.poll() is None:
            time.sleep(POLL_SECONDS)
            current = snapshot_sources(layout)
            if current != seen:
                seen = current
                if regenerate(layout):
                    print("Sources changed: pages regenerated.", flush=True)
    except KeyboardInterrupt:
        pass
    finally:
        if server.poll() is None:
            server.terminate()
            server.wait(timeout=10)
    return 0
