"""A roster (排班表) and what the solver says about it: assignments, the priced soft
violations, hard-rule breaks, and the solution record written to SOLUTION.json."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .fields import Fields

SOLUTION_FORMAT = "station-roster-solution"

# Rule names shared by the model, the checker and the explanations (what a violation
# or a break is about). Soft rules carry a weight; hard rules are never broken.
SOFT_RULES = {
    "cover_under": "缺员 missing people on a shift",
    "cover_over": "超员 extra people on a shift",
    "request_work": "未满足上班申请 request to work not met",
    "request_off": "未满足休息申请 request for time off not met",
    "fair_nights": "夜班不均 nights unevenly shared",
    "fair_weekends": "周末班不均 weekend days unevenly shared",
    "fair_holidays": "节假日班不均 public holidays unevenly shared",
}
HARD_RULES = {
    "one_shift_a_day": "每天至多一个班 at most one shift a day",
    "unknown": "未知人员/班次/日期/岗位 unknown staff, shift, date or post",
    "leave": "休假 leave (fixed day off)",
    "shift_cap": "单班时长上限 shift length cap",
    "max_shifts": "班次数上限 most shifts of a type",
    "min_minutes": "最少工时 least total minutes",
    "max_minutes": "最多工时 most total minutes",
    "min_consecutive_work": "最少连续上班天数 least consecutive working days",
    "max_consecutive_work": "最多连续上班天数 most consecutive working days",
    "min_consecutive_off": "最少连续休息天数 least consecutive days off",
    "max_weekends": "最多周末上班数 most weekends worked",
    "not_followed_by": "禁止的班次衔接 forbidden shift succession",
    "min_rest": "班间最少休息 minimum rest between shifts",
    "police_on_street": "每组至少一名民警上街 a 民警 with every team on the street",
    "commander": "专职指挥长每班一人 one duty commander on every commander shift",
    "commander_qualified": "指挥长须具备资格 commander must be a qualified 民警",
    "commander_consecutive": "指挥长连续天数上限 most days in a row as commander",
}


@dataclass(frozen=True, order=True)
class Assignment:
    """``staff`` works ``shift`` on ``day``, at ``post`` when placed at one."""

    staff: str
    day: date
    shift: str
    post: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "staff": self.staff,
            "date": self.day.isoformat(),
            "shift": self.shift,
            "post": self.post,
        }

    @classmethod
    def from_json(cls, data: Any, path: str) -> Assignment:
        f = Fields(data, path)
        return cls(f.text("staff"), f.day("date"), f.text("shift"), f.text("post", None))


@dataclass(frozen=True, order=True)
class Violation:
    """One priced soft violation: ``amount`` units of ``rule`` at ``weight`` each.

    ``key`` tells apart violations of the same rule on the same day and shift: the
    post and skill of a cover requirement, the role group of a fairness spread."""

    rule: str
    day: date | None
    shift: str | None
    staff: str | None
    key: str
    amount: int
    weight: int

    @property
    def cost(self) -> int:
        return self.amount * self.weight

    def describe(self) -> str:
        where = " ".join(
            part
            for part in (
                self.day.isoformat() if self.day else "",
                self.shift or "",
                self.staff or "",
                self.key,
            )
            if part
        )
        return f"{SOFT_RULES.get(self.rule, self.rule)}: {where}: {self.amount} x {self.weight}"

    def to_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "date": self.day.isoformat() if self.day else None,
            "shift": self.shift,
            "staff": self.staff,
            "key": self.key,
            "amount": self.amount,
            "weight": self.weight,
            "cost": self.cost,
        }


@dataclass(frozen=True, order=True)
class Break:
    """A broken hard rule found in a roster (only ever in a roster not made by the solver)."""

    rule: str
    staff: str | None
    day: date | None
    detail: str

    def describe(self) -> str:
        who = f" {self.staff}" if self.staff else ""
        when = f" {self.day}" if self.day else ""
        return f"{HARD_RULES.get(self.rule, self.rule)}:{who}{when}: {self.detail}"


@dataclass(frozen=True)
class Reason:
    """One reason a problem has no roster, in words a station chief can act on."""

    rule: str
    text: str
    staff: tuple[str, ...] = ()
    days: tuple[date, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "text": self.text,
            "staff": list(self.staff),
            "dates": [d.isoformat() for d in self.days],
        }


@dataclass(frozen=True)
class RosterSolution:
    """What one solve produced. ``assignments`` is empty unless a roster was found.

    ``status`` is OPTIMAL, FEASIBLE, INFEASIBLE or UNKNOWN (time ran out, or the search
    was stopped, before any roster was found)."""

    status: str
    assignments: tuple[Assignment, ...] = ()
    objective: float | None = None
    bound: float | None = None
    seconds: float = 0.0
    violations: tuple[Violation, ...] = ()
    reasons: tuple[Reason, ...] = ()
    first_solution_seconds: float | None = None
    stopped: bool = False
    cp_sat_objective: float | None = None  # CP-SAT's own figure, kept for comparison
    progress: tuple[tuple[float, float, float], ...] = field(default=(), repr=False)

    @property
    def gap(self) -> float | None:
        """Relative distance between the roster's cost and the best proven bound."""
        if self.objective is None or self.bound is None:
            return None
        if self.objective <= self.bound:
            return 0.0
        return (self.objective - self.bound) / max(abs(self.objective), 1e-9)

    @property
    def has_roster(self) -> bool:
        return self.status in ("OPTIMAL", "FEASIBLE")

    def summary(self) -> dict[str, Any]:
        """The CLI's last line."""
        return {
            "objective": self.objective,
            "bound": self.bound,
            "gap": None if self.gap is None else round(self.gap, 6),
            "status": self.status,
            "seconds": round(self.seconds, 3),
        }

    def to_json(self) -> dict[str, Any]:
        return {
            "format": SOLUTION_FORMAT,
            **self.summary(),
            "first_solution_seconds": self.first_solution_seconds,
            "cp_sat_objective": self.cp_sat_objective,
            "stopped": self.stopped,
            "assignments": [a.to_json() for a in self.assignments],
            "violations": [v.to_json() for v in self.violations],
            "reasons": [r.to_json() for r in self.reasons],
        }


def assignments_from_json(data: Any) -> tuple[Assignment, ...]:
    """The assignments of a SOLUTION.json (or of a bare list of assignments)."""
    items = data if isinstance(data, list) else Fields(data, "").items("assignments")
    out = []
    for i, item in enumerate(items):
        out.append(Assignment.from_json(item, f"assignments[{i}]"))
    return tuple(out)
