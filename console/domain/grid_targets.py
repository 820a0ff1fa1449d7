"""Per-grid arrival targets (到场时限): how many minutes each grade allows in one grid.

Town and suburb differ, so every grid carries its own targets: the urgent one in
``Grid.arrival_target_min`` and the other grades in ``Grid.arrival_minutes``
(``{"high": 10, "normal": 15, "low": null}``, null meaning by appointment). A grade the
grid does not name keeps the town default of :data:`DEFAULT_ARRIVAL_MINUTES`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .incidents import DEFAULT_ARRIVAL_MINUTES, Priority

MIN_TARGET = 1
MAX_TARGET = 240  # four hours: anything longer is an appointment, not a deadline

NON_URGENT = (Priority.HIGH, Priority.NORMAL, Priority.LOW)


def grid_minutes(
    urgent_min: int | None, stored: Mapping[str, Any] | None
) -> dict[Priority, int | None]:
    """Every grade's minutes in a grid (None: by appointment), defaults filled in.

    Unknown keys and damaged values in the stored JSON fall back to the default, so a
    hand-edited row can never stop intake.
    """
    minutes: dict[Priority, int | None] = dict(DEFAULT_ARRIVAL_MINUTES)
    if _valid_minutes(urgent_min):
        minutes[Priority.URGENT] = urgent_min
    for grade in NON_URGENT:
        if stored and grade.value in stored:
            value = stored[grade.value]
            if value is None or _valid_minutes(value):
                minutes[grade] = value
    return minutes


def _valid_minutes(value: object) -> bool:
    return (
        isinstance(value, int) and not isinstance(value, bool) and MIN_TARGET <= value <= MAX_TARGET
    )


@dataclass(frozen=True)
class TargetProblem:
    """One grade whose target cannot be stored, with the value that was offered."""

    grade: Priority
    value: object


def target_problems(minutes: Mapping[Priority, object]) -> list[TargetProblem]:
    """The grades whose value is not whole minutes in 1..240 (or None where allowed).

    The urgent grade always needs a deadline; the others may be by appointment (None).
    Every grade must be named.
    """
    problems = []
    for grade in Priority:
        if grade not in minutes:
            problems.append(TargetProblem(grade, ""))
            continue
        value = minutes[grade]
        if value is None and grade is not Priority.URGENT:
            continue
        if not _valid_minutes(value):
            problems.append(TargetProblem(grade, value))
    return problems


def stored_form(minutes: Mapping[Priority, int | None]) -> tuple[int, dict[str, int | None]]:
    """(urgent minutes, the JSON of the other grades) as the grid row keeps them."""
    urgent = minutes[Priority.URGENT]
    assert urgent is not None
    return urgent, {grade.value: minutes[grade] for grade in NON_URGENT}
