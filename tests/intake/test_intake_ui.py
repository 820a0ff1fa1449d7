"""The intake panel, queue alerts and filters, the detail pane and the daily clearance
view, driven by real Qt key events on a real SQLite store (the services are tested on
both backends in test_intake_services.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from console.domain.clock import FixedClock
from console.domain.incidents import Priority
from console.domain.intake import IntakeDraft
from console.domain.lifecycle import IncidentAction
from console.services.incident_lifecycle import change_status, incident_detail
from console.services.intake import record_incident
from console.services.station import upgrade_store
from tests.support.station_factory import NOW

from .station import build_intake_station


@pytest.fixture
def station(empty_sqlite_url):
    upgrade_store(empty_sqlite_url)
    return build_intake_station(empty_sqlite_url)


def type_text(qtbot, widget, text: str) -> None:
    """Type as a duty officer does: ASCII from the keyboard, Chinese committed by the
    input method (QTest can only press keys that exist on the keyboard)."""
    run = ""

    def flush_chinese():
        nonlocal run
        if run:
            event = QInputMethodEvent()
            event.setCommitString(run)
            QApplication.sendEvent(widget, event)
            run = ""

    for ch in text:
        if ch.isascii():
            flush_chinese()
            qtbot.keyClicks(widget, ch)
        else:
            run += ch
    flush_chinese()


def done(qtbot, operation):
    """Wait until an operation handed to the runner has come back; return it."""
    assert operation is not None
    qtbot.waitUntil(lambda: operation.done)
    return operation


def type_call(
    qtbot,
    window,
    *,
    phone="13812345678",
    address="新街口 中山路 18号",
    narrative="两人在店门口打架，一人持刀",
    category="order.fight",
):
    """The 08:14 call by keyboard alone: F2, phone, Tab, Tab, address, Tab, narrative,
    Tab to the category (arrow keys), and the priority follows the escalation tag."""
    qtbot.keyClick(window, Qt.Key.Key_F2)
    panel = window.intake_panel()
    qtbot.waitUntil(lambda: panel.isVisible() and panel.phone_edit.hasFocus())
    type_text(qtbot, panel.phone_edit, phone)
    qtbot.keyClick(panel.phone_edit, Qt.Key.Key_Tab)
    assert panel.name_edit.hasFocus()
    qtbot.keyClick(panel.name_edit, Qt.Key.Key_Tab)
    assert panel.address_edit.hasFocus()
    type_text(qtbot, panel.address_edit, address)
    qtbot.keyClick(panel.address_edit, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: panel.narrative_edit.hasFocus())
    type_text(qtbot, panel.narrative_edit, narrative)
    qtbot.keyClick(panel.narrative_edit, Qt.Key.Key_Tab)
    assert panel.category_combo.hasFocus()
    target = panel.category_combo.findData(category)
    while panel.category_combo.currentIndex() < target:
        qtbot.keyClick(panel.category_combo, Qt.Key.Key_Down)
    return panel


def test_keyboard_only_intake_ends_on_the_queue_graded_and_located(qtbot, window, ctx, station):
    panel = type_call(qtbot, window)
    assert panel.address is not None and panel.address.text == "中山路18号"
    assert "第一网格" in panel.location_label.text()
    assert panel.priority_combo.currentData() == "urgent"  # 打架斗殴 is 较紧急; 持刀 raises it
    assert "持刀" in panel.tags_label.text() and "指挥长" in panel.tags_label.text()
    alerts = []
    panel.sig_commander_alert.connect(alerts.append)
    # Enter: the open fight at the same door 4 minutes ago is offered as a duplicate.
    qtbot.keyClick(panel.category_combo, Qt.Key.Key_Return)
    assert panel.isVisible() and panel.duplicates_list.isVisible()
    assert [d.id for d in panel.duplicates] == [station.open_incident_ids[0]]
    assert panel.duplicates_list.hasFocus()
    # Enter again keeps it as a new incident (saved off the UI thread).
    qtbot.keyClick(panel.duplicates_list, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not panel.isVisible())
    recorded = panel.last_recorded
    assert recorded is not None and alerts == [recorded]
    model = window.queue.model
    row = model.row_of(recorded.id)
    assert row == 1  # urgent, after the older urgent fight (most urgent, then oldest)

    def cell(key):
        return model.index(row, model.column_index(key)).data()

    assert (cell("priority"), cell("grid"), cell("address")) == ("紧急", "第一网格", "中山路18号")
    assert cell("time_left") == "5:00"  # the grid's urgent target, from when the phone rang
    assert recorded.arrival_deadline == NOW + timedelta(minutes=5)


def test_a_repeat_call_is_linked_with_ctrl_l(qtbot, window, station):
    panel = type_call(qtbot, window, phone="13800000000", narrative="店门口又打起来了")
    qtbot.keyClick(panel.category_combo, Qt.Key.Key_Return)
    assert panel.duplicates
    qtbot.keyClick(panel.duplicates_list, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: panel.last_recorded is not None)
    assert panel.last_recorded.status == "closed"
    assert panel.last_recorded.duplicate_of_number == "20261122-0003"


def test_bad_input_is_refused_in_the_panel_and_nothing_is_saved(qtbot, window, ctx):
    before = list(window.queue.model.ids)
    panel = type_call(qtbot, window, phone="12ab")
    qtbot.keyClick(panel.category_combo, Qt.Key.Key_Return)
    assert panel.isVisible() and "不是电话号码" in panel.message_label.text()
    assert panel.phone_edit.hasFocus()
    panel.phone_edit.setText("13912345678")
    panel.address_edit.setFocus()
    qtbot.keyClick(panel.address_edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, panel.address_edit, "火星路1号")
    assert panel.address is None
    panel.narrative_edit.setPlainText("打" * 10_000)
    assert not panel.save()
    assert "10000" in panel.message_label.text()
    panel.narrative_edit.setPlainText("有人打架")
    assert panel.save()  # handed to the runner; the services refuse the address
    qtbot.waitUntil(lambda: "地址库" in panel.message_label.text())
    assert panel.saving is None and panel.isVisible()
    assert not panel.set_location_from_point(118.70, 32.00)
    assert "网格" in panel.message_label.text()
    assert window.queue.model.ids == before


def test_escape_asks_before_discarding_a_typed_call(qtbot, window):
    panel = type_call(qtbot, window)
    answers = iter([QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Discard])

    def answer():
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            box.button(next(answers)).click()

    QTimer.singleShot(100, answer)
    qtbot.keyClick(panel.category_combo, Qt.Key.Key_Escape)
    assert panel.isVisible() and panel.phone_edit.text() == "13812345678"
    QTimer.singleShot(100, answer)
    qtbot.keyClick(panel.category_combo, Qt.Key.Key_Escape)
    assert not panel.isVisible() and not panel.is_dirty()


def test_a_map_point_fills_the_nearest_address_and_grid(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_F2)
    panel = window.intake_panel()
    assert panel.set_location_from_point(118.7821, 32.0361)
    assert panel.address_edit.text() == "汉中路2号" and "第二网格" in panel.location_label.text()
    panel.address_edit.clear()
    # The map dock's click signal (what a click in the page emits) reaches the open panel.
    window.map_dock.sig_map_clicked.emit(118.7821, 32.0361)
    assert panel.address_edit.text() == "汉中路2号"


def test_a_new_urgent_incident_flashes_and_sounds_once_unless_muted(qtbot, window, ctx):
    pane = window.queue
    draft = IntakeDraft(
        caller_phone="13811112222",
        address_text="汉中路2号",
        category_code="fire.building",
        priority="urgent",
        narrative="楼道起火",
    )
    with qtbot.waitSignal(pane.sig_urgent_alert, timeout=5000):
        recorded, _ = record_incident(ctx, draft)  # another workstation, through the feed
    assert pane.alerts_sounded == 1 and pane.model.is_flashing(recorded.id)
    qtbot.keyClick(window, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    assert pane.sound_muted
    with qtbot.waitSignal(pane.sig_urgent_alert, timeout=5000):
        record_incident(ctx, draft)
    assert pane.alerts_sounded == 1


def test_queue_filters_by_status_priority_grid_category_and_text(window):
    pane = window.queue
    assert pane.proxy.rowCount() == 3
    pane.set_field_filter("priority", "urgent")
    assert pane.proxy.rowCount() == 1
    pane.set_field_filter("priority", None)
    pane.set_field_filter("category", "dispute")
    assert pane.proxy.rowCount() == 1
    pane.set_field_filter("grid", "第一网格")
    assert pane.proxy.rowCount() in (0, 1)
    pane.set_field_filter("category", None)
    pane.set_field_filter("grid", None)
    pane.set_field_filter("status", "dispatched")
    assert pane.proxy.rowCount() == 0
    pane.set_field_filter("status", "")
    pane.filter_edit.setText("汉中路")
    assert pane.proxy.rowCount() == 1
    assert "1 起" in pane.summary_label.text() or "显示" in pane.summary_label.text()


def test_detail_pane_actions_and_refusals(qtbot, window, ctx, station):
    incident_id = station.open_incident_ids[1]
    window.queue.view.setFocus()
    row = window.queue.proxy.mapFromSource(
        window.queue.model.index(window.queue.model.row_of(incident_id), 0)
    ).row()
    window.queue.view.selectRow(row)
    qtbot.keyClick(window.queue.view, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    dialog = window._details[incident_id]
    assert dialog.isVisible() and dialog.detail.number == "20261122-0001"
    assert not dialog.action_buttons[IncidentAction.CALL_BACK].isEnabled()
    # A refused step names the current state, in Chinese.
    refused = done(qtbot, dialog.perform(IncidentAction.CALL_BACK, satisfaction="satisfied"))
    assert refused.error is not None
    assert "已接警" in dialog.message_label.text()
    # Another workstation dispatches first: this pane's close is refused, nothing written.
    other = station.open(FixedClock(NOW))
    try:
        change_status(
            other, incident_id, IncidentAction.DISPATCH, expected_version=dialog.detail.version
        )
    finally:
        other.close()
    assert done(qtbot, dialog.perform(IncidentAction.CLOSE, disposition="mediated")).error
    assert "其他席位" in dialog.message_label.text()
    assert incident_detail(ctx, incident_id).status == "dispatched"
    assert dialog.detail.status == "dispatched"  # it looked again
    assert done(qtbot, dialog.perform(IncidentAction.CLOSE, disposition="mediated")).error is None
    assert incident_detail(ctx, incident_id).status == "closed"
    dialog.note_edit.setFocus()
    type_text(qtbot, dialog.note_edit, "双方已和解")
    qtbot.keyClick(dialog.note_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.note_edit.text())
    assert incident_detail(ctx, incident_id).timeline[-1].detail == {"text": "双方已和解"}
    qtbot.waitUntil(lambda: incident_id not in window.queue.model.ids)


def test_detail_pane_regrades_and_the_deadline_follows(qtbot, window, ctx, station):
    incident_id = station.open_incident_ids[1]
    window.open_detail(incident_id)
    dialog = window._details[incident_id]
    before = incident_detail(ctx, incident_id)
    assert dialog.regrade_button.isEnabled()
    assert done(qtbot, dialog.regrade(Priority.URGENT)).error is None
    after = incident_detail(ctx, incident_id)
    assert after.priority == "urgent" and after.version == before.version + 1
    # Counted from the first ring, whatever the grid's urgent target is.
    assert after.arrival_deadline > after.received_at
    assert after.arrival_deadline != before.arrival_deadline
    assert dialog.timeline.item(dialog.timeline.rowCount() - 1, 1).text() == "已调整等级"
    done(qtbot, dialog.perform(IncidentAction.CLOSE, disposition="mediated"))
    assert not dialog.regrade_button.isEnabled()
    assert done(qtbot, dialog.regrade(Priority.LOW)).error  # closed: refused, said in the pane
    assert dialog.message_label.text()
    assert incident_detail(ctx, incident_id).priority == "urgent"


def test_daily_clearance_view(qtbot, window, station):
    qtbot.keyClick(window, Qt.Key.Key_F9)
    view = window._clearance
    assert view.isVisible()
    ids = {i.id for i in view.items}
    assert ids == set(station.open_incident_ids) | set(station.closed_incident_ids)
    assert "未日清" in view.summary_label.text() or "未清" in view.summary_label.text()
    closed_row = [i.id for i in view.items].index(station.closed_incident_ids[0])
    view.table.selectRow(closed_row)
    view.explain_edit.setFocus()
    type_text(qtbot, view.explain_edit, "报警人电话关机")
    qtbot.keyClick(view.explain_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: (
            next(i for i in view.items if i.id == station.closed_incident_ids[0]).explanation
            == "报警人电话关机"
        )
    )


def test_queue_sorts_in_the_model_and_keeps_its_order_through_changes(qtbot, window, ctx):
    pane = window.queue
    number = pane.model.column_index("number")
    column = pane.model.column_index("time_left")

    def numbers():
        return [pane.proxy.index(r, number).data() for r in range(pane.proxy.rowCount())]

    service_order = numbers()
    pane.view.sortByColumn(column, Qt.SortOrder.AscendingOrder)
    # -10:00 (overdue), 1:00, by appointment
    assert numbers() == ["20261122-0001", "20261122-0003", "20261122-0002"]
    pane.view.sortByColumn(column, Qt.SortOrder.DescendingOrder)
    assert numbers() == ["20261122-0002", "20261122-0003", "20261122-0001"]
    draft = IntakeDraft(
        caller_phone="13811112222",
        address_text="汉中路2号",
        category_code="order.noise",
        priority="normal",
        narrative="噪音",
    )
    with qtbot.waitSignal(pane.model.rowsInserted, timeout=5000):
        recorded, _ = record_incident(ctx, draft)
    assert numbers()[1] == recorded.number  # 15:00 left, placed by the sort
    pane.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
    assert numbers()[: len(service_order)] != [] and numbers()[0] == service_order[0]
