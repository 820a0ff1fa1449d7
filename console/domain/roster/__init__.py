"""Duty roster (排班表): the problem format, the CP-SAT solver, an independent checker,
infeasibility explanations and rotation presets (五班三运转 …). No Qt, no SQL."""

from .checker import CheckReport, check
from .fields import ProblemError
from .problem import (
    CommanderRule,
    CoverRequirement,
    PoliceRules,
    Request,
    RosterProblem,
    ShiftType,
    StaffMember,
)
from .roster import Assignment, Break, Reason, RosterSolution, Violation

# The solver loads OR-Tools (and with it pandas, about a second): only when it is asked
# for, so reading or showing a roster does not pay for it.
_LAZY = {"RosterSolver", "solve"}


def __getattr__(name: str):
    if name in _LAZY:
        from . import solver

        return getattr(solver, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "Assignment",
    "Break",
    "CheckReport",
    "CommanderRule",
    "CoverRequirement",
    "PoliceRules",
    "ProblemError",
    "Reason",
    "Request",
    "RosterProblem",
    "RosterSolution",
    "RosterSolver",
    "ShiftType",
    "StaffMember",
    "Violation",
    "check",
    "solve",
]
