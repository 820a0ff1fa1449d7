"""The solve's progress: the best roster's cost and the proven bound over time
(pyqtgraph); the gap between the two lines is how far from optimal the roster may be.

The plot is made the first time the roster pane shows: pyqtgraph takes a quarter of a second
to load, and the roster pane is built with the main window but seldom opened first."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QVBoxLayout, QWidget

from .. import theme

MIN_HEIGHT = 280  # px: the title, both axes with their labels, the legend and the lines


class SolveProgressChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rosterSolveChart")
        self.setMinimumHeight(MIN_HEIGHT)
        self.plot = None
        self.points: list[tuple[float, float, float]] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

    def ensure_plot(self) -> None:
        """Make the plot (the roster pane calls this when it first shows)."""
        if self.plot is not None:
            return
        import pyqtgraph as pg

        t = theme.current()
        self.plot = pg.PlotWidget(background=t.base)
        self.plot.showGrid(x=True, y=True, alpha=0.25)
        self.plot.setTitle(self.tr("Solver: roster cost and best bound"), color=t.text, size="11pt")
        label_style = {"color": t.text, "font-size": "11pt"}
        self.plot.setLabel("bottom", self.tr("seconds"), **label_style)
        self.plot.setLabel("left", self.tr("cost"), **label_style)
        tick_font = QFont()
        tick_font.setPointSize(10)
        for side in ("bottom", "left"):
            self.plot.getAxis(side).setTickFont(tick_font)
        self.plot.addLegend(offset=(-10, 10), labelTextSize="10pt", labelTextColor=t.text)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.hideButtons()
        self.objective_curve = self.plot.plot(
            [],
            [],
            name=self.tr("roster cost"),
            pen=pg.mkPen("#e0a22e", width=2),
            stepMode=None,
            symbol="o",
            symbolSize=4,
            symbolBrush="#e0a22e",
        )
        self.bound_curve = self.plot.plot(
            [], [], name=self.tr("best bound"), pen=pg.mkPen("#5b9be0", width=2)
        )
        self.layout().addWidget(self.plot)
        self._draw()

    def clear(self) -> None:
        self.points = []
        self._draw()

    def add_point(self, seconds: float, objective: float, bound: float) -> None:
        self.points.append((seconds, objective, bound))
        self._draw()

    def _draw(self) -> None:
        if self.plot is None:
            return  # drawn from the points when it first shows
        xs = [p[0] for p in self.points]
        self.objective_curve.setData(xs, [p[1] for p in self.points])
        self.bound_curve.setData(xs, [max(0.0, p[2]) for p in self.points])
