"""Asks for a new roster: which rotation, from which day, for how many days, and which
of those days are public holidays."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from console.services.rosters import preset_names

from ..vocabulary import rotation_name


@dataclass(frozen=True)
class NewRosterRequest:
    preset: str
    start: date
    days: int
    holidays: tuple[date, ...]


class NewRosterDialog(QDialog):
    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("newRosterDialog")
        self.setWindowTitle(self.tr("New roster"))
        self.preset = QComboBox(objectName="rosterPreset")
        for name in preset_names():  # shown in the interface's language, kept as stored
            self.preset.addItem(rotation_name(name), name)
        monday = today + timedelta(days=(7 - today.weekday()) % 7 or 7)
        self.start = QDateEdit(
            QDate(monday.year, monday.month, monday.day), objectName="rosterStart"
        )
        self.start.setCalendarPopup(True)
        self.start.setDisplayFormat("yyyy-MM-dd")
        self.days = QSpinBox(objectName="rosterDays")
        self.days.setRange(7, 92)
        self.days.setValue(28)
        self.days.setSuffix(self.tr(" days"))
        self.holidays = QLineEdit(objectName="rosterHolidays")
        self.holidays.setPlaceholderText(self.tr("public holidays, e.g. 2027-01-01 2027-01-02"))
        form = QFormLayout(self)
        form.addRow(self.tr("Rotation"), self.preset)
        form.addRow(self.tr("First day"), self.start)
        form.addRow(self.tr("Length"), self.days)
        form.addRow(self.tr("Holidays"), self.holidays)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _accept(self) -> None:
        if self.holiday_dates() is None:
            self.holidays.setStyleSheet("border: 2px solid #d93a36;")
            self.holidays.setToolTip(self.tr("Dates as YYYY-MM-DD, separated by spaces or commas"))
            return
        self.accept()

    def holiday_dates(self) -> tuple[date, ...] | None:
        out = []
        for part in self.holidays.text().replace(",", " ").replace("，", " ").split():
            try:
                out.append(date.fromisoformat(part))
            except ValueError:
                return None
        return tuple(out)

    def request(self) -> NewRosterRequest:
        start = self.start.date().toPython()
        return NewRosterRequest(
            self.preset.currentData(), start, self.days.value(), self.holiday_dates() or ()
        )
