"""What one solve may ask for, and the refusals when a problem asks for more.

A station rosters some dozens of people for up to a quarter. Two guards keep a solve from
running away (resources/roster/README.md):

- the size cap: more than MAX_STAFF staff, MAX_DAYS days or MAX_STAFF_DAYS staff-days is
  refused before anything is built (400 staff x 100 days took 22 s and 509 MB to build);
- the deadline: the time limit counts from the start of the solve, building the model
  included. The builder looks at the clock as it goes and gives up with ``BuildTimeout``
  once the time is spent; the search gets only what is left.

No OR-Tools here: the command line and the services check the size without loading it.
"""

from __future__ import annotations

MAX_STAFF = 500
MAX_DAYS = 366
MAX_STAFF_DAYS = 12_000


def too_large(staff: int, days: int) -> bool:
    """True when ``staff`` people over ``days`` days is past the size cap."""
    return days > MAX_DAYS or staff > MAX_STAFF or staff * days > MAX_STAFF_DAYS


class SolveRefused(Exception):
    """A solve that cannot be done as asked; ``kind`` says why, the message says it in
    words for the command line (the services give their own, translatable, message)."""

    kind = "refused"


class ProblemTooLarge(SolveRefused):
    """Past the size cap (see ``too_large``)."""

    kind = "too_large"

    def __init__(self, staff: int, days: int) -> None:
        self.staff = staff
        self.days = days
        super().__init__(
            f"{staff} staff x {days} days is too large to solve here: at most "
            f"{MAX_STAFF} staff, {MAX_DAYS} days and {MAX_STAFF_DAYS:,} staff-days; "
            "split it by team or period"
        )


class BuildTimeout(SolveRefused):
    """Building the model used up the whole time limit; nothing was searched."""

    kind = "build_timeout"

    def __init__(self, time_limit: float | None = None) -> None:
        self.time_limit = time_limit
        limit = "" if time_limit is None else f" ({time_limit:g} s)"
        super().__init__(
            f"building the model took longer than the time limit{limit}; "
            "give the solver more time, or split the problem by team or period"
        )
