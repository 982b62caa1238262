"""What PERF staff do: scaffold a session, preview it live, and never break or lose anything."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import yaml
from conftest import (
    REPO,
    SESSION,
    SPEAKER,
    TOPICS,
    WriteFiles,
    checksums,
    pages_and_records,
    run_cli,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import build_site
from sitebuild.errors import SourceError
from sitebuild.validate import load_archive


def test_a_session_made_with_the_two_commands_builds_and_appears(small_site: Path) -> None:
    meeting = ("town-hall-2015", "--title", "Town Hall Meeting")
    meeting += ("--date", "2015-05-01..2015-05-02", "--place", "Washington, DC")
    # The only issue (October 2014) cannot have printed a meeting of May 2015.
    refused = run_cli(small_site, "new-session", *meeting)
    expected = " ".join(
        [
            "build_site.py new-session: the archive's only issue, test-issue, is dated before",
            "the meeting began, so it cannot have printed it; create the issue that did with:",
            '.venv/bin/python build_site.py new-issue <name> --newsletter "..." --date 2015-05,',
            "then add --issue <name>",
        ]
    )
    assert (refused.returncode, refused.stderr.strip()) == (1, expected)
    assert not (small_site / "speakers/town-hall-2015").exists()
    issue = run_cli(
        small_site, "new-issue", "mid-2015", "--newsletter", "Test Newsletter", "--date", "2015-06"
    )
    assert issue.returncode == 0, issue.stderr
    made = run_cli(small_site, "new-session", *meeting, "--issue", "mid-2015")
    assert (made.returncode, made.stderr) == (0, "")
    speaker = run_cli(
        small_site,
        "new-speaker",
        "town-hall-2015",
        "Janeé Harteau",
        "--title",
        "Chief",
        "--agency",
        "Minneapolis Police Department",
    )
    assert speaker.returncode == 0, speaker.stderr
    assert speaker.stdout.startswith("Created speakers/town-hall-2015/janee-harteau.md.")
    path = small_site / "speakers/town-hall-2015/janee-harteau.md"
    with path.open("a", encoding="utf-8") as remarks:
        remarks.write("We get what we reward.\n\nAnd deserve what we tolerate.\n")
    assert run_cli(small_site, "number-paragraphs").returncode == 0
    refused = run_cli(small_site, "--strict", "build")
    assert refused.returncode == 1
    assert refused.stderr.splitlines()[:3] == [
        "speakers/town-hall-2015/_session.md:5: warning: headline: 'TODO: the headline as "
        "printed' is a placeholder; write the headline as printed",
        "speakers/town-hall-2015/_session.md:18: warning: summary: 'TODO: one sentence about "
        "the meeting' is a placeholder; write the summary as printed",
        "speakers/town-hall-2015/janee-harteau.md:9: warning: headline: 'TODO: the headline as "
        "printed' is a placeholder; write the headline as printed",
    ]
    preview = run_cli(small_site, "build")
    assert preview.returncode == 0 and "3 problems" not in preview.stderr
    assert preview.stderr.count("warning: ") == 3
    session = small_site / "speakers/town-hall-2015/_session.md"
    session.write_text(
        session.read_text(encoding="utf-8")
        .replace("TODO: the headline as printed", "Chiefs Meet in Washington")
        .replace("TODO: one sentence about the meeting", "Chiefs met in Washington."),
        encoding="utf-8",
    )
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "TODO: the headline as printed", "We Get What We Reward"
        ),
        encoding="utf-8",
    )
    built = run_cli(small_site, "--strict", "build")
    assert built.returncode == 0, built.stderr
    page = (small_site / "site/town-hall-2015/index.html").read_text(encoding="utf-8")
    assert 'id="janee-harteau--p2"' in page and "deserve what we tolerate" in page
    assert "May 1–2, 2015" in page
    meetings = (small_site / "site/meetings/index.html").read_text(encoding="utf-8")
    assert 'href="../town-hall-2015/"' in meetings
    assert (small_site / "site/speakers/janee-harteau/index.html").is_file()


def test_second_speaker_gets_the_next_order(small_site: Path) -> None:
    result = run_cli(small_site, "new-speaker", "test-2014", "John Roe", "--title", "Sheriff")
    assert result.returncode == 0, result.stderr
    text = (small_site / "speakers/test-2014/john-roe.md").read_text(encoding="utf-8")
    assert "\norder: 2\n" in text and 'byline: "Sheriff John Roe"' in text


def test_scaffolding_never_overwrites(small_site: Path) -> None:
    before = (small_site / "speakers/test-2014/jane-doe.md").read_bytes()
    result = run_cli(small_site, "new-speaker", "test-2014", "Jane Doe", "--title", "Chief")
    assert result.returncode == 1
    assert result.stderr == (
        "build_site.py new-speaker: speakers/test-2014/jane-doe.md already exists; "
        "nothing was changed\n"
    )
    assert (small_site / "speakers/test-2014/jane-doe.md").read_bytes() == before
    session = run_cli(
        small_site,
        "new-session",
        "test-2014",
        "--title",
        "X",
        "--date",
        "2014-01-01",
        "--place",
        "Y",
    )
    assert session.returncode == 1
    assert "speakers/test-2014/_session.md already exists" in session.stderr


def test_scaffolding_explains_bad_input(small_site: Path) -> None:
    date = run_cli(
        small_site, "new-session", "x-2015", "--title", "X", "--date", "May 1", "--place", "Y"
    )
    assert date.stderr == (
        "build_site.py new-session: --date 'May 1' is not a date; write YYYY-MM-DD, or "
        "YYYY-MM-DD..YYYY-MM-DD for a meeting of several days\n"
    )
    missing = run_cli(small_site, "new-speaker", "nowhere-2015", "Jo Doe", "--title", "Chief")
    assert missing.stderr == (
        "build_site.py new-speaker: there is no session 'nowhere-2015' "
        "(speakers/nowhere-2015/_session.md); create it first with: "
        ".venv/bin/python build_site.py new-session\n"
    )


def test_a_new_speaker_file_left_empty_is_an_error(small_site: Path) -> None:
    run_cli(small_site, "new-speaker", "test-2014", "John Roe", "--title", "Sheriff")
    result = run_cli(small_site, "check")
    assert result.returncode == 1
    assert result.stderr.splitlines()[:2] == [
        "speakers/test-2014/john-roe.md:8: warning: headline: 'TODO: the headline as printed' "
        "is a placeholder; write the headline as printed",
        "speakers/test-2014/john-roe.md:15: the remarks are empty; write the speaker's words "
        "below the closing '---'",
    ]


def test_two_builds_of_the_same_sources_are_byte_identical(small_site: Path) -> None:
    assert build_site.main(["--root", str(small_site), "build"]) == 0
    first = checksums(small_site / "site")
    os.utime(small_site / "speakers/test-2014/jane-doe.md")
    assert build_site.main(["--root", str(small_site), "build"]) == 0
    assert pages_and_records(checksums(small_site / "site")) == pages_and_records(first)


def test_unchanged_generated_pages_keep_their_timestamps(small_site: Path) -> None:
    assert build_site.main(["--root", str(small_site), "build"]) == 0
    generated = small_site / "build/docs"
    before = {path: path.stat().st_mtime_ns for path in generated.rglob("*.md")}
    time.sleep(0.05)
    speaker = small_site / "speakers/test-2014/jane-doe.md"
    speaker.write_text(SPEAKER.replace("first.", "first, always."), encoding="utf-8")
    assert build_site.main(["--root", str(small_site), "build"]) == 0
    changed = sorted(
        path.relative_to(generated).as_posix()
        for path in before
        if path.stat().st_mtime_ns != before[path]
    )
    assert changed == ["speakers/jane-doe.md", "test-2014.md"]


def test_leftovers_of_an_interrupted_build_are_cleared(small_site: Path) -> None:
    (small_site / ".site-staging-interrupted").mkdir()
    (small_site / ".site-staging-interrupted/index.html").write_text("half", encoding="utf-8")
    assert build_site.main(["--root", str(small_site), "build"]) == 0
    assert not (small_site / ".site-staging-interrupted").exists()


FIELD_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20) | st.dates(),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    fields=st.dictionaries(
        st.sampled_from(["name", "title", "agency", "byline", "headline", "order", "pages",
                         "topics", "photos", "aliases", "sesion"]) | st.text(max_size=8),
        FIELD_VALUES,
        max_size=8,
    )
)  # fmt: skip
def test_any_front_matter_loads_or_gives_a_file_and_line_error(
    project: WriteFiles, fields: dict[str, object]
) -> None:
    front = yaml.safe_dump(fields, allow_unicode=True)
    root = project(
        {
            "speakers/topics.yml": TOPICS,
            "speakers/test-2014/_session.md": SESSION,
            "speakers/test-2014/jane-doe.md": f"---\n{front}---\nWords.\n{{: #p1 }}\n",
        }
    )
    archive, errors = load_archive(root)
    assert all(isinstance(error, SourceError) for error in errors)
    for error in errors:
        assert error.path.as_posix().startswith("speakers/")
        assert error.line is None or 1 <= error.line <= front.count("\n") + 4
    assert errors or [remark.slug for remark in archive.remarks] == ["jane-doe"]


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(max_size=200))
def test_any_text_as_front_matter_never_crashes(project: WriteFiles, text: str) -> None:
    root = project(
        {
            "speakers/topics.yml": TOPICS,
            "speakers/test-2014/_session.md": SESSION,
            "speakers/test-2014/jane-doe.md": f"---\n{text}\n---\nWords.\n",
        }
    )
    _, errors = load_archive(root)
    assert all(
        isinstance(error, SourceError) and error.path.parts[0] == "speakers" for error in errors
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return str(response.read().decode("utf-8"))


def wait_for(condition: object, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if callable(condition) and condition():
                return True
        except OSError:
            pass
        time.sleep(0.3)
    return False


@pytest.mark.parametrize("engine", ["mkdocs", "properdocs"])
def test_serve_rebuilds_after_an_edit_and_survives_a_broken_one(
    small_site: Path, tmp_path_factory: pytest.TempPathFactory, engine: str
) -> None:
    # Started from another folder, as `--root` allows: paths in mkdocs.yml still resolve.
    # Note: with ProperDocs, the preview could not load Material's tags plugin until it did as
    # ProperDocs' own command does (`properdocs.replacement`).
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    port = free_port()
    url = f"http://127.0.0.1:{port}/test-2014/"
    server = subprocess.Popen(
        [sys.executable, str(REPO / "build_site.py"), "--root", str(small_site), "--engine",
         engine, "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=elsewhere,
    )  # fmt: skip
    speaker = small_site / "speakers/test-2014/jane-doe.md"
    entry = f"http://127.0.0.1:{port}/pagefind/pagefind-entry.json"

    def index_version() -> str:
        return str(json.loads(fetch(entry))["languages"]["en"]["hash"])

    try:
        assert wait_for(lambda: "before the crisis" in fetch(url))
        first_index = index_version()
        speaker.write_text(SPEAKER.replace("before the crisis", "long before a crisis"), "utf-8")
        assert wait_for(lambda: "long before a crisis" in fetch(url))
        # Search is indexed again after the rebuild (what it holds: test_search.py).
        assert wait_for(lambda: index_version() != first_index)
        edited_index = index_version()
        speaker.write_text(SPEAKER.replace("order: 1", "order: first"), encoding="utf-8")
        time.sleep(3)
        assert "long before a crisis" in fetch(url)
        assert index_version() == edited_index
    finally:
        server.send_signal(signal.SIGTERM)
        _, stderr = server.communicate(timeout=20)
    assert server.returncode == 0
    assert (
        "speakers/test-2014/jane-doe.md:7: order: must be a whole number of at least 1, but it "
        "is text ('first')"
    ) in stderr
    assert "Traceback" not in stderr


def test_serve_refuses_a_port_in_use(small_site: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_cli(small_site, "serve", "--port", str(port))
    assert result.returncode == 1
    assert result.stderr == (
        f"Port {port} is already in use (is another preview running?). Stop it, or choose "
        f"another port: .venv/bin/python build_site.py serve --port {port + 1}\n"
    )
