"""Each grid's arrival targets per grade (到场时限): reading them, changing them, and
using them for an incident's deadline at intake and when its grade changes.

Anyone reads them; only the station chief (所长) or the duty commander (专职指挥长)
changes them, since they set every deadline the station is measured against."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from console.domain.grid_targets import (
    MAX_TARGET,
    MIN_TARGET,
    grid_minutes,
    stored_form,
    target_problems,
)
from console.domain.incidents import Priority
from console.domain.people import UserRole
from console.store.models import Grid

from . import validation as checks
from .context import Actor, StationContext
from .messages import QT_TRANSLATE_NOOP
from .unit_of_work import ChangeSet, ServiceError, unit_of_work

# One message per grade, so each reads naturally once translated.
_REFUSED = {
    Priority.URGENT: QT_TRANSLATE_NOOP(
        "services",
        "The urgent arrival target must be whole minutes from {low} to {high}; "
        "“{value}” cannot be stored.",
    ),
    Priority.HIGH: QT_TRANSLATE_NOOP(
        "services",
        "The high-priority arrival target must be whole minutes from {low} to {high} "
        "or by appointment; “{value}” cannot be stored.",
    ),
    Priority.NORMAL: QT_TRANSLATE_NOOP(
        "services",
        "The normal arrival target must be whole minutes from {low} to {high} "
        "or by appointment; “{value}” cannot be stored.",
    ),
    Priority.LOW: QT_TRANSLATE_NOOP(
        "services",
        "The low-priority arrival target must be whole minutes from {low} to {high} "
        "or by appointment; “{value}” cannot be stored.",
    ),
}


MAX_GRIDS = 10_000  # grids changed in one call

TARGET_EDITORS = frozenset({UserRole.CHIEF, UserRole.COMMANDER})


def may_edit_grid_targets(actor: Actor) -> bool:
    """True when ``actor`` may change arrival targets (see TARGET_EDITORS)."""
    return actor.user_id is not None and actor.role in TARGET_EDITORS


def require_target_editor(actor: Actor) -> None:
    """ServiceError naming the roles needed when ``actor`` may not change the targets."""
    if not may_edit_grid_targets(actor):
        raise ServiceError(
            QT_TRANSLATE_NOOP(
                "services",
                "Only the station chief or the duty commander can change the arrival targets.",
            )
        )


@dataclass(frozen=True)
class GridTargets:
    grid_id: int
    code: str
    name: str
    minutes: dict[Priority, int | None]  # every grade; None: by appointment


def minutes_of(grid: Grid | None) -> dict[Priority, int | None] | None:
    """The grade minutes of a grid row (None: no grid, the town defaults apply)."""
    if grid is None:
        return None
    return grid_minutes(grid.arrival_target_min, grid.arrival_minutes)


def minutes_in_grid(s: Session, grid_id: int | None) -> dict[Priority, int | None] | None:
    return minutes_of(s.get(Grid, grid_id)) if grid_id is not None else None


def grid_targets(ctx: StationContext) -> list[GridTargets]:
    """The station's grids in code order, each with every grade's minutes."""
    with ctx.reading() as s:
        return [
            GridTargets(g.id, g.code, g.name, minutes_of(g) or {})
            for g in s.scalars(
                select(Grid).where(Grid.station_id == ctx.station_id).order_by(Grid.code)
            )
        ]


def set_grid_targets(
    ctx: StationContext, grid_id: int, minutes: Mapping[Priority, int | None]
) -> ChangeSet:
    """Store one grid's targets: whole minutes 1..240 for every grade, or None (by
    appointment) for the grades below urgent. Applies to incidents recorded or regraded
    from now on; open incidents keep the deadline they were given."""
    grid_id = checks.ident("grid", grid_id)
    return set_many_grid_targets(ctx, {grid_id: minutes})


def set_many_grid_targets(
    ctx: StationContext, targets: Mapping[int, Mapping[Priority, int | None]]
) -> ChangeSet:
    """Store several grids' targets in one transaction: all of them, or none if any value
    is refused (see :func:`set_grid_targets`). Only a TARGET_EDITORS role may."""
    require_target_editor(ctx.actor)
    checks.mapping("targets", targets, max_len=MAX_GRIDS)
    for grid_id, minutes in targets.items():
        checks.ident("grid", grid_id)
        checks.mapping("minutes", minutes, max_len=len(Priority))
        for grade in minutes:
            checks.choice("grade", grade, Priority)
    for minutes in targets.values():
        problems = target_problems(minutes)
        if problems:
            first = problems[0]
            raise ServiceError(
                _REFUSED[first.grade],
                low=MIN_TARGET,
                high=MAX_TARGET,
                value=checks.shown(first.value),
            )
    entity_id = next(iter(targets)) if len(targets) == 1 else None
    with unit_of_work(ctx, "grid.targets", "grid", entity_id) as work:
        changed = []
        for grid_id, minutes in targets.items():
            grid = work.session.get(Grid, grid_id)
            if grid is None or grid.station_id != ctx.station_id:
                raise ServiceError(
                    QT_TRANSLATE_NOOP("services", "Grid {grid_id} does not exist."),
                    grid_id=grid_id,
                )
            urgent, others = stored_form(minutes)
            before = {"urgent": grid.arrival_target_min, **(grid.arrival_minutes or {})}
            grid.arrival_target_min = urgent
            grid.arrival_minutes = others
            changed.append(
                {"grid": grid.code, "before": before, "after": {"urgent": urgent, **others}}
            )
            work.changed("grid", grid.id, "update")
        work.detail = {"grids": changed}
    return work.change_set
