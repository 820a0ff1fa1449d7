"""What the roster pane will rely on: progress reports, stopping from another thread,
and the same answer twice with one worker and a seed."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import date

from console.domain.roster import Request, RosterSolver, check
from console.domain.roster.presets import preset_problem

from .helpers import solve


def test_progress_reports_better_rosters_and_rising_bounds():
    p = preset_problem("三班两运转", 12, date(2025, 3, 3), 14)
    seen = []
    s = RosterSolver(
        p,
        time_limit=10,
        workers=1,
        seed=1,
        hint=(),
        on_progress=lambda *report: seen.append(report),
    ).solve()
    assert s.has_roster and seen
    objectives = [o for _, o, _ in seen]
    bounds = [b for _, _, b in seen]
    assert objectives == sorted(objectives, reverse=True) and bounds == sorted(bounds)
    assert seen[-1][1] == s.objective


def test_stop_from_another_thread_keeps_the_best_roster():
    p = preset_problem("五班三运转", 60, date(2025, 3, 3), 28)
    p = replace(p, requests=tuple(Request(m.id, date(2025, 3, 5), False, 7) for m in p.staff))
    # the rotation is the first roster; asking everyone off one day keeps the search busy
    solver = RosterSolver(p, time_limit=120, workers=1, seed=1)
    first = threading.Event()
    solver.on_progress = lambda *_: first.set()
    result = []
    worker = threading.Thread(target=lambda: result.append(solver.solve()))
    worker.start()
    assert first.wait(60), "no roster reported"
    solver.stop()
    worker.join(20)
    assert not worker.is_alive(), "stop() did not end the search"
    (s,) = result
    assert s.stopped and s.has_roster and s.seconds < 60
    assert check(p, s.assignments).ok


def test_stop_before_any_roster():
    p = preset_problem("五班三运转", 60, date(2025, 3, 3), 28)
    solver = RosterSolver(p, time_limit=120, workers=1, seed=1, hint=())
    solver.stop()
    s = solver.solve()
    assert s.stopped and s.seconds < 30


def test_one_worker_and_a_seed_give_the_same_roster_twice():
    p = preset_problem("四班三运转", 12, date(2025, 3, 3), 8)
    first, second = solve(p, seconds=10), solve(p, seconds=10)
    assert first.status == "OPTIMAL"
    assert first.assignments == second.assignments and first.objective == second.objective
