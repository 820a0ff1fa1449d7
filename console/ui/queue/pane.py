"""The queue pane: the central table of open incidents."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QWidget,
)

from console.domain.incidents import OPEN_STATUSES, IncidentStatus, Priority
from console.services.context import StationContext
from console.services.intake import category_choices, station_grids

from ..delegates import TextCellDelegate
from ..table_pane import TablePane
from .model import QueueFilterModel, QueueModel

# How long a call just saved may take to reach the queue (the change feed brings it) before
# the queue stops waiting to select it.
NEW_ROW_WAIT_MS = 5000


class QueuePane(TablePane):
    sig_urgent_alert = Signal(int)
    """Emitted with the id of a new urgent incident when it flashes (and sounds)."""

    sig_selected_new = Signal(int)
    """Emitted with the id of the incident ``select_incident`` was waiting for, once it is
    the selected row."""

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
        # Plain cells painted from one answer of the model each (the chips have theirs).
        self._text_cells = TextCellDelegate(self.view)
        self.view.setItemDelegate(self._text_cells)
        # Every row is one line high: the view never asks rows for their size.
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
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
        self.sound_muted = False
        self.alerts_sounded = 0
        model.sig_urgent_arrived.connect(self._urgent_arrived)
        model.set_visible_rows(self.visible_source_rows)
        self._build_filter_bar(ctx)
        # An incident to select as soon as the queue holds it (a call just saved).
        self.awaiting: int | None = None
        self._selecting = False
        self._await_timer = QTimer(self, singleShot=True)
        self._await_timer.timeout.connect(self._stop_waiting)
        for signal in (model.rowsInserted, model.modelReset, model.sig_rows_changed):
            signal.connect(self._select_awaited)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)

    # --- selecting a call just saved ------------------------------------------------------

    def select_incident(self, incident_id: int, *, wait_ms: int = NEW_ROW_WAIT_MS) -> bool:
        """Make ``incident_id`` the selected row, scrolled into view, now or as soon as the
        queue gains it (a saved call arrives through the change feed), waiting at most
        ``wait_ms``. The row selected before is let go at once, so F8 can never act on it
        meanwhile; a filter hiding the incident is cleared. True when selected now."""
        self._stop_waiting()
        self._selecting = True
        try:
            self.view.selectionModel().clear()
        finally:
            self._selecting = False
        self.awaiting = incident_id
        if self._select_awaited():
            return True
        self._await_timer.start(wait_ms)
        return False

    def _select_awaited(self, *_args) -> bool:
        incident_id = self.awaiting
        if incident_id is None or self.model.row_of(incident_id) is None:
            return False
        self._selecting = True
        try:
            if not self.select_id(incident_id):  # a filter hides it: show the whole queue
                self.clear_filters()
                self.select_id(incident_id)
        finally:
            self._selecting = False
        self._stop_waiting()
        self.sig_selected_new.emit(incident_id)
        return True

    def _selection_changed(self, *_args) -> None:
        # The officer picked another row (or the map did) while the call was on its way.
        if not self._selecting and self.view.selectionModel().hasSelection():
            self._stop_waiting()

    def _stop_waiting(self) -> None:
        self.awaiting = None
        self._await_timer.stop()

    def clear_filters(self) -> None:
        """Show every open incident: the text and every field filter off."""
        self.filter_edit.clear()
        for key in self.proxy.field_filters():
            self.set_field_filter(key, None)

    def visible_source_rows(self) -> list[int]:
        """The model rows the table shows right now (none while it is hidden)."""
        view = self.view
        if not view.isVisible():
            return []
        first = view.rowAt(0)
        if first < 0:
            return []
        last = view.rowAt(view.viewport().height() - 1)
        if last < 0:
            last = self.proxy.rowCount() - 1
        proxy = self.proxy
        return [proxy.mapToSource(proxy.index(row, 0)).row() for row in range(first, last + 1)]

    # --- field filters --------------------------------------------------------------------

    def _build_filter_bar(self, ctx: StationContext) -> None:
        from ..i18n import current_language
        from ..vocabulary import incident_status_name, priority_name

        bar = QWidget(objectName="queueFilterBar")
        row = QHBoxLayout(bar)
        row.setContentsMargins(10, 0, 8, 6)
        row.setSpacing(8)
        self.filter_combos: dict[str, QComboBox] = {}

        def combo(key: str, label: str, items: list[tuple[str, str]]) -> None:
            box = QComboBox(objectName=f"queueFilter_{key}")
            box.addItem(self.tr("All"), "")
            for text, value in items:
                box.addItem(text, value)
            box.currentIndexChanged.connect(
                lambda _i, k=key, b=box: self.set_field_filter(k, b.currentData())
            )
            caption = QLabel(label)
            caption.setBuddy(box)
            row.addWidget(caption)
            row.addWidget(box)
            self.filter_combos[key] = box

        statuses = [s for s in IncidentStatus if s in OPEN_STATUSES]
        combo("status", self.tr("Status"), [(incident_status_name(s), s.value) for s in statuses])
        combo("priority", self.tr("Priority"), [(priority_name(p), p.value) for p in Priority])
        combo("grid", self.tr("Grid"), [(name, name) for _id, name in station_grids(ctx)])
        zh = current_language() == "zh_CN"
        combo(
            "category",
            self.tr("Category"),
            [
                (c.name_zh if zh else c.name_en, c.code)
                for c in category_choices(ctx)
                if c.parent_code is None
            ],
        )
        row.addStretch(1)
        self.layout().insertWidget(1, bar)

    def set_field_filter(self, key: str, value: str | None) -> None:
        self.proxy.set_field_filter(key, value)
        box = self.filter_combos.get(key) if hasattr(self, "filter_combos") else None
        if box is not None and box.currentData() != (value or ""):
            box.blockSignals(True)
            box.setCurrentIndex(max(0, box.findData(value or "")))
            box.blockSignals(False)
        self._update_summary()

    def changeEvent(self, event) -> None:  # noqa: N802
        # A theme switch restyles the application: the cached cell colours go with it.
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.StyleChange):
            self.model.forget_painting()
            self.view.viewport().update()
        super().changeEvent(event)

    # --- urgent alert ---------------------------------------------------------------------

    def _urgent_arrived(self, incident_id: int) -> None:
        if not self.sound_muted:
            self.alerts_sounded += 1
            QApplication.beep()
        self.sig_urgent_alert.emit(incident_id)

    def _update_summary(self, *_args) -> None:
        total = self.model.rowCount()
        text = self.tr("%n open incident(s)", "", total)
        shown = self.proxy.rowCount()
        if shown != total:
            text += " · " + self.tr("%n shown", "", shown)
        self.summary_label.setText(text)
