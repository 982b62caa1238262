"""Checks on the files under ``speakers/`` themselves: photos, and files the build does not read.

Reads the ``SourceTree`` found by ``load`` and each photo named in a speaker file; appends a
``SourceError`` for a photo that is missing, outside its meeting's folder, a link or not a
photo, for a photo nobody uses, and for any file the build would otherwise skip unnoticed.
"""

from __future__ import annotations

import os
import re
import stat
import struct
from pathlib import Path

from sitebuild.config import EDITION_MAX_BYTES, PHOTO_MAX_BYTES
from sitebuild.errors import SourceError
from sitebuild.links import ISSUES_FOLDER
from sitebuild.load.files import SourceTree, read_bytes
from sitebuild.model import Archive, RawDocument

SUPPORTED = (".jpg", ".jpeg", ".png")
TOP_LEVEL_FILES = {"topics.yml", "references.yml", "published-urls.txt", "ocr-corrections.yml"}


def image_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) of a PNG or JPEG file's bytes, or None if they are not one."""
    if data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR":
        width, height = struct.unpack(">II", data[16:24])
        return int(width), int(height)
    if data[:2] != b"\xff\xd8":
        return None
    position = 2
    while position + 9 < len(data):
        if data[position] != 0xFF:
            return None
        marker = data[position + 1]
        length = struct.unpack(">H", data[position + 2 : position + 4])[0]
        # Start-of-frame markers carry the size; 0xC4, 0xC8 and 0xCC are other tables.
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[position + 5 : position + 9])
            return int(width), int(height)
        position += 2 + length
    return None


def check_image(
    root: Path, doc: RawDocument, index: int, image: str, errors: list[SourceError]
) -> tuple[int, int] | None:
    """The size of a photo file in the speaker file's own folder; an error if it is not one."""
    line = doc.line_of("photos", index, "image")
    label = f"photos.{index}.image"
    if "/" in image or "\\" in image or image.startswith(".") or image != image.strip():
        errors.append(
            SourceError(
                doc.path,
                line,
                f"{label}: '{image}' must be the name of a file in the meeting's folder "
                f"({doc.path.parent.as_posix()}/), without folders; put the photo there",
            )
        )
        return None
    path = doc.path.parent / image
    try:
        mode = (root / path).lstat().st_mode
    except OSError:
        mode = 0
    if stat.S_ISLNK(mode):
        errors.append(
            SourceError(
                doc.path,
                line,
                f"{label}: {path.as_posix()} is a symbolic link, and the build does not follow "
                "links; put the photo file itself there",
            )
        )
        return None
    if not stat.S_ISREG(mode):
        errors.append(
            SourceError(
                doc.path,
                line,
                f"{label}: there is no file {path.as_posix()}; put the photo there "
                "or correct the name",
            )
        )
        return None
    found: list[SourceError] = []
    data = read_bytes(path, root, found, PHOTO_MAX_BYTES)
    size = image_size(data) if data is not None and path.suffix.lower() in SUPPORTED else None
    if size is None:
        errors.append(
            SourceError(
                doc.path,
                line,
                f"{label}: {path.as_posix()} is not a JPEG or PNG photo of at most "
                f"{PHOTO_MAX_BYTES // 2**20} MB; save it as .jpg or .png",
            )
        )
    return size


def image_stamps(root: Path, doc: RawDocument) -> tuple[tuple[str, int], ...]:
    """The modification time of each photo a speaker file names (0 if missing)."""
    photos = doc.data.get("photos")
    stamps = []
    for photo in photos if isinstance(photos, list) else []:
        image = photo.get("image") if isinstance(photo, dict) else None
        if isinstance(image, str) and "/" not in image and not image.startswith("."):
            try:
                stamps.append((image, os.lstat(root / doc.path.parent / image).st_mtime_ns))
            except OSError:
                stamps.append((image, 0))
    return tuple(stamps)


def _edition_problem(path: Path) -> str | None:
    """Why the file at ``path`` cannot be published as a print edition, if it cannot."""
    try:
        with open(os.open(path, os.O_RDONLY | os.O_NOFOLLOW), "rb") as file:
            size, head = os.fstat(file.fileno()).st_size, file.read(1024)
    except OSError as problem:
        return f"cannot read {path.name} ({problem.strerror or problem})"
    if size > EDITION_MAX_BYTES:
        return (
            f"{path.name} is {size / 2**20:,.0f} MB; a print edition may have at most "
            f"{EDITION_MAX_BYTES // 2**20} MB: save a smaller PDF (a lower image resolution)"
        )
    if b"%PDF-" not in head:
        return f"{path.name} is not a PDF file; save the print edition as PDF under this name"
    return None


def check_other_files(
    root: Path, tree: SourceTree, speakers_dir: Path, archive: Archive, errors: list[SourceError]
) -> None:
    """Every file under ``speakers/`` is one the build reads; nothing is skipped unnoticed."""
    photos = {
        remark.path.parent / photo.image
        for remark in archive.remarks
        for photo in remark.photos
        if photo.image
    }
    editions = {
        issue.path.parent / issue.edition for issue in archive.issues if issue.edition is not None
    }
    present = set(tree.files)
    for issue in archive.issues:
        if issue.edition is None:
            continue
        problem = (
            f"there is no file {issue.edition} beside this issue file; put the print edition "
            "there, or remove the 'edition:' line"
            if issue.path.parent / issue.edition not in present
            else _edition_problem(root / issue.path.parent / issue.edition)
        )
        if problem is not None:
            errors.append(SourceError(issue.path, issue.edition_line, f"edition: {problem}"))
    for path in tree.files:
        inside = path.relative_to(speakers_dir)
        if path in editions:
            continue  # an issue's print edition, published beside its page
        if path.suffix == ".md" or (len(inside.parts) == 1 and inside.name in TOP_LEVEL_FILES):
            continue
        if inside.parent.as_posix() == ISSUES_FOLDER and path.suffix.lower() == ".pdf":
            if not any(e.path.parent == path.parent and not e.warning for e in errors):
                name = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-") or "edition"
                rename = "" if path.name == f"{name}.pdf" else f"rename it to {name}.pdf and "
                errors.append(
                    SourceError(
                        path,
                        None,
                        f"this PDF is the print edition of no issue; {rename}name it in its "
                        f"issue file (the line 'edition: {name}.pdf'), or remove it",
                    )
                )
            continue  # while an issue file has errors, its edition: line may name this file
        if path.suffix.lower() in SUPPORTED:
            if path not in photos:
                errors.append(
                    SourceError(
                        path,
                        None,
                        "this photo is not used by any speaker file; name it in a photo's "
                        "'image:' field, or remove it",
                        warning=True,
                    )
                )
            continue
        rename = f"rename it to {path.stem.split('.')[0]}.md if it is one"
        if path.suffix.lower() == ".pdf":
            rename = f"a print edition goes beside its issue file, in speakers/{ISSUES_FOLDER}/"
        errors.append(
            SourceError(
                path,
                None,
                "the build does not read this file: speaker and session files must end in "
                f"'.md' ({rename})",
            )
        )
