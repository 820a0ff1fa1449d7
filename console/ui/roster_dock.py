"""The roster dock (排班). This version holds its place in the layout; who is on duty now
and the roster editor come in a later version."""

from __future__ import annotations

from PySide6.QtWidgets import QDockWidget, QWidget

from .placeholder import PlaceholderPane


class RosterDock(QDockWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rosterDock")  # saveState/restoreState find docks by this name
        self.setWindowTitle(self.tr("Roster"))
        self.setWidget(
            PlaceholderPane(
                self.tr("The duty roster comes in a later version of the console."), self
            )
        )
