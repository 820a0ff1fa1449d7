"""The map dock (一张图). This version holds its place in the layout; the live map of
grids, units, incidents and response rings comes in a later version."""

from __future__ import annotations

from PySide6.QtWidgets import QDockWidget, QWidget

from .placeholder import PlaceholderPane


class MapDock(QDockWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mapDock")  # saveState/restoreState find docks by this name
        self.setWindowTitle(self.tr("Map"))
        self.setWidget(
            PlaceholderPane(self.tr("The map comes in a later version of the console."), self)
        )
