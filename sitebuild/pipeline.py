"""The build as a whole: load and validate, render, then MkDocs.

``check`` and ``build`` are what ``build_site.py`` calls. Each returns the problems found; a
``BuildResult`` also carries how long each stage took, for the benchmark.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from sitebuild.errors import SourceError, sorted_errors
from sitebuild.load import DocumentCache
from sitebuild.model import Archive
from sitebuild.published import check_published
from sitebuild.site import (
    SiteLayout,
    check_hand_written,
    hand_written_addresses,
    run_mkdocs,
    write_generated,
)
from sitebuild.validate import load_archive


@dataclass
class BuildResult:
    """What a run found and how long its stages took (seconds, by stage name)."""

    errors: list[SourceError] = field(default_factory=list)
    warnings: list[SourceError] = field(default_factory=list)
    mkdocs_failed: bool = False
    timings: dict[str, float] = field(default_factory=dict)
    archive: Archive | None = None

    @property
    def ok(self) -> bool:
        """True when the sources were valid and every stage succeeded."""
        return not self.errors and not self.mkdocs_failed


def check(layout: SiteLayout, cache: DocumentCache | None = None) -> BuildResult:
    """Load and validate every source; write nothing.

    Warnings count as errors when ``layout.strict`` is set. With a ``cache``, files unchanged
    since it last loaded them are not read again.
    """
    result = BuildResult()
    archive, problems = load_archive(layout.root, layout.speakers_dir, result.timings, cache)
    started = time.perf_counter()
    if not any(not problem.warning for problem in problems):
        problems += check_published(layout.root, archive, hand_written_addresses(layout))
        problems += check_hand_written(layout, archive)
    result.timings["validate"] += time.perf_counter() - started
    fatal = [problem for problem in problems if layout.strict or not problem.warning]
    result.errors = sorted_errors(fatal)
    result.warnings = sorted_errors([problem for problem in problems if problem not in fatal])
    result.archive = archive
    return result


def generate(layout: SiteLayout, cache: DocumentCache | None = None) -> BuildResult:
    """Validate, then write the generated Markdown into ``build/``; no MkDocs."""
    result = check(layout, cache)
    if result.errors or result.archive is None:
        return result
    started = time.perf_counter()
    result.errors = sorted_errors(write_generated(layout, result.archive))
    result.timings["render"] = time.perf_counter() - started
    return result


def build(layout: SiteLayout) -> BuildResult:
    """The full build: validate, render, then MkDocs in strict mode into ``site/``."""
    result = generate(layout)
    if not result.ok:
        return result
    started = time.perf_counter()
    result.mkdocs_failed = not run_mkdocs(layout)
    result.timings["mkdocs"] = time.perf_counter() - started
    return result
