"""Position reports from the units' terminals (车载/单兵终端定位).

A terminal gateway reports where units are, a batch at a time. A batch is one transaction
with one audit entry (a report every few seconds per unit would otherwise swamp the audit
chain with entries nobody reads one by one), and one change row per unit that moved, of
kind ``position``, so the map and the board follow it like any other change. A position
never touches the unit's ``version``: a unit driving to a call must stay dispatchable
and arrivable at the version the duty officer read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from console.domain import policy
from console.store.models import Unit

from . import validation as checks
from .context import StationContext
from .messages import QT_TRANSLATE_NOOP
from .unit_of_work import ChangeSet, ServiceError, unit_of_work

MAX_BATCH = 5000
# A report from further ahead than this is a terminal with a wrong clock, not news.
FUTURE_SLACK = timedelta(minutes=2)


@dataclass(frozen=True)
class PositionReport:
    unit_id: int
    lon: float
    lat: float
    at: datetime
    heading_deg: float | None = None


def _check(report: object, now: datetime) -> PositionReport:
    """A report with plain, finite values (refusing with the field named), not from the
    future beyond a terminal clock's slack."""
    report = checks.instance("position_report", report, PositionReport)
    unit_id = checks.ident("unit", report.unit_id)
    lon = checks.number("lon", report.lon, low=-180.0, high=180.0)
    lat = checks.number("lat", report.lat, low=-90.0, high=90.0)
    heading = (
        None
        if report.heading_deg is None
        else checks.number("heading_deg", report.heading_deg, low=-360.0, high=360.0)
    )
    at = checks.moment("position_at", report.at)
    if at > now + FUTURE_SLACK:
        raise ServiceError(
            QT_TRANSLATE_NOOP("services", "Unit {unit_id} reported a position from the future."),
            unit_id=unit_id,
        )
    return PositionReport(unit_id, lon, lat, at, heading)


def report_positions(ctx: StationContext, reports: Sequence[PositionReport]) -> ChangeSet:
    """Store the newest position of each reporting unit of this station.

    A report older than the unit's stored position is ignored (terminals resend after a
    dropped link, out of order). Unknown units or another station's units refuse the whole
    batch: a gateway that is misconfigured must be told, not half-believed.
    """
    reports = checks.sequence("reports", reports, max_len=MAX_BATCH)
    now = ctx.clock.now()
    newest: dict[int, PositionReport] = {}
    for raw in reports:
        report = _check(raw, now)
        kept = newest.get(report.unit_id)
        if kept is None or report.at >= kept.at:
            newest[report.unit_id] = report
    with unit_of_work(ctx, policy.REPORT_POSITIONS, "unit") as work:
        if not newest:
            return work.change_set
        units = {
            u.id: u for u in work.session.scalars(select(Unit).where(Unit.id.in_(list(newest))))
        }
        for unit_id, report in newest.items():
            unit = units.get(unit_id)
            if unit is None or unit.station_id != ctx.station_id:
                raise ServiceError(
                    QT_TRANSLATE_NOOP("services", "Unit {unit_id} does not exist."),
                    unit_id=unit_id,
                )
            if unit.position_at is not None and report.at < unit.position_at:
                continue
            unit.lon, unit.lat = float(report.lon), float(report.lat)
            unit.heading_deg = None if report.heading_deg is None else float(report.heading_deg)
            unit.position_at = report.at
            work.changed("unit", unit_id, "position")
        work.detail = {"units": len(work.change_set.changes)}
        return work.change_set
