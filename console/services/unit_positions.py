"""Position reports from the units' terminals (车载/单兵终端定位).

A terminal gateway reports where units are, a batch at a time. A batch is one transaction
with one audit entry (a report every few seconds per unit would otherwise swamp the audit
chain with entries nobody reads one by one), and one change row per unit that moved, of
kind ``position``, so the map and the board follow it like any other change. A position
never touches the unit's ``version``: a unit driving to a call must stay dispatchable
and arrivable at the version the duty officer read.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from console.store.models import Unit

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


def _refuse(template: str, **params: object) -> ServiceError:
    return ServiceError(template, **params)


def _check(report: object, now: datetime) -> PositionReport:
    if not isinstance(report, PositionReport):
        raise _refuse(QT_TRANSLATE_NOOP("services", "A position report is malformed."))
    if isinstance(report.unit_id, bool) or not isinstance(report.unit_id, int):
        raise _refuse(QT_TRANSLATE_NOOP("services", "A position report is malformed."))
    for value in (report.lon, report.lat):
        if (
            isinstance(value, bool)
            or not isinstance(value, (int, float))
            or not math.isfinite(value)
        ):
            raise _refuse(QT_TRANSLATE_NOOP("services", "A position report is malformed."))
    if not (-180.0 <= report.lon <= 180.0 and -90.0 <= report.lat <= 90.0):
        raise _refuse(
            QT_TRANSLATE_NOOP("services", "Unit {unit_id} reported a position off the globe."),
            unit_id=report.unit_id,
        )
    heading = report.heading_deg
    if heading is not None and (
        isinstance(heading, bool)
        or not isinstance(heading, (int, float))
        or not math.isfinite(heading)
    ):
        raise _refuse(QT_TRANSLATE_NOOP("services", "A position report is malformed."))
    if not isinstance(report.at, datetime) or report.at.tzinfo is None:
        raise _refuse(QT_TRANSLATE_NOOP("services", "A position report is malformed."))
    if report.at > now + FUTURE_SLACK:
        raise _refuse(
            QT_TRANSLATE_NOOP("services", "Unit {unit_id} reported a position from the future."),
            unit_id=report.unit_id,
        )
    return report


def report_positions(ctx: StationContext, reports: Sequence[PositionReport]) -> ChangeSet:
    """Store the newest position of each reporting unit of this station.

    A report older than the unit's stored position is ignored (terminals resend after a
    dropped link, out of order). Unknown units or another station's units refuse the whole
    batch: a gateway that is misconfigured must be told, not half-believed.
    """
    if not isinstance(reports, Sequence) or isinstance(reports, (str, bytes)):
        raise _refuse(QT_TRANSLATE_NOOP("services", "A position report is malformed."))
    if len(reports) > MAX_BATCH:
        raise _refuse(
            QT_TRANSLATE_NOOP("services", "At most {limit} position reports at a time."),
            limit=MAX_BATCH,
        )
    now = ctx.clock.now()
    newest: dict[int, PositionReport] = {}
    for raw in reports:
        report = _check(raw, now)
        kept = newest.get(report.unit_id)
        if kept is None or report.at >= kept.at:
            newest[report.unit_id] = report
    with unit_of_work(ctx, "unit.positions", "unit") as work:
        if not newest:
            return work.change_set
        units = {
            u.id: u for u in work.session.scalars(select(Unit).where(Unit.id.in_(list(newest))))
        }
        for unit_id, report in newest.items():
            unit = units.get(unit_id)
            if unit is None or unit.station_id != ctx.station_id:
                raise _refuse(
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
