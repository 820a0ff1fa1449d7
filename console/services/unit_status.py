"""Changing a unit's status by hand (the status board's keys and menu)."""

from __future__ import annotations

from sqlalchemy import update

from console.domain.units import UnitStatus
from console.store.models import Unit

from .context import StationContext
from .messages import QT_TRANSLATE_NOOP
from .unit_of_work import ChangeSet, ConflictError, ServiceError, unit_of_work


def set_unit_status(
    ctx: StationContext, unit_id: int, status: UnitStatus, *, expected_version: int
) -> ChangeSet:
    """Set a unit's status if nobody changed the unit since ``expected_version`` was read."""
    with unit_of_work(ctx, "unit.set_status", "unit", unit_id) as work:
        now = ctx.clock.now()
        unit = work.session.get(Unit, unit_id)
        if unit is None or unit.station_id != ctx.station_id:
            raise ServiceError(
                QT_TRANSLATE_NOOP("services", "Unit {unit_id} does not exist."), unit_id=unit_id
            )
        previous = unit.status
        # Conditional update: the version check and the write are one statement, so two
        # workstations racing on the same unit get exactly one winner.
        result = work.session.execute(
            update(Unit)
            .where(Unit.id == unit_id, Unit.version == expected_version)
            .values(status=status.value, status_since=now, version=Unit.version + 1)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:
            raise ConflictError(
                QT_TRANSLATE_NOOP(
                    "services", "Unit {call_sign} was changed at another workstation; look again."
                ),
                call_sign=unit.call_sign,
            )
        work.detail = {"from": previous, "to": status.value}
        work.changed("unit", unit_id)
    return work.change_set
