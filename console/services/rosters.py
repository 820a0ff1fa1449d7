"""The station's duty rosters (排班表): build a problem from the station's people and a
rotation preset, keep drafts, edit them cell by cell, check them with the independent
checker, and approve them.

Staff ids in a stored problem are officer ids written as text; shift type ids are the
codes of the station's shift types (a preset's missing shift types are added to the
station when its first roster is saved).

Approval: only a user with the chief role approves, never a roster that breaks a hard rule.
At most one approved roster covers any date, because "who is on duty now" reads it. A
draft copied from an approved roster replaces it when approved; any other draft that
overlaps an approved roster is refused unless the caller asks to replace it
(``replace=True``, after asking the chief). A replaced roster goes back to draft: it is
kept, can be edited, and no longer says who is on duty.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import delete, select, update

from console.domain.people import OfficerRole, RosterStatus, UserRole
from console.domain.roster import (
    Assignment,
    ProblemError,
    RosterProblem,
    RosterSolution,
    StaffMember,
    check,
)
from console.domain.roster import limits as solve_limits
from console.domain.roster.baseline import greedy_rotation
from console.domain.roster.calendar import CellEdit
from console.domain.roster.presets import PRESETS, find_preset, preset_problem
from console.store.models import Officer, Roster, RosterEntry, ShiftType, Team

from . import validation as checks
from .context import StationContext
from .messages import QT_TRANSLATE_NOOP
from .people import Person, user_people
from .unit_of_work import ConflictError, ServiceError, unit_of_work

# Colours of the shift types a preset adds to a station (the demo's day and night keep theirs).
SHIFT_COLOURS = {"D": "#F2B632", "E": "#4FA37A", "N": "#3E5C9A", "W": "#8E6BBF"}
FALLBACK_COLOUR = "#7F8C8D"
NO_TEAM = "—"
MAX_DAYS = 92  # the longest roster period
MAX_ENTRIES = 100_000  # cells written in one call (people x days)

# Each checker rule in words (roster.py names them; these are the translatable titles).
RULE_TITLES = {
    "one_shift_a_day": QT_TRANSLATE_NOOP("services", "At most one shift a day"),
    "unknown": QT_TRANSLATE_NOOP("services", "Unknown staff, shift, date or post"),
    "leave": QT_TRANSLATE_NOOP("services", "Works on a day of leave"),
    "shift_cap": QT_TRANSLATE_NOOP("services", "Shift longer than the cap"),
    "max_shifts": QT_TRANSLATE_NOOP("services", "Too many shifts of one type"),
    "min_minutes": QT_TRANSLATE_NOOP("services", "Too few hours in the period"),
    "max_minutes": QT_TRANSLATE_NOOP("services", "Too many hours in the period"),
    "min_consecutive_work": QT_TRANSLATE_NOOP("services", "Too few working days in a row"),
    "max_consecutive_work": QT_TRANSLATE_NOOP("services", "Too many working days in a row"),
    "min_consecutive_off": QT_TRANSLATE_NOOP("services", "Too few days off in a row"),
    "max_weekends": QT_TRANSLATE_NOOP("services", "Too many weekends worked"),
    "not_followed_by": QT_TRANSLATE_NOOP("services", "Forbidden shift succession"),
    "min_rest": QT_TRANSLATE_NOOP("services", "Too little rest between shifts"),
    "police_on_street": QT_TRANSLATE_NOOP("services", "A team on the street without a 民警"),
    "commander": QT_TRANSLATE_NOOP("services", "Not exactly one duty commander"),
    "commander_qualified": QT_TRANSLATE_NOOP("services", "Duty commander not qualified"),
    "commander_consecutive": QT_TRANSLATE_NOOP("services", "Duty commander too many days in a row"),
    "cover_under": QT_TRANSLATE_NOOP("services", "Short of people"),
    "cover_over": QT_TRANSLATE_NOOP("services", "More people than needed"),
    "request_work": QT_TRANSLATE_NOOP("services", "Request to work not met"),
    "request_off": QT_TRANSLATE_NOOP("services", "Request for time off not met"),
    "fair_nights": QT_TRANSLATE_NOOP("services", "More than a fair share of nights"),
    "fair_weekends": QT_TRANSLATE_NOOP("services", "More than a fair share of weekend days"),
    "fair_holidays": QT_TRANSLATE_NOOP("services", "More than a fair share of public holidays"),
}


@dataclass(frozen=True)
class RosterHeader:
    id: int
    name: str
    start_date: date
    end_date: date
    status: str  # RosterStatus
    version: int
    created_at: datetime | None
    approved_by: str | None  # the approver's name (see services.people)
    approved_at: datetime | None
    approved_by_badge: str | None = None  # the approver's 警号

    @property
    def approved(self) -> bool:
        return self.status == RosterStatus.APPROVED.value


@dataclass(frozen=True)
class Finding:
    """One broken hard rule (``hard``) or one priced soft violation, in words: ``title`` is a
    translatable English template (context "services"), the rest fills in who, when and what."""

    hard: bool
    rule: str
    title: str
    staff: str | None  # staff id (officer id as text)
    staff_name: str | None
    day: date | None
    shift: str | None
    detail: str
    cost: int = 0
    amount: int = 0  # soft: how many units of the rule (people missing, nights over …)
    key: str = ""  # soft: the post/skill of a cover row, "<=N" the fair share of a fairness rule


@dataclass(frozen=True)
class RosterCheck:
    findings: tuple[Finding, ...]
    cost: int  # the objective: the weighted sum of the soft violations

    @property
    def breaks(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.hard)

    @property
    def violations(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if not f.hard)


@dataclass(frozen=True)
class RosterView:
    """One stored roster with its problem, entries, shift colours and check."""

    header: RosterHeader
    problem: RosterProblem
    assignments: tuple[Assignment, ...]
    shift_colours: dict[str, str] = field(hash=False)
    summary: dict[str, Any] = field(hash=False)
    check: RosterCheck = field(hash=False)


# -- building a problem -------------------------------------------------------------------


def preset_names() -> list[str]:
    """The rotation presets a new roster can follow (五班三运转 …)."""
    return list(PRESETS)


def build_problem(
    ctx: StationContext,
    preset_name: str,
    start: date,
    days: int,
    public_holidays: Sequence[date] = (),
) -> RosterProblem:
    """The station's active officers in their teams, with the preset's shift types, cover,
    contracts and police rules. The commander rule is kept when some 民警 hold the
    ``commander`` skill and dropped otherwise (nobody could fill the post)."""
    _check_period(preset_name, start, days, public_holidays)
    try:
        preset = find_preset(preset_name)
    except ProblemError:
        raise ServiceError(
            QT_TRANSLATE_NOOP("services", "There is no rotation called {preset}."),
            preset=preset_name,
        ) from None
    if isinstance(days, bool) or not 1 <= days <= MAX_DAYS:
        raise ServiceError(
            QT_TRANSLATE_NOOP("services", "A roster covers 1 to 92 days, not {days}."),
            days=checks.shown(days),
        )
    with ctx.reading() as s:
        rows = s.execute(
            select(Officer, Team.name)
            .outerjoin(Team, Team.id == Officer.team_id)
            .where(Officer.station_id == ctx.station_id, Officer.active.is_(True))
            .order_by(Team.code, Officer.role.desc(), Officer.badge_number)
        ).all()
        people = [(o.id, o.name, o.role, list(o.skills or []), team) for o, team in rows]
    needed = 2 * preset.teams
    if len(people) < needed:
        raise ServiceError(
            QT_TRANSLATE_NOOP(
                "services", "{preset} needs at least {needed} people; the station has {count}."
            ),
            preset=preset.name,
            needed=needed,
            count=len(people),
        )
    base = preset_problem(preset, len(people), start, days)
    sample = base.staff[0]
    staff = tuple(
        StaffMember(
            id=str(officer_id),
            name=name,
            role=OfficerRole(role),
            team=team or NO_TEAM,
            skills=tuple(skills),
            min_minutes=sample.min_minutes,
            max_minutes=sample.max_minutes,
            max_consecutive_work=sample.max_consecutive_work,
        )
        for officer_id, name, role, skills, team in people
    )
    # One team per shift in the preset; with other team sizes: everyone's share of shifts.
    worked = sum(1 for s in preset.cycle if s) / len(preset.cycle)
    per_shift = max(1, int(len(staff) * worked / len(preset.shift_types)))
    cover = tuple(replace(c, target=per_shift) for c in base.cover)
    rules = base.rules
    commander = rules.commander
    if commander is not None and not any(
        m.is_police and commander.skill in m.skills for m in staff
    ):
        rules = replace(rules, commander=None)
    rules = replace(
        rules, public_holidays=tuple(d for d in public_holidays if _within(d, start, days))
    )
    return RosterProblem(
        f"{preset.name} {start.isoformat()}",
        start,
        days,
        base.shift_types,
        staff,
        cover,
        (),
        rules,
        rotation=preset.name,
    )


def _check_period(preset_name: object, start: object, days: object, holidays: object) -> None:
    checks.text("preset", preset_name, max_len=100, required=True)
    checks.day("start", start)
    checks.instance("days", days, int)  # the range has its own message below
    for holiday in checks.sequence("public_holidays", holidays, max_len=366):
        checks.day("public_holidays", holiday)


def _within(day: date, start: date, days: int) -> bool:
    return start <= day < start + timedelta(days=days)


def starting_roster(problem: RosterProblem) -> tuple[Assignment, ...]:
    """The greedy rotation of the problem's preset (everyone on their team's cycle, repaired
    by hand rules); empty when the problem follows no preset."""
    if problem.rotation is None:
        return ()
    return greedy_rotation(problem, problem.rotation)


def new_draft_from_preset(
    ctx: StationContext,
    preset_name: str,
    start: date,
    days: int,
    public_holidays: Sequence[date] = (),
) -> int:
    """A new draft: the station's problem for the preset and its greedy rotation."""
    problem = build_problem(ctx, preset_name, start, days, public_holidays)
    roster = starting_roster(problem)
    summary = {"source": "greedy", "objective": check(problem, roster).cost}
    return save_draft(ctx, problem, roster, summary=summary)


# -- writing -------------------------------------------------------------------------------


def save_draft(
    ctx: StationContext,
    problem: RosterProblem,
    assignments: Sequence[Assignment],
    *,
    summary: dict[str, Any] | None = None,
    name: str | None = None,
    action: str = "roster.save_draft",
) -> int:
    """Store a solved or edited roster as a new draft: its problem, entries and solve
    summary, in one audited transaction. Returns the new roster's id."""
    checks.instance("problem", problem, RosterProblem)
    for a in checks.sequence("assignments", assignments, max_len=MAX_ENTRIES):
        checks.instance("assignments", a, Assignment)
    summary = checks.detail("summary", summary, optional=True)
    name = checks.text("name", name, max_len=100, optional=True)
    checks.text("action", action, max_len=64, required=True)
    with unit_of_work(ctx, action, "roster") as work:
        s = work.session
        shift_ids = _station_shift_types(s, ctx, problem)
        officers = _officer_ids(s, ctx, problem)
        roster = Roster(
            station_id=ctx.station_id,
            name=(name or problem.name)[:100],
            start_date=problem.start_date,
            end_date=problem.end_date,
            status=RosterStatus.DRAFT.value,
            version=1,
            created_at=ctx.clock.now(),
            problem=problem.to_json(),
            solve_summary=summary or {},
        )
        s.add(roster)
        s.flush()
        _insert_entries(s, roster.id, assignments, problem, shift_ids, officers)
        work.entity_id = str(roster.id)
        work.detail = {
            "name": roster.name,
            "from": problem.start_date.isoformat(),
            "to": problem.end_date.isoformat(),
            "entries": len(assignments),
            **(
                {"copied_from": summary["copied_from"]}
                if summary and "copied_from" in summary
                else {}
            ),
        }
        work.changed("roster", roster.id, "insert")
    return roster.id


def copy_as_draft(ctx: StationContext, roster_id: int) -> int:
    """A new draft holding the same problem and entries (editing an approved roster)."""
    roster_id = checks.ident("roster", roster_id)
    view = load_roster(ctx, roster_id)
    summary = {**view.summary, "copied_from": roster_id}
    return save_draft(
        ctx,
        view.problem,
        view.assignments,
        summary=summary,
        name=view.header.name,
        action="roster.copy",
    )


def apply_cell_edits(
    ctx: StationContext, roster_id: int, edits: Sequence[CellEdit], *, expected_version: int
) -> RosterView:
    """Set or clear cells (officer x day -> shift type and post) of a draft, all or none, if
    nobody changed the roster since ``expected_version``. A rule the edit breaks is not
    refused here: the check names it, and approval refuses it."""
    roster_id = checks.ident("roster", roster_id)
    expected_version = checks.version("expected_version", expected_version)
    for e in checks.sequence("edits", edits, max_len=MAX_ENTRIES):
        _check_cell_edit(e)
    if not edits:
        return load_roster(ctx, roster_id)
    with unit_of_work(ctx, "roster.edit", "roster", roster_id) as work:
        s = work.session
        roster = _draft(s, ctx, roster_id)
        problem = _problem_of(s, ctx, roster)
        for e in edits:
            _check_edit(problem, e)
        shift_ids = _station_shift_types(s, ctx, problem)
        officers = _officer_ids(s, ctx, problem)
        for e in edits:
            s.execute(
                delete(RosterEntry).where(
                    RosterEntry.roster_id == roster_id,
                    RosterEntry.officer_id == officers[e.staff],
                    RosterEntry.day == e.day,
                )
            )
        new = [
            Assignment(e.staff, e.day, e.shift, e.post)
            for e in {(e.staff, e.day): e for e in edits}.values()
            if e.shift is not None
        ]
        _insert_entries(s, roster_id, new, problem, shift_ids, officers)
        _bump_version(s, roster, expected_version)
        work.detail = {
            "edits": [
                {"officer": e.staff, "day": e.day.isoformat(), "shift": e.shift, "post": e.post}
                for e in edits
            ]
        }
        work.changed("roster", roster_id)
    return load_roster(ctx, roster_id)


def record_solution(
    ctx: StationContext, roster_id: int, solution: RosterSolution, *, expected_version: int
) -> RosterView:
    """Replace a draft's entries with a solver's roster and keep its summary."""
    roster_id = checks.ident("roster", roster_id)
    checks.instance("solution", solution, RosterSolution)
    expected_version = checks.version("expected_version", expected_version)
    if not solution.has_roster:
        raise ServiceError(QT_TRANSLATE_NOOP("services", "The solver found no roster to keep."))
    with unit_of_work(ctx, "roster.solve", "roster", roster_id) as work:
        s = work.session
        roster = _draft(s, ctx, roster_id)
        problem = _problem_of(s, ctx, roster)
        shift_ids = _station_shift_types(s, ctx, problem)
        officers = _officer_ids(s, ctx, problem)
        s.execute(delete(RosterEntry).where(RosterEntry.roster_id == roster_id))
        _insert_entries(s, roster_id, solution.assignments, problem, shift_ids, officers)
        summary = {
            **solution.summary(),
            "source": "solver",
            "stopped": solution.stopped,
            "first_solution_seconds": solution.first_solution_seconds,
        }
        _bump_version(s, roster, expected_version, solve_summary=summary)
        work.detail = {"entries": len(solution.assignments), **solution.summary()}
        work.changed("roster", roster_id)
    return load_roster(ctx, roster_id)


def approve_roster(
    ctx: StationContext, roster_id: int, *, expected_version: int, replace: bool = False
) -> RosterView:
    """Approve a draft as the station chief (see the module's note on overlaps)."""
    roster_id = checks.ident("roster", roster_id)
    expected_version = checks.version("expected_version", expected_version)
    checks.flag("replace", replace)
    actor = ctx.actor
    if actor.role is not UserRole.CHIEF or actor.user_id is None:
        raise ServiceError(
            QT_TRANSLATE_NOOP("services", "Only the station chief can approve a roster.")
        )
    with unit_of_work(ctx, "roster.approve", "roster", roster_id) as work:
        s = work.session
        roster = _draft(s, ctx, roster_id)
        problem = _problem_of(s, ctx, roster)
        report = check(problem, _assignments(s, roster_id, problem))
        if report.breaks:
            raise ServiceError(
                QT_TRANSLATE_NOOP(
                    "services",
                    "Roster {name} breaks {count} hard rules; fix them before approving.",
                ),
                name=roster.name,
                count=len(report.breaks),
            )
        overlapping = list(
            s.scalars(
                select(Roster).where(
                    Roster.station_id == ctx.station_id,
                    Roster.status == RosterStatus.APPROVED.value,
                    Roster.id != roster_id,
                    Roster.start_date <= roster.end_date,
                    Roster.end_date >= roster.start_date,
                )
            )
        )
        copied_from = (roster.solve_summary or {}).get("copied_from")
        refused = [r for r in overlapping if not replace and r.id != copied_from]
        if refused:
            other = refused[0]
            raise OverlapError(
                QT_TRANSLATE_NOOP(
                    "services",
                    "Approved roster {other} already covers {start} to {end}; "
                    "approve this one only to replace it.",
                ),
                other=other.name,
                start=other.start_date.isoformat(),
                end=other.end_date.isoformat(),
                other_id=other.id,
            )
        for old in overlapping:
            old.status = RosterStatus.DRAFT.value
            old.approved_by_user_id = None
            old.approved_at = None
            old.version += 1
            work.changed("roster", old.id)
        _bump_version(
            s,
            roster,
            expected_version,
            status=RosterStatus.APPROVED.value,
            approved_by_user_id=actor.user_id,
            approved_at=ctx.clock.now(),
        )
        work.detail = {"replaced": [r.id for r in overlapping], "cost": report.cost}
        work.changed("roster", roster_id)
    return load_roster(ctx, roster_id)


class OverlapError(ServiceError):
    """Approving would leave two approved rosters on one date; ``params['other_id']``."""


# -- reading -------------------------------------------------------------------------------


def list_rosters(ctx: StationContext) -> list[RosterHeader]:
    """The station's rosters, the latest period first."""
    with ctx.reading() as s:
        rows = s.scalars(
            select(Roster)
            .where(Roster.station_id == ctx.station_id)
            .order_by(Roster.start_date.desc(), Roster.id.desc())
        ).all()
        people = user_people(s, (r.approved_by_user_id for r in rows))
        return [_header(r, people.get(r.approved_by_user_id)) for r in rows]


def load_roster(ctx: StationContext, roster_id: int) -> RosterView:
    """One roster with its problem, entries, the station's shift colours and its check."""
    with ctx.reading() as s:
        roster = s.scalar(
            select(Roster).where(Roster.id == roster_id, Roster.station_id == ctx.station_id)
        )
        if roster is None:
            raise _missing(roster_id)
        approver = user_people(s, [roster.approved_by_user_id]).get(roster.approved_by_user_id)
        problem = _problem_of(s, ctx, roster)
        assignments = _assignments(s, roster_id, problem)
        colours = _shift_colours(s, ctx, problem)
        header = _header(roster, approver)
        summary = dict(roster.solve_summary or {})
    return RosterView(
        header, problem, assignments, colours, summary, check_assignments(problem, assignments)
    )


def check_roster(ctx: StationContext, roster_id: int) -> RosterCheck:
    """Each broken hard rule and each soft violation of a stored roster, in words."""
    return load_roster(ctx, roster_id).check


def check_assignments(problem: RosterProblem, assignments: Sequence[Assignment]) -> RosterCheck:
    """The independent checker's report on ``assignments``, in words."""
    report = check(problem, assignments)
    names = {m.id: m.name for m in problem.staff}
    findings = [
        Finding(
            True,
            b.rule,
            RULE_TITLES.get(b.rule, b.rule),
            b.staff,
            names.get(b.staff or ""),
            b.day,
            None,
            b.detail,
        )
        for b in report.breaks
    ]
    findings += [
        Finding(
            False,
            v.rule,
            RULE_TITLES.get(v.rule, v.rule),
            v.staff,
            names.get(v.staff or ""),
            v.day,
            v.shift,
            _violation_detail(v),
            v.cost,
            v.amount,
            v.key,
        )
        for v in report.violations
    ]
    return RosterCheck(tuple(findings), report.cost)


def _violation_detail(v) -> str:
    key = f" {v.key}" if v.key else ""
    return f"{v.amount} x {v.weight}{key}"


# -- solving -------------------------------------------------------------------------------


def solve_problem(
    problem: RosterProblem,
    *,
    time_limit: float,
    workers: int = 2,
    hint: Sequence[Assignment] | None = None,
    on_progress: Callable[[float, float, float], None] | None = None,
    stop_event: threading.Event | None = None,
) -> RosterSolution:
    """Run the CP-SAT solver on ``problem`` (slow: call it off the UI thread).
    ``on_progress(seconds, objective, bound)`` is called from the solver's threads;
    setting ``stop_event`` ends the search keeping the best roster so far.

    ``time_limit`` covers building the model too. Refused (ServiceError): a problem past
    the solver's size cap, before anything is built, and a problem whose model could not
    be built within the time limit."""
    checks.instance("problem", problem, RosterProblem)
    time_limit = checks.number("time_limit", time_limit, low=0.1, high=MAX_SOLVE_SECONDS)
    workers = checks.integer("workers", workers, low=1, high=MAX_SOLVE_WORKERS)
    if solve_limits.too_large(len(problem.staff), problem.days):
        raise _too_large(len(problem.staff), problem.days)
    from console.domain.roster.solver import RosterSolver  # OR-Tools loads only to solve

    try:
        return RosterSolver(
            problem,
            time_limit=time_limit,
            workers=workers,
            hint=hint or None,
            on_progress=on_progress,
            stop_event=stop_event,
        ).solve()
    except solve_limits.BuildTimeout:
        raise ServiceError(BUILD_TOO_SLOW, seconds=f"{time_limit:g}") from None
    except solve_limits.ProblemTooLarge as exc:  # the solver's own check of the same cap
        raise _too_large(exc.staff, exc.days) from None


def _too_large(staff: int, days: int) -> ServiceError:
    return ServiceError(
        TOO_LARGE_TO_SOLVE,
        staff=staff,
        days=days,
        max_staff=solve_limits.MAX_STAFF,
        max_days=solve_limits.MAX_DAYS,
        max_staff_days=solve_limits.MAX_STAFF_DAYS,
    )


MAX_SOLVE_SECONDS = 24 * 3600
MAX_SOLVE_WORKERS = 64
TOO_LARGE_TO_SOLVE = QT_TRANSLATE_NOOP(
    "services",
    "This roster is too large to solve: {staff} staff over {days} days. The solver takes "
    "at most {max_staff} staff, {max_days} days and {max_staff_days} staff-days; split it "
    "by team or period.",
)
BUILD_TOO_SLOW = QT_TRANSLATE_NOOP(
    "services",
    "Building the model took longer than the time limit ({seconds} s); nothing was "
    "searched. Give the solver more time, or split the roster by team or period.",
)


# -- helpers ---------------------------------------------------------------------------------


def _header(r: Roster, approver: Person | None) -> RosterHeader:
    return RosterHeader(
        r.id,
        r.name,
        r.start_date,
        r.end_date,
        r.status,
        r.version,
        r.created_at,
        approver.name if approver else None,
        r.approved_at,
        approver.badge if approver else None,
    )


def _missing(roster_id: int) -> ServiceError:
    return ServiceError(
        QT_TRANSLATE_NOOP("services", "Roster {roster_id} does not exist."), roster_id=roster_id
    )


def _draft(s, ctx: StationContext, roster_id: int) -> Roster:
    roster = s.get(Roster, roster_id)
    if roster is None or roster.station_id != ctx.station_id:
        raise _missing(roster_id)
    if roster.status != RosterStatus.DRAFT.value:
        raise ServiceError(
            QT_TRANSLATE_NOOP(
                "services", "Roster {name} is approved and read-only; edit a draft copy of it."
            ),
            name=roster.name,
        )
    return roster


def _bump_version(s, roster: Roster, expected_version: int, **values: Any) -> None:
    """Conditional update: the version check and the write are one statement."""
    result = s.execute(
        update(Roster)
        .where(Roster.id == roster.id, Roster.version == expected_version)
        .values(version=Roster.version + 1, **values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise ConflictError(
            QT_TRANSLATE_NOOP(
                "services", "Roster {name} was changed by someone else; it has been reloaded."
            ),
            name=roster.name,
        )
    s.expire(roster)


def _problem_of(s, ctx: StationContext, roster: Roster) -> RosterProblem:
    """The roster's stored problem; for a roster written without one (made elsewhere, such
    as the demo's), a plain one read from the store: the station's officers and shift types,
    every post the entries name, no cover targets and the police rules' defaults without
    the commander rule (nobody's qualification is recorded)."""
    if roster.problem:
        return RosterProblem.from_json(roster.problem)
    rows = s.execute(
        select(Officer, Team.name)
        .outerjoin(Team, Team.id == Officer.team_id)
        .where(Officer.station_id == ctx.station_id)
        .order_by(Team.code, Officer.role.desc(), Officer.badge_number)
    ).all()
    rostered = set(
        s.scalars(select(RosterEntry.officer_id).where(RosterEntry.roster_id == roster.id))
    )
    staff = tuple(
        StaffMember(str(o.id), o.name, OfficerRole(o.role), team or NO_TEAM, tuple(o.skills or ()))
        for o, team in rows
        if o.active or o.id in rostered
    )
    types = list(
        s.scalars(
            select(ShiftType)
            .where(ShiftType.station_id == ctx.station_id)
            .order_by(ShiftType.start_minute, ShiftType.id)
        )
    )
    posts = s.execute(
        select(ShiftType.code, RosterEntry.post)
        .join(ShiftType, ShiftType.id == RosterEntry.shift_type_id)
        .where(RosterEntry.roster_id == roster.id, RosterEntry.post.is_not(None))
        .distinct()
    ).all()
    longest = max((t.duration_min for t in types), default=720)
    data = {
        "name": roster.name,
        "start_date": roster.start_date.isoformat(),
        "days": (roster.end_date - roster.start_date).days + 1,
        "shift_types": [
            {
                "id": t.code,
                "name": t.name,
                "start": f"{t.start_minute // 60:02d}:{t.start_minute % 60:02d}",
                "minutes": t.duration_min,
                "night": t.is_night,
            }
            for t in types
        ],
        "staff": [m.to_json() for m in staff],
        "cover": [
            {"shift": code, "post": post, "target": 0, "under_weight": 0, "over_weight": 0}
            for code, post in sorted(posts)
        ],
        "rules": {"max_shift_hours": max(12.0, longest / 60), "commander": None},
    }
    return RosterProblem.from_json(data)


def _check_cell_edit(e: object) -> None:
    checks.instance("edits", e, CellEdit)
    checks.text("staff", e.staff, max_len=32, required=True)  # type: ignore[attr-defined]
    checks.day("day", e.day)  # type: ignore[attr-defined]
    checks.text("shift", e.shift, max_len=16, optional=True)  # type: ignore[attr-defined]
    checks.text("post", e.post, max_len=32, optional=True)  # type: ignore[attr-defined]


def _check_edit(problem: RosterProblem, e: CellEdit) -> None:
    known_staff = {m.id for m in problem.staff}
    known_shifts = {t.id for t in problem.shift_types}
    if e.staff not in known_staff or not problem.in_horizon(e.day):
        raise ServiceError(QT_TRANSLATE_NOOP("services", "That cell is not part of the roster."))
    if e.shift is not None and e.shift not in known_shifts:
        raise ServiceError(
            QT_TRANSLATE_NOOP("services", "Unknown shift type {shift}."), shift=e.shift
        )
    if e.post is not None and e.shift is None:
        raise ServiceError(QT_TRANSLATE_NOOP("services", "A day off has no post."))


def _assignments(s, roster_id: int, problem: RosterProblem) -> tuple[Assignment, ...]:
    rows = s.execute(
        select(
            RosterEntry.officer_id,
            RosterEntry.day,
            ShiftType.code,
            ShiftType.start_minute,
            ShiftType.duration_min,
            RosterEntry.post,
        )
        .join(ShiftType, ShiftType.id == RosterEntry.shift_type_id)
        .where(RosterEntry.roster_id == roster_id)
    )
    ids = {t.id for t in problem.shift_types}
    by_hours = {(t.start_minute, t.minutes): t.id for t in problem.shift_types}
    return tuple(
        sorted(
            Assignment(
                str(o), d, code if code in ids else by_hours.get((start, minutes), code), post
            )
            for o, d, code, start, minutes, post in rows
        )
    )


def _station_shift_types(s, ctx: StationContext, problem: RosterProblem) -> dict[str, int]:
    """Problem shift type id -> the station's shift type of the same hours (its code when
    it has one, or any other: 三班两运转's D is the demo's 白班). Shift types the station
    lacks are added, under the problem's id, or the id and length when that code is taken
    (五班三运转's 8-hour D next to 三班两运转's 12-hour one)."""
    rows = list(s.scalars(select(ShiftType).where(ShiftType.station_id == ctx.station_id)))
    codes = {r.code for r in rows}
    out: dict[str, int] = {}
    for t in problem.shift_types:
        hours = (t.start_minute, t.minutes)
        same = [r for r in rows if (r.start_minute, r.duration_min) == hours]
        same = [r for r in same if r.id not in out.values()]
        row = next((r for r in same if r.code == t.id), None) or (same[0] if same else None)
        if row is None:
            code = t.id if t.id not in codes else f"{t.id}-{t.minutes // 60}h"
            n = 2
            while code in codes:
                code, n = f"{t.id}-{t.minutes // 60}h{n}", n + 1
            row = ShiftType(
                station_id=ctx.station_id,
                code=code[:16],
                name=t.name,
                start_minute=t.start_minute,
                duration_min=t.minutes,
                is_night=t.night,
                colour=SHIFT_COLOURS.get(t.id, FALLBACK_COLOUR),
            )
            s.add(row)
            s.flush()
            rows.append(row)
            codes.add(row.code)
        out[t.id] = row.id
    return out


def _shift_colours(s, ctx: StationContext, problem: RosterProblem) -> dict[str, str]:
    """Problem shift type id -> the colour of the station's shift type of the same hours."""
    rows = list(s.scalars(select(ShiftType).where(ShiftType.station_id == ctx.station_id)))
    out = {}
    for t in problem.shift_types:
        same = [r for r in rows if (r.start_minute, r.duration_min) == (t.start_minute, t.minutes)]
        row = next((r for r in same if r.code == t.id), None) or (same[0] if same else None)
        colour = row.colour if row is not None else None
        out[t.id] = colour or SHIFT_COLOURS.get(t.id, FALLBACK_COLOUR)
    return out


def _officer_ids(s, ctx: StationContext, problem: RosterProblem) -> dict[str, int]:
    """Staff id -> officer id, for the problem's staff who are officers of this station."""
    wanted = {int(m.id) for m in problem.staff if m.id.isdigit()}
    found = set(
        s.scalars(
            select(Officer.id).where(Officer.station_id == ctx.station_id, Officer.id.in_(wanted))
        )
    )
    missing = [m.name for m in problem.staff if not m.id.isdigit() or int(m.id) not in found]
    if missing:
        raise ServiceError(
            QT_TRANSLATE_NOOP("services", "{name} is not an officer of this station."),
            name=missing[0],
        )
    return {m.id: int(m.id) for m in problem.staff}


def _insert_entries(s, roster_id, assignments, problem, shift_ids, officers) -> None:
    seen: set[tuple[str, date]] = set()
    for a in assignments:
        if a.staff not in officers or a.shift not in shift_ids or not problem.in_horizon(a.day):
            raise ServiceError(
                QT_TRANSLATE_NOOP("services", "That cell is not part of the roster.")
            )
        if (a.staff, a.day) in seen:
            raise ServiceError(
                QT_TRANSLATE_NOOP("services", "{name} has two shifts on {day}."),
                name=problem.member(a.staff).name,
                day=a.day.isoformat(),
            )
        seen.add((a.staff, a.day))
    s.add_all(
        RosterEntry(
            roster_id=roster_id,
            officer_id=officers[a.staff],
            day=a.day,
            shift_type_id=shift_ids[a.shift],
            post=a.post,
        )
        for a in assignments
    )
    s.flush()
