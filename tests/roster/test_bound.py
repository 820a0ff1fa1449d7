"""The relaxation's bound (lp_bound.py) never exceeds the optimum, is tight where its
extra rows matter, and the phased search (solver.py) still returns rosters the checker
prices exactly as the solver did."""

from __future__ import annotations

import random
import threading
from dataclasses import replace
from datetime import date, timedelta

import pytest
from ortools.sat.python import cp_model

from console.domain.roster import CoverRequirement, Request, RosterSolver, check
from console.domain.roster.lp_bound import RelaxationBound
from console.domain.roster.model import RosterModel
from console.domain.roster.presets import preset_problem
from console.domain.roster.solver import solve as solve_roster

from .helpers import AUXILIARY, DAY, MONDAY, POLICE, assert_sound, cover, person, problem, solve


def optimum(p) -> int:
    """The optimum proven by CP-SAT alone (with its own LP, and without our bound, which
    the roster solver also uses to call a roster optimal)."""
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 2
    solver.parameters.max_time_in_seconds = 120
    solver.parameters.catch_sigint_signal = False
    status = solver.solve(RosterModel(p).model)
    assert status == cp_model.OPTIMAL, solver.status_name(status)
    return round(solver.objective_value)


def relaxation_bound(p) -> int:
    built = RosterModel(p)
    value = RelaxationBound(built.model).run(60)
    assert value is not None
    return value


def small_station(seed: int):
    """A small month-like problem with everything the bound looks at: a surge beyond the
    staff, skills, the 民警 and commander rules, weekend limits, runs, leave, requests
    and fairness."""
    rng = random.Random(seed)
    preset = rng.choice(["五班三运转", "四班三运转", "三班两运转"])
    days = rng.randint(7, 9)
    base = preset_problem(preset, rng.randint(10, 12), date(2025, 9, 27), days, 5)
    surge = set(rng.sample(range(days), 2))
    rows = []
    for d, day in enumerate(base.dates):
        for t in base.shift_types:
            target = rng.randint(1, 4) + (3 if d in surge else 0)
            rows.append(CoverRequirement(t.id, target, rng.choice([50, 100]), 10, day=day))
        rows.append(CoverRequirement(base.shift_types[0].id, 1, 30, 0, day=day, skill="driver"))
    staff = []
    for m in base.staff:
        if m.is_police:  # the commanders are few: their post every shift is limit enough
            staff.append(replace(m, min_minutes=0))
            continue
        leave = (base.dates[rng.randrange(days)],) if rng.random() < 0.3 else ()
        staff.append(
            replace(
                m,
                leave=leave,
                min_minutes=0,
                max_weekends=1,
                min_consecutive_off=rng.choice([1, 1, 2]),
            )
        )
    requests = tuple(
        Request(m.id, rng.choice(base.dates), rng.random() < 0.3, rng.choice([5, 20]))
        for m in rng.sample(staff, 5)
    )
    holidays = (base.dates[1], base.dates[2])
    return replace(
        base,
        staff=tuple(staff),
        cover=tuple(rows),
        requests=requests,
        rules=replace(base.rules, public_holidays=holidays),
    )


# seeds CP-SAT proves optimal in seconds; the bound is tight on some, below on others
@pytest.mark.parametrize("seed", [0, 3, 5, 6, 7, 9])
def test_bound_never_exceeds_the_optimum(seed):
    p = small_station(seed)
    best = optimum(p)
    assert relaxation_bound(p) <= best
    s = solve(p, seconds=20)
    assert s.objective == best and s.bound <= best
    assert s.status == "OPTIMAL" or s.bound < best
    assert_sound(p, s)


def test_whole_shifts_of_a_contract_round_the_bound_up():
    # 1200 minutes are two and a half shifts: the relaxation alone would let her work 2.5
    # of the three days; the rounded row allows two, as any roster does
    p = problem([person("P1", max_minutes=1200)], days=3, cover_rows=(cover("D", 1, under=100),))
    assert relaxation_bound(p) == optimum(p) == 100


def test_auxiliaries_without_a_police_officer_count_in_the_bound():
    # the 民警 is on leave on the second day, so the two auxiliaries cannot go out either
    staff = [
        person("P1", POLICE, leave=(MONDAY + timedelta(days=1),)),
        person("A1", AUXILIARY),
        person("A2", AUXILIARY),
    ]
    p = problem(staff, days=2, cover_rows=(cover("D", 3),), police_per_team_on_street=True)
    assert p.shift_types == (DAY,)
    assert relaxation_bound(p) == optimum(p) == 300


def test_weekend_limits_count_in_the_bound():
    # two weekends, one of them allowed: whoever works, four weekend days stay short
    staff = [person("P1", max_weekends=1)]
    p = problem(staff, days=14, start=date(2025, 3, 1), cover_rows=(cover("D", 1),))
    assert relaxation_bound(p) == optimum(p) == 200


def test_the_station_month_preset_reaches_its_bound():
    # a five-team month with a surge over capacity on two days: the guided search finds a
    # roster as good as the relaxation's bound, so the gap closes
    base = preset_problem("五班三运转", 30, date(2025, 9, 29), 14, fairness_weight=10)
    rows = [
        CoverRequirement(t.id, 9 if d in (3, 4) else 6, 100, 10, day=day)
        for d, day in enumerate(base.dates)
        for t in base.shift_types
    ]
    p = replace(base, cover=tuple(rows))
    s = RosterSolver(p, time_limit=60, workers=2, seed=1).solve()
    assert_sound(p, s)
    assert s.status == "OPTIMAL" and s.gap == 0


def test_solve_function_takes_progress_and_a_stop_event():
    p = preset_problem("五班三运转", 60, date(2025, 3, 3), 28)
    p = replace(p, requests=tuple(Request(m.id, date(2025, 3, 5), False, 7) for m in p.staff))
    stop = threading.Event()
    seen = []

    def progress(seconds, objective, bound):
        seen.append((seconds, objective, bound))
        stop.set()  # the first roster is enough

    s = solve_roster(p, 120, workers=2, on_progress=progress, stop_event=stop)
    assert seen and s.stopped and s.has_roster and s.seconds < 60
    report = check(p, s.assignments)
    assert report.ok and report.cost == s.objective == seen[0][1]
