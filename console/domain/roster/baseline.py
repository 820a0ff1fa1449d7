"""The greedy rotation: what a careful duty planner does by hand, and the baseline the
solver has to beat (it is also where the solver starts).

Everyone follows their team's cycle. Then, in one pass each, the repairs a planner
makes: leave days come out, weekends beyond someone's limit are given back, an empty
commander shift goes to another qualified 民警, auxiliaries left without a 民警 of their
team stay in; then short shifts are filled with people free that day (those who asked
for the day off last) and crowded shifts are thinned (those who asked for the day off
first). Each step keeps every hard rule it looks at; there is no search and no weighing
of one soft rule against another.
"""

from __future__ import annotations

from collections import defaultdict

from .presets import RotationPreset, check_rotation, rotation_roster
from .problem import CoverRequirement, RosterProblem, StaffMember
from .roster import Assignment


def starting_roster(problem: RosterProblem) -> tuple[Assignment, ...] | None:
    """The greedy rotation of the problem's rotation preset, or None if it names none."""
    preset = check_rotation(problem)
    return None if preset is None else greedy_rotation(problem, preset)


def greedy_rotation(problem: RosterProblem, preset: RotationPreset | str) -> tuple[Assignment, ...]:
    plan = _Plan(problem)
    for a in rotation_roster(problem, preset):
        if a.day not in plan.people[a.staff].leave:
            plan.add(a.staff, problem.day_index(a.day), a.shift, a.post)
    plan.give_back_weekends()
    plan.fill_commander()
    plan.keep_auxiliaries_in()
    plan.fill_short_shifts()
    plan.thin_crowded_shifts()
    return tuple(sorted(plan.roster.values()))


class _Plan:
    """A roster being edited, with per-person totals kept up to date."""

    def __init__(self, problem: RosterProblem) -> None:
        self.p = problem
        self.people = {m.id: m for m in problem.staff}
        self.dates = problem.dates
        self.roster: dict[tuple[str, int], Assignment] = {}
        self.minutes: dict[str, int] = defaultdict(int)
        self.working: dict[tuple[int, str], dict[str, None]] = defaultdict(dict)  # ordered set
        self.counts: dict[tuple[str, str], int] = defaultdict(int)  # (staff, shift) -> shifts
        self.shifts = {t.id: t for t in problem.shift_types}
        self.command_post = problem.rules.commander.post if problem.rules.commander else None
        self.off_wish = {
            (r.staff, problem.day_index(r.day), r.shift) for r in problem.requests if not r.work
        }

    def add(self, staff: str, d: int, shift: str, post: str | None = None) -> None:
        self.roster[staff, d] = Assignment(staff, self.dates[d], shift, post)
        self.minutes[staff] += self.shifts[shift].minutes
        self.working[d, shift][staff] = None
        self.counts[staff, shift] += 1

    def drop(self, staff: str, d: int) -> None:
        a = self.roster.pop((staff, d))
        self.minutes[staff] -= self.shifts[a.shift].minutes
        del self.working[d, a.shift][staff]
        self.counts[staff, a.shift] -= 1

    def wants_off(self, staff: str, d: int, shift: str) -> bool:
        return (staff, d, None) in self.off_wish or (staff, d, shift) in self.off_wish

    def on_shift(self, d: int, shift: str) -> list[str]:
        return list(self.working[d, shift])

    # -- the hand repairs ---------------------------------------------------------------

    def give_back_weekends(self) -> None:
        """Weekends over the limit are given back, a different weekend for each person so
        that no single weekend is left empty."""
        for n, m in enumerate(self.p.staff):
            if m.max_weekends is None:
                continue
            weekends: dict[int, list[int]] = defaultdict(list)
            for d, day in enumerate(self.dates):
                if day.weekday() >= 5 and (m.id, d) in self.roster:
                    weekends[day.toordinal() - day.weekday()].append(d)
            mondays = sorted(weekends)
            excess = max(0, len(mondays) - m.max_weekends)
            for j in range(excess):
                for d in weekends[mondays[(n + j) % len(mondays)]]:
                    self.drop(m.id, d)

    def fill_commander(self) -> None:
        rule = self.p.rules.commander
        if rule is None:
            return
        qualified = [m for m in self.p.staff if m.is_police and rule.skill in m.skills]
        for d in range(self.p.days):
            for shift in rule.shifts:
                held = [s for s in self.on_shift(d, shift) if self.roster[s, d].post == rule.post]
                if held:
                    continue
                on = [
                    m for m in qualified if (a := self.roster.get((m.id, d))) and a.shift == shift
                ]
                free = [m for m in qualified if self.may_add(m, d, shift)]
                for m in on[:1] or free[:1]:
                    if (m.id, d) in self.roster:
                        self.drop(m.id, d)
                    self.add(m.id, d, shift, rule.post)

    def street_police(self, team: str, d: int, shift: str) -> int:
        return sum(
            1
            for s in self.on_shift(d, shift)
            if self.people[s].team == team
            and self.people[s].is_police
            and (self.command_post is None or self.roster[s, d].post != self.command_post)
        )

    def keep_auxiliaries_in(self) -> None:
        if not self.p.rules.police_per_team_on_street:
            return
        for (staff, d), a in list(self.roster.items()):
            m = self.people[staff]
            on_street = not m.is_police and self.shifts[a.shift].street
            if on_street and self.street_police(m.team, d, a.shift) == 0:
                self.drop(staff, d)

    # -- cover ----------------------------------------------------------------------------

    def _rows(self) -> list[tuple[int, CoverRequirement]]:
        rows = []
        for c in self.p.cover:
            if c.post is None:
                days = [self.p.day_index(c.day)] if c.day else range(self.p.days)
                rows.extend((d, c) for d in days)
        return rows

    def _counted(self, d: int, c: CoverRequirement) -> list[str]:
        return [
            s
            for s in self.on_shift(d, c.shift)
            if c.skill is None or c.skill in self.people[s].skills
        ]

    def fill_short_shifts(self) -> None:
        rows = sorted(self._rows(), key=lambda row: -row[1].under_weight)
        for d, c in rows:
            missing = c.target - len(self._counted(d, c))
            if missing <= 0 or c.under_weight == 0:
                continue
            candidates = [
                m
                for m in self.p.staff
                if (c.skill is None or c.skill in m.skills) and self.may_add(m, d, c.shift)
            ]
            # 民警 first (auxiliaries may need one), then those who did not ask for the day
            # off, then those with the fewest minutes so far
            candidates.sort(
                key=lambda m: (
                    not m.is_police,
                    self.wants_off(m.id, d, c.shift),
                    self.minutes[m.id],
                )
            )
            for m in candidates:
                if missing == 0:
                    break
                if (
                    not m.is_police
                    and self.p.rules.police_per_team_on_street
                    and self.shifts[c.shift].street
                    and not self.street_police(m.team, d, c.shift)
                ):
                    continue
                if self.may_add(m, d, c.shift):
                    self.add(m.id, d, c.shift)
                    missing -= 1

    def thin_crowded_shifts(self) -> None:
        rows = self._rows()
        floors = defaultdict(list)  # (day, shift) -> rows that must keep their count
        for d, c in rows:
            floors[d, c.shift].append(c)
        for d, c in rows:
            if c.skill is not None or c.over_weight == 0:
                continue
            extra = len(self._counted(d, c)) - c.target
            if extra <= 0:
                continue
            people = [s for s in self._counted(d, c) if self.roster[s, d].post is None]
            people.sort(key=lambda s: (not self.wants_off(s, d, c.shift), -self.minutes[s]))
            for s in people:
                if extra == 0:
                    break
                if self.may_drop(s, d, floors[d, c.shift]):
                    self.drop(s, d)
                    extra -= 1

    # -- rule checks for one change --------------------------------------------------------

    def may_drop(self, staff: str, d: int, rows: list[CoverRequirement]) -> bool:
        m, a = self.people[staff], self.roster[staff, d]
        if self.minutes[staff] - self.shifts[a.shift].minutes < m.min_minutes:
            return False
        for c in rows:
            if (c.skill is None or c.skill in m.skills) and len(self._counted(d, c)) <= c.target:
                return False
        if m.is_police and self.p.rules.police_per_team_on_street and self.shifts[a.shift].street:
            auxiliaries = any(
                not self.people[s].is_police and self.people[s].team == m.team
                for s in self.on_shift(d, a.shift)
            )
            if auxiliaries and self.street_police(m.team, d, a.shift) <= 1:
                return False
        return self._runs_ok(m, d, working=False)

    def may_add(self, m: StaffMember, d: int, shift: str) -> bool:
        """Whether ``m`` can take ``shift`` on day ``d`` without breaking a rule nearby."""
        day, this = self.dates[d], self.shifts[shift]
        if (m.id, d) in self.roster or day in m.leave:
            return False
        if this.minutes > self.p.rules.max_shift_minutes:
            return False
        if shift in m.max_shifts and self.counts[m.id, shift] >= m.max_shifts[shift]:
            return False
        if m.max_minutes is not None and self.minutes[m.id] + this.minutes > m.max_minutes:
            return False
        rest = self.p.rules.min_rest_minutes
        for offset in (-2, -1, 1, 2):
            other = self.roster.get((m.id, d + offset))
            if other is None:
                continue
            near = self.shifts[other.shift]
            first, second = (near, this) if offset < 0 else (this, near)
            gap = abs(offset) * 1440 + second.start_minute - first.start_minute - first.minutes
            if gap < rest or (abs(offset) == 1 and second.id in first.not_followed_by):
                return False
        if m.max_weekends is not None and day.weekday() >= 5:
            weekends = {
                self.dates[k].toordinal() - self.dates[k].weekday()
                for k in range(self.p.days)
                if self.dates[k].weekday() >= 5 and (m.id, k) in self.roster
            }
            weekends.add(day.toordinal() - day.weekday())
            if len(weekends) > m.max_weekends:
                return False
        return self._runs_ok(m, d, working=True)

    def _runs_ok(self, m: StaffMember, d: int, working: bool) -> bool:
        """The runs of work and rest around day ``d`` keep their limits once ``d`` flips."""
        days = self.p.days

        def works(k: int) -> bool:
            return working if k == d else (m.id, k) in self.roster

        def run(kind: bool) -> tuple[int, bool]:
            start = end = d
            while start > 0 and works(start - 1) == kind:
                start -= 1
            while end < days - 1 and works(end + 1) == kind:
                end += 1
            return end - start + 1, start == 0 or end == days - 1

        length, at_edge = run(working)
        if working and m.max_consecutive_work is not None and length > m.max_consecutive_work:
            return False
        least = m.min_consecutive_work if working else m.min_consecutive_off
        if length < least and not at_edge:
            return False
        # the neighbouring runs of the other kind may become too short
        for k in (d - 1, d + 1):
            if 0 <= k < days and works(k) != working:
                start = end = k
                while start > 0 and works(start - 1) == works(k):
                    start -= 1
                while end < days - 1 and works(end + 1) == works(k):
                    end += 1
                least = m.min_consecutive_work if works(k) else m.min_consecutive_off
                if end - start + 1 < least and start != 0 and end != days - 1:
                    return False
        return True
