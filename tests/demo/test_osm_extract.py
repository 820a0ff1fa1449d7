"""Reading an OSM extract: roads split at junctions, one-way streets, key places, errors."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from pathlib import Path

import pytest

from console.demo import DemoDataError
from console.demo.grids import chinese_ordinal
from console.demo.history import CategoryInfo
from console.demo.osm_extract import read_osm_extract
from console.demo.places import find_key_places
from console.demo.plan import plan_station
from console.demo.roads import build_road_network, parse_maxspeed
from console.domain.incidents import Priority
from console.paths import default_osm_extract
from console.store.reference import category_rows

# A cross of two streets and a one-way lane, 100 m steps, near Xinjiekou.
_SMALL = """<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6">
  <meta osm_base="2024-01-02T03:04:05Z"/>
  <node id="1" lon="118.7800" lat="32.0400"/>
  <node id="2" lon="118.7810" lat="32.0400"/>
  <node id="3" lon="118.7820" lat="32.0400"/>
  <node id="4" lon="118.7830" lat="32.0400"/>
  <node id="5" lon="118.7820" lat="32.0410"/>
  <node id="6" lon="118.7820" lat="32.0390"/>
  <node id="7" lon="118.7830" lat="32.0410"/>
  <node id="8" lon="118.7815" lat="32.0405">
    <tag k="amenity" v="school"/><tag k="name" v="测试小学"/>
  </node>
  <node id="9" lon="118.7821" lat="32.0401">
    <tag k="railway" v="subway_entrance"/><tag k="name" v="测试#3"/>
  </node>
  <node id="10" lon="118.7812" lat="32.0398"><tag k="amenity" v="hospital"/></node>
  <way id="100">
    <nd ref="1"/><nd ref="2"/><nd ref="3"/><nd ref="4"/>
    <tag k="highway" v="primary"/><tag k="name" v="中山路"/><tag k="maxspeed" v="50"/>
  </way>
  <way id="101">
    <nd ref="5"/><nd ref="3"/><nd ref="6"/>
    <tag k="highway" v="secondary"/><tag k="name" v="汉中路"/>
  </way>
  <way id="102">
    <nd ref="7"/><nd ref="4"/>
    <tag k="highway" v="residential"/><tag k="name" v="小巷"/><tag k="oneway" v="-1"/>
  </way>
  <way id="103">
    <nd ref="2"/><nd ref="5"/>
    <tag k="highway" v="footway"/>
  </way>
  <way id="104">
    <nd ref="6"/><nd ref="1"/>
    <tag k="highway" v="service"/><tag k="service" v="driveway"/>
  </way>
</osm>
"""


def _small(tmp_path: Path) -> Path:
    path = tmp_path / "small.osm"
    path.write_text(_SMALL, encoding="utf-8")
    return path


def test_drivable_ways_are_split_at_junctions(tmp_path):
    extract = read_osm_extract(_small(tmp_path))
    assert extract.osm_base == "2024-01-02T03:04:05Z"
    network = build_road_network(extract)
    osm = {n.index: n.osm_id for n in network.nodes}
    edges = {(osm[e.from_node], osm[e.to_node]): e for e in network.edges}
    # 中山路 splits at 3 (where 汉中路 crosses) and ends at 4 (the lane); node 2 only
    # meets a footway, which is not drivable, so it stays a shape point.
    assert set(edges) == {(1, 3), (3, 4), (5, 3), (3, 6), (4, 7)}
    assert edges[(1, 3)].geometry == ((118.78, 32.04), (118.781, 32.04), (118.782, 32.04))
    assert 185 < edges[(1, 3)].length_m < 195  # 0.002° of longitude at 32° N
    assert edges[(1, 3)].max_speed_kmh == 50.0 and edges[(3, 6)].max_speed_kmh is None
    lane = edges[(4, 7)]  # drawn 7 -> 4, oneway=-1: drivable 4 -> 7 only
    assert lane.oneway and lane.name == "小巷" and lane.road_class == "residential"
    assert not edges[(1, 3)].oneway
    assert {i.text for i in network.intersections} >= {"中山路与汉中路交叉口", "中山路与小巷交叉口"}
    assert network.main_component == frozenset(range(len(network.nodes))) - {
        k for k, o in osm.items() if o == 7
    }  # the lane's far end can be reached but not left


def test_key_places_get_kinds_and_readable_names(tmp_path):
    extract = read_osm_extract(_small(tmp_path))
    places = {p.kind: p for p in find_key_places(extract, lambda lon, lat: "中山路")}
    assert places["school"].name == "测试小学" and places["school"].osm_ref == "node/8"
    assert places["subway_entrance"].name == "测试站3号口"
    assert places["hospital"].name == "医院（中山路）"  # unnamed: named by its street


@pytest.mark.parametrize(
    ("value", "kmh"),
    [
        ("40", 40.0),
        ("40 km/h", 40.0),
        ("30 mph", 48.3),
        ("CN:urban", None),
        (None, None),
        ("60;40", 60.0),
    ],
)
def test_speed_limits(value, kmh):
    assert parse_maxspeed(value) == kmh


def test_missing_and_broken_files_are_named(tmp_path):
    with pytest.raises(DemoDataError, match="OSM extract not found") as caught:
        read_osm_extract(tmp_path / "absent.osm")
    assert str(tmp_path / "absent.osm") in str(caught.value)
    not_osm = tmp_path / "page.osm"
    not_osm.write_text("<html/>", encoding="utf-8")
    with pytest.raises(DemoDataError, match="not OpenStreetMap XML"):
        read_osm_extract(not_osm)
    with pytest.raises(DemoDataError, match="OSM extract not found"):
        read_osm_extract(tmp_path)  # a folder is not an extract


def test_the_default_extract_parses_quickly_into_roads_and_places():
    extract = read_osm_extract(default_osm_extract())
    assert len(extract.nodes) > 10_000 and extract.building_count > 1000
    network = build_road_network(extract)
    assert len(network.main_component) > 0.8 * len(network.nodes)


def _lattice(tmp_path: Path) -> Path:
    """A made-up 1.2 km square town: 7 x 7 named streets, every third one a main road."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<osm version="0.6">']
    step = 0.002
    node = lambda i, j: 1000 + i * 10 + j  # noqa: E731
    for i in range(7):
        for j in range(7):
            lines.append(
                f'<node id="{node(i, j)}" lon="{121.0 + i * step:.4f}" lat="{31.0 + j * step:.4f}"/>'
            )
    way = 1
    for k in range(7):
        cls = "primary" if k % 3 == 0 else "residential"
        for name, refs in (
            (f"东西{k + 1}路", [node(i, k) for i in range(7)]),
            (f"南北{k + 1}路", [node(k, j) for j in range(7)]),
        ):
            nds = "".join(f'<nd ref="{r}"/>' for r in refs)
            lines.append(
                f'<way id="{way}">{nds}<tag k="highway" v="{cls}"/><tag k="name" v="{name}"/></way>'
            )
            way += 1
    lines.append("</osm>")
    path = tmp_path / "town.osm"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def test_any_extract_makes_a_station_even_without_key_places(tmp_path):
    random.seed(12345)
    global_state = random.getstate()
    categories = {
        r["code"]: CategoryInfo(Priority(r["default_priority"]), r["police_matter"])
        for r in category_rows()
    }
    plan = plan_station(
        read_osm_extract(_lattice(tmp_path)),
        seed=7,
        now=datetime(2026, 5, 1, 4, 0, tzinfo=UTC),
        categories=categories,
        duty_user_id=None,
    )
    assert plan.station_name.endswith("路派出所")  # named after its longest main road
    assert len(plan.grids) >= 6 and not plan.key_places
    assert len(plan.addresses) > 300
    assert len(plan.units) == 20 and 100 <= len(plan.officers) <= 140
    open_now = [i for i in plan.incidents if i["status"] in ("received", "dispatched", "on_scene")]
    assert 6 <= len(open_now) <= 15
    assert random.getstate() == global_state  # only its own generators, never the global one


def test_grid_ordinals_read_as_chinese_numbers():
    ordinals = [chinese_ordinal(n) for n in (1, 6, 9, 10, 11, 20, 21)]
    assert ordinals == ["一", "六", "九", "十", "十一", "二十", "二十一"]


@pytest.mark.parametrize(
    ("tags", "message"),
    [
        ('<tag k="highway" v="footway"/><tag k="name" v="步行道"/>', "no drivable roads"),
        ('<tag k="highway" v="residential"/>', "no named streets"),
    ],
)
def test_an_extract_without_usable_streets_is_refused(tmp_path, tags, message):
    path = tmp_path / "empty.osm"
    path.write_text(
        '<osm version="0.6"><node id="1" lon="118.78" lat="32.04"/>'
        '<node id="2" lon="118.79" lat="32.04"/><node id="3" lon="118.79" lat="32.05"/>'
        f'<way id="9"><nd ref="1"/><nd ref="2"/><nd ref="3"/>{tags}</way></osm>',
        encoding="utf-8",
    )
    with pytest.raises(DemoDataError, match=message):
        plan_station(
            read_osm_extract(path),
            seed=1,
            now=datetime(2026, 5, 1, tzinfo=UTC),
            categories={},
            duty_user_id=None,
        )
