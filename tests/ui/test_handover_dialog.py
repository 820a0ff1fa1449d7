"""The handover dialog with real clicks: the report as tables, notes, the outgoing then the
incoming confirmation, and a lost race shown and reloaded, on both backends."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from sqlalchemy import select

from console.domain.clock import FixedClock
from console.services.handover import confirm_outgoing, open_handover
from console.services.station import open_station
from console.store.models import Handover
from console.ui.handover.dialog import HandoverDialog
from tests.support.duty_station import TODAY, add_roster, add_shift_types_and_user
from tests.support.station_factory import NOW, build_small_station

EVENING = NOW.replace(hour=11, minute=50)  # 19:50 in Nanjing


@pytest.fixture
def station(store_url):
    build_small_station(store_url)
    duty = add_shift_types_and_user(store_url)
    add_roster(
        store_url,
        duty,
        [("刘洋", TODAY, "night", "street", "巡01"), ("张伟", TODAY, "night", "commander", None)],
    )
    ctx = open_station(store_url, clock=FixedClock(EVENING))
    yield duty, ctx
    ctx.close()


@pytest.fixture
def dialog(qtbot, console_app, station):
    _, ctx = station
    dlg = HandoverDialog(ctx)
    qtbot.addWidget(dlg)
    dlg.show()
    return dlg


def cells(table, column):
    return [table.item(r, column).text() for r in range(table.rowCount())]


def test_the_report_reads_as_tables(dialog):
    assert "20:00" in dialog.title_label.text()
    assert "白班" in dialog.title_label.text() and "夜班" in dialog.title_label.text()
    assert cells(dialog.incidents_table, 0) == ["20261122-0003", "20261122-0001", "20261122-0002"]
    assert cells(dialog.incidents_table, 1)[0] == "紧急"  # priorities by name, not code
    assert cells(dialog.incidents_table, 3)[0] == "已接警"
    assert "⚠" in cells(dialog.incidents_table, 5)[0]  # the urgent call is overdue
    assert cells(dialog.units_table, 0) == ["巡01", "巡02", "步03"]
    assert cells(dialog.units_table, 6)[0] == "刘洋"  # the incoming crew from the roster
    assert dialog.tabs.count() == 3
    assert not dialog.incoming_button.isEnabled()  # the outgoing officer confirms first
    assert dialog.outgoing_button.isEnabled()


def test_outgoing_then_incoming_by_clicks(qtbot, dialog, station):
    duty, ctx = station
    dialog.notes_edit.setFocus()
    qtbot.keyClicks(dialog.notes_edit, "car 02: left lamp broken")  # QTest types ASCII only
    qtbot.mouseClick(dialog.outgoing_button, Qt.MouseButton.LeftButton)
    assert dialog.view.outgoing_confirmed_at is not None
    assert "✔" in dialog.outgoing_label.text()
    assert not dialog.outgoing_button.isEnabled() and dialog.notes_edit.isReadOnly()
    # the outgoing officer is not offered as the incoming one
    offered = [dialog.incoming_user.itemData(i) for i in range(dialog.incoming_user.count())]
    assert ctx.actor.user_id not in offered and duty.second_user_id in offered
    dialog.incoming_user.setCurrentIndex(dialog.incoming_user.findData(duty.second_user_id))
    qtbot.mouseClick(dialog.incoming_button, Qt.MouseButton.LeftButton)
    assert dialog.view.complete and "接班员" in dialog.incoming_label.text()
    assert not dialog.incoming_button.isEnabled()
    with ctx.reading() as s:
        row = s.scalar(select(Handover))
    assert row.notes == "car 02: left lamp broken"
    assert row.incoming_user_id == duty.second_user_id


def test_a_handover_confirmed_elsewhere_first_is_shown_with_a_clear_message(qtbot, dialog, station):
    _, ctx = station
    other = open_station(ctx.engine.url.render_as_string(hide_password=False))
    try:
        other.clock = FixedClock(EVENING + timedelta(minutes=1))
        confirm_outgoing(other, open_handover(ctx).shift_start, "另一台", None)
    finally:
        other.close()
    qtbot.mouseClick(dialog.outgoing_button, Qt.MouseButton.LeftButton)
    assert dialog.message_label.text() == QCoreApplication.translate(
        "services",
        "The handover was changed on another workstation; it has been reloaded. "
        "Check it and try again.",
    )
    assert dialog.view.outgoing_confirmed_at is not None  # reloaded: the other's confirmation
    assert dialog.notes_edit.toPlainText() == "另一台"
    assert not dialog.outgoing_button.isEnabled()
