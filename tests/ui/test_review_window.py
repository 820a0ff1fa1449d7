"""The review window (复盘) on the demo station: its figures are the service's, a click on
a chart bar lists exactly that bar's incidents, the points are the chief's, and the
debrief exports to PDF, XLSX and CSV."""

from __future__ import annotations

import csv
from dataclasses import replace

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QPoint, Qt

from console.domain.clock import FixedClock
from console.domain.people import UserRole
from console.domain.review.results import PointWeights
from console.services.review import debrief
from console.services.station import open_station
from console.ui.review.labels import percent
from console.ui.review.periods import Period
from console.ui.review.window import ReviewWindow
from tests.reports.test_exports import pdf_text


@pytest.fixture
def demo_ctx(demo_store, demo_now):
    url, _ = demo_store
    ctx = open_station(url, clock=FixedClock(demo_now))
    yield ctx
    ctx.close()


def _as(ctx, role: UserRole):
    ctx.actor = replace(ctx.actor, role=role)
    return ctx


def open_review(qtbot, ctx, settings, period=Period.LAST_7_DAYS) -> ReviewWindow:
    window = ReviewWindow(ctx, settings)
    qtbot.addWidget(window)
    window.resize(1600, 1000)
    window.show()
    qtbot.waitExposed(window)
    with qtbot.waitSignal(window.sig_loaded, timeout=30_000):
        window.set_period(period)
    return window


def _column(panel, title: str) -> list[str]:
    model = panel.proxy
    c = [model.headerData(i, Qt.Orientation.Horizontal) for i in range(model.columnCount())].index(
        title
    )
    return [model.index(r, c).data() for r in range(model.rowCount())]


def test_the_window_shows_the_services_figures(qtbot, console_app, ui_settings, demo_ctx):
    ctx = _as(demo_ctx, UserRole.CHIEF)
    window = open_review(qtbot, ctx, ui_settings)
    expected = debrief(ctx, window.start, window.end, weights=PointWeights())
    shown = window.debrief
    assert shown.incidents == expected.incidents > 100
    tiles = window.tiles.tiles
    assert tiles["incidents"].value == str(expected.incidents)
    for key in ("first_response", "closure", "callback", "satisfaction"):
        assert tiles[key].value == percent(getattr(expected.rates, key).rate)
    assert tiles["on_time"].value == percent(expected.rates.on_time_arrival.rate)
    # The late incidents, most late first, as the service lists them.
    assert expected.late_total > 0
    assert window.late_table.model.rowCount() == len(expected.late_incidents)
    numbers = _column(window.late_table, window.late_table.model.columns[0].title)
    assert numbers == [b.number for b in expected.late_incidents]
    made_late = window.late_table.model.columns[-3]
    assert {made_late.shown(b) for b in expected.late_incidents} <= {
        made_late.shown(b) for b in window.late_table.model.records
    }
    # Incidents by category add up to the period's incidents.
    totals = [
        int(t)
        for t in _column(window.category_table, window.category_table.model.columns[-1].title)
    ]
    assert sum(totals) == expected.incidents
    assert window.unit_table.model.rowCount() == len(expected.unit_status)
    assert window.officer_table.model.rowCount() == len(expected.officer_workload) > 0
    # The histogram draws the service's distribution of the grade it opens on.
    grade = window.grade_combo.currentData()
    assert window.histogram.distribution == expected.arrival[grade]


def test_a_click_on_a_histogram_bar_lists_exactly_its_incidents(
    qtbot, console_app, ui_settings, demo_ctx
):
    window = open_review(qtbot, _as(demo_ctx, UserRole.CHIEF), ui_settings)
    window.grade_combo.setCurrentIndex(window.grade_combo.findData("all"))
    chart = window.histogram
    dist = chart.distribution
    assert dist.priority == "all"
    i = max(range(len(dist.counts)), key=lambda k: dist.counts[k])  # the tallest bar
    x = (chart.left_edges[i] + chart.right_edges[i]) / 2
    point = chart.widget_point(x, dist.counts[i] / 2)
    qtbot.mouseMove(chart.viewport(), point)
    qtbot.waitUntil(lambda: chart.hover_text is not None)
    assert f"{dist.counts[i]}" in chart.hover_text
    qtbot.mouseClick(chart.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.waitUntil(lambda: window.incident_list is not None)
    listed = window.incident_list.incidents
    assert len(listed) == dist.counts[i] > 0
    low, high = dist.bin_edges_seconds[i], dist.bin_edges_seconds[i + 1]
    assert all(low <= b.response_seconds < high for b in listed)
    assert all(b.arrival_target_seconds is not None for b in listed)  # graded ones only
    assert window.incident_list.table.model.rowCount() == len(listed)


def test_a_click_beside_the_bars_lists_nothing(qtbot, console_app, ui_settings, demo_ctx):
    window = open_review(qtbot, _as(demo_ctx, UserRole.CHIEF), ui_settings)
    chart = window.histogram
    empty = [k for k, n in enumerate(chart.distribution.counts) if n == 0 and k < 3]
    x = (chart.left_edges[empty[0]] + chart.right_edges[empty[0]]) / 2 if empty else -0.5
    with qtbot.assertNotEmitted(chart.sig_selected, wait=300):
        qtbot.mouseClick(
            chart.viewport(), Qt.MouseButton.LeftButton, pos=chart.widget_point(x, 0.5)
        )
    assert window.incident_list is None


def test_a_click_on_a_heat_map_cell_lists_that_hour(qtbot, console_app, ui_settings, demo_ctx):
    window = open_review(qtbot, _as(demo_ctx, UserRole.CHIEF), ui_settings)
    window.tabs.setCurrentIndex(2)
    heat = window.heat_map
    qtbot.waitExposed(heat)
    weekday, hour = divmod(int(heat.counts.argmax()), 24)
    point = heat.widget_point(hour + 0.5, weekday + 0.5)
    qtbot.mouseClick(heat.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.waitUntil(lambda: window.incident_list is not None)
    listed = window.incident_list.incidents
    assert len(listed) == heat.counts[weekday, hour] > 0
    tz = demo_ctx.timezone
    assert {
        (b.received_at.astimezone(tz).weekday(), b.received_at.astimezone(tz).hour) for b in listed
    } == {(weekday, hour)}


def test_points_are_for_the_chief_only(qtbot, console_app, ui_settings, demo_ctx):
    window = open_review(
        qtbot, _as(demo_ctx, UserRole.DUTY_OFFICER), ui_settings, Period.LAST_NIGHT
    )
    tabs = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert not hasattr(window, "officer_table")
    assert len(tabs) == 4
    titles = [t.title for t in window.report_tables()]
    assert all("points" not in t.lower() and "积分" not in t for t in titles)


def test_weights_change_the_points(qtbot, console_app, ui_settings, demo_ctx):
    from console.ui.review.access import point_weights

    window = open_review(qtbot, _as(demo_ctx, UserRole.CHIEF), ui_settings, Period.LAST_NIGHT)
    before = {o.officer_id: o for o in window.debrief.officer_workload}
    window.weight_edits["night_shift"].setValue(10.0)
    with qtbot.waitSignal(window.sig_loaded, timeout=30_000):
        window.apply_weights()
    assert point_weights(ui_settings).night_shift == 10.0  # remembered in the settings
    for officer in window.debrief.officer_workload:
        old = before[officer.officer_id]
        assert officer.points == pytest.approx(old.points + 8.0 * officer.night_shifts)


def test_the_debrief_exports_to_pdf_xlsx_and_csv(
    qtbot, console_app, ui_settings, demo_ctx, tmp_path
):
    window = open_review(qtbot, _as(demo_ctx, UserRole.CHIEF), ui_settings)
    d = window.debrief

    outcome = window.export_to(tmp_path / "复盘.pdf")
    assert outcome.written, outcome
    text = pdf_text(tmp_path / "复盘.pdf")
    assert "新街口派出所" in text
    assert d.late_incidents[0].number in text and d.late_incidents[-1].number in text

    assert window.export_to(tmp_path / "复盘.xlsx").written
    book = load_workbook(tmp_path / "复盘.xlsx")
    assert len(book.sheetnames) == len(window.report_tables())
    late = book[book.sheetnames[3]]
    assert [r[0].value for r in late.iter_rows(min_row=2)] == [b.number for b in d.late_incidents]

    assert window.export_to(tmp_path / "late.csv").written
    with open(tmp_path / "late.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert [r[0] for r in rows[1:]] == [b.number for b in d.late_incidents]


def test_a_cancelled_export_leaves_no_file(qtbot, console_app, ui_settings, demo_ctx, tmp_path):
    window = open_review(qtbot, _as(demo_ctx, UserRole.CHIEF), ui_settings)
    outcome = window.export_to(tmp_path / "复盘.xlsx", on_dialog=lambda dialog: dialog.cancel())
    assert outcome.cancelled and not outcome.written
    assert list(tmp_path.iterdir()) == []


def test_the_menu_opens_the_review(qtbot, console_app, ui_settings, demo_ctx):
    from .conftest import open_window

    main = open_window(qtbot, demo_ctx, ui_settings)
    try:
        assert main.act_review.shortcut().toString() == "Ctrl+Shift+D"
        main.act_review.trigger()
        review = main._review
        qtbot.waitUntil(lambda: review.debrief is not None, timeout=30_000)
        assert review.isVisible()
        assert review.period is Period.LAST_NIGHT
    finally:
        main.close()


def test_widget_point_maps_back(qtbot, console_app, ui_settings, demo_ctx):
    window = open_review(qtbot, _as(demo_ctx, UserRole.CHIEF), ui_settings, Period.LAST_NIGHT)
    chart = window.histogram
    p = chart.widget_point(2.5, 0.5)
    assert isinstance(p, QPoint)
    back = chart.view_box.mapSceneToView(chart.mapToScene(p))
    assert back.x() == pytest.approx(2.5, abs=0.05)


def test_grids_narrow_the_debrief(qtbot, console_app, ui_settings, demo_ctx):
    window = open_review(qtbot, _as(demo_ctx, UserRole.CHIEF), ui_settings)
    first = next(iter(window.names.grids))
    with qtbot.waitSignal(window.sig_loaded, timeout=30_000):
        window.set_grids((first,))
    expected = debrief(demo_ctx, window.start, window.end, (first,))
    assert window.debrief.grid_ids == (first,)
    assert window.tiles.tiles["incidents"].value == str(expected.incidents)
    assert 0 < expected.incidents < debrief(demo_ctx, window.start, window.end).incidents
    assert window.grid_button.text() != window.tr("All grids")


def test_editing_the_dates_chooses_a_period_of_ones_own(qtbot, console_app, ui_settings, demo_ctx):
    from datetime import timedelta

    from PySide6.QtCore import QDateTime

    window = open_review(qtbot, _as(demo_ctx, UserRole.CHIEF), ui_settings, Period.LAST_NIGHT)
    earlier = window.start - timedelta(hours=12)
    window.start_edit.setDateTime(
        QDateTime.fromSecsSinceEpoch(int(earlier.timestamp()), window.start_edit.timeZone())
    )
    window.start_edit.editingFinished.emit()
    assert window.period is Period.CUSTOM
    assert window.period_combo.currentData() == Period.CUSTOM.value
    assert window.start == earlier
    with qtbot.waitSignal(window.sig_loaded, timeout=30_000):
        qtbot.keyClick(window, Qt.Key.Key_F5)
    assert window.debrief.start == earlier
    assert window.debrief.incidents == debrief(demo_ctx, earlier, window.end).incidents


def test_choosing_a_period_in_the_list_loads_it(qtbot, console_app, ui_settings, demo_ctx):
    window = open_review(qtbot, _as(demo_ctx, UserRole.CHIEF), ui_settings, Period.LAST_NIGHT)
    with qtbot.waitSignal(window.sig_loaded, timeout=30_000):
        window.period_combo.setCurrentIndex(window.period_combo.findData(Period.YESTERDAY.value))
    assert window.period is Period.YESTERDAY
    start, end = window.debrief.start, window.debrief.end
    local = start.astimezone(demo_ctx.timezone)
    assert (local.hour, local.minute) == (0, 0) and (end - start).days == 1


def test_opening_a_step_lists_the_incidents_it_made_late(qtbot, console_app, ui_settings, demo_ctx):
    window = open_review(qtbot, _as(demo_ctx, UserRole.CHIEF), ui_settings)
    panel = window.parts_table
    row = next(r for r, p in enumerate(panel.model.records) if p.late_because)
    part = panel.model.records[row]
    index = panel.proxy.mapFromSource(panel.model.index(row, 0))
    panel.view.activated.emit(index)  # Enter or double click on the line
    listed = window.incident_list.incidents
    assert len(listed) == part.late_because
    assert all(b.late and b.late_part == part.part for b in listed)
