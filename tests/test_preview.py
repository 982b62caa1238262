"""The live preview's updates: only the pages an edit changes, and the same bytes as a build."""

from __future__ import annotations

import re
import shutil
from pathlib import Path, PurePosixPath

from conftest import checksums

from sitebuild.config import SiteLayout
from sitebuild.pipeline import generate
from sitebuild.preview import Preview

HARTEAU = Path("speakers/defining-moments-2014/janee-harteau.md")


def edit(root: Path, path: Path, old: str, new: str) -> None:
    text = (root / path).read_text(encoding="utf-8")
    assert old in text
    (root / path).write_text(text.replace(old, new, 1), encoding="utf-8")


def generated(root: Path) -> dict[str, str]:
    """Checksums of the generated pages (the open-data files aside: see ``Preview``)."""
    sums = checksums(root / "build/docs")
    return {name: value for name, value in sums.items() if not name.startswith("data/")}


def stamps(root: Path) -> dict[Path, int]:
    return {path: path.stat().st_mtime_ns for path in (root / "build/docs").rglob("*.md")}


def full_build_of(root: Path, tmp_path: Path) -> dict[str, str]:
    """What a full generation makes of the same sources, in another folder."""
    fresh = tmp_path / "fresh"
    for name in ("speakers", "docs"):
        shutil.copytree(root / name, fresh / name)
    shutil.copy(root / "mkdocs.yml", fresh / "mkdocs.yml")
    assert generate(SiteLayout(root=fresh)).ok
    return generated(fresh)


def test_an_edit_to_the_words_rewrites_only_the_pages_showing_them(
    archive_copy: Path, tmp_path: Path
) -> None:
    preview = Preview(SiteLayout(root=archive_copy))
    first = preview.update()
    assert first.result.ok and first.full
    before = stamps(archive_copy)
    edit(archive_copy, HARTEAU, "We need to reward people", "We must reward people")
    update = preview.update()
    assert update.result.ok and not update.full
    # The references page is not rendered: the edit cites the same sources as before.
    assert set(update.pages) == {
        PurePosixPath("data/cite/defining-moments-2014.json"),
        PurePosixPath("defining-moments-2014.md"),
        PurePosixPath("speakers/janee-harteau.md"),
    }
    after = stamps(archive_copy)
    rewritten = {path.relative_to(archive_copy / "build/docs") for path in before
                 if after[path] != before[path]}  # fmt: skip
    assert rewritten == {Path("defining-moments-2014.md"), Path("speakers/janee-harteau.md")}
    assert {Path(path) for path in update.rewritten if path.suffix == ".md"} == rewritten
    assert "We must reward people" in (
        archive_copy / "build/docs/defining-moments-2014.md"
    ).read_text(encoding="utf-8")
    assert generated(archive_copy) == full_build_of(archive_copy, tmp_path)


def test_an_edit_that_cites_a_source_updates_the_references_page(
    archive_copy: Path, tmp_path: Path
) -> None:
    preview = Preview(SiteLayout(root=archive_copy))
    assert preview.update().result.ok
    key = next(
        line.split(":")[0]
        for line in (archive_copy / "speakers/references.yml").read_text().splitlines()
        if line and not line.startswith((" ", "#"))
    )
    edit(archive_copy, HARTEAU, "We need to reward people", f"We need[@{key}] to reward people")
    update = preview.update()
    assert update.result.ok and not update.full
    assert PurePosixPath("references.md") in update.rewritten
    assert "defining-moments-2014.md#janee-harteau" in (
        archive_copy / "build/docs/references.md"
    ).read_text(encoding="utf-8")
    assert generated(archive_copy) == full_build_of(archive_copy, tmp_path)


def test_a_front_matter_edit_regenerates_everything(archive_copy: Path, tmp_path: Path) -> None:
    preview = Preview(SiteLayout(root=archive_copy))
    preview.update()
    edit(archive_copy, HARTEAU, "title: Chief", "title: Police Chief")
    update = preview.update()
    assert update.result.ok and update.full
    assert generated(archive_copy) == full_build_of(archive_copy, tmp_path)


def test_an_edit_to_the_settings_regenerates_everything(archive_copy: Path, tmp_path: Path) -> None:
    """The site's address is on many pages: a new one is not only on the pages of the edit."""
    preview = Preview(SiteLayout(root=archive_copy))
    preview.update()
    config = archive_copy / "mkdocs.yml"
    text = re.sub(r"(?m)^site_url:.*$", "site_url: https://other.example.org/", config.read_text())
    config.write_text(text, encoding="utf-8")
    edit(archive_copy, HARTEAU, "We need to reward people", "We must reward people")
    update = preview.update()
    assert update.result.ok and update.full
    assert generated(archive_copy) == full_build_of(archive_copy, tmp_path)


def test_a_new_file_regenerates_everything(archive_copy: Path) -> None:
    preview = Preview(SiteLayout(root=archive_copy))
    preview.update()
    copy = HARTEAU.with_name("jane-other.md")
    text = (archive_copy / HARTEAU).read_text(encoding="utf-8")
    text = text.replace("order: ", "order: 9").replace("name: Janeé Harteau", "name: Jane Other")
    (archive_copy / copy).write_text(text, encoding="utf-8")
    update = preview.update()
    assert update.full
    assert update.result.ok, update.result.errors
    assert (archive_copy / "build/docs/speakers/jane-other.md").is_file()


def test_a_broken_edit_writes_nothing_and_its_fix_is_shown(archive_copy: Path) -> None:
    preview = Preview(SiteLayout(root=archive_copy))
    preview.update()
    pages = checksums(archive_copy / "build/docs")
    edit(archive_copy, HARTEAU, "{: #p1 }", "{: #p1 .no-such-style }")
    broken = preview.update()
    [error] = broken.result.errors
    paragraph = line_of(archive_copy, HARTEAU, "We need to reward people")
    assert str(error).startswith(f"{HARTEAU.as_posix()}:{paragraph}: ")
    assert "no-such-style" in str(error)
    assert checksums(archive_copy / "build/docs") == pages
    edit(archive_copy, HARTEAU, "{: #p1 .no-such-style }", "{: #p1 }")
    edit(archive_copy, HARTEAU, "We need to reward people", "We must reward people")
    fixed = preview.update()
    assert fixed.result.ok and not fixed.full
    assert "We must reward people" in (
        archive_copy / "build/docs/defining-moments-2014.md"
    ).read_text(encoding="utf-8")


def test_a_words_edit_is_still_checked_against_every_other_file(archive_copy: Path) -> None:
    """Removing a paragraph that is linked to or published fails, though only words changed."""
    preview = Preview(SiteLayout(root=archive_copy))
    preview.update()
    text = (archive_copy / HARTEAU).read_text(encoding="utf-8")
    last = max(int(key) for key in re.findall(r"\{: #p(\d+)", text))
    edit(archive_copy, HARTEAU, f"{{: #p{last} }}", f"{{: #p{last + 100} }}")
    update = preview.update()
    assert not update.full
    assert any(
        f"/defining-moments-2014/#janee-harteau--p{last}' would no longer exist" in str(error)
        for error in update.result.errors
    )


def line_of(root: Path, path: Path, text: str) -> int:
    lines = (root / path).read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, start=1) if text in line)
