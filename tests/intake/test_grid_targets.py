"""Per-grid arrival targets: read and set them (the station chief or the duty commander
only), refuse bad ones, and the deadlines they give at intake and on regrading; the
call's ring, answer and entry times."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from console.domain.clock import FixedClock
from console.domain.incidents import Priority
from console.domain.intake import IntakeDraft
from console.domain.lifecycle import IncidentAction
from console.domain.people import UserRole
from console.services.context import Actor
from console.services.grid_targets import grid_targets, set_grid_targets
from console.services.incident_lifecycle import change_priority, change_status, incident_detail
from console.services.intake import record_incident
from console.services.unit_of_work import ConflictError, ServiceError
from console.store.models import AppUser, AuditEntry, Change, Grid, Incident
from tests.support.station_factory import NOW

from .station import build_intake_station

SUBURB = {Priority.URGENT: 8, Priority.HIGH: 15, Priority.NORMAL: 25, Priority.LOW: None}
TOWN = {Priority.URGENT: 5, Priority.HIGH: 10, Priority.NORMAL: 15, Priority.LOW: None}


def call(address: str, priority: str) -> IntakeDraft:
    return IntakeDraft(
        source="call_110",
        caller_phone="13912345678",
        address_text=address,
        category_code="order.noise",
        priority=priority,
        narrative="楼上噪音扰民",
    )


@pytest.fixture
def station(store_url):
    return build_intake_station(store_url)


def actor_of(context, role: UserRole) -> Actor:
    """A user of ``role`` in the store (made here), as a signed-in actor."""
    with context.writing() as s, s.begin():
        user = AppUser(username=f"u_{role.value}", display_name=f"{role.value}", role=role.value)
        s.add(user)
        s.flush()
        return Actor(user.id, user.username, user.display_name, role)


@pytest.fixture
def ctx(station):
    context = station.open(FixedClock(NOW))
    context.actor = actor_of(context, UserRole.CHIEF)  # the station chief sets the targets
    yield context
    context.close()


TARGETS_REFUSED = "Only the station chief or the duty commander can change the arrival targets."


def test_only_the_chief_or_the_duty_commander_changes_targets(ctx, station):
    g2 = station.grid_ids["G2"]
    chief = ctx.actor
    for role in (UserRole.DUTY_OFFICER, UserRole.ADMIN):
        ctx.actor = actor_of(ctx, role)
        before, counts = stored_targets(ctx, g2), written(ctx)
        with pytest.raises(ServiceError) as refused:
            set_grid_targets(ctx, g2, SUBURB)
        assert refused.value.template == TARGETS_REFUSED
        assert stored_targets(ctx, g2) == before and written(ctx) == counts
    ctx.actor = actor_of(ctx, UserRole.COMMANDER)
    set_grid_targets(ctx, g2, SUBURB)
    assert stored_targets(ctx, g2) == (8, {"high": 15, "normal": 25, "low": None})
    ctx.actor = chief
    set_grid_targets(ctx, g2, TOWN)
    assert stored_targets(ctx, g2)[0] == 5


def written(ctx) -> tuple[int, int]:
    with ctx.reading() as s:
        return (
            s.scalar(select(func.count()).select_from(AuditEntry)),
            s.scalar(select(func.count()).select_from(Change)),
        )


def stored_targets(ctx, grid_id):
    with ctx.reading() as s:
        g = s.get(Grid, grid_id)
        return g.arrival_target_min, g.arrival_minutes


def test_a_new_grid_reads_the_town_defaults_and_keeps_what_is_set(ctx, station):
    g2 = station.grid_ids["G2"]
    before = {t.grid_id: t.minutes for t in grid_targets(ctx)}
    assert before[g2] == TOWN
    changes = set_grid_targets(ctx, g2, SUBURB)
    assert changes.ids("grid") == {str(g2)}
    after = {t.grid_id: t.minutes for t in grid_targets(ctx)}
    assert after[g2] == SUBURB
    assert after[station.grid_ids["G1"]] == TOWN  # the other grid is untouched
    assert stored_targets(ctx, g2) == (8, {"high": 15, "normal": 25, "low": None})
    with ctx.reading() as s:
        audit = s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        feed = s.scalars(select(Change).order_by(Change.seq.desc())).first()
    assert audit.action == "grid.targets" and audit.detail["grids"][0]["after"]["normal"] == 25
    assert (feed.entity, feed.entity_id) == ("grid", str(g2))


@pytest.mark.parametrize(
    "bad",
    [
        {**SUBURB, Priority.URGENT: None},  # urgent always has a deadline
        {**SUBURB, Priority.URGENT: 0},
        {**SUBURB, Priority.HIGH: 241},
        {**SUBURB, Priority.NORMAL: -5},
        {**SUBURB, Priority.NORMAL: 2.5},
        {**SUBURB, Priority.NORMAL: "25"},
        {**SUBURB, Priority.LOW: True},
        {k: v for k, v in SUBURB.items() if k is not Priority.HIGH},  # a grade left out
    ],
)
def test_bad_targets_are_refused_and_nothing_is_written(ctx, station, bad):
    g2 = station.grid_ids["G2"]
    before, counts = stored_targets(ctx, g2), written(ctx)
    with pytest.raises(ServiceError, match="whole minutes from 1 to 240"):
        set_grid_targets(ctx, g2, bad)
    assert stored_targets(ctx, g2) == before
    assert written(ctx) == counts


def test_an_unknown_grid_is_refused(ctx):
    counts = written(ctx)
    with pytest.raises(ServiceError, match="Grid 9999 does not exist"):
        set_grid_targets(ctx, 9999, SUBURB)
    assert written(ctx) == counts


def test_the_deadline_at_intake_is_the_suburb_grids_target_from_the_first_ring(ctx, station):
    set_grid_targets(ctx, station.grid_ids["G2"], SUBURB)
    ring = datetime(2026, 11, 22, 6, 29, 20, tzinfo=UTC)  # NOW is 06:30:00
    answered = datetime(2026, 11, 22, 6, 29, 27, tzinfo=UTC)
    suburb, _ = record_incident(
        ctx, call("汉中路2号", "normal"), received_at=ring, answered_at=answered
    )
    assert suburb.grid_name == "第二网格"
    # 一般 in the suburb grid: 25 minutes from the ring, by hand.
    assert suburb.arrival_deadline == datetime(2026, 11, 22, 6, 54, 20, tzinfo=UTC)
    high, _ = record_incident(ctx, call("丰富路7弄", "high"), received_at=ring)
    assert high.arrival_deadline == datetime(2026, 11, 22, 6, 44, 20, tzinfo=UTC)
    by_appointment, _ = record_incident(ctx, call("汉中路2号", "low"), received_at=ring)
    assert by_appointment.arrival_deadline is None
    town, _ = record_incident(ctx, call("中山路18号", "normal"), received_at=ring)
    assert town.grid_name == "第一网格"
    assert town.arrival_deadline == datetime(2026, 11, 22, 6, 44, 20, tzinfo=UTC)


def test_regrading_moves_the_deadline_to_the_new_grade_of_the_grid(ctx, station):
    set_grid_targets(ctx, station.grid_ids["G2"], SUBURB)
    ring = NOW - timedelta(minutes=2)
    recorded, _ = record_incident(ctx, call("汉中路2号", "normal"), received_at=ring)
    assert recorded.arrival_deadline == ring + timedelta(minutes=25)
    version = incident_detail(ctx, recorded.id).version
    changes = change_priority(ctx, recorded.id, Priority.URGENT, expected_version=version)
    assert changes.ids("incident") == {str(recorded.id)}
    detail = incident_detail(ctx, recorded.id)
    assert detail.priority == "urgent" and detail.version == version + 1
    assert detail.arrival_deadline == ring + timedelta(minutes=8)  # from the ring, not now
    assert detail.timeline[-1].kind == "regraded"
    assert detail.timeline[-1].detail == {"from": "normal", "to": "urgent"}
    change_priority(ctx, recorded.id, Priority.LOW, expected_version=version + 1)
    assert incident_detail(ctx, recorded.id).arrival_deadline is None
    with pytest.raises(ConflictError):
        change_priority(ctx, recorded.id, Priority.HIGH, expected_version=version)


def test_a_closed_incident_keeps_its_grade(ctx):
    recorded, _ = record_incident(ctx, call("中山路18号", "normal"))
    version = incident_detail(ctx, recorded.id).version
    change_status(
        ctx,
        recorded.id,
        IncidentAction.CLOSE,
        expected_version=version,
        disposition="handled_at_desk",
    )
    closed = incident_detail(ctx, recorded.id)
    counts = written(ctx)
    with pytest.raises(ServiceError, match="no longer open"):
        change_priority(ctx, recorded.id, Priority.URGENT, expected_version=closed.version)
    assert incident_detail(ctx, recorded.id).priority == "normal"
    assert written(ctx) == counts


def times_of(ctx, incident_id):
    with ctx.reading() as s:
        inc = s.get(Incident, incident_id)
        return inc.received_at, inc.answered_at, inc.entered_at


def test_ring_answer_and_entry_are_kept_apart(ctx):
    ring, answered = NOW - timedelta(seconds=48), NOW - timedelta(seconds=41)
    recorded, _ = record_incident(
        ctx, call("中山路18号", "normal"), received_at=ring, answered_at=answered
    )
    assert times_of(ctx, recorded.id) == (ring, answered, NOW)
    # Without telephony the panel's opening time is both the ring and the answer.
    opened = NOW - timedelta(seconds=30)
    recorded, _ = record_incident(ctx, call("中山路18号", "normal"), received_at=opened)
    assert times_of(ctx, recorded.id) == (opened, opened, NOW)
    recorded, _ = record_incident(ctx, call("中山路18号", "normal"))
    assert times_of(ctx, recorded.id) == (NOW, NOW, NOW)


@pytest.mark.parametrize(
    ("ring", "answered"),
    [
        (NOW - timedelta(seconds=10), NOW - timedelta(seconds=20)),  # answered before ringing
        (NOW - timedelta(seconds=10), NOW + timedelta(seconds=5)),  # answered after saving
        (NOW + timedelta(seconds=5), None),  # rings in the future
    ],
)
def test_call_times_out_of_order_are_refused_and_nothing_is_written(ctx, ring, answered):
    with ctx.reading() as s:
        incidents = s.scalar(select(func.count()).select_from(Incident))
    counts = written(ctx)
    with pytest.raises(ServiceError, match="out of order"):
        record_incident(ctx, call("中山路18号", "normal"), received_at=ring, answered_at=answered)
    with ctx.reading() as s:
        assert s.scalar(select(func.count()).select_from(Incident)) == incidents
    assert written(ctx) == counts
