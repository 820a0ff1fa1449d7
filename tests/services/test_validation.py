"""The argument checks at the services' door, and the holes issue 13 found, on both backends."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from console.domain.clock import FixedClock
from console.domain.incidents import Priority
from console.domain.intake import IntakeDraft
from console.domain.lifecycle import IncidentAction
from console.services import validation as checks
from console.services.dispatch import close_incident, request_branch_support
from console.services.handover import save_notes
from console.services.incident_lifecycle import change_status
from console.services.intake import record_incident
from console.services.station import open_station
from console.services.unit_of_work import ServiceError
from console.store.models import AuditEntry, Handover, Incident
from tests.support.duty_station import add_shift_types_and_user
from tests.support.station_factory import NOW, build_small_station


def _refused(fn, *args, field: str, **kwargs) -> ServiceError:
    with pytest.raises(ServiceError) as caught:
        fn(*args, **kwargs)
    assert caught.value.params["field"] == field
    str(caught.value)  # printable
    return caught.value


@pytest.mark.parametrize(
    "value",
    ["\x00", "a\x1bb", "\ud800", "x" * 33, 5, None, b"ok", ["ok"]],
)
def test_text_refuses(value):
    _refused(checks.text, "disposition", value, max_len=32, field="disposition")


def test_text_keeps_what_it_is_given():
    assert (
        checks.text("notes", "  两行\n\t缩进  ", max_len=20, multiline=True) == "  两行\n\t缩进  "
    )
    _refused(checks.text, "reason", "a\nb", max_len=20, field="reason")  # one line only
    _refused(checks.text, "reason", "  ", max_len=20, required=True, field="reason")
    assert checks.text("reason", None, max_len=5, optional=True) is None


@pytest.mark.parametrize("value", [0, -1, 2**31, 2**64, "huge", True, 1.0, "1", None])
def test_ident_refuses(value):
    value = 10**5000 if value == "huge" else value
    _refused(checks.ident, "incident", value, field="incident")


@pytest.mark.parametrize(
    "value",
    [
        datetime(2026, 11, 22, 8, 0),  # naive
        datetime.max.replace(tzinfo=timezone(timedelta(hours=14))),
        datetime.min.replace(tzinfo=timezone(timedelta(hours=-12))),
        datetime(1970, 1, 1, tzinfo=UTC),
        date(2026, 11, 22),
        "2026-11-22T08:00+08:00",
    ],
)
def test_moment_refuses(value):
    _refused(checks.moment, "received_at", value, field="received_at")


def test_choice_number_and_detail():
    assert checks.choice("priority", "urgent", Priority) is Priority.URGENT
    _refused(checks.choice, "priority", ["urgent"], Priority, field="priority")
    for bad in (math.nan, math.inf, 10**400, True, "1"):
        _refused(checks.number, "point", bad, low=-180, high=180, field="point")
    for bad in (
        {"t": "\x00"},
        {1: "x"},
        {"n": math.nan},
        {"d": [[[[[[[[1]]]]]]]]},
        {"s": "x" * 5000},
    ):
        _refused(checks.detail, "suggestion", bad, field="suggestion")
    assert checks.detail("suggestion", {"category": "order.fight", "score": 0.9}) is not None


@pytest.fixture
def station(store_url):
    small = build_small_station(store_url)
    add_shift_types_and_user(store_url)
    ctx = open_station(store_url, clock=FixedClock(NOW))
    yield ctx, small
    ctx.close()


def _audit_count(ctx) -> int:
    with ctx.reading() as s:
        return s.scalar(select(func.count()).select_from(AuditEntry))


def test_known_holes_are_refused_before_the_store(station):
    ctx, small = station
    incident = small.open_incident_ids[0]
    before = _audit_count(ctx)
    _refused(close_incident, ctx, incident, "x" * 1_000_000, field="disposition")
    _refused(close_incident, ctx, incident, "resolved\x00", field="disposition")
    _refused(request_branch_support, ctx, incident, "y" * 1_000_000, field="reason")
    _refused(request_branch_support, ctx, incident, "人手\x1b[2J不足", field="reason")
    _refused(
        change_status,
        ctx,
        incident,
        IncidentAction.DIVERT,
        expected_version=1,
        reason="\x00" * 10,
        field="reason",
    )
    shift = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
    _refused(save_notes, ctx, shift, "z" * 1_000_000, None, field="notes")
    _refused(save_notes, ctx, shift, "交接\x00", None, field="notes")
    _refused(save_notes, ctx, datetime(2026, 11, 22, 20, 0), "ok", None, field="shift_start")
    draft = IntakeDraft(caller_phone="13800000000", category_code="order.fight\ud800")
    _refused(record_incident, ctx, draft, field="category")
    good = IntakeDraft(
        caller_phone="13800000000",
        address_text="中山路18号",
        category_code="order.fight",
        priority="urgent",
        narrative="有人打架",
    )
    _refused(
        record_incident,
        ctx,
        good,
        received_at=(datetime.max - timedelta(hours=1)).replace(tzinfo=UTC),
        field="received_at",
    )
    _refused(record_incident, ctx, good, duplicate_of=2**64, field="duplicate_of")
    _refused(record_incident, ctx, 42, field="draft")
    assert _audit_count(ctx) == before
    with ctx.reading() as s:
        assert s.get(Incident, incident).disposition_code is None
        assert s.scalar(select(func.count()).select_from(Handover)) == 0
