"""The CP-SAT model of a roster problem.

One Boolean per (staff, day, shift type) says who works what; posts and the commander
post are Booleans under it. Hard rules are constraints; each soft rule adds a term to
the objective whose value is exactly its violation (never a loose slack), so the
objective of any roster the solver reports equals the sum of its itemised violations.

With ``guarded=True`` every hard rule is switched by an enforcement literal per rule and
staff member, team-day or day. The infeasibility explainer assumes them all and asks
CP-SAT which ones together cannot hold.

With a ``deadline`` (a ``time.perf_counter()`` value) the builder looks at the clock as it
goes, per staff member, day or cover row in every family of rules, and raises
``BuildTimeout`` once the deadline has passed: a problem too large for its time limit is
given up within a fraction of a second of the limit instead of building on for minutes.
Setting ``interrupt`` (the solver's stop event) ends the build the same way with
``BuildInterrupted``.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from ortools.sat.python import cp_model

from .limits import BuildTimeout
from .problem import CoverRequirement, RosterProblem
from .roster import Assignment, Violation

MINUTES_A_DAY = 24 * 60
GuardKey = tuple[str, str | None, int | None]  # (rule, staff / team / shift id, day index)


@dataclass(frozen=True)
class Term:
    """One priced soft rule: ``weight`` per unit of ``expr``."""

    rule: str
    day: date | None
    shift: str | None
    staff: str | None
    key: str
    weight: int
    expr: cp_model.LinearExprT


class BuildInterrupted(Exception):
    """The build was stopped (``interrupt`` set) before the model was complete."""


class RosterModel:
    """Builds the model on construction; ``model`` is ready to solve."""

    def __init__(
        self,
        problem: RosterProblem,
        *,
        guarded: bool = False,
        deadline: float | None = None,
        interrupt: threading.Event | None = None,
    ) -> None:
        self.problem = problem
        self.model = cp_model.CpModel()
        self.guarded = guarded
        self._deadline = deadline
        self._interrupt = interrupt
        self.guards: dict[GuardKey, cp_model.IntVar] = {}
        self.terms: list[Term] = []
        p = problem
        self._days = range(p.days)
        self._dates = p.dates
        self._index = {s.id: i for i, s in enumerate(p.staff)}
        m = self.model
        self.x: dict[tuple[int, int, str], cp_model.IntVar] = {}
        for i, s in enumerate(p.staff):
            self.on_time()
            for d in self._days:
                for t in p.shift_types:
                    self.x[i, d, t.id] = m.new_bool_var(f"x_{s.id}_{d}_{t.id}")
        self.work: dict[tuple[int, int], cp_model.IntVar] = {}
        for i in self._index.values():
            self.on_time()
            for d in self._days:
                self.work[i, d] = m.new_bool_var(f"w_{i}_{d}")
        for (i, d), w in self.work.items():  # at most one shift a day: structural, never relaxed
            if d == 0:
                self.on_time()
            m.add(w == sum(self.x[i, d, t.id] for t in p.shift_types))
        self.commander: dict[tuple[int, int, str], cp_model.IntVar] = {}
        self.post: dict[tuple[int, int, str, str], cp_model.IntVar] = {}
        self._posts_held: dict[tuple[int, int, str], list[tuple[str, cp_model.IntVar]]] = {}
        self._add_posts()
        self._add_staff_rules()
        self._add_succession_rules()
        self._add_police_on_street()
        self._add_commander_rules()
        self._add_cover_terms()
        self._add_request_terms()
        self._add_fairness_terms()
        self.on_time()
        m.minimize(sum(t.weight * t.expr for t in self.terms))
        self.on_time()

    # -- helpers ------------------------------------------------------------------------

    def on_time(self) -> None:
        """Raises BuildTimeout past the deadline, BuildInterrupted once interrupted."""
        if self._deadline is not None and time.perf_counter() > self._deadline:
            raise BuildTimeout()
        if self._interrupt is not None and self._interrupt.is_set():
            raise BuildInterrupted()

    def _guard(
        self,
        constraint: cp_model.Constraint,
        rule: str,
        subject: str | None = None,
        day: int | None = None,
    ) -> None:
        if not self.guarded:
            return
        key = (rule, subject, day)
        if key not in self.guards:
            self.guards[key] = self.model.new_bool_var(f"g_{rule}_{subject}_{day}")
        constraint.only_enforce_if(self.guards[key])

    def _counted(self, total: cp_model.LinearExprT, most: int) -> cp_model.IntVar:
        # A sum gets its own variable, so that the LP's slack rows have two terms, not 30:
        # that made the relaxation several times faster to solve.
        count = self.model.new_int_var(0, most, "count")
        self.model.add(count == total)
        return count

    def _date(self, d: int) -> date:
        return self._dates[d]

    # -- hard rules ---------------------------------------------------------------------

    def _add_posts(self) -> None:
        """Posts exist only where a cover requirement names one; a worker holds at most one
        post, and the commander post counts as one."""
        p, m = self.problem, self.model
        rule = p.rules.commander
        if rule is not None:
            for i, s in enumerate(p.staff):
                if s.is_police and rule.skill in s.skills:
                    for d in self._days:
                        for t in rule.shifts:
                            self.commander[i, d, t] = m.new_bool_var(f"c_{i}_{d}_{t}")
        posts: set[tuple[int, str, str]] = set()
        for c in p.cover:
            if c.post is not None:
                days = [p.day_index(c.day)] if c.day else list(self._days)
                posts.update((d, c.shift, c.post) for d in days)
        for d, t, post in sorted(posts):
            self.on_time()
            for i in range(len(p.staff)):
                self.post[i, d, t, post] = m.new_bool_var(f"p_{i}_{d}_{t}_{post}")
        held: dict[tuple[int, int, str], list[cp_model.IntVar]] = {}
        for (i, d, t, name), var in self.post.items():
            held.setdefault((i, d, t), []).append(var)
            self._posts_held.setdefault((i, d, t), []).append((name, var))
        for (i, d, t), var in self.commander.items():
            held.setdefault((i, d, t), []).append(var)
        for n, ((i, d, t), held_vars) in enumerate(held.items()):
            if n % 1000 == 0:
                self.on_time()
            m.add(sum(held_vars) <= self.x[i, d, t])

    def _add_staff_rules(self) -> None:
        p, m = self.problem, self.model
        cap = p.rules.max_shift_minutes
        weekends = _weekends(p)
        for i, s in enumerate(p.staff):
            self.on_time()
            x = lambda d, t, i=i: self.x[i, d, t]  # noqa: E731
            work = [self.work[i, d] for d in self._days]
            for day in s.leave:
                if p.in_horizon(day):
                    self._guard(m.add(work[p.day_index(day)] == 0), "leave", s.id)
            for t in p.shift_types:
                if t.minutes > cap:
                    ct = m.add(sum(x(d, t.id) for d in self._days) == 0)
                    self._guard(ct, "shift_cap", s.id)
                if t.id in s.max_shifts:
                    ct = m.add(sum(x(d, t.id) for d in self._days) <= s.max_shifts[t.id])
                    self._guard(ct, "max_shifts", s.id)
            minutes = sum(t.minutes * x(d, t.id) for d in self._days for t in p.shift_types)
            if s.min_minutes > 0:
                self._guard(m.add(minutes >= s.min_minutes), "min_minutes", s.id)
            if s.max_minutes is not None:
                self._guard(m.add(minutes <= s.max_minutes), "max_minutes", s.id)
            most = s.max_consecutive_work
            if most is not None:
                for start in range(p.days - most):
                    ct = m.add(sum(work[start : start + most + 1]) <= most)
                    self._guard(ct, "max_consecutive_work", s.id)
            self._forbid_short_runs(
                work, s.min_consecutive_work, True, "min_consecutive_work", s.id
            )
            self._forbid_short_runs(work, s.min_consecutive_off, False, "min_consecutive_off", s.id)
            if s.max_weekends is not None and weekends:
                worked = []
                for w, days in enumerate(weekends):
                    flag = m.new_bool_var(f"we_{i}_{w}")
                    for d in days:
                        m.add(flag >= work[d])  # linear: the relaxation keeps it
                    worked.append(flag)
                self._guard(m.add(sum(worked) <= s.max_weekends), "max_weekends", s.id)

    def _forbid_short_runs(
        self, work: list[cp_model.IntVar], least: int, working: bool, rule: str, staff: str
    ) -> None:
        """No run of working (or free) days shorter than ``least`` between two days of the
        other kind; runs touching the horizon's ends are exempt."""
        days = len(work)
        for length in range(1, least):
            for start in range(1, days - length):
                end = start + length  # first day after the run
                inside = [work[d].Not() if working else work[d] for d in range(start, end)]
                edges = (
                    [work[start - 1], work[end]]
                    if working
                    else [work[start - 1].Not(), work[end].Not()]
                )
                self._guard(self.model.add_bool_or(inside + edges), rule, staff)

    def _add_succession_rules(self) -> None:
        """Forbidden successions and minimum rest, both over pairs of shifts one or two days
        apart (a shift lasts at most a day, so nothing further can be too close)."""
        p, m = self.problem, self.model
        rest = p.rules.min_rest_minutes
        pairs: list[tuple[str, int, str, str]] = []  # (rule, day offset, first, second)
        for a in p.shift_types:
            for b in p.shift_types:
                if b.id in a.not_followed_by:
                    pairs.append(("not_followed_by", 1, a.id, b.id))
                for offset in (1, 2):
                    gap = offset * MINUTES_A_DAY + b.start_minute - a.start_minute - a.minutes
                    if gap < rest:
                        pairs.append(("min_rest", offset, a.id, b.id))
        if self.guarded:  # one switch per rule and person: keep the pairs apart
            for i, s in enumerate(p.staff):
                self.on_time()
                for rule, offset, a_id, b_id in pairs:
                    for d in range(p.days - offset):
                        ct = m.add_bool_or(
                            [self.x[i, d, a_id].Not(), self.x[i, d + offset, b_id].Not()]
                        )
                        self._guard(ct, rule, s.id)
            return
        # Otherwise one row per shift and day: x[a, d] + sum of the shifts it rules out on
        # day d + offset <= 1 (those are at most one anyway). The same rule as the pairs,
        # but the LP relaxation can no longer split a person half-and-half across them.
        follow: dict[tuple[str, int], set[str]] = {}
        for _, offset, a_id, b_id in pairs:
            follow.setdefault((a_id, offset), set()).add(b_id)
        for i in range(len(p.staff)):
            self.on_time()
            for (a_id, offset), ruled_out in follow.items():
                for d in range(p.days - offset):
                    m.add(
                        self.x[i, d, a_id] + sum(self.x[i, d + offset, b] for b in ruled_out) <= 1
                    )

    def _add_police_on_street(self) -> None:
        """An auxiliary works a street shift only if a 民警 of the same team is out on it
        too; a 民警 holding the commander post is in the command room, not on the street."""
        p, m = self.problem, self.model
        if not p.rules.police_per_team_on_street:
            return
        for team in p.teams():
            members = [i for i, s in enumerate(p.staff) if s.team == team]
            police = [i for i in members if p.staff[i].is_police]
            auxiliaries = [i for i in members if not p.staff[i].is_police]
            if not auxiliaries:
                continue
            for t in (t for t in p.shift_types if t.street):
                for d in self._days:
                    self.on_time()
                    # one literal per team-shift ("a 民警 of the team is out") keeps this to
                    # two-term implications instead of a long sum per auxiliary
                    out = m.new_bool_var(f"police_out_{team}_{d}_{t.id}")
                    on_street = sum(
                        self.x[i, d, t.id] - self.commander.get((i, d, t.id), 0) for i in police
                    )
                    self._guard(m.add(on_street >= out), "police_on_street", team, d)
                    for a in auxiliaries:
                        m.add_implication(self.x[a, d, t.id], out)
                    # the same rule summed up, for the linear relaxation (lp_bound.py): it
                    # leaves implications out (thousands slowed Glop fourfold) but needs
                    # the rule, or its solution cannot guide the search (solver.py)
                    m.add(sum(self.x[a, d, t.id] for a in auxiliaries) <= len(auxiliaries) * out)

    def _add_commander_rules(self) -> None:
        p, m = self.problem, self.model
        rule = p.rules.commander
        if rule is None:
            return
        qualified = sorted({i for i, _, _ in self.commander})
        for d in self._days:
            self.on_time()
            for t in rule.shifts:
                holders = [self.commander[i, d, t] for i in qualified]
                ct = m.add(cp_model.LinearExpr.sum(holders) == 1)
                self._guard(ct, "commander", None, d)
        most = rule.max_consecutive_days
        if most is None:
            return
        for i in qualified:
            self.on_time()
            on = [sum(self.commander[i, d, t] for t in rule.shifts) for d in self._days]
            for start in range(p.days - most):
                ct = m.add(sum(on[start : start + most + 1]) <= most)
                self._guard(ct, "commander_consecutive", p.staff[i].id)

    # -- soft rules ---------------------------------------------------------------------

    def _add_cover_terms(self) -> None:
        p, m = self.problem, self.model
        for c in p.cover:
            staff = [i for i, s in enumerate(p.staff) if c.skill is None or c.skill in s.skills]
            key = " ".join(
                part
                for part in (
                    f"post={c.post}" if c.post else "",
                    f"skill={c.skill}" if c.skill else "",
                )
                if part
            )
            for d in _cover_days(p, c):
                self.on_time()
                on = self.x if c.post is None else self.post
                count = self._counted(
                    sum(
                        on[(i, d, c.shift) if c.post is None else (i, d, c.shift, c.post)]
                        for i in staff
                    ),
                    len(staff),
                )
                for rule, weight, excess, top in (
                    ("cover_under", c.under_weight, c.target - count, c.target),
                    ("cover_over", c.over_weight, count - c.target, len(staff)),
                ):
                    if weight == 0:
                        continue
                    amount = m.new_int_var(0, max(top, 0), f"{rule}_{d}_{c.shift}_{key}")
                    m.add_max_equality(amount, [excess, 0])
                    self.terms.append(Term(rule, self._date(d), c.shift, None, key, weight, amount))

    def _add_request_terms(self) -> None:
        p = self.problem
        for n, r in enumerate(p.requests):
            if n % 1000 == 0:
                self.on_time()
            if r.weight == 0:
                continue
            i, d = self._index[r.staff], p.day_index(r.day)
            on = self.work[i, d] if r.shift is None else self.x[i, d, r.shift]
            rule, missed = ("request_work", 1 - on) if r.work else ("request_off", on)
            self.terms.append(Term(rule, r.day, r.shift, r.staff, "", r.weight, missed))

    def _add_fairness_terms(self) -> None:
        """Nobody should work more nights (weekend days, holiday days) than their fair share
        of the demand, rounded up; each one more costs the weight. The shares are fixed
        numbers (see PoliceRules), which keeps the relaxation's bound useful."""
        p, m = self.problem, self.model
        weight = p.rules.fairness_weight
        if weight == 0:
            return
        holidays = set(p.rules.public_holidays)
        cap = p.rules.max_shift_minutes
        demand = _demand(p)
        nights = [t.id for t in p.shift_types if t.night]
        categories = {
            "fair_nights": (list(self._days), nights),
            "fair_weekends": ([d for d in self._days if self._date(d).weekday() >= 5], None),
            "fair_holidays": ([d for d in self._days if self._date(d) in holidays], None),
        }
        for rule, (days, shifts) in categories.items():
            kinds = shifts if shifts is not None else [t.id for t in p.shift_types]
            total = sum(demand.get((d, t), 0) for d in days for t in kinds)
            eligible = {}
            for i, s in enumerate(p.staff):
                if i % 50 == 0:
                    self.on_time()
                usable = [
                    t for t in kinds if s.max_shifts.get(t, 1) > 0 and p.shift(t).minutes <= cap
                ]
                free = [d for d in days if self._date(d) not in s.leave]
                if usable and free:
                    eligible[i] = (usable, free)
            room = sum(len(free) for _, free in eligible.values())
            if not total or not room:
                continue
            for i, (usable, free) in eligible.items():
                self.on_time()
                high = math.ceil(Fraction(total * len(free), room))
                count = self._counted(sum(self.x[i, d, t] for d in days for t in usable), len(days))
                amount = m.new_int_var(0, len(days), f"{rule}_{i}")
                m.add_max_equality(amount, [count - high, 0])
                key = f"<={high}"
                self.terms.append(Term(rule, None, None, p.staff[i].id, key, weight, amount))

    def fairness_variables(self) -> frozenset[int]:
        """Indexes of the fairness terms' variables (the relaxation may leave them out)."""
        return frozenset(
            t.expr.index
            for t in self.terms
            if t.rule.startswith("fair_") and hasattr(t.expr, "index")
        )

    # -- reading a solution back ----------------------------------------------------------

    def hint(self, assignments: list[Assignment] | tuple[Assignment, ...]) -> None:
        """Suggest a starting roster (a rotation preset's) to the search."""
        p = self.problem
        on = {(a.staff, p.day_index(a.day), a.shift): a.post for a in assignments}
        commander_post = p.rules.commander.post if p.rules.commander else None
        for (i, d, t), var in self.x.items():
            self.model.add_hint(var, (p.staff[i].id, d, t) in on)
        for (i, d, t), var in self.commander.items():
            self.model.add_hint(var, on.get((p.staff[i].id, d, t), "") == commander_post)
        for (i, d, t, post), var in self.post.items():
            self.model.add_hint(var, on.get((p.staff[i].id, d, t), "") == post)

    def complete_hint(
        self, assignments: list[Assignment] | tuple[Assignment, ...], time_limit: float = 10.0
    ) -> tuple[tuple[Assignment, ...], tuple[Violation, ...]] | None:
        """Hints every variable, not just who works what, when the starting roster keeps
        every hard rule: CP-SAT then starts from it at once instead of searching for a
        completion. Returns the roster and its violations, or None (leaving the partial
        hint) when it breaks a rule."""
        self.hint(assignments)
        solver = cp_model.CpSolver()
        solver.parameters.fix_variables_to_their_hinted_value = True
        solver.parameters.catch_sigint_signal = False
        solver.parameters.num_workers = 1
        solver.parameters.max_time_in_seconds = time_limit
        solver.parameters.stop_after_first_solution = True
        if solver.solve(self.model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None
        model = self.model
        values = [
            solver.value(model.get_int_var_from_proto_index(i))
            for i in range(len(model.proto.variables))
        ]
        model.clear_hints()
        for i, value in enumerate(values):
            model.add_hint(model.get_int_var_from_proto_index(i), value)
        return self.assignments(solver.boolean_value), self.violations(solver.value)

    def assignments(self, value: Callable[[cp_model.IntVar], int]) -> tuple[Assignment, ...]:
        """The roster in a solution; ``value`` reads a variable (solver or callback)."""
        p = self.problem
        out = []
        for (i, d, t), var in self.x.items():
            if not value(var):
                continue
            post = None
            if (i, d, t) in self.commander and value(self.commander[i, d, t]):
                post = p.rules.commander.post  # type: ignore[union-attr]
            for name, held in self._posts_held.get((i, d, t), ()):
                if value(held):
                    post = name
            out.append(Assignment(p.staff[i].id, self._date(d), t, post))
        return tuple(sorted(out))

    def violations(self, value: Callable[[cp_model.LinearExprT], int]) -> tuple[Violation, ...]:
        out = []
        for term in self.terms:
            amount = int(value(term.expr))
            if amount:
                out.append(
                    Violation(
                        term.rule, term.day, term.shift, term.staff, term.key, amount, term.weight
                    )
                )
        return tuple(sorted(out, key=_violation_order))


def _violation_order(v: Violation) -> tuple:
    return (v.rule, v.day or date.min, v.shift or "", v.staff or "", v.key, v.amount)


def _cover_days(p: RosterProblem, c: CoverRequirement) -> list[int]:
    """Day indexes a cover row prices: its date, or every day that has no dated row for
    the same shift, post and skill (a dated row overrides the every-day one)."""
    if c.day is not None:
        return [p.day_index(c.day)]
    same = (c.shift, c.post, c.skill)
    dated = {p.day_index(o.day) for o in p.cover if o.day and (o.shift, o.post, o.skill) == same}
    return [d for d in range(p.days) if d not in dated]


def _demand(p: RosterProblem) -> dict[tuple[int, str], int]:
    """People each (day index, shift) needs: the largest target of its cover rows without
    a skill, or the sum of its post targets when that is larger."""
    general: dict[tuple[int, str], int] = {}
    posts: dict[tuple[int, str], int] = {}
    for c in p.cover:
        if c.skill is not None:
            continue
        for d in _cover_days(p, c):
            if c.post is None:
                general[d, c.shift] = max(general.get((d, c.shift), 0), c.target)
            else:
                posts[d, c.shift] = posts.get((d, c.shift), 0) + c.target
    return {k: max(general.get(k, 0), posts.get(k, 0)) for k in general.keys() | posts.keys()}


def _weekends(p: RosterProblem) -> list[list[int]]:
    """Day indexes of each Saturday-Sunday weekend the horizon touches."""
    groups: dict[int, list[int]] = {}
    for d, day in enumerate(p.dates):
        if day.weekday() >= 5:
            groups.setdefault((day.toordinal() - day.weekday()), []).append(d)
    return list(groups.values())
