"""Handover (交接班): the report of a shift change, confirmed by both duty officers.

The report is built from the store at the moment it is asked for: open incidents with
their clocks and units, unit states with the incoming crews, counts, the incidents the
outgoing shift closed but did not call back yet. The outgoing officer adds notes and
confirms first (the report is frozen then, in the ``handover`` row); the incoming
officer, another user, confirms second. Each write checks the row's version.

Who: the outgoing officer is the workstation's actor (whoever signed in there). The
incoming officer proves who they are with their own password, checked by the sign-in
service (same single refusal message, same timing for unknown users), and the
workstation then acts as them. Only duty officers (值班员), the duty commander (专职指挥长)
and the station chief (所长) hand over or take over a shift; an administrator does not.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from console.domain import duty
from console.domain.incidents import IncidentStatus, Priority
from console.domain.people import UserRole
from console.store.models import AppUser, Category, Handover, Incident

from . import validation as checks
from .accounts import MAX_PASSWORD_LENGTH, authenticate, switch_actor
from .context import Actor, StationContext
from .duty import ShiftNow, shift_now, shift_specs, who_is_on_duty
from .incident_queries import incident_summaries, open_incident_ids
from .messages import QT_TRANSLATE_NOOP
from .people import user_people
from .unit_of_work import ConflictError, ServiceError, unit_of_work
from .unit_queries import unit_summaries

MAX_NOTES = checks.MAX_FREE_TEXT  # the outgoing officer's notes
USERNAME_CHARS = 50  # AppUser.username
PROMPT_BEFORE = timedelta(minutes=15)  # how early the status bar suggests the handover
REPORT_FORMAT = 1


@dataclass(frozen=True)
class HandoverView:
    """A shift change's handover as the dialog shows it (``id`` None: not saved yet)."""

    id: int | None
    shift_start: datetime
    outgoing_shift: ShiftNow | None
    incoming_shift: ShiftNow | None
    report: dict[str, Any]
    notes: str
    outgoing_user: str | None
    outgoing_user_id: int | None
    outgoing_confirmed_at: datetime | None
    incoming_user: str | None
    incoming_confirmed_at: datetime | None
    version: int
    outgoing_badge: str | None = None  # 警号 of the outgoing officer
    incoming_badge: str | None = None

    @property
    def complete(self) -> bool:
        return self.incoming_confirmed_at is not None


@dataclass(frozen=True)
class HandoverDue:
    """The shift change a handover is due for now, and how far along it is."""

    shift_start: datetime
    incoming_shift: ShiftNow
    upcoming: bool  # True: the change is ahead (within the prompt window)
    outgoing_confirmed: bool
    incoming_confirmed: bool
    recheck_at: datetime | None  # when the answer may change by the clock alone

    @property
    def needs_attention(self) -> bool:
        return not self.incoming_confirmed


@dataclass(frozen=True)
class UserChoice:
    id: int
    username: str
    display_name: str  # the person's name (see services.people)
    role: str
    badge: str | None = None  # 警号


# The roles that hold a shift in the command room and so hand it over.
HANDOVER_ROLES = frozenset({UserRole.DUTY_OFFICER, UserRole.COMMANDER, UserRole.CHIEF})

_HAND_OVER_REFUSED = QT_TRANSLATE_NOOP(
    "services",
    "Only a duty officer, the duty commander or the station chief can hand over a shift.",
)
_TAKE_OVER_REFUSED = QT_TRANSLATE_NOOP(
    "services",
    "Only a duty officer, the duty commander or the station chief can take over a shift; "
    "{name} cannot.",
)


def may_hand_over(actor: Actor) -> bool:
    """True when ``actor`` holds a role that hands a shift over (see HANDOVER_ROLES)."""
    return actor.user_id is not None and actor.role in HANDOVER_ROLES


def require_hand_over(actor: Actor) -> None:
    """ServiceError naming the roles needed when ``actor`` may not hand over."""
    if not may_hand_over(actor):
        raise ServiceError(_HAND_OVER_REFUSED)


# --- which shift change --------------------------------------------------------------------


def shift_change_at(
    ctx: StationContext, at: datetime | None = None
) -> tuple[ShiftNow, bool] | None:
    """The shift change a handover at ``at`` is about: the next one when it is at most
    15 minutes ahead, else the last one. (incoming shift, upcoming?) or None without
    shift types."""
    at = at or ctx.clock.now()
    with ctx.reading() as s:
        shifts = shift_specs(s, ctx.station_id, at, ctx.timezone)
    upcoming = duty.next_shift_start(shifts, at, ctx.timezone)
    if upcoming is not None and upcoming.start - at <= PROMPT_BEFORE:
        return shift_now(upcoming), True
    last = duty.last_shift_start(shifts, at, ctx.timezone)
    return (shift_now(last), False) if last is not None else None


def handover_due(ctx: StationContext, at: datetime | None = None) -> HandoverDue | None:
    """What the status bar's prompt needs: the change concerned and its confirmations."""
    change = shift_change_at(ctx, at)
    if change is None:
        return None
    incoming, upcoming = change
    at = at or ctx.clock.now()
    with ctx.reading() as s:
        shifts = shift_specs(s, ctx.station_id, at, ctx.timezone)
        row = s.execute(
            select(Handover.outgoing_confirmed_at, Handover.incoming_confirmed_at).where(
                Handover.station_id == ctx.station_id, Handover.shift_start == incoming.start
            )
        ).first()
    return HandoverDue(
        shift_start=incoming.start,
        incoming_shift=incoming,
        upcoming=upcoming,
        outgoing_confirmed=bool(row and row.outgoing_confirmed_at),
        incoming_confirmed=bool(row and row.incoming_confirmed_at),
        recheck_at=_recheck_at(shifts, at, ctx.timezone, upcoming),
    )


def _recheck_at(shifts, at: datetime, tz, upcoming: bool) -> datetime | None:
    nxt = duty.next_shift_start(shifts, at, tz)
    if nxt is None:
        return None
    return nxt.start if upcoming else nxt.start - PROMPT_BEFORE


# --- the report ----------------------------------------------------------------------------


def build_report(ctx: StationContext, shift_start: datetime) -> dict[str, Any]:
    """The handover report for the change at ``shift_start``, as JSON-ready plain data."""
    now = ctx.clock.now()
    tz = ctx.timezone
    with ctx.reading() as s:
        shifts = shift_specs(s, ctx.station_id, shift_start, tz)
    incoming = duty.current_shift(shifts, shift_start, tz)
    outgoing = duty.last_shift_start(shifts, shift_start - timedelta(microseconds=1), tz)
    since = outgoing.start if outgoing is not None else shift_start - timedelta(hours=12)

    incidents = incident_summaries(ctx, open_incident_ids(ctx))
    open_rows = [
        {
            "number": i.number,
            "priority": i.priority,
            "category": i.category_zh,
            "category_en": i.category_en,
            "status": i.status,
            "received_at": _iso(i.received_at),
            "age_s": round((now - i.received_at).total_seconds()),
            "deadline": _iso(i.arrival_deadline),
            "arrived_at": _iso(i.first_arrived_at),
            "units": list(i.unit_call_signs),
            "address": i.address_text or "",
        }
        for i in sorted(incidents.values(), key=lambda i: (_rank(i.priority), i.received_at))
    ]
    crews = who_is_on_duty(ctx, shift_start).crews()
    units = sorted(unit_summaries(ctx).values(), key=lambda u: u.call_sign)
    unit_rows = [
        {
            "call_sign": u.call_sign,
            "kind": u.kind,
            "status": u.status,
            "since": _iso(u.status_since),
            "incident": u.current_incident_number,
            "crew": list(u.crew),
            "incoming_crew": list(crews.get(u.id, ())),
        }
        for u in units
    ]
    with ctx.reading() as s:
        closed = s.execute(
            select(Incident.number, Incident.closed_at, Incident.priority, Category.name_zh)
            .join(Category, Category.code == Incident.category_code)
            .where(
                Incident.station_id == ctx.station_id,
                Incident.status == IncidentStatus.CLOSED.value,
                Incident.called_back_at.is_(None),
                Incident.closed_at >= since,
                Incident.closed_at < max(shift_start, now),
            )
            .order_by(Incident.closed_at)
        ).all()
        received = s.scalar(
            select(func.count())
            .select_from(Incident)
            .where(
                Incident.station_id == ctx.station_id,
                Incident.received_at >= since,
                Incident.received_at < max(shift_start, now),
            )
        )
    return {
        "format": REPORT_FORMAT,
        "built_at": _iso(now),
        "shift_start": _iso(shift_start),
        "outgoing_shift": _shift_json(outgoing),
        "incoming_shift": _shift_json(incoming),
        "open_incidents": open_rows,
        "units": unit_rows,
        "not_called_back": [
            {
                "number": c.number,
                "closed_at": _iso(c.closed_at),
                "priority": c.priority,
                "category": c.name_zh,
            }
            for c in closed
        ],
        "counts": {
            "open_incidents": len(open_rows),
            "overdue": sum(
                1
                for i in incidents.values()
                if i.arrival_deadline is not None
                and i.first_arrived_at is None
                and i.arrival_deadline < now
            ),
            "open_by_priority": dict(Counter(i.priority for i in incidents.values())),
            "units_by_status": dict(Counter(u.status for u in units)),
            "received_in_shift": int(received or 0),
            "not_called_back": len(closed),
        },
    }


# --- reading and writing handovers -----------------------------------------------------------


def open_handover(ctx: StationContext, shift_start: datetime | None = None) -> HandoverView:
    """The handover of the change at ``shift_start`` (default: the one due now): the
    stored one, or a fresh report not saved yet."""
    if shift_start is None:
        change = shift_change_at(ctx)
        if change is None:
            raise ServiceError(
                QT_TRANSLATE_NOOP(
                    "services", "The station has no shift types: no shift change to hand over."
                )
            )
        shift_start = change[0].start
    with ctx.reading() as s:
        row = _row(s, ctx.station_id, shift_start)
        if row is not None:
            return _view(s, row)
    report = build_report(ctx, shift_start)
    return _fresh_view(shift_start, report)


def save_notes(
    ctx: StationContext, shift_start: datetime, notes: str, expected_version: int | None
) -> HandoverView:
    """Store the outgoing officer's notes (creating the handover with a report)."""
    shift_start, notes, expected_version = _check_notes(shift_start, notes, expected_version)
    require_hand_over(ctx.actor)
    return _write(ctx, shift_start, expected_version, "handover.notes", notes=notes)


def confirm_outgoing(
    ctx: StationContext, shift_start: datetime, notes: str, expected_version: int | None
) -> HandoverView:
    """The outgoing officer (the workstation's actor) hands over: the report is rebuilt
    and frozen, with the notes."""
    shift_start, notes, expected_version = _check_notes(shift_start, notes, expected_version)
    require_hand_over(ctx.actor)
    return _write(
        ctx, shift_start, expected_version, "handover.confirm_outgoing", notes=notes, outgoing=True
    )


def confirm_incoming(
    ctx: StationContext,
    shift_start: datetime,
    expected_version: int,
    *,
    username: str,
    password: str,
) -> HandoverView:
    """The incoming officer takes over, proven by their own password.

    ``ctx`` is the workstation's; ``username`` and ``password`` are checked by the sign-in
    service (ServiceError(SIGN_IN_REFUSED) for any mismatch, nothing stored). The
    confirmation is audited under the incoming officer, who must hold a handover role and
    not be the outgoing officer; then the workstation acts as them (``ctx.actor``
    changes, audited as ``user.sign_in``)."""
    shift_start = checks.moment("shift_start", shift_start)
    expected_version = checks.version("expected_version", expected_version)
    checks.text("username", username, max_len=USERNAME_CHARS)
    checks.secret("password", password, max_len=MAX_PASSWORD_LENGTH)
    incoming = authenticate(ctx, username, password)
    if not may_hand_over(incoming):
        raise ServiceError(_TAKE_OVER_REFUSED, name=incoming.display_name)
    view = _write(
        dataclasses.replace(ctx, actor=incoming),
        shift_start,
        expected_version,
        "handover.confirm_incoming",
        incoming=True,
    )
    switch_actor(ctx, incoming, reason=f"handover {view.id}")
    return view


def _check_notes(shift_start: object, notes: object, expected_version: object):
    return (
        checks.moment("shift_start", shift_start),
        checks.text("notes", notes, max_len=MAX_NOTES, multiline=True),
        checks.version("expected_version", expected_version, optional=True),
    )


def handover_users(ctx: StationContext) -> list[UserChoice]:
    """The active users who may take over a shift (HANDOVER_ROLES), by name."""
    roles = sorted(r.value for r in HANDOVER_ROLES)
    with ctx.reading() as s:
        rows = s.execute(
            select(AppUser.id, AppUser.username, AppUser.role)
            .where(AppUser.active.is_(True), AppUser.role.in_(roles))
            .order_by(AppUser.display_name, AppUser.id)
        ).all()
        people = user_people(s, [u.id for u in rows])
        return [
            UserChoice(u.id, u.username, people[u.id].name, u.role, people[u.id].badge)
            for u in rows
        ]


def _write(
    ctx: StationContext,
    shift_start: datetime,
    expected_version: int | None,
    action: str,
    *,
    notes: str | None = None,
    outgoing: bool = False,
    incoming: bool = False,
) -> HandoverView:
    report = build_report(ctx, shift_start) if (outgoing or expected_version is None) else None
    now = ctx.clock.now()
    try:
        with unit_of_work(ctx, action, "handover") as work:
            s = work.session
            row = _row(s, ctx.station_id, shift_start)
            if row is None:
                if incoming:
                    raise ServiceError(_OUTGOING_FIRST)
                if expected_version is not None:
                    raise ConflictError(_CHANGED)
                with ctx.reading() as r:
                    shifts = shift_specs(r, ctx.station_id, shift_start, ctx.timezone)
                occ = duty.current_shift(shifts, shift_start, ctx.timezone)
                row = Handover(
                    station_id=ctx.station_id,
                    shift_start=shift_start,
                    shift_type_id=occ.shift.id if occ is not None else None,
                    created_at=now,
                    report=report or {},
                    notes="",
                    version=1,
                )
                s.add(row)
                kind = "insert"
            else:
                if expected_version is None or row.version != expected_version:
                    raise ConflictError(_CHANGED)
                row.version += 1
                kind = "update"
            if incoming:
                if row.outgoing_confirmed_at is None:
                    raise ServiceError(_OUTGOING_FIRST)
                if row.incoming_confirmed_at is not None:
                    raise ServiceError(_ALREADY_TAKEN)
                if ctx.actor.user_id is None or ctx.actor.user_id == row.outgoing_user_id:
                    raise ServiceError(_SAME_USER)
                row.incoming_user_id = ctx.actor.user_id
                row.incoming_confirmed_at = now
            else:
                if row.outgoing_confirmed_at is not None:
                    raise ServiceError(_ALREADY_HANDED)
                if notes is not None:
                    row.notes = notes.strip()
                if outgoing:
                    row.report = report
                    row.outgoing_user_id = ctx.actor.user_id
                    row.outgoing_confirmed_at = now
            s.flush()
            work.entity_id = str(row.id)
            work.detail = {"shift_start": _iso(shift_start), "version": row.version}
            work.changed("handover", row.id, kind)
            view = _view(s, row)
    except IntegrityError as exc:  # another workstation created it first
        raise ConflictError(_CHANGED) from exc
    return view


_CHANGED = QT_TRANSLATE_NOOP(
    "services",
    "The handover was changed on another workstation; it has been reloaded. Check it and try again.",
)
_OUTGOING_FIRST = QT_TRANSLATE_NOOP("services", "The outgoing officer confirms the handover first.")
_ALREADY_HANDED = QT_TRANSLATE_NOOP(
    "services",
    "The outgoing officer has already confirmed this handover; it can no longer be changed.",
)
_ALREADY_TAKEN = QT_TRANSLATE_NOOP(
    "services", "The incoming officer has already confirmed this handover."
)
_SAME_USER = QT_TRANSLATE_NOOP(
    "services", "The incoming officer must be someone other than the outgoing officer."
)


def _row(s, station_id: int, shift_start: datetime) -> Handover | None:
    return s.scalar(
        select(Handover).where(
            Handover.station_id == station_id, Handover.shift_start == shift_start
        )
    )


def _view(s, row: Handover) -> HandoverView:
    people = user_people(s, (row.outgoing_user_id, row.incoming_user_id))
    outgoing, incoming = people.get(row.outgoing_user_id), people.get(row.incoming_user_id)
    report = dict(row.report or {})
    return HandoverView(
        id=row.id,
        shift_start=row.shift_start,
        outgoing_shift=_shift_from_json(report.get("outgoing_shift")),
        incoming_shift=_shift_from_json(report.get("incoming_shift")),
        report=report,
        notes=row.notes or "",
        outgoing_user=outgoing.name if outgoing else None,
        outgoing_user_id=row.outgoing_user_id,
        outgoing_confirmed_at=row.outgoing_confirmed_at,
        incoming_user=incoming.name if incoming else None,
        incoming_confirmed_at=row.incoming_confirmed_at,
        version=row.version,
        outgoing_badge=outgoing.badge if outgoing else None,
        incoming_badge=incoming.badge if incoming else None,
    )


def _fresh_view(shift_start: datetime, report: dict[str, Any]) -> HandoverView:
    return HandoverView(
        id=None,
        shift_start=shift_start,
        outgoing_shift=_shift_from_json(report.get("outgoing_shift")),
        incoming_shift=_shift_from_json(report.get("incoming_shift")),
        report=report,
        notes="",
        outgoing_user=None,
        outgoing_user_id=None,
        outgoing_confirmed_at=None,
        incoming_user=None,
        incoming_confirmed_at=None,
        version=0,
    )


def _shift_json(occ) -> dict[str, Any] | None:
    if occ is None:
        return None
    return {
        "shift_type_id": occ.shift.id,
        "code": occ.shift.code,
        "name": occ.shift.name,
        "day": occ.day.isoformat(),
        "start": _iso(occ.start),
        "end": _iso(occ.end),
        "is_night": occ.shift.is_night,
    }


def _shift_from_json(data: dict[str, Any] | None) -> ShiftNow | None:
    if not data:
        return None
    return ShiftNow(
        shift_type_id=data["shift_type_id"],
        code=data["code"],
        name=data["name"],
        day=date.fromisoformat(data["day"]),
        start=datetime.fromisoformat(data["start"]),
        end=datetime.fromisoformat(data["end"]),
        is_night=bool(data["is_night"]),
    )


def _iso(at: datetime | None) -> str | None:
    return at.isoformat() if at is not None else None


def _rank(priority: str) -> int:
    try:
        return Priority(priority).rank
    except ValueError:
        return len(Priority)
