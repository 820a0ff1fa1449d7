"""Service writes: one transaction with its audit entry and change rows, or nothing at all."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, update

from console.domain.units import UnitStatus
from console.services.station import open_station
from console.services.unit_of_work import ConflictError, ServiceError, unit_of_work
from console.services.unit_queries import unit_summaries
from console.services.unit_status import set_unit_status
from console.store.audit import verify_chain
from console.store.models import AuditEntry, Change, Unit


def _counts(ctx):
    with ctx.reading() as s:
        return (
            s.scalar(select(func.count()).select_from(AuditEntry)),
            s.scalar(select(func.count()).select_from(Change)),
        )


def test_status_change_writes_audit_and_change_in_the_same_transaction(small_station_url):
    ctx = open_station(small_station_url)
    try:
        unit = unit_summaries(ctx)[1]
        before = _counts(ctx)
        change_set = set_unit_status(ctx, unit.id, UnitStatus.BUSY, expected_version=unit.version)
        assert change_set.ids("unit") == {str(unit.id)}
        after = unit_summaries(ctx)[unit.id]
        assert (after.status, after.version) == ("busy", unit.version + 1)
        assert after.status_since == ctx.clock.now() or after.status_since > unit.status_since
        assert _counts(ctx) == (before[0] + 1, before[1] + 1)
        with ctx.reading() as s:
            entry = s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
            change = s.scalars(select(Change).order_by(Change.seq.desc())).first()
        assert (entry.action, entry.entity_id, entry.detail) == (
            "unit.set_status",
            str(unit.id),
            {"from": unit.status, "to": "busy"},
        )
        assert (change.entity, change.entity_id, change.origin) == (
            "unit",
            str(unit.id),
            ctx.origin,
        )
    finally:
        ctx.close()


def test_racing_workstations_get_one_winner_and_a_clear_message(small_station_url):
    first, second = open_station(small_station_url), open_station(small_station_url)
    try:
        seen = unit_summaries(first)[2]  # both read the same version
        set_unit_status(first, seen.id, UnitStatus.BUSY, expected_version=seen.version)
        before = _counts(second)
        with pytest.raises(ConflictError, match="巡02"):
            set_unit_status(second, seen.id, UnitStatus.OFF_DUTY, expected_version=seen.version)
        assert unit_summaries(second)[seen.id].status == "busy"
        assert _counts(second) == before  # the loser wrote no audit entry, no change row
    finally:
        first.close()
        second.close()


def test_a_failing_use_case_leaves_nothing_half_written(small_station_url):
    ctx = open_station(small_station_url)
    try:
        before = _counts(ctx)
        with pytest.raises(ServiceError), unit_of_work(ctx, "test.fail", "unit", 1) as work:
            work.session.execute(update(Unit).where(Unit.id == 1).values(status="busy"))
            work.changed("unit", 1)
            raise ServiceError("refused halfway")
        assert unit_summaries(ctx)[1].status == "available"
        assert _counts(ctx) == before
        with pytest.raises(ServiceError, match="does not exist"):
            set_unit_status(ctx, 999, UnitStatus.BUSY, expected_version=1)
        assert _counts(ctx) == before
    finally:
        ctx.close()


def test_audit_chain_names_the_first_altered_or_missing_entry(small_station_url):
    ctx = open_station(small_station_url)
    try:
        for status in (
            UnitStatus.BUSY,
            UnitStatus.AVAILABLE,
            UnitStatus.PATROLLING,
            UnitStatus.BUSY,
        ):
            unit = unit_summaries(ctx)[3]
            set_unit_status(ctx, unit.id, status, expected_version=unit.version)
        with ctx.reading() as s:
            assert verify_chain(s) is None
            ids = list(s.scalars(select(AuditEntry.id).order_by(AuditEntry.id)))
        with ctx.writing() as s, s.begin():  # someone edits an entry behind the console's back
            s.execute(
                update(AuditEntry).where(AuditEntry.id == ids[1]).values(actor_name="mallory")
            )
        with ctx.reading() as s:
            broken = verify_chain(s)
        assert (broken.entry_id, broken.reason) == (ids[1], "altered")
        with ctx.writing() as s, s.begin():
            s.execute(update(AuditEntry).where(AuditEntry.id == ids[1]).values(actor_name="duty"))
            s.delete(s.get(AuditEntry, ids[2]))
        with ctx.reading() as s:
            broken = verify_chain(s)
        assert (broken.entry_id, broken.reason) == (ids[3], "missing before")
    finally:
        ctx.close()
