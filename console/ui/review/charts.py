"""The review's charts (pyqtgraph): hover shows a bar's values, the wheel zooms, a click
on a bar (or heat-map cell, or week) says which incidents it stands for.

Each chart is a PlotWidget fed one Debrief; ``sig_selected`` carries a ``ChartPick``
(the IncidentSelection fields of what was clicked, and a caption). The same classes draw
on white for printed reports (``PRINT_STYLE``, ``draw_all_charts``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QPointF, Qt, Signal
from PySide6.QtGui import QColor, QCursor, QFont, QFontMetrics, QImage, QPainter
from PySide6.QtWidgets import QToolTip, QWidget

from console.domain.incidents import Priority
from console.domain.review.results import (
    ArrivalDistribution,
    Debrief,
    HourWeekdayMatrix,
    OfficerWorkload,
    UnitWorkload,
    WeeklyRates,
)

from .. import theme
from ..vocabulary import priority_name
from .labels import duration, percent, rate_name, weekday_name

translate = QCoreApplication.translate


@dataclass(frozen=True)
class ChartStyle:
    background: str
    text: str
    muted: str
    grid: str
    bar: str
    bar_late: str
    busy: str
    idle: str
    target: str
    p90: str
    lines: tuple[str, ...]
    font_pt: int = 10


def screen_style(font_pt: int = 10) -> ChartStyle:
    """The on-screen colours; ``font_pt`` the text size (the review window passes the
    console's table text size)."""
    t = theme.current()
    return ChartStyle(
        background=t.base,
        text=t.text,
        muted=t.muted,
        grid=t.border,
        bar=t.accent,
        bar_late=t.overdue,
        busy=t.overdue,
        idle=t.status["on_scene"],
        target=t.overdue,
        p90=t.priority[Priority.HIGH],
        lines=(t.in_time, t.accent, t.priority[Priority.HIGH], t.status["busy"]),
        font_pt=font_pt,
    )


PRINT_STYLE = ChartStyle(
    background="#ffffff",
    text="#1b222a",
    muted="#5d6977",
    grid="#cfd6de",
    bar="#3b7dd8",
    bar_late="#d93a36",
    busy="#d93a36",
    idle="#3b7dd8",
    target="#c62828",
    p90="#ef6c00",
    lines=("#2e7d32", "#1f6fd0", "#ef6c00", "#7e4cc2"),
    font_pt=11,
)


@dataclass(frozen=True)
class ChartPick:
    """What a click chose: IncidentSelection fields (besides the period) and a caption."""

    caption: str
    fields: dict[str, Any] = field(default_factory=dict)


def chart_font(point_size: int, *, bold: bool = False) -> QFont:
    font = QFont()
    family = theme.cjk_family()
    if family:
        font.setFamilies([family])
    font.setPointSize(point_size)
    font.setBold(bold)
    return font


class ReviewChart(pg.PlotWidget):
    sig_selected = Signal(object)
    """Emitted with a ChartPick when a bar, cell or week is clicked."""

    def __init__(self, style: ChartStyle | None = None, parent: QWidget | None = None) -> None:
        self.style = style or screen_style()
        super().__init__(parent=parent, background=self.style.background)
        self.hover_text: str | None = None
        item = self.getPlotItem()
        item.setMenuEnabled(False)
        item.hideButtons()
        item.showGrid(x=False, y=True, alpha=0.25)
        tick_font = chart_font(self.style.font_pt - 1)
        for name in ("left", "bottom"):
            axis = item.getAxis(name)
            axis.setPen(pg.mkPen(self.style.grid))
            axis.setTextPen(pg.mkPen(self.style.text))
            axis.setTickFont(tick_font)
            axis.enableAutoSIPrefix(False)
        self.scene().sigMouseMoved.connect(self._hovered)
        self.scene().sigMouseClicked.connect(self._clicked)

    @property
    def view_box(self) -> pg.ViewBox:
        return self.getPlotItem().getViewBox()

    def set_title(self, text: str) -> None:
        plot = self.getPlotItem()
        plot.setTitle(text, color=self.style.text, size=f"{self.style.font_pt + 1}pt", bold=True)
        # pyqtgraph gives the title 30 px, too little for a CJK line at this size.
        height = QFontMetrics(chart_font(self.style.font_pt + 1, bold=True)).height() + 14
        plot.titleLabel.setMaximumHeight(height)
        plot.layout.setRowFixedHeight(0, height)

    def set_axis_label(self, name: str, text: str) -> None:
        self.getPlotItem().setLabel(
            name, text, color=self.style.muted, **{"font-size": f"{self.style.font_pt}pt"}
        )

    # --- what is under the mouse: each chart answers in data coordinates ---------------------

    def describe_at(self, x: float, y: float) -> str | None:  # noqa: ARG002
        return None

    def pick_at(self, x: float, y: float) -> ChartPick | None:  # noqa: ARG002
        return None

    def _data_point(self, scene_pos: QPointF) -> QPointF | None:
        if not self.view_box.sceneBoundingRect().contains(scene_pos):
            return None
        return self.view_box.mapSceneToView(scene_pos)

    def _hovered(self, scene_pos: QPointF) -> None:
        point = self._data_point(scene_pos)
        text = None if point is None else self.describe_at(point.x(), point.y())
        if text != self.hover_text:
            self.hover_text = text
            if text:
                QToolTip.showText(QCursor.pos(), text, self)
            else:
                QToolTip.hideText()

    def _clicked(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton or event.double():
            return
        point = self._data_point(event.scenePos())
        if point is None:
            return
        pick = self.pick_at(point.x(), point.y())
        if pick is not None:
            event.accept()
            self.sig_selected.emit(pick)

    def widget_point(self, x: float, y: float):
        """Where the data point (x, y) is on the viewport (for tests that click)."""
        scene = self.view_box.mapViewToScene(QPointF(x, y))
        return self.mapFromScene(scene)


def _count_ticks(axis: pg.AxisItem, top: float) -> None:
    """Whole-number ticks for counts (no "0.5 incidents")."""
    wanted = top / 8
    step = next(m * 10**e for e in range(12) for m in (1, 2, 5) if m * 10**e >= wanted)
    axis.setTickSpacing(major=step, minor=step)


def _brushes(colors: Sequence[str]) -> list:
    cache: dict[str, Any] = {}
    return [cache.setdefault(c, pg.mkBrush(c)) for c in colors]


# --- arrival times ---------------------------------------------------------------------------


class ArrivalHistogram(ReviewChart):
    """Response times of one grade in one-minute bins, bars past the target in red, with
    the target and the 90th percentile as vertical lines."""

    def __init__(self, style: ChartStyle | None = None, parent: QWidget | None = None) -> None:
        super().__init__(style, parent)
        self.distribution: ArrivalDistribution | None = None
        self.left_edges = np.zeros(0)
        self.right_edges = np.zeros(0)
        self.set_axis_label(
            "bottom", translate("ReviewChart", "Minutes from the call to the first unit on scene")
        )
        self.set_axis_label("left", translate("ReviewChart", "Incidents"))
        self.view_box.setMouseEnabled(x=True, y=False)
        s = self.style
        self.bars = pg.BarGraphItem(x0=[], x1=[], height=[], pen=pg.mkPen(s.background, width=1))
        self.addItem(self.bars)
        label_opts = {"color": s.text, "fill": pg.mkBrush(s.background)}
        self.target_line = pg.InfiniteLine(
            0,
            angle=90,
            pen=pg.mkPen(s.target, width=2),
            label="",
            labelOpts={"position": 0.92, **label_opts},
        )
        self.p90_line = pg.InfiniteLine(
            0,
            angle=90,
            pen=pg.mkPen(s.p90, width=2, style=Qt.PenStyle.DashLine),
            label="",
            labelOpts={"position": 0.78, **label_opts},
        )
        for line in (self.target_line, self.p90_line):
            line.setVisible(False)
            self.addItem(line)

    def set_distribution(self, d: ArrivalDistribution) -> None:
        self.distribution = d
        edges = np.asarray(d.bin_edges_seconds, dtype=float) / 60.0
        counts = np.asarray(d.counts, dtype=float)
        grade = (
            translate("ReviewChart", "all grades")
            if d.priority == "all"
            else priority_name(d.priority)
        )
        self.set_title(
            translate(
                "ReviewChart", "Arrival times — {grade}: {n} arrivals, {on_time} on time"
            ).format(grade=grade, n=d.count, on_time=d.on_time)
        )
        self.target_line.setVisible(False)
        self.p90_line.setVisible(False)
        if len(counts) == 0:
            self.left_edges = self.right_edges = np.zeros(0)
            self.bars.setOpts(x0=[], x1=[], height=[], brushes=None)
            return
        left, right = edges[:-1].copy(), edges[1:].copy()
        width = float(np.median(right - left)) if len(left) else 1.0
        if len(left) > 1 and right[-1] - left[-1] > 2 * width:
            right[-1] = left[-1] + width  # the open "and over" bin drawn one bin wide
        self.left_edges, self.right_edges = left, right
        target = None if d.target_seconds is None else d.target_seconds / 60.0
        colors = [
            self.style.bar_late if target is not None and r > target + 1e-6 else self.style.bar
            for r in right
        ]
        self.bars.setOpts(x0=left, x1=right, height=counts, brushes=_brushes(colors))
        # A line's label only takes new text while the line is visible.
        if target is not None:
            self.target_line.setVisible(True)
            self.target_line.setValue(target)
            self.target_line.label.setFormat(
                translate("ReviewChart", "Target {time}").format(time=duration(d.target_seconds))
            )
        if d.p90_seconds is not None:
            self.p90_line.setVisible(True)
            self.p90_line.setValue(d.p90_seconds / 60.0)
            self.p90_line.label.setFormat(
                translate("ReviewChart", "P90 {time}").format(time=duration(d.p90_seconds))
            )
        self.view_box.setLimits(xMin=float(left[0]) - 1, xMax=float(right[-1]) + 1, yMin=0)
        # Open on the bars there are (and the lines), not on empty bins; zoom out for more.
        filled = np.flatnonzero(counts)
        shown = float(right[filled[-1]]) if len(filled) else float(right[-1])
        marks = [m for m in (target, None if d.p90_seconds is None else d.p90_seconds / 60) if m]
        shown = min(float(right[-1]), max([shown, *marks]) + 1)
        self.setXRange(float(left[0]), shown, padding=0.02)
        top = max(1.0, float(counts.max()) * 1.3)  # room for the lines' labels
        self.setYRange(0, top, padding=0)
        _count_ticks(self.getPlotItem().getAxis("left"), top)

    def bar_at(self, x: float) -> int | None:
        hits = np.flatnonzero((self.left_edges <= x) & (x < self.right_edges))
        return int(hits[0]) if len(hits) else None

    def bar_range(self, i: int) -> tuple[float, float | None]:
        """The bar's [from, to) in seconds; the last bin is open above."""
        assert self.distribution is not None
        edges = self.distribution.bin_edges_seconds
        last = i == len(self.distribution.counts) - 1
        return float(edges[i]), None if last else float(edges[i + 1])

    def _bar_caption(self, i: int) -> str:
        start, end = self.bar_range(i)
        if end is None:
            return translate("ReviewChart", "{start} and over").format(start=duration(start))
        return f"{duration(start)} – {duration(end)}"

    def describe_at(self, x: float, y: float) -> str | None:
        i = self.bar_at(x)
        if i is None or self.distribution is None:
            return None
        return translate("ReviewChart", "{range}: {n} incidents").format(
            range=self._bar_caption(i), n=self.distribution.counts[i]
        )

    def pick_at(self, x: float, y: float) -> ChartPick | None:
        i = self.bar_at(x)
        if i is None or self.distribution is None or not self.distribution.counts[i]:
            return None
        start, end = self.bar_range(i)
        grade = self.distribution.priority
        caption = translate("ReviewChart", "Arrival {range}").format(range=self._bar_caption(i))
        if grade != "all":
            caption = f"{priority_name(grade)} · {caption}"
        return ChartPick(
            caption,
            {
                "priority": None if grade == "all" else grade,
                "response_from_s": start,
                "response_to_s": end,
            },
        )


# --- when incidents come in --------------------------------------------------------------------


class HourWeekdayHeatMap(ReviewChart):
    """Incidents per hour (across) and weekday (down); darker is busier."""

    def __init__(self, style: ChartStyle | None = None, parent: QWidget | None = None) -> None:
        super().__init__(style, parent)
        self.counts = np.zeros((7, 24), dtype=int)
        self.getPlotItem().showGrid(x=False, y=False)
        self.view_box.invertY(True)
        self.view_box.setAspectLocked(False)
        self.set_axis_label("bottom", translate("ReviewChart", "Hour of day"))
        left = self.getPlotItem().getAxis("left")
        left.setTicks([[(i + 0.5, weekday_name(i)) for i in range(7)]])
        bottom = self.getPlotItem().getAxis("bottom")
        bottom.setTicks([[(h + 0.5, str(h)) for h in range(0, 24, 2)], []])
        cmap = pg.ColorMap(
            [0.0, 0.5, 1.0],
            [QColor(self.style.background), QColor(self.style.p90), QColor(self.style.bar_late)],
        )
        self.image = pg.ImageItem(np.zeros((24, 7)))  # ImageItem: the first axis is x
        self.image.setLookupTable(cmap.getLookupTable(nPts=256))
        self.image.setRect(0, 0, 24, 7)
        self.addItem(self.image)

    def set_matrix(self, m: HourWeekdayMatrix) -> None:
        self.counts = np.array(m.counts, dtype=int).reshape(7, 24)
        self.set_title(
            translate("ReviewChart", "Incidents by hour and weekday ({n})").format(n=m.total)
        )
        self.image.setImage(self.counts.T.astype(float), levels=(0, max(1, int(self.counts.max()))))
        self.image.setRect(0, 0, 24, 7)
        self.view_box.setLimits(xMin=0, xMax=24, yMin=0, yMax=7)
        self.setRange(xRange=(0, 24), yRange=(0, 7), padding=0)

    def cell_at(self, x: float, y: float) -> tuple[int, int] | None:
        if not (0 <= x < 24 and 0 <= y < 7):
            return None
        return int(y), int(x)

    def describe_at(self, x: float, y: float) -> str | None:
        cell = self.cell_at(x, y)
        if cell is None:
            return None
        weekday, hour = cell
        return translate("ReviewChart", "{weekday} {hour}:00–{hour}:59: {n} incidents").format(
            weekday=weekday_name(weekday), hour=hour, n=int(self.counts[weekday, hour])
        )

    def pick_at(self, x: float, y: float) -> ChartPick | None:
        cell = self.cell_at(x, y)
        if cell is None or not self.counts[cell]:
            return None
        weekday, hour = cell
        caption = translate("ReviewChart", "{weekday} {hour}:00–{hour}:59").format(
            weekday=weekday_name(weekday), hour=hour
        )
        return ChartPick(caption, {"weekday": weekday, "hour": hour})


# --- who carries the load ----------------------------------------------------------------------


@dataclass(frozen=True)
class LoadBar:
    name: str
    value: float
    detail: str
    fields: dict[str, Any]


class WorkloadChart(ReviewChart):
    """One horizontal bar per unit or officer, busiest on top, against the mean: bars a
    quarter above it are busy (red), a quarter below idle (blue) — 忙闲不均 at a glance."""

    BAND = 0.25

    def __init__(self, style: ChartStyle | None = None, parent: QWidget | None = None) -> None:
        super().__init__(style, parent)
        self.bars: list[LoadBar] = []
        self.view_box.invertY(True)
        self.view_box.setMouseEnabled(x=False, y=True)
        self.getPlotItem().showGrid(x=True, y=False, alpha=0.25)
        s = self.style
        self.bar_item = pg.BarGraphItem(x0=[], x1=[], y=[], height=0.75, pen=pg.mkPen(None))
        self.addItem(self.bar_item)
        self.mean_line = pg.InfiniteLine(
            0,
            angle=90,
            pen=pg.mkPen(s.text, width=1, style=Qt.PenStyle.DashLine),
            label="",
            labelOpts={"position": 0.97, "color": s.text, "fill": pg.mkBrush(s.background)},
        )
        self.addItem(self.mean_line)

    def set_bars(self, title: str, unit_label: str, bars: Sequence[LoadBar]) -> None:
        self.bars = sorted(bars, key=lambda b: -b.value)
        values = np.array([b.value for b in self.bars], dtype=float)
        n = len(values)
        mean = float(values.mean()) if n else 0.0
        spread = ""
        if n and mean > 0:
            cv = float(values.std()) / mean
            low = float(values.min())
            ratio = (
                translate("ReviewChart", "busiest {ratio:.1f}× the least busy").format(
                    ratio=values.max() / low
                )
                if low > 0
                else ""
            )
            spread = " · ".join(
                s
                for s in (
                    translate(
                        "ReviewChart", "workloads differ from the average by {cv:.0%}"
                    ).format(cv=cv),
                    ratio,
                )
                if s
            )
        self.set_title(f"{title}  ({spread})" if spread else title)
        self.set_axis_label("bottom", unit_label)
        left = self.getPlotItem().getAxis("left")
        step = 1 if n <= 30 else max(1, n // 20)
        left.setTicks([[(i, self.bars[i].name) for i in range(0, n, step)], []])
        self.mean_line.setVisible(bool(n))
        if not n:
            self.bar_item.setOpts(x0=[], x1=[], y=[], brushes=None)
            return
        colors = [
            self.style.busy
            if v > mean * (1 + self.BAND)
            else self.style.idle
            if v < mean * (1 - self.BAND)
            else self.style.muted
            for v in values
        ]
        self.bar_item.setOpts(x0=np.zeros(n), x1=values, y=np.arange(n), brushes=_brushes(colors))
        self.mean_line.setValue(mean)  # visible already: its label takes the text
        self.mean_line.label.setFormat(
            translate("ReviewChart", "mean {value:.1f}").format(value=mean)
        )
        self.view_box.setLimits(yMin=-1, yMax=n, xMin=0)
        right = max(1.0, float(values.max()) * 1.05)
        self.setRange(xRange=(0, right), yRange=(-0.6, n - 0.4), padding=0)
        if all(float(v).is_integer() for v in values):
            _count_ticks(self.getPlotItem().getAxis("bottom"), right)
        else:
            self.getPlotItem().getAxis("bottom").setTickSpacing()  # automatic for points

    def bar_at(self, x: float, y: float) -> int | None:
        i = int(round(y))
        if (
            0 <= i < len(self.bars)
            and abs(y - i) <= 0.4
            and 0 <= x <= max(self.bars[i].value, 0) + 1e-9
        ):
            return i
        return None

    def describe_at(self, x: float, y: float) -> str | None:
        i = self.bar_at(x, y)
        return None if i is None else f"{self.bars[i].name}: {self.bars[i].detail}"

    def pick_at(self, x: float, y: float) -> ChartPick | None:
        i = self.bar_at(x, y)
        if i is None:
            return None
        return ChartPick(self.bars[i].name, dict(self.bars[i].fields))


def unit_bars(units: Sequence[UnitWorkload]) -> list[LoadBar]:
    return [
        LoadBar(
            u.call_sign,
            float(u.incidents),
            translate(
                "ReviewChart", "{n} incidents, {hours:.1f} h committed, {scene:.1f} h on scene"
            ).format(
                n=u.incidents, hours=u.committed_seconds / 3600, scene=u.on_scene_seconds / 3600
            ),
            {"unit_id": u.unit_id},
        )
        for u in units
    ]


def officer_bars(officers: Sequence[OfficerWorkload]) -> list[LoadBar]:
    return [
        LoadBar(
            o.name,
            float(o.points),
            translate(
                "ReviewChart",
                "{points:.1f} points, {n} incidents, {shifts} shifts ({night} at night)",
            ).format(points=o.points, n=o.incidents, shifts=o.shifts, night=o.night_shifts),
            {"officer_id": o.officer_id},
        )
        for o in officers
    ]


# --- week by week ------------------------------------------------------------------------------

TREND_RATES = ("on_time_arrival", "first_response", "closure", "satisfaction")


class WeeklyTrendChart(ReviewChart):
    """The main rates week by week (percent); a click on a week lists its incidents."""

    def __init__(self, style: ChartStyle | None = None, parent: QWidget | None = None) -> None:
        super().__init__(style, parent)
        self.weeks: list[WeeklyRates] = []
        self.set_axis_label("left", "%")
        self.view_box.setMouseEnabled(x=True, y=False)
        s = self.style
        self.getPlotItem().addLegend(
            offset=(
                10,
                -10,
            ),  # bottom left: the rates live near the top labelTextColor=s.text, labelTextSize=f"{s.font_pt - 1}pt"
        ).setBrush(pg.mkBrush(s.background))
        self.lines = {
            key: self.plot(
                [],
                [],
                name=rate_name(key),
                pen=pg.mkPen(color, width=2),
                symbol="o",
                symbolSize=6,
                symbolBrush=pg.mkBrush(color),
                symbolPen=pg.mkPen(color),
                connect="finite",
            )
            for key, color in zip(TREND_RATES, s.lines, strict=True)
        }

    def set_weeks(self, weeks: Sequence[WeeklyRates]) -> None:
        plot = self.getPlotItem()
        self.weeks = list(weeks)
        self.set_title(translate("ReviewChart", "Main rates week by week"))
        x = np.arange(len(self.weeks), dtype=float)
        lows = [100.0]
        for key, line in self.lines.items():
            y = np.array(
                [
                    np.nan if (r := getattr(w.rates, key).rate) is None else r * 100
                    for w in self.weeks
                ],
                dtype=float,
            )
            if np.any(~np.isnan(y)):
                lows.append(float(np.nanmin(y)))
            line.setData(x, y)
        bottom = plot.getAxis("bottom")
        step = max(1, len(self.weeks) // 12)
        bottom.setTicks(
            [[(i, f"{w.week_start:%m-%d}") for i, w in enumerate(self.weeks) if i % step == 0], []]
        )
        low = max(0.0, min(lows) - 5)
        self.setYRange(low, 101, padding=0)
        self.setXRange(-0.5, max(0.5, len(self.weeks) - 0.5), padding=0)

    def week_at(self, x: float) -> int | None:
        i = int(round(x))
        return i if 0 <= i < len(self.weeks) and abs(x - i) <= 0.45 else None

    def describe_at(self, x: float, y: float) -> str | None:
        i = self.week_at(x)
        if i is None:
            return None
        w = self.weeks[i]
        lines = [
            translate("ReviewChart", "Week of {day}: {n} incidents").format(
                day=f"{w.week_start:%Y-%m-%d}", n=w.incidents
            )
        ]
        lines += [f"{rate_name(k)} {percent(getattr(w.rates, k).rate)}" for k in TREND_RATES]
        lines.append(
            translate("ReviewChart", "Arrival P90 {time}").format(
                time=duration(w.p90_response_seconds)
            )
        )
        return "\n".join(lines)

    def pick_at(self, x: float, y: float) -> ChartPick | None:
        i = self.week_at(x)
        if i is None or not self.weeks[i].incidents:
            return None
        start: date = self.weeks[i].week_start
        return ChartPick(
            translate("ReviewChart", "Week of {day}").format(day=f"{start:%Y-%m-%d}"),
            {"week_start": start},
        )


# --- every chart at once, offscreen ------------------------------------------------------------


def arrival_grade(debrief: Debrief) -> str:
    """The grade the histogram opens on: 紧急 when there were urgent arrivals, else all."""
    urgent = debrief.arrival.get(Priority.URGENT.value)
    return Priority.URGENT.value if urgent is not None and urgent.count else "all"


CHART_SIZE = (1200, 480)


class _PrintBoard:
    """The charts draw_all_charts paints with, made once per style and size and kept
    hidden: building pyqtgraph widgets costs more than drawing them."""

    def __init__(self, style: ChartStyle, size: tuple[int, int]) -> None:
        self.histogram = ArrivalHistogram(style)
        self.heat = HourWeekdayHeatMap(style)
        self.workload = WorkloadChart(style)
        self.trend = WeeklyTrendChart(style)
        for chart in (self.histogram, self.heat, self.workload, self.trend):
            # "Shown" without a window, so the plot is laid out at this size.
            chart.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
            chart.resize(*size)
            chart.show()
            # Only render() paints them: no second paint of every chart on the next
            # event loop pass for a window nobody sees.
            chart.setUpdatesEnabled(False)


_boards: dict[tuple[ChartStyle, tuple[int, int]], _PrintBoard] = {}


def draw_all_charts(
    debrief: Debrief,
    *,
    include_officers: bool = True,
    size: tuple[int, int] = CHART_SIZE,
    style: ChartStyle = PRINT_STYLE,
) -> list[QImage]:
    """Every review chart of ``debrief`` drawn offscreen (white, for reports), in order:
    arrival histogram of 紧急 (when there were urgent arrivals) and of all grades, the
    hour x weekday heat map, incidents per unit, task points per officer (when
    ``include_officers`` and the roster gives any), the weekly trend of the main rates.

    The first call also builds the hidden chart widgets (reused after)."""
    board = _boards.get((style, size))
    if board is None:
        board = _boards[style, size] = _PrintBoard(style, size)
    images: list[QImage] = []

    def grab(chart: ReviewChart) -> None:
        # render() into an image skips grab()'s backing store: several times faster.
        chart.getPlotItem().layout.activate()  # the new title's height, before painting
        image = QImage(chart.size(), QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(QColor(style.background))
        painter = QPainter(image)
        chart.render(painter)
        painter.end()
        images.append(image)

    grades = ["all"]
    if arrival_grade(debrief) != "all":
        grades.insert(0, arrival_grade(debrief))
    for grade in grades:
        if grade in debrief.arrival:
            board.histogram.set_distribution(debrief.arrival[grade])
            grab(board.histogram)
    board.heat.set_matrix(debrief.hour_weekday)
    grab(board.heat)
    board.workload.set_bars(
        translate("ReviewChart", "Incidents per unit"),
        translate("ReviewChart", "Incidents"),
        unit_bars(debrief.unit_workload),
    )
    grab(board.workload)
    if include_officers and debrief.officer_workload:
        board.workload.set_bars(
            translate("ReviewChart", "Task points per officer"),
            translate("ReviewChart", "Points"),
            officer_bars(debrief.officer_workload),
        )
        grab(board.workload)
    board.trend.set_weeks(debrief.weekly)
    grab(board.trend)
    return images
