"""Benchmark the build at archive scale; it reports figures and never passes or fails.

    python tests/benchmark.py                          # 100, 500, 1,000 and 5,000 remarks
    python tests/benchmark.py --sizes 100 500          # other sizes
    python tests/benchmark.py --write docs/performance.md   # also write the results page

For each size it builds a synthetic archive (tests/synthetic.py) in a temporary folder and
reports the time of each build_site.py stage and of MkDocs, total and per-remark time, peak
memory, page sizes, the search index size, Python-Markdown alone on the same remarks, and the
time from editing one speaker file to its page being rebuilt. It also times the real archive.
"""

from __future__ import annotations

import argparse
import gzip
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

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from synthetic import write_synthetic_archive  # noqa: E402

CHILD = """
import json, resource, sys, time
from pathlib import Path
from sitebuild.pipeline import build
from sitebuild.config import SiteLayout
started = time.perf_counter()
result = build(SiteLayout(root=Path(sys.argv[1])))
wall = time.perf_counter() - started
peak_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
peak_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"ok": result.ok, "timings": result.timings, "wall": wall,
                  "peak_kib": max(peak_self, peak_children)}))
"""

MARKDOWN_ONLY = """
import json, sys, time
from pathlib import Path
import markdown
files = sorted(Path(sys.argv[1]).glob("speakers/*/*.md"))
started = time.perf_counter()
for path in files:
    body = path.read_text("utf-8").split("---", 2)[-1]
    markdown.markdown(body, extensions=["attr_list", "footnotes"])
print(json.dumps({"seconds": time.perf_counter() - started}))
"""


FLOOR_CONFIG = """\
site_name: Plain pages
docs_dir: docs
nav: [index.md]
not_in_nav: /remark-*.md
theme:
  name: material
  font: false
markdown_extensions: [attr_list, footnotes]
plugins: [search]
"""
"""MkDocs with Material and nothing of ours but search: the stack's own cost, for comparison."""


def stack_floor(root: Path) -> float:
    """Seconds MkDocs with Material takes for one plain page per remark: its words only.

    The same files and extensions as the Python-Markdown measurement, a bounded navigation,
    and only the search plugin (the site needs search): no build of the archive with this
    stack can be faster.
    """
    folder = root / "plain-pages"
    docs = folder / "docs"
    docs.mkdir(parents=True)
    speakers = sorted(p for p in (root / "speakers").glob("*/*.md") if p.name != "_session.md")
    for number, path in enumerate(speakers):
        body = path.read_text("utf-8").split("---", 2)[-1]
        (docs / f"remark-{number}.md").write_text(f"# Remark {number}\n{body}", "utf-8")
    (docs / "index.md").write_text("# Remarks\n", "utf-8")
    (folder / "mkdocs.yml").write_text(FLOOR_CONFIG, "utf-8")
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(folder / "mkdocs.yml")],
        cwd=folder, check=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )  # fmt: skip
    return time.perf_counter() - started


def run_python(code: str, *args: str) -> dict[str, object]:
    """Run ``code`` in a fresh interpreter (so memory is measured per run); return its JSON."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=REPO, env=env,
        check=False,
    )  # fmt: skip
    if done.returncode != 0:
        raise SystemExit(f"benchmark step failed:\n{done.stderr[-3000:]}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def gzipped_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def page_weight(site: Path, page: Path) -> tuple[int, int]:
    """(raw HTML bytes, gzipped bytes of the HTML plus the CSS and JavaScript it loads)."""
    html = page.read_bytes()
    total = gzipped_size(html)
    for asset in re.findall(rb'(?:href|src)="([^"]+\.(?:css|js))"', html):
        path = (page.parent / asset.decode()).resolve()
        if path.is_file() and site.resolve() in path.parents:
            total += gzipped_size(path.read_bytes())
    return len(html), total


EDITS = 5
"""How many edits the preview is timed on (the median is reported)."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str, timeout: float = 10) -> str:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return str(response.read().decode("utf-8"))


def changed_files(before: dict[Path, int]) -> int:
    """How many of the files (with their modification times) have been written since."""
    return sum(1 for path, stamp in before.items() if path.stat().st_mtime_ns != stamp)


def preview_after_edits(root: Path) -> dict[str, float]:
    """Run ``build_site.py serve``; time edits to one speaker file until the page reloads.

    Each edit adds a sentence to the words of a speaker file. The clock runs from the save to
    the moment the edited page, fetched again, shows the sentence, after waiting as a browser
    does: on the preview's live-reload request, which answers when the rebuild is done.
    """
    port = free_port()
    speaker = sorted(p for p in (root / "speakers").glob("*/*.md") if p.name != "_session.md")[0]
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
                times.append(time.perf_counter() - started)
                if number == 0:
                    rewritten = changed_files(before)
            speaker.write_text(original, "utf-8")
        finally:
            server.terminate()
            server.wait(timeout=30)
    built = re.findall(r"Documentation built in ([0-9.]+) seconds", log.read_text("utf-8"))
    mkdocs = [float(seconds) for seconds in built]
    return {
        "edit_to_page": statistics.median(times),
        "slowest": max(times),
        "mkdocs_dirty": statistics.median(mkdocs[1:]),
        "files_rewritten": rewritten,
        "files_total": len(before),
    }


def measure(root: Path, remarks: int) -> dict[str, object]:
    """Build the project at ``root`` and collect every figure."""
    build = run_python(CHILD, str(root))
    if not build["ok"]:
        raise SystemExit(f"the build of {root} failed; run build_site.py --root {root} build")
    timings = dict(build["timings"])  # type: ignore[call-overload]
    site = root / "site"
    session_page = sorted(p for p in site.glob("*/index.html") if "-" in p.parent.name)[0]
    speaker_page = sorted(site.glob("speakers/*/index.html"))[0]
    index = (site / "search/search_index.json").read_bytes()
    baseline = run_python(MARKDOWN_ONLY, str(root))
    own = timings["load"] + timings["validate"] + timings["render"]
    return {
        "remarks": remarks,
        "ok": build["ok"],
        "load": timings["load"],
        "validate": timings["validate"],
        "render": timings["render"],
        "mkdocs": timings["mkdocs"],
        "total": build["wall"],
        "per_remark_ms": 1000 * float(build["wall"]) / remarks,  # type: ignore[arg-type]
        "own_share": own / float(build["wall"]),  # type: ignore[arg-type]
        "peak_mib": int(build["peak_kib"]) / 1024,  # type: ignore[call-overload]
        "session_page": page_weight(site, session_page),
        "speaker_page": page_weight(site, speaker_page),
        "search_index": (len(index), gzipped_size(index)),
        "markdown_only": baseline["seconds"],
        "stack_floor": stack_floor(root),
        "rebuild": preview_after_edits(root),
    }


def real_archive() -> dict[str, object]:
    """The real archive: full build, and a rebuild after editing one speaker file."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for name in ("speakers", "docs"):
            shutil.copytree(REPO / name, root / name)
        shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
        remarks = len([p for p in root.glob("speakers/*/*.md") if p.name != "_session.md"])
        return measure(root, remarks)


def kib(size: int) -> str:
    return f"{size / 1024:,.0f} KB"


def report(results: list[dict[str, object]], real: dict[str, object], command: str) -> str:
    """The results as a Markdown page."""
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
        "`tests/synthetic.py` (sessions of 20 speakers, about 500 words a remark). "
        "1 KB is 1,024 bytes.",
        "",
        "| Remarks | Load | Validate | Render | MkDocs | Total | Per remark | build_site.py share "
        "| Peak memory |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in [*results, {**real, "remarks": f"{real['remarks']} (real archive)"}]:
        lines.append(
            f"| {row['remarks']} | {row['load']:.2f} s | {row['validate']:.2f} s "
            f"| {row['render']:.2f} s | {row['mkdocs']:.1f} s | {row['total']:.1f} s "
            f"| {row['per_remark_ms']:.1f} ms | {100 * row['own_share']:.1f} % "  # type: ignore[operator]
            f"| {row['peak_mib']:.0f} MiB |"
        )
    lines += [
        "",
        "The whole build against Python-Markdown alone converting each remark's words (with "
        "`attr_list` and `footnotes`), and against MkDocs with Material building the same "
        "words as one plain page per remark, with search and nothing of ours: the least any "
        "build of the archive with this stack can take. The machine is shared, so figures "
        "vary by up to a third between runs; ratios within a run vary less.",
        "",
        "| Remarks | Python-Markdown alone | MkDocs + Material, plain pages | ÷ Markdown "
        "| Whole build | ÷ Markdown |",
        "| ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in [*results, {**real, "remarks": f"{real['remarks']} (real archive)"}]:
        markdown = float(row["markdown_only"])  # type: ignore[arg-type]
        floor, total = float(row["stack_floor"]), float(row["total"])  # type: ignore[arg-type]
        lines.append(
            f"| {row['remarks']} | {markdown:.1f} s | {floor:.1f} s | {floor / markdown:.1f} "
            f"| {total:.1f} s | {total / markdown:.1f} |"
        )
    lines += [
        "",
        "| Remarks | Session page HTML | Session page + CSS/JS, gzipped | Speaker page HTML "
        "| Search index | Search index, gzipped |",
        "| ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in [*results, {**real, "remarks": f"{real['remarks']} (real)"}]:
        session, speaker, index = row["session_page"], row["speaker_page"], row["search_index"]
        lines.append(
            f"| {row['remarks']} | {kib(session[0])} | {kib(session[1])} | {kib(speaker[0])} "  # type: ignore[index]
            f"| {kib(index[0])} | {kib(index[1])} |"  # type: ignore[index]
        )
    lines += [
        "",
        f"Live preview: `build_site.py serve` running, one speaker file's words edited "
        f"{EDITS} times. The time runs from saving the file to the edited page, reloaded as the "
        "browser does, showing the change (median and slowest). MkDocs --dirty is the "
        "median time of MkDocs' own rebuild within it.",
        "",
        "| Remarks | Edit to reloaded page | Slowest | MkDocs --dirty | Files rewritten |",
        "| ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in [*results, {**real, "remarks": f"{real['remarks']} (real)"}]:
        rebuild = row["rebuild"]
        lines.append(
            f"| {row['remarks']} | {rebuild['edit_to_page']:.2f} s "  # type: ignore[index]
            f"| {rebuild['slowest']:.2f} s | {rebuild['mkdocs_dirty']:.2f} s "  # type: ignore[index]
            f"| {rebuild['files_rewritten']} of {rebuild['files_total']} |"  # type: ignore[index]
        )
    return "\n".join(lines) + "\n"


def main() -> int:
    """Run the benchmark; print the results (and write them with --write)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 500, 1000, 5000])
    parser.add_argument("--write", type=Path, help="also write the results page here")
    args = parser.parse_args()
    results = []
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder)
            write_synthetic_archive(root, size)
            print(f"building {size} remarks ...", file=sys.stderr, flush=True)
            results.append(measure(root, size))
    real = real_archive()
    command = "python tests/benchmark.py " + " ".join(sys.argv[1:])
    page = report(results, real, command.strip())
    print(page)
    if args.write:
        args.write.write_text(page, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
