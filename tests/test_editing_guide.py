"""Every example of the Editing guide works: copied as shown, it builds.

The guide (``docs/editing-guide.md``) is what staff follow. Each code block of it is applied
where an ``<!-- example: path -->`` note above it says (front matter merged, words appended),
the tables' examples are typed into a speaker's words, and the step-by-step commands are run
in order; then ``--strict build`` must succeed, as a new staff member's would.
"""

from __future__ import annotations

import re
import shlex
import textwrap
from pathlib import Path

import pytest
import yaml
from conftest import REPO, run_cli

from sitebuild.config import SiteLayout
from sitebuild.pipeline import check

GUIDE = REPO / "docs/editing-guide.md"
EXAMPLE = re.compile(
    r"^(?:<!-- example: (?P<target>\S+) -->\n)?(?P<indent>[ ]*)```(?P<lang>\w+)\n"
    r"(?P<code>.*?)\n(?P=indent)```[ ]*$",
    re.MULTILINE | re.DOTALL,
)
TABLE_TARGET = "speakers/town-hall-2014/bob-lunney.md"


def examples(language: str) -> list[tuple[str | None, str]]:
    """(target file, code) of each code block of the guide in ``language``."""
    text = GUIDE.read_text(encoding="utf-8")
    return [
        (match["target"], textwrap.dedent(match["code"]))
        for match in EXAMPLE.finditer(text)
        if match["lang"] == language
    ]


def table_examples(heading: str) -> list[str]:
    """The code in the first column of the table under ``heading``."""
    section = GUIDE.read_text(encoding="utf-8").split(f"\n## {heading}\n", 1)[1].split("\n## ")[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    return [code for row in rows for code in re.findall(r"`([^`]+)`", row.split(" | ")[0])]


def split(path: Path) -> tuple[dict[str, object], str]:
    _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
    return yaml.safe_load(front), body


def write(path: Path, front: dict[str, object], body: str) -> None:
    dumped = yaml.safe_dump(front, allow_unicode=True, sort_keys=False)
    path.write_text(f"---\n{dumped}---\n{body}", encoding="utf-8")


def errors_of(root: Path) -> list[str]:
    return [str(error) for error in check(SiteLayout(root=root, strict=True)).errors]


@pytest.mark.parametrize("language", ["yaml", "markdown"])
def test_every_example_says_where_it_goes(language: str) -> None:
    assert examples(language), f"the guide has no {language} examples"
    assert [code for target, code in examples(language) if target is None] == []


@pytest.mark.parametrize(
    "target, code", examples("yaml"), ids=[f"yaml-{n}" for n in range(len(examples("yaml")))]
)
def test_each_front_matter_example_is_accepted(archive_copy: Path, target: str, code: str) -> None:
    path = archive_copy / target
    front, body = split(path)
    write(path, {**front, **yaml.safe_load(code)}, body)
    assert errors_of(archive_copy) == []


@pytest.mark.parametrize(
    "target, code",
    examples("markdown"),
    ids=[f"markdown-{n}" for n in range(len(examples("markdown")))],
)
def test_each_words_example_is_accepted(archive_copy: Path, target: str, code: str) -> None:
    path = archive_copy / target
    path.write_text(path.read_text(encoding="utf-8") + f"\n{code}\n", encoding="utf-8")
    assert run_cli(archive_copy, "number-paragraphs").returncode == 0
    assert errors_of(archive_copy) == []


def test_the_tables_of_examples_are_accepted_and_build(archive_copy: Path) -> None:
    typed = table_examples("What the words may contain") + table_examples("Link to a quote")
    assert "[[speaker:janee-harteau]]" in typed and "5 < 10 & Q&A" in typed
    path = archive_copy / TABLE_TARGET
    paragraphs = "\n\n".join(typed)
    path.write_text(path.read_text(encoding="utf-8") + f"\n{paragraphs}\n", encoding="utf-8")
    assert run_cli(archive_copy, "number-paragraphs").returncode == 0
    assert errors_of(archive_copy) == []
    assert run_cli(archive_copy, "--strict", "build").returncode == 0
    page = (archive_copy / "site/town-hall-2014/index.html").read_text(encoding="utf-8")
    assert "5 &lt; 10 &amp; Q&amp;A" in page and "checked against page 4" not in page


def test_adding_a_meeting_step_by_step_builds(archive_copy: Path) -> None:
    commands = [shlex.split(code) for _, code in examples("sh")]
    assert [command[:3] for command in commands] == [
        ["python", "build_site.py", "new-session"],
        ["python", "build_site.py", "new-speaker"],
        ["python", "build_site.py", "number-paragraphs"],
    ]
    for command in commands[:2]:
        result = run_cli(archive_copy, *command[2:])
        assert result.returncode == 0, result.stderr
    # Step 3, as a person would do it: replace every TODO and type the words.
    for path in (archive_copy / "speakers/town-hall-2015").glob("*.md"):
        text = path.read_text(encoding="utf-8").replace(
            "TODO: the headline as printed", "Chiefs Meet Again"
        )
        text = text.replace("TODO: one sentence about the meeting", "Chiefs met again.")
        if path.name != "_session.md":
            text += "We get what we reward.\n\nAnd deserve what we tolerate.\n"
        path.write_text(text, encoding="utf-8")
    assert run_cli(archive_copy, *commands[2][2:]).returncode == 0
    result = run_cli(archive_copy, "--strict", "build")
    assert result.returncode == 0, result.stderr
    assert run_cli(archive_copy, "publish").returncode == 0
    published = (archive_copy / "speakers/published-urls.txt").read_text(encoding="utf-8")
    assert "/town-hall-2015/#jerry-dyer--p2" in published.split()
