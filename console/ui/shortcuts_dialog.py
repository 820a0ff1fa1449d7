"""Help → Keyboard shortcuts: every action that has a key, in one list."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget


class ShortcutsDialog(QDialog):
    def __init__(self, actions: Iterable[QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        rows = "".join(
            "<tr><td style='padding:3px 18px 3px 0'><b>{keys}</b></td><td>{text}</td></tr>".format(
                keys=escape(a.shortcut().toString(QKeySequence.SequenceFormat.NativeText)),
                text=escape(a.text().replace("&", "")),
            )
            for a in actions
        )
        label = QLabel(f"<table>{rows}</table>")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(buttons)
