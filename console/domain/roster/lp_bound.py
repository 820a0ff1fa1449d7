"""A lower bound on a roster's cost from the linear relaxation of the CP-SAT model.

Why this exists: on a station month (150 people, 30 days) CP-SAT's own LP, solved by
dual simplex inside its search, took 80 s to reach the relaxation's optimum, so its
reported bound stayed at the trivial value and the gap looked huge although the roster
was optimal. Glop's primal simplex solves the same relaxation in a few seconds. Only the
linear constraints and the lower envelope of each max-equality are kept (dropping
constraints can only lower the bound, so it stays valid), and the LP value is rounded
up with a safety margin because the objective is integral.

``run`` can leave out the envelopes of some objective terms (the solver leaves out the
fairness terms in a first, quicker pass: on the station month that LP solved in 2 s
instead of 5 s and gave the same bound), again at worst lowering the bound.
"""

from __future__ import annotations

import math
import threading

from ortools.linear_solver import pywraplp
from ortools.sat.python import cp_model

_INFINITY = 2**62
_TOLERANCE = 1e-6


class RelaxationBound:
    """Computes the bound on ``model``; ``run`` blocks (call it from a worker thread),
    ``interrupt`` ends it early from any thread."""

    def __init__(self, model: cp_model.CpModel) -> None:
        self._proto = model.proto
        self._solver: pywraplp.Solver | None = None
        self._lock = threading.Lock()
        self._interrupted = False
        self.value: int | None = None

    def interrupt(self) -> None:
        with self._lock:
            self._interrupted = True
            if self._solver is not None:
                self._solver.InterruptSolve()

    def run(self, time_limit: float, leave_out: frozenset[int] = frozenset()) -> int | None:
        """The bound, or None (time ran out, interrupted). ``leave_out``: indexes of
        variables whose defining max-equalities are not added."""
        solver = pywraplp.Solver.CreateSolver("GLOP")
        if solver is None:  # pragma: no cover - Glop ships with every OR-Tools wheel
            return None
        solver.SetTimeLimit(max(1, int(time_limit * 1000)))
        self._build(solver, leave_out)
        with self._lock:
            if self._interrupted:
                return None
            self._solver = solver
        if self._proto.objective.scaling_factor not in (0, 1):
            return None  # only the plain integer objective this package builds
        status = solver.Solve()
        with self._lock:
            self._solver = None
        if status != pywraplp.Solver.OPTIMAL or self._interrupted:
            return None
        raw = solver.Objective().Value()
        value = max(0, math.ceil(raw - _TOLERANCE * max(1.0, abs(raw))))
        self.value = max(value, self.value or 0)
        return value

    def _build(self, solver: pywraplp.Solver, leave_out: frozenset[int]) -> None:
        proto = self._proto
        variables = []
        for i in range(len(proto.variables)):
            domain = proto.variables[i].domain
            variables.append(solver.NumVar(domain[0], domain[len(domain) - 1], ""))

        def row(low: float, high: float, terms) -> None:
            constraint = solver.Constraint(low, high)
            for var, coeff in terms:
                constraint.SetCoefficient(variables[var], coeff)

        inf = solver.infinity()
        for j in range(len(proto.constraints)):
            ct = proto.constraints[j]
            if len(ct.enforcement_literal):
                continue  # a switched constraint may be off: leaving it out is safe
            if ct.has_linear():
                domain = ct.linear.domain
                low, high = domain[0], domain[len(domain) - 1]
                row(
                    low if low > -_INFINITY else -inf,
                    high if high < _INFINITY else inf,
                    zip(ct.linear.vars, ct.linear.coeffs, strict=True),
                )
            elif ct.has_lin_max():
                # target >= each expression: target - expression >= offset difference
                target = ct.lin_max.target
                if len(target.vars) == 1 and target.vars[0] in leave_out:
                    continue
                for e in ct.lin_max.exprs:
                    terms: dict[int, float] = {}
                    for v, c in zip(target.vars, target.coeffs, strict=True):
                        terms[v] = terms.get(v, 0) + c
                    for v, c in zip(e.vars, e.coeffs, strict=True):
                        terms[v] = terms.get(v, 0) - c
                    row(e.offset - target.offset, inf, terms.items())
        objective = solver.Objective()
        for v, c in zip(proto.objective.vars, proto.objective.coeffs, strict=True):
            objective.SetCoefficient(variables[v], c)
        objective.SetOffset(proto.objective.offset)
        objective.SetMinimization()
