"""The site survives kills, a second build at the same time, and a full disk.

After any kill, ``site/`` is the old or the new complete site; the next build never deletes the
only copy; a build while another runs is refused; file-system problems are one line each.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from conftest import REPO, checksums, pages_and_records, run_cli

import build_site
from sitebuild import site as site_stage
from sitebuild.config import SiteLayout
from sitebuild.search_index import REQUIRED_FILES
from sitebuild.site import build_lock

SPEAKER = "speakers/test-2014/jane-doe.md"
LOCKED = (
    "build/.lock: another build (or a preview's update) is running in this folder; wait for "
    "it to finish, then run the command again"
)


def test_a_second_build_while_one_runs_is_refused(small_site: Path) -> None:
    assert build_site.main(["--root", str(small_site), "build"]) == 0
    before = checksums(small_site / "site")
    with build_lock(SiteLayout(root=small_site)):
        result = run_cli(small_site, "build")
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == LOCKED
    assert checksums(small_site / "site") == before
    assert run_cli(small_site, "build").returncode == 0


def test_builds_started_together_never_corrupt_the_site(small_site: Path) -> None:
    builds = [
        subprocess.Popen(
            [sys.executable, str(REPO / "build_site.py"), "--root", str(small_site), "build"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    outcomes = [(build.wait(), build.communicate()[1]) for build in builds]
    assert [code for code, _ in outcomes].count(0) >= 1
    for code, stderr in outcomes:
        assert code == 0 or stderr.splitlines()[0] == LOCKED
    assert (small_site / "site/test-2014/index.html").is_file()
    assert not list(small_site.glob(".site-*"))


def test_a_kill_at_any_instant_leaves_the_old_or_the_new_site(small_site: Path) -> None:
    command = [sys.executable, str(REPO / "build_site.py"), "--root", str(small_site), "build"]
    assert subprocess.run(command, check=False).returncode == 0
    old = pages_and_records(checksums(small_site / "site"))
    speaker = small_site / SPEAKER
    speaker.write_text(
        speaker.read_text(encoding="utf-8").replace("first.", "first, always."), encoding="utf-8"
    )
    started = time.monotonic()
    assert subprocess.run(command, check=False, capture_output=True).returncode == 0
    duration = time.monotonic() - started
    new = pages_and_records(checksums(small_site / "site"))
    assert new != old
    for step in range(12):
        # Kill across the whole build, from its start to its swap, in growing steps.
        build = subprocess.Popen(
            command, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        time.sleep(duration * step / 10)
        os.killpg(build.pid, signal.SIGKILL)
        build.wait()
        site = pages_and_records(checksums(small_site / "site"))
        assert site in (old, new), f"killed after step {step}"
        bundle = small_site / "site/pagefind"
        assert all((bundle / name).is_file() for name in REQUIRED_FILES), f"step {step}"
    assert subprocess.run(command, check=False).returncode == 0
    assert pages_and_records(checksums(small_site / "site")) == new
    assert not list(small_site.glob(".site-*"))


def test_a_site_set_aside_by_a_killed_swap_is_put_back_not_deleted(small_site: Path) -> None:
    assert build_site.main(["--root", str(small_site), "build"]) == 0
    old = checksums(small_site / "site")
    # A swap without renameat2 renames the old site aside first; a kill here leaves no site/.
    (small_site / "site").rename(small_site / ".site-previous-killed")
    (small_site / ".site-staging-killed").mkdir()
    (small_site / SPEAKER).write_text("broken\n", encoding="utf-8")
    result = run_cli(small_site, "build")
    assert result.returncode == 1
    assert checksums(small_site / "site") == old
    assert not list(small_site.glob(".site-*"))


def test_the_swap_works_where_folders_cannot_be_exchanged(
    small_site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(site_stage, "_exchange", lambda first, second: False)
    assert build_site.main(["--root", str(small_site), "build"]) == 0
    speaker = small_site / SPEAKER
    speaker.write_text(speaker.read_text(encoding="utf-8").replace("first.", "now."))
    assert build_site.main(["--root", str(small_site), "build"]) == 0
    assert "It has to happen now." in (small_site / "site/test-2014/index.html").read_text()
    assert not list(small_site.glob(".site-*"))


def test_a_full_disk_while_writing_pages_is_one_line(
    small_site: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def full(self: Path, data: bytes) -> int:
        raise OSError(28, "No space left on device", str(self))

    monkeypatch.setattr(Path, "write_bytes", full)
    assert build_site.main(["--root", str(small_site), "build"]) == 1
    stderr = capsys.readouterr().err
    assert stderr == (
        "build/docs/javascripts/archive.js: No space left on device; free some disk space, "
        "then run the command again\n"
    )
    assert len(stderr.splitlines()) == 1 and "Traceback" not in stderr


def test_a_full_disk_while_mkdocs_writes_is_one_line(
    small_site: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert build_site.main(["--root", str(small_site), "build"]) == 0
    before = checksums(small_site / "site")
    hooks = tmp_path_factory.mktemp("full-disk")
    # MkDocs runs in its own process: make every file it opens for writing in the staging
    # folder fail as a full disk does.
    (hooks / "sitecustomize.py").write_text(
        textwrap.dedent(
            """\
            import builtins

            _open = builtins.open

            def full_disk_open(file, mode="r", *args, **kwargs):
                if ".site-staging-" in str(file) and ("w" in mode or "a" in mode):
                    raise OSError(28, "No space left on device", str(file))
                return _open(file, mode, *args, **kwargs)

            builtins.open = full_disk_open
            """
        ),
        encoding="utf-8",
    )
    monkeypatch.setenv("PYTHONPATH", str(hooks))
    result = run_cli(small_site, "build")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    stopped = [line for line in result.stderr.splitlines() if line.startswith("MkDocs stopped")]
    assert len(stopped) == 1
    assert "No space left on device" in stopped[0]
    assert stopped[0].endswith("free some disk space, then run the command again.")
    assert checksums(small_site / "site") == before
    assert not list(small_site.glob(".site-*"))


def test_a_site_whose_pages_fail_the_last_check_is_not_swapped_in(small_site: Path) -> None:
    from sitebuild.errors import SourceError
    from sitebuild.site import run_mkdocs

    assert build_site.main(["--root", str(small_site), "build"]) == 0
    before = checksums(small_site / "site")
    layout = SiteLayout(root=small_site)
    seen: list[Path] = []

    def inspect(site: Path) -> list[SourceError]:
        seen.append(site)
        assert (site / "test-2014/index.html").is_file()
        return [SourceError(Path("speakers/test-2014/jane-doe.md"), 3, "refused")]

    with build_lock(layout):
        built, problems = run_mkdocs(layout, inspect)
    assert built and [str(problem) for problem in problems] == [
        "speakers/test-2014/jane-doe.md:3: refused"
    ]
    assert seen and not seen[0].exists()
    assert checksums(small_site / "site") == before
