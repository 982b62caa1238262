"""The live preview in a real browser: the problems of a save show over the last good page.

`build_site.py serve` runs as staff run it; Chromium shows a page; a broken save brings the
list of problems over the page, and fixing the file clears it, with no reload by hand. A
published page (`build`) has no mark of the preview and asks for no list of problems.
"""

from __future__ import annotations

import functools
import json
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import REPO, SPEAKER, QuietHandler, require_chromium, run_cli
from test_staff import fetch, free_port, wait_for

require_chromium()
playwright_api = pytest.importorskip("playwright.sync_api")
axe_package = pytest.importorskip("axe_playwright_python")
expect = playwright_api.expect

AXE_SCRIPT = (Path(axe_package.__file__).parent / "axe.min.js").read_text(encoding="utf-8")
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WAIT_MS = 120_000
"""How long to wait for the preview to rebuild and the page to reload (a loaded machine)."""
BROKEN = SPEAKER.replace("order: 1", 'order: "<b>first</b>"').replace(
    "before the crisis", "long before a crisis"
)
FIXED = SPEAKER.replace("before the crisis", "long before a crisis")
PROBLEM = (
    "speakers/test-2014/jane-doe.md:7: order: must be a whole number of at least 1, but it is "
    "text ('<b>first</b>')"
)


@pytest.fixture
def preview(small_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`build_site.py serve` on the small project; its address once the first page is up."""
    port = free_port()
    log = tmp_path_factory.mktemp("preview-log") / "serve.log"
    with log.open("w", encoding="utf-8") as output:
        server = subprocess.Popen(
            [sys.executable, str(REPO / "build_site.py"), "--root", str(small_site), "serve",
             "--port", str(port)],
            stdout=output,
            stderr=subprocess.STDOUT,
            text=True,
        )  # fmt: skip
    address = f"http://127.0.0.1:{port}"
    try:
        started = wait_for(lambda: "before the crisis" in fetch(address + "/test-2014/"), 180)
        assert started, log.read_text(encoding="utf-8")
        yield address
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    said = log.read_text(encoding="utf-8")
    assert server.returncode == 0, said
    assert "Traceback" not in said, said


def watch_errors(page: playwright_api.Page) -> list[str]:
    """Collect the page's JavaScript errors, console errors and dialogs (an alert would be one)."""
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console",
        lambda message: errors.append(message.text) if message.type == "error" else None,
    )
    page.on("dialog", lambda dialog: (errors.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    return errors


def settle(page: playwright_api.Page, loads: list[float], quiet: float = 2.0) -> None:
    """Wait until the page has not reloaded for ``quiet`` seconds.

    A save can come to the watcher as two changes, and so bring a second rebuild and reload.
    """
    deadline = time.monotonic() + WAIT_MS / 1000
    while time.monotonic() < deadline and time.monotonic() - loads[-1] < quiet:
        page.wait_for_timeout(200)


def axe_violations(page: playwright_api.Page, selector: str) -> list[str]:
    """What axe-core finds in the part of the page that ``selector`` names (the whole site's
    pages are audited by test_browser.py)."""
    page.evaluate(AXE_SCRIPT)
    results = page.evaluate(
        "([selector, tags]) => axe.run({include: [selector]},"
        " {runOnly: {type: 'tag', values: tags}})",
        [selector, WCAG_21_AA],
    )
    return [
        f"{violation['id']}: {node['target']} {node['failureSummary']}"
        for violation in results["violations"]
        for node in violation["nodes"]
    ]


def test_a_broken_save_shows_its_problems_over_the_last_good_page_until_fixed(
    browser: playwright_api.Browser, small_site: Path, preview: str
) -> None:
    speaker = small_site / "speakers/test-2014/jane-doe.md"
    context = browser.new_context()
    page = context.new_page()
    errors = watch_errors(page)
    loads = [time.monotonic()]
    page.on("load", lambda _: loads.append(time.monotonic()))
    with page.expect_response(lambda response: "/_preview/problems.json" in response.url) as told:
        page.goto(preview + "/test-2014/")
    assert told.value.json() == {"stale": False, "problems": []}
    panel = page.locator(".preview-problems")
    content = page.locator("article.md-content__inner")
    assert panel.count() == 0

    speaker.write_text(BROKEN, encoding="utf-8")
    # The browser reloads by itself after the failed update, and the list shows.
    expect(panel).to_contain_text(PROBLEM, timeout=WAIT_MS)
    alert = page.get_by_role("alert", name="This page is not up to date: 1 problem in the files")
    expect(alert).to_be_visible()
    expect(alert).to_contain_text("The page shows the last good version.")
    expect(alert).to_contain_text("clears by itself once they are fixed")
    assert panel.locator("b").count() == 0  # staff's text is shown as text
    expect(content).to_contain_text("We build trust before the crisis.")
    expect(content).not_to_contain_text("long before a crisis")

    # Hidden for now by keyboard: it stays hidden while the problems are the same.
    settle(page, loads)
    hide = page.get_by_role("button", name="Hide for now")
    hide.focus()
    page.keyboard.press("Enter")
    expect(panel).to_be_hidden()
    show = page.get_by_role("button", name="Show the 1 problem")
    expect(show).to_be_focused()
    page.reload()
    expect(show).to_be_visible()
    expect(panel).to_be_hidden()
    show.focus()
    page.keyboard.press("Enter")
    expect(alert).to_be_visible()
    expect(hide).to_be_focused()

    for scheme in ("light", "dark"):
        other = browser.new_page(color_scheme=scheme)
        other.goto(preview + "/test-2014/")
        expect(other.locator(".preview-problems")).to_be_visible(timeout=WAIT_MS)
        violations = axe_violations(other, ".preview-problems")
        other.close()
        assert violations == [], scheme

    speaker.write_text(FIXED, encoding="utf-8")
    expect(content).to_contain_text("long before a crisis", timeout=WAIT_MS)
    expect(panel).to_have_count(0)
    expect(show).to_have_count(0)
    assert json.loads(fetch(preview + "/_preview/problems.json"))["problems"] == []

    # What the inspection of the built pages finds shows too: the page is current, but the
    # site cannot be published; every message is text, whatever it holds.
    found = {
        "stale": False,
        "problems": [
            {
                "path": "docs/about.md",
                "line": 3,
                "message": "the page /about/ would contain <img src=x onerror=alert(1)>",
                "warning": False,
            },
            {"path": "speakers/x.md", "line": None, "message": "a placeholder", "warning": True},
        ],
    }
    page.route("**/_preview/problems.json", lambda route: route.fulfill(json=found))
    page.reload()
    current = page.get_by_role(
        "alert", name="2 problems in the files: the site cannot be published yet"
    )
    expect(current).to_contain_text(
        "docs/about.md:3: the page /about/ would contain <img src=x onerror=alert(1)>"
    )
    expect(current).to_contain_text("speakers/x.md: warning: a placeholder")
    expect(current).to_contain_text("will not publish the site until these are fixed")
    assert current.locator("img").count() == 0
    context.close()
    assert errors == []


def test_a_published_page_has_no_mark_of_the_preview_and_asks_for_no_problems(
    browser: playwright_api.Browser, small_site: Path
) -> None:
    built = run_cli(small_site, "build")
    assert built.returncode == 0, built.stderr
    site = small_site / "site"
    assert not (site / "_preview").exists()
    for html in site.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert "archive-preview" not in text and "_preview" not in text, html
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    address = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        page = browser.new_page()
        errors = watch_errors(page)
        requested: list[str] = []
        page.on("request", lambda request: requested.append(request.url))
        page.goto(address + "/test-2014/", wait_until="networkidle")
        copy_links = page.locator(".copy-link").count()
        marks = page.locator('meta[name="archive-preview"], .preview-problems').count()
        page.close()
    finally:
        server.shutdown()
        server.server_close()
    assert copy_links > 0  # archive.js ran
    assert any(url.endswith("/javascripts/archive.js") for url in requested)
    assert [url for url in requested if "_preview" in url] == []
    assert {urlsplit(url).netloc for url in requested} == {urlsplit(address).netloc}
    assert (marks, errors) == (0, [])
