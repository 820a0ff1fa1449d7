"""Where every unit stands at ``now``, and doing what.

A unit still busy with a call is dispatched, en route (moved part of the way, on the
nearest road) or on scene; a unit of the shift on duty without a call is patrolling,
standing by or busy with something else (a prisoner, a report); the units this shift
cannot crew are off duty, parked in their grid.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from console.domain.units import UnitStatus

from .people import Shift, shift_at

if TYPE_CHECKING:
    from collections.abc import Callable

    from .lifecycle import Lifecycle
    from .positions import Placement


@dataclass(frozen=True)
class UnitNow:
    """A unit's state at ``now``."""

    status: UnitStatus
    status_since: datetime
    lon: float
    lat: float
    heading_deg: float | None
    position_at: datetime
    current_incident_id: int | None
    crew: tuple[int, ...]  # officer indexes, leader first


def units_at_now(
    life: Lifecycle,
    road_point: Callable[[int, random.Random], Placement],
    snap: Callable[[float, float], Placement],
) -> list[UnitNow]:
    rng, now = life.rng, life.now
    shift: Shift = shift_at(now, life.tz)
    on_duty = life.crews[(shift.team, shift.code)]
    open_jobs = {j.unit: j for j in life.jobs if j.ordered <= now < j.cleared}
    last_cleared = {}
    for j in life.jobs:
        if j.cleared <= now:
            last_cleared[j.unit] = max(last_cleared.get(j.unit, j.cleared), j.cleared)
    places = {row["id"]: (row["lon"], row["lat"]) for row in life.history.incidents}
    result = []
    for u, unit in enumerate(life.units):
        job = open_jobs.get(u)
        if job is not None:
            scene = places[job.incident_id]
            if job.arrived <= now:
                status, since = UnitStatus.ON_SCENE, job.arrived
                lon, lat, heading = snap(*scene)
                heading = None
            else:
                status = (
                    UnitStatus.DISPATCHED
                    if now - job.ordered < timedelta(seconds=60)
                    else UnitStatus.EN_ROUTE
                )
                since = job.ordered
                start = life.grid_centres[unit.home_grid]
                f = (now - job.ordered) / (job.arrived - job.ordered)
                lon, lat, heading = snap(
                    start[0] + (scene[0] - start[0]) * f, start[1] + (scene[1] - start[1]) * f
                )
            crew = life.crews[job.crew_key].get(u) or on_duty.get(u, ())
            result.append(
                UnitNow(
                    status,
                    since,
                    lon,
                    lat,
                    heading,
                    now - timedelta(seconds=rng.randint(3, 40)),
                    job.incident_id,
                    crew,
                )
            )
            continue
        lon, lat, heading = road_point(unit.home_grid, rng)
        if u not in on_duty:
            result.append(
                UnitNow(UnitStatus.OFF_DUTY, shift.start, lon, lat, None, shift.start, None, ())
            )
            continue
        status = rng.choices(
            (UnitStatus.PATROLLING, UnitStatus.AVAILABLE, UnitStatus.BUSY), (0.55, 0.35, 0.1)
        )[0]
        since = max(shift.start, last_cleared.get(u, shift.start))
        if now - since > timedelta(minutes=40):
            since = now - timedelta(seconds=round(rng.uniform(5, 40) * 60))
        moving = status is UnitStatus.PATROLLING
        result.append(
            UnitNow(
                status,
                since,
                lon,
                lat,
                heading if moving else None,
                now - timedelta(seconds=rng.randint(3, 90)),
                None,
                on_duty[u],
            )
        )
    return result
