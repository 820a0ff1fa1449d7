"""Read side of the incident queue: which incidents are open, and their rows.

The open queue is small (hundreds, at most a few thousand rows) while the incident table
holds every call the station ever had, and the queue reads its whole open part at every
start. So the rows come straight from the driver's cursor (no ORM objects, no Core row
objects, no per-value type processing), the few category and grid names are read whole
and looked up in Python rather than joined row by row, and the queue order is made in
Python from values already at hand. Later reads are only the rows the change feed names.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import bindparam, case, null, select

from console.domain.incidents import OPEN_STATUSES, Priority
from console.domain.recommend import CardProgress
from console.store.models import Assignment, Category, Grid, Incident, Unit

from .context import StationContext
from .dispatch import load_run_cards
from .records import IncidentSummary

_PRIORITY_RANK = case({p.value: p.rank for p in Priority}, value=Incident.priority, else_=99)
_RANK = {p.value: p.rank for p in Priority}
_OPEN = [st.value for st in OPEN_STATUSES]

# What an IncidentSummary is made of: the incident's own columns, then the names of its
# category and grid (joined for a few rows; for the whole queue, NULL here and looked up
# in Python), its units added in Python.
_COLUMNS = (
    Incident.id,
    Incident.number,
    Incident.received_at,
    Incident.priority,
    Incident.category_code,
    Incident.address_text,
    Incident.grid_id,
    Incident.status,
    Incident.arrival_deadline,
    Incident.first_arrived_at,
    Incident.narrative,
    Incident.lon,
    Incident.lat,
    Incident.version,
    Incident.units_short_waived,
)
_NAMES = (Category.name_zh, Category.name_en, Grid.name)
_NO_NAMES = (null(), null(), null())


def _open_filter(station_id):
    # "+ 0" keeps SQLite (no statistics) off the station index, which holds every
    # incident ever; the status index holds the open ones.
    return (Incident.station_id + 0 == station_id, Incident.status.in_(_OPEN))


# The queue's statements are built once (the change feed asks for a few rows many times a
# minute, and building a statement costs more than running it); parameters: the station
# and, for a few rows, their ids.
_STATION = bindparam("station_id")
_IDS = bindparam("ids", expanding=True)
_OPEN_WHERE = _open_filter(_STATION)
# The units sent to each incident and not stood down before arriving: the ones still with
# it show by call sign, and all of them count towards its run card.
_SENT_UNITS = (
    select(
        Assignment.incident_id,
        Assignment.unit_id,
        Unit.call_sign,
        case((Assignment.cleared_at.is_(None), 1), else_=0),
    )
    .join(Unit, Unit.id == Assignment.unit_id)
    .where(Assignment.cancelled_at.is_(None))
    .order_by(Assignment.ordered_at, Assignment.id)
)
_OPEN_ROWS = select(*_COLUMNS, *_NO_NAMES).where(*_OPEN_WHERE)
_OPEN_UNITS = _SENT_UNITS.where(
    Assignment.incident_id.in_(select(Incident.id).where(*_OPEN_WHERE).scalar_subquery())
)
_CATEGORY_NAMES = select(Category.code, Category.name_zh, Category.name_en)
_GRID_NAMES = select(Grid.id, Grid.name)
_ROWS_BY_ID = (
    select(*_COLUMNS, *_NAMES)
    .outerjoin(Category, Category.code == Incident.category_code)
    .outerjoin(Grid, Grid.id == Incident.grid_id)
    .where(Incident.id.in_(_IDS), Incident.station_id + 0 == _STATION)
)
_UNITS_BY_ID = _SENT_UNITS.where(Assignment.incident_id.in_(_IDS))
_INCIDENTS_OF_ASSIGNMENTS = select(Assignment.incident_id).where(Assignment.id.in_(_IDS))


def open_incident_ids(ctx: StationContext) -> list[int]:
    """Open incidents, most urgent first, then oldest first (the queue's natural order)."""
    with ctx.reading() as s:
        return list(
            s.scalars(
                select(Incident.id)
                .where(*_open_filter(ctx.station_id))
                .order_by(_PRIORITY_RANK, Incident.received_at, Incident.id)
            )
        )


def open_incident_rows(ctx: StationContext) -> list[IncidentSummary]:
    """Every open incident's row, in the queue's natural order (most urgent, then oldest,
    then by id: the order of ``open_incident_ids``), read in one transaction."""
    params = {"station_id": ctx.station_id}
    with ctx.reading() as s:
        conn = s.connection()
        rows = _fetch(conn, _OPEN_ROWS, params)
        units = _units(_fetch(conn, _OPEN_UNITS, params))
        # The dictionary and the grids are a few dozen rows: cheaper whole than joined
        # to a thousand incidents.
        categories = {code: (zh, en) for code, zh, en in _fetch(conn, _CATEGORY_NAMES)}
        grids = dict(_fetch(conn, _GRID_NAMES))
    out = _summaries(rows, units, categories, grids)
    out.sort(key=_natural_key)
    return out


def incident_summaries(ctx: StationContext, ids: Iterable[int]) -> dict[int, IncidentSummary]:
    """Rows for the given incidents of the station, open or not (missing ids are simply
    absent from the result)."""
    wanted = list(ids)
    if not wanted:
        return {}
    params = {"station_id": ctx.station_id, "ids": wanted}
    with ctx.reading() as s:
        conn = s.connection()
        rows = _fetch(conn, _ROWS_BY_ID, params)
        units = _units(_fetch(conn, _UNITS_BY_ID, params)) if rows else {}
    return {row.id: row for row in _summaries(rows, units, {}, {})}


def incident_ids_of_assignments(ctx: StationContext, assignment_ids: Iterable[int]) -> set[int]:
    """The incidents the given assignments belong to (a unit sent, arrived or cleared)."""
    wanted = list(assignment_ids)
    if not wanted:
        return set()
    with ctx.reading() as s:
        return {i for (i,) in _fetch(s.connection(), _INCIDENTS_OF_ASSIGNMENTS, {"ids": wanted})}


def _natural_key(row: IncidentSummary):
    return (_RANK.get(row.priority, 99), row.received_at, row.id)


def _fetch(conn, statement, params: dict | None = None) -> list[tuple]:
    """The driver's own tuples: no result processing (times are converted by ``_utc``)."""
    result = conn.execute(statement, params)
    try:
        return result.cursor.fetchall()
    finally:
        result.close()


_from_iso = datetime.fromisoformat


def _utc(value: Any) -> datetime | None:
    """A stored time as an aware UTC datetime, equal to what the store's ``UTCDateTime``
    hands back: SQLite keeps naive UTC text, PostgreSQL hands over aware datetimes."""
    if value is None:
        return None
    if isinstance(value, str):
        try:
            return _from_iso(value + "+00:00")  # the usual text: one C call, UTC attached
        except ValueError:  # text with its own offset (written by hand)
            value = _from_iso(value)
            return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return value if value.tzinfo is UTC else value.astimezone(UTC)


class _Sent:
    """One incident's units: the call signs still with it, and every unit sent."""

    __slots__ = ("call_signs", "unit_ids")

    def __init__(self) -> None:
        self.call_signs: list[str] = []
        self.unit_ids: set[int] = set()


def _units(rows: Iterable[tuple[int, int, str, int]]) -> dict[int, _Sent]:
    """(incident id, unit id, call sign, still with it) rows in order, per incident."""
    units: dict[int, _Sent] = {}
    for incident_id, unit_id, call_sign, active in rows:
        sent = units.get(incident_id)
        if sent is None:
            sent = units[incident_id] = _Sent()
        sent.unit_ids.add(unit_id)
        if active:
            sent.call_signs.append(call_sign)
    return units


def _summaries(
    rows: Sequence[tuple], units: dict[int, _Sent], categories: dict, grids: dict
) -> list[IncidentSummary]:
    """Rows of ``_COLUMNS`` and names as summaries, with their units' call signs; names
    not in the rows come from ``categories`` (code -> (zh, en)) and ``grids`` (id -> name)."""
    try:
        return _build(rows, units, categories, grids, _sqlite_utc)
    except (TypeError, ValueError):  # not SQLite's usual text: each time converted fully
        return _build(rows, units, categories, grids, _utc)


def _sqlite_utc(value: str) -> datetime:
    """SQLite's usual stored time, naive UTC text, as an aware UTC datetime (one C call;
    anything else raises, and the caller converts with ``_utc``)."""
    return _from_iso(value + "+00:00")


def _build(rows, units, categories, grids, utc) -> list[IncidentSummary]:
    no_units: tuple[str, ...] = ()
    card_for = load_run_cards().for_incident
    out = []
    for (
        incident_id,
        number,
        received_at,
        priority,
        category_code,
        address_text,
        grid_id,
        status,
        deadline,
        first_arrived_at,
        narrative,
        lon,
        lat,
        version,
        units_short_waived,
        name_zh,
        name_en,
        grid_name,
    ) in rows:
        if name_zh is None:
            name_zh, name_en = categories.get(category_code) or (None, None)
        if grid_name is None and grid_id is not None:
            grid_name = grids.get(grid_id)
        sent = units.get(incident_id)
        calls = sent.call_signs if sent is not None else None
        needed = card_for(category_code, narrative or "").units
        out.append(
            IncidentSummary(
                incident_id,
                number,
                utc(received_at),
                priority,
                category_code,
                name_zh or category_code,
                name_en or category_code,
                address_text,
                grid_name,
                status,
                tuple(calls) if calls else no_units,
                None if deadline is None else utc(deadline),
                None if first_arrived_at is None else utc(first_arrived_at),
                narrative,
                lon,
                lat,
                version,
                CardProgress(needed, len(sent.unit_ids) if sent else 0, units_short_waived),
            )
        )
    return out
