"""Photo files: their pixel size (JPEG or PNG, without any imaging library), and checks.

The size goes into the page as ``width`` and ``height`` so the layout does not shift while the
photo loads.
"""

from __future__ import annotations

import struct
from pathlib import Path

from sitebuild.errors import SourceError
from sitebuild.load import RawDocument

SUPPORTED = (".jpg", ".jpeg", ".png")


def image_size(path: Path) -> tuple[int, int] | None:
    """(width, height) of a PNG or JPEG file, or None if the file is not one."""
    data = path.read_bytes()
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
    """The size of a photo file next to the speaker file; an error if missing or unreadable."""
    line = doc.line_of("photos", index, "image")
    path = doc.path.parent / image
    if not (root / path).is_file():
        errors.append(
            SourceError(
                doc.path,
                line,
                f"photos.{index}.image: there is no file {path.as_posix()}; put the photo there "
                "or correct the name",
            )
        )
        return None
    size = image_size(root / path) if path.suffix.lower() in SUPPORTED else None
    if size is None:
        errors.append(
            SourceError(
                doc.path,
                line,
                f"photos.{index}.image: {path.as_posix()} is not a JPEG or PNG photo; "
                "save it as .jpg or .png",
            )
        )
    return size


def image_stamps(root: Path, doc: RawDocument) -> tuple[tuple[str, int], ...]:
    """The modification time of each photo a speaker file names (0 if missing)."""
    photos = doc.data.get("photos")
    stamps = []
    for photo in photos if isinstance(photos, list) else []:
        image = photo.get("image") if isinstance(photo, dict) else None
        if isinstance(image, str):
            file = root / doc.path.parent / image
            stamps.append((image, file.stat().st_mtime_ns if file.is_file() else 0))
    return tuple(stamps)
