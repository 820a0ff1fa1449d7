"""Read side of the incident queue: which incidents are open, and their rows.

The open queue is small (hundreds, at most a few thousand rows) while the incident table
holds every call the station ever had, so the queue reads its rows in one indexed query
of plain columns (no ORM objects), and later only the rows the change feed names.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import case, select

from console.domain.incidents import OPEN_STATUSES, Priority
from console.store.models import Assignment, Category, Grid, Incident, Unit

from .context import StationContext
from .records import IncidentSummary

_PRIORITY_RANK = case({p.value: p.rank for p in Priority}, value=Incident.priority, else_=99)
_OPEN = [st.value for st in OPEN_STATUSES]

# The columns an IncidentSummary is made of, in its field order (names and units added).
_COLUMNS = (
    Incident.id,
    Incident.number,
    Incident.received_at,
    Incident.priority,
    Incident.category_code,
    Incident.address_text,
    Incident.status,
    Incident.arrival_deadline,
    Incident.first_arrived_at,
    Incident.narrative,
    Incident.lon,
    Incident.lat,
    Incident.version,
    Category.name_zh,
    Category.name_en,
    Grid.name,
)


def _rows():
    """The summary columns, with the category's and the grid's names joined in."""
    return (
        select(*_COLUMNS)
        # Outer joins keep the incident table driving the query: SQLite (no statistics)
        # would otherwise loop over categories and walk each one's incidents ever.
        .outerjoin(Category, Category.code == Incident.category_code)
        .outerjoin(Grid, Grid.id == Incident.grid_id)
    )


def _open_filter(ctx: StationContext):
    # "+ 0" keeps SQLite (no statistics) off the station index, which holds every
    # incident ever; the status index holds the open ones.
    return (Incident.station_id + 0 == ctx.station_id, Incident.status.in_(_OPEN))


def open_incident_ids(ctx: StationContext) -> list[int]:
    """Open incidents, most urgent first, then oldest first (the queue's natural order)."""
    with ctx.reading() as s:
        return list(
            s.scalars(
                select(Incident.id)
                .where(*_open_filter(ctx))
                .order_by(_PRIORITY_RANK, Incident.received_at, Incident.id)
            )
        )


def open_incident_rows(ctx: StationContext) -> list[IncidentSummary]:
    """Every open incident's row, in the queue's natural order (one read)."""
    with ctx.reading() as s:
        # Through the connection: plain Core rows, without the ORM's result machinery.
        rows = (
            s.connection()
            .execute(
                _rows()
                .where(*_open_filter(ctx))
                .order_by(_PRIORITY_RANK, Incident.received_at, Incident.id)
            )
            .all()
        )
        return _summaries(s, rows)


def incident_summaries(ctx: StationContext, ids: Iterable[int]) -> dict[int, IncidentSummary]:
    """Rows for the given incidents of the station, open or not (missing ids are simply
    absent from the result)."""
    wanted = list(ids)
    if not wanted:
        return {}
    with ctx.reading() as s:
        rows = (
            s.connection()
            .execute(
                _rows().where(Incident.id.in_(wanted), Incident.station_id + 0 == ctx.station_id)
            )
            .all()
        )
        return {row.id: row for row in _summaries(s, rows)}


def incident_ids_of_assignments(ctx: StationContext, assignment_ids: Iterable[int]) -> set[int]:
    """The incidents the given assignments belong to (a unit sent, arrived or cleared)."""
    wanted = list(assignment_ids)
    if not wanted:
        return set()
    with ctx.reading() as s:
        return set(s.scalars(select(Assignment.incident_id).where(Assignment.id.in_(wanted))))


def _summaries(s, rows: Sequence) -> list[IncidentSummary]:
    if not rows:
        return []
    units: dict[int, list[str]] = {}
    for incident_id, call_sign in s.connection().execute(
        select(Assignment.incident_id, Unit.call_sign)
        .join(Unit, Unit.id == Assignment.unit_id)
        .where(
            Assignment.incident_id.in_([r[0] for r in rows]),
            Assignment.cleared_at.is_(None),
            Assignment.cancelled_at.is_(None),
        )
        .order_by(Assignment.ordered_at, Assignment.id)
    ):
        units.setdefault(incident_id, []).append(call_sign)
    out = []
    for (
        incident_id,
        number,
        received_at,
        priority,
        category_code,
        address_text,
        status,
        deadline,
        first_arrived_at,
        narrative,
        lon,
        lat,
        version,
        name_zh,
        name_en,
        grid_name,
    ) in rows:
        out.append(
            IncidentSummary(
                incident_id,
                number,
                received_at,
                priority,
                category_code,
                name_zh or category_code,
                name_en or category_code,
                address_text,
                grid_name,
                status,
                tuple(units.get(incident_id, ())),
                deadline,
                first_arrived_at,
                narrative,
                lon,
                lat,
                version,
            )
        )
    return out
