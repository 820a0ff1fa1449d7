"""Rotation presets (轮班模式): the duty patterns stations run, as generated problems and
starting rosters.

Each preset is one team's cycle of shifts and days off; team k runs the same cycle
``offset * k`` days ahead, so that every day each shift has exactly one team on it. The
starting roster (every member follows their team's cycle, the team's commander-qualified
民警 holds the commander post) is given to the solver as a hint and, repaired, is the
greedy baseline the benchmark compares against.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import date, time

from console.domain.people import OfficerRole

from .fields import ProblemError
from .problem import (
    CommanderRule,
    CoverRequirement,
    PoliceRules,
    RosterProblem,
    ShiftType,
    StaffMember,
)
from .roster import Assignment

TEAM_NAMES = "一二三四五六七八九十"
COMMANDER_SKILL = "commander"


@dataclass(frozen=True)
class RotationPreset:
    name: str
    alias: str
    teams: int
    shift_types: tuple[ShiftType, ...]
    cycle: tuple[str | None, ...]  # one team's days: a shift id, or None for a day off
    offset: int
    max_shift_hours: float = 12.0

    @property
    def minutes_per_day(self) -> float:
        """Average minutes a team member works per calendar day."""
        lengths = {t.id: t.minutes for t in self.shift_types}
        return sum(lengths[s] for s in self.cycle if s) / len(self.cycle)

    def shift_of(self, team: int, day: int) -> str | None:
        return self.cycle[(day + self.offset * team) % len(self.cycle)]


def _shift(ident, name, start, minutes, night=False, not_followed_by=()) -> ShiftType:
    return ShiftType(ident, name, time(*start), minutes, True, night, tuple(not_followed_by))


_DAY = _shift("D", "白班", (8, 0), 480)
_EVENING = _shift("E", "中班", (16, 0), 480, not_followed_by=("D",))  # no quick return
_NIGHT = _shift("N", "夜班", (0, 0), 480, night=True)

PRESETS: dict[str, RotationPreset] = {
    p.name: p
    for p in (
        # forward rotation; the free day before the nights gives E -> N a full day's rest
        RotationPreset(
            "五班三运转",
            "five-team-three-shift",
            5,
            (_DAY, _EVENING, _NIGHT),
            ("D", "D", "E", "E", None, "N", "N", None, None, None),
            2,
        ),
        # four teams cannot fit that free day, so the cycle runs backwards N -> E -> D
        RotationPreset(
            "四班三运转",
            "four-team-three-shift",
            4,
            (_DAY, _shift("E", "中班", (16, 0), 480), _NIGHT),
            ("N", "N", "E", "E", "D", "D", None, None),
            2,
        ),
        RotationPreset(
            "三班两运转",
            "three-team-two-shift",
            3,
            (_shift("D", "白班", (8, 0), 720), _shift("N", "夜班", (20, 0), 720, True)),
            ("D", "D", "N", "N", None, None),
            2,
        ),
        RotationPreset(
            "做一休二",
            "one-on-two-off",
            3,
            (_shift("W", "值班", (8, 0), 1440, True),),
            ("W", None, None),
            1,
            24.0,
        ),
    )
}


def find_preset(name: str) -> RotationPreset:
    for preset in PRESETS.values():
        if name in (preset.name, preset.alias):
            return preset
    known = ", ".join(f"{p.name} ({p.alias})" for p in PRESETS.values())
    raise ProblemError(f"unknown rotation preset {name!r}; known: {known}")


def make_staff(preset: RotationPreset, count: int) -> tuple[StaffMember, ...]:
    """``count`` people in ``preset.teams`` teams of near-equal size; about a third of each
    team (at least two) are 民警, the first two of them qualified as duty commander (the
    first holds the post in the rotation, the second stands in)."""
    if count < 2 * preset.teams:
        raise ProblemError(f"{preset.name} needs at least {2 * preset.teams} people, got {count}")
    out: list[StaffMember] = []
    for team in range(preset.teams):
        size = count // preset.teams + (1 if team < count % preset.teams else 0)
        police = max(2, math.ceil(size / 3))
        team_name = f"{TEAM_NAMES[team]}班" if team < len(TEAM_NAMES) else f"{team + 1}班"
        for k in range(size):
            number = len(out) + 1
            is_police = k < police
            skills = ("armed",) if is_police else (("driver",) if k % 2 else ())
            if k < min(2, police - 1):  # a commander's team keeps a 民警 on the street
                skills = (COMMANDER_SKILL, *skills)
            role = OfficerRole.POLICE if is_police else OfficerRole.AUXILIARY
            label = "民警" if is_police else "辅警"
            out.append(
                StaffMember(
                    id=f"{'P' if is_police else 'A'}{number:03d}",
                    name=f"{team_name}{label}{k + 1 if is_police else k - police + 1}",
                    role=role,
                    team=team_name,
                    skills=skills,
                )
            )
    return tuple(out)


def preset_problem(
    preset: RotationPreset | str, staff: int, start: date, days: int, fairness_weight: int = 5
) -> RosterProblem:
    """A problem for ``preset``: its shift types, staff in its teams, cover of one team per
    shift, contracts around the rotation's hours, and the police rules."""
    preset = find_preset(preset) if isinstance(preset, str) else preset
    members = make_staff(preset, staff)
    team_sizes = {
        t: sum(1 for m in members if m.team == t) for t in dict.fromkeys(m.team for m in members)
    }
    lengths = {t.id: t.minutes for t in preset.shift_types}
    worked = [
        sum(lengths.get(preset.shift_of(team, d) or "", 0) for d in range(days))
        for team in range(preset.teams)
    ]
    limits = dict(  # contracts with room around what the rotation itself gives
        min_minutes=int(min(worked) * 0.8) // 60 * 60,
        max_minutes=math.ceil(max(worked) * 1.2 / 60) * 60 + max(lengths.values()),
        max_consecutive_work=_longest_run(preset.cycle) + 1,
    )
    members = tuple(replace(m, **limits) for m in members)
    per_shift = min(team_sizes.values())
    cover = tuple(
        CoverRequirement(t.id, per_shift, under_weight=100, over_weight=10)
        for t in preset.shift_types
    )
    rules = PoliceRules(
        max_shift_hours=preset.max_shift_hours,
        min_rest_hours=8.0,
        commander=CommanderRule(tuple(t.id for t in preset.shift_types), COMMANDER_SKILL),
        fairness_weight=fairness_weight,
    )
    return RosterProblem(
        f"{preset.name} {start}",
        start,
        days,
        preset.shift_types,
        members,
        cover,
        (),
        rules,
        rotation=preset.name,
    )


def check_rotation(problem: RosterProblem) -> RotationPreset | None:
    """The problem's rotation preset, checked against its shift types and teams."""
    if problem.rotation is None:
        return None
    try:
        preset = find_preset(problem.rotation)
    except ProblemError as exc:
        raise ProblemError(f"rotation: {exc}") from None
    missing = sorted({t.id for t in preset.shift_types} - {t.id for t in problem.shift_types})
    if missing:
        raise ProblemError(
            f"rotation: {preset.name} uses shift types {', '.join(missing)} "
            "that the problem does not define"
        )
    return preset


def rotation_roster(problem: RosterProblem, preset: RotationPreset | str) -> tuple[Assignment, ...]:
    """Everyone follows their team's cycle; the team's first commander-qualified 民警 holds
    the commander post on the team's shifts. Leave and other rules are not looked at."""
    preset = find_preset(preset) if isinstance(preset, str) else preset
    teams = list(problem.teams())
    commander = problem.rules.commander
    out = []
    for team_index, team in enumerate(teams):
        members = [m for m in problem.staff if m.team == team]
        chief = next(
            (m for m in members if commander and m.is_police and commander.skill in m.skills), None
        )
        for d, day in enumerate(problem.dates):
            shift = preset.shift_of(team_index % preset.teams, d)
            if shift is None:
                continue
            for m in members:
                post = (
                    commander.post
                    if commander and m is chief and shift in commander.shifts
                    else None
                )
                out.append(Assignment(m.id, day, shift, post))
    return tuple(sorted(out))


def _longest_run(cycle: tuple[str | None, ...]) -> int:
    doubled = cycle + cycle
    best = run = 0
    for s in doubled:
        run = run + 1 if s else 0
        best = max(best, run)
    return min(best, len(cycle))
