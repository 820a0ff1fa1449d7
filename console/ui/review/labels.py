"""Names and number formats of the review, translated (source strings are English)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from console.domain.review.results import DelayPart, RateFigure

from ..formatting import format_duration

PART_NAMES = {
    DelayPart.ANSWERING: QT_TRANSLATE_NOOP("DelayPart", "Answering"),
    DelayPart.ENTRY: QT_TRANSLATE_NOOP("DelayPart", "Entry"),
    DelayPart.DISPATCH: QT_TRANSLATE_NOOP("DelayPart", "Dispatch"),
    DelayPart.TRAVEL: QT_TRANSLATE_NOOP("DelayPart", "Travel"),
    DelayPart.ON_SCENE: QT_TRANSLATE_NOOP("DelayPart", "On scene"),
    DelayPart.CALLBACK: QT_TRANSLATE_NOOP("DelayPart", "Callback"),
}

RATE_NAMES = {
    "first_response": QT_TRANSLATE_NOOP("Review", "First response rate"),
    "closure": QT_TRANSLATE_NOOP("Review", "Closure rate"),
    "callback": QT_TRANSLATE_NOOP("Review", "Callback rate"),
    "satisfaction": QT_TRANSLATE_NOOP("Review", "Satisfaction"),
    "on_time_arrival": QT_TRANSLATE_NOOP("Review", "On-time arrival"),
}

WEEKDAY_NAMES = (
    QT_TRANSLATE_NOOP("Weekday", "Mon"),
    QT_TRANSLATE_NOOP("Weekday", "Tue"),
    QT_TRANSLATE_NOOP("Weekday", "Wed"),
    QT_TRANSLATE_NOOP("Weekday", "Thu"),
    QT_TRANSLATE_NOOP("Weekday", "Fri"),
    QT_TRANSLATE_NOOP("Weekday", "Sat"),
    QT_TRANSLATE_NOOP("Weekday", "Sun"),
)

# The English sentences the service writes into Debrief.notes, for the catalogue.
NOTE_TEXTS = (
    QT_TRANSLATE_NOOP(
        "ReviewNote",
        "Unit status history is not stored: time in each status is derived from assignments "
        "(dispatched, arrived, cleared).",
    ),
    QT_TRANSLATE_NOOP(
        "ReviewNote",
        "No approved roster covers the period: every unit counts as on duty, and officer "
        "workload is empty.",
    ),
)

DASH = "—"


def translated(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


def part_name(part: DelayPart | str | None) -> str:
    if part is None:
        return ""
    return translated("DelayPart", PART_NAMES.get(DelayPart(part), str(part)))


def rate_name(key: str) -> str:
    return translated("Review", RATE_NAMES[key])


def weekday_name(weekday: int) -> str:
    return translated("Weekday", WEEKDAY_NAMES[weekday])


def note_text(note: str) -> str:
    return translated("ReviewNote", note)


def percent(value: float | None) -> str:
    return DASH if value is None else f"{value * 100:.1f}%"


def rate_text(figure: RateFigure) -> str:
    return f"{percent(figure.rate)} ({figure.numerator}/{figure.denominator})"


def duration(seconds: float | None) -> str:
    return DASH if seconds is None else format_duration(seconds)


def minutes(seconds: float | None) -> str:
    return DASH if seconds is None else f"{seconds / 60:.1f}"


def hours(seconds: float | None) -> str:
    return DASH if seconds is None else f"{seconds / 3600:.1f}"


def local(at: datetime | None, tz: ZoneInfo) -> datetime | None:
    return None if at is None else at.astimezone(tz)


def local_text(at: datetime | None, tz: ZoneInfo) -> str:
    return "" if at is None else at.astimezone(tz).strftime("%m-%d %H:%M")


def period_text(start: datetime, end: datetime, tz: ZoneInfo) -> str:
    a, b = start.astimezone(tz), end.astimezone(tz)
    if a.date() == b.date() or (b - a).total_seconds() <= 86400:
        return f"{a:%Y-%m-%d %H:%M} — {b:%m-%d %H:%M}"
    return f"{a:%Y-%m-%d %H:%M} — {b:%Y-%m-%d %H:%M}"
