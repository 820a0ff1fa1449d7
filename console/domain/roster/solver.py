"""Solving a roster problem with CP-SAT, with progress reports and a way to stop.

The UI runs ``RosterSolver.solve`` off the UI thread; ``on_progress`` is called from the
solver's threads whenever a better roster or a better bound is found, and ``stop()`` (from
any thread) ends the search with the best roster so far.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence

from ortools.sat.python import cp_model

from .baseline import starting_roster
from .infeasibility import explain_infeasible, precheck
from .lp_bound import RelaxationBound
from .model import RosterModel
from .problem import RosterProblem
from .roster import Assignment, RosterSolution

ProgressCallback = Callable[[float, float, float], None]  # (seconds, objective, bound)


class _Progress(cp_model.CpSolverSolutionCallback):
    """Records each improving roster's time and cost and passes it on."""

    def __init__(self, started: float, report: Callable[[float, float | None, float], None]):
        super().__init__()
        self._started = started
        self._report = report
        self.first_seconds: float | None = None
        self.best: float | None = None

    def on_solution_callback(self) -> None:
        seconds = time.perf_counter() - self._started
        if self.first_seconds is None:
            self.first_seconds = seconds
        self.best = self.objective_value
        self._report(seconds, self.objective_value, self.best_objective_bound)


class RosterSolver:
    """One solve of one problem. Make a new one for each solve."""

    def __init__(
        self,
        problem: RosterProblem,
        *,
        time_limit: float,
        workers: int = 2,
        seed: int = 0,
        hint: Sequence[Assignment] | None = None,  # None: the problem's rotation, if any
        on_progress: ProgressCallback | None = None,
        stop_event: threading.Event | None = None,
    ) -> None:
        if time_limit <= 0:
            raise ValueError("time_limit must be more than 0 seconds")
        if workers < 1:
            raise ValueError("workers must be 1 or more")
        self.problem = problem
        self.time_limit = time_limit
        self.workers = workers
        self.seed = seed
        self.hint = hint
        self.on_progress = on_progress
        self.stop_event = stop_event or threading.Event()
        self._lock = threading.Lock()
        self._best: tuple[float | None, float] = (None, float("-inf"))
        self._trace: list[tuple[float, float, float]] = []

    def stop(self) -> None:
        """Ends the search soon; ``solve`` then returns the best roster found so far."""
        self.stop_event.set()

    def solve(self) -> RosterSolution:
        started = time.perf_counter()
        if self.stop_event.is_set():
            return RosterSolution("UNKNOWN", stopped=True)
        reasons = precheck(self.problem)
        if reasons:  # a plain counting argument says no roster exists: skip the search
            return RosterSolution(
                "INFEASIBLE", reasons=tuple(reasons), seconds=time.perf_counter() - started
            )
        built = RosterModel(self.problem)
        hint = self.hint if self.hint is not None else starting_roster(self.problem)
        start = (
            built.complete_hint(hint, time_limit=max(0.5, self.time_limit / 4)) if hint else None
        )
        first_seconds = None
        if start is not None:  # the starting roster keeps every hard rule: a roster already
            first_seconds = time.perf_counter() - started
            self._report(first_seconds, float(sum(v.cost for v in start[1])), 0.0)
        solver = cp_model.CpSolver()
        # the time limit is the caller's whole wait, building the model included
        left = self.time_limit - (time.perf_counter() - started)
        solver.parameters.max_time_in_seconds = max(0.5, left)
        solver.parameters.num_workers = self.workers
        solver.parameters.random_seed = self.seed
        # The bound comes from RelaxationBound (Glop, primal simplex), which solves the LP
        # far faster than CP-SAT's dual simplex does on these models. Without its own LP
        # the search found much better station-month rosters in the same time.
        solver.parameters.linearization_level = 0
        # Ctrl-C and closing the window are the caller's to handle (through stop()); CP-SAT's
        # own SIGINT handler aborted the process when the search ran off the main thread.
        solver.parameters.catch_sigint_signal = False
        solver.best_bound_callback = lambda bound: self._report(
            time.perf_counter() - started, None, bound
        )
        callback = _Progress(started, self._report)
        done = threading.Event()
        relaxation = RelaxationBound(built.model)
        helpers = [
            threading.Thread(target=self._watch, args=(solver, done, callback), daemon=True),
            threading.Thread(
                target=self._bound,
                args=(relaxation, started, built.fairness_variables()),
                daemon=True,
            ),
        ]
        for helper in helpers:
            helper.start()
        try:
            status = solver.solve(built.model, callback)
        finally:
            done.set()
            relaxation.interrupt()
            for helper in helpers:
                helper.join()
        seconds = time.perf_counter() - started
        name = {
            cp_model.OPTIMAL: "OPTIMAL",
            cp_model.FEASIBLE: "FEASIBLE",
            cp_model.INFEASIBLE: "INFEASIBLE",
        }.get(status, "UNKNOWN")
        if status == cp_model.MODEL_INVALID:
            raise RuntimeError(f"roster model rejected by CP-SAT: {built.model.validate()}")
        stopped = self.stop_event.is_set()
        if name == "INFEASIBLE":
            left = max(1.0, self.time_limit - seconds)
            return RosterSolution(
                name,
                seconds=time.perf_counter() - started,
                reasons=explain_infeasible(self.problem, left),
            )
        if name == "UNKNOWN" and start is None:
            return RosterSolution(name, seconds=seconds, stopped=stopped)
        if name == "UNKNOWN":  # the search found nothing in time: keep the starting roster
            name, assignments, violations = "FEASIBLE", *start
        else:
            assignments, violations = (
                built.assignments(solver.boolean_value),
                built.violations(solver.value),
            )
        if callback.first_seconds is not None and first_seconds is None:
            first_seconds = callback.first_seconds
        # The roster's own cost, not solver.objective_value: on a station month the latter
        # was seen to differ by one term from the objective evaluated on the solution CP-SAT
        # returned. The itemised sum is exact by construction and is what the checker sees.
        objective = float(sum(v.cost for v in violations))
        bound = float(max(solver.best_objective_bound, relaxation.value or 0))
        if bound >= objective:  # proven by the relaxation if not by CP-SAT itself
            name, bound = "OPTIMAL", objective
        return RosterSolution(
            name,
            assignments=assignments,
            objective=objective,
            bound=bound,
            seconds=seconds,
            violations=violations,
            cp_sat_objective=solver.objective_value if callback.first_seconds else None,
            first_solution_seconds=first_seconds,
            stopped=stopped,
            progress=tuple(self._trace),
        )

    def _watch(self, solver: cp_model.CpSolver, done: threading.Event, found: _Progress) -> None:
        # stop_search() only acts on a running search, so keep asking until it ends. The
        # search also ends once its roster costs no more than the relaxation's bound (its
        # own roster, not the starting one, so that one worker gives the same answer twice).
        while not done.wait(0.05):
            with self._lock:
                bound = self._best[1]
            if self.stop_event.is_set() or (found.best is not None and found.best <= bound):
                solver.stop_search()

    def _bound(self, relaxation: RelaxationBound, started: float, quick: frozenset[int]) -> None:
        # first without the fairness terms (quicker), then the whole relaxation
        for leave_out in (quick, frozenset()) if quick else (frozenset(),):
            left = self.time_limit - (time.perf_counter() - started)
            value = relaxation.run(max(0.5, left), leave_out)
            if value is None:
                return
            self._report(time.perf_counter() - started, None, value)

    def _report(self, seconds: float, objective: float | None, bound: float) -> None:
        with self._lock:
            best, best_bound = self._best
            if objective is not None and (best is None or objective < best):
                best = objective
            best_bound = max(best_bound, bound)
            self._best = (best, best_bound)
            if best is None:
                return  # a bound alone, before any roster: nothing to show yet
            self._trace.append((seconds, best, best_bound))
        if self.on_progress is not None:
            self.on_progress(seconds, best, best_bound)


def solve(
    problem: RosterProblem,
    time_limit: float,
    workers: int = 2,
    seed: int = 0,
    on_progress: ProgressCallback | None = None,
    hint: Sequence[Assignment] | None = None,
) -> RosterSolution:
    """Solves ``problem`` within ``time_limit`` seconds; see RosterSolver."""
    return RosterSolver(
        problem,
        time_limit=time_limit,
        workers=workers,
        seed=seed,
        hint=hint,
        on_progress=on_progress,
    ).solve()
