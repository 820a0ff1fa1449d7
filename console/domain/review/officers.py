"""Officer workload and the task-point score (任务积分制) from the approved roster.

Each approved roster entry is one shift of one officer, possibly with the unit the officer
rides with. The incidents that unit was ordered to during the shift (and not recalled
from before arriving) are the officer's,
and so is its on-scene time inside the shift. The score is a plain weighted sum whose
terms are all shown (OfficerWorkload.points_detail), so the chief can see why.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .columns import distinct
from .results import OfficerWorkload, PointWeights
from .units import PAIR_STRIDE, AssignmentColumns, phases

# Roster posts that are support duty (相互投送 / 支援 to another station or the branch).
SUPPORT_POSTS = frozenset({"support", "on_loan", "mutual_support"})

# Keeps units apart when (unit, time) is folded into one sortable number.
_UNIT_STRIDE = 1e10


@dataclass(frozen=True)
class ShiftColumns:
    """Approved roster entries, one row per officer shift; start and end are epoch seconds."""

    officer_id: np.ndarray  # int64
    unit_id: np.ndarray  # int64, -1 when the officer rides with no unit
    start: np.ndarray
    end: np.ndarray
    is_night: np.ndarray  # bool
    weekend: np.ndarray  # bool: the shift starts on a station-local Saturday or Sunday
    support: np.ndarray  # bool: the post is support duty (SUPPORT_POSTS)
    names: dict[int, tuple[str, str]]  # officer id -> (name, badge number)

    def __len__(self) -> int:
        return len(self.officer_id)

    @classmethod
    def empty(cls) -> ShiftColumns:
        none = np.zeros(0)
        return cls(
            none.astype(np.int64),
            none.astype(np.int64),
            none,
            none,
            none.astype(bool),
            none.astype(bool),
            none.astype(bool),
            {},
        )


def _ranges(first: np.ndarray, last: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(owner, position) for every position in each [first[i], last[i]) range."""
    counts = np.clip(last - first, 0, None)
    owner = np.repeat(np.arange(len(first)), counts)
    offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    return owner, np.repeat(first, counts) + offsets


def officer_workloads(
    shifts: ShiftColumns,
    a: AssignmentColumns,
    as_of: float,
    weights: PointWeights,
) -> tuple[OfficerWorkload, ...]:
    """Per officer over the given shifts, highest score first."""
    if not len(shifts):
        return ()
    end, _, scene_start = phases(a, as_of)
    scene_end = np.where(np.isnan(a.arrived), scene_start, end)
    # Assignments sorted by (unit, order time); each shift's unit finds its slice by one
    # vectorised search.
    key = a.unit_id * _UNIT_STRIDE + a.ordered
    order = np.argsort(key, kind="stable")
    key = key[order]
    officer, unit, start, stop = shifts.officer_id, shifts.unit_id, shifts.start, shifts.end
    first = np.searchsorted(key, unit * _UNIT_STRIDE + start, "left")
    last = np.searchsorted(key, unit * _UNIT_STRIDE + stop, "left")
    unit_first = np.searchsorted(key, unit * _UNIT_STRIDE, "left")
    first[unit < 0] = last[unit < 0] = unit_first[unit < 0] = 0

    # Incidents the unit was ordered to during the shift and not recalled from, distinct
    # per officer.
    shift_of, pos = _ranges(first, last)
    rows = order[pos]
    handled = np.isnan(a.cancelled[rows])
    shift_of, rows = shift_of[handled], rows[handled]
    officers, officer_index = np.unique(officer, return_inverse=True)
    pair = officer_index[shift_of] * PAIR_STRIDE + a.incident_id[rows]
    pairs = distinct(pair) // PAIR_STRIDE
    urgent_pairs = distinct(pair[a.urgent[rows]]) // PAIR_STRIDE
    # On-scene time inside the shift: the shift's assignments and the one just before,
    # which may still be on scene when the shift starts.
    shift_of, pos = _ranges(np.maximum(first - 1, unit_first), last)
    rows = order[pos]
    overlap = np.clip(
        np.minimum(scene_end[rows], stop[shift_of])
        - np.maximum(scene_start[rows], start[shift_of]),
        0.0,
        None,
    )
    n = len(officers)

    def per_officer(index: np.ndarray, values: np.ndarray | None = None) -> np.ndarray:
        return np.bincount(index, weights=values, minlength=n)

    incidents = per_officer(pairs)
    urgent = per_officer(urgent_pairs)
    on_scene = per_officer(officer_index[shift_of], overlap)
    shift_count = per_officer(officer_index)
    rostered = per_officer(officer_index, stop - start)
    worked = per_officer(officer_index, np.clip(np.minimum(stop, as_of) - start, 0.0, None))
    night = per_officer(officer_index, shifts.is_night.astype(float))
    weekend = per_officer(officer_index, shifts.weekend.astype(float))
    support = per_officer(officer_index, shifts.support.astype(float))
    names = shifts.names

    result = []
    for i, officer_id in enumerate(officers.tolist()):
        amounts = {
            "incident": float(incidents[i]),
            "urgent_incident": float(urgent[i]),
            "on_scene_hour": float(on_scene[i]) / 3600.0,
            "rostered_hour": float(rostered[i]) / 3600.0,
            "night_shift": float(night[i]),
            "weekend_shift": float(weekend[i]),
            "support_duty": float(support[i]),
        }
        detail = {k: getattr(weights, k) * v for k, v in amounts.items()}
        name, badge = names[officer_id]
        result.append(
            OfficerWorkload(
                officer_id=officer_id,
                name=name,
                badge_number=badge,
                shifts=int(shift_count[i]),
                rostered_hours=float(rostered[i]) / 3600.0,
                worked_hours=float(worked[i]) / 3600.0,
                incidents=int(incidents[i]),
                urgent_incidents=int(urgent[i]),
                on_scene_seconds=float(on_scene[i]),
                night_shifts=int(night[i]),
                weekend_shifts=int(weekend[i]),
                support_duties=int(support[i]),
                points=round(sum(detail.values()), 2),
                points_detail=detail,
            )
        )
    return tuple(sorted(result, key=lambda w: (-w.points, w.badge_number)))
