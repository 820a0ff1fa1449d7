"""Who is on duty at a given instant (当班): shift occurrences in the station's local time.

A shift type starts ``start_minute`` after local midnight of its day and lasts
``duration_min`` minutes, so a night shift starting 20:00 runs into the next date: at
02:00 on day D the night shift *of day D-1* is on. Occurrences are half-open,
[start, end): at 08:00 sharp the night shift is over and the day shift is on.

Pure: plain data in, plain data out, times aware (UTC out).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Protocol, TypeVar
from zoneinfo import ZoneInfo

MINUTES_A_DAY = 24 * 60
# The post names that mean 专职指挥长: the store's code and the roster problem's default.
COMMANDER_POSTS = frozenset({"commander", "指挥长"})


@dataclass(frozen=True)
class ShiftSpec:
    """A shift type as the duty rules need it."""

    id: int
    code: str
    name: str
    start_minute: int  # after local midnight
    duration_min: int
    is_night: bool = False


@dataclass(frozen=True)
class ShiftOccurrence:
    """One shift type worked on one day: [start, end) in UTC."""

    shift: ShiftSpec
    day: date  # the local date the shift starts on
    start: datetime
    end: datetime

    def covers(self, at: datetime) -> bool:
        return self.start <= at < self.end


class RosterEntryLike(Protocol):
    officer_id: int
    day: date
    shift_type_id: int


E = TypeVar("E", bound=RosterEntryLike)


def occurrence(shift: ShiftSpec, day: date, tz: ZoneInfo) -> ShiftOccurrence:
    """``shift`` on ``day``: starts at its local wall-clock time, lasts its minutes."""
    days, minute = divmod(shift.start_minute, MINUTES_A_DAY)
    local = datetime.combine(day + timedelta(days=days), time(minute // 60, minute % 60), tz)
    start = local.astimezone(UTC)
    return ShiftOccurrence(shift, day, start, start + timedelta(minutes=shift.duration_min))


def _days_back(shift: ShiftSpec) -> int:
    """How many local dates before ``at``'s date an occurrence covering ``at`` may start."""
    return (shift.start_minute + shift.duration_min) // MINUTES_A_DAY + 1


def occurrences_covering(
    shifts: Iterable[ShiftSpec], at: datetime, tz: ZoneInfo
) -> list[ShiftOccurrence]:
    """Every shift occurrence on at ``at``, the latest started first."""
    today = at.astimezone(tz).date()
    found = []
    for shift in shifts:
        for back in range(_days_back(shift) + 1):
            occ = occurrence(shift, today - timedelta(days=back), tz)
            if occ.covers(at):
                found.append(occ)
    return sorted(found, key=lambda o: (o.start, o.shift.id), reverse=True)


def current_shift(
    shifts: Sequence[ShiftSpec], at: datetime, tz: ZoneInfo
) -> ShiftOccurrence | None:
    """The shift on at ``at`` (the latest started when several overlap), or None."""
    covering = occurrences_covering(shifts, at, tz)
    return covering[0] if covering else None


def next_shift_start(
    shifts: Sequence[ShiftSpec], at: datetime, tz: ZoneInfo
) -> ShiftOccurrence | None:
    """The first shift occurrence starting strictly after ``at``: the next shift change."""
    today = at.astimezone(tz).date()
    later = [
        occ
        for shift in shifts
        for ahead in range(-_days_back(shift), 3)
        if (occ := occurrence(shift, today + timedelta(days=ahead), tz)).start > at
    ]
    return min(later, key=lambda o: (o.start, o.shift.id), default=None)


def last_shift_start(
    shifts: Sequence[ShiftSpec], at: datetime, tz: ZoneInfo
) -> ShiftOccurrence | None:
    """The latest shift occurrence starting at or before ``at``: the last shift change."""
    today = at.astimezone(tz).date()
    earlier = [
        occ
        for shift in shifts
        for back in range(-1, _days_back(shift) + 2)
        if (occ := occurrence(shift, today - timedelta(days=back), tz)).start <= at
    ]
    return max(earlier, key=lambda o: (o.start, o.shift.id), default=None)


def previous_occurrence(
    shifts: Sequence[ShiftSpec], incoming: ShiftOccurrence, tz: ZoneInfo
) -> ShiftOccurrence | None:
    """The shift that hands over to ``incoming``: the latest one started before it."""
    return last_shift_start(shifts, incoming.start - timedelta(microseconds=1), tz)


def entries_on_duty(
    entries: Iterable[E], shifts: Sequence[ShiftSpec], at: datetime, tz: ZoneInfo
) -> list[E]:
    """The roster entries whose shift occurrence covers ``at``."""
    by_id = {s.id: s for s in shifts}
    on = []
    for entry in entries:
        shift = by_id.get(entry.shift_type_id)
        if shift is not None and occurrence(shift, entry.day, tz).covers(at):
            on.append(entry)
    return on


def days_to_look_at(shifts: Sequence[ShiftSpec], at: datetime, tz: ZoneInfo) -> list[date]:
    """The local dates whose entries may cover ``at`` (for narrowing a query)."""
    today = at.astimezone(tz).date()
    back = max((_days_back(s) for s in shifts), default=1)
    return [today - timedelta(days=k) for k in range(back + 1)]


def is_commander_post(post: str | None) -> bool:
    return post in COMMANDER_POSTS
