"""The handover dialog with real clicks and keys: the report as tables, notes, the outgoing
then the incoming confirmation (with the incoming officer's own password, after which the
workstation acts as them), refusals that store nothing, read-only for a role that does not
hand over, and a lost race shown and reloaded, on both backends."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from sqlalchemy import select

from console.domain.clock import FixedClock
from console.domain.people import UserRole
from console.services.accounts import SIGN_IN_REFUSED, authenticate, hash_password
from console.services.handover import confirm_outgoing, open_handover
from console.services.station import open_station
from console.store.models import AppUser, AuditEntry, Handover
from console.ui.handover.dialog import HandoverDialog
from tests.support.duty_station import TODAY, add_roster, add_shift_types_and_user
from tests.support.station_factory import NOW, build_small_station

EVENING = NOW.replace(hour=11, minute=50)  # 19:50 in Nanjing
INCOMING_PASSWORD = "night-shift-2026"
ADMIN_PASSWORD = "admin-pass-2026"


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
    with ctx.writing() as s, s.begin():
        s.get(AppUser, duty.second_user_id).password_hash = hash_password(INCOMING_PASSWORD)
        s.add(
            AppUser(
                username="it",
                display_name="信息员",
                role=UserRole.ADMIN.value,
                password_hash=hash_password(ADMIN_PASSWORD),
            )
        )
    yield duty, ctx
    ctx.close()


def stored(ctx):
    with ctx.reading() as s:
        return (
            s.scalar(select(Handover.version)),
            s.scalar(select(Handover.incoming_user_id)),
            len(list(s.scalars(select(AuditEntry.id)))),
        )


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
    settle(qtbot, dialog)
    assert dialog.view.outgoing_confirmed_at is not None
    assert "✔" in dialog.outgoing_label.text()
    assert not dialog.outgoing_button.isEnabled() and dialog.notes_edit.isReadOnly()
    # the outgoing officer is not offered as the incoming one, nor an administrator
    offered = [dialog.incoming_user.itemData(i) for i in range(dialog.incoming_user.count())]
    assert offered == ["duty2"]
    dialog.incoming_user.setCurrentIndex(dialog.incoming_user.findData("duty2"))
    qtbot.keyClicks(dialog.incoming_password, INCOMING_PASSWORD)
    with qtbot.waitSignal(dialog.sig_actor_changed) as changed:
        qtbot.mouseClick(dialog.incoming_button, Qt.MouseButton.LeftButton)
        settle(qtbot, dialog)
    assert changed.args[0].username == "duty2" and ctx.actor.username == "duty2"
    assert dialog.view.complete and "接班员" in dialog.incoming_label.text()
    assert not dialog.incoming_button.isEnabled() and dialog.incoming_password.text() == ""
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
    settle(qtbot, dialog)
    assert dialog.message_label.text() == QCoreApplication.translate(
        "services",
        "The handover was changed on another workstation; it has been reloaded. "
        "Check it and try again.",
    )
    assert dialog.view.outgoing_confirmed_at is not None  # reloaded: the other's confirmation
    assert dialog.notes_edit.toPlainText() == "另一台"
    assert not dialog.outgoing_button.isEnabled()


@pytest.mark.parametrize("password", ["wrong-password", ""])
def test_a_wrong_incoming_password_is_refused_and_nothing_is_stored(
    qtbot, dialog, station, password
):
    _, ctx = station
    qtbot.mouseClick(dialog.outgoing_button, Qt.MouseButton.LeftButton)
    settle(qtbot, dialog)
    before = stored(ctx)
    dialog.incoming_user.setCurrentIndex(dialog.incoming_user.findData("duty2"))
    dialog.incoming_password.setFocus()
    qtbot.keyClicks(dialog.incoming_password, password)
    with qtbot.assertNotEmitted(dialog.sig_actor_changed):
        qtbot.keyClick(dialog.incoming_password, Qt.Key.Key_Return)
        settle(qtbot, dialog)
    assert dialog.message_label.text() == QCoreApplication.translate("services", SIGN_IN_REFUSED)
    assert dialog.incoming_password.text() == "" and dialog.incoming_password.hasFocus()
    assert stored(ctx) == before and before[1] is None
    assert ctx.actor.username == "duty" and not dialog.view.complete
    assert dialog.incoming_button.isEnabled()  # the right password may follow


def test_an_administrator_sees_the_handover_read_only_and_why(qtbot, console_app, station):
    _, ctx = station
    ctx.actor = authenticate(ctx, "it", ADMIN_PASSWORD)
    dlg = HandoverDialog(ctx)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    why = QCoreApplication.translate(
        "services",
        "Only a duty officer, the duty commander or the station chief can hand over a shift.",
    )
    assert dlg.read_only_label.isVisible() and why in dlg.read_only_label.text()
    assert "信息员" in dlg.read_only_label.text()
    assert not dlg.outgoing_button.isEnabled() and not dlg.save_notes_button.isEnabled()
    assert dlg.notes_edit.isReadOnly()
    assert cells(dlg.incidents_table, 0)  # the report itself is there to read
    refused = dlg.confirm_outgoing()  # even when called directly, the service refuses
    settle(qtbot, dlg)
    assert refused.error is not None
    assert dlg.message_label.text() == why
    assert stored(ctx) == (None, None, stored(ctx)[2])


def test_from_the_main_window_the_incoming_officer_takes_over_the_workstation(
    qtbot, console_app, station, ui_settings
):
    from .conftest import open_window

    duty, ctx = station
    window = open_window(qtbot, ctx, ui_settings)
    try:
        assert "值班员" in window.status.user_label.text()
        qtbot.keyClick(window, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
        dlg = window.handover.dialog
        qtbot.waitExposed(dlg)
        qtbot.mouseClick(dlg.outgoing_button, Qt.MouseButton.LeftButton)
        settle(qtbot, dlg)
        dlg.incoming_password.setFocus()
        qtbot.keyClicks(dlg.incoming_password, INCOMING_PASSWORD)
        with qtbot.waitSignal(window.sig_actor_changed) as changed:
            qtbot.keyClick(dlg.incoming_password, Qt.Key.Key_Return)
        assert changed.args[0].user_id == duty.second_user_id
        assert "接班员" in window.status.user_label.text()  # the sign-in path's effects
        assert ctx.actor.username == "duty2"
        with ctx.reading() as s:
            last = s.execute(
                select(AuditEntry.action, AuditEntry.actor_name).order_by(AuditEntry.id.desc())
            ).first()
        assert tuple(last) == ("user.sign_in", "duty2")
    finally:
        window.close()


def settle(qtbot, dialog) -> None:
    """Wait until the dialog's last write has come back from the operation runner."""
    qtbot.waitUntil(lambda: dialog.writing is None or dialog.writing.done)
