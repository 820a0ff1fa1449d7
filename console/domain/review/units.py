"""Units over a review period, derived from assignments (the store keeps no unit status
history): time dispatched and on scene, workload, and coverage gaps per grid (警力冰点).

A unit counts as committed from the order until it is cleared or the order cancelled (or,
if neither happened yet, until the review's ``as_of``); dispatched (已派/途中) until it
arrives, on scene (到场/处置中) after. Without an approved roster every unit is taken to
be on duty all the time.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .columns import distinct, moments
from .results import CoverageGap, GridCoverage, UnitStatusTime, UnitWorkload

PAIR_STRIDE = np.int64(1) << 40  # incident ids stay below 2**40


@dataclass(frozen=True)
class AssignmentColumns:
    """One row per assignment; times are epoch seconds (NaN: not happened)."""

    incident_id: np.ndarray  # int64
    unit_id: np.ndarray  # int64
    ordered: np.ndarray
    arrived: np.ndarray
    cleared: np.ndarray
    cancelled: np.ndarray
    urgent: np.ndarray  # bool: the incident was graded 紧急
    first_order: np.ndarray  # bool: ordered in the incident's first dispatch

    def __len__(self) -> int:
        return len(self.unit_id)

    @classmethod
    def from_rows(cls, rows: list[dict]) -> AssignmentColumns:
        def times(key: str) -> np.ndarray:
            return np.array(
                [np.nan if r.get(key) is None else r[key].timestamp() for r in rows], dtype=float
            )

        return cls(
            incident_id=np.array([r["incident_id"] for r in rows], dtype=np.int64),
            unit_id=np.array([r["unit_id"] for r in rows], dtype=np.int64),
            ordered=times("ordered_at"),
            arrived=times("arrived_at"),
            cleared=times("cleared_at"),
            cancelled=times("cancelled_at"),
            urgent=np.array([bool(r.get("urgent", False)) for r in rows], dtype=bool),
            first_order=np.array([bool(r.get("first_order", False)) for r in rows], dtype=bool),
        )


@dataclass(frozen=True)
class UnitInfo:
    unit_id: int
    call_sign: str
    home_grid_id: int | None


@dataclass(frozen=True)
class GridInfo:
    grid_id: int
    name: str
    min_available_units: int


@dataclass(frozen=True)
class DutySpans:
    """Approved-roster duty of units: one row per (unit, shift), epoch seconds."""

    unit_id: np.ndarray
    start: np.ndarray
    end: np.ndarray


def phases(a: AssignmentColumns, as_of: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(committed end, arrival or committed end, on-scene start) per assignment."""
    released = np.fmin(a.cleared, a.cancelled)
    end = np.where(np.isnan(released), as_of, released)
    end = np.maximum(end, a.ordered)
    arrival = np.where(np.isnan(a.arrived), end, np.minimum(a.arrived, end))
    return end, arrival, arrival


def busy_spans(a: AssignmentColumns, as_of: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(unit, start, end) of each unit's committed time, overlapping orders merged."""
    end, _, _ = phases(a, as_of)
    return merge_intervals(a.unit_id, a.ordered, end)


def _clipped(start: np.ndarray, end: np.ndarray, lo: float, hi: float) -> np.ndarray:
    return np.clip(np.minimum(end, hi) - np.maximum(start, lo), 0.0, None)


def merge_intervals(
    key: np.ndarray, start: np.ndarray, end: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Union of [start, end) intervals per key: (key, start, end) of the merged ones."""
    if len(key) == 0:
        return key, start, end
    order = np.lexsort((start, key))
    k, s, e = key[order], start[order], end[order]
    # A new merged interval begins where the key changes or the start lies past every
    # earlier end of the same key (running maximum, reset at each key).
    new_key = np.r_[True, k[1:] != k[:-1]]
    group = np.cumsum(new_key) - 1
    offset = group.astype(float) * 1e11  # keys apart: a running max never crosses them
    running = np.maximum.accumulate(e + offset) - offset
    begins = new_key | np.r_[True, s[1:] > running[:-1]]
    idx = np.flatnonzero(begins)
    return k[idx], s[idx], np.maximum.reduceat(e, idx)


def unit_status_times(
    a: AssignmentColumns,
    units: list[UnitInfo],
    period: tuple[float, float],
    as_of: float,
    duty: DutySpans | None,
    busy: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None,
) -> tuple[UnitStatusTime, ...]:
    """``busy``: busy_spans(a, as_of) when the caller has it already."""
    lo, hi = period[0], min(period[1], as_of)
    end, arrival, _ = phases(a, as_of)
    dispatched = _clipped(a.ordered, arrival, lo, hi)
    on_scene = _clipped(arrival, end, lo, hi)
    busy_k, busy_s, busy_e = busy if busy is not None else busy_spans(a, as_of)
    busy = _clipped(busy_s, busy_e, lo, hi)
    if duty is not None:
        duty_k, duty_s, duty_e = merge_intervals(duty.unit_id, duty.start, duty.end)
        on_duty = _clipped(duty_s, duty_e, lo, hi)
    ids = np.array([u.unit_id for u in units], dtype=np.int64)

    def per_unit(keys: np.ndarray, values: np.ndarray) -> np.ndarray:
        index = _index_of(ids, keys)
        known = index >= 0
        return np.bincount(index[known], weights=values[known], minlength=len(ids))

    # Distinct (unit, incident) pairs, folded into one sortable integer.
    pairs = distinct(a.unit_id * PAIR_STRIDE + a.incident_id) // PAIR_STRIDE
    incidents = per_unit(pairs, np.ones(len(pairs)))
    dispatched_s = per_unit(a.unit_id, dispatched)
    on_scene_s = per_unit(a.unit_id, on_scene)
    busy_s_per_unit = per_unit(busy_k, busy)
    duty_s_per_unit = per_unit(duty_k, on_duty) if duty is not None else None
    result = []
    for i, unit in enumerate(units):
        duty_seconds = available = None
        if duty_s_per_unit is not None:
            duty_seconds = float(duty_s_per_unit[i])
            available = max(0.0, duty_seconds - float(busy_s_per_unit[i]))
        result.append(
            UnitStatusTime(
                unit_id=unit.unit_id,
                call_sign=unit.call_sign,
                home_grid_id=unit.home_grid_id,
                incidents=int(incidents[i]),
                dispatched_seconds=float(dispatched_s[i]),
                on_scene_seconds=float(on_scene_s[i]),
                on_duty_seconds=duty_seconds,
                available_seconds=available,
            )
        )
    return tuple(result)


def _index_of(ids: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """Position of each key in ``ids`` (-1 when absent)."""
    if len(ids) == 0:
        return np.full(len(keys), -1, dtype=np.int64)
    order = np.argsort(ids)
    pos = np.clip(np.searchsorted(ids, keys, sorter=order), 0, len(ids) - 1)
    found = order[pos]
    return np.where(ids[found] == keys, found, -1)


def unit_workloads(times: tuple[UnitStatusTime, ...]) -> tuple[UnitWorkload, ...]:
    """Busiest first."""
    rows = [
        UnitWorkload(t.unit_id, t.call_sign, t.incidents, t.on_scene_seconds, t.committed_seconds)
        for t in times
    ]
    return tuple(sorted(rows, key=lambda w: (-w.committed_seconds, w.call_sign)))


def coverage_gaps(
    a: AssignmentColumns,
    units: list[UnitInfo],
    grids: list[GridInfo],
    period: tuple[float, float],
    as_of: float,
    duty: DutySpans | None,
    busy: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None,
) -> tuple[GridCoverage, ...]:
    """Stretches of the period when a grid had fewer available units than its minimum.

    Available = units of the grid on duty minus those committed to an incident (a unit is
    only dispatched while on duty, so the two are not intersected). ``busy``:
    busy_spans(a, as_of) when the caller has it already.
    """
    lo, hi = period[0], min(period[1], as_of)
    busy_k, busy_s, busy_e = busy if busy is not None else busy_spans(a, as_of)
    home = {u.unit_id: u.home_grid_id for u in units}
    result = []
    for grid in grids:
        members = np.array([u for u, g in home.items() if g == grid.grid_id], dtype=np.int64)
        mine = np.isin(busy_k, members)
        steps = [_steps(busy_s[mine], busy_e[mine], -1, lo, hi)]
        if duty is None:
            level0 = len(members)
        else:
            level0 = 0
            on = np.isin(duty.unit_id, members)
            _, ds, de = merge_intervals(duty.unit_id[on], duty.start[on], duty.end[on])
            steps.append(_steps(ds, de, +1, lo, hi))
        t = np.concatenate([time for time, _ in steps])
        d = np.concatenate([delta for _, delta in steps])
        order = np.argsort(t, kind="stable")
        bounds = np.r_[lo, t[order], hi]
        levels = level0 + np.r_[0, np.cumsum(d[order])]
        gaps = _gap_runs(bounds, levels, grid)
        result.append(
            GridCoverage(
                grid_id=grid.grid_id,
                grid_name=grid.name,
                min_available_units=grid.min_available_units,
                units=len(members),
                gap_seconds=float(sum(g.seconds for g in gaps)),
                gaps=gaps,
            )
        )
    return tuple(result)


def _steps(
    start: np.ndarray, end: np.ndarray, delta: int, lo: float, hi: float
) -> tuple[np.ndarray, np.ndarray]:
    """(times, level changes) of spans: ``delta`` at each start, ``-delta`` at each end,
    for the spans overlapping [lo, hi), clipped to it."""
    inside = (end > lo) & (start < hi)
    s, e = np.maximum(start[inside], lo), np.minimum(end[inside], hi)
    changes = np.r_[np.full(len(s), delta), np.full(len(e), -delta)].astype(np.int64)
    return np.r_[s, e], changes


def _gap_runs(bounds: np.ndarray, levels: np.ndarray, grid: GridInfo) -> tuple[CoverageGap, ...]:
    """Merge consecutive short segments [bounds[i], bounds[i+1]) at ``levels[i]``."""
    short = (levels < grid.min_available_units) & (bounds[1:] > bounds[:-1])
    if not short.any():
        return ()
    edges = np.diff(np.r_[0, short.astype(np.int8), 0])
    starts, stops = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    # Lowest level of each run, ignoring zero-length steps (events at the same instant).
    lengths = bounds[1:] - bounds[:-1]
    real = np.where(lengths > 0, levels, np.iinfo(np.int64).max)
    bounds_of_runs = np.column_stack([starts, stops]).ravel()
    lowest = np.minimum.reduceat(np.r_[real, 0], bounds_of_runs)[::2]
    begins, ends = moments(bounds[starts]), moments(bounds[stops])
    return tuple(
        CoverageGap(
            grid_id=grid.grid_id,
            grid_name=grid.name,
            start=begin,
            end=end,
            available_units=max(0, int(low)),
            min_available_units=grid.min_available_units,
        )
        for begin, end, low in zip(begins, ends, lowest.tolist(), strict=True)
    )
