"""The daily clearance view (日清零): today's incidents still open or not yet called
back. At the end of the day it must be empty, or each line explained."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from console.services.context import StationContext
from console.services.incident_lifecycle import ClearanceItem, add_note, daily_clearance
from console.services.unit_of_work import StoreUnavailable

from ..formatting import format_clock
from ..i18n import current_language
from ..intake.names import translate_refusal
from ..operations import run_operation
from ..vocabulary import incident_status_name, priority_name


class ClearanceDialog(QDialog):
    sig_open_incident = Signal(int)
    """Emitted with an incident id when the officer opens a line (Enter / double click)."""

    def __init__(self, ctx: StationContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("clearanceView")
        self._ctx = ctx
        self.day: date = ctx.clock.now().astimezone(ctx.timezone).date()
        self.items: list[ClearanceItem] = []
        self.summary_label = QLabel(objectName="clearanceSummary")
        self.table = QTableWidget(0, 7, objectName="clearanceTable")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("No."),
                self.tr("Received"),
                self.tr("Priority"),
                self.tr("Category"),
                self.tr("Status"),
                self.tr("Missing"),
                self.tr("Explanation"),
            ]
        )
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.activated.connect(lambda index: self._open(index.row()))
        self.explain_edit = QLineEdit(objectName="clearanceExplain")
        self.explain_edit.setPlaceholderText(
            self.tr("Why the selected incident stays open today; Enter records it")
        )
        self.explain_edit.returnPressed.connect(self.explain_selected)
        self.message_label = QLabel(objectName="clearanceMessage")
        self.message_label.setStyleSheet("color: #ff6259; font-weight: bold;")
        row = QHBoxLayout()
        row.addWidget(self.explain_edit, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(self.message_label)
        self.resize(900, 480)
        self.reload()

    def reload(self) -> None:
        self.day = self._ctx.clock.now().astimezone(self._ctx.timezone).date()
        self.setWindowTitle(self.tr("Daily clearance {day}").format(day=self.day.isoformat()))
        self.items = daily_clearance(self._ctx, self.day)
        zh = current_language() == "zh_CN"
        self.table.setRowCount(len(self.items))
        for r, item in enumerate(self.items):
            missing = (
                self.tr("not closed") if item.missing == "open" else self.tr("no callback yet")
            )
            texts = (
                item.number,
                format_clock(item.received_at, self._ctx.timezone),
                priority_name(item.priority),
                item.category_zh if zh else item.category_en,
                incident_status_name(item.status),
                missing,
                item.explanation or "",
            )
            for c, text in enumerate(texts):
                cell = QTableWidgetItem(text)
                cell.setData(Qt.ItemDataRole.UserRole, item.id)
                self.table.setItem(r, c, cell)
        self.table.resizeColumnsToContents()
        unexplained = sum(1 for i in self.items if not i.explanation)
        if not self.items:
            self.summary_label.setText(self.tr("Cleared: every incident of today is done."))
        else:
            self.summary_label.setText(
                self.tr("%n incident(s) of today not cleared", "", len(self.items))
                + " · "
                + self.tr("%n without explanation", "", unexplained)
            )
        if self.items and not self.table.selectedItems():
            self.table.selectRow(0)

    def apply_changes(self, changes: Sequence[Any]) -> None:
        if any(c.entity == "incident" for c in changes):
            self._reload_quietly()

    def _reload_quietly(self) -> None:
        with contextlib.suppress(StoreUnavailable):  # keep what is shown; the feed follows
            self.reload()

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.items[rows[0].row()].id

    def _open(self, row: int) -> None:
        if 0 <= row < len(self.items):
            self.sig_open_incident.emit(self.items[row].id)

    def explain_selected(self) -> bool:
        incident_id = self.selected_id()
        if incident_id is None:
            self.message_label.setText(self.tr("Select an incident first."))
            return False
        ctx, text = self._ctx, self.explain_edit.text()

        def done(_changes: object) -> None:
            if self.explain_edit.text() == text:
                self.explain_edit.clear()
            self.message_label.clear()
            self._reload_quietly()

        run_operation(
            self,
            lambda: add_note(ctx, incident_id, text, kind="clearance_note"),
            on_success=done,
            on_failure=lambda _exc, message: self.message_label.setText(message),
            message=translate_refusal,
        )
        return True
