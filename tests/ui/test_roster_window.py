"""The roster has a window of its own (issue 14, item 12), with real Qt events on both
backends: Alt+4 opens it and the map stays on screen beside the queue; the window
remembers where it was; its solve chart is tall enough to read; and the solve's quality
is said in words, with a gap only once the bound is above 0."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QRect, Qt
from PySide6.QtWidgets import QApplication, QDockWidget
from sqlalchemy import update

from console.services.station import open_station
from console.store.models import Roster
from console.ui.roster.pane import RosterPane, solve_quality_text
from console.ui.roster.progress_chart import MIN_HEIGHT
from console.ui.settings import Settings
from tests.roster.station import PRESET, START, build_roster_station

from .conftest import open_window


def _tr(source: str) -> str:
    return QCoreApplication.translate("RosterPane", source)


def test_alt_4_opens_the_roster_in_its_own_window_and_the_map_stays(qtbot, window):
    assert window.map_dock.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.AltModifier)
    roster = window.roster_window
    qtbot.waitUntil(lambda: roster.isVisible(), timeout=10_000)
    assert roster.isWindow() and roster.window() is not window
    assert isinstance(roster.pane, RosterPane) and roster.pane.isVisible()
    # The map is neither hidden nor behind a tab: it keeps its place in the main window.
    assert window.map_dock.isVisible() and not window.map_dock.visibleRegion().isEmpty()
    assert window.tabifiedDockWidgets(window.map_dock) == []
    assert window.findChild(QDockWidget, "rosterDock") is None
    # Tall enough to read (the dock gave it about 40 px).
    qtbot.waitUntil(lambda: roster.pane.chart.plot is not None, timeout=10_000)
    assert roster.pane.chart.height() >= MIN_HEIGHT
    plot = roster.pane.chart.plot.getPlotItem()
    assert plot.getAxis("bottom").labelText and plot.getAxis("left").labelText
    assert plot.legend is not None and len(plot.legend.items) == 2
    # Ctrl+W closes it; the main window and its map stay.
    roster.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is roster)
    qtbot.keyClick(roster, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not roster.isVisible())
    assert window.isVisible() and window.map_dock.isVisible()


def test_the_roster_window_remembers_where_it_was(qtbot, console_app, ctx, ui_settings):
    first = open_window(qtbot, ctx, ui_settings)
    first.act_focus_roster.trigger()
    qtbot.waitUntil(lambda: first.roster_window.isVisible(), timeout=10_000)
    first.roster_window.setGeometry(QRect(40, 30, 640, 480))
    first.close()
    second = open_window(qtbot, ctx, Settings())
    try:
        assert not second.roster_window.isVisible()  # opened when asked for
        second.act_focus_roster.trigger()
        qtbot.waitUntil(lambda: second.roster_window.isVisible(), timeout=10_000)
        assert second.roster_window.size().toTuple() == (640, 480)
    finally:
        second.close()


def test_the_gap_is_only_said_once_the_bound_is_above_zero(console_app):
    unknown = solve_quality_text(120.0, 0.0, "FEASIBLE")
    assert unknown == _tr("best found: cost {objective:g}; bound not yet known").format(
        objective=120.0
    )
    assert "%" not in unknown and "120" in unknown
    assert "%" not in solve_quality_text(120.0, None)
    known = solve_quality_text(120.0, 90.0, "FEASIBLE")
    assert "25.0%" in known and "90" in known
    assert solve_quality_text(0.0, 0.0, "OPTIMAL") == _tr(
        "proved the best possible: cost {objective:g}"
    ).format(objective=0.0)


@pytest.fixture
def roster_ctx(store_url):
    station = build_roster_station(store_url)
    context = open_station(station.url)
    yield context
    context.close()


def test_the_summary_of_a_solve_with_bound_zero_has_no_gap(qtbot, console_app, roster_ctx):
    pane = RosterPane(roster_ctx)
    qtbot.addWidget(pane)
    pane.show()
    assert pane.new_roster(PRESET, START, 14)
    qtbot.waitUntil(lambda: pane.idle() and pane.view is not None, timeout=20_000)
    with roster_ctx.writing() as s, s.begin():
        s.execute(
            update(Roster).values(
                solve_summary={
                    "source": "solver",
                    "objective": 120.0,
                    "bound": 0.0,
                    "gap": 1.0,
                    "status": "FEASIBLE",
                }
            )
        )
    pane.reload()
    text = pane.summary.text()
    assert solve_quality_text(120.0, 0.0, "FEASIBLE") in text
    assert "100.0%" not in text and "%" not in text
    pane.shutdown()
