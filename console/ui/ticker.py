"""One heartbeat for everything that shows a running clock."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from console.domain.clock import Clock


class SecondTicker(QObject):
    """Emits on every whole second of ``clock``, so the status-bar clock, ages and
    countdowns all turn over together."""

    sig_tick = Signal(object)
    """Emitted with the current time (an aware ``datetime``) once a second."""

    def __init__(self, clock: Clock, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._clock = clock
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._on_timeout)

    def now(self) -> datetime:
        return self._clock.now()

    def start(self) -> None:
        self._schedule(self._clock.now())

    def stop(self) -> None:
        self._timer.stop()

    def _schedule(self, now: datetime) -> None:
        # Re-aim at the next whole second each time, so the beat never drifts.
        self._timer.start(1000 - now.microsecond // 1000 + 5)

    def _on_timeout(self) -> None:
        now = self._clock.now()
        self.sig_tick.emit(now)
        self._schedule(now)
