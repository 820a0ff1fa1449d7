"""The roster window (排班): the roster pane (console/ui/roster/) in a window of its own.

The roster used to sit in a tab behind the map, so opening it hid the map; it gets the
room a calendar and a solve chart need without taking the map away. It is a top-level
window owned by the main window (it closes with it and stays above it), opened from
*View → Roster* (Alt+4); its position and size are remembered.

The pane is built the first time the window opens: its modules, the roster read and the
rule check would otherwise cost the main window's first paint about a quarter of a second."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

from console.services.context import StationContext

from . import settings as opts
from .settings import Settings

if TYPE_CHECKING:
    from .roster.pane import RosterPane

DEFAULT_SIZE = (1500, 900)


class RosterWindow(QWidget):
    def __init__(
        self, ctx: StationContext, settings: Settings | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("rosterWindow")
        self.setWindowTitle(self.tr("{station} — Roster").format(station=ctx.station_name))
        self._ctx = ctx
        self._settings = settings
        self._pane: RosterPane | None = None
        self._placed = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        self.resize(*DEFAULT_SIZE)
        QShortcut(QKeySequence.StandardKey.Close, self, self.close)  # Ctrl+W

    @property
    def pane(self) -> RosterPane:
        """The roster pane, built now if the window has not opened yet."""
        if self._pane is None:
            from .roster.pane import RosterPane

            self._pane = RosterPane(self._ctx, self, in_dock=True)
            self.layout().addWidget(self._pane)
        return self._pane

    def open(self) -> None:
        """Show the window (where it was last), raise it and give the calendar the keys."""
        if not self._placed:
            self._placed = True
            geometry = self._settings.value(opts.ROSTER_GEOMETRY) if self._settings else b""
            if geometry:
                self.restoreGeometry(QByteArray(geometry))
        pane = self.pane
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()
        pane.calendar.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.pane.shown()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_geometry()
        super().closeEvent(event)

    def save_geometry(self) -> None:
        if self._settings is not None and self._placed:
            self._settings.set_value(opts.ROSTER_GEOMETRY, bytes(self.saveGeometry().data()))

    def actor_changed(self, actor=None) -> None:
        if self._pane is not None:  # a pane built later reads the actor then
            self._pane.actor_changed(actor)

    def apply_changes(self, rows) -> None:
        if self._pane is not None:  # a pane built later reads the store then
            self._pane.apply_changes(rows)

    def shutdown(self) -> None:
        """The main window closes: remember where this window was, stop a running solve."""
        if self.isVisible():
            self.save_geometry()
        if self._pane is not None:
            self._pane.shutdown()
