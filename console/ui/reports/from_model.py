"""Any Qt table model as a ReportTable: what the view shows, header and cell colours."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtGui import QBrush, QColor

from console.reports import ReportTable

# Models may hand exports the raw value (a number stays a number in Excel) under this role.
EXPORT_ROLE = Qt.ItemDataRole.UserRole + 64


def table_from_model(model: QAbstractItemModel, title: str) -> ReportTable:
    """The model's rows in its current (sorted, filtered) order. A cell's value is its
    EXPORT_ROLE data when the model gives one, else the text shown."""
    columns = [
        str(model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) or "")
        for c in range(model.columnCount())
    ]
    rows: list[list[object]] = []
    fills: list[list[str | None]] = []
    any_fill = False
    for r in range(model.rowCount()):
        row: list[object] = []
        row_fills: list[str | None] = []
        for c in range(len(columns)):
            index = model.index(r, c)
            value = model.data(index, EXPORT_ROLE)
            if value is None:
                value = model.data(index, Qt.ItemDataRole.DisplayRole)
            row.append(value)
            fill = _hex(model.data(index, Qt.ItemDataRole.BackgroundRole))
            any_fill = any_fill or fill is not None
            row_fills.append(fill)
        rows.append(row)
        fills.append(row_fills)
    return ReportTable(title, columns, rows, fills if any_fill else None)


def _hex(value: object) -> str | None:
    if isinstance(value, QBrush):
        value = value.color() if value.style() != Qt.BrushStyle.NoBrush else None
    if isinstance(value, QColor) and value.isValid():
        return value.name()
    if isinstance(value, str) and value.startswith("#"):
        return value
    return None
