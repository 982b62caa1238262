"""Whatever staff type, the site holds only the elements and attributes the pipeline makes.

A property test feeds arbitrary words and front-matter values (built from the characters and
words of markup) through the checks; whatever they accept is rendered and converted to HTML as
MkDocs does, and the HTML, ``remarks.json`` and ``remarks.csv`` are read with ``HTMLParser``.
A full build of a hostile but valid archive then checks every built page and the search data.
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import markdown
import yaml
from conftest import REPO, SESSION, SPEAKER, TOPICS, WriteFiles
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import build_site
from sitebuild.pages import PageKind, build_registry
from sitebuild.paragraphs import code_regions
from sitebuild.render import Renderer
from sitebuild.render.data import render_remarks_csv, render_remarks_json
from sitebuild.validate import load_archive
from sitebuild.validate.text import AUTOLINK, HTML_TAG

TAGS = {
    "a", "article", "blockquote", "br", "code", "details", "div", "em", "figcaption", "figure",
    "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "img", "li", "ol", "p", "pre", "script",
    "span", "strong", "summary", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
"""What the pipeline's Markdown (with the extensions of mkdocs.yml) can make."""
ATTRIBUTES = {
    "alt", "class", "data-style", "height", "href", "id", "loading", "open", "src", "title",
    "type", "width", "style", "align",
}  # fmt: skip
SAFE_STYLE = re.compile(r"text-align: (left|right|center);")
TOKENS = [
    "<", ">", "&", '"', "'", "=", "/", "!", "[", "]", "(", ")", "{", "}", ":", "#", ".", "-",
    "*", "`", "~", "\\", "|", "@", "^", ";", " ", "\n", "\n\n", "script", "img", "onerror",
    "javascript", "a", "href", "http://x.example/", "mailto:", "<!--", "-->", "///", "--8<--",
    "{:", "[[", "]]", "speaker:jane-doe", "&#x61;", "&lt;", "style", "iframe", "data:", "\x00",
    "```", "    ", "> ", "1. ", "- ", "|---|", "[^1]", "[@x]", "\u2028", "é",
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[x](javascript:alert(1))",
    "![x](https://x.example/i.png)", "{: onclick=alert(1) }", "\n\n[x]: javascript:alert(1)",
    "\n/// html | div\n", "[x](<javascript:a>)", "[x](jav&#x61;script:a)", "<!-->",
    "[x](data:text/html,a)", "<https://x.example/>", "[x](https://x.example/)", "\n```",
    "```{ onclick=a }\n", "\n\n", "`", "``",
]  # fmt: skip
texts = st.lists(st.sampled_from(TOKENS), max_size=25).map("".join)


class Elements(HTMLParser):
    """Every element with its attributes, and the text of each script."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)


def unsafe_markup(html: str, tags: set[str] = TAGS) -> list[str]:
    """Each element or attribute in ``html`` that the pipeline would not make itself."""
    reader = Elements()
    reader.feed(html)
    reader.close()
    problems = []
    for tag, attrs in reader.found:
        if tag not in tags:
            problems.append(f"element <{tag}>")
        if tag == "script" and attrs.get("type") != "application/ld+json":
            problems.append("script that is not structured data")
        for name, value in attrs.items():
            if name not in ATTRIBUTES and not name.startswith(("data-", "aria-")):
                problems.append(f"attribute {name}")
            if name.startswith("on"):
                problems.append(f"event handler {name}")
            if name == "style" and not SAFE_STYLE.fullmatch(value or ""):
                problems.append(f"style {value}")
            if name in ("href", "src") and value is not None:
                address = re.sub(r"[\s\x00-\x1f]", "", value).lower()
                if address.startswith(("javascript:", "data:", "vbscript:")):
                    problems.append(f"{name}={value}")
                if name == "src" and (":" in address.split("/")[0] or address.startswith("//")):
                    problems.append(f"remote {name}={value}")
    for script in reader.scripts:
        json.loads(script)  # structured data is JSON, nothing else
    return problems


def markdown_converter() -> markdown.Markdown:
    """Python-Markdown with the extensions and settings of mkdocs.yml, as MkDocs uses it."""
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    names: list[str] = ["toc", "tables", "fenced_code"]
    settings_by_name: dict[str, dict[str, object]] = {}
    for entry in config["markdown_extensions"]:
        name, options = next(iter(entry.items())) if isinstance(entry, dict) else (entry, {})
        names.append(name)
        settings_by_name[name] = dict(options or {})
    settings_by_name.setdefault("pymdownx.snippets", {})["base_path"] = [str(REPO / "build")]
    return markdown.Markdown(extensions=names, extension_configs=settings_by_name)


CONVERTER = markdown_converter()


def write_project(root: Path, words: str, headline: str, caption: str) -> None:
    speaker = SPEAKER.replace("It has to happen first.", words).replace(
        '"Trust Comes First"', json.dumps(headline)
    )
    speaker = speaker.replace(
        "topics: [community-trust]",
        f"topics: [community-trust]\nphotos:\n  - caption: {json.dumps(caption)}",
    )
    files = {
        "speakers/topics.yml": TOPICS,
        "speakers/test-2014/_session.md": SESSION + "\n" + words + "\n",
        "speakers/test-2014/jane-doe.md": speaker,
    }
    for name, content in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(content, encoding="utf-8")


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(words=texts, headline=texts, caption=texts)
def test_accepted_text_never_becomes_markup(words: str, headline: str, caption: str) -> None:
    root = Path(tempfile.mkdtemp(prefix="content-is-text-"))
    try:
        write_project(root, words, headline, caption)
        archive, errors = load_archive(root)
        if any(not error.warning for error in errors):
            return  # refused, with a message: nothing is published
        registry, collisions = build_registry(archive, [])
        assert collisions == []
        renderer = Renderer(archive, registry, root)
        for page in registry.generated():
            if page.kind in (PageKind.DATA, PageKind.PHOTO):
                continue
            text = renderer.render(page).decode("utf-8")
            body = text.split("\n---\n", 1)[1] if text.startswith("---\n") else text
            CONVERTER.reset()
            assert unsafe_markup(CONVERTER.convert(body)) == [], (page.path, body)
        records = json.loads(render_remarks_json(renderer.words))
        exported = json.dumps(records, ensure_ascii=False) + render_remarks_csv(renderer.words)
        # Words inside code are shown as written (they are examples); nothing else looks
        # like markup in the open data.
        in_code = {
            tag[0]
            for start, end in code_regions(words)
            for tag in HTML_TAG.finditer(words[start:end])
        }
        assert [
            tag[0]
            for tag in HTML_TAG.finditer(exported)
            if not AUTOLINK.match(exported, tag.start()) and tag[0] not in in_code
        ] == [], exported
    finally:
        shutil.rmtree(root, ignore_errors=True)


HOSTILE_BUT_VALID = """\
When 5 < 10 & 3 > 2, Q&A follows: see <https://example.org/?a=1&b=2>.
{: #p1 }

As [[speaker:jane-doe|Chief *Doe*]] said in `<script>alert(1)</script>`.
{: #p2 }

```
<iframe src="https://evil.example/"></iframe> [[x
```

| Left | Right |
|:-----|------:|
| a < b | c & d |

<!-- a note to editors: <script>alert(1)</script> -->
"""


def test_a_built_site_holds_no_markup_from_its_sources(project: WriteFiles) -> None:
    speaker = SPEAKER.replace('"Trust Comes First"', '"Trust < Fear & “Doubt”"').replace(
        "We build trust before the crisis.\n{: #p1 }\n\nIt has to happen first.\n{: #p2 }\n",
        HOSTILE_BUT_VALID,
    )
    root = project(
        {
            "speakers/topics.yml": TOPICS
            + "q-and-a: Q&A <and> answers\n".replace(" <and>", " & more"),
            "speakers/test-2014/_session.md": SESSION,
            "speakers/test-2014/jane-doe.md": speaker,
        }
    )
    assert build_site.main(["--root", str(root), "build"]) == 0
    site = root / "site"
    pages = [path for path in site.rglob("*.html") if "overrides" not in path.parts]
    assert len(pages) > 10
    for page in pages:
        if page == site / "search/index.html":
            continue  # its form is the theme's template (docs/overrides/search.html)
        html = page.read_text(encoding="utf-8")
        content = html.split('<div class="md-content"', 1)[-1].split("</article>", 1)[0]
        assert unsafe_markup(content, TAGS | {"input", "label", "nav", "svg", "path"}) == [], page
    # The search index holds the words as text (the search page shows them as text): never
    # escaped twice, never holding a note to editors.
    records = {record["url"]: record for record in pagefind_records(site)}
    heading = records["/test-2014/#jane-doe"]
    assert heading["meta"]["headline"] == "Trust < Fear & “Doubt”"
    quoted = records["/test-2014/#jane-doe"]["content"]
    assert "As Chief Doe said in <script>alert(1)</script>. <iframe" in quoted
    assert "a note to editors" not in json.dumps(list(records.values()))
    data = (site / "data/remarks.json").read_text(encoding="utf-8")
    assert "<script" not in data and "<iframe" not in data


def pagefind_records(site: Path) -> list[dict[str, Any]]:
    """Every record of the site's search index, as Pagefind stored it."""
    return [
        json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
        for path in sorted((site / "pagefind/fragment").glob("*.pf_fragment"))
    ]
