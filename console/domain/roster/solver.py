"""Solving a roster problem with CP-SAT, with progress reports and a way to stop.

The UI runs ``RosterSolver.solve`` off the UI thread; ``on_progress(seconds, objective,
bound)`` is called from the solver's threads whenever a better roster or a better bound
is found, and ``stop()`` (or setting ``stop_event``, from any thread) ends the search with
the best roster so far.

The search runs in phases, all within the one time limit:

1. the starting roster (the greedy rotation, when the problem names a rotation) is the
   first roster; while Glop solves the linear relaxation (RelaxationBound, the bound),
   CP-SAT improves on that roster with one thread less than it was given;
2. guided search: the relaxation's solution is nearly integral (on the station month
   its value, 6020, is the optimum: a roster of that cost exists). Who works what where
   the relaxation says 1 is fixed, and CP-SAT completes the roster. For the same CP-SAT
   work (deterministic time 7) this found rosters of 6500..7200 on the station month,
   where the whole search from the greedy roster (18620) reached 10840;
3. whatever time is left goes to the whole search again, starting from the best roster.

With one worker there is no spare thread for phase 1: the relaxation is solved first,
so that one worker and a seed give the same roster twice.

The time limit counts from the start of ``solve``, building the model included (limits.py):
a problem past the size cap is refused with ``ProblemTooLarge`` before anything is built,
and a build that uses up the time limit ends with ``BuildTimeout``; the search and the
starting roster get only the time that is left.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ortools.sat.python import cp_model

from .baseline import starting_roster
from .infeasibility import explain_infeasible, precheck
from .limits import BuildTimeout, ProblemTooLarge, too_large
from .lp_bound import RelaxationBound
from .model import BuildInterrupted, RosterModel
from .problem import RosterProblem
from .roster import Assignment, RosterSolution, Violation

ProgressCallback = Callable[[float, float, float], None]  # (seconds, objective, bound)

# Phase 2's share of the time left when it starts; phase 3 gets the rest unless phase 2
# ends sooner (it usually proves its part optimal well before).
_GUIDED_SHARE = 0.75
_ONE = 1 - 1e-6  # a relaxation value this close to 1 counts as 1


@dataclass(frozen=True)
class _Roster:
    """A roster found by one phase, with every model variable's value (the next phase's
    hint)."""

    assignments: tuple[Assignment, ...]
    violations: tuple[Violation, ...]
    values: tuple[int, ...]
    cp_sat_objective: float | None

    @property
    def cost(self) -> int:
        return sum(v.cost for v in self.violations)


class _Progress(cp_model.CpSolverSolutionCallback):
    """Records each improving roster's time and cost and passes it on. The bound CP-SAT
    reports is passed on only when ``bound_is_valid`` (not for a restricted model)."""

    def __init__(
        self,
        started: float,
        report: Callable[[float, float | None, float], None],
        bound_is_valid: bool,
    ):
        super().__init__()
        self._started = started
        self._report = report
        self._bound_is_valid = bound_is_valid
        self.first_seconds: float | None = None
        self.best: float | None = None

    def on_solution_callback(self) -> None:
        seconds = time.perf_counter() - self._started
        if self.first_seconds is None:
            self.first_seconds = seconds
        self.best = self.objective_value
        bound = self.best_objective_bound if self._bound_is_valid else float("-inf")
        self._report(seconds, self.objective_value, bound)


@dataclass
class _Phase:
    """The outcome of one CP-SAT search."""

    status: int
    roster: _Roster | None
    bound: float  # a valid bound on the whole problem, or -inf
    first_seconds: float | None


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
        self._started = 0.0

    def stop(self) -> None:
        """Ends the search soon; ``solve`` then returns the best roster found so far."""
        self.stop_event.set()

    # -- the phases -----------------------------------------------------------------------

    def solve(self) -> RosterSolution:
        """The best roster within the time limit. Raises ``ProblemTooLarge`` for a problem
        past the size cap and ``BuildTimeout`` when building the model takes the whole
        time limit (both ``SolveRefused``)."""
        started = self._started = time.perf_counter()
        if too_large(len(self.problem.staff), self.problem.days):
            raise ProblemTooLarge(len(self.problem.staff), self.problem.days)
        if self.stop_event.is_set():
            return RosterSolution("UNKNOWN", stopped=True)
        reasons = precheck(self.problem)
        if reasons:  # a plain counting argument says no roster exists: skip the search
            return RosterSolution(
                "INFEASIBLE", reasons=tuple(reasons), seconds=time.perf_counter() - started
            )
        try:
            built = self._built = RosterModel(
                self.problem, deadline=started + self.time_limit, interrupt=self.stop_event
            )
        except BuildTimeout:
            raise BuildTimeout(self.time_limit) from None
        except BuildInterrupted:
            return RosterSolution("UNKNOWN", seconds=time.perf_counter() - started, stopped=True)
        if self._left() <= 0:  # built, but with no time left to search
            raise BuildTimeout(self.time_limit)
        hint = self.hint if self.hint is not None else starting_roster(self.problem)
        # a quarter of the time limit at most (and never more than is left) to check it
        budget = min(max(0.5, self.time_limit / 4), max(0.05, self._left()))
        start = built.complete_hint(hint, time_limit=budget) if hint else None
        best: _Roster | None = None
        first_seconds = None
        if start is not None:  # the starting roster keeps every hard rule: a roster already
            first_seconds = time.perf_counter() - started
            best = _Roster(*start, values=_hinted_values(built.model), cp_sat_objective=None)
            self._report(first_seconds, float(best.cost), float("-inf"))

        relaxation = RelaxationBound(built.model)
        if best is not None and self._left() <= 0.2:
            # checking the starting roster used the time up (loading a large model into
            # CP-SAT takes seconds whatever its time limit): it is the answer
            return self._result(built, [], best, first_seconds, relaxation)
        relaxed = threading.Event()  # the relaxation has a solution, or gave up
        whole = threading.Event()  # time for the whole relaxation (it is not needed sooner)
        lp = threading.Thread(
            target=self._relax,
            args=(relaxation, built.fairness_variables(), relaxed, whole),
            daemon=True,
        )
        lp.start()
        phases: list[_Phase] = []
        try:
            if self.workers > 1:  # phase 1, on all threads but the relaxation's
                phases.append(self._search(built.model, best, self.workers - 1, until=relaxed))
                best = _better(best, phases[-1].roster)
            else:
                while not relaxed.wait(0.05) and not self.stop_event.is_set():
                    pass
            if self._should_go_on(phases) and relaxation.solution is not None:
                guided = _guided(built, relaxation.solution)
                phases.append(
                    self._search(guided, None, self.workers, share=_GUIDED_SHARE, valid=False)
                )
                best = _better(best, phases[-1].roster)
            whole.set()
            if self._should_go_on(phases):
                phases.append(self._search(built.model, best, self.workers))
                best = _better(best, phases[-1].roster)
        finally:
            relaxation.interrupt()
            whole.set()
            lp.join()
        return self._result(built, phases, best, first_seconds, relaxation)

    def _should_go_on(self, phases: list[_Phase]) -> bool:
        if self.stop_event.is_set() or self._left() <= 0.2:
            return False
        with self._lock:
            best, bound = self._best
        if best is not None and best <= bound:
            return False
        # a whole-problem search that proved its answer (optimal, or no roster) is final
        return not any(p.status in (cp_model.OPTIMAL, cp_model.INFEASIBLE) for p in phases)

    def _left(self) -> float:
        return self.time_limit - (time.perf_counter() - self._started)

    def _search(
        self,
        model: cp_model.CpModel,
        start: _Roster | None,
        workers: int,
        *,
        until: threading.Event | None = None,
        share: float = 1.0,
        valid: bool = True,
    ) -> _Phase:
        """One CP-SAT search of ``model`` from ``start``; ``valid``: ``model`` is the whole
        problem (its bound counts). Ends at the time limit (``share`` of the time left),
        on stop, when ``until`` is set or when a roster is as good as the bound."""
        if start is not None:
            model.clear_hints()
            for index, value in enumerate(start.values):
                model.add_hint(model.get_int_var_from_proto_index(index), value)
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = max(0.2, self._left() * share)
        solver.parameters.num_workers = workers
        solver.parameters.random_seed = self.seed
        # The bound comes from RelaxationBound (Glop, primal simplex), which solves the LP
        # far faster than CP-SAT's dual simplex does on these models. Without its own LP
        # the search found much better station-month rosters in the same time.
        solver.parameters.linearization_level = 0
        # Ctrl-C and closing the window are the caller's to handle (through stop()); CP-SAT's
        # own SIGINT handler aborted the process when the search ran off the main thread.
        solver.parameters.catch_sigint_signal = False
        if valid:
            solver.best_bound_callback = lambda bound: self._report(
                time.perf_counter() - self._started, None, bound
            )
        callback = _Progress(self._started, self._report, valid)
        done = threading.Event()
        watcher = threading.Thread(
            target=self._watch, args=(solver, done, callback, until), daemon=True
        )
        watcher.start()
        try:
            status = solver.solve(model, callback)
        finally:
            done.set()
            watcher.join()
        if status == cp_model.MODEL_INVALID:
            raise RuntimeError(f"roster model rejected by CP-SAT: {model.validate()}")
        roster = None
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            roster = _Roster(
                self._built.assignments(solver.boolean_value),
                self._built.violations(solver.value),
                tuple(solver.response_proto.solution),
                solver.objective_value,
            )
        bound = solver.best_objective_bound if valid else float("-inf")
        return _Phase(status if valid else cp_model.UNKNOWN, roster, bound, callback.first_seconds)

    def _watch(
        self,
        solver: cp_model.CpSolver,
        done: threading.Event,
        found: _Progress,
        until: threading.Event | None,
    ) -> None:
        # stop_search() only acts on a running search, so keep asking until it ends. The
        # search also ends once its roster costs no more than the relaxation's bound (its
        # own roster, not the starting one, so that one worker gives the same answer twice).
        while not done.wait(0.05):
            with self._lock:
                bound = self._best[1]
            if (
                self.stop_event.is_set()
                or (until is not None and until.is_set())
                or (found.best is not None and found.best <= bound)
            ):
                solver.stop_search()

    def _relax(
        self,
        relaxation: RelaxationBound,
        quick: frozenset[int],
        relaxed: threading.Event,
        whole: threading.Event,
    ) -> None:
        # First without the fairness terms: quicker, and its solution guides phase 2. The
        # whole relaxation, for a bound that counts fairness too, waits for phase 3 rather
        # than take a core from phase 2 (on the station month the two bounds were equal).
        try:
            for n, leave_out in enumerate((quick, frozenset()) if quick else (frozenset(),)):
                if n:
                    whole.wait()
                value = relaxation.run(max(0.5, self._left()), leave_out)
                relaxed.set()
                if value is None:
                    return
                self._report(time.perf_counter() - self._started, None, value)
        finally:
            relaxed.set()

    # -- the answer -----------------------------------------------------------------------

    def _result(
        self,
        built: RosterModel,
        phases: list[_Phase],
        best: _Roster | None,
        first_seconds: float | None,
        relaxation: RelaxationBound,
    ) -> RosterSolution:
        seconds = time.perf_counter() - self._started
        stopped = self.stop_event.is_set()
        if any(p.status == cp_model.INFEASIBLE for p in phases):
            left = max(1.0, self.time_limit - seconds)
            return RosterSolution(
                "INFEASIBLE",
                seconds=time.perf_counter() - self._started,
                reasons=explain_infeasible(self.problem, left),
            )
        if best is None:
            return RosterSolution("UNKNOWN", seconds=seconds, stopped=stopped)
        if first_seconds is None:
            first_seconds = next((p.first_seconds for p in phases if p.first_seconds), None)
        # The roster's own cost, not CP-SAT's objective_value: on a station month the latter
        # was seen to differ by one term from the objective evaluated on the solution CP-SAT
        # returned. The itemised sum is exact by construction and is what the checker sees.
        objective = float(best.cost)
        bound = max([relaxation.value or 0.0, *(p.bound for p in phases)])
        proven = any(p.status == cp_model.OPTIMAL for p in phases)
        name = "OPTIMAL" if proven or bound >= objective else "FEASIBLE"
        if name == "OPTIMAL":
            bound = objective
        return RosterSolution(
            name,
            assignments=best.assignments,
            objective=objective,
            bound=float(bound),
            seconds=seconds,
            violations=best.violations,
            cp_sat_objective=best.cp_sat_objective,
            first_solution_seconds=first_seconds,
            stopped=stopped,
            progress=tuple(self._trace),
        )

    def _report(self, seconds: float, objective: float | None, bound: float) -> None:
        with self._lock:
            best, best_bound = self._best
            if objective is not None and (best is None or objective < best):
                best = objective
            best_bound = max(best_bound, bound)
            self._best = (best, best_bound)
            if best is None:
                return  # a bound alone, before any roster: nothing to show yet
            shown = max(best_bound, 0.0)
            self._trace.append((seconds, best, shown))
        if self.on_progress is not None:
            self.on_progress(seconds, best, shown)


def _hinted_values(model: cp_model.CpModel) -> tuple[int, ...]:
    """The complete hint ``RosterModel.complete_hint`` left on ``model``, by variable."""
    hint = model.proto.solution_hint
    values = dict(zip(hint.vars, hint.values, strict=True))
    return tuple(values.get(i, 0) for i in range(len(model.proto.variables)))


def _better(old: _Roster | None, new: _Roster | None) -> _Roster | None:
    if new is None:
        return old
    return new if old is None or new.cost < old.cost else old


def _guided(built: RosterModel, relaxed: list[float]) -> cp_model.CpModel:
    """The whole model with every shift the relaxation gives someone in full fixed, and
    the relaxation's other shifts, rounded, as the hint (it led to better rosters sooner
    than the best roster so far did)."""
    p = built.problem
    model = built.model.clone()
    model.clear_hints()
    whole = {key for key, var in built.x.items() if relaxed[var.index] >= _ONE}
    escorted = set()  # (team, day, shift) with a 民警 out on the street in full
    for i, d, t in whole:
        command = built.commander.get((i, d, t))
        if p.staff[i].is_police and (command is None or relaxed[command.index] < 1 - _ONE):
            escorted.add((p.staff[i].team, d, t))
    for (i, d, t), var in built.x.items():
        # An auxiliary's shift is fixed only with a 民警 of the team fixed beside them: the
        # relaxation states that rule summed over the team, and fixing auxiliaries the
        # 民警 are only fractionally out with cut off every good roster on the month.
        member = p.staff[i]
        lone = not member.is_police and (member.team, d, t) not in escorted
        if (i, d, t) in whole and not (lone and p.rules.police_per_team_on_street):
            model.add(model.get_bool_var_from_proto_index(var.index) == 1)
        model.add_hint(model.get_bool_var_from_proto_index(var.index), round(relaxed[var.index]))
    return model


def solve(
    problem: RosterProblem,
    time_limit: float,
    workers: int = 2,
    seed: int = 0,
    on_progress: ProgressCallback | None = None,
    hint: Sequence[Assignment] | None = None,
    stop_event: threading.Event | None = None,
) -> RosterSolution:
    """Solves ``problem`` within ``time_limit`` seconds; see RosterSolver."""
    return RosterSolver(
        problem,
        time_limit=time_limit,
        workers=workers,
        seed=seed,
        hint=hint,
        on_progress=on_progress,
        stop_event=stop_event,
    ).solve()
