"""A lower bound on a roster's cost from the linear relaxation of the CP-SAT model.

Why this exists: on a station month (150 people, 30 days) CP-SAT's own LP, solved by
dual simplex inside its search, took 80 s to reach the relaxation's optimum, so its
reported bound stayed at the trivial value and the gap looked huge although the roster
was optimal. Glop's primal simplex solves the same relaxation in a few seconds. Kept are
the linear constraints (bounds rounded to the coefficients' common divisor, valid since
every variable is an integer), the clauses as linear rows, and the lower envelope of each max-equality; everything else is dropped, which can only
lower the bound, so it stays valid. The LP value is rounded up with a safety margin
because the objective is integral.

The relaxation is tight on the station month (its optimum is the roster's), and its
solution is nearly integral: the solver uses it to guide the search, too.

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
        # the relaxation's value of each model variable (by proto index), from the last run
        # that reached the optimum: the solver fixes what it has at 1 (see solver.py)
        self.solution: list[float] | None = None

    def interrupt(self) -> None:
        with self._lock:
            self._interrupted = True
            if self._solver is not None:
                self._solver.InterruptSolve()

    def run(self, time_limit: float, leave_out: frozenset[int] = frozenset()) -> int | None:
        """The bound, or None (time ran out, interrupted). ``leave_out``: indexes of
        variables whose defining max-equalities are not added."""
        if self._interrupted:
            return None
        solver = pywraplp.Solver.CreateSolver("GLOP")
        if solver is None:  # pragma: no cover - Glop ships with every OR-Tools wheel
            return None
        solver.SetTimeLimit(max(1, int(time_limit * 1000)))
        # Maros' crash basis: a quarter fewer simplex iterations on the station month
        solver.SetSolverSpecificParametersAsString("initial_basis: MAROS")
        if not self._build(solver, leave_out):
            return None  # interrupted while the rows were being copied
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
        self.solution = [v.solution_value() for v in solver.variables()]
        return value

    def _build(self, solver: pywraplp.Solver, leave_out: frozenset[int]) -> bool:
        """Copies the relaxation into ``solver``; False when interrupted first (copying a
        large model's rows takes seconds, so ``interrupt`` is looked at as it goes)."""
        proto = self._proto
        variables = []
        for i in range(len(proto.variables)):
            domain = proto.variables[i].domain
            variables.append(solver.NumVar(domain[0], domain[len(domain) - 1], ""))

        def row(low: float, high: float, terms) -> None:
            constraint = solver.Constraint(low, high)
            for var, coeff in terms:
                constraint.SetCoefficient(variables[var], coeff)

        def clause(literals) -> None:
            # at least one literal true: sum of v (or 1 - v for a negated one) >= 1
            terms: dict[int, float] = {}
            negated = 0
            for lit in literals:
                var, coeff = (lit, 1.0) if lit >= 0 else (-lit - 1, -1.0)
                negated += lit < 0
                terms[var] = terms.get(var, 0.0) + coeff
            row(1 - negated, inf, terms.items())

        inf = solver.infinity()
        for j in range(len(proto.constraints)):
            if j % 2000 == 0 and self._interrupted:
                return False
            ct = proto.constraints[j]
            if len(ct.enforcement_literal):
                # A switched constraint may be off: leaving it out is safe. (Implications
                # are clauses, but the thousands of "auxiliary out => a 民警 out" made Glop
                # four times slower; the model states their sum as a linear row instead.)
                continue
            if ct.has_bool_or():
                clause(ct.bool_or.literals)
            elif ct.has_bool_and():
                for lit in ct.bool_and.literals:
                    clause([lit])
            elif ct.has_linear():
                domain = ct.linear.domain
                low, high = _rounded(ct.linear.coeffs, domain[0], domain[len(domain) - 1])
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
        return True


def _rounded(coeffs, low: int, high: int) -> tuple[int, int]:
    """Every CP-SAT variable is an integer, so a row whose coefficients share a divisor g
    has an integral multiple of g on its left: its bounds round inwards to multiples of g
    (a Chvatal-Gomory cut; 14.4 shifts' worth of minutes means at least 15 shifts)."""
    g = 0
    for c in coeffs:
        g = math.gcd(g, int(c))
    if g <= 1:
        return low, high
    if low > -_INFINITY:
        low = -(-low // g) * g
    if high < _INFINITY:
        high = high // g * g
    return low, high
