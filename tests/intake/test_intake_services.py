"""Intake, duplicates, lifecycle and daily clearance services on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from console.domain.incidents import Satisfaction
from console.domain.intake import IntakeDraft, IntakeInvalid
from console.domain.lifecycle import IncidentAction, TransitionRefused
from console.services.duplicates import possible_duplicates
from console.services.incident_lifecycle import (
    add_note,
    change_status,
    daily_clearance,
    incident_detail,
)
from console.services.intake import (
    complete_address,
    nearest_address,
    record_incident,
    suggest_grade,
)
from console.services.unit_of_work import ConflictError, ServiceError
from console.store.models import AuditEntry, Change, Incident, IncidentEvent
from tests.support.station_factory import NOW

from .station import build_intake_station

CALL = IntakeDraft(
    source="call_110",
    caller_phone="138 1234 5678",
    address_text="新街口 中山路 18号",
    category_code="order.fight",
    priority="urgent",
    narrative="两人在店门口打架，一人持刀",
)


@pytest.fixture
def station(store_url):
    return build_intake_station(store_url)


def counts(ctx):
    with ctx.reading() as s:
        return tuple(
            s.scalar(select(func.count()).select_from(t))
            for t in (Incident, IncidentEvent, AuditEntry, Change)
        )


def test_address_completion_tolerates_spaces_units_and_area_words(ctx, station):
    for typed in ("中山路18号", "中山路 18", "中山路１８", "新街口 中山路 18号", "中山路18 号"):
        assert complete_address(ctx, typed)[0].text == "中山路18号", typed
    assert complete_address(ctx, "丰富路7")[0].text == "丰富路7弄"
    assert [m.text for m in complete_address(ctx, "中山路")][:3] == [
        "中山路18号",
        "中山路20号",
        "中山路118号",
    ]
    assert complete_address(ctx, "100%_") == []  # LIKE wildcards are taken literally


def test_the_0814_call_is_located_graded_and_alerts_the_commander(ctx, station):
    graded = suggest_grade(ctx, "order.fight", CALL.narrative)
    assert graded.priority.value == "urgent" and graded.alert_commander
    received = NOW - timedelta(seconds=25)
    recorded, changes = record_incident(ctx, CALL, received_at=received)
    assert changes.ids("incident") == {str(recorded.id)}
    assert recorded.number == "20261122-0005" and recorded.alert_commander  # after the 4 arranged
    assert recorded.grid_name == "第一网格" and recorded.tags == ("持刀",)
    # The deadline counts from when the phone rang, by the grid's urgent target (5 min).
    assert recorded.arrival_deadline == received + timedelta(minutes=5)
    detail = incident_detail(ctx, recorded.id)
    assert detail.address_text == "中山路18号" and detail.caller_phone == "13812345678"
    assert [e.kind for e in detail.timeline] == ["received", "commander_alerted"]
    assert detail.timeline[0].detail["typed_address"] == "新街口 中山路 18号"


def test_numbers_count_up_per_local_day(ctx):
    first, _ = record_incident(ctx, CALL)
    second, _ = record_incident(ctx, CALL)
    assert (first.number, second.number) == ("20261122-0005", "20261122-0006")


def test_bad_input_writes_nothing(ctx):
    before = counts(ctx)
    with pytest.raises(IntakeInvalid):
        record_incident(ctx, IntakeDraft(**{**CALL.__dict__, "caller_phone": "12345abc"}))
    with pytest.raises(ServiceError, match="not in the address book"):
        record_incident(ctx, IntakeDraft(**{**CALL.__dict__, "address_text": "火星路1号"}))
    with pytest.raises(ServiceError, match="outside every grid"):
        record_incident(ctx, CALL, point=(116.4, 39.9))
    with pytest.raises(ServiceError, match="dictionary"):
        record_incident(ctx, IntakeDraft(**{**CALL.__dict__, "category_code": "x.y"}))
    assert counts(ctx) == before


def test_strange_but_valid_text_is_stored_exactly(ctx):
    text = "'); DELETE FROM incident; -- 😡 打架\n第二行"
    recorded, _ = record_incident(ctx, IntakeDraft(**{**CALL.__dict__, "narrative": text}))
    assert incident_detail(ctx, recorded.id).narrative == text


def test_a_point_gives_the_nearest_address_and_its_grid(ctx):
    match = nearest_address(ctx, 118.7821, 32.0361)
    assert (match.text, match.grid_name) == ("汉中路2号", "第二网格")
    lonely = nearest_address(ctx, 118.7845, 32.0355)  # in G2, far from any door
    assert lonely.id is None and lonely.grid_name == "第二网格"
    with pytest.raises(ServiceError, match="outside every grid"):
        nearest_address(ctx, 118.70, 32.00)
    recorded, _ = record_incident(
        ctx,
        IntakeDraft(**{**CALL.__dict__, "address_text": "", "has_point": True}),
        point=(118.7845, 32.0355),
    )
    assert recorded.grid_name == "第二网格"


def test_duplicates_by_phone_and_by_place(ctx, station):
    first, _ = record_incident(ctx, CALL)
    ctx.clock.advance(timedelta(minutes=10))
    same_phone = possible_duplicates(
        ctx, caller_phone="13812345678", lon=None, lat=None, category_code="traffic.jam"
    )
    assert [d.id for d in same_phone] == [first.id] and same_phone[0].reasons == ("same_phone",)
    nearby = possible_duplicates(
        ctx, caller_phone="13900000000", lon=118.7782, lat=32.0371, category_code="order.fight"
    )
    # The arranged open fight (4 minutes before NOW, same spot) is older than 15 minutes now? No: 14.
    assert first.id in [d.id for d in nearby]
    ctx.clock.advance(timedelta(minutes=25))
    assert (
        possible_duplicates(
            ctx, caller_phone="13812345678", lon=None, lat=None, category_code="order.fight"
        )
        == []
    )


def test_linking_a_repeat_call_closes_it_as_a_duplicate(ctx):
    first, _ = record_incident(ctx, CALL)
    ctx.clock.advance(timedelta(minutes=3))
    repeat, changes = record_incident(ctx, CALL, duplicate_of=first.id)
    assert changes.ids("incident") == {str(first.id), str(repeat.id)}
    assert repeat.status == "closed" and repeat.duplicate_of_number == first.number
    detail = incident_detail(ctx, first.id)
    assert [link.number for link in detail.links] == [repeat.number]
    assert detail.timeline[-1].kind == "duplicate_call"
    assert incident_detail(ctx, repeat.id).disposition_code == "duplicate"


def test_every_lifecycle_transition_and_refusal(ctx, station):
    def act(incident_id, action, **kw):
        version = incident_detail(ctx, incident_id).version
        ctx.clock.advance(timedelta(minutes=1))
        return change_status(ctx, incident_id, action, expected_version=version, **kw)

    a, _ = record_incident(ctx, CALL)
    act(a.id, IncidentAction.DISPATCH)
    act(a.id, IncidentAction.ARRIVE)
    with pytest.raises(TransitionRefused, match="on_scene"):
        act(a.id, IncidentAction.CALL_BACK, satisfaction=Satisfaction.SATISFIED)
    with pytest.raises(TransitionRefused, match="disposition"):
        act(a.id, IncidentAction.CLOSE)
    act(a.id, IncidentAction.CLOSE, disposition="resolved")
    act(a.id, IncidentAction.CALL_BACK, satisfaction=Satisfaction.FAIRLY_SATISFIED)
    d = incident_detail(ctx, a.id)
    assert d.status == "called_back" and d.satisfaction == "fairly_satisfied"
    assert [e.kind for e in d.timeline][2:] == ["dispatched", "on_scene", "closed", "called_back"]
    start = NOW
    assert d.first_dispatched_at == start + timedelta(minutes=1)
    assert d.first_arrived_at == start + timedelta(minutes=2)
    assert d.closed_at == start + timedelta(minutes=5) and d.called_back_at == start + timedelta(
        minutes=6
    )
    assert d.actions == ()

    b, _ = record_incident(ctx, CALL)
    with pytest.raises(TransitionRefused, match="reason"):
        act(b.id, IncidentAction.DIVERT, reason="  ")
    act(b.id, IncidentAction.DIVERT, reason="路灯不亮，属市政")
    d = incident_detail(ctx, b.id)
    assert (d.status, d.disposition_code) == ("diverted", "diverted")
    assert d.timeline[-1].detail == {"reason": "路灯不亮，属市政", "to": "12345"}

    c, _ = record_incident(ctx, CALL)
    act(c.id, IncidentAction.DISPATCH)
    act(c.id, IncidentAction.RECALL)
    act(c.id, IncidentAction.ESCALATE, level="branch")
    act(c.id, IncidentAction.DISPATCH)  # the station still sends units: status stays
    assert incident_detail(ctx, c.id).timeline[-1].kind == "dispatch"
    with pytest.raises(TransitionRefused, match="that is escalated"):
        act(c.id, IncidentAction.ESCALATE, level="city")

    e, _ = record_incident(ctx, CALL)
    with pytest.raises(TransitionRefused, match="branch or the city"):
        act(e.id, IncidentAction.ESCALATE, level="province")
    act(e.id, IncidentAction.TRANSFER, squad="刑警中队")
    d = incident_detail(ctx, e.id)
    assert d.status == "transferred" and d.timeline[-1].detail == {"to": "刑警中队"}


def test_two_workstations_acting_on_one_incident_get_one_winner(ctx, station):
    incident_id = station.open_incident_ids[0]
    version = incident_detail(ctx, incident_id).version
    change_status(ctx, incident_id, IncidentAction.DISPATCH, expected_version=version)
    before = counts(ctx)
    with pytest.raises(ConflictError, match="another workstation"):
        change_status(
            ctx, incident_id, IncidentAction.CLOSE, expected_version=version, disposition="resolved"
        )
    assert counts(ctx) == before
    assert incident_detail(ctx, incident_id).status == "dispatched"


def test_daily_clearance_lists_what_is_open_or_not_called_back(ctx, station):
    items = daily_clearance(ctx)
    expected = set(station.open_incident_ids) | set(station.closed_incident_ids)
    assert {i.id for i in items} == expected
    closed = next(i for i in items if i.id == station.closed_incident_ids[0])
    assert closed.missing == "callback"
    add_note(ctx, closed.id, "报警人电话关机，明早再回访", kind="clearance_note")
    explained = {i.id: i.explanation for i in daily_clearance(ctx)}
    assert explained[closed.id] == "报警人电话关机，明早再回访"
    version = incident_detail(ctx, closed.id).version
    change_status(
        ctx,
        closed.id,
        IncidentAction.CALL_BACK,
        expected_version=version,
        satisfaction=Satisfaction.SATISFIED,
    )
    assert closed.id not in {i.id for i in daily_clearance(ctx)}
    # Yesterday's list is another day.
    assert daily_clearance(ctx, (NOW - timedelta(days=1)).date()) == []


def test_notes_are_validated(ctx, station):
    with pytest.raises(IntakeInvalid):
        add_note(ctx, station.open_incident_ids[0], "  ")
    with pytest.raises(IntakeInvalid):
        add_note(ctx, station.open_incident_ids[0], "x" * 5000)
