"""Delivers committed change rows to Qt, whichever workstation or process made them.

PostgreSQL: a ``QSocketNotifier`` on the LISTEN connection wakes us the moment a NOTIFY
arrives. SQLite: a short timer polls ``PRAGMA data_version`` (cheap: no table is read
until it moves). A slow safety timer also reads the feed, so a lost wake-up only delays.

The listener survives the server: when the wake-up connection dies (restart, stop,
network) its notifier is switched off before the socket closes, and a timer opens a new
one (200 ms, doubling to 1 s between tries; a refused connection returns at once). Once
listening again it reads the feed from the last sequence it saw, so every change made
before, during and after the outage is delivered exactly once, in order. The safety timer
also checks that the wake-up connection is still alive.

Its state, for the status bar (``sig_state``):

- ``live``: woken at once (PostgreSQL LISTEN; SQLite's data_version poll is its design);
- ``degraded``: the feed reads, but the wake-up is down, so it is read every second;
- ``lost``: the feed cannot be read; it keeps trying;
- ``connecting``: not decided yet.
"""

from __future__ import annotations

import contextlib

from PySide6.QtCore import QObject, QSocketNotifier, QTimer, Signal

from console.services import changes
from console.services.context import StationContext

SQLITE_POLL_MS = 40
SAFETY_POLL_MS = 5000
DEGRADED_POLL_MS = 1000
"""How often the feed is read while the wake-up is down (degraded) or the store is lost."""
RECONNECT_FIRST_MS = 200
RECONNECT_MAX_MS = 1000

LIVE, DEGRADED, LOST, CONNECTING = "live", "degraded", "lost", "connecting"


class ChangeListener(QObject):
    sig_changes = Signal(list)
    """Emitted with a list of ``ChangeRow`` (in sequence order) after each wake-up that found any."""

    sig_state = Signal(str, str)
    """Emitted with (state, reason) when the state changes: live, degraded, lost or
    connecting; the reason is one line saying why (empty when live)."""

    sig_error = Signal(str)
    """Emitted with a one-line reason when reading the feed fails (the store went away)."""

    sig_recovered = Signal()
    """Emitted once when the feed is read successfully again after ``sig_error``."""

    def __init__(
        self,
        ctx: StationContext,
        parent: QObject | None = None,
        *,
        safety_ms: int = SAFETY_POLL_MS,
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._last_seq = changes.last_change_seq(ctx)  # raises if the store is unreachable
        self._safety_ms = safety_ms
        self._wakeup: changes.ChangeWakeup | None = None
        self._notifier: QSocketNotifier | None = None
        self._listen_error = ""  # why there is no wake-up connection
        self._read_error: str | None = None  # why the last read failed; None: it worked
        self._state, self._reason = CONNECTING, ""
        self._closed = False
        self._backoff_ms = RECONNECT_FIRST_MS
        self.reconnects = 0
        """How many times a lost wake-up connection was opened again (for tests and benches)."""

        self._poll = QTimer(self, interval=SQLITE_POLL_MS)
        self._poll.timeout.connect(self._on_wake)
        self._safety = QTimer(self, interval=safety_ms)
        self._safety.timeout.connect(self._on_safety)
        self._reconnect = QTimer(self, singleShot=True)
        self._reconnect.timeout.connect(self._connect)
        self._connect(first=True)
        self._safety.start()

    # --- what others read ---------------------------------------------------------------------

    @property
    def last_seq(self) -> int:
        return self._last_seq

    @property
    def state(self) -> str:
        return self._state

    @property
    def reason(self) -> str:
        return self._reason

    # --- the wake-up connection ---------------------------------------------------------------

    def _connect(self, first: bool = False) -> None:
        """Open the wake-up connection, then read what was committed while it was down."""
        if self._closed or self._wakeup is not None:
            return
        try:
            wakeup = changes.open_wakeup(self._ctx)
        except Exception as exc:
            self._listen_error = changes.first_line(exc)
            self._schedule_reconnect()
        else:
            self._attach(wakeup)
            if not first:
                self.reconnects += 1
        self.read_now()  # from the last seen sequence: nothing skipped, nothing twice

    def _attach(self, wakeup: changes.ChangeWakeup) -> None:
        self._wakeup = wakeup
        self._listen_error = ""
        self._backoff_ms = RECONNECT_FIRST_MS
        fd = wakeup.fileno()
        if fd is not None:
            self._notifier = QSocketNotifier(fd, QSocketNotifier.Type.Read, self)
            self._notifier.activated.connect(self._on_wake)
        else:
            self._poll.start()

    def _drop_wakeup(self, reason: str) -> None:
        """Forget a dead wake-up connection: the notifier goes first, while its socket
        still exists (a closed or reused socket must never stay watched)."""
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier.activated.disconnect(self._on_wake)
            self._notifier.deleteLater()  # we may be inside its own signal
            self._notifier = None
        self._poll.stop()
        if self._wakeup is not None:
            with contextlib.suppress(Exception):  # already broken: nothing to release
                self._wakeup.close()
            self._wakeup = None
        self._listen_error = reason
        self._schedule_reconnect()

    def _schedule_reconnect(self) -> None:
        if self._closed or self._reconnect.isActive():
            return
        self._reconnect.start(self._backoff_ms)
        self._backoff_ms = min(self._backoff_ms * 2, RECONNECT_MAX_MS)

    def _check_wakeup(self) -> bool:
        """True if the wake-up says something may have moved. A dead connection is
        dropped (a new one is tried on a timer) and counts as moved: read to find out."""
        if self._wakeup is None:
            return False
        try:
            return self._wakeup.check()
        except Exception as exc:
            self._drop_wakeup(changes.first_line(exc))
            return True

    def _on_wake(self, *_args) -> None:
        if self._check_wakeup():
            self.read_now()

    def _on_safety(self) -> None:
        """The slow read that makes a missed wake-up only a delay; also a health check of
        the wake-up connection (a dead socket may never become readable)."""
        self._check_wakeup()
        self.read_now()

    # --- reading the feed ---------------------------------------------------------------------

    def read_now(self) -> None:
        if self._closed:
            return
        while True:
            try:
                rows = changes.read_changes(self._ctx, self._last_seq)
            except Exception as exc:
                self._read_error = changes.first_line(exc)
                break
            self._read_error = None
            if rows:
                self._last_seq = rows[-1].seq
                self.sig_changes.emit(rows)
            if len(rows) < changes.READ_BATCH or self._closed:
                break
        self._update_state()

    def _update_state(self) -> None:
        if self._read_error is not None:
            state, reason = LOST, self._read_error
        elif self._wakeup is None:
            state, reason = DEGRADED, self._listen_error
        else:
            state, reason = LIVE, ""
        if (state, reason) == (self._state, self._reason):
            return
        before = self._state
        self._state, self._reason = state, reason
        # Read often while the wake-up is down; slowly (a safety net) while it is up.
        self._safety.setInterval(self._safety_ms if state == LIVE else DEGRADED_POLL_MS)
        if self._wakeup is None:
            self._schedule_reconnect()
        self.sig_state.emit(state, reason)
        if state == LOST and before != LOST:
            self.sig_error.emit(reason)
        elif before == LOST and state != LOST:
            self.sig_recovered.emit()

    def close(self) -> None:
        self._closed = True
        self._reconnect.stop()
        self._safety.stop()
        self._poll.stop()
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier = None
        if self._wakeup is not None:
            self._wakeup.close()
            self._wakeup = None
