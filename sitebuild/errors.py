"""Problems found in the sources, reported as ``path:line: message``.

Every stage collects ``SourceError`` values instead of raising at the first problem, so one run
lists everything that needs fixing.
"""

from __future__ import annotations

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
