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
from .solver import RosterSolver, solve

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
