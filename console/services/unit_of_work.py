"""One service transaction: the work, its audit entry and its change rows commit together."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from console.domain import policy
from console.store.audit import append_audit
from console.store.change_feed import append_changes, lock_feed
from console.store.models import AppUser

from .context import StationContext
from .messages import QT_TRANSLATE_NOOP


@dataclass(frozen=True)
class ChangeSet:
    """What a committed service call changed: (entity, id, kind) triples."""

    changes: tuple[tuple[str, str, str], ...] = ()

    def touches(self, entity: str) -> bool:
        return any(c[0] == entity for c in self.changes)

    def ids(self, entity: str) -> set[str]:
        return {c[1] for c in self.changes if c[0] == entity}


class ServiceError(Exception):
    """A use case refused. ``template`` is an English message with {placeholders}, marked
    for translation where it is raised; the UI translates it and fills in ``params``."""

    def __init__(self, template: str, **params: object) -> None:
        super().__init__(template.format(**params))
        self.template = template
        self.params = params


class ConflictError(ServiceError):
    """Someone else changed the record first (optimistic concurrency)."""


STORE_UNAVAILABLE = QT_TRANSLATE_NOOP(
    "services",
    "The database connection was interrupted; reconnecting. Nothing was saved: "
    "try again once the connection is back.",
)
STORE_BUSY = QT_TRANSLATE_NOOP(
    "services", "The database is busy with another workstation's write; try again in a moment."
)


class StoreUnavailable(ServiceError):
    """The store could not be reached (server down, connection lost, file gone or
    unreadable); nothing was written. The same call may succeed once the store is back.

    Raised by the station's engine (see ``context.guard_store_errors``) in place of any
    raw driver error, for reads and writes alike; ``reason`` is the driver's first line,
    for logs, not for the officer."""

    def __init__(self, template: str = STORE_UNAVAILABLE, **params: object) -> None:
        params.setdefault("reason", "")
        super().__init__(template, **params)


@dataclass
class Work:
    session: Session
    action: str
    entity: str
    entity_id: str | None = None
    detail: dict[str, Any] = field(default_factory=dict)
    _changes: list[tuple[str, str, str]] = field(default_factory=list)

    def changed(self, entity: str, entity_id: object, kind: str = "update") -> None:
        self._changes.append((entity, str(entity_id), kind))

    @property
    def change_set(self) -> ChangeSet:
        return ChangeSet(tuple(self._changes))


# What a refusal by the policy table says, per action (a generic text for any other).
POLICY_REFUSALS = {
    policy.WAIVE_RUN_CARD: QT_TRANSLATE_NOOP(
        "services",
        "Only a duty officer, the duty commander or the station chief can waive a run card's "
        "shortfall; {name} cannot.",
    ),
}
POLICY_REFUSED = QT_TRANSLATE_NOOP("services", "{name} is not allowed to do this.")
SIGNED_OUT = QT_TRANSLATE_NOOP(
    "services", "{name} is no longer an active user of this station; sign in again."
)


def check_policy(session: Session, ctx: StationContext, action: str) -> None:
    """Refuse ``action`` unless the policy table lets the acting user's current row take
    it: the account must still exist and be active, and its role now must be allowed."""
    if not policy.governs(action):
        return
    name = ctx.actor.display_name or ctx.actor.username
    user = session.get(AppUser, ctx.actor.user_id) if ctx.actor.user_id is not None else None
    if user is None or not user.active:
        raise ServiceError(SIGNED_OUT, name=name)
    if not policy.allows(user.role, action):
        raise ServiceError(POLICY_REFUSALS.get(action, POLICY_REFUSED), name=name)


@contextmanager
def unit_of_work(
    ctx: StationContext, action: str, entity: str, entity_id: object | None = None
) -> Iterator[Work]:
    """Run a write; on success append the audit entry and change rows, then commit.

    An action the policy table governs is checked against the acting user's current row
    first. Any exception rolls everything back: nothing half-written reaches the store.
    """
    with ctx.writing() as session, session.begin():
        check_policy(session, ctx, action)
        work = Work(session, action, entity, None if entity_id is None else str(entity_id))
        yield work
        session.flush()
        now = ctx.clock.now()
        lock_feed(session)
        append_audit(
            session,
            at=now,
            actor_name=ctx.actor.username,
            actor_user_id=ctx.actor.user_id,
            action=work.action,
            entity=work.entity,
            entity_id=work.entity_id,
            detail=work.detail,
        )
        append_changes(session, work._changes, at=now, origin=ctx.origin)
