"""The incidents behind a chart bar (or a table line), each with its delay breakdown."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from console.domain.review.results import DelayBreakdown

from .table_panel import TablePanel
from .tables import Names, incident_columns


class IncidentListDialog(QDialog):
    sig_open_incident = Signal(int)
    """Emitted with an incident id when a line is opened (double click or Enter)."""

    def __init__(
        self,
        caption: str,
        incidents: Sequence[DelayBreakdown],
        names: Names,
        *,
        limit: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("reviewIncidentList")
        self.setWindowTitle(caption)
        self.incidents = list(incidents)
        summary = self.tr("%n incident(s)", "", len(self.incidents))
        if len(self.incidents) >= limit:
            summary += " · " + self.tr("only the first {limit} are listed").format(limit=limit)
        self.summary_label = QLabel(summary, objectName="reviewIncidentSummary")
        self.table = TablePanel(
            caption, incident_columns(names, with_verdict=True), object_name="reviewIncidentTable"
        )
        self.table.set_records(self.incidents)
        self.table.sig_activated.connect(lambda b: self.sig_open_incident.emit(b.incident_id))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(1200, 520)

    def incident_ids(self) -> list[int]:
        return [b.incident_id for b in self.incidents]
