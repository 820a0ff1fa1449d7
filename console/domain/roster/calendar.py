"""The roster as a calendar (staff x days): cover targets and counts per day and shift,
cell edits made by hand, and where each finding of the checker belongs on the calendar.

Plain data only; the roster pane and the roster services share it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from .problem import RosterProblem
from .roster import Assignment


@dataclass(frozen=True)
class CellEdit:
    """Set ``staff``'s ``day`` to ``shift`` at ``post`` (``shift`` None: a day off)."""

    staff: str
    day: date
    shift: str | None
    post: str | None = None


def apply_edits(
    assignments: Iterable[Assignment], edits: Sequence[CellEdit]
) -> tuple[Assignment, ...]:
    """The roster after ``edits``, in order; a cell holds at most one assignment."""
    cells = {(a.staff, a.day): a for a in assignments}
    for e in edits:
        cells.pop((e.staff, e.day), None)
        if e.shift is not None:
            cells[e.staff, e.day] = Assignment(e.staff, e.day, e.shift, e.post)
    return tuple(sorted(cells.values()))


def move_edits(
    assignments: Iterable[Assignment], source: tuple[str, date], target: tuple[str, date]
) -> tuple[CellEdit, ...]:
    """Dragging one cell onto another: the source's shift moves to the target; whatever the
    target held moves back to the source (a swap), or the source becomes a day off."""
    cells = {(a.staff, a.day): a for a in assignments}
    moving, there = cells.get(source), cells.get(target)
    if source == target or (moving is None and there is None):
        return ()
    return (
        CellEdit(target[0], target[1], moving.shift if moving else None, _post(moving)),
        CellEdit(source[0], source[1], there.shift if there else None, _post(there)),
    )


def undo_edits(
    assignments: Iterable[Assignment], edits: Sequence[CellEdit]
) -> tuple[CellEdit, ...]:
    """The edits that put back what ``edits`` would change (read before applying them)."""
    cells = {(a.staff, a.day): a for a in assignments}
    out = []
    for e in dict.fromkeys((e.staff, e.day) for e in edits):
        before = cells.get(e)
        out.append(CellEdit(e[0], e[1], before.shift if before else None, _post(before)))
    return tuple(out)


def _post(a: Assignment | None) -> str | None:
    return a.post if a is not None else None


def cover_targets(problem: RosterProblem) -> dict[tuple[date, str], int]:
    """Per day and shift type, the head count the cover asks for (skill- and post-free rows;
    a dated row overrides the every-day row of its shift). Shifts with no such row are left
    out."""
    out: dict[tuple[date, str], int] = {}
    for c in problem.cover:
        if c.skill is None and c.post is None and c.day is None:
            for day in problem.dates:
                out[day, c.shift] = c.target
    for c in problem.cover:
        if c.skill is None and c.post is None and c.day is not None:
            out[c.day, c.shift] = c.target
    return out


def shift_counts(assignments: Iterable[Assignment]) -> Counter[tuple[date, str]]:
    """How many people work each shift type on each day."""
    return Counter((a.day, a.shift) for a in assignments)


def is_weekend(day: date) -> bool:
    return day.weekday() >= 5
