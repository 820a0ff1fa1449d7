"""The arrival-targets dialog, by keyboard alone, from the File menu; read-only, saying
why, for anyone but the station chief or the duty commander."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QDialogButtonBox, QLabel
from sqlalchemy import func, select

from console.domain.incidents import Priority
from console.domain.people import UserRole
from console.services.context import Actor
from console.services.grid_targets import grid_targets
from console.store.models import AppUser, AuditEntry
from console.ui.grid_targets import GridTargetsDialog


def add_user(ctx, role: UserRole, name: str) -> Actor:
    with ctx.writing() as s, s.begin():
        user = AppUser(username=f"u_{role.value}", display_name=name, role=role.value)
        s.add(user)
        s.flush()
        return Actor(user.id, user.username, user.display_name, role)


@pytest.fixture
def chief_ctx(ctx):
    """The workstation signed in as the station chief (who may change targets)."""
    ctx.actor = add_user(ctx, UserRole.CHIEF, "李所长")
    return ctx


def type_minutes(qtbot, text: str) -> None:
    box = QApplication.focusWidget()
    assert box is not None
    qtbot.keyClick(box, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(box, text)
    qtbot.keyClick(box, Qt.Key.Key_Tab)


def shown_dialog(qtbot, ctx) -> GridTargetsDialog:
    """The dialog on screen for ``ctx``'s acting user."""
    dialog = GridTargetsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_keyboard_only_sets_a_grids_targets_including_by_appointment(qtbot, console_app, chief_ctx):
    ctx = chief_ctx
    dialog = shown_dialog(qtbot, ctx)
    first = dialog.grids[0]
    boxes = dialog.boxes[first.grid_id]
    qtbot.waitUntil(boxes[Priority.URGENT].hasFocus)
    type_minutes(qtbot, "8")  # urgent
    type_minutes(qtbot, "15")  # high
    type_minutes(qtbot, "25")  # normal
    assert boxes[Priority.LOW].hasFocus()
    low = boxes[Priority.LOW]
    assert low.text() == low.specialValueText() != ""  # by appointment, as it was
    qtbot.keyClick(boxes[Priority.LOW], Qt.Key.Key_Up)  # one minute up: 1 min
    qtbot.keyClick(boxes[Priority.LOW], Qt.Key.Key_Down)  # and back to by appointment
    with qtbot.waitSignal(dialog.accepted, timeout=3000):
        qtbot.keyClick(boxes[Priority.LOW], Qt.Key.Key_Return)
    saved = {t.grid_id: t.minutes for t in grid_targets(ctx)}
    assert saved[first.grid_id] == {
        Priority.URGENT: 8,
        Priority.HIGH: 15,
        Priority.NORMAL: 25,
        Priority.LOW: None,
    }
    others = [t for t in dialog.grids if t.grid_id != first.grid_id]
    assert all(saved[t.grid_id] == t.minutes for t in others)


def test_escape_leaves_the_targets_alone(qtbot, console_app, chief_ctx):
    ctx = chief_ctx
    before = grid_targets(ctx)
    dialog = shown_dialog(qtbot, ctx)
    urgent = dialog.boxes[dialog.grids[0].grid_id][Priority.URGENT]
    qtbot.waitUntil(urgent.hasFocus)
    type_minutes(qtbot, "30")
    with qtbot.waitSignal(dialog.rejected, timeout=3000):
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Escape)
    assert grid_targets(ctx) == before


def test_the_urgent_box_cannot_go_below_one_minute(qtbot, console_app, chief_ctx):
    dialog = GridTargetsDialog(chief_ctx)
    qtbot.addWidget(dialog)
    urgent = dialog.boxes[dialog.grids[0].grid_id][Priority.URGENT]
    assert urgent.minimum() == 1 and urgent.specialValueText() == ""
    assert urgent.maximum() == 240


def test_the_file_menu_opens_the_dialog(qtbot, window):
    action = window.act_grid_targets
    file_menu = window.menuBar().actions()[0].menu()
    assert action in file_menu.actions()
    action.trigger()
    qtbot.waitUntil(lambda: window.findChild(GridTargetsDialog) is not None)
    dialog = window.findChild(GridTargetsDialog)
    assert dialog.isVisible() and dialog.isModal()
    dialog.reject()


@pytest.mark.parametrize("role", [UserRole.DUTY_OFFICER, UserRole.ADMIN])
def test_anyone_else_sees_the_targets_read_only_and_why(qtbot, console_app, ctx, role):
    ctx.actor = add_user(ctx, role, "小王")
    before = grid_targets(ctx)
    with ctx.reading() as s:
        audited = s.scalar(select(func.count()).select_from(AuditEntry))
    dialog = shown_dialog(qtbot, ctx)
    why = QCoreApplication.translate(
        "services",
        "Only the station chief or the duty commander can change the arrival targets.",
    )
    assert dialog.read_only_label.isVisible()
    assert why in dialog.read_only_label.text() and "小王" in dialog.read_only_label.text()
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Save) is None
    # Plain text, not spin boxes that look editable: nothing in the dialog takes a value.
    assert not dialog.findChildren(QAbstractSpinBox)
    assert not dialog.boxes
    first = dialog.grids[0]
    urgent = dialog.values[first.grid_id][Priority.URGENT]
    assert isinstance(urgent, QLabel) and urgent.isVisible()
    minutes = first.minutes[Priority.URGENT]
    assert urgent.text() == QCoreApplication.translate("GridTargetsDialog", "{minutes} min").format(
        minutes=minutes
    )
    assert len(dialog.values) == len(dialog.grids)
    close = dialog.buttons.button(QDialogButtonBox.StandardButton.Close)
    qtbot.waitUntil(close.hasFocus)
    qtbot.keyClicks(dialog.focusWidget(), "9")  # typing changes nothing
    assert urgent.text().startswith(str(minutes))
    with qtbot.waitSignal(dialog.finished, timeout=3000):
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Escape)
    assert grid_targets(ctx) == before
    with ctx.reading() as s:
        assert s.scalar(select(func.count()).select_from(AuditEntry)) == audited


def test_a_role_lost_while_the_dialog_is_open_is_refused_with_the_reason(
    qtbot, console_app, chief_ctx
):
    ctx = chief_ctx
    before = grid_targets(ctx)
    dialog = shown_dialog(qtbot, ctx)
    urgent = dialog.boxes[dialog.grids[0].grid_id][Priority.URGENT]
    qtbot.waitUntil(urgent.hasFocus)
    type_minutes(qtbot, "9")
    ctx.actor = add_user(ctx, UserRole.DUTY_OFFICER, "小王")  # signed out meanwhile
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.saving is not None and dialog.saving.done)
    assert dialog.isVisible()  # refused: the dialog stays with the service's reason
    assert dialog.message_label.text() == QCoreApplication.translate(
        "services",
        "Only the station chief or the duty commander can change the arrival targets.",
    )
    assert grid_targets(ctx) == before
