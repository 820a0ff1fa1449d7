"""A titled review table: a sortable view on a RecordTableModel that exports itself
(PDF, XLSX, CSV) from its context menu or its button, in the order shown."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from console.reports import ReportTable

from ..reports.export import export_with_dialogs
from .records import SORT_ROLE, Column, RecordTableModel


class TablePanel(QWidget):
    sig_activated = Signal(object)
    """Emitted with the record of a row the user opens (double click or Enter)."""

    def __init__(
        self,
        title: str,
        columns: Sequence[Column],
        *,
        object_name: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.title = title
        self.model = RecordTableModel(columns, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)

        self.title_label = QLabel(title, objectName="reviewTableTitle")
        font = self.title_label.font()
        font.setBold(True)
        self.title_label.setFont(font)
        self.export_button = QToolButton(objectName="reviewTableExport")
        self.export_button.setText(self.tr("Export…"))
        self.export_button.setToolTip(self.tr("Export this table to PDF, Excel or CSV"))
        self.export_button.setAutoRaise(True)
        self.export_button.clicked.connect(self.export_dialog)

        self.view = QTableView(self)
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # the service's own order
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.activated.connect(self._activated)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        export = QAction(self.tr("Export table…"), self.view)
        export.triggered.connect(self.export_dialog)
        self.view.addAction(export)

        head = QHBoxLayout()
        head.setContentsMargins(0, 0, 0, 0)
        head.addWidget(self.title_label, 1)
        head.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(head)
        layout.addWidget(self.view, 1)

    def set_records(self, records: Sequence[Any], *, title: str | None = None) -> None:
        if title is not None:
            self.title = title
            self.title_label.setText(title)
        self.model.set_records(records)
        self.view.resizeColumnsToContents()

    def shown_records(self) -> list[Any]:
        """The records in the order the view shows them (sorted by the user)."""
        return [
            self.model.record(self.proxy.mapToSource(self.proxy.index(r, 0)).row())
            for r in range(self.proxy.rowCount())
        ]

    def report_table(self) -> ReportTable:
        return self.model.report_table(self.title, self.shown_records())

    def export_dialog(self) -> None:
        export_with_dialogs(
            self,
            self.title,
            [self.report_table()],
            suggested_name=self.title,
            formats=("xlsx", "csv", "pdf"),
            landscape=len(self.model.columns) > 8,
        )

    def _activated(self, index) -> None:
        row = self.proxy.mapToSource(index).row()
        self.sig_activated.emit(self.model.record(row))
