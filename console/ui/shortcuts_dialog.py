"""Help → Keyboard shortcuts: every key the console answers to, grouped by where it works.

The list is read from the window itself: each menu's actions in menu order (the unit
status keys 1–7 and F6 are in the Dispatch menu), then the keys of the panes (the roster's
Ctrl+R …) and of the window that no menu shows. The dialogs' own keys (dispatch, intake,
debrief) exist only while a dialog is open, so they are listed from ``DIALOG_KEYS``; a
test holds that table to the keys the real dialogs register.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QHeaderView,
    QMainWindow,
    QMenu,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

CONTEXT = "ShortcutsDialog"

# (group title, ((keys, what they do), …)): the keys of the dialogs, in the order an
# officer meets them. Keys are written portably ("Ctrl+Enter"), shown in native text.
DIALOG_KEYS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        QT_TRANSLATE_NOOP(CONTEXT, "Intake (F2)"),
        (
            ("Return", QT_TRANSLATE_NOOP(CONTEXT, "Save the call")),
            ("Shift+Return", QT_TRANSLATE_NOOP(CONTEXT, "New line in the narrative")),
            ("Ctrl+L", QT_TRANSLATE_NOOP(CONTEXT, "Link to the incident selected in the queue")),
            ("Esc", QT_TRANSLATE_NOOP(CONTEXT, "Close (asks before dropping what was typed)")),
        ),
    ),
    (
        QT_TRANSLATE_NOOP(CONTEXT, "Dispatch dialog (F8)"),
        (
            ("Return", QT_TRANSLATE_NOOP(CONTEXT, "Dispatch the picked unit")),
            ("Ctrl+Return", QT_TRANSLATE_NOOP(CONTEXT, "Dispatch the team the run card asks for")),
            ("Shift+Return", QT_TRANSLATE_NOOP(CONTEXT, "Reinforce with the picked unit, tier 2")),
            ("Ctrl+B", QT_TRANSLATE_NOOP(CONTEXT, "Request support from the branch, tier 3")),
            ("F5", QT_TRANSLATE_NOOP(CONTEXT, "Refresh the recommendation")),
            ("Esc", QT_TRANSLATE_NOOP(CONTEXT, "Close")),
        ),
    ),
    (
        QT_TRANSLATE_NOOP(CONTEXT, "Shift debrief (Ctrl+Shift+D)"),
        (
            ("F5", QT_TRANSLATE_NOOP(CONTEXT, "Compute the debrief of the period")),
            ("Ctrl+E", QT_TRANSLATE_NOOP(CONTEXT, "Export the report")),
            ("Esc", QT_TRANSLATE_NOOP(CONTEXT, "Close")),
            ("Ctrl+W", QT_TRANSLATE_NOOP(CONTEXT, "Close")),
        ),
    ),
)

Group = tuple[str, list[tuple[str, str]]]


def key_text(sequences: Iterable[QKeySequence | str]) -> str:
    """Keys as the officer reads them: native text, Return shown as Enter."""
    texts = []
    for sequence in sequences:
        text = QKeySequence(sequence).toString(QKeySequence.SequenceFormat.NativeText)
        text = text.replace("Return", "Enter")
        if text and text not in texts:
            texts.append(text)
    return " / ".join(texts)


def _plain(text: str) -> str:
    """A menu text without its mnemonic: "值班复盘(&D)…" → "值班复盘…", "&Quit" → "Quit"."""
    for marker in ("(&", "（&"):
        at = text.find(marker)
        if at >= 0 and text.find(")", at) == at + 3:
            text = text[:at] + text[at + 4 :]
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").strip()


def _menu_rows(menu: QMenu, seen: set[int]) -> list[tuple[str, str]]:
    rows = []
    for action in menu.actions():
        if action.isSeparator():
            continue
        if action.menu() is not None:
            rows.extend(_menu_rows(action.menu(), seen))
        elif action.shortcuts() and id(action) not in seen:
            seen.add(id(action))
            rows.append((key_text(action.shortcuts()), _plain(action.text())))
    return rows


def _action_rows(actions: Sequence[QAction], seen: set[int]) -> list[tuple[str, str]]:
    rows = []
    for action in actions:
        if action.shortcuts() and id(action) not in seen:
            seen.add(id(action))
            rows.append((key_text(action.shortcuts()), _plain(action.text())))
    return rows


def shortcut_groups(window: QMainWindow) -> list[Group]:
    """The keys of ``window`` by menu, then by pane, then the dialogs' (``DIALOG_KEYS``)."""
    seen: set[int] = set()
    groups: list[Group] = []
    for action in window.menuBar().actions():
        if action.menu() is not None:
            rows = _menu_rows(action.menu(), seen)
            if rows:
                groups.append((_plain(action.text()), rows))
    # The docks' panes, then the panes in windows of their own (the roster): a pane built
    # the first time it shows is built now (``.pane``), since its keys exist only then.
    holders: list[QWidget] = [*window.findChildren(QDockWidget)]
    holders += [
        w
        for w in window.findChildren(QWidget)
        if w.isWindow() and hasattr(w, "pane") and not isinstance(w, QDockWidget)
    ]
    for dock in holders:
        widget = getattr(dock, "pane", None) or (
            dock.widget() if isinstance(dock, QDockWidget) else None
        )
        if widget is None:
            continue
        actions = [*widget.actions(), *widget.findChildren(QAction)]
        for child in widget.findChildren(QWidget):
            actions.extend(child.actions())
        rows = _action_rows(actions, seen)
        if rows:
            groups.append((dock.windowTitle(), rows))
    rest = _action_rows(window.actions(), seen)
    if rest:
        groups.append((QCoreApplication.translate(CONTEXT, "Window"), rest))
    for title, keys in DIALOG_KEYS:
        groups.append(
            (
                QCoreApplication.translate(CONTEXT, title),
                [(key_text([k]), QCoreApplication.translate(CONTEXT, what)) for k, what in keys],
            )
        )
    return groups


class ShortcutsDialog(QDialog):
    def __init__(self, groups: Sequence[Group], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.tree = QTreeWidget(objectName="shortcutsTree")
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels([self.tr("Keys"), self.tr("Action")])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        for title, rows in groups:
            group = QTreeWidgetItem(self.tree, [title])
            group.setFirstColumnSpanned(True)
            font = group.font(0)
            font.setBold(True)
            group.setFont(0, font)
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            for keys, text in rows:
                QTreeWidgetItem(group, [keys, text])
        self.tree.expandAll()
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree)
        layout.addWidget(buttons)
        self.resize(640, 720)

    def rows(self) -> list[tuple[str, str, str]]:
        """(group, keys, action) of every line, in the order shown."""
        out = []
        for g in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(g)
            for r in range(group.childCount()):
                item = group.child(r)
                out.append((group.text(0), item.text(0), item.text(1)))
        return out
