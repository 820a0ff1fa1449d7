"""Make a written PDF's text layer say what its glyphs show.

Qt maps each embedded glyph back to the lowest code point the font draws with it. Noto
Sans CJK draws many ideographs with the same glyph as their look-alike radicals (人 and
⼈ U+2F08, 门 and ⻔ U+2ED4 …), so copying, searching or pdftotext of a report gave the
radicals. This rewrites those entries of the ToUnicode maps to the ideograph the font
draws with the same glyph. Every entry keeps its length (four hex digits), so the file's
offsets stay valid; maps Qt compressed, if any, are left as they are.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from PySide6.QtGui import QFont, QRawFont

RADICALS = range(0x2E80, 0x2FE0)  # CJK Radicals Supplement and Kangxi Radicals
IDEOGRAPHS = range(0x4E00, 0xA000)  # the unified ideographs a report uses

_BLOCK = re.compile(rb"(beginbf(?:char|range)\n)(.*?)(\nendbf(?:char|range))", re.S)
_HEX = re.compile(rb"<([0-9A-Fa-f]{4})>")


@functools.cache
def _radical_map(family: str) -> dict[int, int]:
    font = QFont()
    font.setFamilies([family])
    raw = QRawFont.fromFont(font)
    if not raw.isValid():
        return {}
    by_glyph: dict[int, int] = {}
    ideographs = "".join(map(chr, IDEOGRAPHS))
    for code, glyph in zip(IDEOGRAPHS, raw.glyphIndexesForString(ideographs), strict=True):
        if glyph:
            by_glyph.setdefault(glyph, code)
    radicals = "".join(map(chr, RADICALS))
    return {
        code: by_glyph[glyph]
        for code, glyph in zip(RADICALS, raw.glyphIndexesForString(radicals), strict=True)
        if glyph in by_glyph
    }


def unify_radicals(path: str | Path, family: str) -> int:
    """Rewrite the ToUnicode entries of ``path`` that name radicals; returns how many."""
    mapping = _radical_map(family)
    if not mapping:
        return 0
    data = Path(path).read_bytes()
    changed = 0

    def destination(match: re.Match[bytes]) -> bytes:
        nonlocal changed
        code = int(match.group(1), 16)
        if code not in mapping:
            return match.group(0)
        changed += 1
        return b"<%04X>" % mapping[code]

    def entry(line: bytes, ranged: bool) -> bytes:
        parts = line.split(b" ", 2 if ranged else 1)
        if ranged and len(parts) == 3:
            first, last, rest = parts
            if rest.startswith(b"[") or first == last:  # a list, or a range of one code
                return b" ".join((first, last, _HEX.sub(destination, rest)))
            return line  # a run of consecutive codes: left whole
        if not ranged and len(parts) == 2:
            return b" ".join((parts[0], _HEX.sub(destination, parts[1])))
        return line

    def block(match: re.Match[bytes]) -> bytes:
        ranged = b"range" in match.group(1)
        lines = match.group(2).split(b"\n")
        return match.group(1) + b"\n".join(entry(x, ranged) for x in lines) + match.group(3)

    rewritten = _BLOCK.sub(block, data)
    if changed:
        Path(path).write_bytes(rewritten)
    return changed
