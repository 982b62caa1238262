"""Live preview: regenerate pages when sources change, and let ``mkdocs serve`` show them.

Watches ``speakers/`` and ``docs/``; writes ``build/`` on every change. MkDocs serves
``build/docs`` and reloads the browser when it changes. A broken edit prints its problems and
leaves the last good pages in place, so the preview keeps working until the edit is fixed.
"""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import FrameType

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
    """Treat a termination request like Ctrl+C, so the preview server is stopped too."""
    raise KeyboardInterrupt


def serve(layout: SiteLayout, port: int = 8000) -> int:
    """Serve the site at http://127.0.0.1:<port>/ until interrupted (Ctrl+C).

    Returns 0 when stopped, 1 if the port is taken or the preview server fails.
    """
    if not port_is_free(port):
        print(
            f"Port {port} is already in use (is another preview running?). "
            f"Stop it, or choose another port: python build_site.py serve --port {port + 1}",
            file=sys.stderr,
        )
        return 1
    signal.signal(signal.SIGTERM, _stop)
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
        # Only pages whose files changed are rebuilt; build_site.py rewrites only those.
        # Note: MkDocs warns about every --dirty build, so strict mode is for `build` only.
        "--dirty",
        "--no-strict",
        "--config-file",
        str(layout.root / layout.config_file),
        "--dev-addr",
        f"127.0.0.1:{port}",
    ]
    server = subprocess.Popen(command, cwd=layout.root, env=mkdocs_environment(layout))
    seen = snapshot_sources(layout)
    interrupted = False
    try:
        while server.poll() is None:
            time.sleep(POLL_SECONDS)
            current = snapshot_sources(layout)
            if current != seen:
                seen = current
                if regenerate(layout):
                    print("Sources changed: pages regenerated.", flush=True)
    except KeyboardInterrupt:
        interrupted = True
    finally:
        if server.poll() is None:
            server.terminate()
            server.wait(timeout=10)
    return 0 if interrupted or server.returncode == 0 else 1
