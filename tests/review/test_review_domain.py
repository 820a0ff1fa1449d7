"""Pieces of the review's arithmetic: interval union, local calendar, coverage runs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np

from console.domain.review.local_time import local_day_numbers, weekday_hour
from console.domain.review.units import (
    AssignmentColumns,
    GridInfo,
    UnitInfo,
    coverage_gaps,
    merge_intervals,
    unit_status_times,
)

T0 = datetime(2026, 11, 20, 0, 0, tzinfo=UTC)


def test_merge_intervals_unions_per_key():
    key = np.array([2, 1, 1, 1, 2])
    start = np.array([0.0, 10.0, 15.0, 40.0, 5.0])
    end = np.array([3.0, 20.0, 30.0, 50.0, 8.0])
    k, s, e = merge_intervals(key, start, end)
    assert k.tolist() == [1, 1, 2, 2]
    assert s.tolist() == [10, 40, 0, 5] and e.tolist() == [30, 50, 3, 8]


def test_local_calendar_follows_daylight_saving():
    berlin = ZoneInfo("Europe/Berlin")
    # 29 March 2026: clocks go from 02:00 to 03:00 local (01:00 UTC).
    before = datetime(2026, 3, 29, 0, 30, tzinfo=UTC).timestamp()  # 01:30 CET
    after = datetime(2026, 3, 29, 1, 30, tzinfo=UTC).timestamp()  # 03:30 CEST
    weekday, hour = weekday_hour(np.array([before, after]), berlin)
    assert weekday.tolist() == [6, 6] and hour.tolist() == [1, 3]
    shanghai = ZoneInfo("Asia/Shanghai")
    late_evening_utc = datetime(2026, 11, 20, 17, 0, tzinfo=UTC).timestamp()  # 01:00 on 21st
    (day,) = local_day_numbers(np.array([late_evening_utc]), shanghai)
    assert datetime(1970, 1, 1) + timedelta(days=int(day)) == datetime(2026, 11, 21)


def _assignments(rows):
    return AssignmentColumns.from_rows(
        [
            {
                "incident_id": i,
                "unit_id": unit,
                "ordered_at": T0 + timedelta(minutes=o),
                "arrived_at": None if a is None else T0 + timedelta(minutes=a),
                "cleared_at": None if c is None else T0 + timedelta(minutes=c),
            }
            for i, (unit, o, a, c) in enumerate(rows, start=1)
        ]
    )


def test_coverage_counts_overlapping_orders_of_one_unit_once():
    # Unit 1 has two overlapping orders (10-40 and 20-30 min); unit 2 one (30-50 min).
    a = _assignments([(1, 10, 15, 40), (1, 20, 25, 30), (2, 30, 35, 50)])
    units = [UnitInfo(1, "巡1", 9), UnitInfo(2, "巡2", 9)]
    grid = GridInfo(9, "一网格", 2)
    period = (T0.timestamp(), (T0 + timedelta(hours=1)).timestamp())
    (coverage,) = coverage_gaps(a, units, [grid], period, period[1], None)
    (gap,) = coverage.gaps
    assert (gap.start, gap.end) == (T0 + timedelta(minutes=10), T0 + timedelta(minutes=50))
    assert gap.available_units == 0  # both out from 30 to 40
    assert coverage.gap_seconds == 40 * 60
    times = {t.unit_id: t for t in unit_status_times(a, units, period, period[1], None)}
    assert times[1].dispatched_seconds == (5 + 5) * 60
    assert times[1].on_scene_seconds == (25 + 5) * 60
    assert times[1].incidents == 2


def test_an_order_still_running_counts_until_the_review():
    a = _assignments([(1, 10, None, None)])
    period = (T0.timestamp(), (T0 + timedelta(hours=1)).timestamp())
    as_of = (T0 + timedelta(minutes=25)).timestamp()
    (t,) = unit_status_times(a, [UnitInfo(1, "巡1", None)], period, as_of, None)
    assert t.dispatched_seconds == 15 * 60 and t.on_scene_seconds == 0


def test_coverage_with_roster_counts_only_units_on_duty_in_the_period():
    from console.domain.review.units import DutySpans

    a = _assignments([(2, 30, 35, 50)])
    units = [UnitInfo(1, "巡1", 9), UnitInfo(2, "巡2", 9)]
    hour = 3600.0
    t0 = T0.timestamp()
    # 巡1's shift ended an hour before the period; 巡2 is on duty all through it.
    duty = DutySpans(
        unit_id=np.array([1, 2]),
        start=np.array([t0 - 2 * hour, t0 - hour]),
        end=np.array([t0 - hour, t0 + 2 * hour]),
    )
    period = (t0, t0 + hour)
    (coverage,) = coverage_gaps(a, units, [GridInfo(9, "一网格", 1)], period, period[1], duty)
    (gap,) = coverage.gaps
    assert (gap.start, gap.end) == (T0 + timedelta(minutes=30), T0 + timedelta(minutes=50))
    assert gap.available_units == 0
    times = {t.unit_id: t for t in unit_status_times(a, units, period, period[1], duty)}
    assert times[1].on_duty_seconds == 0 and times[2].on_duty_seconds == hour
    assert times[2].available_seconds == hour - 20 * 60


def test_moments_are_the_aware_utc_datetimes_of_the_seconds():
    from console.domain.review.columns import moments

    stamps = [
        datetime(2026, 11, 9, 23, 59, 59, 999999, tzinfo=UTC),
        datetime(2026, 3, 29, 1, 0, 0, 1, tzinfo=UTC),  # Europe's spring change
        datetime(2028, 2, 29, 12, 0, 0, 500000, tzinfo=UTC),
        datetime(1969, 12, 31, 23, 59, 59, 250000, tzinfo=UTC),  # before 1970
        datetime(1970, 1, 1, tzinfo=UTC),
    ]
    seconds = np.array(
        [t.timestamp() for t in stamps[:2]] + [np.nan] + [t.timestamp() for t in stamps[2:]]
    )
    got = moments(seconds)
    assert got == [*stamps[:2], None, *stamps[2:]]
    assert all(t is None or t.tzinfo is UTC for t in got)
    assert got == [None if s != s else datetime.fromtimestamp(s, UTC) for s in seconds]
    assert moments(np.zeros(0)) == [] and moments(np.array([np.nan])) == [None]
