"""Read the pixel size of a photo file (JPEG or PNG) without any imaging library.

The size goes into the page as ``width`` and ``height`` so the layout does not shift while the
photo loads.
"""

from __future__ import annotations

import struct
from pathlib import Path

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
