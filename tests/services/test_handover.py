"""Handover (交接班) on both backends: the report, the two confirmations in order by two
users (the incoming one proven by their own password, then acting at the workstation),
refusals by role, password and order, the optimistic version, and the prompt's view of
the due change."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from console.domain.clock import FixedClock
from console.domain.incidents import IncidentStatus
from console.domain.people import UserRole
from console.services.accounts import SIGN_IN_REFUSED, authenticate, hash_password
from console.services.handover import (
    confirm_incoming,
    confirm_outgoing,
    handover_due,
    handover_users,
    open_handover,
    save_notes,
)
from console.services.station import open_station
from console.services.unit_of_work import ConflictError, ServiceError
from console.store.models import AppUser, AuditEntry, Change, Handover, Incident
from tests.support.duty_station import TODAY, add_roster, add_shift_types_and_user
from tests.support.station_factory import NOW, build_small_station

NANJING = ZoneInfo("Asia/Shanghai")
EVENING = NOW.replace(hour=11, minute=50)  # 19:50 in Nanjing: ten minutes to the change
INCOMING_PASSWORD = "night-shift-2026"
DUTY_PASSWORD = "day-shift-2026"
ADMIN_PASSWORD = "admin-pass-2026"


@pytest.fixture
def station(store_url):
    small = build_small_station(store_url)
    duty = add_shift_types_and_user(store_url)
    add_roster(
        store_url,
        duty,
        [
            ("王建国", TODAY, "day", "street", "巡01"),
            ("刘洋", TODAY, "night", "street", "巡01"),
            ("张伟", TODAY, "night", "commander", None),
        ],
    )
    clock = FixedClock(EVENING)
    ctx = open_station(store_url, clock=clock)
    with ctx.writing() as s, s.begin():
        s.get(AppUser, duty.second_user_id).password_hash = hash_password(INCOMING_PASSWORD)
        s.get(AppUser, ctx.actor.user_id).password_hash = hash_password(DUTY_PASSWORD)
        s.add(
            AppUser(
                username="it",
                display_name="信息员",
                role=UserRole.ADMIN.value,
                password_hash=hash_password(ADMIN_PASSWORD),
            )
        )
    # The closed incident of the small station was closed at 17:00 and not called back.
    with ctx.writing() as s, s.begin():
        s.get(Incident, small.closed_incident_ids[0]).closed_at = NOW + timedelta(
            hours=2, minutes=30
        )
    yield small, duty, ctx, clock
    ctx.close()


def evening_change():
    return EVENING.replace(hour=12, minute=0)  # 20:00 in Nanjing


def take_over(ctx, version, username="duty2", password=INCOMING_PASSWORD):
    return confirm_incoming(ctx, evening_change(), version, username=username, password=password)


def written(ctx):
    with ctx.reading() as s:
        return (
            s.scalar(select(Handover.version)),
            len(list(s.scalars(select(AuditEntry.id)))),
            len(list(s.scalars(select(Change.seq)))),
        )


def test_the_change_due_is_the_next_within_15_minutes_else_the_last(station):
    _, _, ctx, clock = station
    due = handover_due(ctx)
    assert due.upcoming and due.shift_start == evening_change()
    assert due.incoming_shift.code == "night" and due.needs_attention
    clock.advance(timedelta(minutes=-10))  # 19:40: 20 minutes ahead, so the 08:00 change
    due = handover_due(ctx)
    assert not due.upcoming and due.incoming_shift.code == "day"
    assert due.shift_start.astimezone(NANJING).hour == 8


def test_the_report_lists_open_incidents_units_counts_and_callbacks_due(station):
    small, _, ctx, _ = station
    view = open_handover(ctx)
    assert view.id is None and view.version == 0  # a fresh report, not stored yet
    report = view.report
    assert (view.outgoing_shift.code, view.incoming_shift.code) == ("day", "night")
    numbers = [i["number"] for i in report["open_incidents"]]
    assert numbers == ["20261122-0003", "20261122-0001", "20261122-0002"]  # most urgent first
    first = report["open_incidents"][0]
    assert first["status"] == IncidentStatus.RECEIVED.value and first["priority"] == "urgent"
    assert first["age_s"] == (4 + 5 * 60 + 20) * 60  # received 14:26, now 19:50
    assert first["deadline"] is not None and first["units"] == []
    units = {u["call_sign"]: u for u in report["units"]}
    assert units["巡01"]["crew"] == ["王建国", "李明"]
    assert units["巡01"]["incoming_crew"] == ["刘洋"]  # the night's roster
    assert [c["number"] for c in report["not_called_back"]] == ["20261122-0004"]
    counts = report["counts"]
    assert counts["open_incidents"] == 3 and counts["not_called_back"] == 1
    assert counts["units_by_status"] == {"available": 2, "patrolling": 1}
    assert counts["overdue"] == 2  # the lockout (非紧急) is by appointment: no deadline


def test_outgoing_then_incoming_confirm_with_notes_audit_and_changes(station):
    _, duty, ctx, clock = station
    view = save_notes(ctx, evening_change(), "巡02 车辆故障", None)
    assert view.id is not None and view.version == 1 and view.notes == "巡02 车辆故障"
    clock.advance(timedelta(minutes=3))
    view = confirm_outgoing(ctx, evening_change(), "巡02 车辆故障，已报修", view.version)
    assert view.version == 2 and view.outgoing_user == "值班员"
    assert view.outgoing_confirmed_at == clock.now()
    assert view.notes == "巡02 车辆故障，已报修"
    outgoing_id = ctx.actor.user_id
    clock.advance(timedelta(minutes=9))
    view = take_over(ctx, view.version)
    assert view.complete and view.incoming_user == "接班员" and view.version == 3
    # The workstation acts as the incoming officer from now on.
    assert (ctx.actor.user_id, ctx.actor.username) == (duty.second_user_id, "duty2")
    assert open_handover(ctx, evening_change()) == view  # stored, read back the same
    due = handover_due(ctx)
    assert due.outgoing_confirmed and due.incoming_confirmed and not due.needs_attention
    with ctx.reading() as s:
        actions = list(
            s.scalars(
                select(AuditEntry.action)
                .where(AuditEntry.entity == "handover")
                .order_by(AuditEntry.id)
            )
        )
        changes = list(s.scalars(select(Change.kind).where(Change.entity == "handover")))
        row = s.scalar(select(Handover))
    assert actions == [
        "handover.notes",
        "handover.confirm_outgoing",
        "handover.confirm_incoming",
    ]
    assert changes == ["insert", "update", "update"]
    assert row.outgoing_user_id == outgoing_id
    assert row.incoming_user_id == duty.second_user_id
    with ctx.reading() as s:
        taken, signed_in = s.execute(
            select(AuditEntry.actor_user_id, AuditEntry.action, AuditEntry.detail)
            .where(AuditEntry.action.in_(["handover.confirm_incoming", "user.sign_in"]))
            .order_by(AuditEntry.id)
        ).all()
    assert taken.actor_user_id == duty.second_user_id  # audited under the incoming officer
    assert signed_in.actor_user_id == duty.second_user_id
    assert signed_in.detail == {"previous": "duty", "reason": f"handover {row.id}"}
    assert row.report["open_incidents"][0]["number"] == "20261122-0003"


def test_refusals_out_of_order_twice_same_user_and_stale_versions(station):
    _, duty, ctx, _ = station
    with pytest.raises(ServiceError, match="outgoing officer confirms the handover first"):
        take_over(ctx, 1)
    view = save_notes(ctx, evening_change(), "", None)
    with pytest.raises(ServiceError, match="outgoing officer confirms the handover first"):
        take_over(ctx, view.version)
    assert ctx.actor.username == "duty"  # refused: the workstation still acts as before
    with pytest.raises(ConflictError):
        save_notes(ctx, evening_change(), "late edit", None)  # it exists: a version is due
    with pytest.raises(ConflictError):
        confirm_outgoing(ctx, evening_change(), "", view.version + 5)
    view = confirm_outgoing(ctx, evening_change(), "", view.version)
    with pytest.raises(ServiceError, match="already confirmed this handover; it can no longer"):
        confirm_outgoing(ctx, evening_change(), "again", view.version)
    with pytest.raises(ServiceError, match="someone other than the outgoing officer"):
        take_over(ctx, view.version, "duty", DUTY_PASSWORD)  # the outgoing officer again
    view = take_over(ctx, view.version)
    with pytest.raises(ServiceError, match="incoming officer has already confirmed"):
        take_over(ctx, view.version)
    with ctx.reading() as s:
        assert s.scalar(select(Handover.version)) == 3  # refusals wrote nothing


def test_two_workstations_racing_to_create_one_handover_get_one_winner(station):
    _, _, ctx, _ = station
    url = ctx.engine.url.render_as_string(hide_password=False)
    other = open_station(url, clock=FixedClock(EVENING))
    try:
        save_notes(ctx, evening_change(), "mine", None)
        with pytest.raises(ConflictError):
            save_notes(other, evening_change(), "theirs", None)
    finally:
        other.close()
    assert open_handover(ctx, evening_change()).notes == "mine"


def test_users_to_choose_the_incoming_officer_from(station):
    _, duty, ctx, _ = station
    users = {u.display_name: (u.id, u.username) for u in handover_users(ctx)}
    assert users["接班员"] == (duty.second_user_id, "duty2") and "值班员" in users
    assert "信息员" not in users  # an administrator does not take over a shift


@pytest.mark.parametrize(
    "username, password",
    [
        ("duty2", "wrong-password"),  # a wrong password
        ("duty2", ""),  # none at all
        ("nobody", INCOMING_PASSWORD),  # a user who does not exist
    ],
)
def test_an_incoming_officer_without_their_password_takes_over_nothing(station, username, password):
    _, _, ctx, _ = station
    view = confirm_outgoing(ctx, evening_change(), "", None)
    before = written(ctx)
    with pytest.raises(ServiceError) as refused:
        take_over(ctx, view.version, username, password)
    assert refused.value.template == SIGN_IN_REFUSED  # one message: it never says which
    assert written(ctx) == before  # nothing stored, not even an audit entry
    assert ctx.actor.username == "duty"
    assert not open_handover(ctx, evening_change()).complete


def test_only_duty_roles_hand_over_or_take_over(station):
    _, _, ctx, _ = station
    admin = open_station(ctx.engine.url.render_as_string(hide_password=False), clock=ctx.clock)
    try:
        admin.actor = authenticate(admin, "it", ADMIN_PASSWORD)
        before = written(ctx)
        for write in (
            lambda: save_notes(admin, evening_change(), "x", None),
            lambda: confirm_outgoing(admin, evening_change(), "x", None),
        ):
            with pytest.raises(ServiceError) as refused:
                write()
            assert refused.value.template == (
                "Only a duty officer, the duty commander or the station chief can hand over "
                "a shift."
            )
        assert written(ctx) == before
    finally:
        admin.close()
    view = confirm_outgoing(ctx, evening_change(), "", None)
    before = written(ctx)
    with pytest.raises(ServiceError, match="can take over a shift; 信息员 cannot"):
        take_over(ctx, view.version, "it", ADMIN_PASSWORD)
    assert written(ctx) == before and ctx.actor.username == "duty"
