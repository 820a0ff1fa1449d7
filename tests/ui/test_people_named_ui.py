"""Who acted reads as name and 警号 on screen, with real Qt events on both backends
(issue 14, item 9): the incident timeline (its 已派警 row names the unit), the handover
dialog's confirmations, the roster's approval line and the status bar's user; 办结 does not
offer 现场处置完毕 before any unit arrived; the detail's actions answer their keys."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QInputDialog
from sqlalchemy import select

from console.domain.clock import FixedClock
from console.services.accounts import hash_password
from console.services.dispatch import dispatch
from console.services.station import open_station, station_summary
from console.store.models import AppUser, Incident, Officer, Roster, Unit
from console.ui.handover.dialog import HandoverDialog
from console.ui.incident_detail.dialog import IncidentDetailDialog
from console.ui.intake.names import disposition_name
from console.ui.people import person_label
from console.ui.roster.pane import RosterPane
from console.ui.status_bar import StationStatusBar
from tests.support.duty_station import TODAY, add_roster, add_shift_types_and_user
from tests.support.station_factory import NOW, build_small_station

EVENING = NOW.replace(hour=11, minute=50)  # 19:50 in Nanjing
INCOMING_PASSWORD = "night-shift-2026"


def zhang() -> str:
    """张伟 with 警号 000002, as the interface language writes a person."""
    return person_label("张伟", "000002")


def liu() -> str:
    return person_label("刘洋", "000003")


@pytest.fixture
def station(store_url):
    small = build_small_station(store_url)
    duty = add_shift_types_and_user(store_url)
    add_roster(
        store_url,
        duty,
        [("刘洋", TODAY, "night", "street", "巡01"), ("王建国", TODAY, "day", "street", "巡01")],
    )
    ctx = open_station(store_url, clock=FixedClock(EVENING))
    with ctx.writing() as s, s.begin():
        officer = {o.name: o.id for o in s.scalars(select(Officer))}
        s.get(AppUser, ctx.actor.user_id).officer_id = officer["张伟"]
        second = s.get(AppUser, duty.second_user_id)
        second.officer_id = officer["刘洋"]
        second.password_hash = hash_password(INCOMING_PASSWORD)
        for roster in s.scalars(select(Roster)):
            roster.approved_by_user_id = duty.second_user_id
    ctx.close()
    ctx = open_station(store_url, clock=FixedClock(EVENING))
    yield small, ctx
    ctx.close()


def _detail(qtbot, ctx, incident_id):
    dlg = IncidentDetailDialog(ctx, incident_id)
    qtbot.addWidget(dlg)
    dlg.show()
    with qtbot.waitActive(dlg):
        dlg.activateWindow()
    return dlg


def _row_texts(table, row):
    return [table.item(row, c).text() for c in range(table.columnCount())]


def test_the_timeline_names_the_person_and_the_dispatched_unit(qtbot, console_app, station):
    small, ctx = station
    incident_id = small.open_incident_ids[0]
    with ctx.reading() as s:
        unit = s.scalar(select(Unit).where(Unit.call_sign == "步03"))
    dispatch(ctx, incident_id, unit.id, expected_unit_version=unit.version)
    dlg = _detail(qtbot, ctx, incident_id)
    rows = [_row_texts(dlg.timeline, r) for r in range(dlg.timeline.rowCount())]
    dispatched = next(r for r in rows if r[1] == "已派警")
    assert dispatched[2] == zhang() and "000002" in dispatched[2]
    assert "步03" in dispatched[3]


def _items_offered_on(qtbot, dlg, key) -> list[str]:
    """Press ``key`` on the detail pane; the input dialog it opens lists what it offers."""
    seen: list[str] = []

    def look() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QInputDialog):
            seen.extend(box.comboBoxItems())
            box.reject()
        else:
            QTimer.singleShot(20, look)

    dlg.activateWindow()  # again, after an earlier choice box closed
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dlg)
    QTimer.singleShot(0, look)
    qtbot.keyClick(
        dlg, key, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    # A button's key clicks it the way a mouse does (animated, a moment later).
    qtbot.waitUntil(lambda: bool(seen), timeout=5_000)
    return seen


def test_close_before_any_arrival_does_not_offer_handled_on_scene(qtbot, console_app, station):
    small, ctx = station
    incident_id = small.open_incident_ids[0]
    with ctx.reading() as s:
        assert s.get(Incident, incident_id).first_arrived_at is None
    dlg = _detail(qtbot, ctx, incident_id)
    assert (
        "Ctrl+Shift+C"
        in dlg.action_buttons[
            next(iter(a for a in dlg.action_buttons if a.value == "close"))
        ].toolTip()
    )
    offered = _items_offered_on(qtbot, dlg, Qt.Key.Key_C)
    assert disposition_name("resolved") == "现场处置完毕"
    assert "现场处置完毕" not in offered and disposition_name("advised") in offered
    # Once a unit is on scene it is offered.
    with ctx.writing() as s, s.begin():
        s.get(Incident, incident_id).first_arrived_at = EVENING - timedelta(minutes=1)
    dlg.reload()
    assert "现场处置完毕" in _items_offered_on(qtbot, dlg, Qt.Key.Key_C)


def test_every_detail_action_has_a_key_in_its_tooltip(qtbot, console_app, station):
    small, ctx = station
    dlg = _detail(qtbot, ctx, small.open_incident_ids[0])
    keys = set()
    for button in [*dlg.action_buttons.values(), dlg.regrade_button]:
        key = button.shortcut().toString()
        assert key and key in button.toolTip()
        keys.add(key)
    assert len(keys) == len(dlg.action_buttons) + 1


def test_the_handover_dialog_names_both_officers(qtbot, console_app, station):
    _, ctx = station
    dlg = HandoverDialog(ctx)
    qtbot.addWidget(dlg)
    dlg.show()
    assert zhang() in dlg.outgoing_label.text()
    assert dlg.incoming_user.itemText(dlg.incoming_user.findData("duty2")) == liu()
    qtbot.mouseClick(dlg.outgoing_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dlg.view.outgoing_confirmed_at is not None, timeout=10_000)
    assert "✔" in dlg.outgoing_label.text() and zhang() in dlg.outgoing_label.text()
    dlg.incoming_user.setCurrentIndex(dlg.incoming_user.findData("duty2"))
    qtbot.keyClicks(dlg.incoming_password, INCOMING_PASSWORD)
    with qtbot.waitSignal(dlg.sig_actor_changed, timeout=10_000):
        qtbot.mouseClick(dlg.incoming_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dlg.view.complete, timeout=10_000)
    assert liu() in dlg.incoming_label.text()


def test_the_roster_approval_and_the_status_bar_name_people(qtbot, console_app, station):
    _, ctx = station
    pane = RosterPane(ctx)
    qtbot.addWidget(pane)
    pane.show()
    qtbot.waitUntil(lambda: pane.view is not None, timeout=10_000)
    assert f"已由 {liu()} 于" in pane.summary.text()
    pane.shutdown()
    bar = StationStatusBar(station_summary(ctx), ctx.timezone)
    qtbot.addWidget(bar)
    assert zhang() in bar.user_label.text()
