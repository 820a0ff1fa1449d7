"""Small hand-checkable roster problems for the tests, and a deterministic solve."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time

from console.domain.people import OfficerRole
from console.domain.roster import (
    CoverRequirement,
    PoliceRules,
    RosterProblem,
    RosterSolution,
    RosterSolver,
    ShiftType,
    StaffMember,
)

MONDAY = date(2025, 3, 3)
DAY = ShiftType("D", "白班", time(8, 0), 480)
EVENING = ShiftType("E", "中班", time(16, 0), 480)
NIGHT = ShiftType("N", "夜班", time(0, 0), 480, night=True)

POLICE, AUXILIARY = OfficerRole.POLICE, OfficerRole.AUXILIARY


def person(ident: str, role: OfficerRole = POLICE, team: str = "一班", **limits) -> StaffMember:
    return StaffMember(ident, ident, role, team, **limits)


def cover(shift: str, target: int, under: int = 100, over: int = 0, **kw) -> CoverRequirement:
    return CoverRequirement(shift, target, under, over, **kw)


def problem(
    staff: list[StaffMember] | tuple[StaffMember, ...],
    days: int = 3,
    shifts: tuple[ShiftType, ...] = (DAY,),
    cover_rows: tuple[CoverRequirement, ...] = (),
    requests=(),
    start: date = MONDAY,
    **rules,
) -> RosterProblem:
    """A problem with no police rules unless asked for (min rest 0, no 民警 rule)."""
    base = PoliceRules(min_rest_hours=0, police_per_team_on_street=False)
    return RosterProblem(
        "test",
        start,
        days,
        shifts,
        tuple(staff),
        tuple(cover_rows),
        tuple(requests),
        replace(base, **rules),
    )


def solve(p: RosterProblem, seconds: float = 10.0, **kw) -> RosterSolution:
    """One worker and a fixed seed: the same problem gives the same roster."""
    return RosterSolver(p, time_limit=seconds, workers=1, seed=3, **kw).solve()


def worked(solution: RosterSolution, staff: str, start: date = MONDAY) -> list[tuple[int, str]]:
    """(day index, shift) pairs ``staff`` works, in order."""
    return sorted(((a.day - start).days, a.shift) for a in solution.assignments if a.staff == staff)


def days_worked(solution: RosterSolution, staff: str, start: date = MONDAY) -> list[int]:
    return [d for d, _ in worked(solution, staff, start)]


def assert_sound(p: RosterProblem, solution: RosterSolution) -> None:
    """The independent checker finds no broken hard rule and prices the roster exactly as
    the solver did."""
    from console.domain.roster import check

    report = check(p, solution.assignments)
    assert report.ok, [b.describe() for b in report.breaks]
    assert report.cost == solution.objective
    assert sum(v.cost for v in solution.violations) == solution.objective
    assert solution.cp_sat_objective == solution.objective  # the model's objective itself
