"""The solver's objective equals its itemised violations, and both equal what the
independent checker recomputes from the roster alone."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date, time, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from console.domain.roster import (
    CommanderRule,
    CoverRequirement,
    Request,
    RosterProblem,
    ShiftType,
    check,
)
from console.domain.roster.presets import preset_problem

from .helpers import AUXILIARY, POLICE, assert_sound, person, problem, solve

EXAMPLES = Path(__file__).resolve().parents[2] / "resources" / "roster"


def same_items(solution, report) -> None:
    assert Counter(solution.violations) == Counter(report.violations)


def test_example_problem():
    p = RosterProblem.from_json(json.loads((EXAMPLES / "example-small-station.json").read_text()))
    s = solve(p)
    assert s.status == "OPTIMAL"
    assert_sound(p, s)
    same_items(s, check(p, s.assignments))


def test_a_preset_with_requests_and_holidays():
    base = preset_problem("三班两运转", 9, date(2025, 9, 29), 7, fairness_weight=3)
    wishes = tuple(
        Request(m.id, base.start_date + timedelta(days=i % 7), i % 3 == 0, 5 + i)
        for i, m in enumerate(base.staff)
    )
    from dataclasses import replace

    rules = replace(base.rules, public_holidays=(date(2025, 10, 1), date(2025, 10, 2)))
    p = replace(base, requests=wishes, rules=rules)
    s = solve(p, seconds=10)
    assert s.has_roster
    assert_sound(p, s)
    same_items(s, check(p, s.assignments))


SHIFTS = (
    ShiftType("D", "白班", time(8, 0), 480),
    ShiftType("E", "中班", time(16, 0), 480, not_followed_by=("D",)),
    ShiftType("N", "夜班", time(0, 0), 480, night=True),
)


@st.composite
def small_problems(draw) -> RosterProblem:
    """Three to five people, three to six days, every kind of rule at random."""
    days = draw(st.integers(3, 6))
    start = date(2025, 3, 1) + timedelta(days=draw(st.integers(0, 6)))
    dates = [start + timedelta(days=i) for i in range(days)]
    staff = []
    for i in range(draw(st.integers(3, 5))):
        role = POLICE if i < 2 else draw(st.sampled_from([POLICE, AUXILIARY]))
        staff.append(
            person(
                f"S{i}",
                role,
                team=draw(st.sampled_from(["一班", "二班"])) if i >= 2 else ("一班", "二班")[i],
                skills=("commander",) if i < 2 else draw(st.sampled_from([(), ("armed",)])),
                max_consecutive_work=draw(st.sampled_from([None, 2, 3])),
                min_consecutive_off=draw(st.sampled_from([1, 2])),
                max_weekends=draw(st.sampled_from([None, 1])),
                max_minutes=draw(st.sampled_from([None, 480 * 3])),
                leave=tuple(draw(st.lists(st.sampled_from(dates), max_size=1))) if i >= 2 else (),
            )
        )
    rows = [
        CoverRequirement(
            t.id, draw(st.integers(0, 3)), draw(st.integers(0, 50)), draw(st.integers(0, 20))
        )
        for t in SHIFTS
    ]
    rows.append(CoverRequirement("N", 1, draw(st.integers(0, 30)), 0, skill="armed"))
    rows.append(CoverRequirement("D", 1, 20, 3, day=draw(st.sampled_from(dates)), post="前台"))
    wishes = [
        Request(
            f"S{draw(st.integers(0, len(staff) - 1))}",
            draw(st.sampled_from(dates)),
            draw(st.booleans()),
            draw(st.integers(0, 40)),
            draw(st.sampled_from([None, "D", "N"])),
        )
        for _ in range(draw(st.integers(0, 4)))
    ]
    commander = CommanderRule(("D",), max_consecutive_days=draw(st.sampled_from([None, 2])))
    return problem(
        staff,
        days=days,
        shifts=SHIFTS,
        cover_rows=rows,
        requests=wishes,
        start=start,
        min_rest_hours=8,
        police_per_team_on_street=draw(st.booleans()),
        commander=draw(st.sampled_from([None, commander])),
        fairness_weight=draw(st.integers(0, 5)),
        public_holidays=(dates[1],),
    )


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
@given(small_problems())
def test_random_small_problems(p):
    s = solve(p, seconds=5)
    if not s.has_roster:
        assert s.status == "INFEASIBLE" and s.reasons
        return
    assert_sound(p, s)
    same_items(s, check(p, s.assignments))
