"""Search in a real browser: the header box, the search page, filters, shared addresses.

Every wait is for the answer to the question asked (the status naming this query, or the
result looked for), never a fixed sleep, so a slow machine gives a slow test, not a failure.
"""

from __future__ import annotations

import functools
import re
import shutil
import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import QuietHandler, require_chromium

require_chromium()
playwright_api = pytest.importorskip("playwright.sync_api")

AXE_SCRIPT = (Path(__import__("axe_playwright_python").__file__).parent / "axe.min.js").read_text(
    encoding="utf-8"
)
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BOX = "#archive-search-box-query"
PANEL = "#archive-search-box-results"
STATUS = "[data-archive-status]"
RESULT_LINKS = "[data-archive-results] .archive-result__link"


def local_only(page: playwright_api.Page, base_url: str) -> list[str]:
    """Start recording every request that goes anywhere but ``base_url``'s host."""
    elsewhere: list[str] = []
    host = urlsplit(base_url).netloc
    page.on(
        "request",
        lambda request: (
            elsewhere.append(request.url) if urlsplit(request.url).netloc != host else None
        ),
    )
    return elsewhere


def type_in_header(page: playwright_api.Page, query: str) -> list[str]:
    """Type ``query`` into the header's box as a person would; the addresses of its hits.

    Waits until the box's status names this very query, so earlier answers never count.
    """
    page.locator(BOX).click()
    page.keyboard.type(query)
    page.wait_for_function(
        "query => document.querySelector('[data-archive-search-box-status]').textContent"
        ".includes('“' + query + '”')",
        arg=query,
    )
    return [
        link.get_attribute("href") or ""
        for link in page.locator(f"{PANEL} .archive-result__link").all()
    ]


def settled(page: playwright_api.Page) -> int:
    """Wait for the search page to show the answer to what its address asks; its count."""
    page.wait_for_function(
        "s => /^(No results|[0-9,]+ results?) /.test(document.querySelector(s).textContent.trim())",
        arg=STATUS,
    )
    text = page.locator(STATUS).inner_text()
    return 0 if text.startswith("No results") else int(text.split()[0].replace(",", ""))


def wait_for_new_count(page: playwright_api.Page, before: str) -> int:
    """After a change, wait until the status differs from ``before``; the new count."""
    page.wait_for_function(
        "([s, before]) => document.querySelector(s).textContent !== before", arg=[STATUS, before]
    )
    return settled(page)


@pytest.mark.parametrize(
    "query, expected",
    [
        ("Harteau", "/defining-moments-2014/#janee-harteau"),
        ("Knoxville", "/town-hall-2014/#david-rausch"),
        ("cavalry was not right around the corner", "/defining-moments-2014/#charles-ramsey--p"),
    ],
    ids=["chief's name", "agency", "phrase in a quote"],
)
def test_the_header_box_finds_the_right_place(
    browser: playwright_api.Browser, base_url: str, query: str, expected: str
) -> None:
    page = browser.new_page()
    elsewhere = local_only(page, base_url)
    page.goto(base_url + "/")
    hrefs = type_in_header(page, query)
    found = [href for href in hrefs if href.startswith(expected)]
    assert found, hrefs
    page.locator(f'{PANEL} a[href="{found[0]}"]').click()
    page.wait_for_url(base_url + found[0])
    anchor = urlsplit(page.url).fragment
    top = page.evaluate(f"document.getElementById('{anchor}').getBoundingClientRect().top")
    text = page.locator(f"#{anchor}").inner_text()
    page.close()
    assert 0 <= top < 250
    if "--p" in expected:  # the link lands on the very paragraph that holds the phrase
        assert query in " ".join(text.split())
    assert elsewhere == []


def test_the_search_page_links_each_hit_to_its_paragraph(
    browser: playwright_api.Browser, base_url: str
) -> None:
    page = browser.new_page()
    page.goto(base_url + "/search/?q=cavalry")
    assert settled(page) == 1
    result = page.locator("[data-archive-results] .archive-result").first
    assert result.locator(".archive-result__speaker").inner_text() == "Charles Ramsey"
    role = result.locator(".archive-result__role").inner_text()
    assert role == "Police Commissioner, Philadelphia Police Department"
    meeting = result.locator(".archive-result__meeting").inner_text()
    assert meeting == "Defining Moments for Police Chiefs, September 16–17, 2014"
    assert result.locator(".archive-result__excerpt mark").all_inner_texts() == ["cavalry"]
    result.locator("a").click()
    page.wait_for_load_state()
    anchor = urlsplit(page.url).fragment
    assert re.fullmatch(r"charles-ramsey--p\d+", anchor)
    assert "cavalry" in page.locator(f"#{anchor}").inner_text()
    page.close()


@pytest.mark.parametrize("name", ["speaker", "agency", "topic", "meeting", "year", "issue"])
def test_each_filter_narrows_the_results(
    browser: playwright_api.Browser, base_url: str, name: str
) -> None:
    page = browser.new_page()
    page.goto(base_url + "/search/?q=police")
    everything = settled(page)
    group = page.locator("fieldset.archive-filter").filter(
        has=page.locator("input[name='" + name + "']")
    )
    box = group.locator("input[type=checkbox]").first
    value = box.get_attribute("value") or ""
    label = group.locator(f"label[for='{box.get_attribute('id')}']").inner_text()
    shown = int(re.search(r"\((\d[\d,]*)\)$", label)[1].replace(",", ""))  # type: ignore[index]
    values = group.locator("input[type=checkbox]").count()
    before = page.locator(STATUS).inner_text()
    group.locator(f"input[value='{value}']").check()  # the lists are drawn anew on a change
    narrowed = wait_for_new_count(page, before)
    speakers = page.locator("[data-archive-results] .archive-result__speaker").all_inner_texts()
    query = parse_qs(urlsplit(page.url).query)
    page.close()
    assert narrowed == shown
    assert narrowed < everything if values > 1 else narrowed == everything
    assert query[name] == [value] and query["q"] == ["police"]
    if name == "speaker":
        assert set(speakers) == {value}


def test_filters_combine_and_results_sort_by_date(
    browser: playwright_api.Browser, base_url: str
) -> None:
    page = browser.new_page()
    page.goto(base_url + "/search/?q=police&sort=oldest")
    settled(page)
    oldest = page.locator("[data-archive-results] .archive-result__meeting").first.inner_text()
    page.goto(base_url + "/search/?q=police&sort=newest")
    settled(page)
    newest = page.locator("[data-archive-results] .archive-result__meeting").first.inner_text()
    page.goto(base_url + "/search/?q=police&topic=Community+trust")
    by_topic = settled(page)
    agency = "Minneapolis+Police+Department"
    page.goto(base_url + f"/search/?q=police&topic=Community+trust&agency={agency}")
    both = settled(page)
    page.close()
    assert oldest.startswith("Defining Moments for Police Chiefs, September")
    assert "October 26, 2014" in newest
    assert 0 < both < by_topic


def test_a_shared_search_address_restores_the_search(
    browser: playwright_api.Browser, base_url: str
) -> None:
    page = browser.new_page()
    page.goto(base_url + "/search/")
    page.wait_for_function(f"document.querySelector('{STATUS}').textContent.includes('Type')")
    page.locator("#archive-search-query").fill("community")
    page.locator("#archive-search-query").press("Enter")
    settled(page)
    before = page.locator(STATUS).inner_text()
    topic = page.locator("fieldset.archive-filter input[name='topic']").first.get_attribute("value")
    page.locator(f"fieldset.archive-filter input[name='topic'][value='{topic}']").check()
    wait_for_new_count(page, before)
    before = page.locator(STATUS).inner_text()
    page.locator("#archive-search-sort").select_option("newest")
    wait_for_new_count(page, before)
    shared = page.url
    hits = [link.get_attribute("href") for link in page.locator(RESULT_LINKS).all()]
    status = page.locator(STATUS).inner_text()
    page.close()
    assert "q=community" in shared and "topic=" in shared and "sort=newest" in shared
    again = browser.new_page()
    again.goto(shared)
    settled(again)
    assert again.locator("#archive-search-query").input_value() == "community"
    assert again.locator("#archive-search-sort").input_value() == "newest"
    assert again.locator("input[name='topic']:checked").count() == 1
    assert again.locator(STATUS).inner_text() == status
    assert [link.get_attribute("href") for link in again.locator(RESULT_LINKS).all()] == hits
    again.reload()
    settled(again)
    assert [link.get_attribute("href") for link in again.locator(RESULT_LINKS).all()] == hits
    again.close()


HOSTILE_QUERIES = [
    '"<img src=x onerror=alert(1)>"',
    "'\"><script>alert(1)</script>",
    "police " * 1000,
]


@pytest.mark.parametrize("query", HOSTILE_QUERIES, ids=["html", "quotes-and-script", "long"])
def test_a_hostile_query_shows_no_markup_and_breaks_nothing(
    browser: playwright_api.Browser, base_url: str, query: str
) -> None:
    page = browser.new_page()
    elsewhere = local_only(page, base_url)
    dialogs: list[str] = []
    errors: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(base_url + "/search/?" + "q=" + query.replace("&", "%26").replace("#", "%23"))
    settled(page)
    status = page.locator(STATUS).inner_text()
    injected = page.evaluate(
        "document.querySelectorAll('article img, article script, [data-archive-status] *').length"
    )
    typed = page.locator("#archive-search-query").input_value()
    page.goto(base_url + "/")
    page.locator(BOX).fill(query[:200])
    page.wait_for_selector(f"{PANEL}:not([hidden])")
    in_panel = page.evaluate(f"document.querySelectorAll('{PANEL} img, {PANEL} script').length")
    page.close()
    assert dialogs == [] and errors == [] and elsewhere == []
    assert injected == 0 and in_panel == 0
    assert len(typed) <= 200
    assert " ".join(query.split())[:40] in status


def test_search_works_by_keyboard_alone(browser: playwright_api.Browser, base_url: str) -> None:
    page = browser.new_page()
    page.goto(base_url + "/town-hall-2014/")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "archive-search-box-query"
    hits = type_in_header(page, "Harteau")
    assert hits
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.classList.contains('archive-result__link')")
    page.keyboard.press("Escape")
    assert page.locator(PANEL).is_hidden()
    assert page.evaluate("document.activeElement.id") == "archive-search-box-query"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q=Harteau$"))
    assert settled(page) > 0
    page.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("where", ["search page", "header box"])
def test_search_has_no_accessibility_violations(
    browser: playwright_api.Browser, base_url: str, scheme: str, where: str
) -> None:
    page = browser.new_page(color_scheme=scheme)
    if where == "search page":
        page.goto(base_url + "/search/?q=trust&topic=Community+trust")
        settled(page)
        page.locator(".archive-filter input").first.focus()
    else:
        page.goto(base_url + "/")
        type_in_header(page, "trust")
    page.evaluate(AXE_SCRIPT)
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_21_AA
    )
    labelled = page.evaluate(
        "[...document.querySelectorAll('input[type=search]')].every(i => i.labels.length > 0)"
    )
    page.close()
    violations = [
        f"{violation['id']}: {node['target']} {node['failureSummary']}"
        for violation in results["violations"]
        for node in violation["nodes"]
    ]
    assert violations == []
    assert labelled


def test_on_a_phone_the_header_opens_the_search_page(
    browser: playwright_api.Browser, base_url: str
) -> None:
    page = browser.new_page(viewport={"width": 375, "height": 740})
    page.goto(base_url + "/speakers/")
    assert page.locator(BOX).is_hidden()
    page.locator(".archive-search-box__button").click()
    page.wait_for_url(re.compile(r"/search/"))
    page.locator("#archive-search-query").fill("Duluth")
    settled(page)
    hrefs = [link.get_attribute("href") or "" for link in page.locator(RESULT_LINKS).all()]
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    page.close()
    assert any(href.startswith("/town-hall-2014/#bob-lunney") for href in hrefs), hrefs
    assert overflow <= 0


@pytest.fixture
def site_without_index(real_archive: Path, tmp_path: Path) -> Iterator[str]:
    """The built site, copied without its search index (as an interrupted copy would be)."""
    site = tmp_path / "site"
    shutil.copytree(real_archive / "site", site)
    shutil.rmtree(site / "pagefind")
    handler = functools.partial(QuietHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_site_without_its_index_says_search_is_unavailable(
    browser: playwright_api.Browser, site_without_index: str
) -> None:
    page = browser.new_page()
    page.goto(site_without_index + "/search/?q=trust")
    page.wait_for_function(
        f"document.querySelector('{STATUS}').textContent.includes('unavailable')"
    )
    page.goto(site_without_index + "/")
    page.locator(BOX).fill("trust")
    page.wait_for_selector(f"{PANEL}:not([hidden])")
    message = page.locator(PANEL).inner_text()
    page.close()
    assert "Search is unavailable" in message


def test_an_address_with_odd_parameters_is_read_safely(
    browser: playwright_api.Browser, base_url: str
) -> None:
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(base_url + "/search/?q=police&sort=__proto__&speaker=constructor&nonsense=1")
    count = settled(page)
    sort = page.locator("#archive-search-sort").input_value()
    page.close()
    assert errors == []
    assert sort == ""  # an order the page does not offer is ignored
    assert count == 0  # no speaker is called "constructor"


def test_two_values_of_one_filter_can_be_ticked(
    browser: playwright_api.Browser, base_url: str
) -> None:
    page = browser.new_page()
    page.goto(base_url + "/search/?q=police")
    settled(page)
    group = "fieldset.archive-filter:has(input[name='speaker'])"
    first_value = page.locator(f"{group} input").first.get_attribute("value") or ""
    first = page.locator(f"{group} input[value='{first_value}']")
    first_count = int(
        re.sub(r"\D", "", page.locator(f"{group} .archive-filter__count").first.inner_text())
    )
    before = page.locator(STATUS).inner_text()
    first.check()
    assert wait_for_new_count(page, before) == first_count
    # The other speakers stay, with the counts they would add.
    page.wait_for_function(f'document.querySelectorAll("{group} input").length > 1')
    unticked = page.locator(f"{group} input:not(:checked)").first
    value = unticked.get_attribute("value") or ""
    label = page.locator(f"{group} label[for='{unticked.get_attribute('id')}']").inner_text()
    second_count = int(re.search(r"\((\d+)\)$", label)[1])  # type: ignore[index]
    before = page.locator(STATUS).inner_text()
    # Found by its value: once ticked, it is no longer the first unticked box.
    page.locator(f"{group} input[value='{value}']").check()
    both = wait_for_new_count(page, before)
    speakers = set(
        page.locator("[data-archive-results] .archive-result__speaker").all_inner_texts()
    )
    status = page.locator(STATUS).inner_text()
    page.close()
    assert both == first_count + second_count  # one speaker per record: "A or B" adds up
    assert " or " in status and len(speakers) == 2


def test_the_page_controls_behave_for_keyboard_users(
    browser: playwright_api.Browser, base_url: str
) -> None:
    page = browser.new_page()
    page.goto(base_url + "/search/?q=chaplains")
    assert settled(page) == 1
    more_hidden = page.locator("[data-archive-more]").is_hidden()
    page.goto(base_url + "/search/?q=police")
    settled(page)
    toggle = page.locator(".archive-filter__toggle").first
    toggle.focus()
    page.keyboard.press("Enter")
    focused = page.evaluate("document.activeElement.textContent")
    page.goto(base_url + "/town-hall-2014/")
    type_in_header(page, "chaplains")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"#jerry-dyer--p\d+$"))
    panel_hidden = page.locator(PANEL).is_hidden()
    page.close()
    assert more_hidden
    assert focused == "Show fewer"
    assert panel_hidden


@pytest.fixture
def served_copy(real_archive: Path, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """The built site, copied and served, so a test may replace its search index."""
    site = tmp_path / "site"
    shutil.copytree(real_archive / "site", site)
    handler = functools.partial(QuietHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", site
    server.shutdown()
    server.server_close()


def test_an_open_page_finds_words_of_an_index_built_after_it_loaded(
    browser: playwright_api.Browser, real_archive: Path, served_copy: tuple[str, Path]
) -> None:
    from sitebuild.config import SiteLayout
    from sitebuild.pipeline import check
    from sitebuild.render.search import SearchRecord, search_records
    from sitebuild.search_index import write_search_index

    url, site = served_copy
    page = browser.new_page()
    page.goto(url + "/search/?q=chaplains")
    assert settled(page) == 1
    result = check(SiteLayout(root=real_archive))
    assert result.archive is not None
    added = SearchRecord("/town-hall-2014/#koala", "koalaword", {"title": "K"}, {}, {})
    write_search_index([*search_records(result.archive), added], site)  # as a rebuild does
    before = page.locator(STATUS).inner_text()
    page.locator("#archive-search-query").fill("koalaword")
    count = wait_for_new_count(page, before)
    page.close()
    assert count == 1
