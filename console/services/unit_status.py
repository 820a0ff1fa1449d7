"""Changing a unit's status by hand (the status board's keys and menu).

A status that means something for the unit's incident goes through dispatch's rules:
到场 on a unit that is on its way is an arrival (stamps the assignment and the incident's
first arrival); 备勤, 巡逻, 下班 or 支援中 on a unit with an incident clears it from that
incident. (Dispatching itself — 已派 with an incident and an assignment — is
services.dispatch.dispatch; 已派 set here by hand links no incident.)
"""

from __future__ import annotations

from console.domain.units import UnitStatus
from console.store.models import Unit

from . import validation as checks
from .context import StationContext
from .dispatch import _arrive, _conditional_unit_update, _release
from .messages import QT_TRANSLATE_NOOP
from .unit_of_work import ChangeSet, ServiceError, unit_of_work

# Statuses that take a unit off its incident when set by hand.
RELEASING_STATUSES = frozenset(
    {UnitStatus.AVAILABLE, UnitStatus.PATROLLING, UnitStatus.OFF_DUTY, UnitStatus.ON_LOAN}
)


def set_unit_status(
    ctx: StationContext, unit_id: int, status: UnitStatus, *, expected_version: int
) -> ChangeSet:
    """Set a unit's status if nobody changed the unit since ``expected_version`` was read."""
    unit_id = checks.ident("unit", unit_id)
    status = checks.choice("status", status, UnitStatus)
    expected_version = checks.version("expected_version", expected_version)
    with unit_of_work(ctx, "unit.set_status", "unit", unit_id) as work:
        now = ctx.clock.now()
        unit = work.session.get(Unit, unit_id)
        if unit is None or unit.station_id != ctx.station_id:
            raise ServiceError(
                QT_TRANSLATE_NOOP("services", "Unit {unit_id} does not exist."), unit_id=unit_id
            )
        previous = unit.status
        has_incident = unit.current_incident_id is not None
        if (
            status is UnitStatus.ON_SCENE
            and has_incident
            and UnitStatus(previous) in (UnitStatus.DISPATCHED, UnitStatus.EN_ROUTE)
        ):
            _arrive(work, ctx, unit, expected_version)
        elif status in RELEASING_STATUSES and has_incident:
            _release(work, ctx, unit, expected_version, status)
        else:
            # Conditional update: the version check and the write are one statement, so
            # two workstations racing on the same unit get exactly one winner.
            _conditional_unit_update(
                work, unit, expected_version, {"status": status.value, "status_since": now}
            )
        work.action = "unit.set_status"
        work.detail = {**work.detail, "from": previous, "to": status.value}
    return work.change_set
