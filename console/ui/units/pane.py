"""The unit board pane: every unit with its status, in the units dock."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QWidget

from console.domain.units import UnitStatus
from console.services.context import StationContext

from .. import theme
from ..table_pane import TablePane
from ..vocabulary import unit_status_name
from .model import UnitsFilterModel, UnitsModel


class UnitsPane(TablePane):
    def __init__(
        self, ctx: StationContext, *, table_font_pt: int, parent: QWidget | None = None
    ) -> None:
        model = UnitsModel(ctx)
        super().__init__(
            model,
            UnitsFilterModel(),
            chip_columns=("status",),
            table_font_pt=table_font_pt,
            parent=parent,
        )
        model.setParent(self)
        self.proxy.setParent(self)
        self.title_label.setText(self.tr("Units"))
        self.setObjectName("unitsPane")
        self.title_label.hide()  # the dock's title already says it
        self.filter_edit.setPlaceholderText(self.tr("Filter units"))
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved, model.dataChanged):
            signal.connect(self._update_summary)
        self._last_summary: tuple = ()

    def _update_summary(self, *_args) -> None:
        counts = self.model.status_counts()
        summary = tuple((s, counts[s.value]) for s in UnitStatus if counts[s.value])
        if summary == self._last_summary:
            return  # dataChanged fires every second for the clocks; the counts rarely move
        self._last_summary = summary
        t = theme.current()
        parts = [
            f'<span style="color:{t.status[status]}">●</span>&nbsp;'
            f"{escape(unit_status_name(status))}&nbsp;<b>{count}</b>"
            for status, count in summary
        ]
        self.summary_label.setText("&nbsp;&nbsp; ".join(parts))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if hasattr(self, "_last_summary") and event.type() in (
            QEvent.Type.PaletteChange,
            QEvent.Type.ApplicationPaletteChange,
        ):
            self._last_summary = ()  # the status dots take the new theme's colours
            self._update_summary()
