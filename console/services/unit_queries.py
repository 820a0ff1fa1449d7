"""Read side of the unit status board."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select

from console.store.models import Grid, Incident, Officer, Unit, UnitCrew

from .context import StationContext
from .records import UnitSummary


def unit_ids(ctx: StationContext) -> list[int]:
    with ctx.reading() as s:
        return list(
            s.scalars(
                select(Unit.id).where(Unit.station_id == ctx.station_id).order_by(Unit.call_sign)
            )
        )


def unit_summaries(ctx: StationContext, ids: Iterable[int] | None = None) -> dict[int, UnitSummary]:
    """Rows for the given units, or for every unit of the station."""
    with ctx.reading() as s:
        query = (
            select(Unit, Grid.name, Incident.number)
            .outerjoin(Grid, Grid.id == Unit.home_grid_id)
            .outerjoin(Incident, Incident.id == Unit.current_incident_id)
            .where(Unit.station_id == ctx.station_id)
        )
        if ids is not None:
            query = query.where(Unit.id.in_(list(ids)))
        rows = s.execute(query).all()
        crew: dict[int, list[str]] = {}
        for unit_id, name in s.execute(
            select(UnitCrew.unit_id, Officer.name)
            .join(Officer, Officer.id == UnitCrew.officer_id)
            .where(UnitCrew.unit_id.in_([u.id for u, _, _ in rows]))
            .order_by(UnitCrew.unit_id, UnitCrew.is_leader.desc(), Officer.name)
        ):
            crew.setdefault(unit_id, []).append(name)
        return {
            unit.id: UnitSummary(
                id=unit.id,
                call_sign=unit.call_sign,
                kind=unit.kind,
                status=unit.status,
                status_since=unit.status_since,
                crew=tuple(crew.get(unit.id, ())),
                current_incident_number=number,
                home_grid_name=grid_name,
                position_at=unit.position_at,
                lon=unit.lon,
                lat=unit.lat,
                version=unit.version,
            )
            for unit, grid_name, number in rows
        }
