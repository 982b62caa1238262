"""Golden tests: the generated Markdown for a small fixture session, compared file by file.

Update the expected files after an intended change with::

    python -m pytest tests/test_render_golden.py --update-golden

and review the diff of ``tests/golden/expected`` before committing.
"""

from __future__ import annotations

import difflib
from pathlib import Path, PurePosixPath

import pytest

from sitebuild.pages import build_registry
from sitebuild.render import Renderer
from sitebuild.render.home import SESSION_LIST_SNIPPET, render_session_list
from sitebuild.validate import load_archive

GOLDEN = Path(__file__).resolve().parent / "golden"


def rendered() -> dict[PurePosixPath, str]:
    archive, errors = load_archive(GOLDEN, Path("speakers"))
    registry, collisions = build_registry(archive, [])
    assert errors == [] and collisions == []
    renderer = Renderer(archive, registry, GOLDEN)
    pages = {
        page.path: renderer.render(page).decode("utf-8")
        for page in registry.generated()
        if page.path.suffix == ".md"
    }
    pages[PurePosixPath(SESSION_LIST_SNIPPET)] = render_session_list(archive.sessions_in_order())
    return pages


def test_generated_markdown_matches_golden_files(request: pytest.FixtureRequest) -> None:
    expected_dir = GOLDEN / "expected"
    pages = rendered()
    if request.config.getoption("--update-golden"):
        for page, text in pages.items():
            target = expected_dir / Path(page)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    expected_files = {
        PurePosixPath(path.relative_to(expected_dir).as_posix())
        for path in expected_dir.rglob("*.md")
    }
    assert sorted(pages) == sorted(expected_files)
    diffs = []
    for page, text in sorted(pages.items()):
        expected = (expected_dir / Path(page)).read_text(encoding="utf-8")
        diffs += difflib.unified_diff(
            expected.splitlines(keepends=True),
            text.splitlines(keepends=True),
            fromfile=f"expected/{page}",
            tofile=f"rendered/{page}",
        )
    assert "".join(diffs) == ""
