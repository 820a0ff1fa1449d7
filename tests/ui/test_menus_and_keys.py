"""Menus and keys (issue 14, item 8): every top-level menu has its own Alt key, the
shortcuts list names every key the console answers to, grouped in menu order, Ctrl+Q asks
before quitting mid-shift, and Esc or Ctrl+W close the debrief."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QWidget

from console.ui.review.window import ReviewWindow
from console.ui.shortcuts_dialog import key_text


def _mnemonic(text: str) -> str | None:
    key = QKeySequence.mnemonic(text)
    return key.toString().upper() if not key.isEmpty() else None


def test_every_top_level_menu_has_its_own_alt_key(window):
    menus = [a.text() for a in window.menuBar().actions() if a.menu() is not None]
    keys = [_mnemonic(text) for text in menus]
    assert None not in keys, menus
    assert len(set(keys)) == len(keys), dict(zip(menus, keys, strict=True))


def test_alt_and_the_review_key_opens_the_review_menu(qtbot, window):
    review = next(a.menu() for a in window.menuBar().actions() if "&R" in a.text())
    assert window.act_review in review.actions()


def _answer(qtbot, button_text: str, seen: list[str]) -> None:
    """Click ``button_text`` in the quit question as soon as it shows."""

    def click() -> None:
        box = next(
            (w for w in QApplication.topLevelWidgets() if w.objectName() == "quitQuestion"),
            None,
        )
        if box is None or not box.isVisible():
            QTimer.singleShot(20, click)
            return
        seen.append(box.informativeText())
        button = next(b for b in box.buttons() if b.text() == button_text)
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, click)


def test_ctrl_q_asks_and_names_the_open_incidents(qtbot, window):
    assert window.queue.model.rowCount() > 0
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    seen: list[str] = []
    _answer(qtbot, window.tr("Keep working"), seen)
    qtbot.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert seen, "Ctrl+Q quit without asking"
    assert str(window.queue.model.rowCount()) in seen[0]
    assert window.isVisible()

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    _answer(qtbot, window.tr("Quit"), seen)
    qtbot.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not window.isVisible())


def _all_actions(widget) -> list[QAction]:
    actions = [*widget.actions(), *widget.findChildren(QAction)]
    for child in widget.findChildren(QWidget):
        actions.extend(child.actions())
    return [a for a in actions if a.shortcuts()]


def test_the_shortcuts_list_names_every_key_grouped_in_menu_order(qtbot, window):
    dialog = window.show_shortcuts()
    qtbot.addWidget(dialog)
    rows = dialog.rows()
    keys = {k for _group, k, _text in rows}
    for action in _all_actions(window):
        assert key_text(action.shortcuts()) in keys, action.text()
    for named in ("1", "2", "3", "4", "5", "6", "7", "F6", "F2", "F8", "Ctrl+R", "Ctrl+Q"):
        assert key_text([named]) in keys, named
    for named in ("Ctrl+Return", "Shift+Return", "Ctrl+B"):  # the dispatch dialog's
        assert key_text([named]) in keys, named
    # Grouped by menu, in the menu bar's order, before the panes' and dialogs' keys.
    groups = list(dict.fromkeys(g for g, _k, _t in rows))
    menus = [
        a.text().split("(")[0].replace("&", "")
        for a in window.menuBar().actions()
        if a.menu() is not None
    ]
    menu_groups = [g for g in groups if g in menus]
    assert menu_groups == [m for m in menus if m in menu_groups]
    assert groups[: len(menu_groups)] == menu_groups
    # Within a group, the menu's own order: F2 (new incident) before Ctrl+I and F9.
    incidents = [k for g, k, _t in rows if g == menu_groups[1]]
    assert incidents.index("F2") < incidents.index(key_text(["Ctrl+I"])) < incidents.index("F9")


def test_the_dispatch_dialogs_keys_are_all_listed(qtbot, window, arranged):
    from console.ui.dispatch.dialog import RecommendDialog

    incident_id = window.queue.model.ids[0]
    dialog = RecommendDialog(window._ctx, incident_id, parent=window)
    qtbot.addWidget(dialog)
    listed = window.show_shortcuts()
    qtbot.addWidget(listed)
    group = next(g for g, _k, _t in listed.rows() if "F8" in g)
    keys = {k for g, k, _t in listed.rows() if g == group}
    registered = {key_text([s]) for a in _all_actions(dialog) for s in a.shortcuts()}
    assert registered, "the dialog registers no keys"
    # Ctrl+Return and Ctrl+Enter (keypad) both read "Ctrl+Enter".
    assert registered <= keys, registered - keys


@pytest.mark.parametrize(
    ("key", "modifier"),
    [
        (Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
        (Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier),
    ],
)
def test_esc_and_ctrl_w_close_the_debrief(qtbot, console_app, ui_settings, ctx, key, modifier):
    review = ReviewWindow(ctx, ui_settings)
    qtbot.addWidget(review)
    review.show()
    qtbot.waitExposed(review)
    review.activateWindow()
    qtbot.waitUntil(review.isActiveWindow)
    qtbot.keyClick(review, key, modifier)
    qtbot.waitUntil(lambda: not review.isVisible())
