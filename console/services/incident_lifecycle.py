"""Changing an incident's status through the lifecycle (console/domain/lifecycle.py), notes
on its timeline, its detail for the detail pane, and the daily clearance (日清零) list.

Every status change is one conditional update on the incident's version, so two
workstations acting on the same incident get one winner and one clear message.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select, update

from console.domain.incidents import (
    OPEN_STATUSES,
    IncidentStatus,
    Priority,
    Satisfaction,
    arrival_deadline,
)
from console.domain.intake import validate_note
from console.domain.lifecycle import (
    FINAL_STATUSES,
    IncidentAction,
    TransitionRefused,
    allowed_actions,
    apply_action,
)
from console.store.models import (
    Assignment,
    Category,
    Grid,
    Incident,
    IncidentEvent,
    Unit,
)

from . import validation as checks
from .context import StationContext
from .messages import QT_TRANSLATE_NOOP
from .people import Person, user_people
from .unit_of_work import ChangeSet, ConflictError, ServiceError, unit_of_work

# Where a status change puts its details in the event, as the demo history writes them.
_DISPOSITION_OF = {IncidentAction.DIVERT: "diverted", IncidentAction.TRANSFER: "transferred"}
DIVERSION_HOTLINE = "12345"
DISPOSITION_CHARS = 32  # Incident.disposition_code
SQUAD_CHARS = 100  # the squad a case is transferred to (kept in the event's detail)


def _missing(incident_id: int) -> ServiceError:
    return ServiceError(
        QT_TRANSLATE_NOOP("services", "Incident {incident_id} does not exist."),
        incident_id=incident_id,
    )


def change_status(
    ctx: StationContext,
    incident_id: int,
    action: IncidentAction,
    *,
    expected_version: int,
    disposition: str | None = None,
    satisfaction: Satisfaction | None = None,
    reason: str | None = None,
    squad: str | None = None,
    level: str | None = None,
) -> ChangeSet:
    """Apply ``action`` if the lifecycle allows it and nobody changed the incident since
    ``expected_version``. Raises ``TransitionRefused`` (names the current state) or
    ``ConflictError``; nothing is written then."""
    incident_id = checks.ident("incident", incident_id)
    action = checks.choice("action", action, IncidentAction)
    expected_version = checks.version("expected_version", expected_version)
    disposition = checks.text("disposition", disposition, max_len=DISPOSITION_CHARS, optional=True)
    satisfaction = checks.choice("satisfaction", satisfaction, Satisfaction, optional=True)
    reason = checks.text(
        "reason", reason, max_len=checks.MAX_FREE_TEXT, multiline=True, optional=True
    )
    squad = checks.text("squad", squad, max_len=SQUAD_CHARS, optional=True)
    level = checks.text("level", level, max_len=16, optional=True)
    with unit_of_work(ctx, f"incident.{action.value}", "incident", incident_id) as work:
        s = work.session
        now = ctx.clock.now()
        inc = s.get(Incident, incident_id)
        if inc is None or inc.station_id != ctx.station_id:
            raise _missing(incident_id)
        if inc.version != expected_version:
            raise _conflict(inc.number)
        step = apply_action(
            IncidentStatus(inc.status),
            action,
            now,
            first_dispatched_at=inc.first_dispatched_at,
            first_arrived_at=inc.first_arrived_at,
            disposition=disposition,
            satisfaction=satisfaction,
            reason=reason,
            squad=squad,
            level=level,
        )
        values: dict[str, Any] = dict(step.stamps)
        values.update(status=step.to_status.value, version=Incident.version + 1)
        detail: dict[str, Any] = dict(step.details)
        if action is IncidentAction.CLOSE:
            values["disposition_code"] = step.details["disposition"]
        elif action is IncidentAction.CALL_BACK:
            values["satisfaction"] = step.details["satisfaction"]
        elif action in _DISPOSITION_OF:
            values["disposition_code"] = _DISPOSITION_OF[action]
            if action is IncidentAction.DIVERT:
                detail["to"] = DIVERSION_HOTLINE
            else:
                detail["to"] = detail.pop("squad")
        result = s.execute(
            update(Incident)
            .where(Incident.id == incident_id, Incident.version == expected_version)
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:
            raise _conflict(inc.number)
        if step.to_status in (IncidentStatus.CLOSED, IncidentStatus.TRANSFERRED):
            # Units still on the incident are free again, in this same transaction.
            from .dispatch import release_incident_units

            release_incident_units(work, ctx, incident_id)
        changed_status = step.to_status != step.from_status
        s.add(
            IncidentEvent(
                incident_id=incident_id,
                at=now,
                # A status change is named after the new status; a step that keeps the
                # status (units sent to an escalated incident) after the action.
                kind=step.to_status.value if changed_status else action.value,
                from_status=step.from_status.value if changed_status else None,
                to_status=step.to_status.value if changed_status else None,
                actor_user_id=ctx.actor.user_id,
                detail=detail,
            )
        )
        work.detail = {"from": step.from_status.value, "to": step.to_status.value, **detail}
        work.changed("incident", incident_id)
    return work.change_set


def _conflict(number: str) -> ConflictError:
    return ConflictError(
        QT_TRANSLATE_NOOP(
            "services", "Incident {number} was changed at another workstation; look again."
        ),
        number=number,
    )


def add_note(ctx: StationContext, incident_id: int, text: str, *, kind: str = "note") -> ChangeSet:
    """A line on the incident's timeline (``kind`` "note", or "clearance_note" for the
    explanation of why an incident of the day is not cleared)."""
    incident_id = checks.ident("incident", incident_id)
    kind = checks.one_of("kind", kind, ("note", "clearance_note"))
    checks.instance("note", text, str)  # its length and characters: validate_note
    value = validate_note(text)
    with unit_of_work(ctx, f"incident.{kind}", "incident", incident_id) as work:
        inc = work.session.get(Incident, incident_id)
        if inc is None or inc.station_id != ctx.station_id:
            raise _missing(incident_id)
        work.session.add(
            IncidentEvent(
                incident_id=incident_id,
                at=ctx.clock.now(),
                kind=kind,
                actor_user_id=ctx.actor.user_id,
                detail={"text": value},
            )
        )
        work.changed("incident", incident_id)
    return work.change_set


# --- the detail pane -------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    kind: str
    from_status: str | None
    to_status: str | None
    actor: str | None  # the person's name (see services.people)
    detail: dict[str, Any]
    actor_badge: str | None = None  # their 警号


@dataclass(frozen=True)
class AssignedUnit:
    call_sign: str
    tier: int
    ordered_at: datetime
    arrived_at: datetime | None
    cleared_at: datetime | None
    cancelled_at: datetime | None


@dataclass(frozen=True)
class LinkedIncident:
    id: int
    number: str
    relation: str  # "duplicate_of" (this call repeats it) or "duplicate" (it repeats this)
    received_at: datetime


@dataclass(frozen=True)
class IncidentDetail:
    id: int
    number: str
    version: int
    status: str
    priority: str
    source: str
    received_at: datetime
    entered_at: datetime | None
    category_code: str
    category_zh: str
    category_en: str
    caller_name: str | None
    caller_phone: str | None
    address_text: str | None
    grid_name: str | None
    narrative: str
    arrival_deadline: datetime | None
    first_dispatched_at: datetime | None
    first_arrived_at: datetime | None
    closed_at: datetime | None
    disposition_code: str | None
    called_back_at: datetime | None
    satisfaction: str | None
    timeline: tuple[TimelineEntry, ...]
    units: tuple[AssignedUnit, ...]
    links: tuple[LinkedIncident, ...]
    actions: tuple[str, ...]  # IncidentAction values the current status allows


def incident_detail(ctx: StationContext, incident_id: int) -> IncidentDetail:
    with ctx.reading() as s:
        row = s.execute(
            select(Incident, Category.name_zh, Category.name_en, Grid.name)
            .join(Category, Category.code == Incident.category_code)
            .outerjoin(Grid, Grid.id == Incident.grid_id)
            .where(Incident.id == incident_id, Incident.station_id == ctx.station_id)
        ).first()
        if row is None:
            raise _missing(incident_id)
        inc, zh, en, grid_name = row
        events = s.scalars(
            select(IncidentEvent)
            .where(IncidentEvent.incident_id == incident_id)
            .order_by(IncidentEvent.at, IncidentEvent.id)
        ).all()
        people = user_people(s, (e.actor_user_id for e in events))
        nobody = Person("")
        timeline = tuple(
            TimelineEntry(
                e.at,
                e.kind,
                e.from_status,
                e.to_status,
                people.get(e.actor_user_id, nobody).name or None,
                dict(e.detail or {}),
                people.get(e.actor_user_id, nobody).badge,
            )
            for e in events
        )
        units = tuple(
            AssignedUnit(sign, a.tier, a.ordered_at, a.arrived_at, a.cleared_at, a.cancelled_at)
            for a, sign in s.execute(
                select(Assignment, Unit.call_sign)
                .join(Unit, Unit.id == Assignment.unit_id)
                .where(Assignment.incident_id == incident_id)
                .order_by(Assignment.ordered_at)
            )
        )
        links: list[LinkedIncident] = []
        if inc.duplicate_of_id is not None:
            other = s.get(Incident, inc.duplicate_of_id)
            if other is not None:
                links.append(
                    LinkedIncident(other.id, other.number, "duplicate_of", other.received_at)
                )
        # Repeat calls come within hours of the first; the time index finds them (there
        # is none on duplicate_of_id, and a station keeps years of incidents).
        for other in s.scalars(
            select(Incident)
            .where(
                Incident.received_at >= inc.received_at - timedelta(days=1),
                Incident.received_at <= inc.received_at + timedelta(days=2),
                Incident.duplicate_of_id == incident_id,
            )
            .order_by(Incident.received_at)
        ):
            links.append(LinkedIncident(other.id, other.number, "duplicate", other.received_at))
        return IncidentDetail(
            id=inc.id,
            number=inc.number,
            version=inc.version,
            status=inc.status,
            priority=inc.priority,
            source=inc.source,
            received_at=inc.received_at,
            entered_at=inc.entered_at,
            category_code=inc.category_code,
            category_zh=zh,
            category_en=en,
            caller_name=inc.caller_name,
            caller_phone=inc.caller_phone,
            address_text=inc.address_text,
            grid_name=grid_name,
            narrative=inc.narrative,
            arrival_deadline=inc.arrival_deadline,
            first_dispatched_at=inc.first_dispatched_at,
            first_arrived_at=inc.first_arrived_at,
            closed_at=inc.closed_at,
            disposition_code=inc.disposition_code,
            called_back_at=inc.called_back_at,
            satisfaction=inc.satisfaction,
            timeline=timeline,
            units=units,
            links=tuple(links),
            actions=tuple(a.value for a in allowed_actions(IncidentStatus(inc.status))),
        )


# --- daily clearance (日清零) ------------------------------------------------------------


@dataclass(frozen=True)
class ClearanceItem:
    id: int
    number: str
    received_at: datetime
    priority: str
    category_zh: str
    category_en: str
    address_text: str | None
    status: str
    missing: str  # "open" (not closed yet) or "callback" (closed, not called back)
    explanation: str | None  # the latest clearance note, if the officer explained it


def local_day_bounds(ctx: StationContext, day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time(0), tzinfo=ctx.timezone)
    return start, start + timedelta(days=1)


def daily_clearance(ctx: StationContext, day: date | None = None) -> list[ClearanceItem]:
    """The day's incidents (station-local day) not yet cleared: still open, or closed and
    not called back. Diverted, transferred and called-back incidents are cleared."""
    day = day or ctx.clock.now().astimezone(ctx.timezone).date()
    start, end = local_day_bounds(ctx, day)
    pending = [s.value for s in OPEN_STATUSES] + [IncidentStatus.CLOSED.value]
    with ctx.reading() as s:
        rows = s.execute(
            select(Incident, Category.name_zh, Category.name_en)
            .join(Category, Category.code == Incident.category_code)
            .where(
                Incident.station_id + 0 == ctx.station_id,  # the time index, not the station's
                Incident.received_at >= start,
                Incident.received_at < end,
                Incident.status.in_(pending),
                # A call closed as a duplicate is called back through its original.
                (Incident.disposition_code.is_(None)) | (Incident.disposition_code != "duplicate"),
            )
            .order_by(Incident.received_at)
        ).all()
        ids = [inc.id for inc, _, _ in rows]
        notes: dict[int, str] = {}
        if ids:
            for incident_id, detail in s.execute(
                select(IncidentEvent.incident_id, IncidentEvent.detail)
                .where(IncidentEvent.incident_id.in_(ids), IncidentEvent.kind == "clearance_note")
                .order_by(IncidentEvent.at, IncidentEvent.id)
            ):
                notes[incident_id] = (detail or {}).get("text", "")
    return [
        ClearanceItem(
            inc.id,
            inc.number,
            inc.received_at,
            inc.priority,
            zh,
            en,
            inc.address_text,
            inc.status,
            "callback" if inc.status == IncidentStatus.CLOSED.value else "open",
            notes.get(inc.id),
        )
        for inc, zh, en in rows
    ]


__all__ = [
    "FINAL_STATUSES",
    "IncidentAction",
    "TransitionRefused",
    "add_note",
    "change_status",
    "daily_clearance",
    "incident_detail",
]


def change_priority(
    ctx: StationContext, incident_id: int, priority: Priority, *, expected_version: int
) -> ChangeSet:
    """Regrade an open incident: its arrival deadline becomes the new grade's target in
    the incident's grid, counted from the first ring (never from the regrading)."""
    incident_id = checks.ident("incident", incident_id)
    priority = checks.choice("priority", priority, Priority)
    expected_version = checks.version("expected_version", expected_version)
    from .grid_targets import minutes_in_grid

    with unit_of_work(ctx, "incident.regrade", "incident", incident_id) as work:
        s = work.session
        inc = s.get(Incident, incident_id)
        if inc is None or inc.station_id != ctx.station_id:
            raise _missing(incident_id)
        if inc.version != expected_version:
            raise _conflict(inc.number)
        if IncidentStatus(inc.status) not in OPEN_STATUSES:
            raise ServiceError(
                QT_TRANSLATE_NOOP(
                    "services", "Incident {number} is no longer open: its grade cannot change."
                ),
                number=inc.number,
            )
        before = inc.priority
        deadline = arrival_deadline(
            inc.received_at, Priority(priority), minutes_in_grid(s, inc.grid_id)
        )
        result = s.execute(
            update(Incident)
            .where(Incident.id == incident_id, Incident.version == expected_version)
            .values(
                priority=Priority(priority).value,
                arrival_deadline=deadline,
                version=Incident.version + 1,
            )
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:
            raise _conflict(inc.number)
        detail = {"from": before, "to": Priority(priority).value}
        s.add(
            IncidentEvent(
                incident_id=incident_id,
                at=ctx.clock.now(),
                kind="regraded",
                actor_user_id=ctx.actor.user_id,
                detail=detail,
            )
        )
        work.detail = detail
        work.changed("incident", incident_id)
    return work.change_set
