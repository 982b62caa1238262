"""Names, files and folders: slugs only, no collisions, no links followed, nothing lost outside."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from boundary import SPEAKER_PATH, problems, with_files
from conftest import SESSION, SPEAKER, WriteFiles, run_cli

BAD_ALIASES = {
    "quote breaking out of the id": (
        '"x\\" onmouseover=\\"alert(1)"',
        "aliases: 'x\" onmouseover=\"alert(1)' must use only lowercase letters, digits and "
        "single hyphens (like 'janee-harteau'); an alias is a former file or folder name",
    ),
    "parent folder": (
        "../../outside",
        "aliases: '../../outside' must use only lowercase letters, digits and single hyphens "
        "(like 'janee-harteau'); an alias is a former file or folder name",
    ),
    "absolute path": (
        "/tmp/outside",
        "aliases: '/tmp/outside' must use only lowercase letters, digits and single hyphens "
        "(like 'janee-harteau'); an alias is a former file or folder name",
    ),
    "trailing newline": (
        '"old-name\\n"',
        "aliases: 'old-name\n' must use only lowercase letters, digits and single hyphens "
        "(like 'janee-harteau'); an alias is a former file or folder name",
    ),
    "reserved name": (
        "index",
        "aliases: 'index' is a name the site uses for its own pages; an alias is a former file "
        "or folder name",
    ),
}


@pytest.mark.parametrize("alias, message", BAD_ALIASES.values(), ids=list(BAD_ALIASES))
def test_bad_aliases_are_refused(project: WriteFiles, alias: str, message: str) -> None:
    speaker = SPEAKER.replace(
        "topics: [community-trust]", f"topics: [community-trust]\naliases: [{alias}]"
    )
    assert problems(with_files(project, {SPEAKER_PATH: speaker})) == [
        f"{SPEAKER_PATH}:10: {message}"
    ]


def test_an_alias_writes_nothing_outside_the_project(project: WriteFiles, tmp_path: Path) -> None:
    speaker = SPEAKER.replace(
        "topics: [community-trust]", "topics: [community-trust]\naliases: [../../../escaped]"
    )
    root = with_files(project, {SPEAKER_PATH: speaker})
    result = run_cli(root, "build")
    assert result.returncode == 1
    assert not (tmp_path.parent / "escaped.md").exists()
    assert not list(tmp_path.parent.parent.glob("escaped*"))


PHOTO_PATHS = {
    "parent folder": "../../../etc/hostname",
    "absolute path": "/etc/hostname",
    "sub-folder": "photos/x.jpg",
}


@pytest.mark.parametrize("image", PHOTO_PATHS.values(), ids=list(PHOTO_PATHS))
def test_photo_paths_outside_the_meeting_folder_are_refused(
    project: WriteFiles, image: str
) -> None:
    speaker = SPEAKER.replace(
        "topics: [community-trust]",
        f"topics: [community-trust]\nphotos:\n  - caption: Jane Doe\n    image: {image}",
    )
    assert problems(with_files(project, {SPEAKER_PATH: speaker})) == [
        f"{SPEAKER_PATH}:12: photos.0.image: '{image}' must be the name of a file in the "
        "meeting's folder (speakers/test-2014/), without folders; put the photo there"
    ]


def test_symbolic_links_are_refused_not_followed(project: WriteFiles, tmp_path: Path) -> None:
    outside = tmp_path.parent / f"{tmp_path.name}-outside"
    outside.mkdir()
    (outside / "secret.md").write_text(SPEAKER.replace("Jane Doe", "Ann Secret"), encoding="utf-8")
    (outside / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 16)
    root = with_files(
        project,
        {
            SPEAKER_PATH: SPEAKER.replace(
                "topics: [community-trust]",
                "topics: [community-trust]\nphotos:\n  - caption: Jane Doe\n    image: photo.png",
            )
        },
    )
    folder = root / "speakers/test-2014"
    (folder / "ann-secret.md").symlink_to(outside / "secret.md")
    (folder / "photo.png").symlink_to(outside / "photo.png")
    (folder / "gone.md").symlink_to(outside / "missing.md")
    (root / "speakers/linked-2014").symlink_to(outside)
    link = "this is a symbolic link, and the build does not follow links; replace it with the "
    assert problems(root) == [
        f"speakers/linked-2014: {link}file or folder itself",
        f"speakers/test-2014/ann-secret.md: {link}file or folder itself",
        "speakers/test-2014/gone.md: this is a link to a file or folder that does not exist; "
        "remove it, or put the real file here",
        f"{SPEAKER_PATH}:12: photos.0.image: speakers/test-2014/photo.png is a symbolic link, "
        "and the build does not follow links; put the photo file itself there",
        f"speakers/test-2014/photo.png: {link}file or folder itself",
    ]


RESERVED_FOLDERS = ["speakers", "topics", "meetings", "references", "index", "agencies", "data"]


@pytest.mark.parametrize("folder", RESERVED_FOLDERS)
def test_a_meeting_folder_may_not_take_a_name_of_the_site(project: WriteFiles, folder: str) -> None:
    root = with_files(
        project, {f"speakers/{folder}/_session.md": SESSION.replace("order: 1", "order: 2")}
    )
    assert problems(root) == [
        f"speakers/{folder}: the session folder name '{folder}' is a name the site uses for its "
        "own pages; rename it"
    ]


def test_a_speaker_file_may_not_take_a_name_of_the_site(project: WriteFiles) -> None:
    other = SPEAKER.replace("Jane Doe", "Ann Other").replace("order: 1", "order: 2")
    root = with_files(
        project, {"speakers/test-2014/index.md": other, "speakers/test-2014/page-2.md": other}
    )
    assert problems(root) == [
        "speakers/test-2014/index.md: the file name 'index' is a name the site uses for its own "
        "pages; rename it",
        "speakers/test-2014/page-2.md: the file name 'page-2' is a name the site uses for its "
        "own pages; rename it",
    ]


def test_addresses_two_things_would_share_are_refused_naming_the_cause(
    project: WriteFiles,
) -> None:
    other_session = SESSION.replace("order: 1", "order: 2").replace(
        "pages: [1, 4]", "pages: [1, 4]\naliases: [test-2014]"
    )
    roe = (
        SPEAKER.replace("Jane Doe", "John Roe")
        .replace("order: 1", "order: 2")
        .replace("topics: [community-trust]", "topics: [community-trust]\naliases: [jane-doe]")
    )
    root = with_files(
        project,
        {
            "speakers/other-2014/_session.md": other_session,
            "speakers/test-2014/john-roe.md": roe,
            "docs/about.md": "---\ntitle: About\n---\n# About\n",
            "speakers/about/_session.md": SESSION.replace("order: 1", "order: 3"),
        },
    )
    assert problems(root) == [
        "speakers/about/_session.md: the folder name 'about' would give this meeting's page the "
        "address /about/, but that is already the hand-written page docs/about.md; rename the "
        "folder",
        "speakers/other-2014/_session.md:12: the former name 'test-2014' in 'aliases:' would send "
        "/test-2014/ to this page, but that is already the meeting page of "
        "speakers/test-2014/_session.md; remove it from 'aliases:'",
        "speakers/test-2014/john-roe.md:10: the former name 'jane-doe' in 'aliases:' is the "
        "file name of another speaker of this meeting, so links to it would land on two "
        "remarks; remove it from 'aliases:'",
        "speakers/test-2014/john-roe.md:10: the former name 'jane-doe' in 'aliases:' would send "
        "/speakers/jane-doe/ to this page, but that is already the speaker page of "
        f"{SPEAKER_PATH}; remove it from 'aliases:'",
    ]


def test_file_system_problems_are_messages(project: WriteFiles) -> None:
    long_name = "a" * 249
    root = with_files(
        project,
        {
            f"speakers/test-2014/{long_name}.md": SPEAKER.replace("Jane Doe", "Ann Long"),
        },
    )
    (root / "speakers/published-urls.txt").write_bytes(b"/\n/caf\xe9/\n")
    (root / "speakers/test-2014/huge.md").write_bytes(b"---\n" + b"x" * 300_000)
    assert problems(root) == [
        "speakers/published-urls.txt:2: the file is not UTF-8 text (byte 0xe9); save it again as "
        "UTF-8 in your editor",
        f"speakers/test-2014/{long_name}.md: the file name '{'a' * 20}...' is 249 characters "
        "long; use at most 80; rename it",
        "speakers/test-2014/huge.md: the file is 300,004 bytes; files here may have at most "
        "262,144. Split it, or check that it is the right file",
    ]


def test_the_same_person_twice_in_one_meeting_is_refused(project: WriteFiles) -> None:
    twice = SPEAKER.replace("Jane Doe", "jane  doe").replace("order: 1", "order: 2")
    root = with_files(project, {"speakers/test-2014/jane-doe-2.md": twice})
    assert problems(root) == [
        "speakers/test-2014/jane-doe.md:2: Jane Doe already speaks at this meeting in "
        "speakers/test-2014/jane-doe-2.md; put all of one person's remarks at a meeting in one "
        "file"
    ]


def test_unreadable_folder_is_a_message(project: WriteFiles) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads every folder")
    root = with_files(project, {"speakers/locked-2014/_session.md": SESSION})
    (root / "speakers/locked-2014").chmod(0)
    try:
        assert "speakers/locked-2014: cannot read this folder" in "\n".join(problems(root))
    finally:
        (root / "speakers/locked-2014").chmod(0o755)


def test_a_symlinked_output_folder_is_refused(project: WriteFiles, tmp_path: Path) -> None:
    root = with_files(project, {})
    outside = tmp_path.parent / f"{tmp_path.name}-build"
    outside.mkdir()
    (root / "build").symlink_to(outside)
    result = run_cli(root, "build")
    assert result.returncode == 1
    assert result.stderr == (
        "build: is a symbolic link, and the build writes only inside the project; remove the "
        "link and run the command again\n"
    )
    assert list(outside.iterdir()) == []


def test_one_file_name_is_one_person(project: WriteFiles) -> None:
    other = SESSION.replace("order: 1", "order: 2")
    stranger = SPEAKER.replace("name: Jane Doe", "name: Totally Different Person")
    root = with_files(
        project,
        {"speakers/other-2015/_session.md": other, "speakers/other-2015/jane-doe.md": stranger},
    )
    assert problems(root) == [
        "speakers/test-2014/jane-doe.md:2: the file name 'jane-doe' is Totally Different "
        "Person's (in speakers/other-2015/jane-doe.md), but this file's name is Jane Doe; if it "
        "is the same person, write the name the same way in both files; if not, rename this "
        "file (like jane-doe-2.md)"
    ]


def test_hidden_and_special_files_are_reported_not_skipped(project: WriteFiles) -> None:
    root = with_files(
        project,
        {
            "speakers/.draft-2015/_session.md": SESSION,
            "speakers/test-2014/.jane-roe.md": SPEAKER,
            "speakers/test-2014/.DS_Store": "",
            "speakers/test-2014/jane-doe.md~": SPEAKER,
        },
    )
    os.mkfifo(root / "speakers/test-2014/pipe.md")
    hidden = (
        "warning: the build does not read hidden files and folders (names starting with '.'); "
        "remove the dot if this should be published, or remove it"
    )
    assert problems(root) == [
        f"speakers/.draft-2015: {hidden}",
        f"speakers/test-2014/.jane-roe.md: {hidden}",
        "speakers/test-2014/pipe.md: this is not a regular file (a pipe or a device); remove it",
    ]


def test_a_topic_named_twice_is_refused(project: WriteFiles) -> None:
    speaker = SPEAKER.replace(
        "topics: [community-trust]", "topics: [community-trust, community-trust]"
    )
    assert problems(with_files(project, {SPEAKER_PATH: speaker})) == [
        f"{SPEAKER_PATH}:9: topics: names 'community-trust' twice; keep one"
    ]


def test_scaffolding_refuses_line_breaks(small_site: Path) -> None:
    result = run_cli(
        small_site,
        "new-session",
        "x-2015",
        "--title",
        "A\nB",
        "--date",
        "2015-01-01",
        "--place",
        "X",
    )
    assert (result.returncode, result.stderr) == (
        1,
        "build_site.py new-session: 'A\\nB' contains a line break or an invisible character; "
        "type it on one line\n",
    )
    assert not (small_site / "speakers/x-2015").exists()


@pytest.mark.parametrize("link", ["build", "build/docs", "build/snippets", "site"])
def test_an_output_folder_linked_elsewhere_loses_nothing_there(
    project: WriteFiles, tmp_path: Path, link: str
) -> None:
    root = with_files(project, {})
    outside = tmp_path.parent / f"{tmp_path.name}-outside"
    outside.mkdir()
    (outside / "precious.txt").write_text("keep me", encoding="utf-8")
    (root / link).parent.mkdir(parents=True, exist_ok=True)
    (root / link).symlink_to(outside)
    result = run_cli(root, "build")
    assert result.returncode == 1
    assert result.stderr.startswith(f"{link}: is a symbolic link")
    assert sorted(path.name for path in outside.iterdir()) == ["precious.txt"]


def test_the_folder_a_build_cleans_is_checked_where_it_deletes(tmp_path: Path) -> None:
    from sitebuild.site import sync_folder

    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "precious.txt").write_text("keep me", encoding="utf-8")
    (tmp_path / "linked").symlink_to(outside)
    with pytest.raises(OSError, match="symbolic link"):
        sync_folder(tmp_path / "linked" / ".", {})
    with pytest.raises(OSError, match="symbolic link"):
        sync_folder(tmp_path / "linked", {})
    assert (outside / "precious.txt").read_text(encoding="utf-8") == "keep me"


def test_a_link_planted_inside_the_generated_folder_leads_nowhere(
    small_site: Path, tmp_path: Path
) -> None:
    assert run_cli(small_site, "build").returncode == 0
    outside = tmp_path.parent / f"{tmp_path.name}-planted"
    outside.mkdir()
    (outside / "precious.txt").write_text("keep me", encoding="utf-8")
    speakers = small_site / "build/docs/speakers"
    for path in sorted(speakers.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    speakers.rmdir()
    speakers.symlink_to(outside)
    assert run_cli(small_site, "build").returncode == 0
    assert sorted(path.name for path in outside.iterdir()) == ["precious.txt"]
    assert not speakers.is_symlink() and (speakers / "jane-doe.md").is_file()


def test_new_speaker_stays_inside_speakers(small_site: Path, tmp_path: Path) -> None:
    outside = tmp_path.parent / f"{tmp_path.name}-elsewhere" / "sess"
    outside.mkdir(parents=True)
    (outside / "_session.md").write_text(SESSION, encoding="utf-8")
    for session in ("../../" + outside.parent.name + "/sess", str(outside)):
        result = run_cli(small_site, "new-speaker", session, "Evil Person", "--title", "Chief")
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert "give the name of a folder under speakers/" in result.stderr
    assert sorted(path.name for path in outside.iterdir()) == ["_session.md"]


def test_a_hard_linked_file_is_neither_read_nor_written_through(
    small_site: Path, tmp_path: Path
) -> None:
    outside = tmp_path.parent / f"{tmp_path.name}-hardlinked"
    outside.mkdir()
    victim = outside / "victim.md"
    victim.write_text(SPEAKER.replace("Jane Doe", "Ann Victim"), encoding="utf-8")
    os.link(victim, small_site / "speakers/test-2014/ann-victim.md")
    assert problems(small_site) == [
        "speakers/test-2014/ann-victim.md: this file also has another name elsewhere (a hard "
        "link), so the build does not read it; replace it with a copy of the file"
    ]
    published = small_site / "speakers/published-urls.txt"
    (small_site / "speakers/test-2014/ann-victim.md").unlink()
    published.write_text("/\n", encoding="utf-8")
    os.link(published, outside / "urls.txt")
    assert run_cli(small_site, "publish").returncode == 1  # the list itself is a hard link now
    assert (outside / "urls.txt").read_text(encoding="utf-8") == "/\n"
