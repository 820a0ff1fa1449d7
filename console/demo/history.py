"""Ninety days of incident history ending at a chosen moment, and the live queue at it.

The calls (:mod:`calls`) are numbered by local date and daily serial and run through
their lifecycle (:mod:`lifecycle`) in time order; what comes out are the rows of
incident, incident_event and assignment, and each unit's state at ``now``.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, datetime
from zoneinfo import ZoneInfo

from console.domain.incidents import incident_number

from .calls import HISTORY_DAYS, CategoryInfo, call_stream
from .lifecycle import History, Lifecycle, StationSetting
from .people import shift_at
from .positions import Placement
from .units_now import UnitNow, units_at_now

__all__ = [
    "HISTORY_DAYS",
    "CategoryInfo",
    "History",
    "StationSetting",
    "UnitNow",
    "generate_history",
]


def generate_history(
    station: StationSetting,
    categories: dict[str, CategoryInfo],
    *,
    now: datetime,
    tz: ZoneInfo,
    seed: int,
    road_point: Callable[[int, random.Random], Placement],
    snap: Callable[[float, float], Placement],
) -> History:
    rng = random.Random(f"{seed}:history")
    shift = shift_at(now, tz)
    on_duty = len(station.crews[(shift.team, shift.code)])
    calls = call_stream(now, tz, categories, on_duty=on_duty, seed=seed, rng=rng)
    lifecycle = Lifecycle(
        station,
        categories,
        now=now,
        tz=tz,
        rng=rng,
        answer_rng=random.Random(f"{seed}:answered"),
    )
    serials: dict[date, int] = {}
    for k, call in enumerate(calls, start=1):
        call.incident_id = k
        day = call.at.astimezone(tz).date()
        serials[day] = serials.get(day, 0) + 1
        lifecycle.run(call, incident_number(day, serials[day]))
    lifecycle.history.units_now = units_at_now(lifecycle, road_point, snap)
    return lifecycle.history
