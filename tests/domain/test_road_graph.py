"""The road graph on a small network whose travel times are checked by hand.

    A ──400 m res── B ──400 m res── C
    │                               │ 300 m tertiary, one way C → E
    300 m res                       ▼
    D ─────────1000 m primary────── E

Residential 20 km/h (400 m: 72 s, 300 m: 54 s), primary 40 km/h (1000 m: 90 s),
tertiary 30 km/h (300 m: 36 s).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from console.domain.road_graph import DEFAULT_SPEEDS_KMH, RoadEdge, RoadGraph, edge_speed_kmh

A, B, C, D, E = 11, 12, 13, 14, 15
NODES = [
    (A, 118.780, 32.040),
    (B, 118.784, 32.040),
    (C, 118.788, 32.040),
    (D, 118.780, 32.037),
    (E, 118.788, 32.037),
]
SEGMENTS = [
    RoadEdge(A, B, 400, "residential", False),
    RoadEdge(A, B, 400, "service", False),  # slower parallel way: the faster one counts
    RoadEdge(B, C, 400, "residential", False),
    RoadEdge(A, D, 300, "residential", False),
    RoadEdge(D, E, 1000, "primary", False),
    RoadEdge(C, E, 300, "tertiary", True),
    RoadEdge(C, 999, 50, "residential", False),  # unknown node: ignored
]


@pytest.fixture(scope="module")
def graph() -> RoadGraph:
    return RoadGraph.from_segments(NODES, SEGMENTS, DEFAULT_SPEEDS_KMH)


def at(node_id: int) -> tuple[float, float]:
    _, lon, lat = next(n for n in NODES if n[0] == node_id)
    return lon, lat


def test_speeds_by_class_and_believed_limits():
    assert edge_speed_kmh(RoadEdge(A, B, 1, "primary", False), DEFAULT_SPEEDS_KMH) == 40
    assert edge_speed_kmh(RoadEdge(A, B, 1, "residential", False), DEFAULT_SPEEDS_KMH) == 20
    assert edge_speed_kmh(RoadEdge(A, B, 1, "track", False), DEFAULT_SPEEDS_KMH) == 20
    # A posted 20 km/h on a primary road: 80 % of it.
    assert edge_speed_kmh(RoadEdge(A, B, 1, "primary", False, 20), DEFAULT_SPEEDS_KMH) == 16


def test_graph_shape(graph):
    assert graph.node_count == 5
    assert graph.arc_count == 9  # four two-way segments and one one-way


def test_snap_picks_the_nearest_node(graph):
    assert graph.snap(118.7841, 32.0401) == graph.index_of(B)
    assert graph.snap(118.7875, 32.0372) == graph.index_of(E)
    assert graph.snap(118.7790, 32.0385) in (graph.index_of(A), graph.index_of(D))
    assert graph.snap(118.7790, 32.0376) == graph.index_of(D)
    assert graph.access_seconds(*at(C)) == pytest.approx(0, abs=1e-6)
    # 0.001° of latitude is about 111 m; at 10 km/h that is about 40 s.
    assert graph.access_seconds(118.788, 32.041) == pytest.approx(111.2 / (10 / 3.6), rel=0.01)


def test_seconds_to_follows_one_way_streets(graph):
    to_e = graph.seconds_to(*at(E))
    expected = {A: 144, B: 108, C: 36, D: 90, E: 0}
    for node, seconds in expected.items():
        assert to_e[graph.index_of(node)] == pytest.approx(seconds, abs=0.01), node


def test_seconds_from_follows_one_way_streets(graph):
    from_e = graph.seconds_from(*at(E))
    # E cannot go up the one-way street: E → D → A → B → C.
    expected = {A: 144, B: 216, C: 288, D: 90, E: 0}
    for node, seconds in expected.items():
        assert from_e[graph.index_of(node)] == pytest.approx(seconds, abs=0.01), node
    assert graph.seconds_between(graph.index_of(C), graph.index_of(E)) == pytest.approx(36)


def test_limit_cuts_the_search(graph):
    ring = graph.seconds_from(*at(E), limit=100)
    assert np.isfinite(ring[graph.index_of(D)])
    assert math.isinf(ring[graph.index_of(C)])


def test_travel_seconds_to_adds_access_time(graph):
    off_road = (118.780, 32.0405)  # about 56 m north of A
    origins = np.array([at(A), at(C), off_road])
    seconds = graph.travel_seconds_to(*at(E), origins)
    assert seconds[0] == pytest.approx(144, abs=0.01)
    assert seconds[1] == pytest.approx(36, abs=0.01)
    assert seconds[2] == pytest.approx(144 + 55.6 / (10 / 3.6), abs=0.5)
    assert graph.travel_seconds_to(*at(E), np.zeros((0, 2))).shape == (0,)


def test_snapping_avoids_a_fragment_that_cannot_be_left():
    # F hangs off C by a one-way street into F: a point by F must not snap to F.
    nodes = [*NODES, (16, 118.792, 32.040)]
    segments = [*SEGMENTS, RoadEdge(C, 16, 300, "residential", True)]
    graph = RoadGraph.from_segments(nodes, segments, DEFAULT_SPEEDS_KMH)
    assert graph.snap(118.792, 32.040) == graph.index_of(C)
    loose = RoadGraph.from_segments(nodes, segments, main_component_only=False)
    assert loose.snap(118.792, 32.040) == loose.index_of(16)


def test_street_metres_ignore_one_way_signs(graph):
    origins = np.array([at(E), at(A)])
    metres = graph.street_metres_to(*at(C), origins)
    # On foot E → C is the 300 m one-way street walked against its sign.
    assert metres[0] == pytest.approx(300, abs=0.01)
    assert metres[1] == pytest.approx(800, abs=0.01)
