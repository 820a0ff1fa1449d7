"""The run card's shortfall on both backends (issue 14, item 3): 打架斗殴 asks for two
units; one sent leaves the queue row and the recommendation at 1/2 until a second unit
goes or an officer waives the shortfall with a reason — a write the policy table allows
to 值班员, 专职指挥长 and 所长 (checked against the user's current row), validated,
audited, on the timeline and on the change feed."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import func, select

from console.domain import policy
from console.domain.clock import FixedClock
from console.domain.people import UserRole
from console.domain.recommend import CardProgress
from console.services.context import Actor
from console.services.dispatch import (
    dispatch,
    recommend_units,
    unit_cleared,
    waive_run_card_shortfall,
)
from console.services.incident_queries import incident_summaries, open_incident_rows
from console.services.station import open_station
from console.services.unit_of_work import ConflictError, ServiceError
from console.services.unit_queries import unit_summaries
from console.store.models import AppUser, AuditEntry, Change, Incident, IncidentEvent
from tests.support.road_station import add_roads
from tests.support.station_factory import NOW, build_small_station

FIGHT = 0  # the small station's urgent 打架斗殴: its run card asks for two units


@pytest.fixture
def station(store_url):
    return add_roads(store_url, build_small_station(store_url))


@pytest.fixture
def ctx(station):
    context = open_station(station.url, clock=FixedClock(NOW))
    yield context
    context.close()


def as_user(ctx, username: str, role: UserRole, *, active: bool = True):
    """The same store with another user signed in (added to the store first)."""
    with ctx.writing() as s, s.begin():
        user = AppUser(username=username, display_name=username, role=role.value, active=active)
        s.add(user)
        s.flush()
        actor = Actor(user.id, username, username, role)
    return replace(ctx, actor=actor, _read=None, _write=None)


def send(ctx, incident_id: int, call_sign: str, station) -> None:
    unit_id = station.unit_ids[call_sign]
    version = unit_summaries(ctx, [unit_id])[unit_id].version
    dispatch(ctx, incident_id, unit_id, expected_unit_version=version)


def card(ctx, incident_id: int) -> CardProgress:
    return incident_summaries(ctx, [incident_id])[incident_id].card


def written(ctx) -> tuple[int, int, int]:
    with ctx.reading() as s:
        return (
            s.scalar(select(func.count()).select_from(IncidentEvent)),
            s.scalar(select(func.count()).select_from(AuditEntry)),
            s.scalar(select(func.count()).select_from(Change)),
        )


def test_one_unit_of_two_is_a_shortfall_on_the_row_and_in_the_recommendation(ctx, station):
    fight = station.small.open_incident_ids[FIGHT]
    assert card(ctx, fight) == CardProgress(2, 0, None)
    rec = recommend_units(ctx, fight)
    assert rec.card.units == 2 and len(rec.recommendation.team) == 2
    send(ctx, fight, "巡02", station)
    progress = card(ctx, fight)
    assert (progress.needed, progress.sent, progress.short, progress.outstanding) == (2, 1, 1, 1)
    assert [r.card for r in open_incident_rows(ctx) if r.id == fight] == [progress]
    rec = recommend_units(ctx, fight)
    assert rec.progress == progress and rec.sent_call_signs == ("巡02",)
    # What is left of the card is one unit: the team proposes one more, not two.
    assert [s.call_sign for s in rec.recommendation.team] == ["巡01"]
    send(ctx, fight, "巡01", station)
    assert card(ctx, fight).outstanding == 0
    assert recommend_units(ctx, fight).recommendation.team == ()


def test_a_waiver_with_a_reason_clears_the_shortfall_and_is_recorded(ctx, station):
    fight = station.small.open_incident_ids[FIGHT]
    send(ctx, fight, "巡02", station)
    before = written(ctx)
    changes = waive_run_card_shortfall(ctx, fight, "其余警力均在处置，分局已知悉")
    assert changes.ids("incident") == {str(fight)}
    progress = card(ctx, fight)
    assert progress.short == 1 and progress.waived and progress.outstanding == 0
    assert written(ctx) == (before[0] + 1, before[1] + 1, before[2] + 1)
    with ctx.reading() as s:
        event = s.scalars(
            select(IncidentEvent).where(
                IncidentEvent.incident_id == fight, IncidentEvent.kind == "run_card_waived"
            )
        ).one()
        assert event.detail["reason"] == "其余警力均在处置，分局已知悉"
        assert (event.detail["short"], event.detail["needed"], event.detail["sent"]) == (1, 2, 1)
        assert event.actor_user_id == ctx.actor.user_id
        audit = s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert (audit.action, audit.entity_id) == (policy.WAIVE_RUN_CARD, str(fight))
        assert audit.detail["reason"] == "其余警力均在处置，分局已知悉"
    waiver = recommend_units(ctx, fight).waiver
    assert waiver is not None and waiver.reason.startswith("其余警力") and waiver.short == 1


def test_the_shortfall_opens_again_when_it_grows_and_a_met_card_drops_the_waiver(ctx, station):
    fight = station.small.open_incident_ids[FIGHT]
    send(ctx, fight, "巡02", station)
    waive_run_card_shortfall(ctx, fight, "只有一车可派")
    # The one unit is stood down before arriving: two short now, more than was accepted.
    unit_cleared(ctx, station.unit_ids["巡02"])
    assert card(ctx, fight).outstanding == 2
    send(ctx, fight, "巡02", station)
    assert card(ctx, fight).waived  # one short again: the waiver covers it
    send(ctx, fight, "巡01", station)  # the card is met: the waiver has done its work
    with ctx.reading() as s:
        assert s.get(Incident, fight).units_short_waived is None
    unit_cleared(ctx, station.unit_ids["巡01"])
    assert card(ctx, fight).outstanding == 1  # a new shortfall needs a new waiver


@pytest.mark.parametrize(
    ("reason", "field_text"),
    [("", "empty"), ("   ", "empty"), ("x" * 501, "longer"), ("人手\x1b[2J不足", "control")],
)
def test_bad_reasons_are_refused_and_nothing_is_written(ctx, station, reason, field_text):
    fight = station.small.open_incident_ids[FIGHT]
    send(ctx, fight, "巡02", station)
    before = written(ctx)
    with pytest.raises(ServiceError) as refused:
        waive_run_card_shortfall(ctx, fight, reason)
    assert refused.value.params["field"] == "reason" and field_text in str(refused.value)
    assert written(ctx) == before and card(ctx, fight).outstanding == 1


def test_refusals_without_a_shortfall_closed_or_changed_meanwhile(ctx, station):
    fight = station.small.open_incident_ids[FIGHT]
    with pytest.raises(ServiceError, match="No unit has been sent"):
        waive_run_card_shortfall(ctx, fight, "一个都不派")  # nothing sent: nothing to waive
    lockout = station.small.open_incident_ids[2]  # 非紧急: one unit
    send(ctx, lockout, "巡01", station)
    with pytest.raises(ServiceError, match="no shortfall"):
        waive_run_card_shortfall(ctx, lockout, "不需要")
    send(ctx, fight, "巡02", station)
    version = incident_summaries(ctx, [fight])[fight].version
    waive_run_card_shortfall(ctx, fight, "先到一车", expected_version=version)
    with pytest.raises(ConflictError):
        waive_run_card_shortfall(ctx, fight, "再说一次", expected_version=version)
    with pytest.raises(ServiceError):
        waive_run_card_shortfall(ctx, 999_999, "没有这起警情")


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (UserRole.DUTY_OFFICER, True),
        (UserRole.COMMANDER, True),
        (UserRole.CHIEF, True),
        (UserRole.ADMIN, False),
    ],
)
def test_the_policy_table_decides_who_may_waive(ctx, station, role, allowed):
    assert policy.allows(role, policy.WAIVE_RUN_CARD) is allowed
    fight = station.small.open_incident_ids[FIGHT]
    send(ctx, fight, "巡02", station)
    user = as_user(ctx, f"u_{role.value}", role)
    before = written(ctx)
    if allowed:
        waive_run_card_shortfall(user, fight, "处置需要")
        assert card(ctx, fight).waived
    else:
        with pytest.raises(ServiceError, match="cannot"):
            waive_run_card_shortfall(user, fight, "处置需要")
        assert written(ctx) == before and card(ctx, fight).outstanding == 1


def test_the_users_current_row_counts_not_the_role_remembered_at_sign_in(ctx, station):
    fight = station.small.open_incident_ids[FIGHT]
    send(ctx, fight, "巡02", station)
    user = as_user(ctx, "desk2", UserRole.DUTY_OFFICER)
    with ctx.writing() as s, s.begin():  # made an administrator since signing in
        s.get(AppUser, user.actor.user_id).role = UserRole.ADMIN.value
    with pytest.raises(ServiceError, match="cannot"):
        waive_run_card_shortfall(user, fight, "处置需要")
    with ctx.writing() as s, s.begin():  # a duty officer again, but the account is closed
        row = s.get(AppUser, user.actor.user_id)
        row.role, row.active = UserRole.DUTY_OFFICER.value, False
    with pytest.raises(ServiceError, match="no longer an active user"):
        waive_run_card_shortfall(user, fight, "处置需要")
    anonymous = replace(ctx, actor=Actor(None, "script", "script", UserRole.DUTY_OFFICER))
    with pytest.raises(ServiceError, match="no longer an active user"):
        waive_run_card_shortfall(anonymous, fight, "处置需要")
    assert card(ctx, fight).outstanding == 1


def test_every_governed_action_decides_for_every_role():
    for action, rule in policy.POLICY.items():
        assert set(rule) == set(UserRole), action
