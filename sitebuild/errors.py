"""Problems found in the sources, reported as ``path:line: message``.

Every stage collects ``SourceError`` values instead of raising at the first problem, so one run
lists everything that needs fixing.
"""

from __future__ import annotations

import errno
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class SourceError:
    """One problem in one source file.

    ``path`` is relative to the project root; ``line`` is 1-based, or ``None`` when the problem
    concerns the file as a whole.
    """

    path: Path
    line: int | None
    message: str
    warning: bool = False
    """A warning concerns something optional; ``--strict`` makes it fatal."""

    def __str__(self) -> str:
        """Format as ``path:line: message`` (or ``path: message`` without a line)."""
        where = self.path.as_posix() if self.line is None else f"{self.path.as_posix()}:{self.line}"
        return f"{where}: {'warning: ' if self.warning else ''}{self.message}"


def sorted_errors(errors: list[SourceError]) -> list[SourceError]:
    """Return errors sorted by path, then line, then message, with exact duplicates removed."""
    return sorted(
        set(errors), key=lambda error: (error.path.as_posix(), error.line or 0, error.message)
    )


class BuildFailed(Exception):
    """Raised by the build when sources are bad; carries every problem found."""

    def __init__(self, errors: list[SourceError]) -> None:
        super().__init__(f"{len(errors)} problem(s) in the sources")
        self.errors = sorted_errors(errors)


OS_ERROR_HINTS = {
    errno.ENOSPC: "free some disk space, then run the command again",
    errno.EDQUOT: "free some disk space, then run the command again",
    errno.EACCES: "check that you may write to the project folder, then run the command again",
    errno.EPERM: "check that you may write to the project folder, then run the command again",
    errno.EROFS: "the disk is read-only; copy the project to a disk you can write to",
    errno.ENAMETOOLONG: "use a shorter file or folder name",
    errno.ELOOP: "remove the link and run the command again",
}


def describe_os_error(problem: OSError, root: Path | None = None) -> str:
    """A file-system problem in one line: the file, what happened, and what to do."""
    name = problem.filename
    where = str(name) if name is not None else "a file"
    if root is not None and name is not None:
        path = Path(name)
        for base in (root, root.resolve()):
            if path.is_relative_to(base):
                where = path.relative_to(base).as_posix()
                break
    hint = OS_ERROR_HINTS.get(problem.errno or 0, "check the file and the disk, then try again")
    return f"{where}: {problem.strerror or problem}; {hint}"
