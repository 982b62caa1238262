"""Citations of a remark: Chicago and APA, CSL-JSON, RIS and BibTeX (read back by real parsers),
the citation meta tags reference managers read, and the site's published address."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import bibtexparser
import pytest
import rispy
from conftest import (
    ISSUE,
    REPO,
    SESSION,
    SPEAKER,
    TEST_SITE_URL,
    TOPICS,
    WriteFiles,
    copy_config,
    run_cli,
)

import build_site
from sitebuild.config import SiteLayout
from sitebuild.errors import SourceError
from sitebuild.load.settings import read_settings
from sitebuild.pipeline import check
from sitebuild.render.citation import ACCESSED, Cited, apa, chicago, cited, csl_json
from sitebuild.render.crosslinks import Words
from sitebuild.render.data import render_remarks_csv, render_remarks_json
from sitebuild.render.export import bibtex, ris
from sitebuild.validate import load_archive

ADDRESS = TEST_SITE_URL + "test-2014/#jane-doe"

HOSTILE_NAME = "Janeé O’Brien-Søren {Jr.} & 100% #1_~\\"
HOSTILE_HEADLINE = "“Trust” isn’t {optional}: 50% & $5 #2 — ‘always’"


def remark_of(project: WriteFiles, speaker: str = SPEAKER, issue: str = ISSUE) -> Cited:
    root = project(
        {
            "speakers/topics.yml": TOPICS,
            "speakers/issues/test-issue.md": issue,
            "speakers/test-2014/_session.md": SESSION,
            "speakers/test-2014/jane-doe.md": speaker,
        }
    )
    archive, errors = load_archive(root)
    assert errors == []
    remark = archive.remarks[0]
    session = archive.session_of(remark)
    return cited(remark, session, archive.issue_by_slug(session.issue), ADDRESS)


def test_chicago_and_apa_name_the_issue_pages_and_address(project: WriteFiles) -> None:
    item = remark_of(project)
    assert chicago(item) == (
        "Doe, Jane. “Trust Comes First.” Remarks as Chief, Testville Police Department, at Test "
        "Meeting, PERF national meeting, Chicago, September 16–17, 2014. Test Newsletter, "
        f"October 2014, 1. {ACCESSED}{ADDRESS}."
    )
    assert apa(item) == (
        "Doe, J. (2014, September 16–17). Trust Comes First [Remarks, Chief, Testville Police "
        "Department]. Test Meeting, PERF national meeting, Chicago. Test Newsletter "
        "(October 2014), p. 1. "
        f"{ACCESSED}{ADDRESS}"
    )


def test_a_numbered_issue_and_an_inferred_date(project: WriteFiles) -> None:
    issue = ISSUE.replace(
        "date: 2014-10\n", "date: 2014\napproximate: true\nvolume: 28\nnumber: 6\n"
    )
    item = remark_of(project, issue=issue)
    assert "Test Newsletter 28, no. 6 ([2014?]): 1." in chicago(item)
    assert "Test Newsletter, 28(6), 1." in apa(item)
    data = csl_json(item)
    assert data["issued"] == {"date-parts": [[2014]], "circa": True}
    assert (data["volume"], data["issue"], data["page"]) == ("28", "6", "1")


def test_the_open_data_carries_the_issue_volume_number_and_inferred_date(
    project: WriteFiles,
) -> None:
    issue = ISSUE.replace(
        "date: 2014-10\n", "date: 2014\napproximate: true\nvolume: 28\nnumber: 6\n"
    )
    root = project(
        {
            "speakers/topics.yml": TOPICS,
            "speakers/issues/test-issue.md": issue,
            "speakers/test-2014/_session.md": SESSION,
            "speakers/test-2014/jane-doe.md": SPEAKER,
        }
    )
    archive, errors = load_archive(root)
    assert errors == []
    [record] = json.loads(render_remarks_json(Words(archive)))
    assert (record["issue_date"], record["issue_date_approximate"]) == ("2014", True)
    assert (record["issue_volume"], record["issue_number"]) == (28, 6)
    [row] = list(csv.DictReader(io.StringIO(render_remarks_csv(Words(archive)))))
    assert (row["issue_date_approximate"], row["issue_volume"], row["issue_number"]) == (
        "true",
        "28",
        "6",
    )


def hostile(item: Cited) -> Cited:
    """The remark with a name and headline full of characters the formats treat specially."""
    given, family = HOSTILE_NAME.rsplit(" ", 1)
    return replace(
        item, name=HOSTILE_NAME, family=family, given=given, headline=HOSTILE_HEADLINE,
        pages=(1, 2, 3),
    )  # fmt: skip


def test_ris_reads_back_with_every_field(project: WriteFiles) -> None:
    item = hostile(remark_of(project))
    text = ris(csl_json(item))
    assert text.endswith("ER  -\r\n")
    [entry] = rispy.loads(text)
    assert entry["type_of_reference"] == "MGZN"
    assert entry["authors"] == [f"{item.family}, {item.given}"]
    assert entry["title"] == HOSTILE_HEADLINE
    assert entry["secondary_title"] == "Test Newsletter"
    assert entry["year"] == "2014"
    assert (entry["start_page"], entry["end_page"]) == ("1", "3")
    assert entry["publisher"] == "Police Executive Research Forum"
    assert entry["urls"] == [ADDRESS]
    assert "September 16–17, 2014" in entry["notes"][0]


def test_ris_gives_pages_apart_as_printed(project: WriteFiles) -> None:
    [entry] = rispy.loads(ris(csl_json(replace(remark_of(project), pages=(1, 4)))))
    assert entry["start_page"] == "1, 4" and "end_page" not in entry


def test_bibtex_reads_back_with_unicode_and_special_characters(project: WriteFiles) -> None:
    item = hostile(remark_of(project))
    library = bibtexparser.parse_string(
        bibtex(csl_json(item)),
        append_middleware=[bibtexparser.middlewares.LatexDecodingMiddleware()],
    )
    assert library.failed_blocks == []
    [entry] = library.entries
    assert entry.entry_type == "article"
    assert entry.key == "test-2014:jane-doe"
    fields = {field.key: field.value for field in entry.fields}
    assert fields["author"] == f"{item.family}, {item.given}"
    assert fields["title"].strip("{}") == HOSTILE_HEADLINE
    assert fields["journal"] == "Test Newsletter"
    assert (fields["year"], fields["month"], fields["pages"]) == ("2014", "10", "1,2,3")
    assert fields["url"] == ADDRESS


def test_csl_json_describes_the_remark(project: WriteFiles) -> None:
    data = csl_json(remark_of(project))
    assert data == {
        "id": "test-2014/jane-doe",
        "type": "article-magazine",
        "genre": "Remarks",
        "title": "Trust Comes First",
        "author": [{"family": "Doe", "given": "Jane"}],
        "container-title": "Test Newsletter",
        "publisher": "Police Executive Research Forum",
        "issued": {"date-parts": [[2014, 10]]},
        "event-title": "Test Meeting",
        "event-place": "Chicago",
        "event-date": {"date-parts": [[2014, 9, 16], [2014, 9, 17]]},
        "note": "Remarks as Chief, Testville Police Department, at Test Meeting, PERF national "
        "meeting, Chicago, September 16–17, 2014.",
        "URL": ADDRESS,
        "page": "1",
    }


class Head(HTMLParser):
    """The page's ``<meta name=...>`` tags in order, and its canonical address."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: list[tuple[str, str]] = []
        self.canonical: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {key: value or "" for key, value in attrs}
        if tag == "meta" and "name" in found:
            self.meta.append((found["name"], found.get("content", "")))
        if tag == "link" and found.get("rel") == "canonical":
            self.canonical = found.get("href")


def head_of(site: Path, page: str) -> Head:
    head = Head()
    head.feed((site / page / "index.html").read_text(encoding="utf-8"))
    return head


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small site with a second speaker whose name needs escaping, built with its address."""
    root = tmp_path_factory.mktemp("cite")
    copy_config(root)
    shutil.copytree(REPO / "docs", root / "docs")
    files = {
        "speakers/topics.yml": TOPICS,
        "speakers/issues/test-issue.md": ISSUE,
        "speakers/test-2014/_session.md": SESSION,
        "speakers/test-2014/jane-doe.md": SPEAKER,
        "speakers/test-2014/zoe-o-brien.md": SPEAKER.replace("Jane Doe", "Zoë “Nan” O’Brien")
        .replace("order: 1", "order: 2")
        .replace("pages: [1]", "pages: [4]"),
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    assert build_site.main(["--root", str(root), "--strict", "build"]) == 0
    return root / "site"


def test_meeting_page_carries_citation_tags_zotero_reads(built: Path) -> None:
    head = head_of(built, "test-2014")
    tags = [(name, value) for name, value in head.meta if name.startswith("citation_")]
    assert tags == [
        ("citation_title", "Test Meeting"),
        ("citation_author", "Doe, Jane"),
        ("citation_author", "O’Brien, Zoë “Nan”"),
        ("citation_publication_date", "2014/10"),
        ("citation_journal_title", "Test Newsletter"),
        ("citation_publisher", "Police Executive Research Forum"),
        ("citation_firstpage", "1"),
        ("citation_lastpage", "4"),
        ("citation_public_url", TEST_SITE_URL + "test-2014/"),
        ("citation_fulltext_html_url", TEST_SITE_URL + "test-2014/"),
        ("citation_language", "en"),
    ]
    assert head.canonical == TEST_SITE_URL + "test-2014/"
    assert ("og:url", TEST_SITE_URL + "test-2014/") not in head.meta  # og tags are properties


def test_speaker_page_carries_its_own_citation_tags(built: Path) -> None:
    head = head_of(built, "speakers/jane-doe")
    tags = dict((name, value) for name, value in head.meta if name.startswith("citation_"))
    assert tags["citation_author"] == "Doe, Jane"
    assert tags["citation_title"] == "Jane Doe: remarks in the PERF newsletter"
    assert tags["citation_public_url"] == TEST_SITE_URL + "speakers/jane-doe/"


def test_citations_and_structured_data_give_full_addresses(built: Path) -> None:
    html = (built / "test-2014" / "index.html").read_text(encoding="utf-8")
    assert f'<a class="cite-url" href="#jane-doe">{ADDRESS}</a>' in html
    assert '"csl"' not in html  # the exports are a file of their own, not page weight
    head = head_of(built, "test-2014")
    assert ("archive-cite-data", "../data/cite/test-2014.json") in head.meta
    data = json.loads((built / "data/cite/test-2014.json").read_text(encoding="utf-8"))
    assert list(data) == ["jane-doe", "zoe-o-brien"]
    exports = data["jane-doe"]
    assert exports["csl"]["URL"] == ADDRESS
    assert rispy.loads(exports["ris"])[0]["urls"] == [ADDRESS]
    assert f"url = {{{ADDRESS}}}" in exports["bibtex"]
    assert data["zoe-o-brien"]["csl"]["author"] == [{"family": "O’Brien", "given": "Zoë “Nan”"}]
    ld = json.loads(re.findall(r'<script type="application/ld\+json">(.*?)</script>', html)[0])
    assert ld[0]["@id"] == ADDRESS


def test_sitemap_lists_every_public_page_with_full_addresses(built: Path) -> None:
    sitemap = (built / "sitemap.xml").read_text(encoding="utf-8")
    addresses = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert TEST_SITE_URL + "test-2014/" in addresses
    assert TEST_SITE_URL + "speakers/jane-doe/" in addresses
    assert all(address.startswith(TEST_SITE_URL) for address in addresses)


def test_an_unset_address_warns_and_strict_refuses(small_site: Path) -> None:
    copy_config(small_site, site_url=None)
    result = check(SiteLayout(root=small_site))
    assert result.errors == []
    [warning] = [str(problem) for problem in result.warnings]
    assert warning.startswith("mkdocs.yml:") and "site_url is not set" in warning
    strict = run_cli(small_site, "--strict", "build")
    assert strict.returncode != 0
    assert "site_url is not set" in strict.stdout + strict.stderr
    assert not (small_site / "site").exists()
    assert run_cli(small_site, "build").returncode == 0


@pytest.mark.parametrize(
    "value, fault",
    [
        ("archive.example.org", "not a web address"),
        ("javascript:alert(1)", "not a web address"),
        ("https://user:pw@example.org/", "user name or password"),
        ("https://exa mple.org/", "spaces"),
        ("https://example.org/?q=1", "query"),
        ("https://example.org/#top", "query"),
        ("https://exa_mple.org/", "host name"),
        ('https://example.org/"><script>', "path"),
        ('" https://example.org/ "', "spaces"),
        ("https://example.org:99999/", "port"),
        ("https://example.org/perf/index.html", "not a page"),
        ("https://архив.example.org/", "xn--"),
        ("!ENV SITE_URL", "does not expand '!ENV'"),
    ],
)
def test_a_bad_address_is_refused_with_its_line(tmp_path: Path, value: str, fault: str) -> None:
    (tmp_path / "mkdocs.yml").write_text(f"site_name: X\n\nsite_url: {value}  # ours\n", "utf-8")
    problems: list[SourceError] = []
    settings = read_settings(tmp_path, Path("mkdocs.yml"), problems)
    assert settings.site_url is None
    [problem] = problems
    assert (
        problem.line == 3 and fault in problem.message and "site_url: https://" in problem.message
    )


@pytest.mark.parametrize(
    "value, read",
    [
        ("https://example.org", "https://example.org/"),
        ("'https://example.org/perf/'", "https://example.org/perf/"),
        ("http://localhost:8000/a-b/c_d/", "http://localhost:8000/a-b/c_d/"),
        ("", None),
        ("null", None),
        ("NULL  # set before publishing", None),
    ],
)
def test_a_good_address_is_read(tmp_path: Path, value: str, read: str | None) -> None:
    (tmp_path / "mkdocs.yml").write_text(f"site_url: {value}\n", "utf-8")
    problems: list[SourceError] = []
    assert read_settings(tmp_path, Path("mkdocs.yml"), problems).site_url == read
    assert problems == []


def test_open_data_holds_every_remarks_citation(built: Path) -> None:
    data = built / "data"
    items = json.loads((data / "citations.json").read_text(encoding="utf-8"))
    assert [item["id"] for item in items] == ["test-2014/jane-doe", "test-2014/zoe-o-brien"]
    assert items[1]["author"] == [{"family": "O’Brien", "given": "Zoë “Nan”"}]
    entries = rispy.loads((data / "citations.ris").read_text(encoding="utf-8"))
    assert [entry["urls"] for entry in entries] == [[item["URL"]] for item in items]
    assert entries[1]["authors"] == ["O’Brien, Zoë “Nan”"]
    library = bibtexparser.parse_string((data / "citations.bib").read_text(encoding="utf-8"))
    assert library.failed_blocks == []
    assert [entry.key for entry in library.entries] == [
        "test-2014:jane-doe",
        "test-2014:zoe-o-brien",
    ]
    assert items[0]["URL"] == ADDRESS


def test_the_publishing_workflow_runs_the_readme_commands() -> None:
    import yaml

    workflow = yaml.safe_load((REPO / ".github/workflows/publish.yml").read_text("utf-8"))
    commands = [step["run"] for step in workflow["jobs"]["build"]["steps"] if "run" in step]
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = {block.strip() for block in re.findall(r"```sh\n(.*?)```", readme, re.S)}
    assert commands and all(command.strip() in blocks for command in commands)
    assert any("--strict build" in command for command in commands)
    upload = [
        s
        for s in workflow["jobs"]["build"]["steps"]
        if "upload-pages-artifact" in s.get("uses", "")
    ]
    assert upload[0]["with"]["path"] == "site"


def test_a_second_site_url_line_is_refused(tmp_path: Path) -> None:
    text = "site_url: https://first.example.org/\nsite_name: X\nsite_url: https://second.example.org/\n"
    (tmp_path / "mkdocs.yml").write_text(text, "utf-8")
    problems: list[SourceError] = []
    settings = read_settings(tmp_path, Path("mkdocs.yml"), problems)
    assert settings.site_url is None and settings.invalid
    assert [str(problem) for problem in problems] == [
        "mkdocs.yml:1: site_url is set more than once (again on line 3); keep one line"
    ]


def test_an_address_on_the_next_line_is_refused(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_url:\n  https://example.org/\n", "utf-8")
    problems: list[SourceError] = []
    assert read_settings(tmp_path, Path("mkdocs.yml"), problems).site_url is None
    assert [problem.line for problem in problems] == [1]
    assert "on the same line" in problems[0].message


def test_a_bad_address_is_one_message_not_also_unset(small_site: Path) -> None:
    config = small_site / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(re.sub(r"(?m)^site_url:.*$", "site_url: javascript:alert(1)", text), "utf-8")
    result = check(SiteLayout(root=small_site))
    messages = [str(problem) for problem in result.errors + result.warnings]
    assert len(messages) == 1 and "not a web address" in messages[0]


def test_a_suffix_stays_after_the_given_names_in_every_format(project: WriteFiles) -> None:
    speaker = SPEAKER.replace("name: Jane Doe", "name: Jane Q. Doe Jr.")
    item = remark_of(project, speaker)
    assert (item.family, item.given, item.suffix) == ("Doe", "Jane Q.", "Jr.")
    assert chicago(item).startswith("Doe, Jane Q., Jr. “Trust Comes First.”")
    assert apa(item).startswith("Doe, J. Q., Jr. (2014,")
    data = csl_json(item)
    assert data["author"] == [{"family": "Doe", "given": "Jane Q.", "suffix": "Jr."}]
    assert rispy.loads(ris(data))[0]["authors"] == ["Doe, Jane Q., Jr."]
    [entry] = bibtexparser.parse_string(bibtex(data)).entries
    assert entry.fields_dict["author"].value == "Doe, Jr., Jane Q."


def test_straight_quotes_in_a_headline_open_and_close_inside_chicagos_quotes(
    project: WriteFiles,
) -> None:
    item = replace(remark_of(project), headline='The "warrior" and the "guardian"')
    assert "“The ‘warrior’ and the ‘guardian’.”" in chicago(item)


def test_a_meetings_citation_file_is_not_a_published_address(small_site: Path) -> None:
    """The page's script reads it; recording it would strand it when a meeting is renamed."""
    assert run_cli(small_site, "publish").returncode == 0
    published = (small_site / "speakers/published-urls.txt").read_text(encoding="utf-8")
    assert "/test-2014/" in published.split()
    assert "/data/citations.ris" in published.split()
    assert "/data/cite/" not in published
