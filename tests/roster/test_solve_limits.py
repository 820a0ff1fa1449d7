"""The time limit covers building the model, and a problem past the size cap is refused:
by the solver, the command line and the service the roster pane solves through.

No test here times anything: a build that runs out of time is told by its refusal (its
kind and words), not by a stopwatch."""

from __future__ import annotations

import json
import threading
import time
from datetime import date

import pytest

from console.domain.roster.limits import (
    MAX_STAFF_DAYS,
    BuildTimeout,
    ProblemTooLarge,
    SolveRefused,
    too_large,
)
from console.domain.roster.model import BuildInterrupted, RosterModel
from console.domain.roster.presets import preset_problem
from console.domain.roster.solver import RosterSolver
from console.roster_command import run
from console.services import rosters
from console.services.unit_of_work import ServiceError

PRESET = "five-team-three-shift"
START = date(2026, 1, 5)


@pytest.fixture(scope="module")
def at_the_cap():
    """120 staff x 100 days: just within the cap, and seconds to build (about 1.2 s here)."""
    problem = preset_problem(PRESET, 120, START, 100)
    assert len(problem.staff) * problem.days == MAX_STAFF_DAYS
    assert not too_large(len(problem.staff), problem.days)
    return problem


@pytest.fixture(scope="module")
def over_the_cap():
    problem = preset_problem(PRESET, 130, START, 100)  # 13,000 staff-days
    assert too_large(len(problem.staff), problem.days)
    return problem


def test_the_size_cap():
    assert not too_large(500, 24) and not too_large(32, 366)
    assert too_large(501, 1) and too_large(1, 367) and too_large(121, 100)


def test_the_builder_stops_at_its_deadline(at_the_cap):
    with pytest.raises(BuildTimeout) as refused:
        RosterModel(at_the_cap, deadline=time.perf_counter())  # already past
    assert refused.value.kind == "build_timeout"
    assert str(refused.value).startswith("building the model took longer than the time limit")


def test_the_builder_stops_when_interrupted(at_the_cap):
    stop = threading.Event()
    stop.set()
    with pytest.raises(BuildInterrupted):
        RosterModel(at_the_cap, interrupt=stop)


def test_a_build_longer_than_the_time_limit_is_refused(at_the_cap):
    solver = RosterSolver(at_the_cap, time_limit=0.1, workers=1)
    with pytest.raises(BuildTimeout) as refused:
        solver.solve()
    assert isinstance(refused.value, SolveRefused)
    assert refused.value.kind == "build_timeout" and refused.value.time_limit == 0.1
    assert str(refused.value) == (
        "building the model took longer than the time limit (0.1 s); "
        "give the solver more time, or split the problem by team or period"
    )


def test_the_solver_refuses_a_problem_past_the_cap(over_the_cap):
    with pytest.raises(ProblemTooLarge) as refused:
        RosterSolver(over_the_cap, time_limit=5, workers=1).solve()
    assert refused.value.kind == "too_large"
    assert "130 staff x 100 days is too large" in str(refused.value)
    assert "12,000 staff-days" in str(refused.value)


def test_the_command_line_refuses_a_build_longer_than_the_time_limit(at_the_cap, tmp_path, capsys):
    problem = tmp_path / "problem.json"
    problem.write_text(json.dumps(at_the_cap.to_json()), encoding="utf-8")
    out = tmp_path / "solution.json"
    code = run(["solve", str(problem), "--time-limit", "0.1", "--workers", "1", "--out", str(out)])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and not out.exists()
    assert len(err) == 1
    assert err[0].startswith(f"console: error: {problem}: building the model took longer")


def test_the_service_refuses_a_problem_past_the_cap(over_the_cap):
    with pytest.raises(ServiceError) as refused:
        rosters.solve_problem(over_the_cap, time_limit=5, workers=1)
    assert refused.value.template == rosters.TOO_LARGE_TO_SOLVE
    assert refused.value.params == {
        "staff": 130,
        "days": 100,
        "max_staff": 500,
        "max_days": 366,
        "max_staff_days": 12_000,
    }


def test_the_service_refuses_a_build_longer_than_the_time_limit(at_the_cap):
    with pytest.raises(ServiceError) as refused:
        rosters.solve_problem(at_the_cap, time_limit=0.1, workers=1)
    assert refused.value.template == rosters.BUILD_TOO_SLOW
    assert refused.value.params == {"seconds": "0.1"}


@pytest.mark.parametrize(
    ("time_limit", "workers", "field"),
    [
        (float("inf"), 1, "time_limit"),
        (float("nan"), 1, "time_limit"),
        (0, 1, "time_limit"),
        ("5", 1, "time_limit"),
        (5, 0, "workers"),
        (5, 100_000, "workers"),
    ],
)
def test_the_service_refuses_a_bad_time_limit_or_workers(at_the_cap, time_limit, workers, field):
    with pytest.raises(ServiceError) as refused:
        rosters.solve_problem(at_the_cap, time_limit=time_limit, workers=workers)
    assert refused.value.params["field"] == field
