"""The roster dock (排班): holds the roster pane (console/ui/roster/). Its object name
stays "rosterDock" so layouts saved by earlier versions still restore.

The pane is built the first time the dock shows (it sits behind the map's tab at
start-up): its modules, the roster read and the rule check would otherwise cost the
window's first paint about a quarter of a second."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDockWidget, QWidget

from console.services.context import StationContext

if TYPE_CHECKING:
    from .roster.pane import RosterPane


class RosterDock(QDockWidget):
    def __init__(self, ctx: StationContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rosterDock")  # saveState/restoreState find docks by this name
        self.setWindowTitle(self.tr("Roster"))
        self._ctx = ctx
        self._pane: RosterPane | None = None
        self.setWidget(QWidget(self))  # until the dock first shows
        self.visibilityChanged.connect(self._visibility_changed)

    @property
    def pane(self) -> RosterPane:
        """The roster pane, built now if the dock has not shown yet."""
        if self._pane is None:
            from .roster.pane import RosterPane

            self._pane = RosterPane(self._ctx, self, in_dock=True)
            self.setWidget(self._pane)
        return self._pane

    def _visibility_changed(self, visible: bool) -> None:
        if visible:
            self.pane.shown()

    def actor_changed(self, actor=None) -> None:
        if self._pane is not None:  # a pane built later reads the actor then
            self._pane.actor_changed(actor)

    def apply_changes(self, rows) -> None:
        if self._pane is not None:  # a pane built later reads the store then
            self._pane.apply_changes(rows)

    def shutdown(self) -> None:
        if self._pane is not None:
            self._pane.shutdown()
