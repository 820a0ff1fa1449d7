"""The handover's place in the main window: the dialog on demand and a gentle prompt in
the status bar when a shift change is near (15 minutes) or passed unconfirmed.

The prompt asks the store again only when the feed names a handover or when the clock
reaches the moment the answer can change (the service says when), not every second.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QMainWindow, QPushButton, QStatusBar

from console.services.context import StationContext
from console.services.handover import HandoverDue, handover_due

from .. import theme
from .dialog import HandoverDialog

SHIFT_ENTITIES = frozenset({"handover", "shift_type", "roster", "roster_entry"})


class HandoverPrompt(QPushButton):
    """A flat, quiet button in the status bar; clicking it opens the handover."""

    def __init__(self, timezone, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("handoverPrompt")
        self.setFlat(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._tz = timezone
        self.due: HandoverDue | None = None
        self.hide()

    def show_due(self, due: HandoverDue | None, now: datetime) -> None:
        self.due = due
        if due is None or not due.needs_attention:
            self.hide()
            return
        at = due.shift_start.astimezone(self._tz).strftime("%H:%M")
        shift = due.incoming_shift.name
        if due.outgoing_confirmed:
            text = self.tr("Handover {time} {shift}: waiting for the incoming officer").format(
                time=at, shift=shift
            )
            colour = theme.current().accent
        elif due.upcoming:
            minutes = max(0, int((due.shift_start - now).total_seconds() // 60))
            text = self.tr("Shift change at {time} ({shift}) in {minutes} min: handover").format(
                time=at, shift=shift, minutes=minutes
            )
            colour = theme.current().priority["high"]
        else:
            text = self.tr("Shift change {time} ({shift}) not handed over yet").format(
                time=at, shift=shift
            )
            colour = theme.current().priority["high"]
        self.setText("⇄ " + text)
        self.setStyleSheet(
            f"QPushButton {{ color: {colour}; border: none; padding: 0 8px; }}"
            "QPushButton:hover { text-decoration: underline; }"
        )
        self.setToolTip(self.tr("Open the handover report (Ctrl+H)"))
        self.show()


class HandoverControl(QObject):
    def __init__(self, ctx: StationContext, window: QMainWindow, status: QStatusBar) -> None:
        super().__init__(window)
        self._ctx = ctx
        self._window = window
        self.dialog: HandoverDialog | None = None
        self.prompt = HandoverPrompt(ctx.timezone, status)
        status.addWidget(self.prompt)  # beside the station and user; a message covers it briefly
        self.prompt.clicked.connect(self.open_dialog)
        self._recheck_at: datetime | None = None
        self._checked = False
        listening = getattr(window, "sig_listening", None)
        if listening is not None:
            listening.connect(self._follow_changes)

    def _follow_changes(self) -> None:
        listener = getattr(self._window, "listener", None)
        if listener is not None:
            listener.sig_changes.connect(self.apply_changes)

    def on_tick(self, now: datetime) -> None:
        """Slot for the second ticker: ask again only when the answer can have changed."""
        if not self._checked or (self._recheck_at is not None and now >= self._recheck_at):
            self.check(now)
        elif self.prompt.due is not None and self.prompt.due.upcoming and now.second == 0:
            self.prompt.show_due(self.prompt.due, now)  # the minutes left move on

    def check(self, now: datetime | None = None) -> None:
        now = now or self._ctx.clock.now()
        self._checked = True
        try:
            due = handover_due(self._ctx, now)
        except Exception:  # the store went away: the feed health shows it already
            self._recheck_at = None
            return
        self._recheck_at = due.recheck_at if due is not None else None
        self.prompt.show_due(due, now)

    def apply_changes(self, changes) -> None:
        # An approved roster (or a change to one) may move the shift changes.
        if any(c.entity in SHIFT_ENTITIES for c in changes):
            self.check()
            if self.dialog is not None and self.dialog.isVisible():
                self.dialog.apply_changes(changes)

    def open_dialog(self) -> HandoverDialog:
        if self.dialog is not None and not self.dialog.isVisible():
            self.dialog.deleteLater()  # closed earlier: open on the change due now
            self.dialog = None
        if self.dialog is None:
            self.dialog = HandoverDialog(self._ctx, self._window)
            self.dialog.sig_changed.connect(lambda _view: self.check())
            # The incoming officer now acts here: the same path as the sign-in dialog's.
            actor_changed = getattr(self._window, "sig_actor_changed", None)
            if actor_changed is not None:
                self.dialog.sig_actor_changed.connect(actor_changed.emit)
        else:
            self.dialog.reload()
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()
        return self.dialog
