"""Who is on duty at an instant: shift boundaries, and the night shift across midnight."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from console.domain.duty import (
    ShiftSpec,
    current_shift,
    entries_on_duty,
    is_commander_post,
    last_shift_start,
    next_shift_start,
    occurrence,
    occurrences_covering,
    previous_occurrence,
)

NANJING = ZoneInfo("Asia/Shanghai")
DAY = ShiftSpec(1, "day", "白班", 8 * 60, 12 * 60)
NIGHT = ShiftSpec(2, "night", "夜班", 20 * 60, 12 * 60, is_night=True)
SHIFTS = (DAY, NIGHT)
D = date(2026, 11, 20)


def local(day: date, hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=NANJING)


@dataclass(frozen=True)
class Entry:
    officer_id: int
    day: date
    shift_type_id: int


def test_an_occurrence_starts_at_local_wall_time_and_is_stored_in_utc():
    occ = occurrence(NIGHT, D, NANJING)
    assert occ.start == datetime(2026, 11, 20, 12, 0, tzinfo=UTC)  # 20:00 in Nanjing
    assert occ.end == datetime(2026, 11, 21, 0, 0, tzinfo=UTC)  # 08:00 the next morning
    assert occ.start.tzinfo is UTC


@pytest.mark.parametrize(
    ("at", "code", "day"),
    [
        (local(D, 8), "day", D),  # the day shift begins at 08:00 sharp
        (local(D, 7, 59, 59), "night", D - timedelta(days=1)),  # last second of last night
        (local(D, 19, 59, 59), "day", D),
        (local(D, 20), "night", D),  # [start, end): 20:00 belongs to the night
        (local(D, 23, 59, 59), "night", D),
        (local(D + timedelta(days=1), 0), "night", D),  # midnight: still the night of D
        (local(D + timedelta(days=1), 2), "night", D),  # 02:00 on D+1: the night of D
        (local(D + timedelta(days=1), 8), "day", D + timedelta(days=1)),
    ],
)
def test_the_shift_on_at_each_boundary(at, code, day):
    occ = current_shift(SHIFTS, at, NANJING)
    assert (occ.shift.code, occ.day) == (code, day)
    assert occ.start <= at < occ.end


def test_entries_on_duty_at_two_in_the_morning_are_the_previous_days_night():
    entries = [
        Entry(1, D, DAY.id),
        Entry(2, D, NIGHT.id),  # the night of D: on at 02:00 on D+1
        Entry(3, D + timedelta(days=1), NIGHT.id),  # the night of D+1: not yet
        Entry(4, D + timedelta(days=1), DAY.id),  # not yet either
        Entry(5, D - timedelta(days=1), NIGHT.id),  # over 24 hours ago
    ]
    at = local(D + timedelta(days=1), 2)
    assert [e.officer_id for e in entries_on_duty(entries, SHIFTS, at, NANJING)] == [2]
    # and at the boundaries
    assert [e.officer_id for e in entries_on_duty(entries, SHIFTS, local(D, 20), NANJING)] == [2]
    assert [e.officer_id for e in entries_on_duty(entries, SHIFTS, local(D, 19, 59), NANJING)] == [
        1
    ]
    assert [
        e.officer_id
        for e in entries_on_duty(entries, SHIFTS, local(D + timedelta(days=1), 8), NANJING)
    ] == [4]


def test_entries_of_unknown_shift_types_are_never_on():
    assert entries_on_duty([Entry(1, D, 99)], SHIFTS, local(D, 9), NANJING) == []


def test_next_and_last_shift_change():
    at = local(D, 19, 45)
    assert next_shift_start(SHIFTS, at, NANJING).start == local(D, 20)
    assert last_shift_start(SHIFTS, at, NANJING).start == local(D, 8)
    # exactly at a change: that change is the last one, the next is twelve hours on
    assert last_shift_start(SHIFTS, local(D, 20), NANJING).start == local(D, 20)
    assert next_shift_start(SHIFTS, local(D, 20), NANJING).start == local(D + timedelta(days=1), 8)
    # after midnight the next change is the morning's day shift
    nxt = next_shift_start(SHIFTS, local(D + timedelta(days=1), 3), NANJING)
    assert (nxt.shift.code, nxt.day) == ("day", D + timedelta(days=1))


def test_the_shift_before_a_change_hands_over_to_it():
    morning = occurrence(DAY, D, NANJING)
    before = previous_occurrence(SHIFTS, morning, NANJING)
    assert (before.shift.code, before.day) == ("night", D - timedelta(days=1))


def test_overlapping_shifts_are_all_found_latest_first():
    middle = ShiftSpec(3, "mid", "中班", 16 * 60, 8 * 60)  # 16:00-24:00
    covering = occurrences_covering((*SHIFTS, middle), local(D, 21), NANJING)
    assert [o.shift.code for o in covering] == ["night", "mid"]
    assert current_shift((*SHIFTS, middle), local(D, 21), NANJING).shift.code == "night"


def test_a_24_hour_shift_covers_the_whole_next_morning():
    duty24 = ShiftSpec(4, "24h", "24小时", 8 * 60, 24 * 60)
    occ = current_shift((duty24,), local(D, 7, 59), NANJING)
    assert occ.day == D - timedelta(days=1)
    assert current_shift((duty24,), local(D, 8), NANJING).day == D


def test_no_shift_types_means_no_shift():
    assert current_shift((), local(D, 9), NANJING) is None
    assert next_shift_start((), local(D, 9), NANJING) is None


def test_commander_posts():
    assert is_commander_post("commander") and is_commander_post("指挥长")
    assert not is_commander_post("street") and not is_commander_post(None)
