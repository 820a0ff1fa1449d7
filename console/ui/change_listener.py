"""Delivers committed change rows to Qt, whichever workstation or process made them.

PostgreSQL: a ``QSocketNotifier`` on the LISTEN connection wakes us the moment a NOTIFY
arrives. SQLite: a short timer polls ``PRAGMA data_version`` (cheap: no table is read
until it moves). A slow safety timer also reads the feed, so a lost wake-up only delays.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QSocketNotifier, QTimer, Signal

from console.services import changes
from console.services.context import StationContext

SQLITE_POLL_MS = 40
SAFETY_POLL_MS = 5000


class ChangeListener(QObject):
    sig_changes = Signal(list)
    """Emitted with a list of ``ChangeRow`` (in sequence order) after each wake-up that found any."""

    sig_error = Signal(str)
    """Emitted with a one-line reason when reading the feed failed (the store went away)."""

    sig_recovered = Signal()
    """Emitted once when the feed is read successfully again after ``sig_error``."""

    def __init__(self, ctx: StationContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._last_seq = changes.last_change_seq(ctx)
        self._wakeup = changes.open_wakeup(ctx)
        self._notifier: QSocketNotifier | None = None
        self._failing = False
        fd = self._wakeup.fileno()
        if fd is not None:
            self._notifier = QSocketNotifier(fd, QSocketNotifier.Type.Read, self)
            self._notifier.activated.connect(self._on_wake)
        else:
            self._poll = QTimer(self, interval=SQLITE_POLL_MS)
            self._poll.timeout.connect(self._on_wake)
            self._poll.start()
        self._safety = QTimer(self, interval=SAFETY_POLL_MS)
        self._safety.timeout.connect(self.read_now)
        self._safety.start()

    @property
    def last_seq(self) -> int:
        return self._last_seq

    def _on_wake(self, *_args) -> None:
        try:
            moved = self._wakeup.check()
        except Exception as exc:  # connection lost: the safety timer keeps trying to read
            self._failed(exc)
            return
        if moved:
            self.read_now()

    def _failed(self, exc: Exception) -> None:
        self._failing = True
        self.sig_error.emit(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)

    def read_now(self) -> None:
        try:
            rows = changes.read_changes(self._ctx, self._last_seq)
        except Exception as exc:
            self._failed(exc)
            return
        if self._failing:
            self._failing = False
            self.sig_recovered.emit()
        if rows:
            self._last_seq = rows[-1].seq
            self.sig_changes.emit(rows)

    def close(self) -> None:
        if self._notifier is not None:
            self._notifier.setEnabled(False)
        self._safety.stop()
        self._wakeup.close()
