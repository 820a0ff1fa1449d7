"""Dispatch on a real store (SQLite and PostgreSQL): recommendation by true road times,
the whole life of an incident through its units, refusals and races."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from console.domain.clock import FixedClock
from console.domain.incidents import IncidentStatus
from console.domain.recommend import Tier
from console.domain.unit_alerts import CoverageLevel
from console.domain.units import DISPATCHABLE_STATUSES, UnitStatus
from console.services.dispatch import (
    close_incident,
    dispatch,
    recommend_units,
    request_branch_support,
    unit_arrived,
    unit_cleared,
)
from console.services.station import open_station
from console.services.unit_board import grid_coverage
from console.services.unit_of_work import ConflictError, ServiceError
from console.services.unit_queries import unit_summaries
from console.services.unit_status import set_unit_status
from console.store.models import Assignment, Incident, IncidentEvent, Unit
from tests.support.road_station import SECONDS_TO_E, WALKING_SECONDS_TO_E, add_roads
from tests.support.station_factory import NOW, build_small_station

URGENT_FIGHT, NEIGHBOURS, LOCKOUT = 0, 1, 2  # open incidents of the small station, by index


@pytest.fixture
def station(store_url):
    small = build_small_station(store_url)
    return add_roads(store_url, small)


@pytest.fixture
def ctx(station):
    context = open_station(station.url, clock=FixedClock(NOW))
    yield context
    context.close()


def version(ctx, unit_id: int) -> int:
    return unit_summaries(ctx, [unit_id])[unit_id].version


def incident_row(ctx, incident_id: int) -> Incident:
    with ctx.reading() as s:
        inc = s.get(Incident, incident_id)
        s.expunge(inc)
        return inc


def unit_row(ctx, unit_id: int) -> Unit:
    with ctx.reading() as s:
        unit = s.get(Unit, unit_id)
        s.expunge(unit)
        return unit


def test_recommendation_order_is_the_order_of_true_road_times(ctx, station):
    incident_id = station.small.open_incident_ids[LOCKOUT]  # default card: any one unit
    rec = recommend_units(ctx, incident_id).recommendation
    true_seconds = {
        "巡01": SECONDS_TO_E["A"],  # cars drive, one-way streets and all
        "巡02": SECONDS_TO_E["C"],
        "步03": WALKING_SECONDS_TO_E["D"],  # the foot patrol walks
    }
    assert [s.call_sign for s in rec.suggestions] == sorted(true_seconds, key=true_seconds.get)
    assert [s.call_sign for s in rec.suggestions] == ["巡02", "巡01", "步03"]
    for s in rec.suggestions:
        assert s.eta_s == pytest.approx(true_seconds[s.call_sign], abs=0.01)
        assert s.distance_m > 0
    assert [s.in_team for s in rec.suggestions] == [True, False, False]
    assert rec.seconds_left is None  # 非紧急: by appointment
    assert not rec.offer_branch


def test_run_card_filters_kinds_and_fills_skill_needs(ctx, station):
    # 纠纷: one car group; the foot patrol is left out.
    rec = recommend_units(ctx, station.small.open_incident_ids[NEIGHBOURS]).recommendation
    assert [s.call_sign for s in rec.suggestions] == ["巡02", "巡01"]
    assert rec.excluded == {"kind": 1}
    # 打架斗殴 with a knife in the narrative: two units, one armed (巡01, the slowest).
    fight = station.small.open_incident_ids[URGENT_FIGHT]
    with ctx.writing() as s, s.begin():
        s.get(Incident, fight).narrative = "两人打架，一人持刀"
    rec = recommend_units(ctx, fight).recommendation
    team = rec.team
    assert {t.call_sign for t in team} == {"巡01", "巡02"}
    armed = next(t for t in team if t.call_sign == "巡01")
    assert armed.skills_matched == ("armed",) and armed.tier == Tier.SPECIALIST
    # Urgent: five minutes from 14:26; at 14:30 one minute is left and nobody is that close.
    assert rec.seconds_left == pytest.approx(60)
    assert [s.meets_deadline for s in rec.suggestions] == [True, False, False]


def test_no_unit_in_time_offers_the_branch(ctx, station):
    fight = station.small.open_incident_ids[URGENT_FIGHT]
    ctx.clock.advance(timedelta(minutes=2))  # the deadline has passed
    rec = recommend_units(ctx, fight).recommendation
    assert rec.none_in_time and rec.offer_branch
    changes = request_branch_support(ctx, fight, "无警力可在时限内到达")
    assert changes.ids("incident") == {str(fight)}
    with ctx.reading() as s:
        kinds = list(
            s.scalars(select(IncidentEvent.kind).where(IncidentEvent.incident_id == fight))
        )
    assert "branch_requested" in kinds


def test_a_whole_incident_moves_its_units_automatically(ctx, station):
    incident_id = station.small.open_incident_ids[NEIGHBOURS]
    car1, car2 = station.unit_ids["巡02"], station.unit_ids["巡01"]

    result = dispatch(ctx, incident_id, car1, expected_unit_version=version(ctx, car1))
    assert result.changes.touches("assignment")
    assert result.changes.ids("unit") == {str(car1)}
    assert result.changes.ids("incident") == {str(incident_id)}
    inc = incident_row(ctx, incident_id)
    assert (inc.status, inc.first_dispatched_at) == (IncidentStatus.DISPATCHED.value, NOW)
    unit = unit_row(ctx, car1)
    assert (unit.status, unit.current_incident_id) == ("dispatched", incident_id)

    ctx.clock.advance(timedelta(seconds=40))
    set_unit_status(ctx, car1, UnitStatus.EN_ROUTE, expected_version=version(ctx, car1))
    assert unit_row(ctx, car1).current_incident_id == incident_id

    ctx.clock.advance(timedelta(minutes=3))
    arrived_at = ctx.clock.now()
    unit_arrived(ctx, car1, expected_version=version(ctx, car1))
    inc = incident_row(ctx, incident_id)
    assert (inc.status, inc.first_arrived_at) == ("on_scene", arrived_at)
    assert unit_row(ctx, car1).status == "on_scene"

    # Reinforcement in tier 2: the incident stays on scene, its first dispatch unchanged.
    ctx.clock.advance(timedelta(minutes=1))
    dispatch(ctx, incident_id, car2, tier=Tier.SPECIALIST, expected_unit_version=version(ctx, car2))
    inc = incident_row(ctx, incident_id)
    assert (inc.status, inc.first_dispatched_at) == ("on_scene", NOW)

    ctx.clock.advance(timedelta(minutes=10))
    unit_cleared(ctx, car1)
    assert (unit_row(ctx, car1).status, unit_row(ctx, car1).current_incident_id) == (
        "available",
        None,
    )
    close_incident(ctx, incident_id, "mediated")
    assert incident_row(ctx, incident_id).status == "closed"
    assert (unit_row(ctx, car2).status, unit_row(ctx, car2).current_incident_id) == (
        "available",
        None,
    )
    with ctx.reading() as s:
        rows = {
            a.unit_id: a
            for a in s.scalars(select(Assignment).where(Assignment.incident_id == incident_id))
        }
        kinds = list(
            s.scalars(
                select(IncidentEvent.kind)
                .where(IncidentEvent.incident_id == incident_id)
                .order_by(IncidentEvent.id)
            )
        )
    assert rows[car1].tier == 1 and rows[car1].arrived_at == arrived_at
    assert rows[car1].cleared_at is not None
    assert rows[car2].tier == 2 and rows[car2].cancelled_at is not None  # stood down en route
    assert kinds == ["dispatched", "on_scene", "unit_dispatched", "unit_cleared", "closed"]


def test_clearing_the_only_unit_before_arrival_returns_the_incident_to_the_queue(ctx, station):
    incident_id = station.small.open_incident_ids[LOCKOUT]
    unit_id = station.unit_ids["步03"]
    dispatch(ctx, incident_id, unit_id, expected_unit_version=version(ctx, unit_id))
    set_unit_status(ctx, unit_id, UnitStatus.AVAILABLE, expected_version=version(ctx, unit_id))
    assert incident_row(ctx, incident_id).status == "received"
    assert unit_row(ctx, unit_id).current_incident_id is None


@pytest.mark.parametrize(
    "status", sorted(set(UnitStatus) - DISPATCHABLE_STATUSES, key=list(UnitStatus).index)
)
def test_units_in_other_statuses_cannot_be_dispatched(ctx, station, status):
    unit_id = station.unit_ids["巡02"]
    with ctx.writing() as s, s.begin():
        s.get(Unit, unit_id).status = status.value
    incident_id = station.small.open_incident_ids[LOCKOUT]
    rec = recommend_units(ctx, incident_id).recommendation
    assert "巡02" not in [s.call_sign for s in rec.suggestions]
    with pytest.raises(ServiceError) as refused:
        dispatch(ctx, incident_id, unit_id, expected_unit_version=version(ctx, unit_id))
    assert "cannot be dispatched" in str(refused.value)
    assert incident_row(ctx, incident_id).status == "received"


def test_the_second_workstation_loses_the_race_with_a_clear_message(ctx, station):
    unit_id = station.unit_ids["巡02"]
    seen = version(ctx, unit_id)  # both workstations read the same recommendation
    a, b = station.small.open_incident_ids[LOCKOUT], station.small.open_incident_ids[NEIGHBOURS]
    other = open_station(station.url, clock=FixedClock(NOW))
    try:
        dispatch(other, a, unit_id, expected_unit_version=seen)
    finally:
        other.close()
    with pytest.raises(ConflictError) as lost:
        dispatch(ctx, b, unit_id, expected_unit_version=seen)
    assert "巡02" in str(lost.value) and "fresh recommendation" in str(lost.value)
    assert incident_row(ctx, b).status == "received"
    assert unit_row(ctx, unit_id).current_incident_id == a


def test_coverage_follows_status_changes(ctx, station):
    grid1, grid2 = station.small.grid_ids
    # 巡01 and 步03 live in grid 1, 巡02 in grid 2; every grid wants two.
    levels = {c.grid_id: (c.available, c.level) for c in grid_coverage(ctx)}
    assert levels == {grid1: (2, CoverageLevel.THIN), grid2: (1, CoverageLevel.SHORT)}
    unit_id = station.unit_ids["巡02"]
    dispatch(
        ctx,
        station.small.open_incident_ids[LOCKOUT],
        unit_id,
        expected_unit_version=version(ctx, unit_id),
    )
    levels = {c.grid_id: c.level for c in grid_coverage(ctx)}
    assert levels[grid2] is CoverageLevel.NONE


def test_on_scene_key_on_the_board_is_an_arrival(ctx, station):
    incident_id = station.small.open_incident_ids[NEIGHBOURS]
    unit_id = station.unit_ids["巡02"]
    dispatch(ctx, incident_id, unit_id, expected_unit_version=version(ctx, unit_id))
    ctx.clock.advance(timedelta(minutes=4))
    set_unit_status(ctx, unit_id, UnitStatus.ON_SCENE, expected_version=version(ctx, unit_id))
    inc = incident_row(ctx, incident_id)
    assert (inc.status, inc.first_arrived_at) == ("on_scene", ctx.clock.now())
    with ctx.reading() as s:
        arrived = s.scalar(select(Assignment.arrived_at).where(Assignment.unit_id == unit_id))
    assert arrived == ctx.clock.now()
    # 备勤 by hand clears it from the incident; the incident stays on scene until closed.
    set_unit_status(ctx, unit_id, UnitStatus.AVAILABLE, expected_version=version(ctx, unit_id))
    assert unit_row(ctx, unit_id).current_incident_id is None
    assert incident_row(ctx, incident_id).status == "on_scene"


def test_arrival_puts_the_unit_at_the_scene(ctx, station):
    incident_id = station.small.open_incident_ids[NEIGHBOURS]
    unit_id = station.unit_ids["巡02"]
    inc = incident_row(ctx, incident_id)
    dispatch(ctx, incident_id, unit_id, expected_unit_version=version(ctx, unit_id))
    assert (unit_row(ctx, unit_id).lon, unit_row(ctx, unit_id).lat) != (inc.lon, inc.lat)
    ctx.clock.advance(timedelta(minutes=4))
    changes = unit_arrived(ctx, unit_id, expected_version=version(ctx, unit_id))
    unit = unit_row(ctx, unit_id)
    assert (unit.lon, unit.lat, unit.position_at) == (inc.lon, inc.lat, ctx.clock.now())
    assert changes.ids("unit") == {str(unit_id)}


def test_a_position_newer_than_the_arrival_stays(ctx, station):
    from console.services.unit_positions import PositionReport, report_positions

    incident_id = station.small.open_incident_ids[NEIGHBOURS]
    unit_id = station.unit_ids["巡02"]
    dispatch(ctx, incident_id, unit_id, expected_unit_version=version(ctx, unit_id))
    ctx.clock.advance(timedelta(minutes=4))
    # The terminal's clock is a little ahead: its report is stamped after the arrival.
    later = ctx.clock.now() + timedelta(seconds=20)
    report_positions(ctx, [PositionReport(unit_id, 118.7901, 32.0401, later, 90.0)])
    unit_arrived(ctx, unit_id, expected_version=version(ctx, unit_id))
    unit = unit_row(ctx, unit_id)
    assert (unit.lon, unit.lat, unit.position_at) == (118.7901, 32.0401, later)
    assert unit.status == "on_scene"


@pytest.mark.parametrize("action", ["close", "transfer"])
def test_closing_or_transferring_through_the_incident_pane_frees_its_units(ctx, station, action):
    from console.domain.lifecycle import IncidentAction
    from console.services.incident_lifecycle import change_status

    incident_id = station.small.open_incident_ids[URGENT_FIGHT]
    unit_id = station.small.unit_ids[0]
    dispatch(ctx, incident_id, unit_id, expected_unit_version=version(ctx, unit_id))
    unit_arrived(ctx, unit_id)
    kwargs = {"disposition": "mediated"} if action == "close" else {"squad": "刑侦"}
    change_status(
        ctx,
        incident_id,
        IncidentAction(action),
        expected_version=incident_row(ctx, incident_id).version,
        **kwargs,
    )
    unit = unit_row(ctx, unit_id)
    assert (unit.status, unit.current_incident_id) == (UnitStatus.AVAILABLE.value, None)
    with ctx.reading() as s:
        assignment = s.scalars(
            select(Assignment).where(Assignment.incident_id == incident_id)
        ).one()
    assert assignment.arrived_at is not None and assignment.cleared_at is not None
