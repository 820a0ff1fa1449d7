"""Stale unit alerts and grid coverage (警力冰点): pure rules, thresholds passed in.

A unit is *stale* when it has sat too long in a status that should move on (dispatched
but never reported en route, on scene for hours), or when its last position is older than
the position threshold while it is on the street. A grid's coverage compares its units
that can go now with the grid's minimum, as the four-colour warning: 黑 none, 红 short,
蓝 thin (exactly the minimum: one more call empties it), 绿 sufficient.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from .units import DISPATCHABLE_STATUSES, UnitStatus


class StaleFlag(StrEnum):
    STATUS = "status"  # too long in one status
    POSITION = "position"  # position report too old


# Minutes a unit may stay in a status before it is flagged (missing: never flagged).
DEFAULT_STATUS_MINUTES: dict[UnitStatus, int] = {
    UnitStatus.DISPATCHED: 3,  # ordered but not yet reported en route
    UnitStatus.EN_ROUTE: 20,
    UnitStatus.ON_SCENE: 60,
    UnitStatus.BUSY: 90,
}
DEFAULT_POSITION_SECONDS = 300
# Off duty, a unit reports no position and nobody expects one.
POSITION_EXEMPT = frozenset({UnitStatus.OFF_DUTY})


@dataclass(frozen=True)
class StaleRules:
    status_minutes: Mapping[UnitStatus, int] = field(
        default_factory=lambda: dict(DEFAULT_STATUS_MINUTES)
    )
    position_seconds: int = DEFAULT_POSITION_SECONDS


def stale_flags(
    status: str,
    status_since: datetime,
    position_at: datetime | None,
    now: datetime,
    rules: StaleRules | None = None,
) -> frozenset[StaleFlag]:
    """What is stale about one unit at ``now``."""
    rules = rules or StaleRules()
    flags: set[StaleFlag] = set()
    try:
        st = UnitStatus(status)
    except ValueError:
        return frozenset()
    limit = rules.status_minutes.get(st)
    if limit is not None and (now - status_since).total_seconds() > limit * 60:
        flags.add(StaleFlag.STATUS)
    if st not in POSITION_EXEMPT and (
        position_at is None or (now - position_at).total_seconds() > rules.position_seconds
    ):
        flags.add(StaleFlag.POSITION)
    return frozenset(flags)


class CoverageLevel(StrEnum):
    NONE = "none"  # 黑: no unit can go
    SHORT = "short"  # 红: fewer than the minimum
    THIN = "thin"  # 蓝: exactly the minimum
    SUFFICIENT = "sufficient"  # 绿: more than the minimum

    @property
    def rank(self) -> int:
        """0 worst … 3 best, for sorting the strip worst first."""
        return list(CoverageLevel).index(self)


def coverage_level(available: int, minimum: int) -> CoverageLevel:
    if minimum <= 0:
        return CoverageLevel.SUFFICIENT
    if available <= 0:
        return CoverageLevel.NONE
    if available < minimum:
        return CoverageLevel.SHORT
    if available == minimum:
        return CoverageLevel.THIN
    return CoverageLevel.SUFFICIENT


def available_by_grid(units: Iterable[tuple[int | None, str]]) -> dict[int, int]:
    """(home grid, status) pairs -> units that can go now, per grid."""
    counts: dict[int, int] = {}
    for grid_id, status in units:
        if grid_id is not None and status in {s.value for s in DISPATCHABLE_STATUSES}:
            counts[grid_id] = counts.get(grid_id, 0) + 1
    return counts
