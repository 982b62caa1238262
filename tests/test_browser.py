"""The built archive in a real browser (Debian's Chromium, headless, driven by Playwright).

Each page loads with no request to any other host and no JavaScript error, and at phone width
there is no horizontal scrolling. Screenshots land in ``test-artifacts/screenshots/`` (ignored
by git) so anyone can look at what the site shows.
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import REPO

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
PAGES = {
    "home": "/",
    "defining-moments": "/defining-moments-2014/",
    "town-hall": "/town-hall-2014/",
    "award": "/leadership-award-2014/",
    "about": "/about/",
    "meetings": "/meetings/",
    "speakers": "/speakers/",
    "speaker": "/speakers/janee-harteau/",
    "topics": "/topics/",
    "topic": "/topics/community-trust/",
    "data": "/data/",
}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

if not CHROMIUM.exists():
    if os.environ.get("CI"):
        raise RuntimeError(f"{CHROMIUM} is missing; .ci/run must install Debian's chromium")
    pytest.skip(
        "Chromium is not installed: run `sudo apt-get install chromium` for the browser tests",
        allow_module_level=True,
    )

playwright_api = pytest.importorskip("playwright.sync_api")


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        """Keep the test output free of one line per request."""


@pytest.fixture(scope="module")
def base_url(real_archive: Path) -> Iterator[str]:
    handler = functools.partial(QuietHandler, directory=str(real_archive / "site"))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with playwright_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield launched
        launched.close()


@pytest.mark.parametrize("width, label", [(1280, "desktop"), (375, "phone")])
@pytest.mark.parametrize("name", PAGES)
def test_page_is_local_error_free_and_fits(
    browser: playwright_api.Browser, base_url: str, name: str, width: int, label: str
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    hosts: set[str] = set()
    problems: list[str] = []
    page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on(
        "console",
        lambda message: problems.append(message.text) if message.type == "error" else None,
    )
    response = page.goto(base_url + PAGES[name], wait_until="networkidle")
    assert response is not None and response.status == 200
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}-{label}.png"), full_page=True)
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    context.close()
    assert hosts == {urlsplit(base_url).netloc}
    assert problems == []
    assert overflow <= 0


def test_session_page_shows_speakers_in_order(
    browser: playwright_api.Browser, base_url: str
) -> None:
    page = browser.new_page()
    page.goto(base_url + "/town-hall-2014/#kim-jacobs")
    headings = page.locator("article.remark h2").all_inner_texts()
    assert [heading.rstrip("¶").strip() for heading in headings][:3] == [
        "Jerry Dyer",
        "Kim Jacobs",
        "Tom Manger",
    ]
    top = page.evaluate("document.getElementById('kim-jacobs').getBoundingClientRect().top")
    page.close()
    assert 0 <= top < 200


def test_paragraph_link_control_copies_the_exact_address(
    browser: playwright_api.Browser, base_url: str
) -> None:
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(base_url + "/defining-moments-2014/")
    page.locator("#janee-harteau--p2 .copy-link").click()
    copied = page.evaluate("navigator.clipboard.readText()")
    status = page.locator("#archive-status").inner_text()
    context.close()
    assert copied == base_url + "/defining-moments-2014/#janee-harteau--p2"
    assert status == f"Link copied: {copied}"


def test_landing_on_a_paragraph_scrolls_to_it_and_highlights_it(
    browser: playwright_api.Browser, base_url: str
) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(base_url + "/town-hall-2014/#bob-lunney--p1")
    box = page.locator("#bob-lunney--p1").bounding_box()
    outline = page.eval_on_selector("#bob-lunney--p1", "e => getComputedStyle(e).outlineStyle")
    other = page.eval_on_selector("#jerry-dyer--p1", "e => getComputedStyle(e).outlineStyle")
    page.close()
    assert box is not None and 0 <= box["y"] < 400
    assert (outline, other) == ("solid", "none")


def test_speaker_page_links_land_on_the_remark_in_context(
    browser: playwright_api.Browser, base_url: str
) -> None:
    page = browser.new_page()
    page.goto(base_url + "/speakers/kim-jacobs/")
    page.get_by_role("link", name="Read the remarks in context").click()
    page.wait_for_load_state()
    url = page.url
    top = page.evaluate("document.getElementById('kim-jacobs').getBoundingClientRect().top")
    page.close()
    assert url == base_url + "/town-hall-2014/#kim-jacobs"
    assert 0 <= top < 200
