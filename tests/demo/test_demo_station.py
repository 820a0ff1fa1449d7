"""The demo station's geography, people and units: sizes, places and consistency."""

from __future__ import annotations

import re
from collections import Counter

import shapely
from shapely.geometry import LineString, Point, shape
from sqlalchemy import func, select

from console.demo.geo import LocalProjection
from console.demo.plan import ODBL_CREDIT
from console.domain.addresses import normalise_address
from console.domain.units import UnitStatus
from console.store.audit import verify_chain
from console.store.engine import session_factory
from console.store.models import (
    AuditEntry,
    Change,
    Grid,
    Incident,
    IncidentEvent,
    KeyPlace,
    Officer,
    RoadNode,
    RoadSegment,
    ShiftType,
    StandardAddress,
    Station,
    Team,
    Unit,
    UnitCrew,
)


def _session(engine):
    return session_factory(engine)()


def _count(s, model) -> int:
    return s.scalar(select(func.count()).select_from(model))


def test_report_counts_are_the_rows_written(demo_store, demo_engine):
    _, report = demo_store
    with _session(demo_engine) as s:
        assert report.station_name == s.scalar(select(Station.name)) == "新街口派出所"
        assert report.grids == _count(s, Grid)
        assert report.road_nodes == _count(s, RoadNode)
        assert report.road_segments == _count(s, RoadSegment)
        assert report.key_places == _count(s, KeyPlace)
        assert report.addresses == _count(s, StandardAddress)
        assert report.teams == _count(s, Team) == 5
        assert report.officers == _count(s, Officer)
        assert report.units == _count(s, Unit)
        assert report.shift_types == _count(s, ShiftType) >= 2
        assert report.incidents == _count(s, Incident)
        assert report.incident_events == _count(s, IncidentEvent)


def test_sizes_are_those_of_a_real_station(demo_store):
    _, r = demo_store
    assert r.grids >= 6
    assert r.addresses >= 2000
    assert 100 <= r.officers <= 140
    assert 16 <= r.units <= 24
    assert r.road_nodes > 200 and r.road_segments > 300
    assert r.history_days == 90
    assert r.summary().startswith("新街口派出所: ") and f"{r.addresses} addresses" in r.summary()


def test_station_keeps_the_openstreetmap_credit(demo_engine):
    with _session(demo_engine) as s:
        station = s.scalars(select(Station)).one()
    assert station.data_credit == ODBL_CREDIT == "© OpenStreetMap contributors, ODbL 1.0"
    assert "nanjing_xinjiekou.osm" in station.data_source
    assert station.timezone == "Asia/Shanghai"
    assert 118.7 < station.center_lon < 118.9 and 32.0 < station.center_lat < 32.1


def test_grids_are_named_polygons_covering_every_address_and_key_place(demo_engine):
    with _session(demo_engine) as s:
        grids = {g.id: g for g in s.scalars(select(Grid))}
        addresses = s.execute(
            select(StandardAddress.lon, StandardAddress.lat, StandardAddress.grid_id)
        ).all()
        places = s.execute(select(KeyPlace.lon, KeyPlace.lat, KeyPlace.grid_id)).all()
    polygons = {}
    for g in grids.values():
        assert re.fullmatch(r"新街口第[一二三四五六七八九十]+网格", g.name)
        assert g.boundary["type"] == "Polygon"
        ring = g.boundary["coordinates"][0]
        assert ring[0] == ring[-1] and len(ring) >= 4
        assert g.arrival_target_min > 0 and g.min_available_units >= 1
        polygons[g.id] = shape(g.boundary)
        assert polygons[g.id].is_valid
    for lon, lat, grid_id in [*addresses, *places]:
        assert polygons[grid_id].covers(Point(lon, lat)), (lon, lat, grid_id)
    # Grids do not overlap: their areas add up to their union's.
    union = shapely.union_all(list(polygons.values()))
    assert abs(sum(p.area for p in polygons.values()) - union.area) < 1e-9


def test_key_places_come_from_the_data(demo_engine):
    with _session(demo_engine) as s:
        places = s.execute(select(KeyPlace.kind, KeyPlace.name, KeyPlace.osm_id)).all()
    kinds = Counter(kind for kind, _, _ in places)
    assert kinds["school"] >= 5 and kinds["hospital"] >= 2 and kinds["subway_station"] >= 3
    assert kinds["bank"] and kinds["mall"] and kinds["police"]
    names = {name for _, name, _ in places}
    assert {"新街口站", "德基广场", "江苏省中医院"} <= names
    assert all(re.fullmatch(r"(node|way|relation)/\d+", osm_id) for _, _, osm_id in places)


def test_address_book_numbers_real_streets(demo_engine):
    with _session(demo_engine) as s:
        rows = s.execute(
            select(
                StandardAddress.text,
                StandardAddress.normalised_text,
                StandardAddress.street,
                StandardAddress.house_number,
            )
        ).all()
        street_names = set(s.scalars(select(RoadSegment.name).where(RoadSegment.name.is_not(None))))
    assert len({n for _, n, _, _ in rows}) == len(rows)
    for text, normalised, street, number in rows:
        assert text == f"{street}{number}号"
        assert re.fullmatch(r"\d+(-1)?", number)
        assert normalised == normalise_address(text)
    streets = Counter(street for _, _, street, _ in rows)
    assert streets["中山东路"] > 20 and streets["汉中路"] > 20
    assert len(set(streets) & street_names) > 50
    texts = {t for t, _, _, _ in rows}
    assert any(t.startswith("中山路") for t in texts)
    # Both sides of a street: odd and even numbers.
    numbers = [int(n) for _, _, st, n in rows if st == "中山东路" and "-" not in n]
    assert any(n % 2 for n in numbers) and any(n % 2 == 0 for n in numbers)


def test_road_network_is_split_at_junctions(demo_engine):
    with _session(demo_engine) as s:
        nodes = {n.id: n for n in s.scalars(select(RoadNode))}
        segments = list(s.scalars(select(RoadSegment)))
    used = Counter()
    for seg in segments:
        start, end = nodes[seg.from_node_id], nodes[seg.to_node_id]
        assert seg.geometry[0] == [start.lon, start.lat]
        assert seg.geometry[-1] == [end.lon, end.lat]
        assert seg.length_m > 0
        assert seg.road_class in {
            "trunk", "trunk_link", "primary", "primary_link", "secondary", "secondary_link",
            "tertiary", "tertiary_link", "unclassified", "residential", "living_street", "service",
        }  # fmt: skip
        used[seg.from_node_id] += 1
        used[seg.to_node_id] += 1
    assert set(used) == set(nodes)  # every node ends a segment
    assert any(seg.oneway for seg in segments) and not all(seg.oneway for seg in segments)
    assert any(seg.max_speed_kmh == 40.0 for seg in segments)
    assert sum(seg.length_m for seg in segments) > 30_000


def test_officers_form_five_teams_of_police_and_auxiliaries(demo_engine):
    with _session(demo_engine) as s:
        officers = list(s.scalars(select(Officer)))
        teams = set(s.scalars(select(Team.id)))
    assert {o.team_id for o in officers} == teams and len(teams) == 5
    police = sum(o.role == "police" for o in officers) / len(officers)
    assert 0.33 <= police <= 0.47
    assert len({o.badge_number for o in officers}) == len(officers)
    assert len({o.name for o in officers}) == len(officers)
    for o in officers:
        assert re.fullmatch(r"[\u4e00-\u9fff]{2,4}", o.name)
        assert re.fullmatch(r"1\d{10}", o.phone)
        assert o.home_address and o.home_address.endswith("室")
        assert set(o.skills) <= {
            "armed",
            "driver",
            "first_aid",
            "traffic",
            "negotiation",
            "english",
        }
        if o.role == "auxiliary":
            assert "armed" not in o.skills


def test_units_have_crews_statuses_and_positions_on_their_roads(demo_engine):
    with _session(demo_engine) as s:
        units = list(s.scalars(select(Unit).order_by(Unit.id)))
        crews = s.execute(select(UnitCrew.unit_id, UnitCrew.officer_id, UnitCrew.is_leader)).all()
        grids = {g.id: shape(g.boundary) for g in s.scalars(select(Grid))}
        segments = [seg.geometry for seg in s.scalars(select(RoadSegment))]
        open_incidents = {
            i.id: i.status
            for i in s.scalars(
                select(Incident).where(Incident.status.in_(["received", "dispatched", "on_scene"]))
            )
        }
    call_signs = [u.call_sign for u in units]
    assert "新街口01" in call_signs and "巡1" in call_signs
    assert {u.kind for u in units} == {"car", "foot", "one_plus_three", "falcon"}
    statuses = Counter(u.status for u in units)
    assert statuses[UnitStatus.OFF_DUTY] >= 1
    assert (
        statuses[UnitStatus.ON_SCENE]
        + statuses[UnitStatus.EN_ROUTE]
        + statuses[UnitStatus.DISPATCHED]
        >= 3
    )
    assert statuses[UnitStatus.AVAILABLE] + statuses[UnitStatus.PATROLLING] >= 2

    crew_of = Counter(unit_id for unit_id, _, _ in crews)
    assert len({officer_id for _, officer_id, _ in crews}) == len(crews)  # one unit each
    leaders = Counter(unit_id for unit_id, _, leader in crews if leader)
    for u in units:
        if u.status == UnitStatus.OFF_DUTY:
            assert crew_of[u.id] == 0 and u.current_incident_id is None
        else:
            assert crew_of[u.id] >= 1 and leaders[u.id] == 1
        if u.current_incident_id is not None:
            assert u.status in ("dispatched", "en_route", "on_scene")
            assert open_incidents[u.current_incident_id] in ("dispatched", "on_scene")

    proj = LocalProjection(118.78, 32.04)
    roads = shapely.STRtree([LineString([proj.xy(*p) for p in g]) for g in segments])
    for u in units:
        p = Point(proj.xy(u.lon, u.lat))
        nearest = roads.geometries[roads.nearest(p)]
        assert nearest.distance(p) < 0.5, u.call_sign  # on a road
        if u.current_incident_id is None:
            assert grids[u.home_grid_id].covers(Point(u.lon, u.lat)), u.call_sign


def test_build_is_audited_once_with_one_change_row(demo_engine):
    with _session(demo_engine) as s:
        entries = list(s.scalars(select(AuditEntry)))
        changes = list(s.scalars(select(Change)))
        assert verify_chain(s) is None
    assert [e.action for e in entries] == ["demo.build"]
    assert (
        entries[0].detail["seed"] == 1 and entries[0].detail["osm_file"] == "nanjing_xinjiekou.osm"
    )
    assert [(c.entity, c.entity_id, c.kind) for c in changes] == [("station", "1", "insert")]
