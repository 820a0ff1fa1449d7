"""Every model round-trips on both backends; times come back aware and in UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, StatementError

from console.store.engine import make_engine, normalise_url, session_factory
from console.store.models import (
    AppUser,
    Assignment,
    Base,
    Incident,
    IncidentEvent,
    KeyPlace,
    RoadNode,
    RoadSegment,
    Roster,
    RosterEntry,
    ShiftType,
    StandardAddress,
    Station,
    Unit,
)
from tests.support.station_factory import NOW, build_small_station


@pytest.fixture
def session(store_url):
    build_small_station(store_url)
    engine = make_engine(normalise_url(store_url))
    with session_factory(engine)() as s:
        yield s
    engine.dispose()


def test_round_trip_of_every_model(session):
    s = session
    station = s.scalars(select(Station)).one()
    branch = Station(code="B01", name="玄武分局", level="branch")
    s.add(branch)
    s.flush()
    station.parent_id = branch.id
    a, b = (
        RoadNode(station_id=station.id, lon=118.78, lat=32.04),
        RoadNode(station_id=station.id, lon=118.79, lat=32.04),
    )
    s.add_all([a, b])
    s.flush()
    s.add(
        RoadSegment(
            station_id=station.id,
            from_node_id=a.id,
            to_node_id=b.id,
            name="中山路",
            road_class="primary",
            oneway=True,
            length_m=944.5,
            geometry=[[118.78, 32.04], [118.79, 32.04]],
        )
    )
    s.add(
        KeyPlace(
            station_id=station.id, kind="school", name="南京市第一中学", lon=118.781, lat=32.041
        )
    )
    s.add(
        StandardAddress(
            station_id=station.id,
            text="中山路18号",
            normalised_text="中山路18",
            street="中山路",
            house_number="18",
            lon=118.782,
            lat=32.04,
        )
    )
    user = AppUser(username="chief", display_name="所长", role="chief")
    shift = ShiftType(
        station_id=station.id, code="D", name="白班", start_minute=480, duration_min=720
    )
    s.add_all([user, shift])
    s.flush()
    incident = s.scalars(select(Incident).order_by(Incident.id)).first()
    unit = s.scalars(select(Unit).order_by(Unit.id)).first()
    ordered = NOW.astimezone(timezone(timedelta(hours=8)))  # stored from any zone, read back as UTC
    s.add(
        Assignment(
            incident_id=incident.id,
            unit_id=unit.id,
            tier=1,
            ordered_at=ordered,
            ordered_by_user_id=user.id,
        )
    )
    s.add(
        IncidentEvent(
            incident_id=incident.id,
            at=NOW,
            kind="status",
            from_status="received",
            to_status="dispatched",
            actor_user_id=user.id,
            detail={"unit": "巡01"},
        )
    )
    roster = Roster(
        station_id=station.id,
        name="十二月",
        start_date=date(2026, 12, 1),
        end_date=date(2026, 12, 31),
    )
    s.add(roster)
    s.flush()
    s.add(
        RosterEntry(
            roster_id=roster.id,
            officer_id=1,
            day=date(2026, 12, 1),
            shift_type_id=shift.id,
            post="street",
        )
    )
    s.commit()
    s.expunge_all()

    assert s.scalars(select(Station).where(Station.code == "T01")).one().parent.name == "玄武分局"
    seg = s.scalars(select(RoadSegment)).one()
    assert (seg.name, seg.oneway, seg.geometry) == (
        "中山路",
        True,
        [[118.78, 32.04], [118.79, 32.04]],
    )
    assignment = s.scalars(select(Assignment)).one()
    assert assignment.ordered_at == NOW and assignment.ordered_at.tzinfo is not None
    assert assignment.ordered_at.utcoffset() == timedelta(0)
    event = s.scalars(select(IncidentEvent)).one()
    assert event.detail == {"unit": "巡01"} and event.at == NOW
    assert s.scalars(select(Roster)).one().entries[0].day == date(2026, 12, 1)
    inc = s.get(Incident, incident.id)
    assert inc.received_at.tzinfo is UTC and inc.arrival_deadline - inc.received_at == timedelta(
        minutes=5
    )
    assert [e.to_status for e in inc.events] == ["dispatched"]


def test_naive_times_are_refused(session):
    unit = session.scalars(select(Unit)).first()
    unit.status_since = datetime(2026, 11, 22, 8, 0)  # no zone
    with pytest.raises(StatementError, match="naive datetime"):
        session.flush()


def test_check_constraints_hold_on_both_backends(session):
    unit = session.scalars(select(Unit)).first()
    unit.status = "asleep"
    with pytest.raises(IntegrityError):
        session.flush()


def test_sensitive_columns_are_marked():
    sensitive = {
        f"{t.name}.{c.name}"
        for t in Base.metadata.tables.values()
        for c in t.columns
        if c.info.get("sensitive")
    }
    assert {
        "officer.phone",
        "officer.home_address",
        "incident.caller_phone",
        "incident.caller_name",
    } <= sensitive
