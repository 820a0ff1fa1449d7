"""Checks a screenshot without third-party modules: its size, and that it is not blank
(many colours, no single colour covering nearly all of it).

    python3 packaging/check_png.py out.png 1920 1080
"""

from __future__ import annotations

import struct
import sys
import zlib
from collections import Counter
from pathlib import Path

CHANNELS = {2: 3, 6: 4}  # colour type -> bytes per pixel (8-bit RGB, RGBA)


def decode(path: Path) -> tuple[int, int, list[bytes], int]:
    """Width, height, unfiltered rows and bytes per pixel of an 8-bit RGB(A) PNG."""
    data = path.read_bytes()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG file")
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = header
    if depth != 8 or colour not in CHANNELS or interlace:
        raise ValueError(f"unsupported PNG (depth {depth}, colour type {colour})")
    bpp = CHANNELS[colour]
    raw, stride = zlib.decompress(idat), width * bpp
    rows, prev = [], bytearray(stride)
    for y in range(height):
        kind, line = (
            raw[y * (stride + 1)],
            bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)]),
        )
        for i in range(stride):
            left = line[i - bpp] if i >= bpp else 0
            up, corner = prev[i], prev[i - bpp] if i >= bpp else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                pred = left if pa <= pb and pa <= pc else (up if pb <= pc else corner)
                line[i] = (line[i] + pred) & 0xFF
        rows.append(bytes(line))
        prev = line
    return width, height, rows, bpp


def main(argv: list[str]) -> int:
    path, want_w, want_h = Path(argv[0]), int(argv[1]), int(argv[2])
    width, height, rows, bpp = decode(path)
    colours = Counter()
    for row in rows[::4]:  # every fourth row and column is plenty to judge
        for x in range(0, width * bpp, 4 * bpp):
            colours[row[x : x + 3]] += 1
    share = colours.most_common(1)[0][1] / sum(colours.values())
    print(
        f"check_png: {path}: {width}x{height}, {len(colours)} colours, commonest covers {share:.0%}"
    )
    if (width, height) != (want_w, want_h):
        print(f"check_png: error: expected {want_w}x{want_h}", file=sys.stderr)
        return 1
    if len(colours) < 64 or share > 0.95:
        print("check_png: error: the picture is blank or nearly so", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
