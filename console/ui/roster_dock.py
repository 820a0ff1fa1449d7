"""The roster dock (排班): holds the roster pane (console/ui/roster/). Its object name
stays "rosterDock" so layouts saved by earlier versions still restore."""

from __future__ import annotations

from PySide6.QtWidgets import QDockWidget, QWidget

from console.services.context import StationContext

from .roster.pane import RosterPane


class RosterDock(QDockWidget):
    def __init__(self, ctx: StationContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rosterDock")  # saveState/restoreState find docks by this name
        self.setWindowTitle(self.tr("Roster"))
        self.pane = RosterPane(ctx, self)
        self.setWidget(self.pane)

    def apply_changes(self, rows) -> None:
        self.pane.apply_changes(rows)

    def shutdown(self) -> None:
        self.pane.shutdown()
