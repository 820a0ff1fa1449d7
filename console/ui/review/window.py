"""The station chief's review (复盘): pick a shift or any period (and grids), read the
headline figures, see where the time went on late incidents, who carried the load, and
export it all. Charts answer a click with the incidents behind the bar.

The debrief is computed on a worker thread (the service reads the store); the window
shows the last one until the next arrives.
"""

from __future__ import annotations

import contextlib
import threading
from dataclasses import fields
from datetime import UTC, datetime

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDateTime, QObject, Qt, QTimeZone, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSplitter,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from console.domain.review.figures import ALL_GRADES
from console.domain.review.results import (
    DailyClearance,
    Debrief,
    IncidentSelection,
    OfficerWorkload,
    PartSummary,
    PointWeights,
    UnitStatusTime,
)
from console.reports import ReportTable
from console.services.context import StationContext
from console.services.intake import category_choices, station_grids
from console.services.review import ARRIVAL_NOTE, incidents_for
from console.services.review import debrief as compute_debrief

from .. import settings as opts
from .. import theme
from ..i18n import current_language
from ..reports.export import export_report, export_with_dialogs
from ..reports.progress import ExportOutcome
from ..settings import Settings
from ..vocabulary import priority_name
from .access import point_weights, save_point_weights, sees_officer_points
from .charts import (
    ArrivalHistogram,
    ChartPick,
    HourWeekdayHeatMap,
    WeeklyTrendChart,
    WorkloadChart,
    arrival_grade,
    draw_all_charts,
    officer_bars,
    screen_style,
    unit_bars,
)
from .incident_list import IncidentListDialog
from .labels import duration, note_text, percent, period_text, rate_name, translated
from .periods import Period, period_range
from .table_panel import TablePanel
from .tables import (
    CategoryRow,
    Names,
    all_gaps,
    category_columns,
    category_rows,
    clearance_columns,
    coverage_columns,
    gap_columns,
    incident_columns,
    officer_columns,
    part_columns,
    unit_status_columns,
    weekly_columns,
)
from .tiles import TileRow

PERIOD_NAMES = {
    Period.LAST_NIGHT: QT_TRANSLATE_NOOP("ReviewWindow", "Last night shift"),
    Period.TODAY_DAY: QT_TRANSLATE_NOOP("ReviewWindow", "Today's day shift"),
    Period.YESTERDAY_DAY: QT_TRANSLATE_NOOP("ReviewWindow", "Yesterday's day shift"),
    Period.YESTERDAY: QT_TRANSLATE_NOOP("ReviewWindow", "Yesterday"),
    Period.LAST_7_DAYS: QT_TRANSLATE_NOOP("ReviewWindow", "Last 7 days"),
    Period.LAST_30_DAYS: QT_TRANSLATE_NOOP("ReviewWindow", "Last 30 days"),
    Period.LAST_90_DAYS: QT_TRANSLATE_NOOP("ReviewWindow", "Last 90 days"),
    Period.CUSTOM: QT_TRANSLATE_NOOP("ReviewWindow", "Chosen period"),
}
LIST_LIMIT = 1000
ON_TIME_GOOD = 0.9  # the on-time tile turns red below this share


class _Bridge(QObject):
    """Carries a finished debrief from the worker thread to the UI thread (queued)."""

    sig_done = Signal(int, object)


class ReviewWindow(QWidget):
    sig_loaded = Signal(object)
    """Emitted with the Debrief once the window shows it."""

    sig_load_failed = Signal(str)
    """Emitted with a one-line reason when the debrief could not be computed."""

    sig_open_incident = Signal(int)
    """Emitted with an incident id the chief opens from a list."""

    def __init__(
        self, ctx: StationContext, settings: Settings | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("reviewWindow")
        self._ctx = ctx
        self._settings = settings
        self.show_points = sees_officer_points(ctx.actor)
        self.weights = point_weights(settings) if settings is not None else PointWeights()
        self.debrief: Debrief | None = None
        self.incident_list: IncidentListDialog | None = None
        self.period = Period.LAST_NIGHT
        self.start, self.end = period_range(self.period, ctx.clock.now(), ctx.timezone)
        self.grid_ids: tuple[int, ...] | None = None
        self._token = 0
        self._closed = False
        self._bridge = _Bridge(self)
        self._bridge.sig_done.connect(self._arrived)
        self.names = self._names()
        self.setWindowTitle(self.tr("{station} — Review").format(station=ctx.station_name))
        # The console's table text size, not the 11 px of the interface font.
        self.font_pt = (settings or Settings()).value(opts.TABLE_FONT_PT)
        self.setFont(theme.table_font(self.font_pt))
        self.chart_style = screen_style(self.font_pt)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(8)
        layout.addLayout(self._build_controls())
        self.headline = QLabel(objectName="reviewHeadline")
        font = self.headline.font()
        font.setPointSize(font.pointSize() + 4)
        font.setBold(True)
        self.headline.setFont(font)
        layout.addWidget(self.headline)
        self.tiles = TileRow(self)
        for key, caption in (
            ("incidents", self.tr("Incidents")),
            ("on_time", rate_name("on_time_arrival")),
            ("p90", self.tr("Arrival P90")),
            ("first_response", rate_name("first_response")),
            ("closure", rate_name("closure")),
            ("callback", rate_name("callback")),
            ("satisfaction", rate_name("satisfaction")),
            ("clearance", self.tr("Daily clearance")),
        ):
            self.tiles.add(key, caption)
        layout.addWidget(self.tiles)
        self.tabs = QTabWidget(objectName="reviewTabs")
        self.tabs.setDocumentMode(True)
        self._build_overview_tab()
        self._build_late_tab()
        self._build_time_tab()
        self._build_units_tab()
        if self.show_points:
            self._build_officers_tab()
        layout.addWidget(self.tabs, 1)
        self.notes_label = QLabel(objectName="reviewNotes")
        self.notes_label.setProperty("muted", True)
        self.notes_label.setWordWrap(True)
        layout.addWidget(self.notes_label)
        self._use_table_font()
        self._show_range()
        self.resize(1600, 1000)
        # Esc and Ctrl+W close the window, as they close every other window of the console.
        self.act_close = QAction(self.tr("Close"), self, objectName="actReviewClose")
        self.act_close.setShortcuts([QKeySequence("Esc"), QKeySequence("Ctrl+W")])
        self.act_close.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.act_close.triggered.connect(self.close)
        self.addAction(self.act_close)

    # --- building ---------------------------------------------------------------------------

    def _use_table_font(self) -> None:
        """Every text of the window at least the console's table size (the application's
        style sheet keeps a window's font from reaching its children by itself)."""
        base = theme.table_font(self.font_pt)
        for widget in self.findChildren(QWidget):
            font = widget.font()
            if not font.resolveMask():
                widget.setFont(base)
            elif font.pointSize() < self.font_pt:
                font.setPointSize(self.font_pt)
                widget.setFont(font)

    def _names(self) -> Names:
        zh = current_language() == "zh_CN"
        categories = {}
        for c in category_choices(self._ctx):
            name = c.name_zh if zh else c.name_en
            parent = c.parent_zh if zh else c.parent_en
            categories[c.code] = f"{parent}/{name}" if parent else name
        grids = dict(station_grids(self._ctx))
        return Names(self._ctx.timezone, categories, grids)

    def _build_controls(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.period_combo = QComboBox(objectName="reviewPeriod")
        for period in Period:
            self.period_combo.addItem(self.tr(PERIOD_NAMES[period]), period)
        self.period_combo.currentIndexChanged.connect(self._period_chosen)
        tz = QTimeZone(self._ctx.timezone.key.encode())
        self.start_edit = QDateTimeEdit(objectName="reviewStart")
        self.end_edit = QDateTimeEdit(objectName="reviewEnd")
        for edit in (self.start_edit, self.end_edit):
            edit.setTimeZone(tz)
            edit.setDisplayFormat("yyyy-MM-dd HH:mm")
            edit.setCalendarPopup(True)
            edit.editingFinished.connect(self._range_edited)
        self.grid_button = QToolButton(objectName="reviewGrids")
        self.grid_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.grid_menu = QMenu(self.grid_button)
        self.grid_actions: dict[int, QAction] = {}
        for grid_id, name in self.names.grids.items():
            action = self.grid_menu.addAction(name)
            action.setCheckable(True)
            action.setChecked(True)
            action.toggled.connect(self._grids_chosen)
            self.grid_actions[grid_id] = action
        self.grid_button.setMenu(self.grid_menu)
        self.show_button = QPushButton(self.tr("Show"), objectName="reviewShow")
        self.show_button.setShortcut(QKeySequence("F5"))
        self.show_button.setToolTip(self.tr("Compute the debrief of this period (F5)"))
        self.show_button.clicked.connect(self.reload)
        self.export_button = QPushButton(self.tr("Export report…"), objectName="reviewExport")
        self.export_button.setShortcut(QKeySequence("Ctrl+E"))
        self.export_button.setToolTip(
            self.tr("The whole debrief with its charts to PDF, or its tables to Excel (Ctrl+E)")
        )
        self.export_button.clicked.connect(self.export_dialog)
        self.status_label = QLabel(objectName="reviewStatus")
        self.status_label.setProperty("muted", True)
        row.addWidget(QLabel(self.tr("Period")))
        row.addWidget(self.period_combo)
        row.addWidget(self.start_edit)
        row.addWidget(QLabel("—"))
        row.addWidget(self.end_edit)
        row.addWidget(self.grid_button)
        row.addWidget(self.show_button)
        row.addWidget(self.status_label, 1)
        row.addWidget(self.export_button)
        self._update_grid_button()
        return row

    def _build_overview_tab(self) -> None:
        page = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        grade_row = QHBoxLayout()
        grade_row.addWidget(QLabel(self.tr("Grade")))
        self.grade_combo = QComboBox(objectName="reviewGrade")
        self.grade_combo.currentIndexChanged.connect(self._grade_chosen)
        grade_row.addWidget(self.grade_combo)
        hint = QLabel(self.tr("Click a bar to list its incidents; the wheel zooms."))
        hint.setProperty("muted", True)
        grade_row.addWidget(hint, 1)
        column.addLayout(grade_row)
        self.histogram = ArrivalHistogram(self.chart_style)
        self.histogram.setObjectName("arrivalHistogram")
        self.histogram.sig_selected.connect(self.open_pick)
        column.addWidget(self.histogram, 1)
        self.parts_table = TablePanel(
            self.tr("Where the time went"), part_columns(), object_name="partsTable"
        )
        self.parts_table.sig_activated.connect(self._part_activated)
        column.addWidget(self.parts_table)
        page.addWidget(left)
        right = QSplitter(Qt.Orientation.Vertical)
        self.category_table = TablePanel(
            self.tr("Incidents by category and grade"),
            category_columns(),
            object_name="categoryTable",
        )
        self.category_table.sig_activated.connect(self._category_activated)
        self.clearance_table = TablePanel(
            self.tr("Daily clearance"), clearance_columns(), object_name="clearanceTable"
        )
        self.clearance_table.sig_activated.connect(self._day_activated)
        right.addWidget(self.category_table)
        right.addWidget(self.clearance_table)
        page.addWidget(right)
        page.setSizes([900, 600])
        self.tabs.addTab(page, self.tr("Overview"))

    def _build_late_tab(self) -> None:
        self.late_table = TablePanel(
            self.tr("Late incidents"), incident_columns(self.names), object_name="lateTable"
        )
        self.late_table.sig_activated.connect(lambda b: self.sig_open_incident.emit(b.incident_id))
        self.tabs.addTab(self.late_table, self.tr("Late incidents"))

    def _build_time_tab(self) -> None:
        page = QSplitter(Qt.Orientation.Vertical)
        self.heat_map = HourWeekdayHeatMap(self.chart_style)
        self.heat_map.setObjectName("hourWeekdayHeatMap")
        self.heat_map.sig_selected.connect(self.open_pick)
        self.trend = WeeklyTrendChart(self.chart_style)
        self.trend.setObjectName("weeklyTrend")
        self.trend.sig_selected.connect(self.open_pick)
        self.weekly_table = TablePanel(
            self.tr("Week by week"), weekly_columns(), object_name="weeklyTable"
        )
        page.addWidget(self.heat_map)
        page.addWidget(self.trend)
        page.addWidget(self.weekly_table)
        self.tabs.addTab(page, self.tr("Hours and weeks"))

    def _build_units_tab(self) -> None:
        page = QSplitter(Qt.Orientation.Horizontal)
        self.unit_chart = WorkloadChart(self.chart_style)
        self.unit_chart.setObjectName("unitWorkload")
        self.unit_chart.sig_selected.connect(self.open_pick)
        page.addWidget(self.unit_chart)
        right = QSplitter(Qt.Orientation.Vertical)
        self.unit_table = TablePanel(
            self.tr("Units: time in each status"),
            unit_status_columns(self.names),
            object_name="unitStatusTable",
        )
        self.unit_table.sig_activated.connect(self._unit_activated)
        self.coverage_table = TablePanel(
            self.tr("Coverage by grid"), coverage_columns(), object_name="coverageTable"
        )
        self.gap_table = TablePanel(
            self.tr("Coverage gaps"), gap_columns(self._ctx.timezone), object_name="gapTable"
        )
        for table in (self.unit_table, self.coverage_table, self.gap_table):
            right.addWidget(table)
        page.addWidget(right)
        page.setSizes([700, 800])
        self.tabs.addTab(page, self.tr("Units and coverage"))

    def _build_officers_tab(self) -> None:
        page = QSplitter(Qt.Orientation.Horizontal)
        self.officer_chart = WorkloadChart(self.chart_style)
        self.officer_chart.setObjectName("officerWorkload")
        self.officer_chart.sig_selected.connect(self.open_pick)
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.officer_chart, 1)
        form = QFormLayout()
        self.weight_edits: dict[str, QDoubleSpinBox] = {}
        for f in fields(PointWeights):
            edit = QDoubleSpinBox(objectName=f"weight_{f.name}")
            edit.setRange(0, 100)
            edit.setSingleStep(0.5)
            edit.setDecimals(2)
            edit.setValue(getattr(self.weights, f.name))
            self.weight_edits[f.name] = edit
            form.addRow(translated("Settings", opts.POINT_WEIGHTS[f.name].title), edit)
        apply = QPushButton(self.tr("Apply weights"), objectName="reviewApplyWeights")
        apply.clicked.connect(self.apply_weights)
        form.addRow(apply)
        column.addLayout(form)
        page.addWidget(left)
        self.officer_table = TablePanel(
            self.tr("Officer workload and task points"),
            officer_columns(),
            object_name="officerTable",
        )
        self.officer_table.sig_activated.connect(self._officer_activated)
        page.addWidget(self.officer_table)
        page.setSizes([600, 900])
        self.tabs.addTab(page, self.tr("Officers and points"))

    def set_actor(self, actor) -> None:
        """Someone signed in or out: show or hide the officers' points for the new actor."""
        show = sees_officer_points(actor)
        if show == self.show_points:
            return
        self.show_points = show
        if show:
            self._build_officers_tab()
            self._use_table_font()
            if self.debrief is not None:
                self.show_debrief(self.debrief)
            return
        page = self.officer_table.parentWidget()  # the tab's splitter
        self.tabs.removeTab(self.tabs.indexOf(page))
        page.deleteLater()
        del self.officer_table, self.officer_chart, self.weight_edits

    # --- choosing the period ------------------------------------------------------------------

    def set_period(self, period: Period, *, load: bool = True) -> None:
        index = self.period_combo.findData(period)
        self.period_combo.blockSignals(True)
        self.period_combo.setCurrentIndex(index)
        self.period_combo.blockSignals(False)
        self.period = period
        if period is not Period.CUSTOM:
            self.start, self.end = period_range(period, self._ctx.clock.now(), self._ctx.timezone)
        self._show_range()
        if load:
            self.reload()

    def set_range(self, start: datetime, end: datetime, *, load: bool = True) -> None:
        self.start, self.end = start, end
        self.set_period(Period.CUSTOM, load=load)

    def set_grids(self, grid_ids: tuple[int, ...] | None, *, load: bool = True) -> None:
        for grid_id, action in self.grid_actions.items():
            action.blockSignals(True)
            action.setChecked(grid_ids is None or grid_id in grid_ids)
            action.blockSignals(False)
        self.grid_ids = grid_ids
        self._update_grid_button()
        if load:
            self.reload()

    def _period_chosen(self, index: int) -> None:
        self.set_period(Period(self.period_combo.itemData(index)))  # Qt hands back the str

    def _range_edited(self) -> None:
        # Through epoch seconds: toPython() drops the edit's zone (the station's).
        start = datetime.fromtimestamp(self.start_edit.dateTime().toSecsSinceEpoch(), UTC)
        end = datetime.fromtimestamp(self.end_edit.dateTime().toSecsSinceEpoch(), UTC)
        if (start, end) != (self.start, self.end):
            self.start, self.end = start, end
            self.period_combo.blockSignals(True)
            self.period_combo.setCurrentIndex(self.period_combo.findData(Period.CUSTOM))
            self.period_combo.blockSignals(False)
            self.period = Period.CUSTOM

    def _grids_chosen(self) -> None:
        chosen = tuple(g for g, a in self.grid_actions.items() if a.isChecked())
        self.grid_ids = None if len(chosen) == len(self.grid_actions) else chosen
        self._update_grid_button()

    def _update_grid_button(self) -> None:
        if self.grid_ids is None:
            self.grid_button.setText(self.tr("All grids"))
        else:
            self.grid_button.setText(self.tr("%n grid(s)", "", len(self.grid_ids)))

    def _show_range(self) -> None:
        for edit, moment in ((self.start_edit, self.start), (self.end_edit, self.end)):
            edit.blockSignals(True)
            edit.setDateTime(QDateTime.fromSecsSinceEpoch(int(moment.timestamp()), edit.timeZone()))
            edit.blockSignals(False)

    # --- loading ------------------------------------------------------------------------------

    def reload(self) -> None:
        """Compute the debrief of the chosen period on a worker thread."""
        if self.end <= self.start:
            self.status_label.setText(self.tr("The period ends before it starts."))
            return
        self._token += 1
        token = self._token
        ctx, start, end, grids, weights = (
            self._ctx,
            self.start,
            self.end,
            self.grid_ids,
            self.weights,
        )
        bridge = self._bridge
        self.status_label.setText(self.tr("Computing…"))

        def work() -> None:
            try:
                result: object = compute_debrief(ctx, start, end, grids, weights=weights)
            except Exception as exc:  # shown in the window, not lost on the thread
                result = exc
            with contextlib.suppress(RuntimeError):  # the window is gone
                bridge.sig_done.emit(token, result)

        threading.Thread(target=work, name="review debrief", daemon=True).start()

    def _arrived(self, token: int, result: object) -> None:
        if self._closed or token != self._token:
            return  # a newer request is under way
        if isinstance(result, Exception):
            reason = (
                str(result).strip().splitlines()[0]
                if str(result).strip()
                else type(result).__name__
            )
            self.status_label.setText(
                self.tr("Cannot compute the debrief: {reason}").format(reason=reason)
            )
            self.sig_load_failed.emit(reason)
            return
        assert isinstance(result, Debrief)
        self.show_debrief(result)

    def show_debrief(self, d: Debrief) -> None:
        self.debrief = d
        tz = self._ctx.timezone
        self.status_label.setText(
            self.tr("Computed at {time}").format(
                time=d.generated_at.astimezone(tz).strftime("%H:%M:%S")
            )
        )
        self.headline.setText(self.report_title())
        self._fill_tiles(d)
        self.grade_combo.blockSignals(True)
        self.grade_combo.clear()
        self.grade_combo.addItem(self.tr("All grades"), "all")
        for grade, dist in d.arrival.items():
            if grade != "all" and dist.count:
                self.grade_combo.addItem(priority_name(grade), grade)
        self.grade_combo.setCurrentIndex(max(0, self.grade_combo.findData(arrival_grade(d))))
        self.grade_combo.blockSignals(False)
        self._grade_chosen()
        zh = current_language() == "zh_CN"
        self.category_table.set_records(category_rows(d, zh))
        self.parts_table.set_records(d.parts)
        self.clearance_table.set_records(d.daily_clearance)
        late_title = self.tr("Late incidents ({n})").format(n=d.late_total)
        if d.late_total > len(d.late_incidents):
            late_title += " · " + self.tr("the {k} latest are listed").format(
                k=len(d.late_incidents)
            )
        self.late_table.set_records(d.late_incidents, title=late_title)
        self.tabs.setTabText(self.tabs.indexOf(self.late_table), late_title.split(" · ")[0])
        self.heat_map.set_matrix(d.hour_weekday)
        self.trend.set_weeks(d.weekly)
        self.weekly_table.set_records(d.weekly)
        self.unit_chart.set_bars(
            self.tr("Incidents per unit"), self.tr("Incidents"), unit_bars(d.unit_workload)
        )
        self.unit_table.set_records(d.unit_status)
        self.coverage_table.set_records(d.coverage)
        self.gap_table.set_records(all_gaps(d))
        if self.show_points:
            self.officer_chart.set_bars(
                self.tr("Task points per officer"),
                self.tr("Points"),
                officer_bars(d.officer_workload),
            )
            self.officer_table.set_records(d.officer_workload)
        self.notes_label.setText("  ".join(note_text(n) for n in d.notes))
        self.sig_loaded.emit(d)

    def _fill_tiles(self, d: Debrief) -> None:
        tiles = self.tiles.tiles
        urgent = d.by_priority.get("urgent", 0)
        tiles["incidents"].set_figure(
            str(d.incidents), self.tr("{n} urgent").format(n=urgent) if urgent else ""
        )
        on_time = d.rates.on_time_arrival
        tiles["on_time"].set_figure(
            percent(on_time.rate),
            f"{on_time.numerator}/{on_time.denominator}",
            None if on_time.rate is None else ("good" if on_time.rate >= ON_TIME_GOOD else "bad"),
        )
        # One measure with the weekly table: every graded incident, first ring to the
        # first unit on scene (ARRIVAL_NOTE); the histogram below may show one grade.
        dist = d.arrival.get(ALL_GRADES)
        tiles["p90"].setToolTip(note_text(ARRIVAL_NOTE))
        if dist is not None and dist.p90_seconds is not None:
            grade_name = self.tr("all grades")
            target = dist.target_seconds
            tiles["p90"].set_figure(
                duration(dist.p90_seconds),
                self.tr("{grade}, target {target}").format(
                    grade=grade_name, target=duration(target)
                ),
                None if target is None else ("good" if dist.p90_seconds <= target else "bad"),
            )
        else:
            tiles["p90"].set_figure("—")
        for key in ("first_response", "closure", "callback", "satisfaction"):
            figure = getattr(d.rates, key)
            tiles[key].set_figure(percent(figure.rate), f"{figure.numerator}/{figure.denominator}")
        open_days = [c for c in d.daily_clearance if not c.cleared]
        tiles["clearance"].set_figure(
            self.tr("Cleared") if not open_days else self.tr("%n day(s) open", "", len(open_days)),
            self.tr("{n} incidents pending").format(
                n=sum(c.pending - c.explained for c in open_days)
            )
            if open_days
            else "",
            "good" if not open_days else "bad",
        )

    def _grade_chosen(self, *_args) -> None:
        if self.debrief is None:
            return
        grade = self.grade_combo.currentData() or "all"
        dist = self.debrief.arrival.get(grade)
        if dist is not None:
            self.histogram.set_distribution(dist)

    # --- click-through ------------------------------------------------------------------------

    def selection(self, **fields_: object) -> IncidentSelection:
        return IncidentSelection(
            start=self.start, end=self.end, grid_ids=self.grid_ids, limit=LIST_LIMIT, **fields_
        )

    def open_pick(self, pick: ChartPick) -> IncidentListDialog:
        return self.open_selection(pick.caption, self.selection(**pick.fields))

    def open_selection(self, caption: str, selection: IncidentSelection) -> IncidentListDialog:
        incidents = incidents_for(self._ctx, selection)
        if self.incident_list is not None:
            self.incident_list.close()
        dialog = IncidentListDialog(
            caption, incidents, self.names, limit=selection.limit, parent=self
        )
        dialog.sig_open_incident.connect(self.sig_open_incident)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda *_: setattr(self, "incident_list", None))
        self.incident_list = dialog
        dialog.show()
        return dialog

    def _part_activated(self, part: PartSummary) -> None:
        if part.late_because:
            self.open_selection(
                self.tr("Made late by: {part}").format(
                    part=self.parts_table.model.columns[0].shown(part)
                ),
                self.selection(late_part=part.part),
            )

    def _category_activated(self, row: CategoryRow) -> None:
        self.open_selection(row.name, self.selection(category_code=row.code))

    def _day_activated(self, day: DailyClearance) -> None:
        self.open_selection(day.day.isoformat(), self.selection(day=day.day))

    def _unit_activated(self, unit: UnitStatusTime) -> None:
        self.open_selection(unit.call_sign, self.selection(unit_id=unit.unit_id))

    def _officer_activated(self, officer: OfficerWorkload) -> None:
        self.open_selection(officer.name, self.selection(officer_id=officer.officer_id))

    # --- points -------------------------------------------------------------------------------

    def apply_weights(self) -> None:
        self.weights = PointWeights(**{k: e.value() for k, e in self.weight_edits.items()})
        if self._settings is not None:
            save_point_weights(self._settings, self.weights)
        self.reload()

    # --- export -------------------------------------------------------------------------------

    def report_title(self) -> str:
        return self.tr("{station} debrief {period}").format(
            station=self._ctx.station_name,
            period=period_text(self.start, self.end, self._ctx.timezone),
        )

    def summary_table(self) -> ReportTable:
        d = self.debrief
        assert d is not None
        tiles = self.tiles.tiles
        rows = [
            [tile.caption_label.text(), tile.value, tile.detail_label.text()]
            for tile in tiles.values()
        ]
        return ReportTable(
            self.tr("Summary"), [self.tr("Figure"), self.tr("Value"), self.tr("Detail")], rows
        )

    def report_tables(self) -> list[ReportTable]:
        """Every table of the debrief, as shown (sorted as the chief sorted them)."""
        tables = [
            self.summary_table(),
            self.category_table.report_table(),
            self.parts_table.report_table(),
            self.late_table.report_table(),
            self.clearance_table.report_table(),
            self.unit_table.report_table(),
            self.coverage_table.report_table(),
            self.gap_table.report_table(),
            self.weekly_table.report_table(),
        ]
        if self.show_points:
            tables.append(self.officer_table.report_table())
        return tables

    def report_blocks(self, fmt: str) -> list:
        if self.debrief is None:
            return []
        if fmt != "pdf":
            return self.report_tables()
        tz = self._ctx.timezone
        lines = [
            self.tr("Generated {time} · {n} incidents").format(
                time=self.debrief.generated_at.astimezone(tz).strftime("%Y-%m-%d %H:%M"),
                n=self.debrief.incidents,
            )
        ]
        lines += [note_text(n) for n in self.debrief.notes]
        tables = self.report_tables()
        charts = draw_all_charts(self.debrief, include_officers=self.show_points)
        return ["\n".join(lines), tables[0], *charts, *tables[1:]]

    def export_to(self, path, *, on_dialog=None) -> ExportOutcome:
        """Export the debrief to ``path`` (.pdf with charts, .xlsx or .csv tables)."""
        fmt = str(path).rsplit(".", 1)[-1].lower()
        blocks = self.report_blocks(fmt)
        if fmt == "csv":
            blocks = [self.late_table.report_table()]
        return export_report(
            self, path, self.report_title(), blocks, landscape=True, on_dialog=on_dialog
        )

    def export_dialog(self) -> None:
        if self.debrief is None:
            return
        name = self.report_title().replace(":", "").replace("/", "-").replace(" ", "_")
        export_with_dialogs(
            self,
            self.report_title(),
            self.report_blocks,
            suggested_name=name,
            formats=("pdf", "xlsx"),
            landscape=True,
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        self._closed = True
        if self.incident_list is not None:
            self.incident_list.close()
        super().closeEvent(event)
