"""The periods the chief picks from: shifts and recent days, as [start, end) in UTC.

Shifts change at 08:00 and 20:00 local time (the handover of DESIGN.md §1a); a period
that has not ended yet ends now.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

DAY_SHIFT_START = time(8, 0)
NIGHT_SHIFT_START = time(20, 0)


class Period(StrEnum):
    LAST_NIGHT = "last_night"  # 昨夜: the latest night shift that has begun
    TODAY_DAY = "today_day"  # 今日白班
    YESTERDAY_DAY = "yesterday_day"  # 昨日白班
    YESTERDAY = "yesterday"  # 昨日 (whole day)
    LAST_7_DAYS = "last_7_days"
    LAST_30_DAYS = "last_30_days"
    LAST_90_DAYS = "last_90_days"
    CUSTOM = "custom"


def period_range(period: Period, now: datetime, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """[start, end) of ``period`` as seen at ``now`` in the station's zone ``tz``."""
    local = now.astimezone(tz)
    today = local.date()

    def at(day, clock: time) -> datetime:
        return datetime.combine(day, clock, tz).astimezone(UTC)

    now_utc = now.astimezone(UTC)
    if period is Period.LAST_NIGHT:
        # Before 20:00 the last night began yesterday evening; from 20:00 on, it is tonight.
        day = today if local.time() >= NIGHT_SHIFT_START else today - timedelta(days=1)
        start = at(day, NIGHT_SHIFT_START)
        return start, min(now_utc, at(day + timedelta(days=1), DAY_SHIFT_START))
    if period is Period.TODAY_DAY:
        start = at(today, DAY_SHIFT_START)
        if now_utc < start:  # before 08:00 today's day shift has not begun: the one before
            start = at(today - timedelta(days=1), DAY_SHIFT_START)
        return start, min(now_utc, start + timedelta(hours=12))
    if period is Period.YESTERDAY_DAY:
        start = at(today - timedelta(days=1), DAY_SHIFT_START)
        return start, min(now_utc, start + timedelta(hours=12))
    if period is Period.YESTERDAY:
        return at(today - timedelta(days=1), time(0)), at(today, time(0))
    days = {Period.LAST_7_DAYS: 7, Period.LAST_30_DAYS: 30, Period.LAST_90_DAYS: 90}.get(period)
    if days is None:
        raise ValueError(f"{period} has no fixed range")
    return at(today - timedelta(days=days - 1), time(0)), now_utc
