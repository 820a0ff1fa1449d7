"""Period figures from the incident columns: arrival distributions, part summaries,
the hour x weekday matrix, daily clearance and the weekly trend."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import numpy as np

from console.domain.incidents import OPEN_STATUSES
from console.domain.incidents import IncidentStatus as S

from .columns import PRIORITIES, IncidentColumns, status_mask
from .delays import LATE, ON_TIME, PARTS, DelayArrays
from .local_time import day_of, local_day_numbers, week_starts, weekday_hour
from .rates import review_rates_by
from .results import (
    ArrivalDistribution,
    DailyClearance,
    HourWeekdayMatrix,
    PartSummary,
    WeeklyRates,
)

BIN_SECONDS = 60.0
BIN_CAP_SECONDS = 30 * 60.0  # one open "30 min and over" bin after this
ALL_GRADES = "all"


def _percentile(values: np.ndarray, q: float) -> float | None:
    return float(np.percentile(values, q)) if len(values) else None


def _median_p90(values: np.ndarray) -> tuple[float | None, float | None]:
    """Both at once: one partial sort instead of two."""
    if not len(values):
        return None, None
    p50, p90 = np.percentile(values, [50, 90])
    return float(p50), float(p90)


def arrival_distribution(
    label: str, response: np.ndarray, arrival_target: np.ndarray, on_time: np.ndarray
) -> ArrivalDistribution:
    """Distribution of the response seconds given (NaN entries are dropped)."""
    keep = ~np.isnan(response)
    values = response[keep]
    edges = list(np.arange(0.0, BIN_CAP_SECONDS + BIN_SECONDS, BIN_SECONDS))
    if len(values) and values.max() >= BIN_CAP_SECONDS:
        edges.append(float(values.max()) + 1.0)
    counts, _ = np.histogram(np.clip(values, 0.0, None), bins=np.array(edges))
    targets = arrival_target[keep & ~np.isnan(arrival_target)]
    target = None
    if len(targets):
        uniq, n = np.unique(targets, return_counts=True)
        target = float(uniq[np.argmax(n)])
    p50, p90 = _median_p90(values)
    return ArrivalDistribution(
        priority=label,
        count=int(len(values)),
        on_time=int(np.count_nonzero(on_time[keep])),
        target_seconds=target,
        mean_seconds=float(values.mean()) if len(values) else None,
        p50_seconds=p50,
        p90_seconds=p90,
        bin_edges_seconds=tuple(float(e) for e in edges),
        counts=tuple(int(c) for c in counts),
    )


def arrival_distributions(
    columns: IncidentColumns, delays: DelayArrays
) -> dict[str, ArrivalDistribution]:
    """One distribution per grade that has a deadline, plus "all" of them together."""
    with_deadline = ~np.isnan(columns.deadline)
    on_time = delays.late == ON_TIME
    result: dict[str, ArrivalDistribution] = {}
    for code, priority in enumerate(PRIORITIES):
        rows = with_deadline & (columns.priority == code)
        if not rows.any():
            continue
        result[priority] = arrival_distribution(
            priority, delays.response[rows], delays.arrival_target[rows], on_time[rows]
        )
    result[ALL_GRADES] = arrival_distribution(
        ALL_GRADES,
        delays.response[with_deadline],
        delays.arrival_target[with_deadline],
        on_time[with_deadline],
    )
    return result


def part_summaries(delays: DelayArrays) -> tuple[PartSummary, ...]:
    summaries = []
    over = delays.over()
    for i, part in enumerate(PARTS):
        measured = delays.seconds[i][~np.isnan(delays.seconds[i])]
        median, p90 = _median_p90(measured)
        summaries.append(
            PartSummary(
                part=part,
                measured=int(len(measured)),
                over_target=int(np.count_nonzero(over[i] > 0)),
                median_seconds=median,
                p90_seconds=p90,
                late_because=int(np.count_nonzero((delays.late == LATE) & (delays.late_part == i))),
            )
        )
    return tuple(summaries)


def hour_weekday(columns: IncidentColumns, tz: ZoneInfo) -> HourWeekdayMatrix:
    weekday, hour = weekday_hour(columns.received, tz)
    counts = np.bincount(weekday * 24 + hour, minlength=7 * 24).reshape(7, 24)
    return HourWeekdayMatrix(tuple(tuple(int(c) for c in row) for row in counts))


def daily_clearance(
    columns: IncidentColumns, explained: np.ndarray, tz: ZoneInfo
) -> tuple[DailyClearance, ...]:
    """日清零 per local day received. ``explained``: the incident has a clearance note.

    As the daily clearance list does: open incidents and closed ones not called back are
    pending, except calls closed as duplicates (called back through their original).
    """
    if not len(columns):
        return ()
    days = local_day_numbers(columns.received, tz)
    open_ = status_mask(columns, *OPEN_STATUSES)
    callback = status_mask(columns, S.CLOSED) & ~columns.duplicate
    first = int(days.min())
    span = int(days.max()) - first + 1

    def per_day(mask: np.ndarray) -> np.ndarray:
        return np.bincount(days[mask] - first, minlength=span)

    received = per_day(np.ones(len(columns), dtype=bool))
    pending_open, pending_callback = per_day(open_), per_day(callback)
    explained_n = per_day((open_ | callback) & explained)
    return tuple(
        DailyClearance(
            day=day_of(first + i),
            received=int(received[i]),
            pending_open=int(pending_open[i]),
            pending_callback=int(pending_callback[i]),
            explained=int(explained_n[i]),
        )
        for i in range(span)
        if received[i]
    )


def weekly_trend(
    columns: IncidentColumns, delays: DelayArrays, tz: ZoneInfo
) -> tuple[WeeklyRates, ...]:
    """The main rates week by week (station-local weeks starting on Monday)."""
    if not len(columns):
        return ()
    weeks, week_index = np.unique(week_starts(columns.received, tz), return_inverse=True)
    rates = review_rates_by(columns, delays, week_index, len(weeks))
    counts = np.bincount(week_index, minlength=len(weeks))
    graded = ~np.isnan(columns.deadline) & ~np.isnan(delays.response)
    return tuple(
        WeeklyRates(
            week_start=day_of(int(week)),
            incidents=int(counts[i]),
            rates=rates[i],
            p90_response_seconds=_percentile(delays.response[graded & (week_index == i)], 90),
        )
        for i, week in enumerate(weeks)
    )
