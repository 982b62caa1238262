"""End to end: the command line builds a tiny site in strict mode; bad content fails cleanly."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import REPO, SPEAKER, WriteFiles, checksums, run_cli
from html_text import read_page_text

import build_site


def test_tiny_site_builds_in_strict_mode_without_warnings(small_site: Path) -> None:
    result = run_cli(small_site, "build")
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    assert "Site built into site/." in result.stdout
    page = read_page_text((small_site / "site/test-2014/index.html").read_text(encoding="utf-8"))
    assert page.remark_order == ["jane-doe"]
    assert "We build trust before the crisis." in page.remarks["jane-doe"]
    assert "Testville Chief Jane Doe" in page.remarks["jane-doe"]
    home = (small_site / "site/index.html").read_text(encoding="utf-8")
    assert 'href="test-2014/"' in home


def test_build_never_changes_hand_written_files(small_site: Path) -> None:
    before = checksums(small_site / "docs") | checksums(small_site / "speakers")
    assert build_site.main(["--root", str(small_site), "build"]) == 0
    assert checksums(small_site / "docs") | checksums(small_site / "speakers") == before


def test_check_validates_and_writes_nothing(small_site: Path) -> None:
    result = run_cli(small_site, "check")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == "All sources are valid: 1 sessions, 1 remarks.\n"
    assert not (small_site / "build").exists()
    assert not (small_site / "site").exists()


def test_bad_content_lists_every_problem_without_a_traceback(project: WriteFiles) -> None:
    root = project(
        {
            "speakers/topics.yml": "leadership: Leadership\n",
            "speakers/test-2014/jane-doe.md": SPEAKER.replace("order: 1", "ordr: 1"),
            "speakers/test-2014/_session.md": "---\ntitle: [unclosed\n---\n",
        }
    )
    result = run_cli(root, "check")
    assert result.returncode == 1
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        "speakers/test-2014/_session.md:2: YAML syntax error, column 17: expected ',' or ']', "
        "but got '<stream end>'; a list that starts with '[' must end with ']'",
        "speakers/test-2014/jane-doe.md:7: unknown field 'ordr'; did you mean 'order'?",
        "speakers/test-2014/jane-doe.md:9: topics: unknown topic 'community-trust'; use one "
        "listed in speakers/topics.yml or add it there",
        "",
        "3 problems found; nothing was published. Fix the lines above and run the command again.",
    ]


def test_failed_build_leaves_the_previous_site_untouched(small_site: Path) -> None:
    assert build_site.main(["--root", str(small_site), "build"]) == 0
    before = checksums(small_site / "site")
    speaker = small_site / "speakers/test-2014/jane-doe.md"
    speaker.write_text(SPEAKER.replace("order: 1", "order: one"), encoding="utf-8")
    assert build_site.main(["--root", str(small_site), "build"]) == 1
    assert checksums(small_site / "site") == before


def test_mkdocs_failure_leaves_the_previous_site_untouched(small_site: Path) -> None:
    assert build_site.main(["--root", str(small_site), "build"]) == 0
    before = checksums(small_site / "site")
    # A link to a missing anchor: MkDocs (strict) refuses it, after our own checks pass.
    (small_site / "docs/about.md").write_text(
        "---\ntitle: About\n---\n[broken](data.md#no-such-part)\n", encoding="utf-8"
    )
    result = run_cli(small_site, "build")
    assert result.returncode == 1
    assert "no-such-part" in result.stderr
    assert "MkDocs could not build the site" in result.stderr
    assert checksums(small_site / "site") == before
    assert not list(small_site.glob(".site-*"))


def test_generated_page_may_not_replace_a_hand_written_one(small_site: Path) -> None:
    (small_site / "docs/test-2014.md").write_text(
        "---\ntitle: Mine\n---\n# Mine\n", encoding="utf-8"
    )
    result = run_cli(small_site, "build")
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        "speakers/test-2014/_session.md: the folder name 'test-2014' would give this meeting's "
        "page the address /test-2014/, but that is already the hand-written page "
        "docs/test-2014.md; rename the folder"
    )
    assert (small_site / "docs/test-2014.md").read_text(encoding="utf-8").endswith("# Mine\n")


def test_text_fields_with_html_are_refused(small_site: Path) -> None:
    speaker = small_site / "speakers/test-2014/jane-doe.md"
    speaker.write_text(
        SPEAKER.replace('"Trust Comes First"', '"Trust <script>alert(1)</script> First"'),
        encoding="utf-8",
    )
    result = run_cli(small_site, "build")
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        "speakers/test-2014/jane-doe.md:6: headline: raw HTML '<script' is not allowed; "
        "write plain text"
    )
    assert not (small_site / "site").exists()


def test_less_than_and_ampersand_in_fields_and_words_are_shown_as_written(
    small_site: Path,
) -> None:
    speaker = small_site / "speakers/test-2014/jane-doe.md"
    speaker.write_text(
        SPEAKER.replace('"Trust Comes First"', '"Trust < Fear & Doubt"').replace(
            "We build trust before the crisis.", "We build trust when 5 < 10 & a <b>bold</b> word."
        ),
        encoding="utf-8",
    )
    result = run_cli(small_site, "build")
    assert result.returncode == 1 and "raw HTML '<b'" in result.stderr
    speaker.write_text(
        SPEAKER.replace('"Trust Comes First"', '"Trust < Fear & Doubt"').replace(
            "We build trust before the crisis.", "We build trust when 5 < 10 & Q&A."
        ),
        encoding="utf-8",
    )
    assert build_site.main(["--root", str(small_site), "build"]) == 0
    page = read_page_text((small_site / "site/test-2014/index.html").read_text(encoding="utf-8"))
    assert "Trust < Fear & Doubt" in page.remarks["jane-doe"]
    assert "We build trust when 5 < 10 & Q&A." in page.remarks["jane-doe"]


@pytest.mark.parametrize("command", [["--help"], ["check", "--help"]])
def test_help(command: list[str], small_site: Path) -> None:
    result = run_cli(small_site, *command)
    assert result.returncode == 0
    assert "usage: build_site.py" in result.stdout


def test_the_published_stylesheet_has_the_same_rules_without_comments(
    real_archive: Path,
) -> None:
    source = (REPO / "docs/stylesheets/archive.css").read_text(encoding="utf-8")
    published = (real_archive / "site/stylesheets/archive.css").read_text(encoding="utf-8")
    assert "/*" in source and "/*" not in published and "*/" not in published
    # No CSS string holds comment marks, so only comments were cut.
    assert not [text for text in re.findall(r'"[^"]*"', source) if "/*" in text or "*/" in text]
    rules = re.sub(r"/\*.*?\*/", "", source, flags=re.DOTALL)
    assert published.split() == rules.split()
    assert len(published) < len(source)
