"""Who is on duty now (当班): the approved roster read at an instant, for the status board.

When no approved roster covers the instant the board still needs names: it then falls
back to the crews the units carry (``unit_crew``) and says so (``source``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from console.domain import duty
from console.domain.duty import ShiftOccurrence, ShiftSpec
from console.domain.people import OfficerRole, RosterStatus
from console.domain.roster.problem import ProblemError
from console.domain.roster.problem import ShiftType as ProblemShiftType
from console.domain.units import UnitStatus
from console.store.models import Officer, Roster, RosterEntry, ShiftType, Team, Unit, UnitCrew

from .context import StationContext


class DutySource(StrEnum):
    ROSTER = "roster"  # an approved roster covers the instant
    UNIT_CREW = "unit_crew"  # no approved roster: the units' own crews


@dataclass(frozen=True)
class ShiftNow:
    """One shift occurrence, as the board shows it."""

    shift_type_id: int
    code: str
    name: str
    day: date
    start: datetime
    end: datetime
    is_night: bool


@dataclass(frozen=True)
class OfficerOnDuty:
    officer_id: int
    name: str
    badge_number: str
    role: str  # OfficerRole
    team: str | None
    post: str | None
    unit_id: int | None
    unit_call_sign: str | None
    is_leader: bool = False


@dataclass(frozen=True)
class DutyNow:
    at: datetime
    source: DutySource
    roster_name: str | None
    shift: ShiftNow | None
    next_change: ShiftNow | None  # the shift that starts next
    commander: OfficerOnDuty | None  # 专职指挥长
    officers: tuple[OfficerOnDuty, ...]  # commander first, then by unit, then by name

    @property
    def police_count(self) -> int:
        return sum(1 for o in self.officers if o.role == OfficerRole.POLICE.value)

    @property
    def auxiliary_count(self) -> int:
        return sum(1 for o in self.officers if o.role == OfficerRole.AUXILIARY.value)

    def crews(self) -> dict[int, tuple[str, ...]]:
        """Unit id -> crew names, leader first."""
        crews: dict[int, list[str]] = {}
        for o in sorted(self.officers, key=lambda o: (not o.is_leader, o.name)):
            if o.unit_id is not None:
                crews.setdefault(o.unit_id, []).append(o.name)
        return {unit: tuple(names) for unit, names in crews.items()}


def shift_specs(session: Session, station_id: int, at: datetime, tz) -> list[ShiftSpec]:
    """The shift types in force at ``at``: they say which shift is on and when the next
    change comes, for the duty strip, the handover and its prompt.

    Only an approved roster may define them. The one covering ``at``'s local date (or the
    day before, whose night shift may still run), when made from a rotation, gives the
    shift types of its rotation. Otherwise the station's shift types less those only
    unapproved rosters use: the types approved rosters work, and those no roster has used
    yet. A draft (五班三运转 for next week, say) adds its shift types to the station as
    it is saved; until a roster using them is approved they must not reshape the shift
    that is on now."""
    roster = _approved_roster(session, station_id, at, tz)
    if roster is not None and roster[1]:
        specs = _rotation_shift_specs(session, station_id, *roster)
        if specs:
            return specs
    drafts_only = (
        select(RosterEntry.shift_type_id)
        .join(Roster, Roster.id == RosterEntry.roster_id)
        .where(Roster.station_id == station_id)
        .group_by(RosterEntry.shift_type_id)
        .having(func.max(case((Roster.status == RosterStatus.APPROVED.value, 1), else_=0)) == 0)
    )
    return _specs(
        session,
        ShiftType.station_id == station_id,
        ShiftType.id.not_in(drafts_only.scalar_subquery()),
    )


def _specs(session: Session, *where) -> list[ShiftSpec]:
    return [
        ShiftSpec(s.id, s.code, s.name, s.start_minute, s.duration_min, s.is_night)
        for s in session.scalars(select(ShiftType).where(*where).order_by(ShiftType.id))
    ]


def _approved_roster(
    session: Session, station_id: int, at: datetime, tz
) -> tuple[int, dict[str, Any] | None] | None:
    """(id, problem) of the approved roster covering ``at``'s local date, else the day
    before (the night shift of its last day runs into the next morning); the most
    recently approved wins where two overlap."""
    today = at.astimezone(tz).date()
    rows = session.execute(
        select(Roster.id, Roster.end_date, Roster.problem)
        .where(
            Roster.station_id == station_id,
            Roster.status == RosterStatus.APPROVED.value,
            Roster.start_date <= today,
            Roster.end_date >= today - timedelta(days=1),
        )
        .order_by(Roster.approved_at.desc().nulls_last(), Roster.id.desc())
    ).all()
    chosen = next((r for r in rows if r.end_date >= today), rows[0] if rows else None)
    return (chosen.id, chosen.problem) if chosen is not None else None


def _rotation_shift_specs(
    session: Session, station_id: int, roster_id: int, problem: dict[str, Any]
) -> list[ShiftSpec]:
    """The station's shift types a roster made from a problem works: those of its
    problem's shift types (matched by their hours, as saving the draft matched them) and
    any other its entries name."""
    used = select(RosterEntry.shift_type_id).where(RosterEntry.roster_id == roster_id)
    wanted = {int(i) for i in session.scalars(used.distinct())}
    hours = set()
    for i, data in enumerate(problem.get("shift_types", ())):
        try:
            t = ProblemShiftType.from_json(data, f"shift_types[{i}]")
        except ProblemError:
            continue
        hours.add((t.start_minute, t.minutes))
    station = _specs(session, ShiftType.station_id == station_id)
    for start_minute, minutes in hours:
        same = [s for s in station if (s.start_minute, s.duration_min) == (start_minute, minutes)]
        if same and not any(s.id in wanted for s in same):
            wanted.add(same[0].id)
    return [s for s in station if s.id in wanted]


def shift_now(occ: ShiftOccurrence | None) -> ShiftNow | None:
    if occ is None:
        return None
    s = occ.shift
    return ShiftNow(s.id, s.code, s.name, occ.day, occ.start, occ.end, s.is_night)


def who_is_on_duty(ctx: StationContext, at: datetime | None = None) -> DutyNow:
    """The officers on duty at ``at`` (default: now) with their posts and units, the duty
    commander, the current shift and the next shift change."""
    at = at or ctx.clock.now()
    tz = ctx.timezone
    with ctx.reading() as s:
        shifts = shift_specs(s, ctx.station_id, at, tz)
        current = duty.current_shift(shifts, at, tz)
        upcoming = duty.next_shift_start(shifts, at, tz)
        teams: dict[int, str] = {
            t.id: t.name
            for t in s.execute(select(Team.id, Team.name).where(Team.station_id == ctx.station_id))
        }
        call_signs: dict[int, str] = {
            u.id: u.call_sign
            for u in s.execute(
                select(Unit.id, Unit.call_sign).where(Unit.station_id == ctx.station_id)
            )
        }
        rostered = _rostered(s, ctx.station_id, shifts, at, tz)
        if rostered is not None:
            roster_name, entries = rostered
            officers = _officers(s, [e.officer_id for e in entries])
            on_duty = [
                _on_duty(officers[e.officer_id], teams, e.post, e.unit_id, call_signs)
                for e in entries
                if e.officer_id in officers
            ]
            source = DutySource.ROSTER
        else:
            roster_name = None
            rows = s.execute(
                select(UnitCrew.officer_id, UnitCrew.unit_id, UnitCrew.is_leader)
                .join(Unit, Unit.id == UnitCrew.unit_id)
                .where(
                    Unit.station_id == ctx.station_id,
                    Unit.status != UnitStatus.OFF_DUTY.value,
                )
            ).all()
            officers = _officers(s, [r.officer_id for r in rows])
            on_duty = [
                _on_duty(
                    officers[r.officer_id], teams, "street", r.unit_id, call_signs, r.is_leader
                )
                for r in rows
            ]
            source = DutySource.UNIT_CREW
    on_duty = _leaders_marked(on_duty)
    commander = next((o for o in on_duty if duty.is_commander_post(o.post)), None)
    on_duty.sort(
        key=lambda o: (
            not duty.is_commander_post(o.post),
            o.unit_call_sign is None,
            o.unit_call_sign or "",
            not o.is_leader,
            o.post or "",
            o.name,
        )
    )
    return DutyNow(
        at=at,
        source=source,
        roster_name=roster_name,
        shift=shift_now(current),
        next_change=shift_now(upcoming),
        commander=commander,
        officers=tuple(on_duty),
    )


def _rostered(
    s: Session, station_id: int, shifts: Sequence[ShiftSpec], at: datetime, tz
) -> tuple[str, list[RosterEntry]] | None:
    """The approved roster's entries on at ``at``, or None when no approved roster covers
    the current shift's day. The most recently approved roster wins where two overlap."""
    current = duty.current_shift(shifts, at, tz)
    if current is None:
        return None
    days = duty.days_to_look_at(shifts, at, tz)
    rosters = s.execute(
        select(Roster.id, Roster.name, Roster.start_date, Roster.end_date)
        .where(
            Roster.station_id == station_id,
            Roster.status == RosterStatus.APPROVED.value,
            Roster.start_date <= current.day,
            Roster.end_date >= current.day,
        )
        .order_by(Roster.approved_at.desc().nulls_last(), Roster.id.desc())
    ).all()
    if not rosters:
        return None
    roster = rosters[0]
    entries = s.scalars(
        select(RosterEntry).where(RosterEntry.roster_id == roster.id, RosterEntry.day.in_(days))
    ).all()
    on = duty.entries_on_duty(entries, shifts, at, tz)
    for entry in on:
        s.expunge(entry)  # plain values only leave the session
    return roster.name, on


def _officers(s: Session, ids: Sequence[int]) -> dict[int, Officer]:
    if not ids:
        return {}
    return {o.id: o for o in s.scalars(select(Officer).where(Officer.id.in_(set(ids))))}


def _on_duty(
    officer: Officer,
    teams: dict[int, str],
    post: str | None,
    unit_id: int | None,
    call_signs: dict[int, str],
    is_leader: bool = False,
) -> OfficerOnDuty:
    return OfficerOnDuty(
        officer_id=officer.id,
        name=officer.name,
        badge_number=officer.badge_number,
        role=officer.role,
        team=teams.get(officer.team_id) if officer.team_id is not None else None,
        post=post,
        unit_id=unit_id,
        unit_call_sign=call_signs.get(unit_id) if unit_id is not None else None,
        is_leader=is_leader,
    )


def _leaders_marked(officers: list[OfficerOnDuty]) -> list[OfficerOnDuty]:
    """A roster names no leader: in each unit the first 民警 leads (as the units' crews do)."""
    if any(o.is_leader for o in officers):
        return officers
    by_unit: dict[int, list[OfficerOnDuty]] = {}
    for o in officers:
        if o.unit_id is not None:
            by_unit.setdefault(o.unit_id, []).append(o)
    leaders = set()
    for crew in by_unit.values():
        crew.sort(key=lambda o: (o.role != OfficerRole.POLICE.value, o.officer_id))
        leaders.add((crew[0].unit_id, crew[0].officer_id))
    return [
        OfficerOnDuty(**{**o.__dict__, "is_leader": (o.unit_id, o.officer_id) in leaders})
        if o.unit_id is not None
        else o
        for o in officers
    ]
