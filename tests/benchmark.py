"""Benchmark the build at archive scale; it reports figures and never passes or fails.

    python tests/benchmark.py                          # 100, 500, 1,000 and 5,000 remarks
    python tests/benchmark.py --sizes 100 500          # other sizes
    python tests/benchmark.py --write docs/performance.md   # also write the results page
    python tests/benchmark.py --no-browser             # without Chromium
    python tests/benchmark.py --engines --sizes 500 5000   # each engine's build only

For each size it builds a synthetic archive (tests/synthetic.py) in a temporary folder and
reports the time (wall and CPU) of each build_site.py stage, of MkDocs and of Pagefind's
indexing, total and per-remark time, peak memory, page sizes, the size of Pagefind's bundle,
Python-Markdown alone on the same remarks, MkDocs and Pagefind alone on plain pages, and the
time from editing one speaker file to its page being rebuilt. At the largest size it also
searches in Chromium (tests/search_benchmark.py). It also times the real archive.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from search_benchmark import (  # noqa: E402
    CHROMIUM,
    browser_figures,
    browser_report,
    bundle_figures,
    kib,
    mib,
    page_weight,
    stack_floor,
)
from synthetic import write_synthetic_archive  # noqa: E402

from sitebuild.links import ISSUES_FOLDER, SESSION_FILE  # noqa: E402

CHILD = """
import json, os, resource, sys, time
from pathlib import Path
import sitebuild.pipeline as pipeline
from sitebuild.config import SiteLayout

def cpu():
    now = os.times()
    return now.user + now.system, now.children_user + now.children_system

# CPU of the search index: this process's and Pagefind's (its child, waited for when done).
index_cpu = [0.0, 0.0]
write_search_index = pipeline.write_search_index

def timed_index(*args):
    before = cpu()
    try:
        return write_search_index(*args)
    finally:
        after = cpu()
        index_cpu[0] += after[0] - before[0]
        index_cpu[1] += after[1] - before[1]

pipeline.write_search_index = timed_index
first = cpu()
started = time.perf_counter()
engine = sys.argv[2] if len(sys.argv) > 2 else None
result = pipeline.build(SiteLayout(root=Path(sys.argv[1]), engine=engine))
wall = time.perf_counter() - started
last = cpu()
peak_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
peak_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"ok": result.ok, "timings": result.timings, "wall": wall,
                  "cpu": sum(last) - sum(first), "search_cpu": sum(index_cpu),
                  "mkdocs_cpu": last[1] - first[1] - index_cpu[1],
                  "peak_kib": max(peak_self, peak_children)}))
"""
"""The build in a fresh interpreter. MkDocs and Pagefind run as its children, so their CPU
time is the children's: Pagefind's is what is used while the index is written."""

MARKDOWN_ONLY = """
import json, sys, time
from pathlib import Path
import markdown, yaml
root = Path(sys.argv[1])
# The extensions mkdocs.yml enables, and the three MkDocs always adds.
config = yaml.safe_load((root / "mkdocs.yml").read_text("utf-8"))
names, settings = ["toc", "tables", "fenced_code"], {}
for entry in config["markdown_extensions"]:
    name, options = next(iter(entry.items())) if isinstance(entry, dict) else (entry, {})
    if name == "pymdownx.snippets":
        continue  # it only reads files the pages name; the remarks name none
    names.append(name)
    settings[name] = options or {}
converter = markdown.Markdown(extensions=list(dict.fromkeys(names)), extension_configs=settings)
files = sorted(p for p in root.glob("speakers/*/*.md") if p.parent.name != "issues")
bodies = [path.read_text("utf-8").split("---", 2)[-1] for path in files]
started, cpu = time.perf_counter(), time.process_time()
for body in bodies:
    converter.reset()
    converter.convert(body)
print(json.dumps({"seconds": time.perf_counter() - started, "cpu": time.process_time() - cpu}))
"""
"""The floor of the build-speed issue: Python-Markdown with the extensions ``mkdocs.yml``
enables, one instance reused (``reset()`` between remarks), each remark's words converted once
(the files are read before the clock starts)."""


def remark_files(root: Path) -> list[Path]:
    """The speakers' files of the project at ``root``: not meetings' or newsletter issues'."""
    return sorted(
        path
        for path in (root / "speakers").glob("*/*.md")
        if path.name != SESSION_FILE and path.parent.name != ISSUES_FOLDER
    )


def run_python(code: str, *args: str) -> dict[str, Any]:
    """Run ``code`` in a fresh interpreter (so memory is measured per run); return its JSON."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=REPO, env=env,
        check=False,
    )  # fmt: skip
    if done.returncode != 0:
        raise SystemExit(f"benchmark step failed:\n{done.stderr[-3000:]}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


EDITS = 5
"""How many edits the preview is timed on (the median is reported)."""
PATIENCE = 300
"""Seconds the preview is given to show an edit, or to stop (it may be indexing search)."""


def free_port() -> int:
    """A local port no one listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str, timeout: float = 10) -> str:
    """The text at ``url``."""
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return str(response.read().decode("utf-8"))


def changed_files(before: dict[Path, int]) -> int:
    """How many of the files (with their modification times) have been written since."""
    return sum(1 for path, stamp in before.items() if path.stat().st_mtime_ns != stamp)


def preview_after_edits(root: Path) -> dict[str, float]:
    """Run ``build_site.py serve``; time edits to one speaker file until the page reloads.

    Each edit adds a sentence to the words of a speaker file. The clock runs from the save to
    the moment the edited page, fetched again, shows the sentence, after waiting as a browser
    does: on the preview's live-reload request, which answers when the rebuild is done. Also
    how long the preview takes to stop when asked to, after the last edit.
    """
    port = free_port()
    speaker = remark_files(root)[0]
    url = f"http://127.0.0.1:{port}/{speaker.parent.name}/"
    log = root / "preview.log"
    with log.open("w", encoding="utf-8") as output:
        server = subprocess.Popen(
            [sys.executable, str(REPO / "build_site.py"), "--root", str(root), "serve",
             "--port", str(port)],
            stdout=output, stderr=output,
        )  # fmt: skip
        try:
            deadline = time.monotonic() + 600
            while time.monotonic() < deadline:
                try:
                    page = fetch(url)
                    break
                except OSError:
                    time.sleep(0.5)
            generated = root / "build/docs"
            before = {
                path: path.stat().st_mtime_ns for path in generated.rglob("*") if path.is_file()
            }
            original = speaker.read_text("utf-8")
            times = []
            for number in range(EDITS):
                time.sleep(1)
                epoch, request = re.search(r"livereload\((\d+), (\d+)\)", page).groups()  # type: ignore[union-attr]
                sentence = f"A sentence added for timing, number {number}."
                speaker.write_text(f"{original}\n{sentence}\n{{: #p{900 + number}}}\n", "utf-8")
                started = time.perf_counter()
                while True:
                    fetch(f"http://127.0.0.1:{port}/livereload/{epoch}/{request}", timeout=70)
                    page = fetch(url)
                    if sentence in page:
                        break
                    if time.perf_counter() - started > PATIENCE:
                        tail = log.read_text("utf-8")[-2000:]
                        raise SystemExit(f"the preview never showed the edit of {speaker}:\n{tail}")
                times.append(time.perf_counter() - started)
                if number == 0:
                    rewritten = changed_files(before)
            speaker.write_text(original, "utf-8")
        finally:
            server.terminate()
            stopping = time.perf_counter()
            try:
                server.wait(timeout=PATIENCE)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
            stopped = time.perf_counter() - stopping
    # MkDocs' own build says "Documentation built in"; the preview's page rebuild (serve_pages)
    # "Pages rebuilt in".
    built = re.findall(
        r"(?:Documentation built|Pages rebuilt) in ([0-9.]+) seconds", log.read_text("utf-8")
    )
    mkdocs = [float(seconds) for seconds in built]
    return {
        "edit_to_page": statistics.median(times),
        "slowest": max(times),
        "mkdocs_dirty": statistics.median(mkdocs[1:]),
        "files_rewritten": rewritten,
        "files_total": len(before),
        "stop": stopped,
    }


def measure(root: Path, remarks: int, browser: bool = False) -> dict[str, Any]:
    """Build the project at ``root`` and collect every figure (with ``browser``, searching)."""
    load_before = os.getloadavg()[0]
    build = run_python(CHILD, str(root))
    if not build["ok"]:
        raise SystemExit(f"the build of {root} failed; run build_site.py --root {root} build")
    timings = build["timings"]
    site = root / "site"
    sessions = [path.parent.name for path in (root / "speakers").glob(f"*/{SESSION_FILE}")]
    session_pages = [page_weight(site, site / name / "index.html") for name in sessions]
    speaker_page = sorted(site.glob("speakers/*/index.html"))[0]
    baseline = run_python(MARKDOWN_ONLY, str(root))
    own = timings["load"] + timings["validate"] + timings["render"]
    if browser:
        print(f"searching {remarks} remarks in Chromium ...", file=sys.stderr, flush=True)
    return {
        "remarks": remarks,
        "ok": build["ok"],
        "load": timings["load"],
        "validate": timings["validate"],
        "render": timings["render"],
        "mkdocs": timings["mkdocs"],
        "mkdocs_cpu": build["mkdocs_cpu"],
        "search": timings["search"],
        "search_cpu": build["search_cpu"],
        "total": build["wall"],
        "total_cpu": build["cpu"],
        "per_remark_ms": 1000 * build["wall"] / remarks,
        "own_share": own / build["wall"],
        "peak_mib": build["peak_kib"] / 1024,
        "home_page": page_weight(site, site / "index.html"),
        # The mean over every meeting page (the first page with a "-" was the Editing guide).
        "session_page": tuple(
            sum(weights[index] for weights in session_pages) // len(session_pages)
            for index in (0, 1)
        ),
        "speaker_page": page_weight(site, speaker_page),
        "bundle": bundle_figures(site),
        "browser": browser_figures(site) if browser else None,
        "markdown_only": baseline["seconds"],
        "markdown_cpu": baseline["cpu"],
        "stack_floor": stack_floor(root, remark_files(root)),
        "rebuild": preview_after_edits(root),
        "machine_load": (load_before, os.getloadavg()[0]),
    }


def real_archive() -> dict[str, Any]:
    """The real archive: full build, and a rebuild after editing one speaker file."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for name in ("speakers", "docs"):
            shutil.copytree(REPO / name, root / name)
        shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
        remarks = len(remark_files(root))
        return measure(root, remarks)


def both(wall: float, cpu: float) -> str:
    """Wall and CPU seconds, as ``wall / CPU``."""
    return f"{wall:.1f} s / {cpu:.1f} s"


def report(results: list[dict[str, Any]], real: dict[str, Any], command: str) -> str:
    """The results as a Markdown page."""
    rows = [*results, {**real, "remarks": f"{real['remarks']} (real archive)"}]
    lines = [
        "---",
        "title: Performance",
        "description: How long the archive takes to build, measured on a 2-core machine.",
        "---",
        "",
        "# Performance",
        "",
        f"Measured with `{command}` on {time.strftime('%Y-%m-%d')}, on a machine with "
        f"{os.cpu_count()} cores, Python {sys.version.split()[0]}. Synthetic archives come from "
        "`tests/synthetic.py` (sessions of 20 speakers, "
        "remarks of about 210 words on average, mostly 100 to 250, as in the real archive). "
        "1 KB is 1,024 bytes, 1 MB 1,024 KB. Times are wall-clock; *wall / CPU* gives the CPU "
        "time used beside it (of every process involved: MkDocs and Pagefind run as their own "
        "processes, and Pagefind uses both cores, so CPU can exceed wall time).",
        "",
        "| Remarks | Load | Validate | Render | MkDocs, wall / CPU | Search index, wall / CPU "
        "| Total, wall / CPU | Per remark | build_site.py share | Peak memory |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        lines.append(
            f"| {row['remarks']} | {row['load']:.2f} s | {row['validate']:.2f} s "
            f"| {row['render']:.2f} s | {both(row['mkdocs'], row['mkdocs_cpu'])} "
            f"| {both(row['search'], row['search_cpu'])} "
            f"| {both(row['total'], row['total_cpu'])} | {row['per_remark_ms']:.1f} ms "
            f"| {100 * row['own_share']:.1f} % | {row['peak_mib']:.0f} MiB |"
        )
    lines += [
        "",
        "*Search index* is Pagefind indexing the archive's search records into `site/pagefind/` "
        'after MkDocs has built the pages (`timings["search"]` of the build); *build_site.py '
        "share* is load, validate and render against the total.",
        "",
        "The whole build against Python-Markdown alone converting each remark's words (with the "
        "extensions `mkdocs.yml` enables and the three MkDocs adds, one converter reused with "
        "`reset()` between remarks: the floor of the build-speed issue), and against the stack "
        "alone on the same words: MkDocs "
        "with Material building them as one plain page per remark with no plugin (not even "
        "Material's search, which the archive no longer uses), then Pagefind's own command "
        "(`python -m pagefind --site site`, from the `pagefind_bin` package) indexing the built "
        "pages, as the archive's search is Pagefind's. Together they are the least any build of "
        "the archive with this stack can take (the archive gives Pagefind records, not pages, "
        "so the two indexes differ in what they hold, not in the words). The machine is shared, "
        "so figures vary by up to a third between runs; ratios within a run vary less.",
        "",
        "| Remarks | Python-Markdown alone | MkDocs + Material, plain pages | Pagefind over them "
        "| Stack floor | ÷ Markdown | Whole build | ÷ Markdown | CPU ÷ Markdown's CPU "
        "| CPU per remark | Load average, before / after |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        floor, markdown, total = row["stack_floor"], row["markdown_only"], row["total"]
        least = floor["mkdocs"] + floor["pagefind"]
        least_cpu = floor["mkdocs_cpu"] + floor["pagefind_cpu"]
        lines.append(
            f"| {row['remarks']} | {both(markdown, row['markdown_cpu'])} "
            f"| {both(floor['mkdocs'], floor['mkdocs_cpu'])} "
            f"| {both(floor['pagefind'], floor['pagefind_cpu'])} | {both(least, least_cpu)} "
            f"| {least / markdown:.1f} | {both(total, row['total_cpu'])} "
            f"| {total / markdown:.1f} | {row['total_cpu'] / row['markdown_cpu']:.1f} "
            f"| {1000 * row['total_cpu'] / int(str(row['remarks']).split()[0]):.1f} ms "
            f"| {row['machine_load'][0]:.2f} / {row['machine_load'][1]:.2f} |"
        )
    by_size = {row["remarks"]: row for row in results}
    if len(by_size) > 1:
        small, large = min(by_size), max(by_size)
        growth = (by_size[large]["total_cpu"] / large) / (by_size[small]["total_cpu"] / small)
        lines += [
            "",
            f"CPU per remark at {large:,} remarks is {growth:.2f}× what it is at {small:,}. The "
            "load average is the machine's (over 1 minute) as the build of that size started "
            "and after its last measurement. It counts the benchmark's own work too (Pagefind "
            "and Chromium use both cores), still decaying from the step before: it says how "
            "busy the machine was, not that another program shared it.",
        ]
    lines += [
        "",
        "Page weights: the HTML, and the HTML with the CSS and JavaScript it names, gzipped at "
        "level 9 as in earlier reports (what scripts fetch later, such as the search index, is "
        "not counted here). *Search bundle* is Pagefind's `site/pagefind/`: its files, their "
        "bytes, and the disk space they take (each small file takes a whole disk block).",
        "",
        "| Remarks | Home page HTML | Home page + CSS/JS, gzipped | Meeting page HTML (mean) "
        "| Meeting page + CSS/JS, gzipped (mean) | Speaker page HTML | Search bundle | Files "
        "| On disk |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        home, session, speaker = row["home_page"], row["session_page"], row["speaker_page"]
        bundle = row["bundle"]
        lines.append(
            f"| {row['remarks']} | {kib(home[0])} | {kib(home[1])} | {kib(session[0])} "
            f"| {kib(session[1])} | {kib(speaker[0])} | {mib(bundle['bytes'])} "
            f"| {bundle['files']:,} | {mib(bundle['allocated'])} |"
        )
    for row in results:
        if row["browser"]:
            lines += browser_report(row["remarks"], row["browser"])
    lines += [
        "",
        f"Live preview: `build_site.py serve` running, one speaker file's words edited "
        f"{EDITS} times. The time runs from saving the file to the edited page, reloaded as the "
        "browser does, showing the change (median and slowest). *MkDocs' part* is the "
        "median time of MkDocs' work within it: it builds the edited pages alone "
        "(`sitebuild/serve_pages.py`) with MkDocs' own steps, on what its last build of the "
        "site made. *Stop* is the time from asking the "
        "preview to stop (SIGTERM, after the last edit) to its exit; after "
        f"{PATIENCE} s it is killed.",
        "",
        "| Remarks | Edit to reloaded page | Slowest | MkDocs' part | Files rewritten | Stop |",
        "| ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        rebuild = row["rebuild"]
        lines.append(
            f"| {row['remarks']} | {rebuild['edit_to_page']:.2f} s "
            f"| {rebuild['slowest']:.2f} s | {rebuild['mkdocs_dirty']:.2f} s "
            f"| {rebuild['files_rewritten']} of {rebuild['files_total']} "
            f"| {rebuild['stop']:.1f} s |"
        )
    return "\n".join(lines) + "\n"


ENGINES = ("mkdocs", "properdocs", "zensical")
ENGINE_LABELS = {"mkdocs": "MkDocs", "properdocs": "ProperDocs", "zensical": "Zensical"}


ENGINES_INTRODUCTION = """
## Engines: MkDocs, ProperDocs and Zensical

The site can be built by three engines from the same `mkdocs.yml`: MkDocs (the default),
ProperDocs (a maintained fork of MkDocs) and Zensical (from the authors of Material for MkDocs).
Choose one with `--engine` (`.venv/bin/python build_site.py --engine zensical build`) or with
`engine:` under `extra:` in `mkdocs.yml`; the option wins. Install the other two with
`.venv/bin/pip install -e '.[properdocs]'` or `-e '.[zensical]'`. The tests build the archive
with each and compare the sites (`tests/test_engines.py`, with its list of allowed differences).

The whole build (checks, pages, the engine, the search index) of the same synthetic archives with
each engine (`--engines`); the engine's share is the engine's own wall time, and peak memory is
the largest of the build's processes. An engine that needs more than 2 GiB is marked.
"""

LIMIT_MIB = 2048
"""The memory an engine should build 5,000 remarks within."""


def engine_rows(sizes: list[int]) -> str:
    """The whole build (check, pages, engine, search index) with each engine, as a table."""
    rows = [
        "| Remarks | Engine | Build, wall | Build, CPU | Engine's share (wall) | Peak memory |",
        "| ---: | --- | ---: | ---: | ---: | ---: |",
    ]
    over: list[str] = []
    for size in sizes:
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder)
            write_synthetic_archive(root, size)
            for engine in ENGINES:
                print(f"building {size} remarks with {engine} ...", file=sys.stderr, flush=True)
                build = run_python(CHILD, str(root), engine)
                if not build["ok"]:
                    rows.append(f"| {size:,} | {engine} | failed | | | |")
                    continue
                peak = build["peak_kib"] / 1024
                marked = " (**over 2 GiB**)" if peak > LIMIT_MIB else ""
                if marked:
                    over.append(
                        f"{ENGINE_LABELS[engine]} cannot build {size:,} remarks within 2 GiB"
                    )
                rows.append(
                    f"| {size:,} | {engine} | {build['wall']:.1f} s | {build['cpu']:.1f} s "
                    f"| {build['timings']['mkdocs']:.1f} s | {peak:,.0f} MiB{marked} |"
                )
    found = "; ".join(over) + "." if over else "Every engine built every size within 2 GiB."
    return "\n".join(rows) + "\n\n" + found + "\n"


def main() -> int:
    """Run the benchmark; print the results (and write them with --write)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 500, 1000, 5000])
    parser.add_argument("--write", type=Path, help="also write the results page here")
    parser.add_argument(
        "--browser",
        action=argparse.BooleanOptionalAction,
        default=CHROMIUM.exists(),
        help=f"search in Chromium at the largest size (default: on if {CHROMIUM} exists)",
    )
    parser.add_argument(
        "--engines", action="store_true", help="also time the whole build with each engine"
    )
    args = parser.parse_args()
    results = []
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder)
            write_synthetic_archive(root, size)
            print(f"building {size} remarks ...", file=sys.stderr, flush=True)
            results.append(measure(root, size, args.browser and size == max(args.sizes)))
    real = real_archive()
    command = "python tests/benchmark.py " + " ".join(sys.argv[1:])
    page = report(results, real, command.strip())
    if args.engines:
        page += ENGINES_INTRODUCTION + "\n" + engine_rows(args.sizes)
    print(page)
    if args.write:
        args.write.write_text(page, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
