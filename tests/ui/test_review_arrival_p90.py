"""The debrief says one arrival P90 (issue 14, item 13): the header's figure is the weekly
table's for the same week, both measured from the first ring to the first unit on scene
for every graded incident, and the definition is on screen. Plain words instead of
离散度, and the console's table text size instead of 11 px."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from PySide6.QtCore import QCoreApplication, Qt

from console.domain.clock import FixedClock
from console.domain.review.figures import ALL_GRADES
from console.services.review import ARRIVAL_NOTE, debrief
from console.services.station import open_station
from console.ui import settings as opts
from console.ui.review.labels import duration
from console.ui.review.window import ReviewWindow
from tests.ui.station_data import build_station


def _monday_week(ctx, weeks_back: int) -> tuple[datetime, datetime]:
    today = ctx.clock.now().astimezone(ctx.timezone).date()
    monday = today - timedelta(days=today.weekday() + 7 * weeks_back)
    start = datetime.combine(monday, time(0), ctx.timezone)
    return start, start + timedelta(days=7)


@pytest.fixture
def demo_ctx(demo_store, demo_now):
    url, _ = demo_store
    ctx = open_station(url, clock=FixedClock(demo_now))
    yield ctx
    ctx.close()


def _weekly_p90(window) -> list[str]:
    panel = window.weekly_table
    model = panel.proxy
    titles = [model.headerData(i, Qt.Orientation.Horizontal) for i in range(model.columnCount())]
    column = titles.index(QCoreApplication.translate("ReviewTable", "Arrival P90"))
    return [model.index(r, column).data() for r in range(model.rowCount())]


def test_the_header_p90_is_the_weekly_tables_for_the_same_week(
    qtbot, console_app, ui_settings, demo_ctx
):
    window = ReviewWindow(demo_ctx, ui_settings)
    qtbot.addWidget(window)
    window.resize(1600, 1000)
    window.show()
    start, end = _monday_week(demo_ctx, 2)
    with qtbot.waitSignal(window.sig_loaded, timeout=30_000):
        window.set_range(start, end)
    d = window.debrief
    assert d.arrival.get("urgent") is not None and d.arrival["urgent"].count  # grades differ
    assert len(d.weekly) == 1
    header = window.tiles.tiles["p90"].value
    assert header == duration(d.weekly[0].p90_response_seconds)
    assert _weekly_p90(window) == [header]
    # The definition is on screen: the tile's tooltip and the notes under the tabs.
    note = QCoreApplication.translate("ReviewNote", ARRIVAL_NOTE)
    assert window.tiles.tiles["p90"].toolTip() == note
    assert note in window.notes_label.text()
    # The console's table text size (14 pt by default), not the 11 px interface font.
    pt = ui_settings.value(opts.TABLE_FONT_PT)
    assert window.weekly_table.view.font().pointSize() == pt
    assert window.notes_label.font().pointSize() == pt
    assert window.histogram.style.font_pt == pt


def test_the_unit_chart_speaks_plain_words(qtbot, console_app, ui_settings, demo_ctx):
    window = ReviewWindow(demo_ctx, ui_settings)
    qtbot.addWidget(window)
    window.show()
    start, end = _monday_week(demo_ctx, 2)
    with qtbot.waitSignal(window.sig_loaded, timeout=30_000):
        window.set_range(start, end)
    title = window.unit_chart.getPlotItem().titleLabel.text
    assert "离散度" not in title and "spread" not in title


def test_one_week_has_one_p90_on_both_backends(store_url):
    arranged = build_station(store_url)
    ctx = open_station(arranged.url)
    try:
        start, end = _monday_week(ctx, 0)
        end = max(end, ctx.clock.now() + timedelta(minutes=1))
        d = debrief(ctx, start, end)
        assert len(d.weekly) == 1
        assert d.arrival[ALL_GRADES].p90_seconds == pytest.approx(d.weekly[0].p90_response_seconds)
        assert d.arrival[ALL_GRADES].p90_seconds is not None
        assert ARRIVAL_NOTE in d.notes
    finally:
        ctx.close()
