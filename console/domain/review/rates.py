"""The main rates of a review period (definitions in results.ReviewRates).

首接率 is not defined in DESIGN.md; here it is "the first dispatch was enough": of the
incidents a unit reached, those where a unit ordered in the first dispatch (at
first_dispatched_at) was on scene, so nobody had to be re-sent. 满意率 counts 满意 and 基本满意
over the callbacks that recorded a satisfaction, as 110 callback reports usually do.
"""

from __future__ import annotations

import numpy as np

from console.domain.incidents import IncidentStatus as S
from console.domain.incidents import Satisfaction

from .columns import SATISFACTIONS, IncidentColumns, status_mask
from .delays import LATE, ON_TIME, DelayArrays
from .results import RateFigure, ReviewRates

_CONTENT = [
    SATISFACTIONS.index(s.value) for s in (Satisfaction.SATISFIED, Satisfaction.FAIRLY_SATISFIED)
]


def review_rates(columns: IncidentColumns, delays: DelayArrays) -> ReviewRates:
    """Rates over the incidents in ``columns`` (``delays`` computed from the same rows)."""
    (rates,) = review_rates_by(columns, delays, np.zeros(len(columns), dtype=np.int64), 1)
    return rates


def review_rates_by(
    columns: IncidentColumns, delays: DelayArrays, group: np.ndarray, groups: int
) -> list[ReviewRates]:
    """Rates per group (``group[i]`` in 0..groups-1 for each incident), in one pass."""
    handled = ~status_mask(columns, S.DIVERTED) & ~columns.duplicate
    settled = status_mask(columns, S.CLOSED, S.CALLED_BACK, S.TRANSFERRED)
    closed = status_mask(columns, S.CLOSED, S.CALLED_BACK) & ~columns.duplicate
    called_back = status_mask(columns, S.CALLED_BACK)
    rated = columns.satisfaction >= 0
    content = np.isin(columns.satisfaction, _CONTENT)
    reached = ~np.isnan(columns.arrived)
    judged = (delays.late == LATE) | (delays.late == ON_TIME)

    def count(mask: np.ndarray) -> list[int]:
        return np.bincount(group[mask], minlength=groups).tolist()

    def figures(numerator: np.ndarray, denominator: np.ndarray) -> list[RateFigure]:
        return [
            RateFigure(n, d)
            for n, d in zip(count(numerator & denominator), count(denominator), strict=True)
        ]

    parts = zip(
        figures(columns.first_unit_arrived, reached),
        figures(settled, handled),
        figures(called_back, closed),
        figures(content, called_back & rated),
        figures(delays.late == ON_TIME, judged),
        strict=True,
    )
    return [ReviewRates(*p) for p in parts]
