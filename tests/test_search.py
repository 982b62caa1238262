"""The search index: what goes in it, and a build that cannot write it publishes nothing.

The browser side (the header box, the search page, filters) is in test_search_browser.py.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import SESSION, SPEAKER, TOPICS, WriteFiles, checksums, copy_real_archive, run_cli

import build_site
from sitebuild.config import SiteLayout
from sitebuild.pipeline import check
from sitebuild.render.search import SearchRecord, search_records
from sitebuild.search_index import (
    QUIET_SECONDS,
    IndexInBackground,
    SearchIndexError,
    check_bundle,
    write_search_index,
)


def stored_records(site: Path) -> dict[str, dict[str, Any]]:
    """Every record Pagefind stored under ``site/pagefind``, by address."""
    records = [
        json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
        for path in (site / "pagefind/fragment").glob("*.pf_fragment")
    ]
    return {record["url"]: record for record in records}


@pytest.fixture(scope="module")
def real_records(tmp_path_factory: pytest.TempPathFactory) -> list[Any]:
    root = copy_real_archive(tmp_path_factory.mktemp("records"))
    result = check(SiteLayout(root=root))
    assert result.ok and result.archive is not None
    return search_records(result.archive)


def test_every_remark_is_found_once_and_knows_its_paragraphs(
    real_records: list[Any], real_archive: Path
) -> None:
    urls = [record.url for record in real_records]
    assert len(urls) == len(set(urls))
    site = real_archive / "site"
    remarks = [record for record in real_records if "#" in record.url]
    assert len(remarks) == 20  # one for each remark
    for record in remarks:
        page, _, anchor = record.url.partition("#")
        html = (site / page.strip("/") / "index.html").read_text(encoding="utf-8")
        assert f'id="{anchor}"' in html, record.url
        words = record.content.split()
        starts = [item.split(" ") for item in record.meta["paragraphs"].split(",")]
        for key, start in starts:
            # Each paragraph's address exists, and its words start where the record says.
            assert f'id="{anchor}--{key}"' in html, (record.url, key)
            paragraph = re.search(rf'<p[^>]* id="{anchor}--{key}"[^>]*>(.*?)</p>', html, re.S)
            assert paragraph is not None
            shown = re.sub(r"<[^>]+>", "", paragraph[1]).split()
            assert words[int(start)] == shown[0], (record.url, key)
    meetings = [record for record in real_records if "#" not in record.url]
    assert len(meetings) == 3  # one for each meeting's own words
    award = next(record for record in meetings if record.url == "/leadership-award-2014/")
    assert "Leadership Award" in award.content and len(award.content.split()) > 100
    # Only meeting pages: speaker, topic and index pages are not indexed a second time.
    pages = {record.url.split("#")[0] for record in real_records}
    assert pages == {"/defining-moments-2014/", "/town-hall-2014/", "/leadership-award-2014/"}
    assert stored_records(site).keys() == set(urls)


def test_a_record_carries_what_a_result_shows_and_what_filters_use(
    real_records: list[Any],
) -> None:
    remark = next(
        record for record in real_records if "cavalry was not right around" in record.content
    )
    assert remark.url == "/defining-moments-2014/#charles-ramsey"
    assert remark.content.startswith(
        "Charles Ramsey Police Commissioner, Philadelphia Police Department “Warrior” vs."
    )
    assert {key: value for key, value in remark.meta.items() if key != "paragraphs"} == {
        "title": "Charles Ramsey",
        "speaker": "Charles Ramsey",
        "role": "Police Commissioner, Philadelphia Police Department",
        "headline": "“Warrior” vs. “Guardian” Police: Defining What We Want from Officers",
        "meeting": "Defining Moments for Police Chiefs",
        "date": "September 16–17, 2014",
    }
    assert remark.filters["speaker"] == ["Charles Ramsey"]
    assert remark.filters["agency"] == ["Philadelphia Police Department"]
    assert remark.filters["meeting"] == [
        "Defining Moments for Police Chiefs, September 16–17, 2014"
    ]
    assert remark.filters["year"] == ["2014"]
    assert remark.filters["issue"] == ["PERF newsletter, about 2014"]
    assert "Community policing" in remark.filters["topic"]
    keys = [record.sort["date"] for record in real_records]
    assert keys == sorted(keys)  # in meeting order, then print order


LISTED = """\
We build trust before the crisis:
{: #p1 }

- walk the beat;
- learn [[speaker:jane-doe|names]].

<!-- a note to editors: check this list against page 4 -->
It has to happen first.[^a]
{: #p2 }

[^a]: As the newsletter printed it.
"""


def test_a_list_is_found_with_its_paragraph_and_notes_to_editors_never(
    project: WriteFiles,
) -> None:
    speaker = SPEAKER.replace(
        "We build trust before the crisis.\n{: #p1 }\n\nIt has to happen first.\n{: #p2 }\n",
        LISTED,
    )
    root = project(
        {
            "speakers/topics.yml": TOPICS,
            "speakers/test-2014/_session.md": SESSION,
            "speakers/test-2014/jane-doe.md": speaker,
        }
    )
    result = check(SiteLayout(root=root))
    assert result.ok and result.archive is not None
    [record] = [item for item in search_records(result.archive) if "#" in item.url]
    words = record.content.split()
    starts = dict(item.split(" ") for item in record.meta["paragraphs"].split(","))
    assert " ".join(words[int(starts["p1"]) : int(starts["p2"])]) == (
        "We build trust before the crisis: walk the beat; learn names."
    )
    assert " ".join(words[int(starts["p2"]) :]) == "It has to happen first."
    assert "note to editors" not in record.content and "As the newsletter" not in record.content


def test_a_build_that_cannot_index_publishes_nothing(
    small_site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert build_site.main(["--root", str(small_site), "build"]) == 0
    before = checksums(small_site / "site")
    (small_site / "speakers/test-2014/jane-doe.md").write_text(
        SPEAKER.replace("before the crisis", "long before a crisis"), encoding="utf-8"
    )
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(small_site / "no-such-program"))
    result = run_cli(small_site, "build")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert (
        "site/pagefind: the search index was not written: Pagefind could not index the site"
    ) in result.stderr
    assert "Nothing was published" in result.stderr
    assert checksums(small_site / "site") == before
    assert not list(small_site.glob(".site-*"))


def test_an_incomplete_bundle_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SearchIndexError, match="lacks pagefind.js"):
        check_bundle(tmp_path, 1)
    one = SearchRecord("/a/#b", "words", {"title": "B"}, {}, {"date": "1"})
    write_search_index([one], tmp_path)
    check_bundle(tmp_path / "pagefind", 1)
    with pytest.raises(SearchIndexError, match="indexed 1 of 3 records"):
        check_bundle(tmp_path / "pagefind", 3)
    (tmp_path / "pagefind/pagefind-entry.json").write_text("{", encoding="utf-8")
    with pytest.raises(SearchIndexError, match="unreadable"):
        check_bundle(tmp_path / "pagefind", 0)


def test_the_preview_indexes_the_newest_words(small_site: Path, tmp_path: Path) -> None:
    reports: list[str] = []
    indexer = IndexInBackground(tmp_path, reports.append)
    speaker = small_site / "speakers/test-2014/jane-doe.md"
    for words in ("first words", "second words", "the newest words"):
        speaker.write_text(SPEAKER.replace("before the crisis", words), encoding="utf-8")
        result = check(SiteLayout(root=small_site))
        assert result.archive is not None
        indexer.update(result.archive)
    indexer.wait()
    assert reports == []
    assert "the newest words" in stored_records(tmp_path)["/test-2014/#jane-doe"]["content"]
    assert not list(tmp_path.glob(".pagefind-*"))


def pagefind_wrapper(tmp_path: Path, before: str = "") -> tuple[Path, Path]:
    """A stand-in for Pagefind's program that logs when it starts, and its niceness."""
    from pagefind.service import get_executable

    real = get_executable()
    assert real is not None
    log = tmp_path / "started.log"
    wrapper = tmp_path / "pagefind-wrapper"
    wrapper.write_text(
        f'#!/bin/sh\n{before}echo "$(date +%s.%N) $(nice)" >> {log}\nexec {real} "$@"\n',
        encoding="utf-8",
    )
    wrapper.chmod(0o755)
    return wrapper, log


def test_the_preview_indexes_once_edits_pause_and_below_the_rebuilds_priority(
    small_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    wrapper, log = pagefind_wrapper(tmp_path)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(wrapper))
    site = tmp_path / "site"
    site.mkdir()
    indexer = IndexInBackground(site, lambda line: None)
    result = check(SiteLayout(root=small_site))
    assert result.archive is not None
    handed = time.time()
    for _ in range(3):  # three saves in quick succession: one indexing, after the last
        indexer.update(result.archive)
    indexer.wait()
    [line] = log.read_text(encoding="utf-8").splitlines()
    when, niceness = line.split()
    assert float(when) - handed >= QUIET_SECONDS
    assert int(niceness) >= os.nice(0) + 10  # the records and Pagefind, in another process
    assert "jane-doe" in json.dumps(stored_records(site))


def test_stopping_the_preview_stops_its_indexing(
    small_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    wrapper, log = pagefind_wrapper(tmp_path, before="sleep 30\n")
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(wrapper))
    indexer = IndexInBackground(tmp_path, lambda line: None)
    result = check(SiteLayout(root=small_site))
    assert result.archive is not None
    indexer.update(result.archive)
    time.sleep(QUIET_SECONDS + 1)  # the indexing process has started, Pagefind is waiting
    stopping = time.monotonic()
    indexer.close()
    assert time.monotonic() - stopping < 5
    assert not log.exists()
    indexer.update(result.archive)  # a closed indexer starts nothing
    indexer.wait()
    assert not (tmp_path / "pagefind").exists()


def test_the_preview_says_when_search_is_out_of_date(
    small_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "no-such-program"))
    reports: list[str] = []
    indexer = IndexInBackground(tmp_path, reports.append)
    result = check(SiteLayout(root=small_site))
    assert result.archive is not None
    indexer.update(result.archive)
    indexer.wait()
    assert len(reports) == 1
    assert reports[0].startswith("Search in the preview still shows the words before this edit")


@pytest.mark.parametrize(
    "files, expected",
    [
        (
            {"docs/pagefind/extra.css": "p { color: red; }\n"},
            "docs/pagefind/extra.css: docs/pagefind/ is where the build writes the search index",
        ),
        (
            {"speakers/pagefind/_session.md": SESSION},
            "speakers/pagefind: the session folder name 'pagefind' is a name the site uses",
        ),
        (
            {"docs/search.md": "---\ntitle: Mine\n---\nMy own search page.\n"},
            "docs/search.md: this page's address /search/ is the address of the site's search "
            "page, which the build makes; rename the file",
        ),
    ],
    ids=["docs/pagefind", "a meeting named pagefind", "a hand-written search page"],
)
def test_the_search_addresses_cannot_be_taken(
    small_site: Path, files: dict[str, str], expected: str
) -> None:
    for name, content in files.items():
        path = small_site / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    errors = [str(error) for error in check(SiteLayout(root=small_site)).errors]
    assert any(expected in error for error in errors), errors


WORDS_WITH_MARKUP = """\
See [the report][rep] and [a link](https://example.org "Link title"), _under_ and \\(this\\).
{: #p1 }

| Col A | Col B |
|:--|--:|
| a < b | c & d |

Checked against print.
<!-- checked against page 4 -->
{: #p2 }

[rep]: https://example.org/hiddenrefword
"""


def test_the_index_holds_what_the_page_shows(project: WriteFiles) -> None:
    speaker = SPEAKER.replace(
        "We build trust before the crisis.\n{: #p1 }\n\nIt has to happen first.\n{: #p2 }\n",
        WORDS_WITH_MARKUP,
    ).replace("name: Jane Doe", 'name: Jane "JJ" Doe')
    root = project(
        {
            "speakers/topics.yml": TOPICS,
            "speakers/test-2014/_session.md": SESSION,
            "speakers/test-2014/jane-doe.md": speaker,
        }
    )
    assert build_site.main(["--root", str(root), "build"]) == 0
    records = stored_records(root / "site")
    first = records["/test-2014/#jane-doe"]
    assert (
        "See the report and a link, under and (this). Col A Col B a < b c & d" in (first["content"])
    )
    assert "hiddenrefword" not in json.dumps(records)
    # Pagefind never matches a filter value with a straight double quote.
    assert first["filters"]["speaker"] == ["Jane \u201dJJ\u201d Doe"]
    assert first["meta"]["speaker"] == 'Jane "JJ" Doe'
    # A note to editors on a paragraph's last line leaves the paragraph its address.
    page = (root / "site/test-2014/index.html").read_text(encoding="utf-8")
    assert 'id="jane-doe--p2"' in page and "{:" not in page
    assert "p2 " in first["meta"]["paragraphs"]


def test_addresses_that_differ_only_in_letter_case_are_one(small_site: Path) -> None:
    (small_site / "docs/Search.md").write_text("---\ntitle: Mine\n---\nMine.\n", "utf-8")
    (small_site / "docs/pagefind.md").write_text("---\ntitle: Mine\n---\nMine.\n", "utf-8")
    errors = [str(error) for error in check(SiteLayout(root=small_site)).errors]
    assert any(error.startswith("docs/Search.md: this page's address") for error in errors)
    assert any(
        error.startswith("docs/pagefind.md: docs/pagefind/ is where the build writes")
        for error in errors
    ), errors
