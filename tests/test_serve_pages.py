"""The preview's single-page rebuild makes the site a whole MkDocs build makes."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from pathlib import Path, PurePosixPath
from types import ModuleType

import pytest
from conftest import REPO, checksums

from sitebuild.config import SiteLayout
from sitebuild.preview import Preview
from sitebuild.serve_pages import STEPS, PageBuilder

ADDRESS = "http://127.0.0.1:8000/"
DYER = Path("speakers/town-hall-2014/jerry-dyer.md")


def engine(name: str) -> tuple[ModuleType, ModuleType]:
    """The engine's build module and its configuration module (MkDocs or ProperDocs)."""
    if name == "properdocs":
        importlib.import_module("properdocs.replacement")  # as serve does: Material loads
    return (
        importlib.import_module(f"{name}.commands.build"),
        importlib.import_module(f"{name}.config"),
    )


def configuration(root: Path, site: Path, name: str = "mkdocs") -> object:
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    load_config = engine(name)[1].load_config
    config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(site), strict=False)
    config.site_url = ADDRESS
    config.extra["preview"] = True
    return config


def rebuild_and_compare(root: Path, name: str) -> None:
    """Build ``root`` with the engine ``name``, edit words, rebuild the edit's pages alone, and
    check the site equals a whole build of the edited sources."""
    os.chdir(root)
    preview = Preview(SiteLayout(root=root))
    assert preview.update().result.ok
    build_module = engine(name)[0]
    builder = PageBuilder(build_module)
    builder.build(configuration(root, root / "fast", name), ADDRESS)
    assert builder.kept is not None
    # The steps were watched during the build, and are the engine's own again after it.
    assert all(getattr(build_module, step).__module__ == build_module.__name__ for step in STEPS)

    text = (root / DYER).read_text(encoding="utf-8")
    (root / DYER).write_text(text.replace("a good thing", "a fine thing"), "utf-8")
    update = preview.update()
    assert update.result.ok and not update.full
    assert PurePosixPath("town-hall-2014.md") in update.rewritten
    assert builder.pages(update.rewritten) is not None
    build_module.build(configuration(root, root / "whole", name), serve_url=ADDRESS)
    assert checksums(root / "fast") == checksums(root / "whole")
    page = (root / "fast/town-hall-2014/index.html").read_text(encoding="utf-8")
    assert "a fine thing" in page and "a good thing" not in page


def test_an_edit_to_words_rebuilds_its_pages_as_a_whole_build_would(
    archive_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(archive_copy)
    rebuild_and_compare(archive_copy, "mkdocs")


def test_with_properdocs_too(archive_copy: Path) -> None:
    """ProperDocs runs alone in its process (it cannot load Material beside MkDocs)."""
    code = (
        f"import sys; sys.path[:0] = [{str(REPO / 'tests')!r}, {str(REPO)!r}]\n"
        "from pathlib import Path\nimport test_serve_pages as test\n"
        f"test.rebuild_and_compare(Path({str(archive_copy)!r}), 'properdocs')\nprint('same')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=300
    )
    assert done.stdout.strip().endswith("same"), done.stderr[-3000:]


def test_a_page_mkdocs_did_not_see_makes_the_whole_site_build(
    archive_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(archive_copy)
    assert Preview(SiteLayout(root=archive_copy)).update().result.ok
    builder = PageBuilder(engine("mkdocs")[0])
    assert builder.pages([PurePosixPath("index.md")]) is None  # nothing built yet
    builder.build(configuration(archive_copy, archive_copy / "site"), ADDRESS)
    assert builder.pages([PurePosixPath("no-such-page.md")]) is None
    assert builder.kept is None  # and the next edit builds the site again


def test_a_page_that_fails_makes_the_whole_site_build(
    archive_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(archive_copy)
    assert Preview(SiteLayout(root=archive_copy)).update().result.ok
    build_module = engine("mkdocs")[0]
    builder = PageBuilder(build_module)
    builder.build(configuration(archive_copy, archive_copy / "site"), ADDRESS)
    assert builder.pages([PurePosixPath("index.md")]) is not None

    def broken(*args: object, **options: object) -> None:
        raise RuntimeError("an extension failed")

    monkeypatch.setattr(build_module, STEPS[0], broken)
    assert builder.pages([PurePosixPath("index.md")]) is None
    assert builder.kept is None
