"""Find and read source files without following links or reading without bound.

Reads ``speakers/`` and ``docs/``; writes nothing. Every problem a file system can have (a
symbolic link, a link to nothing, a file too big, bytes that are not UTF-8, a file that cannot
be opened) becomes a ``SourceError`` naming the file, never a traceback.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from sitebuild.config import SOURCE_MAX_BYTES
from sitebuild.errors import SourceError


@dataclass
class SourceTree:
    """The regular files under a folder (relative to the project root), and what was refused."""

    files: list[Path] = field(default_factory=list)
    problems: list[SourceError] = field(default_factory=list)


def scan_tree(root: Path, folder: Path) -> SourceTree:
    """Every regular file below ``root / folder``, sorted; symbolic links are reported.

    Hidden files and folders (an editor's ``.swp`` files, ``.DS_Store``) are left out.
    Note: links are refused, not followed, so nothing outside the folder reaches the site.
    """
    tree = SourceTree()
    top = root / folder
    if top.is_symlink():
        tree.problems.append(_link_problem(root, top))
        return tree

    def unreadable(problem: OSError) -> None:
        where = Path(problem.filename).relative_to(root) if problem.filename else folder
        tree.problems.append(
            SourceError(where, None, f"cannot read this folder ({_reason(problem)})")
        )

    for current, folders, files in os.walk(top, followlinks=False, onerror=unreadable):
        base = Path(current)
        for name in sorted(folders):
            if name.startswith("."):
                tree.problems.append(_hidden_problem(root, base / name))
                folders.remove(name)
            elif (base / name).is_symlink():
                tree.problems.append(_link_problem(root, base / name))
                folders.remove(name)
        folders.sort()
        for name in sorted(files):
            full_path = base / name
            if name.startswith(".") or name.endswith("~"):
                if name.endswith(".md") and not name.startswith(".#"):
                    tree.problems.append(_hidden_problem(root, full_path))
                continue  # an editor's backup, lock or swap file, or the system's
            try:
                mode = full_path.lstat().st_mode
            except OSError:
                continue  # removed while looking
            if stat.S_ISLNK(mode):
                tree.problems.append(_link_problem(root, full_path))
            elif stat.S_ISREG(mode) and full_path.lstat().st_nlink > 1:
                tree.problems.append(
                    SourceError(
                        full_path.relative_to(root),
                        None,
                        "this file also has another name elsewhere (a hard link), so the build "
                        "does not read it; replace it with a copy of the file",
                    )
                )
            elif stat.S_ISREG(mode):
                tree.files.append(full_path.relative_to(root))
            else:
                tree.problems.append(
                    SourceError(
                        full_path.relative_to(root),
                        None,
                        "this is not a regular file (a pipe or a device); remove it",
                    )
                )
    tree.files.sort()
    return tree


def _hidden_problem(root: Path, full_path: Path) -> SourceError:
    """The warning for a hidden file or folder that looks like content."""
    return SourceError(
        full_path.relative_to(root),
        None,
        "the build does not read hidden files and folders (names starting with '.'); remove "
        "the dot if this should be published, or remove it",
        warning=True,
    )


def _link_problem(root: Path, full_path: Path) -> SourceError:
    """The message for a symbolic link found among the sources."""
    path = full_path.relative_to(root)
    if not full_path.exists():
        return SourceError(
            path,
            None,
            "this is a link to a file or folder that does not exist; remove it, or put the "
            "real file here",
        )
    return SourceError(
        path,
        None,
        "this is a symbolic link, and the build does not follow links; replace it with the "
        "file or folder itself",
    )


def read_bytes(
    path: Path, root: Path, errors: list[SourceError], limit: int = SOURCE_MAX_BYTES
) -> bytes | None:
    """The bytes of a regular file, refusing links and files over ``limit`` bytes."""
    try:
        handle = os.open(root / path, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError as problem:
        errors.append(SourceError(path, None, f"cannot open this file ({_reason(problem)})"))
        return None
    with os.fdopen(handle, "rb") as file:
        size = os.fstat(file.fileno()).st_size
        if size > limit:
            errors.append(
                SourceError(
                    path,
                    None,
                    f"the file is {size:,} bytes; files here may have at most {limit:,}. "
                    "Split it, or check that it is the right file",
                )
            )
            return None
        try:
            return file.read(limit + 1)
        except OSError as problem:
            errors.append(SourceError(path, None, f"cannot read this file ({_reason(problem)})"))
            return None


def read_text(
    path: Path, root: Path, errors: list[SourceError], limit: int = SOURCE_MAX_BYTES
) -> str | None:
    """Read a UTF-8 file, accepting a byte-order mark and Windows line endings.

    Returns ``None`` (and records an error) when the file cannot be read or is not UTF-8.
    """
    data = read_bytes(path, root, errors, limit)
    if data is None:
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as problem:
        line = data[: problem.start].count(b"\n") + 1
        errors.append(
            SourceError(
                path,
                line,
                "the file is not UTF-8 text (byte "
                f"0x{data[problem.start]:02x}); save it again as UTF-8 in your editor",
            )
        )
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _reason(problem: OSError) -> str:
    """An operating-system error in plain words (``No such file or directory``)."""
    return problem.strerror or type(problem).__name__
