"""The arrival-targets dialog, by keyboard alone, from the File menu."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from console.domain.incidents import Priority
from console.services.grid_targets import grid_targets
from console.ui.grid_targets import GridTargetsDialog


def type_minutes(qtbot, text: str) -> None:
    box = QApplication.focusWidget()
    assert box is not None
    qtbot.keyClick(box, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(box, text)
    qtbot.keyClick(box, Qt.Key.Key_Tab)


def test_keyboard_only_sets_a_grids_targets_including_by_appointment(qtbot, console_app, ctx):
    dialog = GridTargetsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
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


def test_escape_leaves_the_targets_alone(qtbot, console_app, ctx):
    before = grid_targets(ctx)
    dialog = GridTargetsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    urgent = dialog.boxes[dialog.grids[0].grid_id][Priority.URGENT]
    qtbot.waitUntil(urgent.hasFocus)
    type_minutes(qtbot, "30")
    with qtbot.waitSignal(dialog.rejected, timeout=3000):
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Escape)
    assert grid_targets(ctx) == before


def test_the_urgent_box_cannot_go_below_one_minute(qtbot, console_app, ctx):
    dialog = GridTargetsDialog(ctx)
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
