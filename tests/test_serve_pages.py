"""The preview's single-page rebuild makes the site a whole MkDocs build makes."""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

import pytest
from conftest import checksums
from mkdocs.commands import build as mkdocs_build
from mkdocs.config import load_config

from sitebuild.config import SiteLayout
from sitebuild.preview import Preview
from sitebuild.serve_pages import STEPS, PageBuilder

ADDRESS = "http://127.0.0.1:8000/"
DYER = Path("speakers/town-hall-2014/jerry-dyer.md")


def configuration(root: Path, site: Path) -> object:
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(site), strict=False)
    config.site_url = ADDRESS
    config.extra["preview"] = True
    return config


def test_an_edit_to_words_rebuilds_its_pages_as_a_whole_build_would(
    archive_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(archive_copy)
    preview = Preview(SiteLayout(root=archive_copy))
    assert preview.update().result.ok
    builder = PageBuilder(mkdocs_build)
    builder.build(configuration(archive_copy, archive_copy / "fast"), ADDRESS)
    assert builder.kept is not None
    assert all(getattr(mkdocs_build, name).__module__ == "mkdocs.commands.build" for name in STEPS)

    text = (archive_copy / DYER).read_text(encoding="utf-8")
    (archive_copy / DYER).write_text(text.replace("a good thing", "a fine thing"), "utf-8")
    update = preview.update()
    assert update.result.ok and not update.full
    assert PurePosixPath("town-hall-2014.md") in update.rewritten
    took = builder.pages(update.rewritten)
    assert took is not None
    whole = configuration(archive_copy, archive_copy / "whole")
    mkdocs_build.build(whole, serve_url=ADDRESS)  # type: ignore[arg-type]
    assert checksums(archive_copy / "fast") == checksums(archive_copy / "whole")
    page = (archive_copy / "fast/town-hall-2014/index.html").read_text(encoding="utf-8")
    assert "a fine thing" in page and "a good thing" not in page


def test_a_page_mkdocs_did_not_see_makes_the_whole_site_build(
    archive_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(archive_copy)
    assert Preview(SiteLayout(root=archive_copy)).update().result.ok
    builder = PageBuilder(mkdocs_build)
    assert builder.pages([PurePosixPath("index.md")]) is None  # nothing built yet
    builder.build(configuration(archive_copy, archive_copy / "site"), ADDRESS)
    assert builder.pages([PurePosixPath("no-such-page.md")]) is None
    assert builder.kept is None  # and the next edit builds the site again
