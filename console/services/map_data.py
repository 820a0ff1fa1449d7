"""Read side of the map (一张图): the station's geography and the live things on it.

Everything is returned as plain frozen data. The geography (grids, roads, key places)
is read once when the map page is built; units and incidents are read again by id
whenever the change feed names them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
from sqlalchemy import select

from console.domain.incidents import OPEN_STATUSES
from console.domain.isochrones import RING_MINUTES, earliest_arrival, response_rings
from console.domain.units import UnitStatus
from console.store.models import (
    Category,
    Grid,
    Incident,
    KeyPlace,
    RoadSegment,
    Station,
    Unit,
)

from .context import StationContext

# Units in this status are off the street: the map leaves them out.
HIDDEN_UNIT_STATUSES = frozenset({UnitStatus.OFF_DUTY.value})


@dataclass(frozen=True)
class StationGeography:
    center_lon: float | None
    center_lat: float | None
    data_credit: str | None


@dataclass(frozen=True)
class MapGrid:
    id: int
    code: str
    name: str
    boundary: dict[str, Any]  # GeoJSON Polygon / MultiPolygon geometry
    arrival_target_min: int
    min_available_units: int


@dataclass(frozen=True)
class MapRoad:
    id: int
    name: str | None
    road_class: str  # OSM highway=* value
    geometry: tuple[tuple[float, float], ...]  # (lon, lat) pairs


@dataclass(frozen=True)
class MapKeyPlace:
    id: int
    kind: str
    name: str
    lon: float
    lat: float


@dataclass(frozen=True)
class MapUnit:
    id: int
    call_sign: str
    kind: str
    status: str
    status_since: datetime
    lon: float
    lat: float
    heading_deg: float | None


@dataclass(frozen=True)
class MapIncident:
    id: int
    number: str
    category_zh: str
    category_en: str
    priority: str
    status: str
    received_at: datetime
    arrival_deadline: datetime | None
    first_arrived_at: datetime | None
    lon: float
    lat: float


def station_geography(ctx: StationContext) -> StationGeography:
    with ctx.reading() as s:
        row = s.execute(
            select(Station.center_lon, Station.center_lat, Station.data_credit).where(
                Station.id == ctx.station_id
            )
        ).one()
    return StationGeography(*row)


def map_grids(ctx: StationContext) -> list[MapGrid]:
    with ctx.reading() as s:
        return [
            MapGrid(g.id, g.code, g.name, g.boundary, g.arrival_target_min, g.min_available_units)
            for g in s.scalars(
                select(Grid).where(Grid.station_id == ctx.station_id).order_by(Grid.code)
            )
        ]


def map_roads(ctx: StationContext) -> list[MapRoad]:
    with ctx.reading() as s:
        rows = s.execute(
            select(RoadSegment.id, RoadSegment.name, RoadSegment.road_class, RoadSegment.geometry)
            .where(RoadSegment.station_id == ctx.station_id)
            .order_by(RoadSegment.id)
        )
        return [
            MapRoad(id_, name, road_class, tuple((float(x), float(y)) for x, y in geometry))
            for id_, name, road_class, geometry in rows
            if geometry and len(geometry) >= 2
        ]


def map_key_places(ctx: StationContext) -> list[MapKeyPlace]:
    with ctx.reading() as s:
        rows = s.execute(
            select(KeyPlace.id, KeyPlace.kind, KeyPlace.name, KeyPlace.lon, KeyPlace.lat)
            .where(KeyPlace.station_id == ctx.station_id)
            .order_by(KeyPlace.id)
        )
        return [MapKeyPlace(*row) for row in rows]


def map_units(ctx: StationContext, ids: Iterable[int] | None = None) -> dict[int, MapUnit]:
    """Units the map shows (on duty, with a position); ``ids`` limits the read. A unit
    asked for but absent from the result is not on the map (any more)."""
    with ctx.reading() as s:
        query = select(Unit).where(
            Unit.station_id == ctx.station_id,
            Unit.lon.is_not(None),
            Unit.lat.is_not(None),
            Unit.status.not_in(HIDDEN_UNIT_STATUSES),
        )
        if ids is not None:
            query = query.where(Unit.id.in_(list(ids)))
        return {
            u.id: MapUnit(
                u.id, u.call_sign, u.kind, u.status, u.status_since, u.lon, u.lat, u.heading_deg
            )
            for u in s.scalars(query)
        }


def map_incidents(ctx: StationContext, ids: Iterable[int] | None = None) -> dict[int, MapIncident]:
    """Open incidents with a location; ``ids`` limits the read (absent: not on the map)."""
    with ctx.reading() as s:
        query = (
            select(Incident, Category.name_zh, Category.name_en)
            .join(Category, Category.code == Incident.category_code)
            .where(
                Incident.station_id == ctx.station_id,
                Incident.status.in_([st.value for st in OPEN_STATUSES]),
                Incident.lon.is_not(None),
                Incident.lat.is_not(None),
            )
        )
        if ids is not None:
            query = query.where(Incident.id.in_(list(ids)))
        return {
            inc.id: MapIncident(
                inc.id,
                inc.number,
                name_zh,
                name_en,
                inc.priority,
                inc.status,
                inc.received_at,
                inc.arrival_deadline,
                inc.first_arrived_at,
                inc.lon,
                inc.lat,
            )
            for inc, name_zh, name_en in s.execute(query)
        }


def heat_points(
    ctx: StationContext, since: datetime, until: datetime | None = None
) -> list[tuple[float, float]]:
    """(lat, lon) of every incident received in [since, until), open or closed."""
    with ctx.reading() as s:
        query = select(Incident.lat, Incident.lon).where(
            Incident.station_id == ctx.station_id,
            Incident.received_at >= since,
            Incident.lon.is_not(None),
            Incident.lat.is_not(None),
        )
        if until is not None:
            query = query.where(Incident.received_at < until)
        return [(lat, lon) for lat, lon in s.execute(query)]


def response_ring_areas(
    ctx: StationContext, positions: Iterable[tuple[float, float]]
) -> list[dict[str, Any]]:
    """The 1-3-5 minute rings of units standing at ``positions`` ((lon, lat) pairs), from
    road travel times; empty when the station has no road network or no position."""
    from .road_graph import station_road_graph  # scipy: only once rings are asked for

    points = np.array(list(positions), dtype=float).reshape(-1, 2)
    graph = station_road_graph(ctx)
    if graph is None or len(points) == 0:
        return []
    limit = 60.0 * max(RING_MINUTES)
    seconds = earliest_arrival([graph.seconds_from(lon, lat, limit=limit) for lon, lat in points])
    return response_rings(graph.lonlat, seconds, RING_MINUTES, origins=points)
