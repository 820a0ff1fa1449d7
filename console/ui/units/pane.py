"""The unit board pane: who is on duty now (当班) and the coverage strip (警力冰点) over
every unit with its status and its crew (from the approved roster's current shift).

Status changes by keyboard: with the board focused, the number keys set the selected
unit's status (1 备勤 … 7 支援中), F6 or a right click opens the same list as a menu.
已派 is set only by dispatching from an incident (F8 in the queue).
"""

from __future__ import annotations

import contextlib
from datetime import datetime, timedelta
from html import escape

from PySide6.QtCore import QEvent, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMenu, QWidget

from console.domain.unit_alerts import CoverageLevel, StaleRules
from console.domain.units import UnitStatus
from console.services.context import StationContext
from console.services.duty import DutySource, who_is_on_duty
from console.services.unit_board import GridCoverage, grid_coverage
from console.services.unit_of_work import StoreUnavailable
from console.services.unit_status import set_unit_status

from .. import settings as opts
from .. import theme
from ..flow_layout import FlowLayout
from ..formatting import grid_short_name
from ..id_table import ID_ROLE
from ..operations import Operation, run_operation
from ..table_pane import TablePane
from ..vocabulary import unit_status_name
from .coverage import COVERAGE_COLOURS, coverage_level_name
from .duty_strip import DutyStrip
from .model import UnitsFilterModel, UnitsModel

# The board's status keys, in the order a unit's day runs through them.
STATUS_KEYS: tuple[tuple[UnitStatus, str], ...] = (
    (UnitStatus.AVAILABLE, "1"),
    (UnitStatus.PATROLLING, "2"),
    (UnitStatus.EN_ROUTE, "3"),
    (UnitStatus.ON_SCENE, "4"),
    (UnitStatus.BUSY, "5"),
    (UnitStatus.OFF_DUTY, "6"),
    (UnitStatus.ON_LOAN, "7"),
)


def stale_rules_from(settings: opts.Settings) -> StaleRules:
    """The stale thresholds the user set (settings registry)."""
    return StaleRules(
        status_minutes={
            UnitStatus.DISPATCHED: settings.value(opts.STALE_DISPATCHED_MIN),
            UnitStatus.EN_ROUTE: settings.value(opts.STALE_EN_ROUTE_MIN),
            UnitStatus.ON_SCENE: settings.value(opts.STALE_ON_SCENE_MIN),
            UnitStatus.BUSY: settings.value(opts.STALE_BUSY_MIN),
        },
        position_seconds=settings.value(opts.STALE_POSITION_S),
    )


class CoverageStrip(QWidget):
    """One chip per grid: its name and available / minimum, in the four warning colours."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("coverageStrip")
        # Wraps to a second row rather than making the board (and so the map) wider.
        self._layout = FlowLayout(self, h_spacing=6, v_spacing=4)
        self._layout.setContentsMargins(10, 2, 8, 4)
        self._title = QLabel(self.tr("Coverage"))
        self._title.setProperty("muted", True)
        self._layout.addWidget(self._title)
        self.chips: dict[int, QLabel] = {}
        self.coverage: list[GridCoverage] = []
        self.station_name = ""  # the chips leave out the place every grid repeats

    def show_coverage(self, coverage: list[GridCoverage]) -> None:
        self.coverage = coverage
        wanted = {c.grid_id for c in coverage}
        for grid_id in list(self.chips):
            if grid_id not in wanted:
                self.chips.pop(grid_id).deleteLater()
        for i, c in enumerate(coverage):
            chip = self.chips.get(c.grid_id)
            if chip is None:
                chip = QLabel(self)
                chip.setObjectName(f"coverage_{c.grid_id}")
                self.chips[c.grid_id] = chip
                self._layout.insertWidget(1 + i, chip)
            background, foreground = COVERAGE_COLOURS[c.level]
            border = theme.current().muted if c.level is CoverageLevel.NONE else background
            chip.setStyleSheet(
                f"QLabel {{ background: {background}; color: {foreground}; "
                f"border: 1px solid {border}; border-radius: 4px; padding: 1px 5px; }}"
            )
            short = grid_short_name(c.name, self.station_name)
            chip.setText(f"{escape(short)}  <b>{c.available}</b>/{c.minimum}")
            chip.setProperty("level", c.level.value)
            chip.setToolTip(
                self.tr(
                    "{grid}: {available} unit(s) can go now, {minimum} wanted — {level}"
                ).format(
                    grid=c.name,
                    available=c.available,
                    minimum=c.minimum,
                    level=coverage_level_name(c.level),
                )
            )


class UnitsPane(TablePane):
    sig_message = Signal(str)
    """A one-line result or refusal of a status change, for the status bar."""

    sig_duty = Signal(object)
    """Emitted with the ``DutyNow`` each time who is on duty was read again."""

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
        self._ctx = ctx
        model.setParent(self)
        self.proxy.setParent(self)
        self.title_label.setText(self.tr("Units"))
        self.setObjectName("unitsPane")
        self.title_label.hide()  # the dock's title already says it
        self.filter_edit.setPlaceholderText(self.tr("Filter units"))
        # Units that can be sent first, off duty last; call-sign order within a status (the
        # proxy's sort is stable). A header click chooses another order.
        self.view.sortByColumn(model.column_index("status"), Qt.SortOrder.AscendingOrder)
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved, model.dataChanged):
            signal.connect(self._update_summary)
        self._last_summary: tuple = ()

        self.coverage = CoverageStrip(self)
        self.coverage.station_name = ctx.station_name
        self.layout().insertWidget(1, self.coverage)
        model.sig_loaded.connect(self.refresh_coverage)
        model.sig_refreshed.connect(self.refresh_coverage)

        # Who is on duty: read again when the feed names the roster or crews, and when
        # the clock passes the next shift change; the countdown moves with the ticker.
        self.duty_strip = DutyStrip(ctx.timezone, self)
        self._duty_retry_at: datetime | None = None  # after a failed read, not every second
        self.layout().insertWidget(1, self.duty_strip)
        model.sig_loaded.connect(self.refresh_duty)
        model.sig_duty_changes.connect(self.refresh_duty)
        model.sig_ticked.connect(self._duty_tick)

        self.status_actions: dict[UnitStatus, QAction] = {}
        for status, key in STATUS_KEYS:
            action = QAction(unit_status_name(status), self.view)
            action.setObjectName(f"actUnitStatus_{status.value}")
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.setToolTip(
                self.tr("Set the selected unit to {status} ({key})").format(
                    status=unit_status_name(status), key=key
                )
            )
            action.triggered.connect(lambda _c=False, st=status: self.set_selected_status(st))
            self.view.addAction(action)
            self.status_actions[status] = action
        self.act_status_menu = QAction(self.tr("Change status…"), self.view)
        self.act_status_menu.setShortcut(QKeySequence("F6"))
        self.act_status_menu.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.act_status_menu.triggered.connect(self.open_status_menu)
        self.view.addAction(self.act_status_menu)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.view.setToolTip(
            self.tr("Status keys: 1 available … 7 on loan; F6 or right click: status menu")
        )
        self.menu: QMenu | None = None
        self.setting_status: Operation | None = None  # the last status change handed on

    # --- stale thresholds and coverage ------------------------------------------------------

    def set_stale_rules(self, rules: StaleRules) -> None:
        self.model.stale_rules = rules

    def refresh_coverage(self) -> None:
        try:
            self.coverage.show_coverage(grid_coverage(self._ctx))
        except Exception as exc:  # the store went away: the feed health shows it already
            self.sig_message.emit(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)

    # --- who is on duty ---------------------------------------------------------------------

    def refresh_duty(self) -> None:
        now = self._ctx.clock.now()
        try:
            duty = who_is_on_duty(self._ctx, now)
        except Exception as exc:  # the store went away: the feed health shows it already
            self._duty_retry_at = now + timedelta(seconds=30)
            self.sig_message.emit(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
            return
        self._duty_retry_at = None
        self.duty_strip.show_duty(duty, now)
        self.model.set_roster_crews(duty.crews() if duty.source is DutySource.ROSTER else None)
        self.sig_duty.emit(duty)

    def _duty_tick(self, now) -> None:
        duty = self.duty_strip.duty
        due = duty is not None and duty.next_change is not None and now >= duty.next_change.start
        if due and (self._duty_retry_at is None or now >= self._duty_retry_at):
            self.refresh_duty()  # a shift boundary: the next team is on
        else:
            self.duty_strip.show_time(now)

    # --- status changes ---------------------------------------------------------------------

    def selected_unit_id(self) -> int | None:
        rows = self.view.selectionModel().selectedRows()
        return rows[0].data(ID_ROLE) if rows else None

    def status_menu(self) -> QMenu:
        menu = QMenu(self.tr("Unit status"), self)
        menu.setObjectName("unitStatusMenu")
        menu.setToolTipsVisible(True)
        for action in self.status_actions.values():
            menu.addAction(action)
        return menu

    def open_status_menu(self) -> None:
        if self.selected_unit_id() is None:
            self.sig_message.emit(self.tr("Select a unit first."))
            return
        index = self.view.selectionModel().selectedRows()[0]
        rect = self.view.visualRect(index)
        self._popup(rect.bottomLeft())

    def _context_menu(self, pos: QPoint) -> None:
        index = self.view.indexAt(pos)
        if index.isValid():
            self.view.selectRow(index.row())
            self._popup(pos)

    def _popup(self, pos: QPoint) -> None:
        self.menu = self.status_menu()
        self.menu.popup(self.view.viewport().mapToGlobal(pos))

    def set_selected_status(self, status: UnitStatus) -> bool:
        """Set the selected unit's status (the version it was read at guards the write)."""
        unit_id = self.selected_unit_id()
        if unit_id is None:
            self.sig_message.emit(self.tr("Select a unit first."))
            return False
        row = self.model.row_data(self.model.row_of(unit_id))
        if row is None or row.status == status.value:
            return False
        ctx, version, call_sign = self._ctx, row.version, row.call_sign

        def done(_changes) -> None:
            self._refresh_quietly(unit_id)
            self.sig_message.emit(
                self.tr("{unit}: {status}").format(unit=call_sign, status=unit_status_name(status))
            )

        def refused(exc: BaseException, text: str) -> None:
            self.sig_message.emit(text)
            if not isinstance(exc, StoreUnavailable):
                self._refresh_quietly(unit_id)  # show what the other workstation did

        self.setting_status = run_operation(
            self,
            lambda: set_unit_status(ctx, unit_id, status, expected_version=version),
            on_success=done,
            on_failure=refused,
        )
        return True

    def _refresh_quietly(self, unit_id: int) -> None:
        with contextlib.suppress(StoreUnavailable):  # the feed health already says why
            self.model.refresh([unit_id])

    # --- summary ----------------------------------------------------------------------------

    def _update_summary(self, *_args) -> None:
        counts = self.model.status_counts()
        stale = self.model.stale_count()
        summary = (tuple((s, counts[s.value]) for s in UnitStatus if counts[s.value]), stale)
        if summary == self._last_summary:
            return  # dataChanged fires every second for the clocks; the counts rarely move
        self._last_summary = summary
        t = theme.current()
        parts = [
            f'<span style="color:{t.status[status]}">●</span>&nbsp;'
            f"{escape(unit_status_name(status))}&nbsp;<b>{count}</b>"
            for status, count in summary[0]
        ]
        if stale:
            parts.append(
                f'<span style="color:{t.overdue}">⚠&nbsp;'
                + escape(self.tr("%n stale", "", stale))
                + "</span>"
            )
        self.summary_label.setText("&nbsp;&nbsp; ".join(parts))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if hasattr(self, "_last_summary") and event.type() in (
            QEvent.Type.PaletteChange,
            QEvent.Type.ApplicationPaletteChange,
        ):
            self._last_summary = ()  # the status dots take the new theme's colours
            self._update_summary()
            if hasattr(self, "coverage"):
                self.coverage.show_coverage(self.coverage.coverage)
            if hasattr(self, "duty_strip") and self.duty_strip.duty is not None:
                self.duty_strip.show_duty(self.duty_strip.duty, self._ctx.clock.now())
