"""Dispatch (派警): recommending units for an incident, sending them, their arrival and
clearing, and the incident's lifecycle moves those cause.

Every unit write is a conditional update on the unit's version (and, for dispatch, on
its status still being dispatchable and it having no incident): no lock is held while an
officer thinks, and two workstations racing for one unit get exactly one success. The
loser gets a ``ConflictError`` naming the unit; the UI then asks for a fresh
recommendation.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from sqlalchemy import or_, select, update

from console.domain import policy
from console.domain.incidents import OPEN_STATUSES, IncidentStatus
from console.domain.lifecycle import IncidentAction, TransitionRefused, apply_action
from console.domain.recommend import (
    Candidate,
    CardProgress,
    Recommendation,
    RunCard,
    RunCards,
    Tier,
    arrival_seconds,
    recommend,
)
from console.domain.units import DISPATCHABLE_STATUSES, UnitStatus
from console.paths import migrations_dir
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
from .people import user_people
from .unit_of_work import ChangeSet, ConflictError, ServiceError, Work, unit_of_work

# Statuses a unit is "with its incident" in: arrival and clearing apply to these.
ASSIGNED_STATUSES = frozenset(
    {UnitStatus.DISPATCHED, UnitStatus.EN_ROUTE, UnitStatus.ON_SCENE, UnitStatus.BUSY}
)
DISPATCHABLE_VALUES = tuple(s.value for s in DISPATCHABLE_STATUSES)
DISPOSITION_CHARS = 32  # Incident.disposition_code
WAIVER_REASON_CHARS = 500  # why fewer units than the run card asks for will do


@lru_cache(maxsize=4)
def load_run_cards(path: Path | None = None) -> RunCards:
    """The run cards (db/reference/run_cards.json, or ``path``)."""
    source = path or migrations_dir() / "reference" / "run_cards.json"
    return RunCards.from_data(json.loads(Path(source).read_text("utf-8")))


@dataclass(frozen=True)
class RunCardWaiver:
    """The latest waiver of an incident's run card shortfall: who accepted how many units
    short, when, and why."""

    at: datetime
    by: str  # the person's name (see services.people)
    reason: str
    short: int
    by_badge: str | None = None  # their 警号


@dataclass(frozen=True)
class IncidentRecommendation:
    """A recommendation for one incident, as of ``computed_at``.

    ``card`` is the incident's whole run card and ``progress`` how far the units sent
    (``sent_call_signs``) meet it; ``recommendation`` ranks units for what is left of the
    card, so its team is the units still to send."""

    incident_id: int
    incident_number: str
    incident_version: int
    category_code: str
    category_zh: str
    category_en: str
    priority: str
    narrative: str
    computed_at: datetime
    recommendation: Recommendation
    address_text: str | None = None
    grid_name: str | None = None
    card: RunCard | None = None
    progress: CardProgress = CardProgress()
    sent_call_signs: tuple[str, ...] = ()
    waiver: RunCardWaiver | None = None


@dataclass(frozen=True)
class DispatchResult:
    assignment_id: int
    unit_id: int
    call_sign: str
    incident_id: int
    incident_number: str
    tier: int
    changes: ChangeSet


def _incident(work_or_session, ctx: StationContext, incident_id: int, *, lock: bool) -> Incident:
    session = getattr(work_or_session, "session", work_or_session)
    incident = session.get(Incident, incident_id, with_for_update=lock or None)
    if incident is None or incident.station_id != ctx.station_id:
        raise ServiceError(
            QT_TRANSLATE_NOOP("services", "Incident {incident_id} does not exist."),
            incident_id=incident_id,
        )
    return incident


class SentUnit(NamedTuple):
    unit_id: int
    call_sign: str
    skills: frozenset[str]


def units_sent(session, incident_id: int) -> list[SentUnit]:
    """The units sent to an incident and not stood down before arriving (on their way, on
    scene, or done there), each once, in the order they were sent."""
    rows = session.execute(
        select(Unit.id, Unit.call_sign, Unit.skills)
        .join(Assignment, Assignment.unit_id == Unit.id)
        .where(Assignment.incident_id == incident_id, Assignment.cancelled_at.is_(None))
        .order_by(Assignment.ordered_at, Assignment.id)
    ).all()
    sent: dict[int, SentUnit] = {}
    for unit_id, call_sign, skills in rows:
        sent.setdefault(unit_id, SentUnit(unit_id, call_sign, frozenset(skills or ())))
    return list(sent.values())


def card_progress(session, incident: Incident) -> tuple[RunCard, list[SentUnit], CardProgress]:
    """An incident's run card, the units sent to it, and how far they meet the card."""
    card = load_run_cards().for_incident(incident.category_code, incident.narrative or "")
    sent = units_sent(session, incident.id)
    return card, sent, CardProgress(card.units, len(sent), incident.units_short_waived)


def _latest_waiver(session, incident_id: int) -> RunCardWaiver | None:
    row = session.execute(
        select(IncidentEvent.at, IncidentEvent.detail, IncidentEvent.actor_user_id)
        .where(IncidentEvent.incident_id == incident_id, IncidentEvent.kind == WAIVED_EVENT)
        .order_by(IncidentEvent.at.desc(), IncidentEvent.id.desc())
        .limit(1)
    ).first()
    if row is None:
        return None
    detail = row.detail or {}
    person = user_people(session, [row.actor_user_id]).get(row.actor_user_id)
    return RunCardWaiver(
        row.at,
        person.name if person else "",
        str(detail.get("reason", "")),
        int(detail.get("short", 0)),
        person.badge if person else None,
    )


def recommend_units(
    ctx: StationContext, incident_id: int, *, limit: int | None = None
) -> IncidentRecommendation:
    """Units that can go to an incident, ranked by ETA under what is left of its run card
    once the units already sent count, with how far the card is met."""
    now = ctx.clock.now()
    with ctx.reading() as s:
        incident = _incident(s, ctx, incident_id, lock=False)
        card, sent, progress = card_progress(s, incident)
        waiver = _latest_waiver(s, incident.id) if progress.waived else None
        grid_name = s.scalar(select(Grid.name).where(Grid.id == incident.grid_id))
        place = (incident.address_text, grid_name)
        if incident.lon is None or incident.lat is None:
            raise ServiceError(
                QT_TRANSLATE_NOOP(
                    "services", "Incident {number} has no location yet; locate it first."
                ),
                number=incident.number,
            )
        rows = s.execute(
            select(
                Unit.id, Unit.call_sign, Unit.kind, Unit.status, Unit.skills, Unit.lon, Unit.lat
            ).where(Unit.station_id == ctx.station_id)
        ).all()
        names = s.execute(
            select(Category.name_zh, Category.name_en).where(
                Category.code == incident.category_code
            )
        ).first() or (incident.category_code, incident.category_code)
        header = (
            incident.id,
            incident.number,
            incident.version,
            incident.category_code,
            incident.priority,
            incident.narrative or "",
            incident.lon,
            incident.lat,
            incident.arrival_deadline,
            incident.first_arrived_at,
        )
    (_, number, version, category, priority, narrative, lon, lat, deadline, arrived) = header
    import numpy as np  # numpy and scipy load on the first recommendation

    from .road_graph import station_road_graph

    positions = np.array(
        [(r.lon, r.lat) if r.lon is not None else (np.nan, np.nan) for r in rows], dtype=float
    ).reshape(-1, 2)
    known = ~np.isnan(positions[:, 0])
    eta = np.full(len(rows), np.inf)
    distance = np.full(len(rows), np.nan)
    graph = station_road_graph(ctx)
    if graph is not None and known.any():
        eta = arrival_seconds(graph, lon, lat, positions, [r.kind for r in rows])
        distance[known] = graph.straight_line_m(lon, lat, positions[known])
    candidates = [
        Candidate(
            r.id,
            r.call_sign,
            r.kind,
            r.status,
            frozenset(r.skills or ()),
            float(eta[i]),
            float(distance[i]),
        )
        for i, r in enumerate(rows)
    ]
    # Once a unit is on scene the deadline is met; reinforcements are ranked without it.
    seconds_left = None if deadline is None or arrived else (deadline - now).total_seconds()
    left = card.less([u.skills for u in sent])
    return IncidentRecommendation(
        incident_id=incident_id,
        incident_number=number,
        incident_version=version,
        category_code=category,
        category_zh=names[0],
        category_en=names[1],
        priority=priority,
        narrative=narrative,
        computed_at=now,
        recommendation=recommend(candidates, left, seconds_left=seconds_left, limit=limit),
        address_text=place[0],
        grid_name=place[1],
        card=card,
        progress=progress,
        sent_call_signs=tuple(u.call_sign for u in sent),
        waiver=waiver,
    )


# --- moving units ---------------------------------------------------------------------------


def _conditional_unit_update(
    work: Work, unit: Unit, expected_version: int | None, values: dict, *extra_where
) -> None:
    """Update a unit only if nobody changed it since ``expected_version`` was read."""
    where = [Unit.id == unit.id, *extra_where]
    where.append(Unit.version == (unit.version if expected_version is None else expected_version))
    result = work.session.execute(
        update(Unit)
        .where(*where)
        .values(**values, version=Unit.version + 1)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise ConflictError(
            QT_TRANSLATE_NOOP(
                "services", "Unit {call_sign} was changed at another workstation; look again."
            ),
            call_sign=unit.call_sign,
        )
    work.changed("unit", unit.id)


def _event(work: Work, ctx: StationContext, incident: Incident, kind: str, at, transition, detail):
    work.session.add(
        IncidentEvent(
            incident_id=incident.id,
            at=at,
            kind=kind,
            from_status=transition.from_status.value if transition else None,
            to_status=transition.to_status.value if transition else None,
            actor_user_id=ctx.actor.user_id,
            detail=detail,
        )
    )


def _apply(work: Work, ctx: StationContext, incident: Incident, action: IncidentAction, at, **kw):
    """Move an incident through the lifecycle; returns the transition (None: no move)."""
    try:
        transition = apply_action(
            IncidentStatus(incident.status),
            action,
            at,
            first_dispatched_at=incident.first_dispatched_at,
            first_arrived_at=incident.first_arrived_at,
            **kw,
        )
    except TransitionRefused as exc:
        raise ServiceError(
            QT_TRANSLATE_NOOP("services", "Incident {number}: {reason}"),
            number=incident.number,
            reason=str(exc),
        ) from None
    incident.status = transition.to_status.value
    for name, value in transition.stamps.items():
        setattr(incident, name, value)
    incident.version += 1
    work.changed("incident", incident.id)
    return transition


def _active_assignment(work: Work, unit_id: int, incident_id: int | None) -> Assignment | None:
    query = select(Assignment).where(
        Assignment.unit_id == unit_id,
        Assignment.cleared_at.is_(None),
        Assignment.cancelled_at.is_(None),
    )
    if incident_id is not None:
        query = query.where(Assignment.incident_id == incident_id)
    return work.session.scalars(query.order_by(Assignment.ordered_at.desc())).first()


def dispatch(
    ctx: StationContext,
    incident_id: int,
    unit_id: int,
    *,
    tier: int = Tier.GENERAL,
    expected_unit_version: int,
) -> DispatchResult:
    """Send a unit to an incident (已派), recorded as an assignment in ``tier``.

    The unit must still be at ``expected_unit_version``, dispatchable and free; otherwise
    nothing is written and a ``ConflictError`` (someone else moved it) or ``ServiceError``
    (it cannot go) says why. The first unit moves the incident to 已派警.
    """
    incident_id = checks.ident("incident", incident_id)
    unit_id = checks.ident("unit", unit_id)
    expected_unit_version = checks.version("expected_unit_version", expected_unit_version)
    if type(tier) is not int or tier not in (Tier.GENERAL, Tier.SPECIALIST, Tier.BRANCH):
        raise ServiceError(
            QT_TRANSLATE_NOOP("services", "Unknown reinforcement tier {tier}."),
            tier=checks.shown(tier),
        )
    with unit_of_work(ctx, "incident.dispatch", "incident", incident_id) as work:
        now = ctx.clock.now()
        incident = _incident(work, ctx, incident_id, lock=True)
        unit = work.session.get(Unit, unit_id)
        if unit is None or unit.station_id != ctx.station_id:
            raise ServiceError(
                QT_TRANSLATE_NOOP("services", "Unit {unit_id} does not exist."), unit_id=unit_id
            )
        if IncidentStatus(incident.status) not in OPEN_STATUSES:
            raise ServiceError(
                QT_TRANSLATE_NOOP("services", "Incident {number} is no longer open."),
                number=incident.number,
            )
        result = work.session.execute(
            update(Unit)
            .where(
                Unit.id == unit_id,
                Unit.version == expected_unit_version,
                Unit.status.in_(DISPATCHABLE_VALUES),
                Unit.current_incident_id.is_(None),
            )
            .values(
                status=UnitStatus.DISPATCHED.value,
                status_since=now,
                current_incident_id=incident_id,
                version=Unit.version + 1,
            )
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:
            work.session.refresh(unit)
            if unit.version != expected_unit_version:
                raise ConflictError(
                    QT_TRANSLATE_NOOP(
                        "services",
                        "Unit {call_sign} was just taken or changed at another workstation; "
                        "pick again from a fresh recommendation.",
                    ),
                    call_sign=unit.call_sign,
                )
            raise ServiceError(
                QT_TRANSLATE_NOOP(
                    "services", "Unit {call_sign} cannot be dispatched while it is {status}."
                ),
                call_sign=unit.call_sign,
                status=unit.status,
            )
        work.changed("unit", unit_id)
        transition = None
        if IncidentStatus(incident.status) in (IncidentStatus.RECEIVED, IncidentStatus.ESCALATED):
            transition = _apply(work, ctx, incident, IncidentAction.DISPATCH, now)
        else:  # a reinforcement to an incident already dispatched or on scene
            incident.version += 1
            work.changed("incident", incident.id)
        assignment = Assignment(
            incident_id=incident_id,
            unit_id=unit_id,
            tier=tier,
            ordered_at=now,
            ordered_by_user_id=ctx.actor.user_id,
        )
        work.session.add(assignment)
        work.session.flush()
        if incident.units_short_waived is not None:
            _, _, progress = card_progress(work.session, incident)
            if progress.short == 0:  # the card is met: a later shortfall needs a new waiver
                incident.units_short_waived = None
        detail = {"unit_id": unit_id, "call_sign": unit.call_sign, "tier": tier}
        kind = (
            "dispatched"
            if transition and transition.to_status != transition.from_status
            else "unit_dispatched"
        )
        _event(work, ctx, incident, kind, now, transition, detail)
        work.session.flush()
        work.changed("assignment", assignment.id, "insert")
        work.detail = {**detail, "incident": incident.number}
        result_row = (assignment.id, unit.call_sign, incident.number)
    return DispatchResult(
        assignment_id=result_row[0],
        unit_id=unit_id,
        call_sign=result_row[1],
        incident_id=incident_id,
        incident_number=result_row[2],
        tier=tier,
        changes=work.change_set,
    )


def _unit_for_update(work: Work, ctx: StationContext, unit_id: int) -> Unit:
    unit = work.session.get(Unit, unit_id)
    if unit is None or unit.station_id != ctx.station_id:
        raise ServiceError(
            QT_TRANSLATE_NOOP("services", "Unit {unit_id} does not exist."), unit_id=unit_id
        )
    return unit


def _arrive(work: Work, ctx: StationContext, unit: Unit, expected_version: int | None) -> None:
    now = ctx.clock.now()
    if unit.current_incident_id is None or UnitStatus(unit.status) not in (
        UnitStatus.DISPATCHED,
        UnitStatus.EN_ROUTE,
    ):
        raise ServiceError(
            QT_TRANSLATE_NOOP("services", "Unit {call_sign} is not on its way to an incident."),
            call_sign=unit.call_sign,
        )
    incident = _incident(work, ctx, unit.current_incident_id, lock=True)
    _conditional_unit_update(
        work, unit, expected_version, {"status": UnitStatus.ON_SCENE.value, "status_since": now}
    )
    if incident.lon is not None and incident.lat is not None:
        # On scene means at the scene: the unit is drawn there unless its terminal has
        # reported a position newer than the arrival (a report never goes back in time).
        work.session.execute(
            update(Unit)
            .where(
                Unit.id == unit.id,
                or_(Unit.position_at.is_(None), Unit.position_at < now),
            )
            .values(lon=incident.lon, lat=incident.lat, position_at=now)
            .execution_options(synchronize_session=False)
        )
    assignment = _active_assignment(work, unit.id, incident.id)
    if assignment is not None and assignment.arrived_at is None:
        assignment.arrived_at = now
        work.changed("assignment", assignment.id)
    transition = None
    status = IncidentStatus(incident.status)
    if status is IncidentStatus.DISPATCHED or (
        status is IncidentStatus.ESCALATED and incident.first_arrived_at is None
    ):
        transition = _apply(work, ctx, incident, IncidentAction.ARRIVE, now)
    else:
        work.changed("incident", incident.id)  # its unit list shows who is there
    detail = {"unit_id": unit.id, "call_sign": unit.call_sign}
    kind = (
        "on_scene"
        if transition and transition.to_status != transition.from_status
        else "unit_arrived"
    )
    _event(work, ctx, incident, kind, now, transition, detail)
    work.detail = {**detail, "incident": incident.number}


def _release(
    work: Work, ctx: StationContext, unit: Unit, expected_version: int | None, to: UnitStatus
) -> Incident | None:
    """The unit leaves its incident (clears, or is stood down before arriving)."""
    now = ctx.clock.now()
    incident = (
        _incident(work, ctx, unit.current_incident_id, lock=True)
        if unit.current_incident_id is not None
        else None
    )
    _conditional_unit_update(
        work,
        unit,
        expected_version,
        {"status": to.value, "status_since": now, "current_incident_id": None},
    )
    if incident is None:
        return None
    assignment = _active_assignment(work, unit.id, incident.id)
    if assignment is not None:
        if assignment.arrived_at is None:
            assignment.cancelled_at = now
        else:
            assignment.cleared_at = now
        work.changed("assignment", assignment.id)
    work.session.flush()
    transition = None
    others = work.session.scalar(
        select(Assignment.id).where(
            Assignment.incident_id == incident.id,
            Assignment.cleared_at.is_(None),
            Assignment.cancelled_at.is_(None),
        )
    )
    if others is None and IncidentStatus(incident.status) is IncidentStatus.DISPATCHED:
        transition = _apply(work, ctx, incident, IncidentAction.RECALL, now)  # back to the queue
    else:
        work.changed("incident", incident.id)
    detail = {"unit_id": unit.id, "call_sign": unit.call_sign}
    _event(
        work, ctx, incident, "recalled" if transition else "unit_cleared", now, transition, detail
    )
    work.detail = {**detail, "incident": incident.number, "to": to.value}
    return incident


def unit_arrived(
    ctx: StationContext, unit_id: int, *, expected_version: int | None = None
) -> ChangeSet:
    """The unit is on scene (到场): stamps its assignment and the incident's first arrival."""
    unit_id = checks.ident("unit", unit_id)
    expected_version = checks.version("expected_version", expected_version, optional=True)
    with unit_of_work(ctx, "unit.arrived", "unit", unit_id) as work:
        _arrive(work, ctx, _unit_for_update(work, ctx, unit_id), expected_version)
    return work.change_set


def unit_cleared(
    ctx: StationContext,
    unit_id: int,
    *,
    expected_version: int | None = None,
    to: UnitStatus = UnitStatus.AVAILABLE,
) -> ChangeSet:
    """The unit is done with its incident and back to 备勤 (or ``to``)."""
    unit_id = checks.ident("unit", unit_id)
    expected_version = checks.version("expected_version", expected_version, optional=True)
    to = checks.choice("to", to, UnitStatus)
    with unit_of_work(ctx, "unit.cleared", "unit", unit_id) as work:
        unit = _unit_for_update(work, ctx, unit_id)
        if unit.current_incident_id is None:
            raise ServiceError(
                QT_TRANSLATE_NOOP("services", "Unit {call_sign} has no incident to clear."),
                call_sign=unit.call_sign,
            )
        _release(work, ctx, unit, expected_version, to)
    return work.change_set


def release_incident_units(work: Work, ctx: StationContext, incident_id: int) -> None:
    """Inside a closing transaction: every unit still on the incident returns to 备勤 and
    its assignment ends (cleared if it arrived, cancelled if it was still on its way).

    Any service that closes an incident calls this in the same unit of work."""
    now = ctx.clock.now()
    for unit in work.session.scalars(
        select(Unit).where(Unit.current_incident_id == incident_id).order_by(Unit.id)
    ):
        _conditional_unit_update(
            work,
            unit,
            None,
            {
                "status": UnitStatus.AVAILABLE.value,
                "status_since": now,
                "current_incident_id": None,
            },
        )
    for assignment in work.session.scalars(
        select(Assignment).where(
            Assignment.incident_id == incident_id,
            Assignment.cleared_at.is_(None),
            Assignment.cancelled_at.is_(None),
        )
    ):
        if assignment.arrived_at is None:
            assignment.cancelled_at = now
        else:
            assignment.cleared_at = now
        work.changed("assignment", assignment.id)


def _unchanged_since(incident: Incident, expected_version: int | None) -> None:
    """Refuse when another workstation changed the incident after ``expected_version``
    was read (None: the caller read no version, e.g. a terminal's own report)."""
    if expected_version is not None and incident.version != expected_version:
        raise ConflictError(
            QT_TRANSLATE_NOOP(
                "services", "Incident {number} was changed at another workstation; look again."
            ),
            number=incident.number,
        )


def close_incident(
    ctx: StationContext, incident_id: int, disposition: str, *, expected_version: int | None = None
) -> ChangeSet:
    """Close an incident (办结) with a disposition; every unit still on it returns to 备勤."""
    incident_id = checks.ident("incident", incident_id)
    disposition = checks.text("disposition", disposition, max_len=DISPOSITION_CHARS)
    expected_version = checks.version("expected_version", expected_version, optional=True)
    with unit_of_work(ctx, "incident.close", "incident", incident_id) as work:
        now = ctx.clock.now()
        incident = _incident(work, ctx, incident_id, lock=True)
        _unchanged_since(incident, expected_version)
        release_incident_units(work, ctx, incident_id)
        transition = _apply(work, ctx, incident, IncidentAction.CLOSE, now, disposition=disposition)
        incident.disposition_code = transition.details["disposition"]
        _event(work, ctx, incident, "closed", now, transition, dict(transition.details))
        work.detail = {"incident": incident.number, **transition.details}
    return work.change_set


def request_branch_support(ctx: StationContext, incident_id: int, reason: str = "") -> ChangeSet:
    """梯次增援, tier 3: ask the branch (分局) for units; recorded on the timeline."""
    incident_id = checks.ident("incident", incident_id)
    reason = checks.text("reason", reason, max_len=checks.MAX_FREE_TEXT, multiline=True)
    with unit_of_work(ctx, "incident.request_branch", "incident", incident_id) as work:
        now = ctx.clock.now()
        incident = _incident(work, ctx, incident_id, lock=True)
        if IncidentStatus(incident.status) not in OPEN_STATUSES:
            raise ServiceError(
                QT_TRANSLATE_NOOP("services", "Incident {number} is no longer open."),
                number=incident.number,
            )
        incident.version += 1
        detail = {"tier": Tier.BRANCH, "reason": reason.strip()}
        _event(work, ctx, incident, "branch_requested", now, None, detail)
        work.changed("incident", incident.id)
        work.detail = {"incident": incident.number, **detail}
    return work.change_set


# --- the run card's shortfall ---------------------------------------------------------------

WAIVED_EVENT = "run_card_waived"


def waive_run_card_shortfall(
    ctx: StationContext, incident_id: int, reason: str, *, expected_version: int | None = None
) -> ChangeSet:
    """Accept, with a reason, that an incident has fewer units than its run card asks for
    (持刀 asks for two; one is all there is). The queue then stops highlighting the
    shortfall while it grows no larger. On the timeline and in the audit chain; only the
    roles the policy table allows (值班员, 专职指挥长, 所长) may."""
    incident_id = checks.ident("incident", incident_id)
    reason = checks.text(
        "reason", reason, max_len=WAIVER_REASON_CHARS, required=True, multiline=True
    )
    expected_version = checks.version("expected_version", expected_version, optional=True)
    with unit_of_work(ctx, policy.WAIVE_RUN_CARD, "incident", incident_id) as work:
        now = ctx.clock.now()
        incident = _incident(work, ctx, incident_id, lock=True)
        _unchanged_since(incident, expected_version)
        if IncidentStatus(incident.status) not in OPEN_STATUSES:
            raise ServiceError(
                QT_TRANSLATE_NOOP("services", "Incident {number} is no longer open."),
                number=incident.number,
            )
        card, _, progress = card_progress(work.session, incident)
        if progress.short == 0:
            raise ServiceError(
                QT_TRANSLATE_NOOP(
                    "services",
                    "Incident {number} has the {needed} unit(s) its run card asks for; "
                    "there is no shortfall to waive.",
                ),
                number=incident.number,
                needed=progress.needed,
            )
        if progress.sent == 0:
            raise ServiceError(
                QT_TRANSLATE_NOOP(
                    "services",
                    "No unit has been sent to incident {number} yet; a shortfall is waived "
                    "once at least one unit is on its way.",
                ),
                number=incident.number,
            )
        incident.units_short_waived = progress.short
        incident.version += 1
        detail = {
            "reason": reason.strip(),
            "short": progress.short,
            "needed": progress.needed,
            "sent": progress.sent,
            "card": card.key,
        }
        _event(work, ctx, incident, WAIVED_EVENT, now, None, detail)
        work.changed("incident", incident.id)
        work.detail = {"incident": incident.number, **detail}
    return work.change_set
