"""Building the demo: deterministic for a seed, refused twice, clear about a bad extract."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import insert, select

from console.demo import DemoDataError
from console.demo.builder import build_demo_station, reference_time
from console.demo.history import CategoryInfo
from console.demo.osm_extract import read_osm_extract
from console.demo.plan import plan_station
from console.domain.incidents import Priority
from console.paths import default_osm_extract
from console.store.engine import make_engine, normalise_url, session_factory, writer
from console.store.models import (
    Category,
    Grid,
    Incident,
    Officer,
    RoadSegment,
    StandardAddress,
)

from .conftest import store_digest


def test_same_seed_and_moment_build_the_same_station(
    demo_store, demo_digest, demo_now, empty_sqlite_url
):
    _, report = demo_store
    assert build_demo_station(empty_sqlite_url, seed=1, now=demo_now) == report
    assert store_digest(empty_sqlite_url) == demo_digest


def test_another_seed_plans_another_station(demo_engine, demo_now):
    # Planning is the whole build without the store: same map, other people and history.
    with demo_engine.connect() as conn:
        categories = {
            code: CategoryInfo(Priority(priority), police)
            for code, priority, police in conn.execute(
                select(Category.code, Category.default_priority, Category.police_matter)
            )
        }
        segments = conn.execute(select(RoadSegment.__table__).order_by(RoadSegment.id)).all()
        officers = set(conn.scalars(select(Officer.name)))
        addresses = set(conn.scalars(select(StandardAddress.text)))
        incidents = conn.execute(select(Incident.received_at, Incident.category_code)).all()
    other = plan_station(
        read_osm_extract(default_osm_extract()),
        seed=2,
        now=demo_now,
        categories=categories,
        duty_user_id=1,
    )
    assert [tuple(r.values()) for r in other.road_segments] == [tuple(r) for r in segments]
    assert len(officers & {o["name"] for o in other.officers}) < 20
    assert addresses != {a["text"] for a in other.addresses}
    assert set(incidents) != {(i["received_at"], i["category_code"]) for i in other.incidents}


def test_a_store_holding_a_station_is_refused_and_left_unchanged(demo_store, demo_digest, demo_now):
    url, _ = demo_store
    with pytest.raises(DemoDataError, match="already holds a station"):
        build_demo_station(url, seed=3, now=demo_now + timedelta(days=1))
    assert store_digest(url) == demo_digest


def test_a_missing_extract_is_named_and_creates_nothing(tmp_path, demo_now):
    missing = tmp_path / "nowhere" / "jurisdiction.osm"
    store = tmp_path / "store.sqlite3"
    with pytest.raises(DemoDataError, match="OSM extract not found") as caught:
        build_demo_station(f"sqlite:///{store}", osm_path=missing, now=demo_now)
    assert str(missing) in str(caught.value)
    assert not store.exists()


@pytest.mark.parametrize(
    "content", [b"\x1f\x8b\x08\x00 not xml at all", b"<html><body>not osm</body></html>", b""]
)
def test_an_unreadable_extract_is_named(tmp_path, demo_now, content):
    bad = tmp_path / "broken.osm"
    bad.write_bytes(content)
    with pytest.raises(DemoDataError, match="OSM extract") as caught:
        build_demo_station(f"sqlite:///{tmp_path / 's.sqlite3'}", osm_path=bad, now=demo_now)
    assert str(bad) in str(caught.value)


def test_the_default_extract_comes_from_the_geodata_folder(monkeypatch, tmp_path, demo_now):
    monkeypatch.setenv("CONSOLE_GEODATA", str(tmp_path / "no-geodata"))
    with pytest.raises(DemoDataError, match=r"no-geodata.nanjing_xinjiekou\.osm"):
        build_demo_station(f"sqlite:///{tmp_path / 's.sqlite3'}", now=demo_now)


def test_reference_time_defaults_to_this_hour_and_refuses_naive_times():
    now = reference_time(None)
    assert now.tzinfo is not None and now.minute == now.second == now.microsecond == 0
    assert datetime.now(now.tzinfo) - now < timedelta(hours=1, minutes=1)
    with pytest.raises(ValueError, match="timezone-aware"):
        reference_time(datetime(2026, 1, 1, 8, 0))


@pytest.mark.postgres
def test_builds_the_same_station_on_postgresql(demo_store, demo_digest, demo_now, empty_pg_url):
    _, report = demo_store
    assert build_demo_station(empty_pg_url, seed=1, now=demo_now) == report
    assert store_digest(empty_pg_url) == demo_digest
    # Ids were given explicitly: the sequences must have moved past them.
    engine = make_engine(normalise_url(empty_pg_url))
    try:
        with session_factory(writer(engine)).begin() as s:
            template = s.scalars(select(Incident).order_by(Incident.id.desc()).limit(1)).one()
            row = {c.key: getattr(template, c.key) for c in Incident.__table__.c if c.key != "id"}
            row.update(number="29991231-0001", duplicate_of_id=None)
            new_id = s.execute(insert(Incident).returning(Incident.id), [row]).scalar_one()
            assert new_id == report.incidents + 1
            assert s.scalar(select(Grid.id).order_by(Grid.id.desc()).limit(1)) == report.grids
            s.rollback()
    finally:
        engine.dispose()


def test_osm_path_may_be_given_as_a_string(tmp_path, demo_now):
    # The CLI passes what the user typed; a str path works like a Path.
    missing = str(tmp_path / "x.osm")
    with pytest.raises(DemoDataError, match="x.osm"):
        build_demo_station(
            f"sqlite:///{tmp_path / 's.sqlite3'}", osm_path=Path(missing), now=demo_now
        )
