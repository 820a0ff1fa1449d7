"""Read side of the board's coverage strip: available units per grid against its minimum."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from console.domain.unit_alerts import CoverageLevel, available_by_grid, coverage_level
from console.store.models import Grid, Unit

from .context import StationContext


@dataclass(frozen=True)
class GridCoverage:
    grid_id: int
    code: str
    name: str
    available: int  # home units that can go now (备勤, 巡逻)
    on_duty: int  # home units not off duty
    minimum: int
    level: CoverageLevel


def grid_coverage(ctx: StationContext) -> list[GridCoverage]:
    """Every grid of the station with its coverage level, in grid code order."""
    with ctx.reading() as s:
        grids = s.execute(
            select(Grid.id, Grid.code, Grid.name, Grid.min_available_units)
            .where(Grid.station_id == ctx.station_id)
            .order_by(Grid.code)
        ).all()
        units = s.execute(
            select(Unit.home_grid_id, Unit.status).where(Unit.station_id == ctx.station_id)
        ).all()
    available = available_by_grid((g, st) for g, st in units)
    on_duty: dict[int, int] = {}
    for grid_id, status in units:
        if grid_id is not None and status != "off_duty":
            on_duty[grid_id] = on_duty.get(grid_id, 0) + 1
    return [
        GridCoverage(
            grid_id=g.id,
            code=g.code,
            name=g.name,
            available=available.get(g.id, 0),
            on_duty=on_duty.get(g.id, 0),
            minimum=g.min_available_units,
            level=coverage_level(available.get(g.id, 0), g.min_available_units),
        )
        for g in grids
    ]
