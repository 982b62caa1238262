"""For tests/benchmark.py: Pagefind's bundle, page weights, the stack floor, searching in Chromium.

The built site is served by Python's http.server on 127.0.0.1 and opened in headless Chromium
through Playwright, each run in a fresh browser context (an empty cache), with the CPU
throttled by DevTools' ``Emulation.setCPUThrottlingRate``. The clock is read in the page
(``performance.now()``): from the click into the header box, or from the navigation to the
search page, to the first result inserted. Bytes are the sizes of the files the browser fetched
(headers not counted), and what a server compressing with gzip would send for each.

The stack floor is MkDocs with Material on plain pages, then Pagefind's own command over them.
"""

from __future__ import annotations

import functools
import gzip
import json
import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync",
                 "--disable-background-networking", "--disable-component-update"]  # fmt: skip
THROTTLE = 4
"""How many times slower than this machine the page's main thread is made to run."""
GZIP_LEVEL = 6
"""What the browser fetched is weighed gzipped at this level (a common server default)."""
TEXT = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")
"""What a server compresses; the rest (images, Pagefind's files, already gzipped) goes as is."""
QUERIES = (("community trust", "common words"), ("Anna Adams", "a speaker's name"))
"""From tests/synthetic.py: words found in most paragraphs, and a name found at every size."""
BOX_RESULT = "#archive-search-box-results li.archive-result"
PAGE_RESULT = "ol[data-archive-results] > li.archive-result"
QUIET = 3.0
"""Seconds without a request after which the page is taken to have fetched all it will."""
TIMEOUT = 300_000
"""Milliseconds to wait for an answer (the slowest, worker blocked, takes about 40 s)."""

INSTRUMENT = """
window.__bench = {focus: null, keys: [], box: null, boxFor: null, page: null, status: ""};
document.addEventListener("focusin", function (event) {
  if (__bench.focus === null && event.target.id === "archive-search-box-query") {
    __bench.focus = performance.now();
  }
}, true);
document.addEventListener("keydown", function () { __bench.keys.push(performance.now()); }, true);
new MutationObserver(function () {
  var status = document.querySelector(".archive-search-box__status, [data-archive-status]");
  __bench.status = status ? status.textContent : "";
  if (__bench.box === null && document.querySelector(BOX_RESULT)) {
    __bench.box = performance.now();
    __bench.boxFor = __bench.status;
  }
  if (__bench.page === null && document.querySelector(PAGE_RESULT)) {
    __bench.page = performance.now();
  }
}).observe(document, {childList: true, subtree: true, characterData: true});
""".replace("BOX_RESULT", json.dumps(BOX_RESULT)).replace("PAGE_RESULT", json.dumps(PAGE_RESULT))
"""Run in every page before its own scripts: when the box got focus, keys, first results."""
ANSWERED = "(first) => __bench[first] !== null || /^No results|unavailable/.test(__bench.status)"
"""True once the page shows a result, or says it found none or cannot search."""


def bundle_figures(site: Path) -> dict[str, int]:
    """Pagefind's bundle on disk: its files, their bytes, and the disk space they take."""
    stats = [path.stat() for path in (site / "pagefind").rglob("*") if path.is_file()]
    return {
        "files": len(stats),
        "bytes": sum(stat.st_size for stat in stats),
        "allocated": sum(stat.st_blocks * 512 for stat in stats),
    }


def gzipped_size(data: bytes) -> int:
    """Bytes gzipped at level 9 (as in every earlier report, so page weights compare)."""
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def page_weight(site: Path, page: Path) -> tuple[int, int]:
    """(raw HTML bytes, gzipped bytes of the HTML plus the CSS and JavaScript it names).

    Only what the HTML names in ``href`` and ``src``: what scripts fetch later is not counted
    (``browser_figures`` weighs what the browser fetches).
    """
    html = page.read_bytes()
    total = gzipped_size(html)
    for asset in re.findall(rb'(?:href|src)="([^"]+\.(?:css|js))"', html):
        path = (page.parent / asset.decode()).resolve()
        if path.is_file() and site.resolve() in path.parents:
            total += gzipped_size(path.read_bytes())
    return len(html), total


FLOOR_CONFIG = """\
site_name: Plain pages
docs_dir: docs
nav: [index.md]
not_in_nav: /remark-*.md
theme:
  name: material
  font: false
markdown_extensions: [attr_list, footnotes]
plugins: []
"""
"""MkDocs with Material and nothing of ours, not even its search (``plugins: []``; without the
key MkDocs would add it): the site's search is Pagefind's, run over the built pages instead."""


def run_timed(command: list[str], cwd: Path) -> tuple[float, float]:
    """Run ``command`` (checked); its wall and CPU seconds (its processes', waited for)."""
    before, started = os.times(), time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    wall, after = time.perf_counter() - started, os.times()
    cpu = after.children_user + after.children_system
    return wall, cpu - before.children_user - before.children_system


def stack_floor(root: Path, remarks: list[Path]) -> dict[str, float]:
    """Seconds MkDocs with Material, then Pagefind, take for one plain page per remark file.

    The same files and extensions as the Python-Markdown measurement, a bounded navigation, no
    plugin; then Pagefind's own command indexes the built pages (the site needs search, and
    the archive's is Pagefind's): no build of the archive with this stack can be faster.
    """
    folder = root / "plain-pages"
    docs = folder / "docs"
    docs.mkdir(parents=True)
    for number, path in enumerate(remarks):
        body = path.read_text("utf-8").split("---", 2)[-1]
        (docs / f"remark-{number}.md").write_text(f"# Remark {number}\n{body}", "utf-8")
    (docs / "index.md").write_text("# Remarks\n", "utf-8")
    (folder / "mkdocs.yml").write_text(FLOOR_CONFIG, "utf-8")
    mkdocs = run_timed(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(folder / "mkdocs.yml")], folder
    )
    pagefind = run_timed([sys.executable, "-m", "pagefind", "--site", "site", "--quiet"], folder)
    return {"mkdocs": mkdocs[0], "mkdocs_cpu": mkdocs[1],
            "pagefind": pagefind[0], "pagefind_cpu": pagefind[1]}  # fmt: skip


class _QuietHandler(SimpleHTTPRequestHandler):
    """Python's static file server, without a log line for each request."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        """No line per request."""


@contextmanager
def serving(site: Path) -> Iterator[str]:
    """Serve ``site`` on a free local port in a thread; yield its address."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@functools.cache
def file_sizes(path: Path) -> tuple[int, int]:
    """(bytes, bytes as a server using gzip at ``GZIP_LEVEL`` for ``TEXT`` files sends them)."""
    data = path.read_bytes()
    if path.suffix not in TEXT:
        return len(data), len(data)
    return len(data), len(gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0))


class Run:
    """One cold browser context: its page, every request it made, and what went wrong."""

    def __init__(self, browser: Any, site: Path, base: str, block_worker: bool = False) -> None:
        """Open a fresh context on ``site`` served at ``base``, its page throttled."""
        self.site, self.base = site, base
        self.context = browser.new_context()
        self.context.add_init_script(INSTRUMENT)
        self.requests: list[Any] = []
        self.context.on("requestfinished", lambda request: self.requests.append(request))
        self.errors: list[str] = []
        self.elsewhere: list[str] = []
        self.context.on("request", self._note_host)
        self.page = self.context.new_page()
        self.page.on("console", lambda message: self._note_console(message.type, message.text))
        self.page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))
        if block_worker:  # Pagefind then searches on the (throttled) main thread
            self.page.route("**/pagefind-worker.js", lambda route: route.abort())
        self.block_worker = block_worker
        cdp = self.context.new_cdp_session(self.page)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": THROTTLE})

    def _note_host(self, request: Any) -> None:
        """Note a request to any other host than the local server."""
        if request.url.startswith("http") and not request.url.startswith(self.base + "/"):
            self.elsewhere.append(request.url)

    def _note_console(self, kind: str, text: str) -> None:
        """Note console errors, and warnings (but Pagefind's own when its worker is blocked)."""
        if kind == "error" or (kind == "warning" and not self.block_worker):
            self.errors.append(f"console {kind}: {text[:200]}")

    def settle(self, limit: float = 120) -> None:
        """Wait until no request has finished for ``QUIET`` seconds."""
        deadline = time.monotonic() + limit
        count, since = len(self.requests), time.monotonic()
        while time.monotonic() < deadline and time.monotonic() - since < QUIET:
            self.page.wait_for_timeout(250)
            if len(self.requests) != count:
                count, since = len(self.requests), time.monotonic()

    def weigh(self, requests: list[Any], kinds: tuple[str, ...] = ()) -> dict[str, int]:
        """Count, bytes and gzipped bytes of ``requests`` (of resource ``kinds``, if given)."""
        raw = packed = count = 0
        for request in requests:
            if kinds and request.resource_type not in kinds:
                continue
            path = unquote(urlsplit(request.url).path)
            file = self.site / path.lstrip("/")
            file = file / "index.html" if path.endswith("/") else file
            if file.is_file():
                size, zipped = file_sizes(file)
                raw, packed, count = raw + size, packed + zipped, count + 1
        return {"requests": count, "bytes": raw, "gzipped": packed}

    def split(self, requests: list[Any], moment: float | None) -> tuple[list[Any], list[Any]]:
        """``requests`` finished by ``moment`` (ms on the page's clock) and those after it."""
        if moment is None:
            return requests, []
        origin = float(self.page.evaluate("performance.timeOrigin"))
        before: list[Any] = []
        after: list[Any] = []
        for request in requests:
            timing = request.timing
            end = timing["startTime"] + max(timing["responseEnd"], timing["responseStart"], 0)
            (before if end <= origin + moment + 1 else after).append(request)
        return before, after

    def close(self) -> dict[str, Any]:
        """Close the context; what every run reports besides its own figures."""
        self.context.close()
        return {"errors": self.errors, "elsewhere": self.elsewhere}


def header_box(browser: Any, site: Path, base: str, query: str, block: bool) -> dict[str, Any]:
    """Load the home page; click into the header box, type ``query``; time the first result."""
    run = Run(browser, site, base, block)
    run.page.goto(base + "/", wait_until="load")
    run.page.wait_for_load_state("networkidle")
    run.settle()
    loaded = len(run.requests)
    run.page.click("#archive-search-box-query")
    run.page.keyboard.type(query)
    run.page.wait_for_function(ANSWERED, arg="box", timeout=TIMEOUT)
    run.settle()
    bench = run.page.evaluate("__bench")
    first = bench["box"]
    search, late = run.split(run.requests[loaded:], first)
    html_css_js = ("document", "stylesheet", "script")
    figures = {
        "query": query,
        "blocked": block,
        "from_first_key_ms": first and first - bench["keys"][0],
        "after_last_key_ms": first and first - bench["keys"][-1],
        "typing_ms": bench["keys"][-1] - bench["keys"][0],
        "click_to_key_ms": bench["keys"][0] - bench["focus"],
        "results_for": bench["boxFor"] or bench["status"],
        "search": run.weigh(search),
        "late": run.weigh(late),
        "load_ms": run.page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd"),
        "home_code": run.weigh(run.requests[:loaded], html_css_js),
        "home_all": run.weigh(run.requests[:loaded]),
    }
    return {**figures, **run.close()}


def search_page(browser: Any, site: Path, base: str, query: str) -> dict[str, Any]:
    """Open the search page with ``query`` in its address; time navigation to first result."""
    run = Run(browser, site, base)
    run.page.goto(f"{base}/search/?q={query.replace(' ', '+')}", wait_until="commit")
    run.page.wait_for_function(ANSWERED, arg="page", timeout=TIMEOUT)
    run.settle()
    bench = run.page.evaluate("__bench")
    first, late = run.split(run.requests, bench["page"])
    figures = {
        "query": query,
        "first_result_ms": bench["page"],
        "results_for": bench["status"],
        "search": run.weigh(first),
        "pagefind": run.weigh([r for r in first if "/pagefind/" in r.url]),
        "late": run.weigh(late),
    }
    return {**figures, **run.close()}


def browser_figures(site: Path) -> dict[str, Any]:
    """Every browser measurement on the built ``site``."""
    from playwright.sync_api import sync_playwright

    with serving(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            box = [header_box(browser, site, base, query, False) for query, _ in QUERIES]
            blocked = [header_box(browser, site, base, query, True) for query, _ in QUERIES]
            pages = [search_page(browser, site, base, query) for query, _ in QUERIES]
            return {"version": browser.version, "box": box + blocked, "page": pages}
        finally:
            browser.close()


def kib(size: int) -> str:
    """Bytes as KB (1,024 bytes)."""
    return f"{size / 1024:,.0f} KB"


def mib(size: int) -> str:
    """Bytes as MB (1,048,576 bytes)."""
    return f"{size / 1024 / 1024:,.1f} MB"


def seconds(milliseconds: float | None) -> str:
    """Milliseconds as seconds, or a dash when there was no result to time."""
    return "–" if milliseconds is None else f"{milliseconds / 1000:.2f} s"


def browser_report(remarks: int, figures: dict[str, Any]) -> list[str]:
    """The browser measurements as Markdown lines (paragraphs and tables)."""
    what = dict(QUERIES)
    box = figures["box"]
    typing = max(row["typing_ms"] for row in box)
    clicks = max(row["click_to_key_ms"] for row in box)
    lines = [
        "",
        f"Searching in Chromium {figures['version']} at {remarks:,} remarks. The built site is "
        "served by Python's http.server on this machine (no compression, no network "
        "throttling); each row is a fresh browser context (an empty cache) with the CPU "
        f"throttled {THROTTLE}× (DevTools' `Emulation.setCPUThrottlingRate`). Chromium throttles "
        "only the page's main thread: Pagefind searches in a web worker, which runs at full "
        "speed (Chromium refuses the setting for workers). In the rows *worker blocked* the "
        "worker's script is refused, so Pagefind falls back to the main thread and all its "
        "work is throttled.",
        "",
        "Header box: the home page is loaded, then the box is clicked (which starts loading "
        "Pagefind) and the query typed as fast as Playwright sends keys (the first key came "
        f"at most {clicks:.0f} ms after the click, the last at most {typing:.0f} ms after the "
        "first; the box searches 150 ms after the last key). The time runs from the first (or "
        "the last) key to the first result inserted in the page. *Results* is what the box "
        "said with it. Bytes are what was fetched after the page had loaded until then: file "
        "sizes as served (headers not counted), and gzipped as a server compressing at gzip "
        f"level {GZIP_LEVEL} would send them: HTML, CSS, JavaScript and JSON compressed, the "
        "rest as it is (Pagefind's index, fragment, filter, meta and wasm files are already "
        "gzip-compressed, and images are not compressed again). No CPU time is "
        "given: Chromium's throttling itself keeps about 0.8 of a core busy (measured idle), "
        "which swamps the search's own.",
        "",
        "| Header box | Results | From first key | After last key | Requests | Bytes "
        "| Gzipped | Fetched later |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in box:
        label = f"“{row['query']}” ({what[row['query']]})"
        label += ", worker blocked" if row["blocked"] else ""
        search, late = row["search"], row["late"]
        lines.append(
            f"| {label} | {row['results_for']} | {seconds(row['from_first_key_ms'])} "
            f"| {seconds(row['after_last_key_ms'])} | {search['requests']} "
            f"| {kib(search['bytes'])} | {kib(search['gzipped'])} | {kib(late['gzipped'])} |"
        )
    lines += [
        "",
        "The search page opened with the query in its address: the time from the navigation "
        "to the first result inserted, and everything fetched until then, the page itself "
        "included (of which Pagefind's files); *fetched later* is what the page fetches after "
        "the first result (every filter's values, for the filters' counts).",
        "",
        "| Search page | Status | First result | Requests | Bytes | Gzipped "
        "| Of which Pagefind, gzipped | Fetched later |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in figures["page"]:
        search = row["search"]
        lines.append(
            f"| “{row['query']}” ({what[row['query']]}) | {row['results_for'].strip()} "
            f"| {seconds(row['first_result_ms'])} | {search['requests']} "
            f"| {kib(search['bytes'])} | {kib(search['gzipped'])} "
            f"| {kib(row['pagefind']['gzipped'])} | {kib(row['late']['gzipped'])} |"
        )
    home = box[0]
    code, every = home["home_code"], home["home_all"]
    lines += [
        "",
        "The home page as the browser loads it (everything fetched until the network is quiet, "
        f"before any search): its HTML, CSS and JavaScript, {code['requests']} files, are "
        f"{kib(code['bytes'])}, {kib(code['gzipped'])} gzipped at level {GZIP_LEVEL}; with "
        f"everything else, {every['requests']} files, {kib(every['bytes'])}, "
        f"{kib(every['gzipped'])} gzipped. Its load event came {seconds(home['load_ms'])} "
        "after the navigation.",
    ]
    problems = sorted({problem for row in box + figures["page"]
                       for problem in row["errors"] + row["elsewhere"]})  # fmt: skip
    if problems:
        lines += ["", "Seen in the browser: " + "; ".join(problems) + "."]
    return lines
