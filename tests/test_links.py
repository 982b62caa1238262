"""Permalinks, citations, exports and links that never break."""

from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath

import pytest
from conftest import REPO, SESSION, SPEAKER, TEST_SITE_URL, TOPICS, WriteFiles

import build_site
from sitebuild.links import anchor_for_paragraph, relative_address, relative_link, url_for_page
from sitebuild.render.crosslinks import Words
from sitebuild.render.data import render_remarks_csv, render_remarks_json
from sitebuild.validate import load_archive


class IdReader(HTMLParser):
    """Collects every id on a page, and the ids inside each ``article.remark``."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.json_ld: list[str] = []
        self.meta: dict[str, str] = {}
        self._in_json = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"] or "")
        if tag == "script" and values.get("type") == "application/ld+json":
            self._in_json = True
            self.json_ld.append("")
        if tag == "meta" and (values.get("property") or values.get("name")):
            self.meta[values.get("property") or values.get("name") or ""] = (
                values.get("content") or ""
            )

    def handle_endtag(self, tag: str) -> None:
        self._in_json = False

    def handle_data(self, data: str) -> None:
        if self._in_json:
            self.json_ld[-1] += data


def read_ids(site: Path, url: str) -> IdReader:
    page = url.split("#")[0].strip("/")
    reader = IdReader()
    reader.feed((site / page / "index.html").read_text(encoding="utf-8"))
    return reader


@pytest.mark.parametrize(
    ("from_page", "to_page", "anchor", "address"),
    [
        ("speakers/janee-harteau.md", "defining-moments-2014.md", "janee-harteau",
         "../../defining-moments-2014/#janee-harteau"),
        ("speakers/old-name.md", "speakers/new-name.md", None, "../new-name/"),
        ("old-session.md", "new-session.md", None, "../new-session/"),
        ("speakers/index.md", "index.md", None, "../"),
        ("index.md", "speakers/index.md", "a", "speakers/#a"),
        ("index.md", "index.md", None, "./"),
    ],
)  # fmt: skip
def test_addresses_relative_to_a_built_page(
    from_page: str, to_page: str, anchor: str | None, address: str
) -> None:
    assert relative_address(PurePosixPath(from_page), PurePosixPath(to_page), anchor) == address


def test_addresses_of_pages_and_anchors() -> None:
    assert url_for_page(PurePosixPath("index.md")) == "/"
    assert url_for_page(PurePosixPath("defining-moments-2014.md"), "janee-harteau") == (
        "/defining-moments-2014/#janee-harteau"
    )
    assert url_for_page(PurePosixPath("speakers/index.md")) == "/speakers/"
    assert url_for_page(PurePosixPath("speakers/janee-harteau.md")) == "/speakers/janee-harteau/"
    assert anchor_for_paragraph("janee-harteau", "p3") == "janee-harteau--p3"
    assert (
        relative_link(
            PurePosixPath("speakers/janee-harteau.md"),
            PurePosixPath("defining-moments-2014.md"),
            "x",
        )
        == "../defining-moments-2014.md#x"
    )


def test_exports_carry_every_field(small_site: Path) -> None:
    archive, _ = load_archive(small_site)
    [record] = json.loads(render_remarks_json(Words(archive)))
    assert record == {
        "id": "test-2014/jane-doe",
        "session": "test-2014",
        "session_title": "Test Meeting",
        "date": "2014-09-16",
        "issue": "test-issue",
        "issue_title": "Test Newsletter, October 2014",
        "issue_date": "2014-10",
        "issue_date_approximate": False,
        "issue_volume": None,
        "issue_number": None,
        "order": 1,
        "speaker": "Jane Doe",
        "title": "Chief",
        "agency": "Testville Police Department",
        "headline": "Trust Comes First",
        "topics": ["community-trust"],
        "print_pages": [1],
        "url": "/test-2014/#jane-doe",
        "speaker_url": "/speakers/jane-doe/",
        "text": "We build trust before the crisis.\n\nIt has to happen first.",
    }
    [row] = list(csv.DictReader(io.StringIO(render_remarks_csv(Words(archive)))))
    assert row["topics"] == "community-trust" and row["print_pages"] == "1"
    assert row["text"] == record["text"] and row["url"] == record["url"]
    assert row["issue_date_approximate"] == "false"
    assert row["issue_volume"] == row["issue_number"] == ""
    # Columns added after the first release come last, so no column of the first one moves.
    header = render_remarks_csv(Words(archive)).splitlines()[0].split(",")
    assert header[-4:] == ["text", "issue_date_approximate", "issue_volume", "issue_number"]


def test_every_remark_url_exists_in_the_built_site(real_archive: Path) -> None:
    site = real_archive / "site"
    records = json.loads((site / "data/remarks.json").read_text(encoding="utf-8"))
    assert len(records) == 20
    for record in records:
        page, anchor = record["url"].split("#")
        assert anchor in read_ids(site, page).ids, record["url"]
        assert (site / record["speaker_url"].strip("/") / "index.html").is_file()


def test_every_address_in_urls_txt_exists(real_archive: Path) -> None:
    site = real_archive / "site"
    addresses = (site / "data/urls.txt").read_text(encoding="utf-8").split()
    assert "/defining-moments-2014/#janee-harteau--p1" in addresses
    for address in addresses:
        if "#" in address:
            assert address.split("#")[1] in read_ids(site, address).ids, address
        elif not address.endswith("/"):
            assert (site / address.strip("/")).is_file(), address
        else:
            assert (site / address.strip("/") / "index.html").is_file(), address


def test_pages_carry_sharing_tags_and_structured_data(real_archive: Path) -> None:
    reader = read_ids(real_archive / "site", "/speakers/janee-harteau/")
    assert reader.meta["og:title"] == "Janeé Harteau"
    assert reader.meta["og:description"].startswith(
        "Janeé Harteau: “We Need to Show Officers that Making Connections Is Part of the Job” "
        "We need to reward people"
    )
    [script] = reader.json_ld
    [quote] = json.loads(script)
    assert quote["@type"] == "Quotation"
    assert quote["creator"]["name"] == "Janeé Harteau"
    assert quote["creator"]["worksFor"]["name"] == "Minneapolis Police Department"
    assert quote["recordedAt"]["startDate"] == "2014-09-16"
    # The speaker page shows the opening words, and points to the whole remark.
    assert quote["text"].startswith("We need to reward people for what we want them to do.")
    assert quote["text"].endswith(" …") and len(quote["text"].split()) == 31
    assert quote["@id"] == TEST_SITE_URL + "defining-moments-2014/#janee-harteau"


def test_session_page_has_a_quotation_after_each_remark(real_archive: Path) -> None:
    html = (real_archive / "site/defining-moments-2014/index.html").read_text(encoding="utf-8")
    reader = IdReader()
    reader.feed(html)
    quotes = [quote for script in reader.json_ld for quote in json.loads(script)]
    slugs = [path.stem for path in sorted((REPO / "speakers/defining-moments-2014").glob("*.md"))]
    address = TEST_SITE_URL + "defining-moments-2014/#"
    assert sorted(quote["@id"].removeprefix(address) for quote in quotes) == sorted(
        slug for slug in slugs if slug != "_session"
    )
    for quote in quotes:
        # Each block sits just after the words it repeats (gzip then stores them once).
        words = html.index(quote["text"][:40])
        script = html.index(f'"@id":"{quote["@id"]}"')
        assert 0 < script - words < 32_000, quote["@id"]


def test_session_page_links_each_speaker_to_their_page(real_archive: Path) -> None:
    html = (real_archive / "site/town-hall-2014/index.html").read_text(encoding="utf-8")
    for slug in ("jerry-dyer", "bob-lunney"):
        assert f'href="../speakers/{slug}/"' in html


def rename_project(project: WriteFiles, with_alias: bool) -> Path:
    """A published site whose speaker file jane-doe.md is then renamed to jane-roe.md."""
    root = project(
        {
            "speakers/topics.yml": TOPICS,
            "speakers/test-2014/_session.md": SESSION,
            "speakers/test-2014/jane-doe.md": SPEAKER,
        }
    )
    assert build_site.main(["--root", str(root), "publish"]) == 0
    renamed = SPEAKER.replace("name: Jane Doe", "name: Jane Roe")
    if with_alias:
        renamed = renamed.replace("order: 1", "order: 1\naliases: [jane-doe]")
    (root / "speakers/test-2014/jane-doe.md").unlink()
    (root / "speakers/test-2014/jane-roe.md").write_text(renamed, encoding="utf-8")
    return root


def test_renaming_a_speaker_without_an_alias_fails_naming_each_address(
    project: WriteFiles, capsys: pytest.CaptureFixture[str]
) -> None:
    root = rename_project(project, with_alias=False)
    capsys.readouterr()
    assert build_site.main(["--root", str(root), "build"]) == 1
    lines = capsys.readouterr().err.splitlines()
    published = (root / "speakers/published-urls.txt").read_text(encoding="utf-8").splitlines()
    expected = [
        f"speakers/published-urls.txt:{published.index(address) + 1}: the published address "
        f"'{address}' would no longer exist; if you renamed a speaker or session file, add its "
        "old name to 'aliases:' in the renamed file"
        for address in (
            "/speakers/jane-doe/",
            "/test-2014/#jane-doe",
            "/test-2014/#jane-doe--p1",
            "/test-2014/#jane-doe--p2",
        )
    ]
    assert lines[: len(expected)] == expected
    assert not (root / "site").exists()


def test_renaming_a_speaker_with_an_alias_keeps_old_links_working(project: WriteFiles) -> None:
    root = rename_project(project, with_alias=True)
    assert build_site.main(["--root", str(root), "build"]) == 0
    session = read_ids(root / "site", "/test-2014/")
    assert {"jane-roe", "jane-doe", "jane-doe--p1", "jane-doe--p2"} <= session.ids
    old_speaker = (root / "site/speakers/jane-doe/index.html").read_text(encoding="utf-8")
    assert '<meta http-equiv="refresh" content="0; url=../jane-roe/">' in old_speaker
    assert '<meta name="robots" content="noindex">' in old_speaker
    html = (root / "site/test-2014/index.html").read_text(encoding="utf-8")
    article = re.search(r'<article class="remark[^"]*">.*?</article>', html, re.DOTALL)
    assert article is not None and 'id="jane-doe--p1"' in article.group(0)


def test_publish_adds_current_addresses_once(small_site: Path) -> None:
    assert build_site.main(["--root", str(small_site), "publish"]) == 0
    first = (small_site / "speakers/published-urls.txt").read_text(encoding="utf-8")
    assert build_site.main(["--root", str(small_site), "publish"]) == 0
    assert (small_site / "speakers/published-urls.txt").read_text(encoding="utf-8") == first
    assert "/test-2014/#jane-doe--p2\n" in first


def test_the_sitemap_lists_the_new_address_not_the_forwarding_page(project: WriteFiles) -> None:
    root = rename_project(project, with_alias=True)
    assert build_site.main(["--root", str(root), "build"]) == 0
    sitemap = (root / "site/sitemap.xml").read_text(encoding="utf-8")
    listed = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert TEST_SITE_URL + "speakers/jane-roe/" in listed
    assert TEST_SITE_URL + "speakers/jane-doe/" not in listed
    assert TEST_SITE_URL + "test-2014/" in listed
