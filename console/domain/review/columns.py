"""The incidents of a review period as numpy columns (one row per incident).

Times are UTC epoch seconds (float, NaN when the step was not recorded); enumerations are
small integer codes (index into the tuples below, -1 for none) so whole periods are
computed with array arithmetic instead of a Python loop per incident.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import UTC, datetime

import numpy as np

from console.domain.incidents import IncidentStatus, Priority, Satisfaction

PRIORITIES: tuple[str, ...] = tuple(p.value for p in Priority)
STATUSES: tuple[str, ...] = tuple(s.value for s in IncidentStatus)
SATISFACTIONS: tuple[str, ...] = tuple(s.value for s in Satisfaction)

# The stamps in the order an incident goes through them (also PartTiming's start/end).
STAMPS = ("received", "answered", "entered", "dispatched", "arrived", "closed", "called_back")


def code_of(values: tuple[str, ...], value: str | None) -> int:
    return values.index(value) if value in values else -1


def epoch(moment: datetime | None) -> float:
    return float("nan") if moment is None else moment.timestamp()


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def moments(seconds: np.ndarray) -> list[datetime | None]:
    """Aware UTC datetimes of many epoch seconds at once (None for NaN), to the microsecond.

    numpy makes the timedeltas in C and adds them to the aware epoch in one loop: about
    ten times cheaper than a naive datetime per value given its tzinfo by replace().
    """
    known = ~np.isnan(seconds)
    micros = np.round(np.where(known, seconds, 0.0) * 1e6).astype(np.int64)
    aware = _EPOCH + micros.astype("timedelta64[us]").astype(object)
    aware[~known] = None
    return aware.tolist()


@dataclass(frozen=True)
class IncidentColumns:
    """Equal-length arrays, one element per incident."""

    incident_id: np.ndarray  # int64
    received: np.ndarray  # float64 epoch seconds
    answered: np.ndarray
    entered: np.ndarray
    dispatched: np.ndarray  # first_dispatched_at
    arrived: np.ndarray  # first_arrived_at
    closed: np.ndarray
    called_back: np.ndarray
    deadline: np.ndarray  # arrival_deadline
    priority: np.ndarray  # int8 code into PRIORITIES
    status: np.ndarray  # int8 code into STATUSES
    satisfaction: np.ndarray  # int8 code into SATISFACTIONS, -1 none
    duplicate: np.ndarray  # bool: closed as a duplicate of another call
    first_unit_arrived: np.ndarray  # bool: a unit of the first dispatch reached the scene
    category: np.ndarray  # int16 code into the reader's category code list, -1 unknown

    def __len__(self) -> int:
        return len(self.incident_id)

    @classmethod
    def from_rows(cls, rows: list[dict], categories: tuple[str, ...] = ()) -> IncidentColumns:
        """Build from plain dicts (tests, small sets): datetimes and enum values by name;
        ``category_code`` is coded by its place in ``categories``."""

        def times(key: str) -> np.ndarray:
            return np.array([epoch(r.get(key)) for r in rows], dtype=np.float64)

        def codes(key: str, values: tuple[str, ...]) -> np.ndarray:
            return np.array([code_of(values, r.get(key)) for r in rows], dtype=np.int8)

        return cls(
            incident_id=np.array([r["id"] for r in rows], dtype=np.int64),
            received=times("received_at"),
            answered=times("answered_at"),
            entered=times("entered_at"),
            dispatched=times("first_dispatched_at"),
            arrived=times("first_arrived_at"),
            closed=times("closed_at"),
            called_back=times("called_back_at"),
            deadline=times("arrival_deadline"),
            priority=codes("priority", PRIORITIES),
            status=codes("status", STATUSES),
            satisfaction=codes("satisfaction", SATISFACTIONS),
            duplicate=np.array(
                [r.get("disposition_code") == "duplicate" for r in rows], dtype=bool
            ),
            first_unit_arrived=np.array(
                [bool(r.get("first_unit_arrived", False)) for r in rows], dtype=bool
            ),
            category=np.array(
                [code_of(categories, r.get("category_code")) for r in rows], dtype=np.int16
            ),
        )

    @classmethod
    def joined(cls, parts: Sequence[IncidentColumns]) -> IncidentColumns:
        """The rows of ``parts`` one after another."""
        return cls(
            **{f.name: np.concatenate([getattr(p, f.name) for p in parts]) for f in fields(cls)}
        )


def distinct(values: np.ndarray) -> np.ndarray:
    """The sorted distinct values, as np.unique gives them: numpy 2.4 takes a hash-table
    path for plain np.unique that is ~30x slower than a sort on 10^5 int64."""
    ordered = np.sort(values)
    return ordered[np.r_[True, ordered[1:] != ordered[:-1]]] if len(ordered) else ordered


def status_mask(columns: IncidentColumns, *statuses: IncidentStatus) -> np.ndarray:
    codes = [STATUSES.index(s.value) for s in statuses]
    return np.isin(columns.status, codes)
