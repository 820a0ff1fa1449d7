"""The board's header strip: who is on duty now (当班) from the approved roster.

The current shift, the duty commander (专职指挥长), the officers on duty (民警 / 辅警) and
a live countdown to the next shift change. Without an approved roster it names the
units' own crews and says so.
"""

from __future__ import annotations

from datetime import datetime
from html import escape

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QLabel, QWidget

from console.services.duty import DutyNow, DutySource

from .. import theme
from ..flow_layout import FlowLayout
from ..formatting import format_duration

ROLE_NAMES = {
    "police": QT_TRANSLATE_NOOP("DutyStrip", "Police officer"),
    "auxiliary": QT_TRANSLATE_NOOP("DutyStrip", "Auxiliary"),
}
POST_NAMES = {
    "commander": QT_TRANSLATE_NOOP("DutyStrip", "Duty commander"),
    "指挥长": QT_TRANSLATE_NOOP("DutyStrip", "Duty commander"),
    "desk": QT_TRANSLATE_NOOP("DutyStrip", "Desk"),
    "street": QT_TRANSLATE_NOOP("DutyStrip", "Street"),
}


class DutyStrip(QWidget):
    def __init__(self, timezone, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dutyStrip")
        self._tz = timezone
        self.duty: DutyNow | None = None
        # Wraps rather than widening the board (and squeezing the map) on narrow screens.
        row = FlowLayout(self, h_spacing=18, v_spacing=2)
        row.setContentsMargins(10, 4, 8, 2)
        self.shift_label = QLabel(objectName="dutyShift")
        self.commander_label = QLabel(objectName="dutyCommander")
        self.counts_label = QLabel(objectName="dutyCounts")
        self.change_label = QLabel(objectName="dutyNextChange")
        self.source_label = QLabel(objectName="dutySource")
        self.source_label.setProperty("muted", True)
        for label in (
            self.shift_label,
            self.commander_label,
            self.counts_label,
            self.change_label,
        ):
            row.addWidget(label)
        row.addWidget(self.source_label)

    def show_duty(self, duty: DutyNow, now: datetime) -> None:
        self.duty = duty
        t = theme.current()
        shift = duty.shift
        if shift is None:
            self.shift_label.setText(self.tr("No shift types set"))
            self.shift_label.setToolTip("")
        else:
            self.shift_label.setText(
                f'<span style="color:{t.accent}">●</span>&nbsp;<b>{escape(shift.name)}</b>&nbsp;'
                f"{self._hm(shift.start)}–{self._hm(shift.end)}"
            )
            self.shift_label.setToolTip(
                self.tr("Current shift: {shift}, {start} to {end}").format(
                    shift=shift.name,
                    start=shift.start.astimezone(self._tz).strftime("%m-%d %H:%M"),
                    end=shift.end.astimezone(self._tz).strftime("%m-%d %H:%M"),
                )
            )
        commander = duty.commander
        if commander is None:
            self.commander_label.setText(
                escape(self.tr("Duty commander:"))
                + f'&nbsp;<span style="color:{t.overdue}">'
                + escape(self.tr("none rostered"))
                + "</span>"
            )
            self.commander_label.setToolTip(self.tr("No duty commander on the roster now"))
        else:
            where = f" ({commander.unit_call_sign})" if commander.unit_call_sign else ""
            self.commander_label.setText(
                escape(self.tr("Duty commander:")) + f"&nbsp;<b>{escape(commander.name)}</b>"
            )
            self.commander_label.setToolTip(
                self.tr("Duty commander {name}, badge {badge}{where}").format(
                    name=commander.name, badge=commander.badge_number, where=where
                )
            )
        self.counts_label.setText(
            escape(self.tr("On duty"))
            + f"&nbsp;<b>{len(duty.officers)}</b>&nbsp;&nbsp;"
            + escape(self.tr("Police"))
            + f"&nbsp;<b>{duty.police_count}</b>&nbsp;·&nbsp;"
            + escape(self.tr("Auxiliaries"))
            + f"&nbsp;<b>{duty.auxiliary_count}</b>"
        )
        self.counts_label.setToolTip(self._officer_list(duty))
        if duty.source is DutySource.ROSTER:
            self.source_label.setText(
                escape(self.tr("Roster: {name}").format(name=duty.roster_name or ""))
            )
            self.source_label.setToolTip(self.tr("Who is on duty comes from the approved roster"))
        else:
            self.source_label.setText(
                f'<span style="color:{t.overdue}">⚠</span>&nbsp;'
                + escape(self.tr("No approved roster: crews as the units report them"))
            )
            self.source_label.setToolTip(
                self.tr(
                    "No approved roster covers this shift; the officers shown are the "
                    "crews the units carry"
                )
            )
        self.show_time(now)

    def show_time(self, now: datetime) -> None:
        """The countdown to the next shift change, once a second."""
        duty = self.duty
        if duty is None or duty.next_change is None:
            self.change_label.setText("")
            return
        nxt = duty.next_change
        seconds = max(0.0, (nxt.start - now).total_seconds())
        self.change_label.setText(
            escape(self.tr("Shift change in"))
            + f"&nbsp;<b>{format_duration(seconds)}</b>"
            + f"&nbsp;({self._hm(nxt.start)}&nbsp;{escape(nxt.name)})"
        )
        self.change_label.setToolTip(
            self.tr("{shift} starts at {time}").format(
                shift=nxt.name, time=nxt.start.astimezone(self._tz).strftime("%m-%d %H:%M")
            )
        )

    def _hm(self, at: datetime) -> str:
        return at.astimezone(self._tz).strftime("%H:%M")

    def _officer_list(self, duty: DutyNow) -> str:
        lines = []
        for o in duty.officers:
            where = o.unit_call_sign or post_name(o.post)
            lines.append(f"{o.name}  {role_name(o.role)}  {where}")
        return "\n".join(lines[:60]) + ("\n…" if len(lines) > 60 else "")


def role_name(role: str) -> str:
    source = ROLE_NAMES.get(role)
    return QCoreApplication.translate("DutyStrip", source) if source else role


def post_name(post: str | None) -> str:
    if post is None:
        return ""
    source = POST_NAMES.get(post)
    return QCoreApplication.translate("DutyStrip", source) if source else post
