"""Dispatch from the queue by keyboard alone, status keys on the board, the coverage strip
and stale flags — real Qt events on a real store (SQLite and PostgreSQL)."""

from __future__ import annotations

import itertools
import math
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from console.domain.unit_alerts import StaleRules
from console.domain.units import UnitStatus
from console.services.unit_queries import unit_summaries
from console.store.engine import make_engine, normalise_url, session_factory
from console.store.models import Assignment, Incident, RoadNode, RoadSegment, Unit
from console.ui.dispatch.dialog import RecommendDialog

from .station_data import ArrangedStation


def _add_roads(station: ArrangedStation) -> None:
    """A road between every two places of the arranged station (units and incidents)."""
    engine = make_engine(normalise_url(station.url))
    try:
        with session_factory(engine).begin() as s:
            points = {(u.lon, u.lat) for u in s.scalars(select(Unit)) if u.lon is not None}
            points |= {(i.lon, i.lat) for i in s.scalars(select(Incident)) if i.lon is not None}
            nodes = [RoadNode(station_id=station.station_id, lon=x, lat=y) for x, y in points]
            s.add_all(nodes)
            s.flush()
            for a, b in itertools.combinations(nodes, 2):
                metres = math.hypot((a.lon - b.lon) * 94_000, (a.lat - b.lat) * 111_000)
                s.add(
                    RoadSegment(
                        station_id=station.station_id,
                        from_node_id=a.id,
                        to_node_id=b.id,
                        road_class="secondary",
                        oneway=False,
                        length_m=metres * 1.3,
                        geometry=[[a.lon, a.lat], [b.lon, b.lat]],
                    )
                )
    finally:
        engine.dispose()


@pytest.fixture
def roads(arranged):
    _add_roads(arranged)
    return arranged


def _dialog() -> RecommendDialog | None:
    return next(
        (
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, RecommendDialog) and w.isVisible()
        ),
        None,
    )


def test_dispatch_from_the_queue_by_keyboard(qtbot, roads, window, ctx):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)  # the queue, row 1
    incident_id = window.selected_incident_id()
    assert incident_id == roads.open_incident_ids[0]

    qtbot.keyClick(window.queue.view, Qt.Key.Key_F8)
    qtbot.waitUntil(lambda: _dialog() is not None, timeout=5000)
    dialog = _dialog()
    suggestions = dialog.current.recommendation.suggestions
    assert suggestions, dialog.warning.text()
    top = dialog.picked()
    assert top == suggestions[0]
    assert dialog.table.rowCount() == len(suggestions)
    # Suggestions explain themselves: ETA, distance, status on every row.
    assert all(dialog.table.item(r, 4).text() for r in range(dialog.table.rowCount()))

    with qtbot.waitSignal(dialog.sig_dispatched, timeout=5000) as sent:
        qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    assert sent.args[0].unit_id == top.unit_id
    unit = unit_summaries(ctx, [top.unit_id])[top.unit_id]
    assert unit.status == "dispatched"
    with ctx.reading() as s:
        assert (
            s.scalar(
                select(Assignment.incident_id)
                .where(Assignment.unit_id == top.unit_id)
                .order_by(Assignment.id.desc())
            )
            == incident_id
        )
    number = window.queue.model.column_index("units")
    row = window.queue.model.row_of(incident_id)
    qtbot.waitUntil(
        lambda: top.call_sign in (window.queue.model.index(row, number).data() or ""), timeout=5000
    )
    # The board shows it too, and the dispatched unit left its grid's count.
    status_col = window.units.model.column_index("status")
    unit_row = window.units.model.row_of(top.unit_id)
    qtbot.waitUntil(
        lambda: window.units.model.index(unit_row, status_col).data() == "已派", timeout=5000
    )


def test_losing_a_race_says_so_and_offers_a_fresh_suggestion(qtbot, roads, window, ctx):
    from console.services.dispatch import dispatch

    window.queue.focus_table()
    dialog = window.open_dispatch()
    top = dialog.picked()
    # Another workstation sends the same unit first (to another incident).
    other_incident = roads.open_incident_ids[1]
    version = unit_summaries(ctx, [top.unit_id])[top.unit_id].version
    dispatch(ctx, other_incident, top.unit_id, expected_unit_version=version)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: top.call_sign in dialog.message.text())
    assert dialog.isVisible() and dialog.sending is None
    assert top.unit_id not in [s.unit_id for s in dialog.current.recommendation.suggestions]
    dialog.close()


def test_status_keys_on_the_board(qtbot, window, arranged, ctx):
    unit_id = arranged.unit_ids["巡03"]  # available
    view = window.units.view
    proxy_row = window.units.proxy.mapFromSource(
        window.units.model.index(window.units.model.row_of(unit_id), 0)
    ).row()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    view.setFocus()
    view.selectRow(proxy_row)
    assert "(5)" in window.units.status_actions[UnitStatus.BUSY].toolTip()
    qtbot.keyClick(view, Qt.Key.Key_5)  # saved off the UI thread, then the row reads again
    qtbot.waitUntil(lambda: window.units.setting_status.done)
    assert unit_summaries(ctx, [unit_id])[unit_id].status == "busy"
    qtbot.keyClick(view, Qt.Key.Key_2)
    qtbot.waitUntil(lambda: window.units.setting_status.done)
    assert unit_summaries(ctx, [unit_id])[unit_id].status == "patrolling"
    qtbot.keyClick(view, Qt.Key.Key_F6)
    qtbot.waitUntil(lambda: window.units.menu is not None and window.units.menu.isVisible())
    assert len(window.units.menu.actions()) == 7
    window.units.menu.close()


def test_coverage_strip_and_stale_flags(qtbot, window, arranged, ctx):
    strip = window.units.coverage
    assert len(strip.chips) == len(arranged.grid_ids)
    levels = {c.grid_id: c.level.value for c in strip.coverage}
    for grid_id, chip in strip.chips.items():
        assert chip.property("level") == levels[grid_id]
        assert "/" in chip.text()
    # Make every status stale: the board marks the clocks and counts them.
    window.units.set_stale_rules(StaleRules({s: 0 for s in UnitStatus}, position_seconds=0))
    window.units.model.tick(ctx.clock.now() + timedelta(minutes=1))
    col = window.units.model.column_index("in_status")
    assert window.units.model.index(0, col).data().startswith("⚠")
    qtbot.waitUntil(lambda: "⚠" in window.units.summary_label.text())
