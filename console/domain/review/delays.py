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

from dataclasses import dataclass
from datetime import datetime

import numpy as np

from console.domain.incidents import IncidentStatus

from .columns import PRIORITIES, STATUSES, IncidentColumns, moments, status_mask
from .results import RESPONSE_PARTS, DelayBreakdown, DelayPart, PartTiming, ReviewTargets

PARTS: tuple[DelayPart, ...] = tuple(DelayPart)
LATE, ON_TIME, NOT_JUDGED = 1, 0, -1


@dataclass(frozen=True)
class DelayArrays:
    """Per incident and part: seconds, target seconds, start and end stamps (NaN: none).

    Arrays are shaped (len(PARTS), n); ``late`` is LATE / ON_TIME / NOT_JUDGED per
    incident; ``late_part`` the index into PARTS, or -1.
    """

    seconds: np.ndarray
    targets: np.ndarray
    starts: np.ndarray
    ends: np.ndarray
    response: np.ndarray  # first ring -> first unit on scene
    arrival_target: np.ndarray  # deadline - first ring
    late: np.ndarray
    late_part: np.ndarray

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
    stamps = [columns.answered, columns.entered, columns.dispatched, columns.arrived]

    seconds = np.full((len(PARTS), n), np.nan)
    target = np.full((len(PARTS), n), np.nan)
    starts = np.full((len(PARTS), n), np.nan)
    ends = np.full((len(PARTS), n), np.nan)

    last = columns.received.copy()  # the latest stamp recorded so far
    carried = np.zeros(n)  # targets of missing parts, taken on by the next measured part
    for i, (stamp, own) in enumerate(zip(stamps, own_targets, strict=True)):
        present = ~np.isnan(stamp)
        seconds[i] = np.where(present, stamp - last, np.nan)
        starts[i] = np.where(present, last, np.nan)
        ends[i] = stamp
        target[i] = np.where(present, own + carried, np.nan)
        carried = np.where(present, 0.0, carried + np.nan_to_num(own))
        last = np.where(present, stamp, last)

    on_scene = PARTS.index(DelayPart.ON_SCENE)
    seconds[on_scene] = columns.closed - columns.arrived
    starts[on_scene] = np.where(np.isnan(seconds[on_scene]), np.nan, columns.arrived)
    ends[on_scene] = np.where(np.isnan(seconds[on_scene]), np.nan, columns.closed)
    callback = PARTS.index(DelayPart.CALLBACK)
    seconds[callback] = columns.called_back - columns.closed
    starts[callback] = np.where(np.isnan(seconds[callback]), np.nan, columns.closed)
    ends[callback] = np.where(np.isnan(seconds[callback]), np.nan, columns.called_back)
    target[callback] = np.where(np.isnan(seconds[callback]), np.nan, targets.callback_s)

    late, late_part = _lateness(columns, seconds, target, as_of.timestamp())
    return DelayArrays(seconds, target, starts, ends, response, arrival_target, late, late_part)


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


def breakdowns_at(
    delays: DelayArrays,
    columns: IncidentColumns,
    rows: np.ndarray,
    labels: dict[int, dict[str, str]],
) -> tuple[DelayBreakdown, ...]:
    """The DelayBreakdown of each row in ``rows``; ``labels`` gives each incident id its
    ``number`` and ``category_code``."""
    rows = np.asarray(rows, dtype=np.int64)
    n = len(rows)
    starts = moments(delays.starts[:, rows].ravel())
    ends = moments(delays.ends[:, rows].ravel())
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
        grid = int(columns.grid_id[row])
        incident_id = int(columns.incident_id[row])
        result.append(
            DelayBreakdown(
                incident_id=incident_id,
                number=labels[incident_id]["number"],
                received_at=received[k],  # type: ignore[arg-type]
                priority=PRIORITIES[columns.priority[row]],
                category_code=labels[incident_id]["category_code"],
                grid_id=None if grid < 0 else grid,
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
    keys plus ``number`` and ``category_code``)."""
    columns = IncidentColumns.from_rows([{"id": 0, **incident}])
    delays = compute_delays(columns, targets, as_of)
    label = {"number": incident["number"], "category_code": incident["category_code"]}
    (breakdown,) = breakdowns_at(
        delays, columns, np.array([0]), {int(columns.incident_id[0]): label}
    )
    return breakdown


def _nan_if_none(value: float | None) -> float:
    return np.nan if value is None else float(value)


def _none_if_nan(value: float) -> float | None:
    return None if value != value else float(value)  # NaN is the one value unequal to itself
