"""Shared fixtures: a tiny project in a temporary folder, written from a compact layout."""

from __future__ import annotations

import functools
import hashlib
import os
import re
import shutil
import subprocess
import sys
import textwrap
import threading
from collections.abc import Callable, Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent


def run_cli(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run build_site.py as a user would, capturing stdout and stderr separately."""
    return subprocess.run(
        [sys.executable, str(REPO / "build_site.py"), "--root", str(root), *args],
        capture_output=True,
        text=True,
        check=False,
    )


def checksums(folder: Path) -> dict[str, str]:
    """SHA-256 of every file below ``folder``, by relative path."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


TOPICS = "community-trust: Community trust\nleadership: Leadership\n"

SESSION = """\
---
title: Test Meeting
headline: "Chiefs Meet to Test Things"
kind: PERF national meeting
theme: conference
place: Chicago
start: 2014-09-16
end: 2014-09-17
order: 1
summary: A meeting made up for the tests.
pages: [1, 4]
issue: test-issue
---
An introduction with a note[^1].

[^1]: The note.
"""

ISSUE = """\
---
newsletter: Test Newsletter
date: 2014-10
---
"""
"""The issue the test meeting (``SESSION``) is printed in."""

SPEAKER = """\
---
name: Jane Doe
title: Chief
agency: Testville Police Department
byline: "Testville Chief Jane Doe"
headline: "Trust Comes First"
order: 1
pages: [1]
topics: [community-trust]
---
We build trust before the crisis.
{: #p1 }

It has to happen first.
{: #p2 }
"""


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite tests/golden/expected from the current renderer instead of comparing",
    )


WriteFiles = Callable[[dict[str, str]], Path]

TEST_SITE_URL = "https://archive.example.org/perf/"
"""The published address the tests' sites are built for (the repository leaves it unset)."""


def copy_config(root: Path, site_url: str | None = TEST_SITE_URL) -> None:
    """Copy the repository's mkdocs.yml into ``root``, with its ``site_url`` set (or not)."""
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    if site_url is not None:
        text, count = re.subn(r"(?m)^site_url:.*$", f"site_url: {site_url}", text)
        assert count == 1, "mkdocs.yml must have one site_url line"
    (root / "mkdocs.yml").write_text(text, encoding="utf-8")


@pytest.fixture
def project(tmp_path: Path) -> WriteFiles:
    """Write a project into ``tmp_path``: mkdocs.yml, a small docs/ and the files given.

    Keys are paths relative to the project; values are file contents (dedented). A value of
    ``None``-like empty string still creates the file. Returns the project root.
    """
    copy_config(tmp_path)
    shutil.copytree(REPO / "docs", tmp_path / "docs")
    (tmp_path / "docs" / "index.md").write_text(
        '---\ntitle: Home\n---\n# Home\n\n--8<-- "session-list.md"\n\n[About](about.md)\n',
        encoding="utf-8",
    )

    def write(files: dict[str, str]) -> Path:
        for name, content in files.items():
            path = tmp_path / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(content), encoding="utf-8")
        # The test meeting's issue comes with it, unless a test writes issues of its own.
        issue = tmp_path / "speakers/issues/test-issue.md"
        if any("issue: test-issue" in text for text in files.values()) and not issue.exists():
            issue.parent.mkdir(parents=True, exist_ok=True)
            issue.write_text(ISSUE, encoding="utf-8")
        return tmp_path

    return write


@pytest.fixture
def small_site(project: WriteFiles) -> Path:
    """A valid project with one session and one speaker."""
    return project(
        {
            "speakers/topics.yml": TOPICS,
            "speakers/test-2014/_session.md": SESSION,
            "speakers/test-2014/jane-doe.md": SPEAKER,
        }
    )


def copy_real_archive(root: Path) -> Path:
    """Copy the real archive's sources and configuration into ``root``; return it."""
    for name in ("speakers", "docs"):
        shutil.copytree(REPO / name, root / name)
    copy_config(root)
    return root


@pytest.fixture
def archive_copy(tmp_path: Path) -> Path:
    """The real archive's sources, in a folder of its own."""
    return copy_real_archive(tmp_path)


@pytest.fixture(scope="session")
def real_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the real project, built once per test run; returns its root."""
    import build_site

    root = copy_real_archive(tmp_path_factory.mktemp("archive"))
    assert build_site.main(["--root", str(root), "build"]) == 0
    return root


def pages_and_records(sums: dict[str, str]) -> dict[str, str]:
    """Every file but Pagefind's filter lists and the two files that name them.

    Pagefind writes a filter's values in hash order, which changes from run to run; the words'
    index and every record (``index/``, ``fragment/``) are the same bytes.
    """
    return {
        path: digest
        for path, digest in sums.items()
        if not path.startswith("pagefind/")
        or path.startswith(("pagefind/index/", "pagefind/fragment/"))
    }


# The browser tests: Debian's Chromium, and the built archive served locally.
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def require_chromium() -> None:
    """Skip the calling test module without Chromium; in CI, a missing Chromium is an error."""
    if CHROMIUM.exists():
        return
    if os.environ.get("CI"):
        raise RuntimeError(f"{CHROMIUM} is missing; .ci/run must install Debian's chromium")
    pytest.skip(
        "Chromium is not installed: run `sudo apt-get install chromium` for the browser tests",
        allow_module_level=True,
    )


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        """Keep the test output free of one line per request."""


@pytest.fixture(scope="module")
def base_url(real_archive: Path) -> Iterator[str]:
    """The real archive's built site, served at a local address for the module's tests."""
    handler = functools.partial(QuietHandler, directory=str(real_archive / "site"))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Chromium, launched once for the module."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield launched
        launched.close()
