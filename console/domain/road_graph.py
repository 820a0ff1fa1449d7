"""Travel times over the station's road network (scipy.sparse + csgraph, no Python loops).

The network is a directed graph in CSR form whose weights are driving seconds, from the
segment's length and a speed per OSM road class (or the segment's own speed limit). A
point (an incident, a unit's GPS fix) joins the graph at its nearest node, found with a
KD-tree on locally projected metres, plus the straight-line time to get there at
``access_speed_kmh``.

Two directions matter because of one-way streets:

* ``seconds_from(point)``: from the point to every node (response rings: where can a unit
  standing here get to within 1, 3, 5 minutes);
* ``seconds_to(point)``: from every node to the point, one Dijkstra pass on the reversed
  graph — what recommendation needs: how long each unit takes to reach the incident.

The API (``RoadEdge``, ``RoadGraph.from_segments``, ``snap``, ``seconds_from``,
``seconds_to``, ``travel_seconds_to``) is used by the map's response rings and by
dispatch recommendation; keep it stable.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.sparse import coo_matrix, csr_matrix
from scipy.sparse.csgraph import connected_components, dijkstra
from scipy.spatial import cKDTree

EARTH_RADIUS_M = 6_371_008.8

# Town speeds by OSM highway class (km/h): what a patrol car averages with lights and
# junctions, not the legal limit. A station may set its own (settings).
DEFAULT_SPEEDS_KMH: dict[str, float] = {
    "motorway": 60.0,
    "motorway_link": 40.0,
    "trunk": 45.0,
    "trunk_link": 30.0,
    "primary": 40.0,
    "primary_link": 30.0,
    "secondary": 35.0,
    "secondary_link": 25.0,
    "tertiary": 30.0,
    "tertiary_link": 25.0,
    "unclassified": 25.0,
    "residential": 20.0,
    "living_street": 10.0,
    "service": 15.0,
    "road": 20.0,
}
FALLBACK_SPEED_KMH = 20.0  # a road class the table does not name
# From a point to the road: part walking, part slow driving into a lane.
DEFAULT_ACCESS_SPEED_KMH = 10.0
# A segment's own limit is only believed up to this share (a 60 km/h sign in a town centre
# does not make a patrol car average 60).
SPEED_LIMIT_SHARE = 0.8
_MIN_EDGE_SECONDS = 1e-3  # csgraph must never see a zero weight as "no edge"


@dataclass(frozen=True)
class RoadEdge:
    """One drivable segment between two nodes (ids as the caller names them)."""

    from_node: int
    to_node: int
    length_m: float
    road_class: str
    oneway: bool
    max_speed_kmh: float | None = None


def edge_speed_kmh(edge: RoadEdge, speeds_kmh: Mapping[str, float]) -> float:
    """The speed a patrol car averages on ``edge``."""
    by_class = float(speeds_kmh.get(edge.road_class, FALLBACK_SPEED_KMH))
    if edge.max_speed_kmh and edge.max_speed_kmh > 0:
        return min(by_class, edge.max_speed_kmh * SPEED_LIMIT_SHARE) or by_class
    return by_class


class RoadGraph:
    """A station's road network ready for travel-time queries. Immutable once built."""

    def __init__(
        self,
        node_ids: np.ndarray,
        lonlat: np.ndarray,
        forward: csr_matrix,
        *,
        walk_metres: csr_matrix | None = None,
        access_speed_kmh: float = DEFAULT_ACCESS_SPEED_KMH,
        main_component_only: bool = True,
    ) -> None:
        self.node_ids = node_ids  # store id of each node index
        self.lonlat = lonlat  # (n, 2) longitude, latitude
        self._forward = forward
        self._reverse = forward.transpose().tocsr()
        # Street lengths, both ways: people on foot or bicycles ignore one-way signs.
        self._walk = walk_metres if walk_metres is not None else forward
        self.access_speed_ms = access_speed_kmh / 3.6
        self._index_of = {int(node_id): i for i, node_id in enumerate(node_ids)}
        n = len(node_ids)
        lon0 = float(lonlat[:, 0].mean()) if n else 0.0
        lat0 = float(lonlat[:, 1].mean()) if n else 0.0
        self._lon0, self._lat0 = lon0, lat0
        self._kx = math.radians(1.0) * EARTH_RADIUS_M * math.cos(math.radians(lat0))
        self._ky = math.radians(1.0) * EARTH_RADIUS_M
        # Snap only to the largest strongly connected part: a point snapped onto a dead-end
        # one-way fragment would be unreachable (or unable to leave).
        if n and main_component_only:
            _, labels = connected_components(forward, directed=True, connection="strong")
            largest = np.argmax(np.bincount(labels))
            self._snappable = np.flatnonzero(labels == largest)
        else:
            self._snappable = np.arange(n)
        self._tree = cKDTree(self.project(lonlat[self._snappable])) if n else None

    # --- building ---------------------------------------------------------------------

    @classmethod
    def from_segments(
        cls,
        nodes: Sequence[tuple[int, float, float]],
        segments: Sequence[RoadEdge],
        speeds_kmh: Mapping[str, float] = DEFAULT_SPEEDS_KMH,
        *,
        access_speed_kmh: float = DEFAULT_ACCESS_SPEED_KMH,
        main_component_only: bool = True,
    ) -> RoadGraph:
        """Build from ``(node id, lon, lat)`` rows and segments naming those ids.

        Two-way segments become two arcs; parallel arcs keep the fastest; segments whose
        nodes are unknown are ignored.
        """
        node_ids = np.array([n[0] for n in nodes], dtype=np.int64)
        lonlat = np.array([(n[1], n[2]) for n in nodes], dtype=float).reshape(-1, 2)
        index = {int(node_id): i for i, node_id in enumerate(node_ids)}
        src: list[int] = []
        dst: list[int] = []
        secs: list[float] = []
        walk: list[tuple[int, int, float]] = []
        for e in segments:
            a, b = index.get(e.from_node), index.get(e.to_node)
            if a is None or b is None or a == b:
                continue
            t = max(e.length_m / (edge_speed_kmh(e, speeds_kmh) / 3.6), _MIN_EDGE_SECONDS)
            src.append(a)
            dst.append(b)
            secs.append(t)
            if not e.oneway:
                src.append(b)
                dst.append(a)
                secs.append(t)
            metres = max(float(e.length_m), _MIN_EDGE_SECONDS)
            walk += [(a, b, metres), (b, a, metres)]
        n = len(node_ids)
        w = np.array(walk, dtype=float).reshape(-1, 3)
        return cls(
            node_ids,
            lonlat,
            _fastest_arcs(np.array(src, int), np.array(dst, int), np.array(secs, float), n),
            walk_metres=_fastest_arcs(w[:, 0].astype(int), w[:, 1].astype(int), w[:, 2], n),
            access_speed_kmh=access_speed_kmh,
            main_component_only=main_component_only,
        )

    # --- geometry ---------------------------------------------------------------------

    @property
    def node_count(self) -> int:
        return len(self.node_ids)

    @property
    def arc_count(self) -> int:
        return int(self._forward.nnz)

    def index_of(self, node_id: int) -> int:
        """The graph index of a store node id."""
        return self._index_of[int(node_id)]

    def project(self, lonlat: np.ndarray) -> np.ndarray:
        """WGS84 (n, 2) -> metres east/north of the network's centre (n, 2)."""
        pts = np.asarray(lonlat, dtype=float).reshape(-1, 2)
        return np.column_stack(
            ((pts[:, 0] - self._lon0) * self._kx, (pts[:, 1] - self._lat0) * self._ky)
        )

    def snap_many(self, lonlat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Nearest node index of each point, and the straight-line distance to it (m)."""
        if self._tree is None:
            raise ValueError("the road network has no nodes")
        dist, k = self._tree.query(self.project(lonlat))
        return self._snappable[np.asarray(k, dtype=int)], np.asarray(dist, dtype=float)

    def snap(self, lon: float, lat: float) -> int:
        """The index of the node nearest to a point."""
        return int(self.snap_many(np.array([[lon, lat]]))[0][0])

    def access_seconds(self, lon: float, lat: float) -> float:
        """Time from a point to its snapped node, in a straight line at the access speed."""
        _, dist = self.snap_many(np.array([[lon, lat]]))
        return float(dist[0]) / self.access_speed_ms

    def straight_line_m(self, lon: float, lat: float, others: np.ndarray) -> np.ndarray:
        """Straight-line distances (m) from a point to each of ``others`` (n, 2)."""
        here = self.project(np.array([[lon, lat]]))[0]
        return np.hypot(*(self.project(others) - here).T)

    # --- travel times -----------------------------------------------------------------

    def _one_pass(self, graph: csr_matrix, lon: float, lat: float, limit: float) -> np.ndarray:
        node, dist = self.snap_many(np.array([[lon, lat]]))
        access = float(dist[0]) / self.access_speed_ms
        reach = dijkstra(graph, directed=True, indices=int(node[0]), limit=max(limit - access, 0))
        return reach + access

    def seconds_from(self, lon: float, lat: float, *, limit: float = np.inf) -> np.ndarray:
        """Driving seconds from a point to every node (inf: unreachable or beyond ``limit``)."""
        return self._one_pass(self._forward, lon, lat, limit)

    def seconds_to(self, lon: float, lat: float, *, limit: float = np.inf) -> np.ndarray:
        """Driving seconds from every node to a point (one pass on the reversed graph)."""
        return self._one_pass(self._reverse, lon, lat, limit)

    def travel_seconds_to(
        self, target_lon: float, target_lat: float, origins: np.ndarray
    ) -> np.ndarray:
        """Seconds for each origin (n, 2 lon/lat) to reach the target: one reverse Dijkstra
        from the target, then each origin's snapped node plus its own access time."""
        origins = np.asarray(origins, dtype=float).reshape(-1, 2)
        if len(origins) == 0:
            return np.zeros(0)
        to_target = self.seconds_to(target_lon, target_lat)
        nodes, dist = self.snap_many(origins)
        return to_target[nodes] + dist / self.access_speed_ms

    def street_metres_to(
        self, target_lon: float, target_lat: float, origins: np.ndarray
    ) -> np.ndarray:
        """Metres along the streets, either way (on foot or by bicycle), from each origin
        (n, 2) to the target, including both straight-line access legs; one Dijkstra pass."""
        origins = np.asarray(origins, dtype=float).reshape(-1, 2)
        if len(origins) == 0:
            return np.zeros(0)
        node, dist = self.snap_many(np.array([[target_lon, target_lat]]))
        reach = dijkstra(self._walk, directed=True, indices=int(node[0]))
        nodes, access = self.snap_many(origins)
        return reach[nodes] + access + float(dist[0])

    def seconds_between(self, from_node: int, to_node: int) -> float:
        """Seconds between two node indexes (tests, and checks against other routers)."""
        return float(dijkstra(self._forward, directed=True, indices=from_node)[to_node])


def _fastest_arcs(src: np.ndarray, dst: np.ndarray, secs: np.ndarray, n: int) -> csr_matrix:
    """A CSR matrix with one arc per (src, dst): the fastest (COO would add duplicates up)."""
    if len(src):
        order = np.lexsort((secs, dst, src))
        src, dst, secs = src[order], dst[order], secs[order]
        first = np.ones(len(src), dtype=bool)
        first[1:] = (src[1:] != src[:-1]) | (dst[1:] != dst[:-1])
        src, dst, secs = src[first], dst[first], secs[first]
    return coo_matrix((secs, (src, dst)), shape=(n, n)).tocsr()
