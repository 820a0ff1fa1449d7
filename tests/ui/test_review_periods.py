"""The periods the review offers, as [start, end) in UTC, seen from a Nanjing clock."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from console.ui.review.periods import Period, period_range

NANJING = ZoneInfo("Asia/Shanghai")


def local(y, mo, d, h, mi=0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=NANJING).astimezone(UTC)


@pytest.mark.parametrize(
    ("now", "period", "start", "end"),
    [
        # 15:00: last night ran 20:00 yesterday to 08:00 today.
        (
            local(2026, 11, 20, 15),
            Period.LAST_NIGHT,
            local(2026, 11, 19, 20),
            local(2026, 11, 20, 8),
        ),
        # 03:00: the night shift is still on; it ends now.
        (
            local(2026, 11, 20, 3),
            Period.LAST_NIGHT,
            local(2026, 11, 19, 20),
            local(2026, 11, 20, 3),
        ),
        # 21:30: tonight's shift began at 20:00.
        (
            local(2026, 11, 20, 21, 30),
            Period.LAST_NIGHT,
            local(2026, 11, 20, 20),
            local(2026, 11, 20, 21, 30),
        ),
        (
            local(2026, 11, 20, 15),
            Period.TODAY_DAY,
            local(2026, 11, 20, 8),
            local(2026, 11, 20, 15),
        ),
        (
            local(2026, 11, 20, 21),
            Period.TODAY_DAY,
            local(2026, 11, 20, 8),
            local(2026, 11, 20, 20),
        ),
        # 06:00: today's day shift has not begun; the last one is yesterday's.
        (local(2026, 11, 20, 6), Period.TODAY_DAY, local(2026, 11, 19, 8), local(2026, 11, 19, 20)),
        (
            local(2026, 11, 20, 15),
            Period.YESTERDAY_DAY,
            local(2026, 11, 19, 8),
            local(2026, 11, 19, 20),
        ),
        (local(2026, 11, 20, 15), Period.YESTERDAY, local(2026, 11, 19, 0), local(2026, 11, 20, 0)),
        (
            local(2026, 11, 20, 15),
            Period.LAST_7_DAYS,
            local(2026, 11, 14, 0),
            local(2026, 11, 20, 15),
        ),
        (
            local(2026, 11, 20, 15),
            Period.LAST_90_DAYS,
            local(2026, 8, 23, 0),
            local(2026, 11, 20, 15),
        ),
    ],
)
def test_period_ranges(now, period, start, end):
    assert period_range(period, now, NANJING) == (start, end)


def test_a_custom_period_has_no_fixed_range():
    with pytest.raises(ValueError):
        period_range(Period.CUSTOM, local(2026, 11, 20, 15), NANJING)
