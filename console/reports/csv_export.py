"""One table to CSV in UTF-8 with a byte-order mark, so Excel opens Chinese correctly."""

from __future__ import annotations

import csv
import os

from .atomic import Progress, Ticker, atomic_target
from .table import ReportTable, cell_text


def write_csv(
    path: str | os.PathLike[str], table: ReportTable, *, progress: Progress | None = None
) -> None:
    """Write ``table`` (header row, then its rows as text) to ``path``.

    ``progress(done, total)`` is called as rows are written; False cancels and raises
    ExportCancelled with no file left behind."""
    ticker = Ticker(progress, len(table.rows), step=500)
    ticker.report()
    with atomic_target(path) as temp:
        with open(temp, "w", encoding="utf-8-sig", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(table.columns)
            for row in table.rows:
                writer.writerow([cell_text(v) for v in row])
                ticker.advance()
        ticker.finish()
