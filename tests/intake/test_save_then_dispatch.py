"""Save a call, press F8, press Enter: the unit goes to the call just saved (issue 14,
item 1). Real key events on the main window, on both backends: the new call becomes the
queue's selected row (scrolled into view) whatever row was selected before, also after
the duplicate prompt; a call linked as a repeat selects the incident it repeats; the
queue waits, for a bounded time, for a row the change feed has not brought yet."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from console.domain.clock import FixedClock
from console.domain.intake import IntakeDraft
from console.services.intake import record_incident
from console.store.models import Assignment, Incident
from console.ui.dispatch.dialog import RecommendDialog
from tests.support.road_station import add_roads
from tests.support.station_factory import NOW

from .station import build_intake_station
from .test_intake_ui import type_call

URGENT_FIGHT = 0  # the small station's open 打架斗殴 at the door of 中山路18号


@pytest.fixture
def station(store_url):
    """The intake station on the road network of tests/support/road_station.py."""
    intake = build_intake_station(store_url)
    ctx = intake.open()
    try:
        station_id = ctx.station_id
    finally:
        ctx.close()
    add_roads(
        store_url,
        SimpleNamespace(station_id=station_id, open_incident_ids=intake.open_incident_ids),
    )
    return intake


def select_row(window, incident_id: int) -> None:
    """The officer's earlier selection: another incident, picked in the queue."""
    assert window.queue.select_id(incident_id)
    assert window.selected_incident_id() == incident_id


def dialog() -> RecommendDialog | None:
    return next(
        (
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, RecommendDialog) and w.isVisible()
        ),
        None,
    )


def f8_enter(qtbot, window) -> tuple[RecommendDialog, object]:
    """F8 on the main window, then Enter in the dispatch dialog; the dialog and what the
    runner dispatched."""
    # The intake panel gave the keyboard back to the main window (the offscreen platform
    # has no window manager to do it).
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.queue.view, Qt.Key.Key_F8)
    qtbot.waitUntil(lambda: dialog() is not None, timeout=5000)
    shown = dialog()
    assert shown.current is not None and shown.current.recommendation.suggestions
    with qtbot.waitSignal(shown.sig_dispatched, timeout=5000) as sent:
        qtbot.keyClick(shown.table, Qt.Key.Key_Return)
    return shown, sent.args[0]


def assigned_to(ctx, unit_id: int) -> int:
    with ctx.reading() as s:
        return s.scalar(
            select(Assignment.incident_id)
            .where(Assignment.unit_id == unit_id)
            .order_by(Assignment.id.desc())
        )


def shows_selected_row(window, incident_id: int) -> bool:
    """The row is selected, current and inside the visible part of the table."""
    view = window.queue.view
    row = window.queue.proxy.mapFromSource(
        window.queue.model.index(window.queue.model.row_of(incident_id), 0)
    )
    rect = view.visualRect(row)
    return (
        window.selected_incident_id() == incident_id
        and view.currentIndex().row() == row.row()
        and view.viewport().rect().intersects(rect)
    )


def test_save_f8_enter_sends_the_unit_to_the_call_just_saved(qtbot, window, ctx, station):
    before = station.open_incident_ids[URGENT_FIGHT]
    select_row(window, before)
    # A new call with a knife, away from the earlier fight, from another phone: no repeat.
    panel = type_call(
        qtbot, window, phone="13912345678", address="汉中路2号", narrative="店里有人持刀威胁店员"
    )
    qtbot.keyClick(panel.category_combo, Qt.Key.Key_Return)  # Enter saves
    qtbot.waitUntil(lambda: panel.last_recorded is not None and not panel.isVisible())
    new = panel.last_recorded
    assert new.priority == "urgent" and new.id != before
    qtbot.waitUntil(lambda: window.selected_incident_id() == new.id, timeout=5000)
    assert shows_selected_row(window, new.id)

    shown, result = f8_enter(qtbot, window)
    assert shown.incident_id == new.id
    # The title and the first line name the incident beyond doubt.
    for part in (new.number, "紧急", "汉中路2号"):
        assert part in shown.windowTitle(), shown.windowTitle()
        assert part in shown.header.text(), shown.header.text()
    assert result.incident_id == new.id and result.incident_number == new.number
    assert assigned_to(ctx, result.unit_id) == new.id  # not to the row selected before


def test_after_the_duplicate_prompt_f8_still_means_the_new_call(qtbot, window, ctx, station):
    before = station.open_incident_ids[1]  # another open incident, selected by the officer
    select_row(window, before)
    # The phone of the earlier calls: the repeat-call prompt comes first.
    panel = type_call(qtbot, window, phone="13800000000", narrative="又有人持刀了，在店门口")
    qtbot.keyClick(panel.category_combo, Qt.Key.Key_Return)
    assert panel.isVisible() and panel.duplicates_list.hasFocus()
    assert window.selected_incident_id() == before  # nothing saved yet, nothing moved
    qtbot.keyClick(panel.duplicates_list, Qt.Key.Key_Return)  # Enter again: a new incident
    qtbot.waitUntil(lambda: panel.last_recorded is not None and not panel.isVisible())
    new = panel.last_recorded
    qtbot.waitUntil(lambda: window.selected_incident_id() == new.id, timeout=5000)
    assert shows_selected_row(window, new.id)

    shown, result = f8_enter(qtbot, window)
    assert shown.incident_id == new.id and new.number in shown.windowTitle()
    assert assigned_to(ctx, result.unit_id) == new.id
    assert before != new.id


def test_a_call_linked_as_a_repeat_selects_the_incident_it_repeats(qtbot, window, station):
    select_row(window, station.open_incident_ids[2])
    panel = type_call(qtbot, window, phone="13800000000", narrative="店门口又打起来了")
    qtbot.keyClick(panel.category_combo, Qt.Key.Key_Return)
    repeated = panel.duplicates[0].id
    qtbot.keyClick(panel.duplicates_list, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: panel.last_recorded is not None)
    assert panel.last_recorded.status == "closed"  # the repeat itself leaves no queue row
    qtbot.waitUntil(lambda: window.selected_incident_id() == repeated, timeout=5000)


def test_a_row_the_feed_has_not_brought_yet_is_selected_when_it_comes(qtbot, window, ctx, station):
    queue = window.queue
    select_row(window, station.open_incident_ids[URGENT_FIGHT])
    with ctx.reading() as s:  # the next id the store will give an incident
        next_id = (s.scalar(select(Incident.id).order_by(Incident.id.desc()).limit(1)) or 0) + 1
    assert not queue.select_incident(next_id)
    assert window.selected_incident_id() is None  # the old row is let go at once
    qtbot.keyClick(queue.view, Qt.Key.Key_F8)  # F8 meanwhile acts on nothing
    assert dialog() is None and "选中" in window.status.currentMessage()
    # The filter would hide it: it is cleared so the new row shows.
    queue.filter_edit.setText("没有这样的警情")
    other = station.open(FixedClock(NOW))  # saved at another workstation: through the feed
    try:
        draft = IntakeDraft(
            caller_phone="13911112222",
            address_text="丰富路7弄",
            category_code="assist.lockout",
            priority="low",
            narrative="钥匙锁在屋里",
        )
        with qtbot.waitSignal(queue.sig_selected_new, timeout=5000) as selected:
            recorded, _ = record_incident(other, draft)
    finally:
        other.close()
    assert recorded.id == next_id and selected.args == [next_id]
    assert queue.filter_edit.text() == "" and shows_selected_row(window, next_id)


def test_the_wait_is_bounded_and_another_pick_ends_it(qtbot, window, station):
    queue = window.queue
    assert not queue.select_incident(987_654, wait_ms=200)
    qtbot.waitUntil(lambda: queue.awaiting is None, timeout=2000)
    assert window.selected_incident_id() is None
    assert not queue.select_incident(987_654)
    select_row(window, station.open_incident_ids[1])  # the officer picks a row meanwhile
    assert queue.awaiting is None
