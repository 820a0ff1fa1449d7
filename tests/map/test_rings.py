"""Response rings from travel times: nested, and shaped by the roads, not by a radius."""

from __future__ import annotations

import numpy as np
from shapely.geometry import Point, shape

from console.domain.isochrones import earliest_arrival, response_rings

# A straight east-west street, nodes 100 m apart, driven at 5 m/s from the west end.
LAT = 32.04
STEP_DEG = 100 / (111_320 * np.cos(np.radians(LAT)))
NODES = np.array([[118.78 + k * STEP_DEG, LAT] for k in range(40)])
SECONDS = np.arange(40) * 20.0


def test_rings_are_nested_and_end_where_the_time_runs_out():
    rings = response_rings(NODES, SECONDS, origins=NODES[:1])
    assert [r["minutes"] for r in rings] == [1, 3, 5]
    areas = [shape(r["geometry"]) for r in rings]
    assert areas[0].area < areas[1].area < areas[2].area
    assert areas[1].buffer(1e-9).contains(areas[0]) and areas[2].buffer(1e-9).contains(areas[1])
    # 1 minute reaches node 3 (60 s) but not node 6 (120 s); 5 minutes node 15, not 20.
    assert areas[0].contains(Point(*NODES[3])) and not areas[0].contains(Point(*NODES[6]))
    assert areas[2].contains(Point(*NODES[15])) and not areas[2].contains(Point(*NODES[20]))
    # Along the street, not around the unit: 1 km east is in, 300 m north is not.
    north = Point(NODES[0][0], LAT + 300 / 110_540)
    assert areas[2].contains(Point(*NODES[10])) and not areas[2].contains(north)


def test_the_earliest_unit_wins_and_nobody_means_no_ring():
    a, b = np.array([0.0, 100.0, np.inf]), np.array([50.0, 20.0, 400.0])
    assert earliest_arrival([a, b]).tolist() == [0.0, 20.0, 400.0]
    assert response_rings(NODES, np.full(40, np.inf)) == []
