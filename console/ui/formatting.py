"""How times and durations read on screen (DESIGN.md §1b): local 24-hour clock times,
durations as m:ss under an hour and h:mm:ss above. Pure functions, no Qt."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from enum import Enum


def format_duration(seconds: float) -> str:
    """``m:ss`` under an hour, ``h:mm:ss`` from an hour up; negative durations get a minus.

    Whole seconds are truncated toward zero, so a countdown reads like a stopwatch.
    """
    total = int(abs(seconds))
    sign = "-" if seconds < 0 and total > 0 else ""
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{sign}{hours}:{minutes:02d}:{secs:02d}"
    return f"{sign}{minutes}:{secs:02d}"


def format_clock(at: datetime, tz: tzinfo) -> str:
    """A moment as the station's local 24-hour time, ``HH:MM:SS``."""
    return at.astimezone(tz).strftime("%H:%M:%S")


def format_local(at: datetime, tz: tzinfo) -> str:
    """A moment as the station's local date and 24-hour time, ``YYYY-MM-DD HH:MM:SS``."""
    return at.astimezone(tz).strftime("%Y-%m-%d %H:%M:%S")


def seconds_since(since: datetime, now: datetime) -> float:
    """Elapsed seconds, never negative (a clock a little ahead elsewhere reads as 0:00)."""
    return max(0.0, (now - since).total_seconds())


class Countdown(Enum):
    """Where an incident stands against its arrival deadline."""

    NO_DEADLINE = "no_deadline"  # by appointment (非紧急)
    RUNNING = "running"  # no unit on scene yet, time remains
    OVERDUE = "overdue"  # no unit on scene and the deadline has passed
    ARRIVED = "arrived"  # first unit arrived in time: the clock stopped
    ARRIVED_LATE = "arrived_late"  # first unit arrived after the deadline


@dataclass(frozen=True)
class TimeLeft:
    state: Countdown
    seconds: float | None  # time left (negative: overdue); frozen at the first arrival

    @property
    def is_late(self) -> bool:
        return self.state in (Countdown.OVERDUE, Countdown.ARRIVED_LATE)


def time_left(
    deadline: datetime | None, first_arrived_at: datetime | None, now: datetime
) -> TimeLeft:
    """Time left to the arrival deadline; it stops once the first unit is on scene."""
    if deadline is None:
        return TimeLeft(Countdown.NO_DEADLINE, None)
    if first_arrived_at is not None:
        left = (deadline - first_arrived_at).total_seconds()
        return TimeLeft(Countdown.ARRIVED if left >= 0 else Countdown.ARRIVED_LATE, left)
    left = (deadline - now).total_seconds()
    return TimeLeft(Countdown.RUNNING if left >= 0 else Countdown.OVERDUE, left)


GENERIC_GRID_WORDS = frozenset({"网格", "责任区", "警务区", "社区", "grid", "Grid"})
STATION_SUFFIXES = ("派出所", "警务站", "警务室", "分局", " Police Station", " Station")


def place_of_station(station_name: str) -> str:
    """The place a station is named after: "新街口派出所" → "新街口"."""
    for suffix in STATION_SUFFIXES:
        if station_name.endswith(suffix) and len(station_name) > len(suffix):
            return station_name[: -len(suffix)].strip()
    return ""


def grid_short_name(grid_name: str | None, station_name: str) -> str | None:
    """A grid's name without its station's place, which every grid repeats: "新街口第二网格"
    → "第二网格" at 新街口派出所. Another station's grid (mutual support) keeps its name."""
    if not grid_name:
        return grid_name
    place = place_of_station(station_name)
    if place and grid_name.startswith(place):
        rest = grid_name[len(place) :].lstrip(" ·-")
        if rest and rest not in GENERIC_GRID_WORDS:  # "玄武门网格" stays itself
            return rest
    return grid_name
