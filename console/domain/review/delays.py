"""The delay breakdown (时间节点分析): first ring -> answered -> entered -> dispatched ->
on scene -> closed -> called back, each part against its target.

One array implementation serves a whole period and a single incident alike, so the list
of late incidents and the period's figures can never disagree.

Rules (documented in results.PartTiming / DelayBreakdown / ReviewTargets):
- a part is measured from the latest earlier stamp that exists to its own stamp; a part
  whose own stamp is missing is None (not recorded or not reached, never zero);
- a part that absorbs missing earlier parts also absorbs their targets;
- travel's target is what the arrival deadline leaves after the earlier targets;
- late: first unit on scene after the deadline, or none yet while the incident still
  waits for one (received or dispatched) and the deadline has passed by ``as_of``;
- the part that made a late incident late: the response part most over its own target;
  with no arrival, the step that has not happened (dispatch, else travel).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime

import numpy as np

from console.domain.incidents import IncidentStatus

from .columns import PRIORITIES, STATUSES, IncidentColumns, moments, status_mask
from .results import RESPONSE_PARTS, DelayBreakdown, DelayPart, PartTiming, ReviewTargets

PARTS: tuple[DelayPart, ...] = tuple(DelayPart)
LATE, ON_TIME, NOT_JUDGED = 1, 0, -1


@dataclass(frozen=True)
class DelayArrays:
    """Per incident and part: seconds and target seconds (NaN: none).

    Arrays are shaped (len(PARTS), n); ``late`` is LATE / ON_TIME / NOT_JUDGED per
    incident; ``late_part`` the index into PARTS, or -1. The parts' start and end stamps
    are only wanted for listed incidents: ``part_stamps`` gives them for chosen rows.
    """

    seconds: np.ndarray
    targets: np.ndarray
    response: np.ndarray  # first ring -> first unit on scene
    arrival_target: np.ndarray  # deadline - first ring
    late: np.ndarray
    late_part: np.ndarray

    @classmethod
    def joined(cls, parts: list[DelayArrays]) -> DelayArrays:
        """The incidents of ``parts`` one after another (each incident's figures are its
        own: the breakdown of rows joined is the join of their breakdowns)."""
        return cls(
            **{
                f.name: np.concatenate([getattr(p, f.name) for p in parts], axis=-1)
                for f in fields(cls)
            }
        )

    def over(self) -> np.ndarray:
        """Seconds over target per part (NaN where either is missing)."""
        return self.seconds - self.targets


def dispatch_targets(columns: IncidentColumns, targets: ReviewTargets) -> np.ndarray:
    by_code = np.array(
        [_nan_if_none(targets.dispatch_s.get(p)) for p in PRIORITIES] + [np.nan], dtype=float
    )
    return by_code[columns.priority]  # code -1 picks the trailing NaN


def compute_delays(
    columns: IncidentColumns, targets: ReviewTargets, as_of: datetime
) -> DelayArrays:
    """The delay breakdown of every incident in ``columns``, judged as of ``as_of``."""
    n = len(columns)
    arrival_target = columns.deadline - columns.received
    response = columns.arrived - columns.received
    # Each response part's own target; travel gets what the deadline leaves.
    dispatch_t = dispatch_targets(columns, targets)
    before_travel = targets.answering_s + targets.entry_s + np.nan_to_num(dispatch_t)
    own_targets = [
        np.full(n, targets.answering_s),
        np.full(n, targets.entry_s),
        dispatch_t,
        arrival_target - before_travel,
    ]
    stamps = _response_stamps(columns)

    seconds = np.empty((len(PARTS), n))
    target = np.empty((len(PARTS), n))
    last = columns.received  # the latest stamp recorded so far
    carried = np.zeros(n)  # targets of missing parts, taken on by the next measured part
    for i, (stamp, own) in enumerate(zip(stamps, own_targets, strict=True)):
        present = ~np.isnan(stamp)
        np.subtract(stamp, last, out=seconds[i])  # NaN where the stamp is missing
        target[i] = np.where(present, own + carried, np.nan)
        carried = np.where(present, 0.0, carried + np.nan_to_num(own))
        last = np.where(present, stamp, last)

    on_scene = PARTS.index(DelayPart.ON_SCENE)
    np.subtract(columns.closed, columns.arrived, out=seconds[on_scene])
    target[on_scene] = np.nan
    callback = PARTS.index(DelayPart.CALLBACK)
    np.subtract(columns.called_back, columns.closed, out=seconds[callback])
    target[callback] = np.where(np.isnan(seconds[callback]), np.nan, targets.callback_s)

    late, late_part = _lateness(columns, seconds, target, as_of.timestamp())
    return DelayArrays(seconds, target, response, arrival_target, late, late_part)


def _response_stamps(columns: IncidentColumns) -> list[np.ndarray]:
    """The stamp that ends each response part, in PARTS order."""
    return [columns.answered, columns.entered, columns.dispatched, columns.arrived]


def part_stamps(
    columns: IncidentColumns, delays: DelayArrays, rows: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(starts, ends) of each part, shaped (len(PARTS), len(rows)), NaN where the part has
    no seconds: a part runs from the latest earlier stamp that exists to its own stamp."""
    n = len(rows)
    starts = np.full((len(PARTS), n), np.nan)
    ends = np.full((len(PARTS), n), np.nan)
    last = columns.received[rows]
    for i, stamp in enumerate(_response_stamps(columns)):
        stamp = stamp[rows]
        present = ~np.isnan(stamp)
        starts[i] = np.where(present, last, np.nan)
        ends[i] = stamp
        last = np.where(present, stamp, last)
    for part, (begin, end) in {
        DelayPart.ON_SCENE: (columns.arrived, columns.closed),
        DelayPart.CALLBACK: (columns.closed, columns.called_back),
    }.items():
        i = PARTS.index(part)
        measured = ~np.isnan(delays.seconds[i, rows])
        starts[i] = np.where(measured, begin[rows], np.nan)
        ends[i] = np.where(measured, end[rows], np.nan)
    return starts, ends


def _lateness(
    columns: IncidentColumns, seconds: np.ndarray, target: np.ndarray, as_of: float
) -> tuple[np.ndarray, np.ndarray]:
    n = len(columns)
    has_deadline = ~np.isnan(columns.deadline)
    arrived = ~np.isnan(columns.arrived)
    waiting = status_mask(columns, IncidentStatus.RECEIVED, IncidentStatus.DISPATCHED)
    late_arrival = has_deadline & arrived & (columns.arrived > columns.deadline)
    late_waiting = has_deadline & ~arrived & waiting & (as_of > columns.deadline)
    judged = has_deadline & (arrived | (waiting & (as_of > columns.deadline)))
    late = np.where(late_arrival | late_waiting, LATE, np.where(judged, ON_TIME, NOT_JUDGED))

    response_rows = [PARTS.index(p) for p in RESPONSE_PARTS]
    over = seconds[response_rows] - target[response_rows]
    worst = np.argmax(np.where(np.isnan(over), -np.inf, over), axis=0) if n else np.zeros(0)
    none_known = np.all(np.isnan(over), axis=0)
    travel, dispatch = PARTS.index(DelayPart.TRAVEL), PARTS.index(DelayPart.DISPATCH)
    worst_part = np.where(none_known, travel, np.array(response_rows)[worst.astype(int)])
    waiting_part = np.where(np.isnan(columns.dispatched), dispatch, travel)
    late_part = np.where(late_arrival, worst_part, np.where(late_waiting, waiting_part, -1))
    return late.astype(np.int8), late_part.astype(np.int8)


@dataclass(frozen=True)
class IncidentLabel:
    """What a listed breakdown shows beside its figures; read for the listed rows only."""

    number: str
    category_code: str
    grid_id: int | None


def breakdowns_at(
    delays: DelayArrays,
    columns: IncidentColumns,
    rows: np.ndarray,
    labels: dict[int, IncidentLabel],
) -> tuple[DelayBreakdown, ...]:
    """The DelayBreakdown of each row in ``rows``; ``labels`` holds each one's incident."""
    rows = np.asarray(rows, dtype=np.int64)
    n = len(rows)
    part_starts, part_ends = part_stamps(columns, delays, rows)
    starts = moments(part_starts.ravel())
    ends = moments(part_ends.ravel())
    received = moments(columns.received[rows])
    seconds = delays.seconds[:, rows].tolist()
    targets = delays.targets[:, rows].tolist()
    result = []
    for k, row in enumerate(rows.tolist()):
        timings = [
            PartTiming(
                part=part,
                seconds=_none_if_nan(seconds[i][k]),
                target_seconds=_none_if_nan(targets[i][k]),
                start=starts[i * n + k],
                end=ends[i * n + k],
            )
            for i, part in enumerate(PARTS)
        ]
        late = int(delays.late[row])
        part_code = int(delays.late_part[row])
        incident_id = int(columns.incident_id[row])
        label = labels[incident_id]
        result.append(
            DelayBreakdown(
                incident_id=incident_id,
                number=label.number,
                received_at=received[k],  # type: ignore[arg-type]
                priority=PRIORITIES[columns.priority[row]],
                category_code=label.category_code,
                grid_id=label.grid_id,
                status=STATUSES[columns.status[row]],
                answering=timings[0],
                entry=timings[1],
                dispatch=timings[2],
                travel=timings[3],
                on_scene=timings[4],
                callback=timings[5],
                response_seconds=_none_if_nan(delays.response[row]),
                arrival_target_seconds=_none_if_nan(delays.arrival_target[row]),
                late=None if late == NOT_JUDGED else late == LATE,
                late_part=None if part_code < 0 else PARTS[part_code],
            )
        )
    return tuple(result)


def delay_breakdown(incident: dict, targets: ReviewTargets, as_of: datetime) -> DelayBreakdown:
    """The breakdown of one incident given as a dict of its fields (IncidentColumns.from_rows
    keys plus ``number``, ``category_code`` and ``grid_id``)."""
    columns = IncidentColumns.from_rows([{"id": 0, **incident}])
    delays = compute_delays(columns, targets, as_of)
    label = IncidentLabel(incident["number"], incident["category_code"], incident.get("grid_id"))
    (breakdown,) = breakdowns_at(
        delays, columns, np.array([0]), {int(columns.incident_id[0]): label}
    )
    return breakdown


def _nan_if_none(value: float | None) -> float:
    return np.nan if value is None else float(value)


def _none_if_nan(value: float) -> float | None:
    return None if value != value else float(value)  # NaN is the one value unequal to itself
