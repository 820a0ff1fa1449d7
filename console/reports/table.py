"""The one shape every export takes: a titled table of plain values."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta


@dataclass(frozen=True)
class ReportTable:
    """A table as it is exported: a title, column headers, rows of plain values
    (str, int, float, date/datetime, None) and optional cell backgrounds as hex colours
    (``"#f8d7da"``), one per cell, None for none."""

    title: str
    columns: list[str]
    rows: list[list[object]]
    fills: list[list[str | None]] | None = None

    def fill(self, row: int, column: int) -> str | None:
        if self.fills is None or row >= len(self.fills) or column >= len(self.fills[row]):
            return None
        return self.fills[row][column]


def cell_text(value: object) -> str:
    """A cell as text, the same in CSV and PDF: None is empty, floats keep at most two
    decimals, times read as local 24-hour time, durations as m:ss (h:mm:ss from an hour)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "✓" if value else ""
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".") if value == value else ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S" if value.second else "%Y-%m-%d %H:%M")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return duration_text(value.total_seconds())
    return str(value)


def duration_text(seconds: float) -> str:
    total = int(abs(seconds))
    sign = "-" if seconds < 0 and total else ""
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{sign}{hours}:{minutes:02d}:{secs:02d}" if hours else f"{sign}{minutes}:{secs:02d}"


def display_width(text: str) -> int:
    """Width in character cells: a Chinese character takes two, as in a spreadsheet."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
