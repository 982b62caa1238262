""" "Cite this quote" in a real browser: the paragraph cited, the access date, the exports.

The real archive is built with the tests' published address (``TEST_SITE_URL``), so every
citation and export must carry that address, not the local one the test server uses.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import bibtexparser
import pytest
import rispy
from conftest import TEST_SITE_URL, require_chromium

require_chromium()
playwright_api = pytest.importorskip("playwright.sync_api")
AXE_SCRIPT = (Path(__import__("axe_playwright_python").__file__).parent / "axe.min.js").read_text(
    encoding="utf-8"
)

PAGE = "defining-moments-2014/"
REMARK = "charles-ramsey"


@pytest.fixture
def page(browser: Any, base_url: str) -> Iterator[Any]:
    context = browser.new_context(accept_downloads=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    yield opened
    context.close()
    assert errors == []


def today() -> str:
    day = dt.date.today()
    return f"{day:%B} {day.day}, {day.year}"


def remark_box(page: Any) -> Any:
    """The remark's "Cite this quote" box, opened."""
    box = page.locator(f"article.remark:has(#{REMARK}) details")
    box.locator("summary").click()
    return box


def cited_addresses(box: Any) -> list[str]:
    return [link.text_content() for link in box.locator("a.cite-url").all()]


def test_arriving_at_a_paragraph_cites_that_paragraph(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/{PAGE}#{REMARK}--p3")
    box = remark_box(page)
    wanted = f"{TEST_SITE_URL}{PAGE}#{REMARK}--p3"
    assert cited_addresses(box) == [wanted, wanted]
    assert "paragraph 3" in box.locator(".cite-scope").text_content()
    box.get_by_role("button", name="Cite the whole remarks").click()
    assert cited_addresses(box) == [f"{TEST_SITE_URL}{PAGE}#{REMARK}"] * 2


def test_selecting_in_a_paragraph_cites_it_and_copy_adds_the_access_date(
    page: Any, base_url: str
) -> None:
    page.goto(f"{base_url}/{PAGE}")
    box = remark_box(page)
    assert cited_addresses(box) == [f"{TEST_SITE_URL}{PAGE}#{REMARK}"] * 2
    page.evaluate(
        """id => {
            const range = document.createRange();
            range.selectNodeContents(document.getElementById(id));
            getSelection().removeAllRanges();
            getSelection().addRange(range);
        }""",
        f"{REMARK}--p2",
    )
    wanted = f"{TEST_SITE_URL}{PAGE}#{REMARK}--p2"
    page.wait_for_function(
        "([selector, wanted]) => document.querySelector(selector).textContent === wanted",
        arg=[f"article.remark:has(#{REMARK}) a.cite-url", wanted],
    )
    box.get_by_role("button", name="Copy Chicago").click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("Ramsey, Charles. “")
    assert copied.endswith(f"Accessed {today()}. {wanted}.")
    box.get_by_role("button", name="Copy APA").click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("Ramsey, C. (2014, September 16–17). ")
    assert copied.endswith(f"Retrieved {today()}, from {wanted}")


def download(page: Any, box: Any, name: str) -> tuple[str, str]:
    with page.expect_download() as waiting:
        box.get_by_role("button", name=f"Download {name}").click()
    saved = waiting.value
    return saved.suggested_filename, Path(saved.path()).read_text(encoding="utf-8")


def test_exports_download_and_read_back_with_the_cited_address(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/{PAGE}#{REMARK}--p2")
    box = remark_box(page)
    wanted = f"{TEST_SITE_URL}{PAGE}#{REMARK}--p2"
    name, text = download(page, box, "RIS")
    assert name == f"{REMARK}--p2.ris"
    [entry] = rispy.loads(text)
    assert entry["authors"] == ["Ramsey, Charles"] and entry["urls"] == [wanted]
    assert entry["secondary_title"] == "PERF newsletter"
    name, text = download(page, box, "BibTeX")
    assert name == f"{REMARK}--p2.bib"
    [entry] = bibtexparser.parse_string(text).entries
    assert entry.fields_dict["url"].value == wanted
    assert entry.fields_dict["author"].value == "Ramsey, Charles"
    name, text = download(page, box, "CSL-JSON")
    [item] = json.loads(text)
    assert name == f"{REMARK}--p2.json" and item["URL"] == wanted
    assert item["author"] == [{"family": "Ramsey", "given": "Charles"}]


def test_going_to_the_remark_again_cites_the_whole_remarks(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/{PAGE}#{REMARK}--p3")
    box = remark_box(page)
    assert cited_addresses(box) == [f"{TEST_SITE_URL}{PAGE}#{REMARK}--p3"] * 2
    page.evaluate("id => { location.hash = id; }", REMARK)
    page.wait_for_function(
        "([selector, wanted]) => document.querySelector(selector).textContent === wanted",
        arg=[f"article.remark:has(#{REMARK}) a.cite-url", f"{TEST_SITE_URL}{PAGE}#{REMARK}"],
    )


def test_a_malformed_address_breaks_no_citation_box(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/{PAGE}#{REMARK}--p3%")
    remarks = page.locator("article.remark").count()
    assert remarks == 12
    assert page.locator("button.copy-citation").count() == 2 * remarks
    assert page.locator("button.cite-export").count() == 3 * remarks
    page.evaluate("() => { location.hash = '100%'; }")
    assert page.locator(".cite-scope").first.text_content().startswith("Citing the whole")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_open_citation_box_has_no_accessibility_violations(
    browser: Any, base_url: str, scheme: str
) -> None:
    page = browser.new_page(color_scheme=scheme)
    page.goto(f"{base_url}/{PAGE}#{REMARK}--p3")
    remark_box(page)
    page.evaluate(AXE_SCRIPT)
    results = page.evaluate(
        "tags => axe.run(document.querySelector('article.remark details'), "
        "{runOnly: {type: 'tag', values: tags}})",
        ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"],
    )
    page.close()
    violations = [
        f"{violation['id']}: {node['target']} {node['failureSummary']}"
        for violation in results["violations"]
        for node in violation["nodes"]
    ]
    assert violations == []
