"""Newsletter issues: the records, their checks, their pages and the scaffolding.

The walk-through of adding an issue as the Editing guide says is in test_editing_guide.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import ISSUE, SESSION, SPEAKER, TOPICS, WriteFiles, run_cli

import build_site
from sitebuild.config import SiteLayout
from sitebuild.pipeline import check

ISSUE_PATH = "speakers/issues/test-issue.md"
SESSION_PATH = "speakers/test-2014/_session.md"


def problems(root: Path) -> list[str]:
    result = check(SiteLayout(root=root))
    return [str(problem) for problem in result.errors + result.warnings]


def test_the_real_archive_has_one_issue_with_its_three_articles_in_print_order(
    real_archive: Path,
) -> None:
    site = real_archive / "site"
    page = (site / "issues/late-2014/index.html").read_text(encoding="utf-8")
    slugs = ("defining-moments-2014", "town-hall-2014", "leadership-award-2014")
    order = [page.index(f"{slug}/") for slug in slugs]
    assert order == sorted(order)
    assert "pages 1 and 4" in page and "pages 3 and 7" in page
    assert "(approximate)" in page and "does not print its date" in page
    assert 'href="late-2014/"' in (site / "issues/index.html").read_text(encoding="utf-8")
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "The latest issue" in home and 'href="issues/late-2014/"' in home
    assert 'href="issues/"' in home
    records = json.loads((site / "data/remarks.json").read_text(encoding="utf-8"))
    assert {record["issue"] for record in records} == {"late-2014"}
    assert {record["issue_date"] for record in records} == {"2014"}
    assert {record["issue_date_approximate"] for record in records} == {True}
    assert {(item["issue_volume"], item["issue_number"]) for item in records} == {(None, None)}
    meeting = (site / "town-hall-2014/index.html").read_text(encoding="utf-8")
    assert "Printed in" in meeting and 'href="../issues/late-2014/"' in meeting


@pytest.mark.parametrize(
    "change, expected",
    [
        (
            ("issue: test-issue", "issue: test-isue"),
            f"{SESSION_PATH}:12: issue: 'test-isue' is not an issue of the archive; did you mean "
            "'test-issue'?",
        ),
        (
            ("issue: test-issue", "issue: [test-issue, other]"),
            f"{SESSION_PATH}:12: issue: names one issue only: an article is printed in exactly "
            "one issue; keep one",
        ),
        (
            ("issue: test-issue\n", ""),
            f"{SESSION_PATH}:2: missing required field 'issue'; add a line like: issue: late-2014",
        ),
    ],
    ids=["unknown issue", "two issues", "no issue"],
)
def test_a_meeting_names_exactly_one_known_issue(
    project: WriteFiles, change: tuple[str, str], expected: str
) -> None:
    root = project(
        {
            "speakers/topics.yml": TOPICS,
            SESSION_PATH: SESSION.replace(*change),
            "speakers/test-2014/jane-doe.md": SPEAKER,
            ISSUE_PATH: ISSUE,
        }
    )
    found = problems(root)
    assert any(problem.startswith(expected) for problem in found), found


def test_an_issue_without_articles_is_reported(small_site: Path) -> None:
    (small_site / "speakers/issues/empty.md").write_text(ISSUE, encoding="utf-8")
    assert problems(small_site) == [
        "speakers/issues/empty.md:1: no meeting or notice is in this issue; add 'issue: empty' to "
        "the _session.md of each article it printed, or remove this file"
    ]


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2014-13", "must be a year (2015), a month (2015-03) or a day (2015-03-16)"),
        ("October 2014", "must be a year (2015), a month (2015-03) or a day (2015-03-16)"),
        ("true", "must be a year (2015), a month (2015-03) or a day (2015-03-16)"),
    ],
)
def test_an_issue_date_is_as_precise_as_printed(
    small_site: Path, value: str, expected: str
) -> None:
    (small_site / ISSUE_PATH).write_text(ISSUE.replace("2014-10", value), encoding="utf-8")
    found = problems(small_site)
    assert found[0].startswith(f"{ISSUE_PATH}:3: date: {expected}"), found


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2099-01", "date: 2099-01 is after today, but an issue is dated when it was printed"),
        ('"2099"', "date: 2099 is after today, but an issue is dated when it was printed"),
        ('"2014-02-30"', "date: 2014-02-30 is not a day of the calendar; correct the month"),
    ],
)
def test_an_issue_date_is_a_real_day_and_not_in_the_future(
    small_site: Path, value: str, expected: str
) -> None:
    (small_site / ISSUE_PATH).write_text(ISSUE.replace("2014-10", value), encoding="utf-8")
    found = problems(small_site)
    assert found[0].startswith(f"{ISSUE_PATH}:3: {expected}"), found


def test_new_issue_writes_a_day_the_check_accepts(small_site: Path) -> None:
    made = run_cli(small_site, "new-issue", "2014-q4", "--newsletter", "N", "--date", "2014-10-20")
    assert made.returncode == 0, made.stderr
    (small_site / ISSUE_PATH).unlink()
    session = small_site / SESSION_PATH
    session.write_text(SESSION.replace("issue: test-issue", "issue: 2014-q4"), "utf-8")
    assert problems(small_site) == []
    for date in ("2014-02-30", "2099-01"):
        refused = run_cli(small_site, "new-issue", "x-2014", "--newsletter", "N", "--date", date)
        assert refused.returncode == 1 and f"--date '{date}'" in refused.stderr
        assert "Traceback" not in refused.stderr


def second_meeting(order: int, pages: str) -> str:
    return SESSION.replace("order: 1", f"order: {order}").replace("pages: [1, 4]", pages)


def test_articles_of_an_issue_keep_print_order(small_site: Path) -> None:
    later = small_site / "speakers/later-2014/_session.md"
    later.parent.mkdir()
    later.write_text(second_meeting(2, "pages: [3]"), encoding="utf-8")
    assert problems(small_site) == []
    later.write_text(second_meeting(1, "pages: [3]"), encoding="utf-8")
    assert problems(small_site) == [
        "speakers/test-2014/_session.md:9: order: 1 is already used by "
        "speakers/later-2014/_session.md in issue 'test-issue'; give each article of an issue "
        "its own position"
    ]
    earlier = small_site / SESSION_PATH
    earlier.write_text(second_meeting(3, "pages: [5]"), encoding="utf-8")
    later.write_text(second_meeting(4, "pages: [2]"), encoding="utf-8")
    assert problems(small_site) == [
        "speakers/later-2014/_session.md:11: pages: this article starts on page 2, before "
        "speakers/test-2014/_session.md (page 5), yet its order 4 comes after 3; correct "
        "'order:' or 'pages:'"
    ]


@pytest.mark.parametrize(
    "pages, issue_pages, expected",
    [
        (
            "[4, 4]",
            "",
            "pages: [4, 4] must name each page once, in rising print order (like [3, 7])",
        ),
        (
            "[4, 1]",
            "",
            "pages: [4, 1] must name each page once, in rising print order (like [3, 7])",
        ),
        (
            "[1, 4]",
            "pages: 3\n",
            "pages: page 4 is past the end of issue 'test-issue', which has 3 ('pages:' in "
            f"{ISSUE_PATH}); correct one of the two",
        ),
    ],
)
def test_print_pages_are_each_named_once_in_order_within_the_issue(
    small_site: Path, pages: str, issue_pages: str, expected: str
) -> None:
    (small_site / ISSUE_PATH).write_text(ISSUE.replace("---\n", f"---\n{issue_pages}", 1), "utf-8")
    session = small_site / SESSION_PATH
    session.write_text(SESSION.replace("pages: [1, 4]", f"pages: {pages}"), encoding="utf-8")
    assert problems(small_site) == [f"{SESSION_PATH}:11: {expected}"]


def test_the_print_edition_is_published_beside_the_issue(small_site: Path) -> None:
    issue = small_site / ISSUE_PATH
    issue.write_text(ISSUE.replace("---\n", "---\nedition: test-issue.pdf\n", 1), "utf-8")
    assert problems(small_site) == [
        f"{ISSUE_PATH}:2: edition: there is no file test-issue.pdf beside this issue file; put "
        "the print edition there, or remove the 'edition:' line"
    ]
    edition = small_site / "speakers/issues/test-issue.pdf"
    edition.write_bytes(b"<html><script>alert(1)</script>")
    assert problems(small_site) == [
        f"{ISSUE_PATH}:2: edition: test-issue.pdf is not a PDF file; save the print edition as "
        "PDF under this name"
    ]
    with edition.open("wb") as file:
        file.truncate(101 * 2**20)  # sparse: no disk space used
    assert problems(small_site) == [
        f"{ISSUE_PATH}:2: edition: test-issue.pdf is 101 MB; a print edition may have at most "
        "100 MB: save a smaller PDF (a lower image resolution)"
    ]
    (small_site / "speakers/issues/test-issue.pdf").write_bytes(b"%PDF-1.4 the print edition")
    assert build_site.main(["--root", str(small_site), "build"]) == 0
    site = small_site / "site"
    assert (site / "issues/test-issue.pdf").read_bytes() == b"%PDF-1.4 the print edition"
    page = (site / "issues/test-issue/index.html").read_text(encoding="utf-8")
    assert 'href="../test-issue.pdf"' in page


def test_the_issue_note_resolves_links_and_keeps_notes_to_editors_out(
    small_site: Path,
) -> None:
    issue = small_site / ISSUE_PATH
    note = "<!-- checked against the scan -->\nSee [[session:test-2014|the meeting]]."
    issue.write_text(f"{ISSUE}{note.replace('test-2014', 'nope')}\n", encoding="utf-8")
    assert problems(small_site) == [
        f"{ISSUE_PATH}:6: link [[session:nope|the meeting]]: unknown session 'nope'; use the name "
        "of a folder under speakers/"
    ]
    issue.write_text(f"{ISSUE}{note}\n", encoding="utf-8")
    assert build_site.main(["--root", str(small_site), "build"]) == 0
    page = (small_site / "site/issues/test-issue/index.html").read_text(encoding="utf-8")
    assert 'See <a href="../../test-2014/">the meeting</a>.' in page
    assert "checked against" not in page and "[[" not in page


def test_a_stray_file_among_the_issues_is_reported(small_site: Path) -> None:
    (small_site / "speakers/issues/Notes 1.PDF").write_bytes(b"%PDF")
    (small_site / "speakers/test-2014/edition.pdf").write_bytes(b"%PDF")
    found = problems(small_site)
    assert found == [
        "speakers/issues/Notes 1.PDF: this PDF is the print edition of no issue; rename it to "
        "notes-1.pdf and name it in its issue file (the line 'edition: notes-1.pdf'), or "
        "remove it",
        "speakers/test-2014/edition.pdf: the build does not read this file: speaker and session "
        "files must end in '.md' (a print edition goes beside its issue file, in "
        "speakers/issues/)",
    ]


def test_a_broken_issue_file_is_the_only_message(small_site: Path) -> None:
    """Its meetings and its print edition are not reported too, with a misleading fix."""
    issue = small_site / ISSUE_PATH
    issue.write_text(
        ISSUE.replace("date: 2014-10", "date: Fall 2014\nedition: test-issue.pdf"), "utf-8"
    )
    (small_site / "speakers/issues/test-issue.pdf").write_bytes(b"%PDF-1.4")
    assert problems(small_site) == [
        f"{ISSUE_PATH}:3: date: must be a year (2015), a month (2015-03) or a day (2015-03-16), "
        "as precisely as the print edition states it, but it is text ('Fall 2014')"
    ]


def test_new_issue_and_new_session_explain_bad_input(small_site: Path) -> None:
    bad_date = run_cli(small_site, "new-issue", "2015-x", "--newsletter", "N", "--date", "March")
    assert bad_date.returncode == 1
    assert "--date 'March': write the issue's date as precisely as it is printed" in (
        bad_date.stderr
    )
    made = run_cli(small_site, "new-issue", "2015-spring", "--newsletter", "N", "--date", "2015")
    assert made.returncode == 0, made.stderr
    again = run_cli(small_site, "new-issue", "2015-spring", "--newsletter", "N", "--date", "2015")
    assert "speakers/issues/2015-spring.md already exists; nothing was changed" in again.stderr
    meeting = ["new-session", "x-2015", "--title", "X", "--date", "2015-01-02", "--place", "Y"]
    which = run_cli(small_site, *meeting)
    assert which.returncode == 1
    assert "say which issue printed the meeting: add --issue with one of 2015-spring, " in (
        which.stderr
    )
    for option, value, expected in [
        ("--newsletter", " ", "--newsletter is empty; give the newsletter's name as printed"),
        ("--volume", "0", "--volume 0: give the number printed on the issue (1 or more)"),
    ]:
        args = {"--newsletter": "N", "--date": "2015", option: value}
        refused = run_cli(small_site, "new-issue", "x-2015", *sum(args.items(), ()))
        assert refused.returncode == 1 and expected in refused.stderr, refused.stderr
    path = run_cli(small_site, *meeting, "--issue", "../2015-spring")
    assert "--issue '../2015-spring': give an issue's file name, one of: 2015-spring, " in (
        path.stderr
    )
    unknown = run_cli(small_site, *meeting, "--issue", "nope")
    assert "there is no issue 'nope' (speakers/issues/nope.md); create it first with: " in (
        unknown.stderr
    )
    placed = run_cli(small_site, *meeting, "--issue", "2015-spring")
    assert placed.returncode == 0, placed.stderr
    text = (small_site / "speakers/x-2015/_session.md").read_text(encoding="utf-8")
    assert "issue: 2015-spring\n" in text and "order: 1\n" in text


def test_an_issue_named_with_digits_only_is_quoted_where_a_meeting_names_it(
    small_site: Path,
) -> None:
    made = run_cli(small_site, "new-issue", "2014", "--newsletter", "N", "--date", "2014")
    assert made.returncode == 0, made.stderr
    for slug in ("x-2014", "y-2014"):
        meeting = ["new-session", slug, "--title", "X", "--date", "2014-01-02", "--place", "Y"]
        placed = run_cli(small_site, *meeting, "--issue", "2014")
        assert placed.returncode == 0, placed.stderr
    text = (small_site / "speakers/y-2014/_session.md").read_text(encoding="utf-8")
    assert 'issue: "2014"\n' in text and "order: 2\n" in text
    assert [problem for problem in problems(small_site) if "TODO" not in problem] == []
    typed = small_site / "speakers/x-2014/_session.md"
    typed.write_text(typed.read_text(encoding="utf-8").replace('"2014"', "2014"), "utf-8")
    expected = (
        "speakers/x-2014/_session.md:13: issue: must be a file name without .md (like "
        'late-2014), but it is a number (2014); a name of digits goes in double quotes: "2014"'
    )
    assert expected in problems(small_site)


@pytest.mark.parametrize(
    "date, reported",
    [("2014-09", False), ("2014-08", True), ("2014-09-16", False), ("2014-09-15", True)],
)
def test_a_meeting_after_its_issue_is_a_warning(
    small_site: Path, date: str, reported: bool
) -> None:
    """An issue cannot report a meeting that began after it was printed (the meeting: 16 Sept)."""
    (small_site / ISSUE_PATH).write_text(ISSUE.replace("2014-10", date), encoding="utf-8")
    expected = (
        "speakers/test-2014/_session.md:12: warning: issue: this meeting began on 2014-09-16, "
        f"after the date of issue 'test-issue' ({date}), which cannot have reported it; name the "
        f"issue that printed it, or correct the date in {ISSUE_PATH}"
    )
    assert problems(small_site) == ([expected] if reported else [])


def test_two_issues_cannot_share_a_print_edition(small_site: Path) -> None:
    (small_site / "speakers/issues/test-issue.pdf").write_bytes(b"%PDF-1.4 the print edition")
    with_edition = ISSUE.replace("---\n", "---\nedition: test-issue.pdf\n", 1)
    (small_site / ISSUE_PATH).write_text(with_edition, "utf-8")
    (small_site / "speakers/issues/other.md").write_text(with_edition, "utf-8")
    session = (small_site / "speakers/test-2014/_session.md").read_text("utf-8")
    other = small_site / "speakers/other-2014/_session.md"
    other.parent.mkdir()
    other.write_text(session.replace("issue: test-issue", "issue: other"), "utf-8")
    assert problems(small_site) == [
        "speakers/issues/test-issue.md:2: edition: test-issue.pdf would be published at "
        "/issues/test-issue.pdf, but that is already the print edition file of "
        "speakers/issues/other.md; each issue has its own print edition: name it after this "
        "issue's file"
    ]
