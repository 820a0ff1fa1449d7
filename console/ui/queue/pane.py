"""The queue pane: the central table of open incidents."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from console.services.context import StationContext

from ..table_pane import TablePane
from .model import QueueFilterModel, QueueModel


class QueuePane(TablePane):
    def __init__(
        self, ctx: StationContext, *, table_font_pt: int, parent: QWidget | None = None
    ) -> None:
        model = QueueModel(ctx)
        super().__init__(
            model,
            QueueFilterModel(),
            chip_columns=("priority",),
            table_font_pt=table_font_pt,
            parent=parent,
        )
        model.setParent(self)
        self.proxy.setParent(self)
        self.title_label.setText(self.tr("Incident queue"))
        self.setObjectName("queuePane")
        self.filter_edit.setPlaceholderText(self.tr("Filter incidents"))
        for signal in (
            model.modelReset,
            model.rowsInserted,
            model.rowsRemoved,
            self.proxy.rowsInserted,
            self.proxy.rowsRemoved,
            self.proxy.modelReset,
            self.proxy.layoutChanged,
        ):
            signal.connect(self._update_summary)
        self._update_summary()

    def _update_summary(self, *_args) -> None:
        total = self.model.rowCount()
        text = self.tr("%n open incident(s)", "", total)
        shown = self.proxy.rowCount()
        if shown != total:
            text += " · " + self.tr("%n shown", "", shown)
        self.summary_label.setText(text)
