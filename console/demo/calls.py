"""When calls come in: ninety days of arrivals, the live queue at ``now``, second callers.

Calls arrive as a Poisson process, hour by hour, at the rate each subcategory has at
that local hour and weekday (incident_mix), with a gentle day-to-day swing. The last
hours are then arranged so that the queue is alive at ``now``, and some fights,
collisions and fires bring a second caller a few minutes later.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np

from console.domain.incidents import Priority

from .incident_mix import DUPLICATE_PRONE, HOUR_PROFILES, KINDS, Kind, weekly_factor
from .incident_places import IncidentPlace

HISTORY_DAYS = 90
LIVE_WINDOW = timedelta(minutes=80)  # the stretch before ``now`` that stays partly open
WAITING_WINDOW = timedelta(minutes=12)  # calls still waiting for a unit came in this recently


@dataclass(frozen=True)
class CategoryInfo:
    """What the store's category dictionary says about a subcategory."""

    priority: Priority
    police_matter: bool


@dataclass
class Call:
    at: datetime
    kind: Kind
    order: int
    duplicate_of: Call | None = None
    hold_open: bool = False  # still being handled at ``now``
    waiting: bool = False  # still waiting for a unit at ``now``
    en_route: bool = False  # its unit is still on the way at ``now``
    incident_id: int = 0
    place: IncidentPlace | None = None


def call_stream(
    now: datetime,
    tz: ZoneInfo,
    categories: dict[str, CategoryInfo],
    *,
    on_duty: int,
    seed: int,
    rng: random.Random,
) -> list[Call]:
    """Every call of the history window in time order, the live ones marked."""
    kinds = [k for k in KINDS if k.code in categories]
    calls = _arrivals(now, tz, kinds, np.random.default_rng([seed, 0x415]))
    calls = _live_queue(calls, now, tz, kinds, categories, rng, on_duty)
    return _duplicates(calls, now, rng)


def _arrivals(now: datetime, tz: ZoneInfo, kinds: list[Kind], np_rng) -> list[Call]:
    """Poisson arrivals hour by hour over the history window."""
    start = now - timedelta(days=HISTORY_DAYS)
    first_hour = start.replace(minute=0, second=0, microsecond=0)
    hours = []
    t = first_hour
    while t < now:
        hours.append(t)
        t += timedelta(hours=1)
    profiles = {name: np.array(p) / sum(p) for name, p in HOUR_PROFILES.items()}
    # Some days are busier than others (weather, events): a gentle day-to-day swing.
    days = sorted({h.astimezone(tz).date() for h in hours})
    day_factor = dict(zip(days, np_rng.gamma(60.0, 1 / 60.0, len(days)), strict=True))
    rates = np.zeros((len(hours), len(kinds)))
    windows = np.zeros(len(hours))
    for i, h in enumerate(hours):
        local = h.astimezone(tz)
        lo, hi = max(h, start), min(h + timedelta(hours=1), now)
        windows[i] = (hi - lo).total_seconds()
        for j, kind in enumerate(kinds):
            rates[i, j] = (
                kind.per_day
                * profiles[kind.profile][local.hour]
                * weekly_factor(kind.profile, local.weekday(), local.hour)
                * day_factor[local.date()]
            )
    counts = np_rng.poisson(rates * (windows / 3600.0)[:, None])
    calls: list[Call] = []
    for i, j in zip(*np.nonzero(counts), strict=True):
        lo = max(hours[i], start)
        for offset in np.sort(np_rng.random(counts[i, j])):
            at = lo + timedelta(seconds=int(offset * windows[i]))
            calls.append(Call(at, kinds[j], len(calls)))
    calls.sort(key=lambda c: (c.at, c.order))
    return _renumber(calls)


def _renumber(calls: list[Call]) -> list[Call]:
    """Give calls their place in time order, so later additions sort after ties."""
    for k, call in enumerate(calls):
        call.order = k
    return calls


def _is_dispatched(call: Call, categories: dict[str, CategoryInfo]) -> bool:
    return categories[call.kind.code].police_matter and call.kind.walk_in == 0.0


def _live_queue(calls, now, tz, kinds, categories, rng, on_duty: int) -> list[Call]:
    """Leave 6–11 incidents open at ``now``: one to three just in and waiting for a unit,
    one or two with a unit en route, the rest on scene, always leaving some units free.
    Quiet hours are topped up with extra calls, so every demo has a live queue."""
    waiting = rng.randint(1, 3)
    en_route = rng.randint(1, 2)
    busy = max(en_route, 6 - waiting, min(rng.randint(4, 7), on_duty - 4))
    local_hour = now.astimezone(tz).hour
    pool = [k for k in kinds if categories[k.code].police_matter and k.walk_in == 0.0]
    if not pool:  # a dictionary without police matters: nothing to dispatch
        return calls
    weights = [k.per_day * HOUR_PROFILES[k.profile][local_hour] for k in pool]

    def recent(window: timedelta) -> list[Call]:
        return [c for c in calls if c.at >= now - window and _is_dispatched(c, categories)]

    def top_up(count: int, window: timedelta) -> None:
        for _ in range(count):
            seconds = rng.randint(60, int(window.total_seconds()))
            kind = rng.choices(pool, weights)[0]
            calls.append(Call(now - timedelta(seconds=seconds), kind, len(calls)))

    top_up(waiting - len(recent(WAITING_WINDOW)), WAITING_WINDOW)
    top_up(waiting + en_route - len(recent(2 * WAITING_WINDOW)), 2 * WAITING_WINDOW)
    top_up(busy + waiting - len(recent(LIVE_WINDOW)), LIVE_WINDOW)
    calls.sort(key=lambda c: (c.at, c.order))
    live = recent(LIVE_WINDOW)[-(busy + waiting) :]
    for k, call in enumerate(reversed(live)):  # most recent first
        call.hold_open = True
        call.waiting = k < waiting
        call.en_route = waiting <= k < waiting + en_route
    return _renumber(calls)


def _duplicates(calls: list[Call], now: datetime, rng: random.Random) -> list[Call]:
    """A second caller reports some fights, collisions and fires a few minutes later."""
    extra = []
    for call in calls:
        if call.kind.code in DUPLICATE_PRONE and not call.hold_open and rng.random() < 0.06:
            at = call.at + timedelta(seconds=rng.randint(60, 420))
            if at < now:
                extra.append(Call(at, call.kind, len(calls) + len(extra), duplicate_of=call))
    merged = calls + extra
    merged.sort(key=lambda c: (c.at, c.order))
    return _renumber(merged)
