"""Every row of the demo station, worked out in memory before the store is touched.

Planning is pure: the same extract, seed and ``now`` give the same rows, ids included
(ids are assigned here, from 1, so rows can reference each other without a round trip
to the store). The builder then writes them in one transaction. Three steps: the
geography (roads, grids, key places, addresses), the people and units, the history.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
from shapely.geometry import Polygon

from console.domain.incidents import Priority

from .address_book import AddressRecord, StreetIndex, build_address_book, named_streets
from .errors import DemoDataError
from .geo import COORD_DIGITS, LocalProjection
from .grids import GridArea, GridLocator, cut_grids
from .history import CategoryInfo, StationSetting, generate_history
from .incident_places import PlacePicker, is_main_junction
from .osm_extract import OsmExtract
from .people import SHIFT_TYPES, OfficerRecord, make_officers, make_teams
from .places import KeyPlaceRecord, area_name, find_key_places
from .positions import RoadPoints
from .roads import RoadNetwork, build_road_network
from .roster_history import plan_roster
from .units import UnitRecord, crew_units, make_units, unit_skills

STATION_ID = 1
STATION_CODE = "DEMO"
STATION_TIMEZONE = "Asia/Shanghai"
ODBL_CREDIT = "© OpenStreetMap contributors, ODbL 1.0"
FALLBACK_AREA = "示范"
ARRIVAL_TARGET_MIN = 5  # the city-centre 5-minute standard for urgent calls
# Arrival minutes per grade (None: by appointment). The outer grids, furthest from the
# centre, are the suburb: longer roads and fewer units, so every grade allows longer.
TOWN_TARGETS: dict[Priority, int | None] = {
    Priority.URGENT: ARRIVAL_TARGET_MIN,
    Priority.HIGH: 10,
    Priority.NORMAL: 15,
    Priority.LOW: None,
}
SUBURB_TARGETS: dict[Priority, int | None] = {
    Priority.URGENT: 8,
    Priority.HIGH: 15,
    Priority.NORMAL: 25,
    Priority.LOW: None,
}
OUTER_SHARE = 1 / 3  # of the grids, by distance of their middle from the centre
_MAIN_CLASSES = frozenset({"primary", "secondary", "tertiary"})


@dataclass
class StationPlan:
    """Rows per table, ready for ``insert(Model)``."""

    station_name: str
    station: dict[str, Any]
    grids: list[dict[str, Any]] = field(default_factory=list)
    road_nodes: list[dict[str, Any]] = field(default_factory=list)
    road_segments: list[dict[str, Any]] = field(default_factory=list)
    key_places: list[dict[str, Any]] = field(default_factory=list)
    addresses: list[dict[str, Any]] = field(default_factory=list)
    teams: list[dict[str, Any]] = field(default_factory=list)
    officers: list[dict[str, Any]] = field(default_factory=list)
    shift_types: list[dict[str, Any]] = field(default_factory=list)
    incidents: list[dict[str, Any]] = field(default_factory=list)
    incident_events: list[dict[str, Any]] = field(default_factory=list)
    units: list[dict[str, Any]] = field(default_factory=list)
    unit_crew: list[dict[str, Any]] = field(default_factory=list)
    assignments: list[dict[str, Any]] = field(default_factory=list)
    app_users: list[dict[str, Any]] = field(default_factory=list)
    rosters: list[dict[str, Any]] = field(default_factory=list)
    roster_entries: list[dict[str, Any]] = field(default_factory=list)
    duty_officer_id: int | None = None  # the officer behind the built-in duty user


@dataclass
class _Geography:
    area: str  # what the neighbourhood is called: 新街口
    network: RoadNetwork
    proj: LocalProjection
    jurisdiction: Polygon  # metres
    grids: list[GridArea]
    locator: GridLocator
    key_places: list[tuple[KeyPlaceRecord, int]]  # (place, grid index)
    addresses: list[tuple[AddressRecord, int]]  # (address, grid index); id = position + 1
    centre: tuple[float, float]

    @property
    def load(self) -> list[float]:
        """How busy each grid is: its doors, plus its key places, which draw crowds."""
        load = [0.0] * len(self.grids)
        for _, g in self.addresses:
            load[g] += 1.0
        for _, g in self.key_places:
            load[g] += 15.0
        return load


def plan_station(
    extract: OsmExtract,
    *,
    seed: int,
    now: datetime,
    categories: dict[str, CategoryInfo],
    duty_user_id: int | None,
) -> StationPlan:
    geo = _geography(extract, seed)
    plan = StationPlan(
        station_name=f"{geo.area}派出所",
        station={
            "id": STATION_ID,
            "code": STATION_CODE,
            "name": f"{geo.area}派出所",
            "level": "station",
            "parent_id": None,
            "timezone": STATION_TIMEZONE,
            "center_lon": geo.centre[0],
            "center_lat": geo.centre[1],
            "data_source": _data_source(extract),
            "data_credit": ODBL_CREDIT,
        },
    )
    _plan_geography(plan, geo)
    officers = make_officers(
        random.Random(f"{seed}:people"), sorted({a.street for a, _ in geo.addresses})
    )
    units = make_units(geo.area, geo.load)
    _plan_people(plan, officers)
    _plan_history(plan, geo, officers, units, seed, now, categories, duty_user_id)
    return plan


def _geography(extract: OsmExtract, seed: int) -> _Geography:
    network = build_road_network(extract)
    if not network.edges:
        raise DemoDataError(f"OSM extract has no drivable roads: {extract.path}")
    proj = LocalProjection(
        sum(n.lon for n in network.nodes) / len(network.nodes),
        sum(n.lat for n in network.nodes) / len(network.nodes),
    )
    streets = named_streets(extract, proj)
    places = find_key_places(extract, StreetIndex(streets, proj).near)
    area = area_name(places, (proj.lon0, proj.lat0)) or _main_street(network) or FALLBACK_AREA
    jurisdiction, grids = cut_grids(network, proj, area)
    locator = GridLocator(grids)
    # Only what falls inside a grid belongs to the station.
    key_places = [(p, g) for p in places if (g := locator.grid_index(p.lon, p.lat)) is not None]
    book = build_address_book(streets, proj, jurisdiction, random.Random(f"{seed}:addresses"))
    in_grid = locator.grid_indexes(np.array([a.lon for a in book]), np.array([a.lat for a in book]))
    addresses = [(a, int(g)) for a, g in zip(book, in_grid, strict=True) if g >= 0]
    if not addresses:
        raise DemoDataError(
            f"OSM extract has no named streets to number an address book along: {extract.path}"
        )
    centre = proj.lonlat(jurisdiction.centroid.x, jurisdiction.centroid.y)
    return _Geography(
        area, network, proj, jurisdiction, grids, locator, key_places, addresses, centre
    )


def _plan_geography(plan: StationPlan, geo: _Geography) -> None:
    plan.road_nodes = [
        {
            "id": n.index + 1,
            "station_id": STATION_ID,
            "osm_id": n.osm_id,
            "lon": round(n.lon, COORD_DIGITS),
            "lat": round(n.lat, COORD_DIGITS),
        }
        for n in geo.network.nodes
    ]
    plan.road_segments = [
        {
            "id": e.index + 1,
            "station_id": STATION_ID,
            "from_node_id": e.from_node + 1,
            "to_node_id": e.to_node + 1,
            "osm_way_id": e.osm_way_id,
            "name": e.name,
            "road_class": e.road_class,
            "oneway": e.oneway,
            "length_m": e.length_m,
            "max_speed_kmh": e.max_speed_kmh,
            "geometry": [[lon, lat] for lon, lat in e.geometry],
        }
        for e in geo.network.edges
    ]
    load = geo.load
    busiest = sorted(range(len(geo.grids)), key=lambda g: (-load[g], g))[:3]
    targets = grid_targets(geo)
    plan.grids = [
        {
            "id": k + 1,
            "station_id": STATION_ID,
            "code": grid.code,
            "name": grid.name,
            "boundary": grid.boundary,
            "arrival_target_min": targets[k][Priority.URGENT],
            "arrival_minutes": {
                p.value: targets[k][p] for p in (Priority.HIGH, Priority.NORMAL, Priority.LOW)
            },
            "min_available_units": 2 if k in busiest else 1,
        }
        for k, grid in enumerate(geo.grids)
    ]
    plan.key_places = [
        {
            "id": k,
            "station_id": STATION_ID,
            "kind": p.kind,
            "name": p.name,
            "lon": p.lon,
            "lat": p.lat,
            "grid_id": g + 1,
            "osm_id": p.osm_ref,
        }
        for k, (p, g) in enumerate(geo.key_places, start=1)
    ]
    plan.addresses = [
        {
            "id": k,
            "station_id": STATION_ID,
            "text": a.text,
            "normalised_text": a.normalised_text,
            "street": a.street,
            "house_number": a.house_number,
            "lon": a.lon,
            "lat": a.lat,
            "grid_id": g + 1,
        }
        for k, (a, g) in enumerate(geo.addresses, start=1)
    ]


def grid_targets(geo: _Geography) -> list[dict[Priority, int | None]]:
    """Each grid's arrival minutes: suburb targets for the outer third, town for the rest."""
    cx, cy = geo.proj.xy(*geo.centre)

    def distance(g: int) -> float:
        middle = geo.grids[g].polygon.representative_point()
        x, y = geo.proj.xy(middle.x, middle.y)
        return float(np.hypot(x - cx, y - cy))

    order = sorted(range(len(geo.grids)), key=lambda g: (-distance(g), g))
    outer = set(order[: max(1, int(len(order) * OUTER_SHARE))])
    return [dict(SUBURB_TARGETS if g in outer else TOWN_TARGETS) for g in range(len(geo.grids))]


def _plan_people(plan: StationPlan, officers: list[OfficerRecord]) -> None:
    plan.teams = [
        {"id": t.index + 1, "station_id": STATION_ID, "code": t.code, "name": t.name}
        for t in make_teams()
    ]
    plan.officers = [
        {
            "id": o.index + 1,
            "station_id": STATION_ID,
            "badge_number": o.badge_number,
            "name": o.name,
            "role": o.role.value,
            "skills": list(o.skills),
            "team_id": o.team + 1,
            "phone": o.phone,
            "home_address": o.home_address,
            "active": True,
        }
        for o in officers
    ]
    plan.shift_types = [
        {
            "id": k,
            "station_id": STATION_ID,
            "code": s.code,
            "name": s.name,
            "start_minute": s.start_minute,
            "duration_min": s.duration_min,
            "is_night": s.is_night,
            "colour": s.colour,
        }
        for k, s in enumerate(SHIFT_TYPES, start=1)
    ]


def _plan_history(
    plan: StationPlan,
    geo: _Geography,
    officers: list[OfficerRecord],
    units: list[UnitRecord],
    seed: int,
    now: datetime,
    categories: dict[str, CategoryInfo],
    duty_user_id: int | None,
) -> None:
    crews = {
        (t.index, code): crew_units(
            units, [o for o in officers if o.team == t.index], night=code == "night"
        )
        for t in make_teams()
        for code in ("day", "night")
    }
    main_streets = {e.name for e in geo.network.edges if e.name and e.road_class in _MAIN_CLASSES}
    junctions = [
        (j, is_main_junction(j, main_streets), g)
        for j in geo.network.intersections
        if (g := geo.locator.grid_index(j.lon, j.lat)) is not None
    ]
    # Calls gather around the local hub: the subway station the area is named after.
    hub = next(
        (
            (p.lon, p.lat)
            for p, _ in geo.key_places
            if p.kind == "subway_station" and p.name == f"{geo.area}站"
        ),
        geo.centre,
    )
    picker = PlacePicker(
        [(k, a, g) for k, (a, g) in enumerate(geo.addresses, start=1)],
        geo.key_places,
        junctions,
        hub,
    )
    centres = [grid.polygon.representative_point() for grid in geo.grids]
    station = StationSetting(
        picker=picker,
        grid_ids=[k + 1 for k in range(len(geo.grids))],
        grid_targets=grid_targets(geo),
        grid_centres=[(p.x, p.y) for p in centres],
        units=units,
        unit_ids=[u.index + 1 for u in units],
        crews=crews,
        duty_user_id=duty_user_id,
        station_id=STATION_ID,
    )
    road_points = RoadPoints(geo.network, geo.proj, geo.locator, len(geo.grids))
    history = generate_history(
        station,
        categories,
        now=now,
        tz=ZoneInfo(STATION_TIMEZONE),
        seed=seed,
        road_point=road_points.in_grid,
        snap=road_points.snap,
    )
    plan.incidents = history.incidents
    plan.incident_events = history.events
    plan.assignments = [dict(row, id=k) for k, row in enumerate(history.assignments, start=1)]
    for unit, state in zip(units, history.units_now, strict=True):
        crew = [officers[i] for i in state.crew]
        plan.units.append(
            {
                "id": unit.index + 1,
                "station_id": STATION_ID,
                "call_sign": unit.call_sign,
                "kind": unit.kind.value,
                "skills": unit_skills(crew),
                "status": state.status.value,
                "status_since": state.status_since,
                "lon": state.lon,
                "lat": state.lat,
                "heading_deg": state.heading_deg,
                "position_at": state.position_at,
                "home_grid_id": unit.home_grid + 1,
                "current_incident_id": state.current_incident_id,
                "version": 1,
            }
        )
        plan.unit_crew.extend(
            {"unit_id": unit.index + 1, "officer_id": o.index + 1, "is_leader": k == 0}
            for k, o in enumerate(crew)
        )
    roster = plan_roster(
        officers,
        units,
        now=now,
        tz=ZoneInfo(STATION_TIMEZONE),
        station_id=STATION_ID,
        duty_user_id=duty_user_id,
    )
    plan.app_users, plan.rosters = roster.app_users, roster.rosters
    plan.roster_entries = roster.roster_entries
    plan.duty_officer_id = roster.duty_officer_id


def _main_street(network: RoadNetwork) -> str | None:
    """The longest named main road: what an area without a subway hub is known by."""
    lengths: dict[str, float] = {}
    for e in network.edges:
        if e.name and e.road_class in _MAIN_CLASSES:
            lengths[e.name] = lengths.get(e.name, 0.0) + e.length_m
    return max(sorted(lengths), key=lambda name: lengths[name], default=None)


def _data_source(extract: OsmExtract) -> str:
    taken = f", data of {extract.osm_base[:10]}" if extract.osm_base else ""
    return f"OpenStreetMap extract {extract.path.name}{taken}"[:200]
