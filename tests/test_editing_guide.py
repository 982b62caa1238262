"""Every example of the Editing guide works: copied as shown, it builds.

The guide (``docs/editing-guide.md``) is what staff follow. Each code block of it is applied
where an ``<!-- example: path -->`` note above it says (front matter merged, words appended),
the tables' examples are typed into a speaker's words, and the step-by-step commands are run
in order; then ``--strict build`` must succeed, as a new staff member's would.
"""

from __future__ import annotations

import html
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
COMMAND_BLOCK = re.compile(r"^ {8}(?P<command>\.venv/bin/python build_site\.py .*)$", re.MULTILINE)
"""A command inside a numbered step: a code block indented twice (four spaces for the step,
four for the code), which every engine shows as a code block; a fence (```) inside a list
item would be shown as inline text by MkDocs and ProperDocs (their fences start a line)."""


def guide_commands() -> list[str]:
    """The commands of the guide's step-by-step section, in order."""
    return [match["command"] for match in COMMAND_BLOCK.finditer(GUIDE.read_text("utf-8"))]


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


def test_adding_an_issue_step_by_step_builds(archive_copy: Path) -> None:
    """The guide's steps, as a new member of staff would follow them, for a second issue.

    The issue prints two meetings; the words have a footnote, a photo caption and a cross-link.
    """
    commands = [shlex.split(code) for code in guide_commands()]
    assert [command[:3] for command in commands] == [
        [".venv/bin/python", "build_site.py", "new-issue"],
        [".venv/bin/python", "build_site.py", "new-session"],
        [".venv/bin/python", "build_site.py", "new-speaker"],
        [".venv/bin/python", "build_site.py", "number-paragraphs"],
    ]
    new_issue, new_session, new_speaker, number = (command[2:] for command in commands)
    # Steps 1 to 3: the issue, the guide's meeting and a second one, a speaker in each.
    second = [*new_session]
    second[1] = "chiefs-2015"
    speaker = [*new_speaker]
    speaker[1:3] = ["chiefs-2015", "Kim Jacobs"]
    for command in (new_issue, new_session, second, new_speaker, speaker):
        result = run_cli(archive_copy, *command)
        assert result.returncode == 0, result.stderr
    # Step 4, as a person would do it: replace every TODO and type the words.
    issue = archive_copy / "speakers/issues/2015-spring.md"
    text = issue.read_text(encoding="utf-8")
    text = re.sub(r'date_note: "TODO[^"]*"', 'date_note: "It reports meetings of May 2015."', text)
    issue.write_text(text, encoding="utf-8")
    words = {
        "town-hall-2015": "We get what we reward.[^1]\n\nAs [[speaker:kim-jacobs]] said, "
        "we deserve what we tolerate.\n\n[^1]: As printed.\n",
        "chiefs-2015": "Trust is built before the crisis.\n",
    }
    caption = 'photos:\n  - caption: "Chief Kim Jacobs at the meeting"\n    people: [kim-jacobs]\n'
    for folder, typed in words.items():
        for path in (archive_copy / "speakers" / folder).glob("*.md"):
            text = path.read_text(encoding="utf-8")
            text = text.replace("TODO: the headline as printed", f"Chiefs Meet in {folder}")
            text = text.replace("TODO: one sentence about the meeting", "Chiefs met again.")
            if path.name == "_session.md":
                if folder == "chiefs-2015":
                    text = text.replace("# pages: [1]", "pages: [5]")
            else:
                if folder == "chiefs-2015":
                    text = text.replace("topics:", caption + "topics:")
                text += typed
            path.write_text(text, encoding="utf-8")
    assert run_cli(archive_copy, *number).returncode == 0
    result = run_cli(archive_copy, "--strict", "build")
    assert result.returncode == 0, result.stderr
    site = archive_copy / "site"
    issue_page = (site / "issues/2015-spring/index.html").read_text(encoding="utf-8")
    assert "PERF Newsletter, about May 2015" in issue_page
    assert issue_page.index("town-hall-2015/") < issue_page.index("chiefs-2015/")
    index = (site / "issues/index.html").read_text(encoding="utf-8")
    assert index.index("2015-spring/") < index.index("late-2014/")  # newest first
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "issues/2015-spring/" in home and "town-hall-2015/" in home
    assert "defining-moments-2014/" not in home.split("The latest issue")[1]
    meeting = (site / "town-hall-2015/index.html").read_text(encoding="utf-8")
    assert "Printed in" in meeting and "../issues/2015-spring/" in meeting
    # Both citations name the issue, its date marked as inferred in each style's way.
    assert meeting.count("PERF Newsletter, [May 2015?]") == 1  # Chicago
    assert meeting.count("PERF Newsletter (ca. May 2015)") == 1  # APA
    assert 'class="footnote"' in meeting and "../speakers/kim-jacobs/" in meeting
    chiefs = (site / "chiefs-2015/index.html").read_text(encoding="utf-8")
    assert re.search(r"<figcaption>.*Kim Jacobs.*at the meeting.*</figcaption>", chiefs, re.S)
    assert run_cli(archive_copy, "publish").returncode == 0
    published = (archive_copy / "speakers/published-urls.txt").read_text(encoding="utf-8")
    assert "/town-hall-2015/#jerry-dyer--p2" in published.split()
    assert "/issues/2015-spring/" in published.split()


def test_the_commands_are_shown_as_code_blocks(real_archive: Path) -> None:
    """Each command of the steps is a block of its own on the built page, as written."""
    page = (real_archive / "site/editing-guide/index.html").read_text(encoding="utf-8")
    blocks = [
        html.unescape(block).strip()
        for block in re.findall(r"<pre>(?:<span></span>)?<code>(.*?)</code></pre>", page, re.S)
    ]
    assert len(guide_commands()) == 4
    assert [command for command in guide_commands() if command not in blocks] == []
    assert "<p>sh\n" not in page and "<code>sh\n" not in page


COMMAND_USE = re.compile(r"(\S*)[ \t]+build_site\.py[ \t]+(?:--\S+[ \t]+)*[a-z-]+")


def test_every_text_gives_the_same_command_form() -> None:
    """README, the Editing guide and the tool's messages all say one command form."""
    texts = {
        path: path.read_text(encoding="utf-8")
        for path in [
            REPO / "README.md",
            REPO / "docs/editing-guide.md",
            REPO / "build_site.py",
            *sorted((REPO / "sitebuild").rglob("*.py")),
        ]
    }
    others = [
        f"{path.relative_to(REPO)}: {match[0]}"
        for path, text in texts.items()
        for match in COMMAND_USE.finditer(text)
        if re.sub(r"^f?[`'\"(]*", "", match[1]) != ".venv/bin/python"
    ]
    assert others == []
    assert sum(text.count(".venv/bin/python build_site.py") for text in texts.values()) > 20
