"""Finding a spoken address: pinyin initials as well as 汉字, and the nearest road or
landmark for an address the book does not hold, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from console.domain.intake import IntakeDraft
from console.services.intake import complete_address, find_places, record_incident
from console.store.engine import make_engine, normalise_url, session_factory
from console.store.migrations import upgrade
from console.store.models import Incident, IncidentEvent, KeyPlace, RoadNode, RoadSegment

from .station import build_intake_station

# Two landmarks and two named roads inside the intake station's grids.
KEY_PLACES = [
    ("新街口站", "subway_station", 118.7790, 32.0365),
    ("金陵饭店", "hotel", 118.7835, 32.0385),
]
ROADS = [
    ("中山路", 118.7775, 32.0365, 118.7795, 32.0385),
    ("管家桥", 118.7825, 32.0355, 118.7835, 32.0365),
]


def add_landmarks(url: str) -> None:
    engine = make_engine(normalise_url(url))
    try:
        with session_factory(engine).begin() as s:
            station_id = s.scalar(text("SELECT id FROM station"))
            for name, kind, lon, lat in KEY_PLACES:
                s.add(KeyPlace(station_id=station_id, kind=kind, name=name, lon=lon, lat=lat))
            for name, x1, y1, x2, y2 in ROADS:
                a = RoadNode(station_id=station_id, lon=x1, lat=y1)
                b = RoadNode(station_id=station_id, lon=x2, lat=y2)
                s.add_all([a, b])
                s.flush()
                s.add(
                    RoadSegment(
                        station_id=station_id,
                        from_node_id=a.id,
                        to_node_id=b.id,
                        name=name,
                        road_class="secondary",
                        length_m=250.0,
                        geometry=[[x1, y1], [x2, y2]],
                    )
                )
    finally:
        engine.dispose()


@pytest.fixture
def station(store_url):
    built = build_intake_station(store_url)
    add_landmarks(store_url)
    return built


def test_pinyin_initials_find_addresses_and_landmarks(ctx):
    assert [m.text for m in complete_address(ctx, "zsl18")] == ["中山路18号"]
    assert [m.text for m in complete_address(ctx, "ZSL")][:3] == [
        "中山路18号",
        "中山路20号",
        "中山路118号",
    ]
    assert complete_address(ctx, "hzl2")[0].text == "汉中路2号"
    assert complete_address(ctx, "中山路2")[0].text == "中山路20号"  # 汉字 as before
    first = find_places(ctx, "xjk")[0]
    assert (first.text, first.kind, first.id) == ("新街口站", "key_place", None)
    assert first.grid_name is not None
    assert find_places(ctx, "jlfd")[0].text == "金陵饭店"


def test_an_unknown_address_is_placed_by_its_nearest_road_or_landmark(ctx):
    # A number beyond the street's last door: the door with the nearest number, same side.
    best = find_places(ctx, "新街口 中山路 200号")
    assert best[0].text == "中山路118号" and best[0].kind == "address"
    assert "中山路" in [m.text for m in best]
    # A landmark said in passing, a road without a number.
    assert find_places(ctx, "新街口地铁站旁边的报刊亭")[0].text == "新街口站"
    road = find_places(ctx, "管家桥边上小巷子里")[0]
    assert (road.text, road.kind) == ("管家桥", "road") and road.grid_name == "第二网格"
    # Nothing shared but "路" and a number: nothing offered.
    assert find_places(ctx, "火星路1号") == []


def test_a_placed_call_keeps_the_typed_address(ctx):
    spoken = "管家桥边上小巷子里"
    road = find_places(ctx, spoken)[0]
    draft = IntakeDraft(
        caller_phone="13812345678",
        address_text=spoken,
        category_code="order.fight",
        priority="high",
        narrative="有人打架",
        has_point=True,
    )
    recorded, _ = record_incident(ctx, draft, point=(road.lon, road.lat))
    with ctx.reading() as s:
        row = s.get(Incident, recorded.id)
        assert row.address_text == spoken
        assert (row.lon, row.lat) == (road.lon, road.lat)
        event = s.scalar(select(IncidentEvent).where(IncidentEvent.incident_id == recorded.id))
        assert event.detail["typed_address"] == spoken


def test_migration_fills_the_initials_of_addresses_already_in_the_book(empty_store_url):
    engine = make_engine(normalise_url(empty_store_url), must_exist=False)
    try:
        upgrade(engine, "0002")
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO station (id, code, name, level, timezone) VALUES (1, 'S', 'S', 'station', 'Asia/Shanghai')"
                )
            )
            conn.execute(
                text(
                    "INSERT INTO standard_address (station_id, text, normalised_text, lon, lat) "
                    "VALUES (1, '新街口1号', '新街口1', 118.78, 32.04)"
                )
            )
        upgrade(engine)
        with engine.connect() as conn:
            assert conn.scalar(text("SELECT search_initials FROM standard_address")) == "xjk1"
    finally:
        engine.dispose()
