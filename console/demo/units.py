"""The station's deployable units (处警单元) and who crews them on a shift.

Twenty units: eight patrol cars (新街口01–08), four "1+3" teams (巡1–4: one officer and
three auxiliaries), four motorcycle rapid-response units (猎鹰1–4) and four foot patrols
(步巡1–4, by day only). A shift's team crews them in a fixed order until it runs out of
people, so about half the units are on the street and the rest stand off duty, as in a
real station that has more vehicles than crews.
"""

from __future__ import annotations

from dataclasses import dataclass

from console.domain.people import OfficerRole
from console.domain.units import UnitKind

from .people import OfficerRecord


@dataclass(frozen=True)
class UnitRecord:
    index: int
    call_sign: str
    kind: UnitKind
    home_grid: int  # GridArea index
    police_needed: int
    crew_size: int
    day_only: bool


# kind: (how many, call sign pattern, police needed, crew size, day only)
_UNIT_PLAN = {
    UnitKind.CAR: (8, "{prefix}{n:02d}", 1, 2, False),
    UnitKind.ONE_PLUS_THREE: (4, "巡{n}", 1, 4, False),
    UnitKind.FALCON: (4, "猎鹰{n}", 1, 2, False),
    UnitKind.FOOT: (4, "步巡{n}", 0, 2, True),
}
# The order a shift crews units in: two cars, then one of each other kind, and again.
_CREW_ORDER = (
    UnitKind.CAR,
    UnitKind.CAR,
    UnitKind.ONE_PLUS_THREE,
    UnitKind.FALCON,
    UnitKind.FOOT,
)


def make_units(prefix: str, grid_weights: list[float]) -> list[UnitRecord]:
    """Units spread over the grids, the busiest grids first, no grid without a unit
    while units are left."""
    counts = [0] * len(grid_weights)
    units: list[UnitRecord] = []
    for kind, (count, pattern, police, size, day_only) in _UNIT_PLAN.items():
        for n in range(1, count + 1):
            grid = min(range(len(grid_weights)), key=lambda g: (counts[g], -grid_weights[g], g))
            counts[grid] += 1
            units.append(
                UnitRecord(
                    len(units),
                    pattern.format(prefix=prefix, n=n),
                    kind,
                    grid,
                    police,
                    size,
                    day_only,
                )
            )
    return units


def crew_order(units: list[UnitRecord]) -> list[UnitRecord]:
    queues = {kind: [u for u in units if u.kind is kind] for kind in _UNIT_PLAN}
    order: list[UnitRecord] = []
    while any(queues.values()):
        for kind in _CREW_ORDER:
            if queues[kind]:
                order.append(queues[kind].pop(0))
    return order


def crew_units(
    units: list[UnitRecord], team: list[OfficerRecord], *, night: bool
) -> dict[int, tuple[int, ...]]:
    """Unit index -> officer indexes (leader first) for one shift of one team."""
    police = [o for o in team if o.role is OfficerRole.POLICE]
    auxiliaries = [o for o in team if o.role is OfficerRole.AUXILIARY]
    crews: dict[int, tuple[int, ...]] = {}
    for unit in crew_order(units):
        if unit.day_only and night:
            continue
        if len(police) < unit.police_needed or len(police) + len(auxiliaries) < unit.crew_size:
            continue
        crew: list[OfficerRecord] = []
        if unit.police_needed:
            # A car's leader should be able to drive it.
            pick = next((o for o in police if "driver" in o.skills), police[0])
            if unit.kind is not UnitKind.CAR:
                pick = police[0]
            police.remove(pick)
            crew.append(pick)
        while len(crew) < unit.crew_size:
            pool = auxiliaries or police
            crew.append(pool.pop(0))
        crews[unit.index] = tuple(o.index for o in crew)
    return crews


def unit_skills(crew: list[OfficerRecord]) -> list[str]:
    """What the unit can do now: what its crew brings (an uncrewed unit can do nothing)."""
    return sorted({skill for officer in crew for skill in officer.skills})
