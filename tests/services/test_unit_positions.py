"""Position reports from the units' terminals, on a real store (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from console.domain.clock import FixedClock
from console.domain.units import UnitStatus
from console.services.station import open_station
from console.services.unit_of_work import ServiceError
from console.services.unit_positions import PositionReport, report_positions
from console.services.unit_queries import unit_summaries
from console.services.unit_status import set_unit_status
from console.store.models import AuditEntry, Change, Unit
from tests.support.station_factory import NOW, build_small_station


@pytest.fixture
def station(store_url):
    small = build_small_station(store_url)
    ctx = open_station(store_url, clock=FixedClock(NOW))
    yield small, ctx
    ctx.close()


def _unit(ctx, unit_id):
    with ctx.reading() as s:
        return s.get(Unit, unit_id)


def test_a_batch_moves_units_without_touching_their_version(station):
    small, ctx = station
    a, b = small.unit_ids[:2]
    versions = {u: _unit(ctx, u).version for u in (a, b)}
    with ctx.reading() as s:
        audits = s.scalar(select(func.count()).select_from(AuditEntry))
    changes = report_positions(
        ctx,
        [
            PositionReport(a, 118.78, 32.04, NOW - timedelta(seconds=20)),
            PositionReport(a, 118.781, 32.041, NOW - timedelta(seconds=5), heading_deg=90.0),
            PositionReport(b, 118.79, 32.05, NOW - timedelta(seconds=8)),
        ],
    )
    assert changes.ids("unit") == {str(a), str(b)}
    moved = _unit(ctx, a)
    assert (moved.lon, moved.lat, moved.heading_deg) == (118.781, 32.041, 90.0)
    assert moved.position_at == NOW - timedelta(seconds=5)
    assert {u: _unit(ctx, u).version for u in (a, b)} == versions
    with ctx.reading() as s:
        assert s.scalar(select(func.count()).select_from(AuditEntry)) == audits + 1
        kinds = s.scalars(select(Change.kind).order_by(Change.seq.desc()).limit(2)).all()
    assert kinds == ["position", "position"]
    # The version the officer read still dispatches: positions never conflict with status.
    set_unit_status(ctx, a, UnitStatus.PATROLLING, expected_version=versions[a])


def test_an_older_report_does_not_move_a_unit_back(station):
    small, ctx = station
    unit = small.unit_ids[0]
    report_positions(ctx, [PositionReport(unit, 118.78, 32.04, NOW - timedelta(seconds=5))])
    changes = report_positions(
        ctx, [PositionReport(unit, 118.70, 32.00, NOW - timedelta(seconds=60))]
    )
    assert changes.changes == ()
    assert (_unit(ctx, unit).lon, _unit(ctx, unit).lat) == (118.78, 32.04)
    assert unit_summaries(ctx, [unit])[unit].position_at == NOW - timedelta(seconds=5)


@pytest.mark.parametrize(
    "bad",
    [
        PositionReport(10**9, 118.78, 32.04, NOW),  # no such unit
        PositionReport(0, float("nan"), 32.04, NOW),
        PositionReport(0, 118.78, 91.0, NOW),
        PositionReport(0, 118.78, 32.04, NOW + timedelta(hours=1)),
        PositionReport(0, 118.78, 32.04, NOW.replace(tzinfo=None)),
        PositionReport(0, "118.78", 32.04, NOW),  # type: ignore[arg-type]
        "118.78,32.04",
    ],
)
def test_a_bad_report_refuses_the_whole_batch(station, bad):
    small, ctx = station
    good_unit = small.unit_ids[1]
    if isinstance(bad, PositionReport) and bad.unit_id == 0:
        bad = PositionReport(small.unit_ids[0], bad.lon, bad.lat, bad.at, bad.heading_deg)
    before = _unit(ctx, good_unit).position_at
    with pytest.raises(ServiceError):
        report_positions(ctx, [PositionReport(good_unit, 118.79, 32.05, NOW), bad])
    assert _unit(ctx, good_unit).position_at == before


def test_reports_are_written_only_by_a_current_user(station):
    """The policy table governs position reports: an actor without a user row is refused."""
    from dataclasses import replace

    small, ctx = station
    unit = small.unit_ids[0]
    before = _unit(ctx, unit).position_at
    ctx.actor = replace(ctx.actor, user_id=None)
    with pytest.raises(ServiceError):
        report_positions(ctx, [PositionReport(unit, 118.78, 32.04, NOW)])
    assert _unit(ctx, unit).position_at == before
