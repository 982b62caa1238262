"""Footnote citations, cross-links and photo captions in the built HTML of the golden fixture."""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import REPO, copy_config

import build_site
from sitebuild.paragraphs import plain_text
from sitebuild.render.crosslinks import link_text
from sitebuild.validate import load_archive

GOLDEN = REPO / "tests" / "golden" / "speakers"


class Elements(HTMLParser):
    """Every element as (tag, attributes, text inside), plus the stack of enclosing tags."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str], list[str]]] = []
        self.open: list[tuple[str, dict[str, str], list[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = (tag, {key: value or "" for key, value in attrs}, [item[0] for item in self.open])
        self.found.append(element)
        if tag not in {"img", "br", "hr", "meta", "link", "input"}:
            self.open.append(element)

    def handle_endtag(self, tag: str) -> None:
        while self.open:
            if self.open.pop()[0] == tag:
                break

    def select(
        self, tag: str, inside: str | None = None, **attributes: str
    ) -> list[dict[str, str]]:
        return [
            attrs
            for name, attrs, parents in self.found
            if name == tag
            and (inside is None or inside in parents)
            and all(attrs.get(key.rstrip("_")) == value for key, value in attributes.items())
        ]


@pytest.fixture(scope="module")
def golden_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("golden")
    shutil.copytree(GOLDEN, root / "speakers")
    shutil.copytree(REPO / "docs", root / "docs")
    copy_config(root)
    assert build_site.main(["--root", str(root), "build"]) == 0
    return root / "site"


def parse(site: Path, page: str) -> Elements:
    elements = Elements()
    elements.feed((site / page / "index.html").read_text(encoding="utf-8"))
    return elements


def test_citations_are_footnotes_with_back_links(golden_site: Path) -> None:
    page = parse(golden_site, "golden-2014")
    refs = [attrs["href"] for attrs in page.select("a", inside="sup", class_="footnote-ref")]
    assert refs == ["#fn:doe-2014", "#fn:web-note"]
    notes = [attrs["id"] for attrs in page.select("li") if attrs.get("id", "").startswith("fn:")]
    assert notes == ["fn:doe-2014", "fn:web-note"]
    backrefs = [attrs["href"] for attrs in page.select("a", class_="footnote-backref")]
    assert backrefs == ["#fnref:doe-2014", "#fnref:web-note"]
    links = {attrs["href"] for attrs in page.select("a", inside="li")}
    assert {"http://example.org/a%2Fb", "https://doi.org/10.1000/example"} <= links


def test_a_citation_in_a_caption_renders_as_a_footnote(golden_site: Path) -> None:
    page = parse(golden_site, "golden-2014")
    in_caption = page.select("a", inside="figcaption", class_="footnote-ref")
    assert [attrs["href"] for attrs in in_caption] == ["#fn:web-note"]


def test_every_caption_name_links_to_the_speaker(golden_site: Path) -> None:
    page = parse(golden_site, "golden-2014")
    caption_links = [attrs["href"] for attrs in page.select("a", inside="figcaption")]
    assert caption_links == [
        "../speakers/ann-example/",
        "../speakers/bo-sample/",
        "../speakers/bo-sample/",
        "#fn:web-note",
    ]
    images = page.select("img", class_="photo photo-placeholder")
    assert [(image["width"], image["height"], image["loading"]) for image in images] == [
        ("640", "200", "lazy"),
        ("640", "200", "lazy"),
    ]
    assert all(
        image["alt"].startswith("Placeholder for the print edition's photo of") for image in images
    )
    assert (golden_site / "photos/golden-2014-ann-example-1.svg").is_file()


def test_cross_links_and_automatic_links_resolve(golden_site: Path) -> None:
    page = parse(golden_site, "golden-2014")
    hrefs = {attrs["href"] for attrs in page.select("a")}
    assert "../speakers/ann-example/" in hrefs  # [[speaker:ann-example]] in the introduction
    assert "./#bo-sample--p1" in hrefs  # [[remark:golden-2014/bo-sample#p1|...]]
    assert "#bo-sample" in hrefs and "#ann-example" in hrefs  # previous / next
    ids = {attrs["id"] for _, attrs, _ in page.found if "id" in attrs}
    assert {"bo-sample--p1", "ann-example", "bo-sample"} <= ids
    speaker = parse(golden_site, "speakers/bo-sample")
    assert "../../golden-2014/#bo-sample" in {attrs["href"] for attrs in speaker.select("a")}


def test_references_page_links_back_to_each_citing_place(golden_site: Path) -> None:
    page = parse(golden_site, "references")
    hrefs = [attrs["href"] for attrs in page.select("a", inside="li")]
    assert "../golden-2014/" in hrefs  # the introduction cites doe-2014
    assert "../golden-2014/#bo-sample" in hrefs  # the caption in Bo Sample's remark cites web-note


def test_plain_text_copies_show_link_text_and_leave_out_citations(golden_site: Path) -> None:
    records = json.loads((golden_site / "data/remarks.json").read_text(encoding="utf-8"))
    [ann] = [record for record in records if record["id"] == "golden-2014/ann-example"]
    assert ann["text"].startswith("We build trust first, as Bo Sample said.\n\n")
    html = (golden_site / "golden-2014/index.html").read_text(encoding="utf-8")
    scripts = "".join(re.findall(r'<script type="application/ld\+json">(.*?)</script>', html))
    assert "as Bo Sample said." in scripts
    assert "[[" not in scripts and "[@" not in scripts


def test_link_text_resolves_unlabelled_links() -> None:
    archive, problems = load_archive(GOLDEN.parent, Path("speakers"))
    assert not [problem for problem in problems if not problem.warning]
    text = "As [[speaker:bo-sample]] found[@doe-2014], see [[topic:leadership|this]]."
    assert plain_text(link_text(archive, text)) == "As Bo Sample found, see this."


def test_lunney_export_has_no_citation_markup(real_archive: Path) -> None:
    records = json.loads((real_archive / "site/data/remarks.json").read_text(encoding="utf-8"))
    [lunney] = [record for record in records if record["id"] == "town-hall-2014/bob-lunney"]
    assert "where this mandatory arrest policy began. Duluth had" in lunney["text"]
    assert not any("[@" in record["text"] or "[[" in record["text"] for record in records)
