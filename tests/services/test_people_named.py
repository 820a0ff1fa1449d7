"""Who acted is named by name and 警号 on both backends (issue 14, item 9): the signed-in
actor, the incident timeline (the dispatch row names the unit), the handover's two
officers and the roster's approver; closing as 现场处置完毕 before any unit arrived is
refused."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from console.domain.clock import FixedClock
from console.domain.lifecycle import IncidentAction, TransitionRefused
from console.services.accounts import hash_password, list_users
from console.services.dispatch import dispatch
from console.services.handover import confirm_incoming, confirm_outgoing, handover_users
from console.services.incident_lifecycle import change_status, incident_detail
from console.services.rosters import list_rosters, load_roster
from console.services.station import open_station, station_summary
from console.store.models import AppUser, Incident, Officer, Roster, Unit
from tests.support.duty_station import TODAY, add_roster, add_shift_types_and_user
from tests.support.station_factory import NOW, build_small_station

EVENING = NOW.replace(hour=11, minute=50)  # 19:50 in Nanjing, ten minutes to the change
INCOMING_PASSWORD = "night-shift-2026"


@pytest.fixture
def station(store_url):
    small = build_small_station(store_url)
    duty = add_shift_types_and_user(store_url)
    roster_id = add_roster(store_url, duty, [("王建国", TODAY, "day", "street", "巡01")])
    ctx = open_station(store_url, clock=FixedClock(EVENING))
    with ctx.writing() as s, s.begin():
        badge = {o.name: o.id for o in s.scalars(select(Officer))}
        s.get(AppUser, ctx.actor.user_id).officer_id = badge["张伟"]
        second = s.get(AppUser, duty.second_user_id)
        second.officer_id = badge["刘洋"]
        second.password_hash = hash_password(INCOMING_PASSWORD)
        s.get(Roster, roster_id).approved_by_user_id = duty.second_user_id
    ctx.close()
    ctx = open_station(store_url, clock=FixedClock(EVENING))
    yield small, duty, ctx
    ctx.close()


def test_the_actor_is_the_officer_behind_the_account(station):
    _, _, ctx = station
    assert (ctx.actor.display_name, ctx.actor.badge) == ("张伟", "000002")
    summary = station_summary(ctx)
    assert (summary.actor_name, summary.actor_badge) == ("张伟", "000002")
    users = {u.username: (u.display_name, u.badge) for u in list_users(ctx)}
    assert users["duty"] == ("张伟", "000002") and users["duty2"] == ("刘洋", "000003")


def test_the_timeline_names_the_person_and_the_dispatched_unit(station):
    small, _, ctx = station
    incident_id = small.open_incident_ids[0]
    with ctx.reading() as s:
        unit = s.scalar(select(Unit).where(Unit.call_sign == "步03"))
        unit_id, version = unit.id, unit.version
    dispatch(ctx, incident_id, unit_id, expected_unit_version=version)
    row = next(e for e in incident_detail(ctx, incident_id).timeline if e.kind == "dispatched")
    assert (row.actor, row.actor_badge) == ("张伟", "000002")
    assert row.detail["call_sign"] == "步03"


def test_closing_as_handled_on_scene_needs_an_arrival(station):
    small, _, ctx = station
    with ctx.reading() as s:
        incident = s.get(Incident, small.open_incident_ids[0])
        assert incident.first_arrived_at is None
        incident_id, version = incident.id, incident.version
    with pytest.raises(TransitionRefused, match="No unit has arrived yet"):
        change_status(
            ctx, incident_id, IncidentAction.CLOSE, expected_version=version, disposition="resolved"
        )
    change_status(
        ctx, incident_id, IncidentAction.CLOSE, expected_version=version, disposition="advised"
    )
    assert incident_detail(ctx, incident_id).disposition_code == "advised"


def test_the_handover_names_both_officers_with_their_badges(station):
    _, _, ctx = station
    change = EVENING.replace(hour=12, minute=0)
    view = confirm_outgoing(ctx, change, "", None)
    assert (view.outgoing_user, view.outgoing_badge) == ("张伟", "000002")
    ctx.clock.advance(timedelta(minutes=5))
    view = confirm_incoming(ctx, change, view.version, username="duty2", password=INCOMING_PASSWORD)
    assert (view.incoming_user, view.incoming_badge) == ("刘洋", "000003")
    assert (ctx.actor.display_name, ctx.actor.badge) == ("刘洋", "000003")
    assert ("刘洋", "000003") in {(u.display_name, u.badge) for u in handover_users(ctx)}


def test_the_roster_names_its_approver_with_the_badge(station):
    _, _, ctx = station
    header = list_rosters(ctx)[0]
    assert (header.approved_by, header.approved_by_badge) == ("刘洋", "000003")
    loaded = load_roster(ctx, header.id).header
    assert (loaded.approved_by, loaded.approved_by_badge) == ("刘洋", "000003")


def test_an_account_without_an_officer_keeps_its_name_and_no_badge(store_url):
    build_small_station(store_url)
    ctx = open_station(store_url)
    try:
        assert (ctx.actor.display_name, ctx.actor.badge) == ("值班员", None)
    finally:
        ctx.close()
