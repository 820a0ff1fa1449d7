"""1-3-5 minute response rings (快反圈) as areas on the map, from road travel times.

A ring is where at least one available unit can be within its time: every road node some
unit reaches in time gets a disc whose radius is the distance left in the remaining
seconds (capped), and the discs are merged. The area therefore follows the streets a car
can actually use, unlike a circle of fixed radius.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import shapely
from shapely.geometry import mapping

RING_MINUTES = (1, 3, 5)
# Distance covered in the seconds left at a node: slow driving into a lane or on foot.
SPILL_SPEED_MS = 5.0
SPILL_MIN_M = 30.0
SPILL_MAX_M = 120.0
SIMPLIFY_M = 8.0
CLOSING_M = 60.0
_M_PER_DEG_LAT = 110_540.0
_M_PER_DEG_LON_EQUATOR = 111_320.0


def earliest_arrival(per_unit_seconds: Sequence[np.ndarray]) -> np.ndarray:
    """Seconds until the first unit reaches each node (inf where none can)."""
    if not per_unit_seconds:
        return np.zeros(0)
    return np.minimum.reduce([np.asarray(s, dtype=float) for s in per_unit_seconds])


def response_rings(
    node_lonlat: np.ndarray,
    seconds: np.ndarray,
    minutes: Sequence[int] = RING_MINUTES,
    origins: np.ndarray | None = None,
) -> list[dict[str, Any]]:
    """One GeoJSON geometry per ring, ``[{"minutes": m, "geometry": {...}}, ...]``.

    ``node_lonlat`` (n, 2) are the road nodes, ``seconds`` (n,) the earliest arrival of
    any unit at each; ``origins`` (k, 2) are the units' own positions (always inside the
    smallest ring). Rings nobody reaches are left out.
    """
    lonlat = np.asarray(node_lonlat, dtype=float).reshape(-1, 2)
    seconds = np.asarray(seconds, dtype=float)
    if len(lonlat) == 0:
        return []
    lon0, lat0 = float(lonlat[:, 0].mean()), float(lonlat[:, 1].mean())
    kx = _M_PER_DEG_LON_EQUATOR * np.cos(np.radians(lat0))

    def to_metres(pts: np.ndarray) -> np.ndarray:
        return np.column_stack(((pts[:, 0] - lon0) * kx, (pts[:, 1] - lat0) * _M_PER_DEG_LAT))

    def to_degrees(xy: np.ndarray) -> np.ndarray:
        return np.column_stack((xy[:, 0] / kx + lon0, xy[:, 1] / _M_PER_DEG_LAT + lat0))

    xy = to_metres(lonlat)
    origin_xy = (
        to_metres(np.asarray(origins, dtype=float).reshape(-1, 2)) if origins is not None else None
    )
    rings = []
    previous = None
    for m in sorted(minutes):
        limit = 60.0 * m
        inside = np.flatnonzero(seconds <= limit)
        radii = np.clip((limit - seconds[inside]) * SPILL_SPEED_MS, SPILL_MIN_M, SPILL_MAX_M)
        discs = (
            list(shapely.buffer(shapely.points(xy[inside]), radii, quad_segs=6))
            if len(inside)
            else []
        )
        if origin_xy is not None and len(origin_xy):
            discs.extend(shapely.buffer(shapely.points(origin_xy), SPILL_MAX_M, quad_segs=6))
        if not discs:
            continue
        # A closing (grow, then shrink) fills the gaps between neighbouring discs.
        area = shapely.union_all(discs).buffer(CLOSING_M, quad_segs=4).buffer(-CLOSING_M)
        area = area.simplify(SIMPLIFY_M)
        if previous is not None:  # a longer time never reaches less (simplify may nibble)
            area = shapely.union_all([area, previous])
        previous = area
        rings.append({"minutes": m, "geometry": mapping(shapely.transform(area, to_degrees))})
    return rings
