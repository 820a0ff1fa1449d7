"""Durations, clock times and the arrival countdown as the screen shows them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from console.ui.formatting import (
    Countdown,
    format_clock,
    format_duration,
    format_local,
    seconds_since,
    time_left,
)

NOW = datetime(2026, 11, 22, 18, 59, 30, tzinfo=UTC)  # 02:59:30 the next day in Nanjing


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0:00"),
        (0.9, "0:00"),
        (59, "0:59"),
        (61, "1:01"),
        (3599, "59:59"),
        (3600, "1:00:00"),
        (3600 * 25 + 62, "25:01:02"),
        (-0.4, "0:00"),
        (-5, "-0:05"),
        (-125, "-2:05"),
        (-3725, "-1:02:05"),
    ],
)
def test_durations_read_m_ss_under_an_hour(seconds, text):
    assert format_duration(seconds) == text


def test_times_are_local_24_hour():
    shanghai = ZoneInfo("Asia/Shanghai")
    assert format_clock(NOW, shanghai) == "02:59:30"
    assert format_local(NOW, shanghai) == "2026-11-23 02:59:30"
    assert format_clock(NOW.replace(hour=9), shanghai) == "17:59:30"


def test_age_never_negative():
    assert seconds_since(NOW - timedelta(minutes=3), NOW) == 180
    assert seconds_since(NOW + timedelta(seconds=2), NOW) == 0


def test_countdown_runs_then_goes_overdue():
    deadline = NOW + timedelta(minutes=4, seconds=10)
    running = time_left(deadline, None, NOW)
    assert (running.state, running.seconds, running.is_late) == (Countdown.RUNNING, 250, False)
    overdue = time_left(deadline, None, NOW + timedelta(minutes=5))
    assert (overdue.state, overdue.seconds, overdue.is_late) == (Countdown.OVERDUE, -50, True)


def test_countdown_stops_at_the_first_arrival():
    deadline = NOW + timedelta(minutes=5)
    in_time = time_left(deadline, NOW + timedelta(minutes=3), NOW + timedelta(hours=1))
    assert (in_time.state, in_time.seconds) == (Countdown.ARRIVED, 120)
    late = time_left(deadline, NOW + timedelta(minutes=7), NOW + timedelta(hours=1))
    assert (late.state, late.seconds, late.is_late) == (Countdown.ARRIVED_LATE, -120, True)


def test_no_deadline_by_appointment():
    assert time_left(None, None, NOW).state is Countdown.NO_DEADLINE
