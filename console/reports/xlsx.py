"""Tables to an Excel workbook (openpyxl): one sheet per table, a styled and frozen
header row with a filter, column widths fitted to the content, cell fills kept."""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Sequence
from datetime import datetime, timedelta

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from .atomic import Progress, Ticker, atomic_target
from .table import ReportTable, cell_text, display_width

HEADER_FILL = PatternFill("solid", fgColor="2F4F6F")
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_BORDER = Border(bottom=Side(style="thin", color="1F2F3F"))
HEADER_ALIGN = Alignment(vertical="center", wrap_text=True)
DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"
DURATION_FORMAT = "[h]:mm:ss"
WIDTH_SAMPLE_ROWS = 2000  # column widths from the first rows: enough to fit, fast on big tables
MIN_WIDTH, MAX_WIDTH = 6, 60
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def write_xlsx(
    path: str | os.PathLike[str],
    tables: Sequence[ReportTable],
    *,
    progress: Progress | None = None,
) -> None:
    """Write each table to its own sheet of a new workbook at ``path``.

    ``progress(done, total)`` counts rows over all tables; False cancels and raises
    ExportCancelled with no file left behind."""
    ticker = Ticker(progress, sum(len(t.rows) for t in tables))
    ticker.report()
    workbook = Workbook(write_only=True)
    try:
        _fill_workbook(workbook, tables, ticker)
    except BaseException:
        _discard(workbook)
        raise
    if not tables:  # a workbook needs one sheet
        workbook.create_sheet("Sheet1")
    with atomic_target(path) as temp:
        workbook.save(temp)
        ticker.finish()


def _fill_workbook(workbook: Workbook, tables: Sequence[ReportTable], ticker: Ticker) -> None:
    used: set[str] = set()
    for table in tables:
        sheet = workbook.create_sheet(_sheet_name(table.title, used))
        for i, width in enumerate(_column_widths(table), start=1):
            sheet.column_dimensions[get_column_letter(i)].width = width
        sheet.freeze_panes = "A2"
        if table.columns:
            last = get_column_letter(len(table.columns))
            sheet.auto_filter.ref = f"A1:{last}{len(table.rows) + 1}"
        sheet.append([_header_cell(sheet, text) for text in table.columns])
        fills: dict[str, PatternFill] = {}
        for r, row in enumerate(table.rows):
            sheet.append(
                [_cell(sheet, value, table.fill(r, c), fills) for c, value in enumerate(row)]
            )
            ticker.advance()


def _discard(workbook: Workbook) -> None:
    """Close the sheets' row streams and delete openpyxl's own temporary files, which a
    write-only workbook only removes when it is saved."""
    for sheet in workbook.worksheets:
        with contextlib.suppress(Exception):
            sheet.close()
        writer = getattr(sheet, "_writer", None)
        if writer is not None:
            with contextlib.suppress(Exception):
                writer.cleanup()


def _header_cell(sheet, text: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=_clean(text))
    cell.fill, cell.font, cell.border, cell.alignment = (
        HEADER_FILL,
        HEADER_FONT,
        HEADER_BORDER,
        HEADER_ALIGN,
    )
    return cell


def _cell(sheet, value: object, fill: str | None, fills: dict[str, PatternFill]) -> object:
    value = _excel_value(value)
    if fill is None and not isinstance(value, datetime | timedelta):
        return value  # a plain value is much cheaper than a styled cell
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, datetime):
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, timedelta):
        cell.number_format = DURATION_FORMAT
    if fill is not None:
        if fill not in fills:
            fills[fill] = PatternFill("solid", fgColor=fill.lstrip("#").upper())
        cell.fill = fills[fill]
    return cell


def _excel_value(value: object) -> object:
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)  # Excel has no time zones: keep the wall time shown
    if isinstance(value, str):
        return _clean(value)
    if value is None or isinstance(value, int | float | datetime | timedelta):
        return value
    return cell_text(value)


def _clean(text: str) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("", text)


def _column_widths(table: ReportTable) -> list[float]:
    widths = [display_width(c) + 2 for c in table.columns]
    for row in table.rows[:WIDTH_SAMPLE_ROWS]:
        for i, value in enumerate(row[: len(widths)]):
            widths[i] = max(widths[i], display_width(cell_text(value)) + 2)
    return [float(min(MAX_WIDTH, max(MIN_WIDTH, w))) for w in widths]


def _sheet_name(title: str, used: set[str]) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\, unique in the workbook."""
    base = _SHEET_FORBIDDEN.sub("_", title).strip("'") or "Sheet"
    name = base[:31]
    n = 2
    while name.lower() in used:
        suffix = f" ({n})"
        name = base[: 31 - len(suffix)] + suffix
        n += 1
    used.add(name.lower())
    return name
