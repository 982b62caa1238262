"""The preview's rebuild of single pages, with MkDocs' own steps, on what its last build made.

After an edit to words only, ``build(dirty=True)`` still lists and compares every file of the
site and makes the navigation again: 0.39 s at 5,000 remarks, growing with the archive.
``PageBuilder`` keeps what the preview's last MkDocs build made (its files, navigation and
compiled templates) and, for each page the edit changed, runs only the two steps of a build
that read and write one page. It copies a changed data file as a build would.

Note: those two steps are functions of MkDocs (and of ProperDocs, its fork) that are not part
of its public interface; they are found by name, and the builds that keep their inputs only
watch them being called. If they are missing, or anything fails, the preview falls back to
``build(dirty=True)``. No MkDocs plugin or hook is involved, so every engine still reads the
same ``mkdocs.yml``; ``tests/test_serve_pages.py`` compares the pages with a dirty build's.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from types import ModuleType
from typing import Any

STEPS = ("_populate_page", "_build_page")
"""The functions of ``<engine>.commands.build`` that read and write one page."""


@dataclass
class KeptBuild:
    """What MkDocs made of the site at the preview's last build."""

    config: Any
    files: Any
    doc_files: Sequence[Any]
    nav: Any
    env: Any


class PageBuilder:
    """Builds the site with MkDocs, then single pages on what that build made."""

    def __init__(self, build_module: ModuleType) -> None:
        """``build_module`` is ``mkdocs.commands.build`` (or ProperDocs')."""
        self.module = build_module
        self.kept: KeptBuild | None = None

    def build(self, config: Any, serve_url: str, dirty: bool = False) -> None:
        """``build(config)`` as MkDocs does it, keeping its files, navigation and templates."""
        self.kept = None
        if not all(callable(getattr(self.module, name, None)) for name in STEPS):
            self.module.build(config, serve_url=serve_url, dirty=dirty)
            return
        populate, build_page = (getattr(self.module, name) for name in STEPS)
        seen: dict[str, Any] = {}

        def keep_populate(page: Any, config: Any, files: Any, *args: Any, **options: Any) -> Any:
            seen["files"] = files
            return populate(page, config, files, *args, **options)

        def keep_build(
            page: Any, config: Any, doc_files: Any, nav: Any, env: Any, *args: Any, **options: Any
        ) -> Any:
            seen.update(config=config, doc_files=doc_files, nav=nav, env=env)
            return build_page(page, config, doc_files, nav, env, *args, **options)

        setattr(self.module, STEPS[0], keep_populate)
        setattr(self.module, STEPS[1], keep_build)
        try:
            self.module.build(config, serve_url=serve_url, dirty=dirty)
        finally:
            setattr(self.module, STEPS[0], populate)
            setattr(self.module, STEPS[1], build_page)
        if {"files", "config", "doc_files", "nav", "env"} <= seen.keys():
            self.kept = KeptBuild(
                seen["config"], seen["files"], seen["doc_files"], seen["nav"], seen["env"]
            )

    def pages(self, paths: Sequence[PurePosixPath]) -> float | None:
        """Build only the pages (and data files) at ``paths``, relative to the docs folder.

        Returns the seconds it took, or ``None`` if it could not (then nothing is kept, and the
        caller builds the site instead).
        """
        started = time.perf_counter()
        kept, self.kept = self.kept, None
        if kept is None:
            return None
        populate, build_page = (getattr(self.module, name) for name in STEPS)
        try:
            for path in paths:
                file = kept.files.get_file_from_path(path.as_posix())
                if file is None:
                    return None  # a page MkDocs did not see: the site is built instead
                if not file.is_documentation_page():
                    file.copy_file()
                    continue
                if file.page is None:
                    return None
                page, config = file.page, kept.config
                populate(page, config, kept.files)
                excluded = file.inclusion.is_excluded()
                build_page(page, config, kept.doc_files, kept.nav, kept.env, excluded=excluded)
        except Exception:  # noqa: BLE001 (MkDocs' own build then runs, and says what failed)
            return None
        self.kept = kept
        return time.perf_counter() - started
