"""An independent roster checker: the rules, read again from their definitions.

It shares no code with the CP-SAT model (model.py): it walks a finished roster day by
day with ``datetime`` arithmetic and names every broken hard rule and every priced soft
violation. Tests hold the solver to it (the solver's objective must equal the checker's
cost); the UI can use it to check a roster someone edited by hand.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from .problem import CoverRequirement, RosterProblem, ShiftType, StaffMember
from .roster import Assignment, Break, Violation


@dataclass(frozen=True)
class CheckReport:
    breaks: tuple[Break, ...]
    violations: tuple[Violation, ...]

    @property
    def cost(self) -> int:
        return sum(v.amount * v.weight for v in self.violations)

    @property
    def ok(self) -> bool:
        return not self.breaks


def check(
    problem: RosterProblem, assignments: list[Assignment] | tuple[Assignment, ...]
) -> CheckReport:
    """Every hard-rule break and every soft violation of ``assignments``."""
    return _Check(problem, assignments).run()


class _Check:
    def __init__(self, problem: RosterProblem, assignments) -> None:
        self.p = problem
        self.first = problem.start_date
        self.last = problem.start_date + timedelta(days=problem.days - 1)
        self.shifts = {s.id: s for s in problem.shift_types}
        self.people = {m.id: m for m in problem.staff}
        self.assignments = list(assignments)
        self.breaks: list[Break] = []
        self.violations: list[Violation] = []
        # staff id -> day -> the (first) assignment that day
        self.by_staff: dict[str, dict[date, Assignment]] = defaultdict(dict)

    def run(self) -> CheckReport:
        self._read()
        for member in self.p.staff:
            self._check_member(member)
        self._check_police_on_street()
        self._check_commander()
        self._price_cover()
        self._price_requests()
        self._price_fairness()
        return CheckReport(tuple(self.breaks), tuple(self.violations))

    def _break(self, rule: str, staff: str | None, day: date | None, detail: str) -> None:
        self.breaks.append(Break(rule, staff, day, detail))

    def _every_day(self) -> list[date]:
        out, day = [], self.first
        while day <= self.last:
            out.append(day)
            day += timedelta(days=1)
        return out

    def _cover_days(self, day: date | None) -> list[date]:
        return [day] if day is not None else self._every_day()

    def _priced_days(self, c: CoverRequirement) -> list[date]:
        """A row with a date is priced on that date; a row for every day is priced on the
        days where no dated row names the same shift, post and skill."""
        if c.day is not None:
            return [c.day]
        taken = {
            o.day
            for o in self.p.cover
            if o.day is not None and o.shift == c.shift and o.post == c.post and o.skill == c.skill
        }
        return [day for day in self._every_day() if day not in taken]

    # -- reading -------------------------------------------------------------------------

    def _read(self) -> None:
        commander = self.p.rules.commander
        named_posts = set()
        for c in self.p.cover:
            if c.post is not None:
                named_posts.update((d, c.shift, c.post) for d in self._cover_days(c.day))
        for a in self.assignments:
            if a.staff not in self.people or a.shift not in self.shifts:
                self._break("unknown", a.staff, a.day, f"unknown staff or shift {a.shift!r}")
                continue
            if not self.first <= a.day <= self.last:
                self._break("unknown", a.staff, a.day, "date outside the horizon")
                continue
            if a.post is not None:
                is_commander_post = (
                    commander is not None
                    and a.post == commander.post
                    and a.shift in commander.shifts
                )
                if not is_commander_post and (a.day, a.shift, a.post) not in named_posts:
                    self._break("unknown", a.staff, a.day, f"no post {a.post!r} on {a.shift}")
            if a.day in self.by_staff[a.staff]:
                self._break("one_shift_a_day", a.staff, a.day, "two shifts on one day")
                continue
            self.by_staff[a.staff][a.day] = a

    # -- hard rules of one staff member ----------------------------------------------------

    def _check_member(self, m: StaffMember) -> None:
        mine = self.by_staff.get(m.id, {})
        cap = round(self.p.rules.max_shift_hours * 60)
        per_type: Counter[str] = Counter()
        total = 0
        for day, a in sorted(mine.items()):
            shift = self.shifts[a.shift]
            if day in m.leave:
                self._break("leave", m.id, day, "works on a day of leave")
            if shift.minutes > cap:
                self._break("shift_cap", m.id, day, f"{shift.id} is {shift.minutes} min > {cap}")
            per_type[a.shift] += 1
            total += shift.minutes
        for shift_id, limit in m.max_shifts.items():
            if per_type[shift_id] > limit:
                self._break(
                    "max_shifts", m.id, None, f"{per_type[shift_id]} x {shift_id} > {limit}"
                )
        if total < m.min_minutes:
            self._break("min_minutes", m.id, None, f"{total} min < {m.min_minutes}")
        if m.max_minutes is not None and total > m.max_minutes:
            self._break("max_minutes", m.id, None, f"{total} min > {m.max_minutes}")
        self._check_runs(m, mine)
        self._check_weekends(m, mine)
        self._check_successions(m, mine)

    def _check_runs(self, m: StaffMember, mine: dict[date, Assignment]) -> None:
        days = self._every_day()
        runs: list[tuple[bool, int, int]] = []  # (working, first index, length)
        for i, day in enumerate(days):
            working = day in mine
            if runs and runs[-1][0] == working:
                runs[-1] = (working, runs[-1][1], runs[-1][2] + 1)
            else:
                runs.append((working, i, 1))
        for working, start, length in runs:
            at_edge = start == 0 or start + length == len(days)
            if working:
                if m.max_consecutive_work is not None and length > m.max_consecutive_work:
                    self._break(
                        "max_consecutive_work", m.id, days[start], f"{length} days in a row"
                    )
                if length < m.min_consecutive_work and not at_edge:
                    self._break("min_consecutive_work", m.id, days[start], f"only {length} days")
            elif length < m.min_consecutive_off and not at_edge:
                self._break("min_consecutive_off", m.id, days[start], f"only {length} days off")

    def _check_weekends(self, m: StaffMember, mine: dict[date, Assignment]) -> None:
        if m.max_weekends is None:
            return
        mondays = {day - timedelta(days=day.weekday()) for day in mine if day.weekday() >= 5}
        if len(mondays) > m.max_weekends:
            self._break("max_weekends", m.id, None, f"{len(mondays)} weekends > {m.max_weekends}")

    def _check_successions(self, m: StaffMember, mine: dict[date, Assignment]) -> None:
        rest = timedelta(hours=self.p.rules.min_rest_hours)
        spans = []
        for day, a in sorted(mine.items()):
            nxt = mine.get(day + timedelta(days=1))
            if nxt is not None and nxt.shift in self.shifts[a.shift].not_followed_by:
                self._break("not_followed_by", m.id, day, f"{a.shift} then {nxt.shift}")
            spans.append(_span(day, self.shifts[a.shift]) + (day,))
        for (_, end, day), (start, _, _) in zip(spans, spans[1:], strict=False):
            if start - end < rest:
                self._break("min_rest", m.id, day, f"{(start - end)} rest before the next shift")

    # -- police rules ------------------------------------------------------------------------

    def _holds_command(self, a: Assignment) -> bool:
        c = self.p.rules.commander
        return c is not None and a.post == c.post and a.shift in c.shifts

    def _check_police_on_street(self) -> None:
        if not self.p.rules.police_per_team_on_street:
            return
        out: dict[tuple[date, str, str], list[StaffMember]] = defaultdict(list)
        for staff_id, mine in self.by_staff.items():
            for day, a in mine.items():
                if self.shifts[a.shift].street and not self._holds_command(a):
                    member = self.people[staff_id]
                    out[day, a.shift, member.team].append(member)
        for (day, shift_id, team), members in sorted(out.items()):
            if not any(m.role.value == "police" for m in members):
                self._break("police_on_street", None, day, f"team {team} on {shift_id} has no 民警")

    def _check_commander(self) -> None:
        rule = self.p.rules.commander
        if rule is None:
            return
        holders: dict[tuple[date, str], list[str]] = defaultdict(list)
        for staff_id, mine in self.by_staff.items():
            for day, a in mine.items():
                if self._holds_command(a):
                    holders[day, a.shift].append(staff_id)
                    m = self.people[staff_id]
                    if m.role.value != "police" or rule.skill not in m.skills:
                        self._break("commander_qualified", staff_id, day, "not qualified")
        for day in self._every_day():
            for shift_id in rule.shifts:
                n = len(holders.get((day, shift_id), []))
                if n != 1:
                    self._break("commander", None, day, f"{n} commanders on {shift_id}")
        if rule.max_consecutive_days is None:
            return
        for m in self.p.staff:
            streak = 0
            for day in self._every_day():
                on = any(m.id in holders.get((day, s), []) for s in rule.shifts)
                streak = streak + 1 if on else 0
                if streak == rule.max_consecutive_days + 1:
                    self._break("commander_consecutive", m.id, day, f"{streak} days in a row")

    # -- soft rules ----------------------------------------------------------------------------

    def _price_cover(self) -> None:
        for c in self.p.cover:
            key = " ".join(
                x for x in (c.post and f"post={c.post}", c.skill and f"skill={c.skill}") if x
            )
            for day in self._priced_days(c):
                count = 0
                for staff_id, mine in self.by_staff.items():
                    a = mine.get(day)
                    if a is None or a.shift != c.shift:
                        continue
                    if c.post is not None and a.post != c.post:
                        continue
                    if c.skill is not None and c.skill not in self.people[staff_id].skills:
                        continue
                    count += 1
                if count < c.target and c.under_weight:
                    self._violate(
                        "cover_under", day, c.shift, None, key, c.target - count, c.under_weight
                    )
                if count > c.target and c.over_weight:
                    self._violate(
                        "cover_over", day, c.shift, None, key, count - c.target, c.over_weight
                    )

    def _price_requests(self) -> None:
        for r in self.p.requests:
            a = self.by_staff.get(r.staff, {}).get(r.day)
            worked = a is not None and (r.shift is None or a.shift == r.shift)
            if r.weight and worked != r.work:
                rule = "request_work" if r.work else "request_off"
                self._violate(rule, r.day, r.shift, r.staff, "", 1, r.weight)

    def _price_fairness(self) -> None:
        weight = self.p.rules.fairness_weight
        if not weight:
            return
        cap = timedelta(hours=self.p.rules.max_shift_hours)
        days = self._every_day()
        needed = self._people_needed()
        holidays = set(self.p.rules.public_holidays)
        categories = {
            "fair_nights": (days, {s.id for s in self.p.shift_types if s.night}),
            "fair_weekends": ([d for d in days if d.weekday() in (5, 6)], set(self.shifts)),
            "fair_holidays": ([d for d in days if d in holidays], set(self.shifts)),
        }
        for rule, (category_days, kinds) in categories.items():
            total = sum(needed.get((d, k), 0) for d in category_days for k in kinds)
            chances = {}
            for m in self.p.staff:
                allowed = {
                    k
                    for k in kinds
                    if m.max_shifts.get(k, 1) != 0
                    and timedelta(minutes=self.shifts[k].minutes) <= cap
                }
                present = [d for d in category_days if d not in m.leave]
                if allowed and present:
                    chances[m.id] = (allowed, len(present))
            all_chances = sum(n for _, n in chances.values())
            if total == 0 or all_chances == 0:
                continue
            for staff_id, (allowed, n) in chances.items():
                whole, rest = divmod(total * n, all_chances)
                most = whole + (1 if rest else 0)  # the share, rounded up
                mine = self.by_staff.get(staff_id, {})
                got = sum(1 for d in category_days if d in mine and mine[d].shift in allowed)
                if got > most:
                    self._violate(rule, None, None, staff_id, f"<={most}", got - most, weight)

    def _people_needed(self) -> dict[tuple[date, str], int]:
        """Per day and shift: the biggest skill-free head count asked, or the posts' sum."""
        plain: dict[tuple[date, str], int] = defaultdict(int)
        at_posts: dict[tuple[date, str], int] = defaultdict(int)
        for c in self.p.cover:
            if c.skill:
                continue
            for day in self._priced_days(c):
                if c.post:
                    at_posts[day, c.shift] += c.target
                else:
                    plain[day, c.shift] = max(plain[day, c.shift], c.target)
        return {k: max(plain.get(k, 0), at_posts.get(k, 0)) for k in set(plain) | set(at_posts)}

    def _violate(self, rule, day, shift, staff, key, amount, weight) -> None:
        self.violations.append(Violation(rule, day, shift, staff, key, amount, weight))


def _span(day: date, shift: ShiftType) -> tuple[datetime, datetime]:
    start = datetime.combine(day, shift.start)
    return start, start + timedelta(minutes=shift.minutes)
