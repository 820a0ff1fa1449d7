"""A read-only table model over plain records, with the columns described once: what a
cell shows, the raw value it sorts and exports by, and a warning colour by meaning.

Every table of the review (late incidents, unit status, coverage, officer points …) is
one of these, and each exports itself as a ReportTable from the same column list.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from console.reports import ReportTable, cell_text

from .. import theme
from ..reports.from_model import EXPORT_ROLE

SORT_ROLE = Qt.ItemDataRole.UserRole + 65
RECORD_ROLE = Qt.ItemDataRole.UserRole + 66

# Warnings by meaning; the screen takes them from the theme, a printed report from PRINT.
SCREEN_FILLS = {
    "dark": {"bad": "#5a2323", "warn": "#4d3d12", "good": "#1f4030"},
    "light": {"bad": "#f7d4d1", "warn": "#fbeec2", "good": "#d6ecd8"},
}
PRINT_FILLS = {"bad": "#f8d7da", "warn": "#fff3cd", "good": "#d4edda"}


@dataclass(frozen=True)
class Column:
    title: str  # translated
    value: Callable[[Any], object]  # the raw value: sorted and exported by
    text: Callable[[Any], str] | None = None  # what the cell shows (default: cell_text(value))
    warn: Callable[[Any], str | None] | None = None  # "bad", "warn", "good" or None
    tooltip: Callable[[Any], str | None] | None = None
    # Export the shown text, not the value: for values that only sort (a grade's rank) or
    # read wrongly bare (a share 0.14 shown as 14.0%).
    export_text: bool = False

    def shown(self, record: Any) -> str:
        return self.text(record) if self.text is not None else cell_text(self.value(record))


def sort_key(value: object) -> object:
    """A key Qt can compare: numbers as floats, times as epoch seconds, the rest as text."""
    if value is None:
        return None
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, datetime):
        return value.timestamp()
    if isinstance(value, date):
        return value.toordinal()
    return str(value)


class RecordTableModel(QAbstractTableModel):
    def __init__(self, columns: Sequence[Column], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.records: list[Any] = []

    def set_records(self, records: Sequence[Any]) -> None:
        self.beginResetModel()
        self.records = list(records)
        self.endResetModel()

    def record(self, row: int) -> Any:
        return self.records[row]

    # --- Qt -------------------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.records)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].title
        return None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ):
        if not index.isValid():
            return None
        record = self.records[index.row()]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.shown(record)
        if role == SORT_ROLE:
            return sort_key(column.value(record))
        if role == EXPORT_ROLE:
            return None if column.export_text else _exportable(column.value(record))
        if role == RECORD_ROLE:
            return record
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if not column.export_text and isinstance(column.value(record), int | float | timedelta):
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return None
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole):
            warn = column.warn(record) if column.warn is not None else None
            if warn is None:
                return None
            fill = QColor(SCREEN_FILLS.get(theme.current().name, SCREEN_FILLS["dark"])[warn])
            return fill if role == Qt.ItemDataRole.BackgroundRole else theme.contrast_text(fill)
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip is not None:
            return column.tooltip(record)
        return None

    # --- export ---------------------------------------------------------------------------

    def report_table(self, title: str, records: Sequence[Any] | None = None) -> ReportTable:
        """The records (all of them, or those given, in that order) as a printable table."""
        return report_table(title, self.columns, self.records if records is None else records)


def report_table(title: str, columns: Sequence[Column], records: Sequence[Any]) -> ReportTable:
    rows = [[_printable(c, r) for c in columns] for r in records]
    fills = [
        [PRINT_FILLS[w] if (w := c.warn(r) if c.warn else None) else None for c in columns]
        for r in records
    ]
    has_fill = any(any(f) for f in fills)
    return ReportTable(title, [c.title for c in columns], rows, fills if has_fill else None)


def _printable(column: Column, record: Any) -> object:
    value = column.value(record)
    if column.export_text or (
        column.text is not None and not isinstance(value, int | float | timedelta | datetime)
    ):
        return column.shown(record)
    return value


def _exportable(value: object) -> object:
    if isinstance(value, int | float | str):
        return value
    return None  # the shown text is exported instead
