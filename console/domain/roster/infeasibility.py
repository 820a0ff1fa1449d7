"""Why a roster problem has no roster, said so a station chief can act on it.

Two steps. First plain counting checks that name the rule, the days and the people (no
qualified commander on a day, more hours demanded of someone than their leave leaves
room for, auxiliaries whose team has no 民警). When those pass but CP-SAT still finds
no roster, the model is rebuilt with every hard rule switched by a literal per rule and
person, team-day or day; CP-SAT names a set of those switches that cannot all hold,
and the set is shrunk by dropping members while it stays infeasible.
"""

from __future__ import annotations

import time
from datetime import date

from ortools.sat.python import cp_model

from .model import GuardKey, RosterModel
from .problem import RosterProblem, StaffMember
from .roster import HARD_RULES, Reason


def precheck(problem: RosterProblem) -> list[Reason]:
    """Reasons found by counting alone; each is certain to make the problem infeasible."""
    return _commander_reasons(problem) + _hours_reasons(problem)


def _fmt_days(days: list[date]) -> str:
    if len(days) > 6:
        return f"{days[0]:%m-%d}…{days[-1]:%m-%d} ({len(days)} 天 days)"
    return ", ".join(f"{d:%m-%d}" for d in days)


def _who(m: StaffMember) -> str:
    return f"{m.name} ({m.id})" if m.name != m.id else m.id


def _commander_reasons(p: RosterProblem) -> list[Reason]:
    rule = p.rules.commander
    if rule is None:
        return []
    cap = p.rules.max_shift_minutes
    qualified = [m for m in p.staff if m.is_police and rule.skill in m.skills]
    out: list[Reason] = []
    for shift_id in rule.shifts:
        shift = p.shift(shift_id)
        if shift.minutes > cap:
            out.append(
                Reason(
                    "shift_cap",
                    (
                        f"指挥长班次 {shift.name} 长 {shift.minutes / 60:g} 小时，超过单班上限 "
                        f"{cap / 60:g} 小时，无人可担任。 The commander shift {shift.id} lasts "
                        f"{shift.minutes / 60:g} h, over the {cap / 60:g} h shift cap: nobody may work it. "
                        "Raise rules.max_shift_hours or choose a shorter commander shift."
                    ),
                    days=tuple(p.dates),
                )
            )
            return out
    if not qualified:
        return [
            Reason(
                "commander",
                (
                    f"没有具备指挥长资格（技能 {rule.skill}）的民警。 No 民警 has the commander skill "
                    f"{rule.skill!r}: add the skill to qualified officers."
                ),
                days=tuple(p.dates),
            )
        ]
    missing: dict[str, list[date]] = {}
    for day in p.dates:
        free = [m for m in qualified if day not in m.leave]
        usable = {s: [m for m in free if m.max_shifts.get(s, 1) > 0] for s in rule.shifts}
        for s, people in usable.items():
            if not people:
                missing.setdefault(s, []).append(day)
        if all(usable.values()) and len({m.id for v in usable.values() for m in v}) < len(
            rule.shifts
        ):
            missing.setdefault("+".join(rule.shifts), []).append(day)
    for shifts, days in missing.items():
        away = [m for m in qualified if any(d in m.leave for d in days)]
        out.append(
            Reason(
                "commander",
                (
                    f"{_fmt_days(days)}：{shifts} 班没有可用的指挥长（具备资格的民警都在休假："
                    f"{', '.join(_who(m) for m in away) or '—'}）。 No qualified duty commander is "
                    f"available for {shifts} on these days. Move someone's leave or qualify another 民警."
                ),
                staff=tuple(m.id for m in away),
                days=tuple(days),
            )
        )
    most = rule.max_consecutive_days
    if most is not None and not out:
        for start in range(p.days - most):
            window = p.dates[start : start + most + 1]
            people = {m.id for m in qualified for d in window if d not in m.leave}
            if len(people) < 2:
                out.append(
                    Reason(
                        "commander_consecutive",
                        (
                            f"{_fmt_days(window)}：只有 {', '.join(sorted(people))} 能担任指挥长，但连续担任"
                            f"不得超过 {most} 天。 Only one qualified commander is available on "
                            f"{most + 1} days in a row, but nobody may command more than {most} days in "
                            "a row."
                        ),
                        staff=tuple(sorted(people)),
                        days=tuple(window),
                    )
                )
                break
    return out


def _most_minutes(p: RosterProblem, m: StaffMember, street: bool) -> tuple[int, int]:
    """An upper bound on the minutes ``m`` can work (each free day the longest shift
    still allowed), and the number of free days."""
    cap = p.rules.max_shift_minutes
    free = sum(1 for d in p.dates if d not in m.leave)
    lengths = sorted(
        (
            (t.minutes, m.max_shifts.get(t.id, p.days))
            for t in p.shift_types
            if t.minutes <= cap and (street or not t.street)
        ),
        reverse=True,
    )
    total, days_left = 0, free
    for minutes, limit in lengths:
        used = min(limit, days_left)
        total += used * minutes
        days_left -= used
    return total, free


def _hours_reasons(p: RosterProblem) -> list[Reason]:
    out = []
    no_police = {t for t in p.teams() if not any(m.is_police for m in p.staff if m.team == t)}
    for m in p.staff:
        if m.min_minutes == 0:
            continue
        street = m.is_police or not p.rules.police_per_team_on_street or m.team not in no_police
        most, free = _most_minutes(p, m, street)
        if most >= m.min_minutes:
            continue
        leave = [d for d in p.dates if d in m.leave]
        if not street:
            text = (
                f"{m.team} 没有民警，{_who(m)} 作为辅警不能上街面班次，最多只能工作 {most / 60:g} 小时，"
                f"低于最少工时 {m.min_minutes / 60:g} 小时。 Team {m.team} has no 民警, so "
                f"auxiliary {m.id} may not work street shifts and can reach only {most / 60:g} h "
                f"of the {m.min_minutes / 60:g} h minimum. Move a 民警 into the team."
            )
            out.append(Reason("police_on_street", text, staff=(m.id,)))
            continue
        text = (
            f"{_who(m)} 须至少工作 {m.min_minutes / 60:g} 小时，但除去休假"
            f"（{_fmt_days(leave) if leave else '无'}）只剩 {free} 天，最多 {most / 60:g} 小时。 "
            f"{m.id} must work at least {m.min_minutes / 60:g} h but has {free} free days "
            f"({len(leave)} on leave): at most {most / 60:g} h. Lower min_minutes or shorten the leave."
        )
        out.append(Reason("min_minutes", text, staff=(m.id,), days=tuple(leave)))
    return out


def explain_infeasible(problem: RosterProblem, time_limit: float = 10.0) -> tuple[Reason, ...]:
    """Reasons for a problem CP-SAT proved infeasible: a small set of rules that conflict."""
    deadline = time.perf_counter() + time_limit
    reasons = precheck(problem)
    if reasons:
        return tuple(reasons)
    built = RosterModel(problem, guarded=True)
    built.model.clear_objective()
    core = _core(built, list(built.guards), deadline)
    if core is None:
        return (
            Reason(
                "unknown",
                (
                    "没有可行排班，但在时限内未能找出冲突的规则。 No roster satisfies every hard rule, "
                    "and the conflicting rules were not found in the time allowed: try a longer time limit."
                ),
            ),
        )
    for key in list(core):  # shrink: drop a rule while the rest still conflict
        if time.perf_counter() > deadline or len(core) == 1:
            break
        if key not in core:
            continue
        rest = [k for k in core if k != key]
        smaller = _core(built, rest, min(deadline, time.perf_counter() + 2.0))
        if smaller is not None:
            core = smaller
    head = Reason(
        "conflict",
        (
            "没有可行排班：下列硬性规则不能同时满足，放宽其中任一条即可。 No roster satisfies all "
            "hard rules: the rules below cannot all hold together; relax any one of them."
        ),
    )
    return (head, *(_describe(problem, key) for key in _merge(core)))


def _core(built: RosterModel, keys: list[GuardKey], deadline: float) -> list[GuardKey] | None:
    """A subset of ``keys`` that cannot hold together, or None if ``keys`` can (or time ran out)."""
    seconds = deadline - time.perf_counter()
    if seconds <= 0:
        return None
    model = built.model
    model.clear_assumptions()
    model.add_assumptions([built.guards[k] for k in keys])
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1  # assumption cores need the sequential search
    solver.parameters.catch_sigint_signal = False
    solver.parameters.max_time_in_seconds = seconds
    if solver.solve(model) != cp_model.INFEASIBLE:
        return None
    by_index = {built.guards[k].index: k for k in keys}
    found = [
        by_index[i] for i in solver.sufficient_assumptions_for_infeasibility() if i in by_index
    ]
    return found or keys


def _merge(core: list[GuardKey]) -> list[tuple[str, str | None, tuple[int, ...]]]:
    """Day-level keys of one rule and subject become one line listing the days."""
    merged: dict[tuple[str, str | None], list[int]] = {}
    for rule, subject, day in core:
        merged.setdefault((rule, subject), [])
        if day is not None:
            merged[rule, subject].append(day)
    return [(rule, subject, tuple(sorted(days))) for (rule, subject), days in merged.items()]


def _describe(p: RosterProblem, item: tuple[str, str | None, tuple[int, ...]]) -> Reason:
    rule, subject, day_indexes = item
    days = [p.dates[d] for d in day_indexes]
    title = HARD_RULES.get(rule, rule)
    member = next((m for m in p.staff if m.id == subject), None)
    if member is None:  # a team-day or day rule
        where = f"{subject} " if subject else ""
        return Reason(rule, f"{where}{_fmt_days(days)}: {title}", days=tuple(days))
    detail = {
        "leave": lambda m: f"休假 on leave {_fmt_days([d for d in p.dates if d in m.leave])}",
        "min_minutes": lambda m: f">= {m.min_minutes / 60:g} h",
        "max_minutes": lambda m: f"<= {(m.max_minutes or 0) / 60:g} h",
        "max_shifts": lambda m: ", ".join(f"{k} <= {v}" for k, v in m.max_shifts.items()),
        "min_consecutive_work": lambda m: f">= {m.min_consecutive_work} 天 days",
        "max_consecutive_work": lambda m: f"<= {m.max_consecutive_work} 天 days",
        "min_consecutive_off": lambda m: f">= {m.min_consecutive_off} 天 days",
        "max_weekends": lambda m: f"<= {m.max_weekends}",
        "min_rest": lambda m: f">= {p.rules.min_rest_hours:g} h",
        "shift_cap": lambda m: f"<= {p.rules.max_shift_hours:g} h",
        "commander_consecutive": lambda m: f"<= {p.rules.commander.max_consecutive_days} 天 days",  # type: ignore[union-attr]
    }.get(rule, lambda m: "")(member)
    leave = tuple(d for d in p.dates if d in member.leave) if rule == "leave" else ()
    return Reason(
        rule, f"{_who(member)}: {title} {detail}".rstrip(), staff=(member.id,), days=leave
    )
