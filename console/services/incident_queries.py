"""Read side of the incident queue: which incidents are open, and their rows on demand."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import case, select

from console.domain.incidents import OPEN_STATUSES, Priority
from console.store.models import Assignment, Category, Grid, Incident, Unit

from .context import StationContext
from .records import IncidentSummary

_PRIORITY_RANK = case({p.value: p.rank for p in Priority}, value=Incident.priority, else_=99)


def open_incident_ids(ctx: StationContext) -> list[int]:
    """Open incidents, most urgent first, then oldest first (the queue's natural order)."""
    with ctx.reading() as s:
        return list(
            s.scalars(
                select(Incident.id)
                .where(
                    # "+ 0" keeps SQLite (no statistics) off the station index, which
                    # holds every incident ever; the status index holds the open ones.
                    Incident.station_id + 0 == ctx.station_id,
                    Incident.status.in_([st.value for st in OPEN_STATUSES]),
                )
                .order_by(_PRIORITY_RANK, Incident.received_at)
            )
        )


def incident_summaries(ctx: StationContext, ids: Iterable[int]) -> dict[int, IncidentSummary]:
    """Rows for the given incidents (missing ids are simply absent from the result)."""
    wanted = list(ids)
    if not wanted:
        return {}
    with ctx.reading() as s:
        rows = s.execute(
            select(Incident, Category.name_zh, Category.name_en, Grid.name)
            .join(Category, Category.code == Incident.category_code)
            .outerjoin(Grid, Grid.id == Incident.grid_id)
            .where(Incident.id.in_(wanted))
        ).all()
        units: dict[int, list[str]] = {}
        for incident_id, call_sign in s.execute(
            select(Assignment.incident_id, Unit.call_sign)
            .join(Unit, Unit.id == Assignment.unit_id)
            .where(
                Assignment.incident_id.in_(wanted),
                Assignment.cleared_at.is_(None),
                Assignment.cancelled_at.is_(None),
            )
            .order_by(Assignment.ordered_at)
        ):
            units.setdefault(incident_id, []).append(call_sign)
        return {
            inc.id: IncidentSummary(
                id=inc.id,
                number=inc.number,
                received_at=inc.received_at,
                priority=inc.priority,
                category_code=inc.category_code,
                category_zh=name_zh,
                category_en=name_en,
                address_text=inc.address_text,
                grid_name=grid_name,
                status=inc.status,
                unit_call_signs=tuple(units.get(inc.id, ())),
                arrival_deadline=inc.arrival_deadline,
                first_arrived_at=inc.first_arrived_at,
                narrative=inc.narrative,
                lon=inc.lon,
                lat=inc.lat,
                version=inc.version,
            )
            for inc, name_zh, name_en, grid_name in rows
        }
