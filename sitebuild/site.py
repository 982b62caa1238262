"""Site: write the generated tree and run the generator (MkDocs) into ``site/``, safely.

Writes ``build/docs`` (a copy of ``docs/`` plus the rendered pages), ``build/snippets`` and,
through MkDocs, ``site/``. Nothing under ``docs/`` or ``speakers/`` is ever written. A file
whose bytes would not change is left alone, so its timestamp stays and MkDocs can skip it when
serving. The new site is built beside the old one and swapped in atomically, under a lock, so
a killed build never leaves the folder without a complete site.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path, PurePosixPath

from sitebuild.config import SiteLayout
from sitebuild.engine import CONFIG_PREFIX, ENGINES, Engine, build_command
from sitebuild.errors import SourceError, describe_os_error

ANSI_COLOUR = re.compile(r"\x1b\[[0-9;]*m")
STAGING_PREFIX = ".site-staging-"
PREVIOUS_PREFIX = ".site-previous-"


class BuildLocked(Exception):
    """Another build holds the project's build lock."""


@contextmanager
def build_lock(layout: SiteLayout, wait: bool = False) -> Iterator[None]:
    """Hold the project's build lock; raise ``BuildLocked`` if another build holds it.

    Note: the operating system releases the lock when the process ends, however it ends, so
    a killed build never leaves the project locked.
    """
    refuse_links(layout)
    path = layout.root / layout.lock_file
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            raise BuildLocked(
                "another build (or a preview's update) is running in this folder; wait for it "
                "to finish, then run the command again"
            ) from None
        yield
    finally:
        os.close(handle)


def refuse_links(layout: SiteLayout) -> None:
    """Raise if a folder the build writes is a symbolic link (it could lead outside)."""
    for folder in (
        layout.lock_file.parent,
        layout.generated_docs_dir,
        layout.snippets_dir,
        layout.site_dir,
    ):
        for part in [folder, *folder.parents][:-1]:
            if (layout.root / part).is_symlink():
                raise OSError(
                    errno.ELOOP,
                    "is a symbolic link, and the build writes only inside the project",
                    str(layout.root / part),
                )


def write_generated(
    layout: SiteLayout,
    pages: dict[PurePosixPath, bytes],
    snippets: dict[PurePosixPath, bytes],
    hand_written: list[PurePosixPath],
) -> None:
    """Make ``build/docs`` hold ``docs/`` plus ``pages``, and ``build/snippets`` ``snippets``.

    ``hand_written`` lists the files of ``docs/`` (relative to it) to copy; a page given in
    ``pages`` (hand-written Markdown with its cross-links resolved) takes the copy's place.
    """
    wanted: dict[PurePosixPath, bytes] = {}
    for relative in hand_written:
        if relative in pages:
            continue
        content = (layout.root / layout.docs_dir / Path(relative)).read_bytes()
        if relative.suffix == ".css":
            content = without_css_comments(content.decode("utf-8")).encode("utf-8")
        wanted[relative] = content
    wanted.update(pages)
    sync_folder(layout.root / layout.generated_docs_dir, wanted)
    sync_folder(layout.root / layout.snippets_dir, snippets)


_CSS_COMMENT = re.compile(r"/\*.*?\*/\n?", re.DOTALL)


def without_css_comments(css: str) -> str:
    """The stylesheet without its comments, which readers' browsers need not download.

    Note: this saves about 650 bytes (gzipped) on every page. A comment-like text inside a CSS
    string would be cut too; the stylesheet has none (tested).
    """
    return _CSS_COMMENT.sub("", css)


def write_changed(folder: Path, files: dict[PurePosixPath, bytes]) -> list[PurePosixPath]:
    """Write ``files`` into ``folder``, leaving alone each file whose bytes are the same.

    Returns the files written.
    """
    written = []
    for relative, content in files.items():
        target = folder / Path(relative)
        if target.is_file() and not target.is_symlink() and target.read_bytes() == content:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.is_symlink():
            target.unlink()
        target.write_bytes(content)
        written.append(relative)
    return written


def sync_folder(folder: Path, files: dict[PurePosixPath, bytes]) -> None:
    """Make ``folder`` hold exactly ``files``, rewriting only files whose bytes differ.

    Note: this deletes what it did not write, so it first makes sure that ``folder`` is a real
    folder, reached without any symbolic link (``refuse_links`` checks the project's folders;
    this checks again right here, where deleting happens).
    """
    folder.mkdir(parents=True, exist_ok=True)
    if folder.resolve() != folder.absolute() or folder.is_symlink():
        raise OSError(
            errno.ELOOP,
            "is reached through a symbolic link, and the build deletes files only inside the "
            "project",
            str(folder),
        )
    for current, folders, names in os.walk(folder, followlinks=False):
        for name in [*folders, *names]:
            if (Path(current) / name).is_symlink():
                (Path(current) / name).unlink()  # a link inside would lead writes elsewhere
    write_changed(folder, files)
    keep = {folder / Path(relative) for relative in files}
    for path in sorted(folder.rglob("*"), reverse=True):
        if (path.is_file() or path.is_symlink()) and path not in keep:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()


def source_date_epoch(layout: SiteLayout) -> int:
    """The newest modification time of any source file, in seconds since 1970.

    Dates in the site come from it, so two builds of the same sources give the same bytes,
    whatever day they run.
    """
    times = [
        path.lstat().st_mtime
        for folder in (layout.speakers_dir, layout.docs_dir)
        for path in (layout.root / folder).rglob("*")
        if path.is_file()
    ]
    return int(max(times, default=0))


def mkdocs_environment(layout: SiteLayout) -> dict[str, str]:
    """The environment for MkDocs: build dates from the sources, and no end-of-life banner.

    Note: the project already plans its move to Zensical (no plugins or hooks of our own), so
    Material's banner would only hide the messages that matter in every build's output.
    """
    epoch = str(source_date_epoch(layout))
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": epoch}


def recover_site(layout: SiteLayout) -> None:
    """Put back a complete site a killed swap left aside; remove builds that never finished.

    Call with the build lock held. A ``.site-previous-*`` folder is a complete site that was
    moved aside for a swap; if ``site/`` is missing, it is the only copy and is restored.
    """
    root = layout.root
    site = root / layout.site_dir
    for config in root.glob(f"{CONFIG_PREFIX}*.yml"):
        config.unlink()  # an engine's temporary configuration (see ``engine.build_command``)
    leftovers = [*root.glob(f"{PREVIOUS_PREFIX}*"), *root.glob(f"{STAGING_PREFIX}*")]
    for link in [path for path in leftovers if path.is_symlink()]:
        link.unlink()  # never followed: only the project's own folders are put back
    previous = sorted(
        (path for path in root.glob(f"{PREVIOUS_PREFIX}*") if path.is_dir()),
        key=lambda path: path.stat().st_mtime,
    )
    if not site.exists() and not site.is_symlink() and previous:
        previous.pop().rename(site)
    for leftover in [*previous, *root.glob(f"{STAGING_PREFIX}*")]:
        shutil.rmtree(leftover, ignore_errors=True)


def run_mkdocs(
    layout: SiteLayout,
    finish: Callable[[Path], list[SourceError]] | None = None,
    engine: Engine = ENGINES["mkdocs"],
) -> tuple[bool, list[SourceError]]:
    """Build with the ``engine`` in strict mode into a staging folder, then swap it into ``site/``.

    Call with the build lock held. ``finish`` completes the built site (the search index) and
    looks at it before it is swapped in; any problem it returns keeps the new site out. A
    failed build leaves the previous ``site/`` exactly as it was. The engine prints its own
    messages; a traceback of its is cut to one line.

    Returns:
        Whether the engine succeeded, and the problems ``finish`` found.

    """
    root = layout.root
    recover_site(layout)
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=root))
    temporary: Path | None = None
    try:
        command, temporary = build_command(engine, layout, staging)
        result = subprocess.run(
            command,
            cwd=root,
            check=False,
            env=mkdocs_environment(layout),
            stdout=subprocess.PIPE if not engine.site_dir_option else None,
            stderr=subprocess.PIPE,
            text=True,
            errors="replace",
        )
    finally:
        if temporary is not None:
            temporary.unlink(missing_ok=True)
    messages = ANSI_COLOUR.sub("", (result.stdout or "") + result.stderr)  # Zensical's colours
    print(without_traceback(messages, engine.label), end="", file=sys.stderr)
    if result.returncode != 0 or not (staging / "index.html").is_file():
        shutil.rmtree(staging, ignore_errors=True)
        return False, []
    problems = finish(staging) if finish is not None else []
    if problems:
        shutil.rmtree(staging, ignore_errors=True)
        return True, problems
    staging.chmod(0o755)
    swap_into_place(staging, root / layout.site_dir)
    return True, []


def swap_into_place(staging: Path, site: Path) -> None:
    """Make the complete site in ``staging`` the ``site`` folder, in one atomic step.

    Linux exchanges the two folders in one step (``renameat2``), so at every instant ``site``
    is the old or the new complete site. Elsewhere the old site is renamed aside first, and a
    build killed between the two renames is repaired by the next one (``recover_site``).
    """
    if not site.exists():
        staging.rename(site)
        return
    if _exchange(staging, site):
        shutil.rmtree(staging, ignore_errors=True)
        return
    previous = site.with_name(PREVIOUS_PREFIX + staging.name.removeprefix(STAGING_PREFIX))
    site.rename(previous)
    staging.rename(site)
    shutil.rmtree(previous, ignore_errors=True)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders atomically with Linux's ``renameat2``; False where it is unavailable."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_current_folder, rename_exchange = -100, 2
    result = renameat2(
        at_current_folder,
        os.fsencode(first),
        at_current_folder,
        os.fsencode(second),
        rename_exchange,
    )
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(second))


def without_traceback(output: str, label: str = "MkDocs") -> str:
    """An engine's messages with any Python traceback cut to its last line, said plainly."""
    if "Traceback (most recent call last):" not in output:
        return output
    kept: list[str] = []
    inside = False
    for line in output.splitlines():
        if line.startswith("Traceback (most recent call last):"):
            inside = True
            continue
        if inside and (line.startswith(" ") or not line.strip()):
            continue
        if inside and line.startswith("During handling"):
            continue
        if inside:
            inside = False
            line = f"{label} stopped: {line}" + _hint(line)
        kept.append(line)
    return "\n".join(kept) + "\n"


def _hint(line: str) -> str:
    """What to do about the error the engine stopped with."""
    if "No space left" in line or "Errno 28" in line:
        return " — free some disk space, then run the command again."
    if "--strict" in line or "strict mode" in line:
        return " — fix each problem listed above (file:line), then run the command again."
    if "Permission denied" in line:
        return " — check that you may write to the project folder."
    return " — run the command again; if it happens again, report it with this line."


PROBLEMS_FILE = "_preview/problems.json"
"""Where the open pages find the problems of the last update (see ``archive.js``)."""


def write_problems(site_dir: Path, problems: list[SourceError], stale: bool) -> None:
    """Tell the open pages what is wrong; ``stale`` if they show the last good version."""
    listed = {"stale": stale, "problems": [asdict(problem) for problem in problems]}
    target, part = site_dir / PROBLEMS_FILE, site_dir / f"{PROBLEMS_FILE}.part"
    try:
        target.parent.mkdir(exist_ok=True)
        part.write_text(json.dumps(listed, default=Path.as_posix), encoding="utf-8")
        part.replace(target)  # a page never reads half a list
    except OSError as problem:
        print(describe_os_error(problem), file=sys.stderr, flush=True)
