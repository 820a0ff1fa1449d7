"""The status bar: station, user, where the data lives, change-feed health, the clock."""

from __future__ import annotations

from datetime import datetime, tzinfo

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from console.services.records import StationSummary

from . import theme
from .formatting import format_clock
from .people import person_label

BACKEND_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
LOCATION_MAX_CHARS = 48


class StationStatusBar(QStatusBar):
    def __init__(
        self, summary: StationSummary, timezone: tzinfo, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("stationStatusBar")
        self.setSizeGripEnabled(False)
        self._tz = timezone
        self._feed: tuple[str, str] = ("connecting", "")
        self._last_change: datetime | None = None

        self.station_label = QLabel(summary.name, objectName="stationName")
        font = self.station_label.font()
        font.setBold(True)
        self.station_label.setFont(font)
        self.user_label = QLabel(objectName="currentUser")
        self.show_user(summary.actor_name, summary.actor_badge)
        backend = BACKEND_NAMES.get(summary.backend, summary.backend)
        self.store_label = QLabel(objectName="storeLocation")
        self.store_label.setProperty("muted", True)
        location = QFontMetrics(self.store_label.font()).elidedText(
            summary.location,
            Qt.TextElideMode.ElideMiddle,
            QFontMetrics(self.store_label.font()).averageCharWidth() * LOCATION_MAX_CHARS,
        )
        self.store_label.setText(f"{backend} · {location}")
        self.store_label.setToolTip(f"{backend}: {summary.location}")
        self.feed_label = QLabel(objectName="feedHealth")
        self.feed_label.setContentsMargins(8, 0, 8, 0)
        self.clock_label = QLabel("--:--:--", objectName="stationClock")
        clock_font = theme.table_font(self.clock_label.font().pointSize() + 3)
        clock_font.setBold(True)
        self.clock_label.setFont(clock_font)
        self.clock_label.setToolTip(self.tr("Station time ({zone})").format(zone=summary.timezone))

        for widget in (self.station_label, self.user_label, self.store_label):
            widget.setContentsMargins(8, 0, 8, 0)
            self.addWidget(widget)
        self.addPermanentWidget(self.feed_label)
        self.addPermanentWidget(self.clock_label)
        self.set_feed_waiting()

    # --- slots --------------------------------------------------------------------------

    def show_user(self, name: str, badge: str | None = None) -> None:
        """当前用户: who this workstation acts as (changes on sign-in and sign-out), by
        name and 警号."""
        self.user_label.setText(self.tr("User: {name}").format(name=person_label(name, badge)))

    def show_time(self, now: datetime) -> None:
        self.clock_label.setText(format_clock(now, self._tz))

    def set_feed_state(self, state: str, reason: str = "") -> None:
        """Slot for ``ChangeListener.sig_state``: live, degraded, lost or connecting."""
        if state not in ("live", "degraded", "lost"):
            state = "connecting"
        self._feed = (state, reason)
        self._render_feed()

    def set_feed_waiting(self) -> None:
        self.set_feed_state("connecting")

    def set_feed_live(self, at: datetime | None = None) -> None:
        if at is not None:
            self._last_change = at
        self.set_feed_state("live")

    def set_feed_lost(self, reason: str) -> None:
        self.set_feed_state("lost", reason)

    @property
    def feed_state(self) -> str:
        return self._feed[0]

    def on_changes(self, rows: list) -> None:
        """Notes when the last change came; the state is the listener's to say."""
        if rows:
            self._last_change = rows[-1].at
            self._render_feed()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if hasattr(self, "_feed") and event.type() in (
            QEvent.Type.PaletteChange,
            QEvent.Type.ApplicationPaletteChange,
        ):
            self._render_feed()  # the dot takes the new theme's colour

    def _render_feed(self) -> None:
        t = theme.current()
        state, detail = self._feed
        last = ""
        if self._last_change is not None:
            last = "\n" + self.tr("Last change {time}").format(
                time=format_clock(self._last_change, self._tz)
            )
        if state == "live":
            colour, text = t.status["available"], self.tr("Live")
            tip = self.tr("Changes from every workstation appear at once") + last
        elif state == "degraded":
            colour, text = t.status["dispatched"], self.tr("Polling")
            tip = (
                self.tr("Live updates are down; changes are read every second instead")
                + "\n"
                + self.tr("Why: {reason}").format(reason=detail)
                + "\n"
                + self.tr("Reconnecting…")
                + last
            )
        elif state == "lost":
            colour, text = t.overdue, self.tr("Changes not arriving")
            tip = (
                self.tr("Cannot read the change feed: {reason}").format(reason=detail)
                + "\n"
                + self.tr("Reconnecting…")
                + last
            )
        else:
            colour, text = t.muted, self.tr("Connecting")
            tip = self.tr("Not listening for changes yet")
        self.feed_label.setText(f'<span style="color:{colour}">●</span> {text}')
        self.feed_label.setToolTip(tip)
