"""Points on the road network: where a patrolling unit is, where a moving unit drives.

Units stand on roads of the largest strongly connected part of the network, so that a
route can be found from every one of them to every incident.
"""

from __future__ import annotations

import random
from bisect import bisect_left
from itertools import accumulate

import shapely
from shapely.geometry import LineString, Point

from .geo import LocalProjection, bearing_deg
from .grids import GridLocator
from .roads import RoadNetwork

Placement = tuple[float, float, float]  # lon, lat, heading (degrees)


class RoadPoints:
    def __init__(
        self, network: RoadNetwork, proj: LocalProjection, locator: GridLocator, grids: int
    ) -> None:
        self._proj = proj
        self._locator = locator
        main = network.main_component
        edges = [
            e
            for e in network.edges
            if e.from_node in main and e.to_node in main and e.length_m > 5.0
        ] or list(network.edges)
        self._lines = [LineString([proj.xy(lon, lat) for lon, lat in e.geometry]) for e in edges]
        self._tree = shapely.STRtree(self._lines)
        by_grid: list[list[int]] = [[] for _ in range(grids)]
        for k, line in enumerate(self._lines):
            mid = line.interpolate(0.5, normalized=True)
            g = locator.grid_index(*proj.lonlat(mid.x, mid.y))
            if g is not None:
                by_grid[g].append(k)
        everything = list(range(len(self._lines)))
        self._by_grid = [ks or everything for ks in by_grid]
        self._cum = [list(accumulate(self._lines[k].length for k in ks)) for ks in self._by_grid]

    def in_grid(self, grid: int, rng: random.Random) -> Placement:
        """A random point on a road of the grid (longer roads more likely)."""
        ks, cum = self._by_grid[grid], self._cum[grid]
        for _ in range(50):  # roads on the grid's border may lie on either side of it
            k = ks[min(bisect_left(cum, rng.random() * cum[-1]), len(ks) - 1)]
            point = self._at(self._lines[k], rng.random(), forward=rng.random() < 0.5)
            if self._locator.grid_index(point[0], point[1]) == grid:
                return point
        return point

    def snap(self, lon: float, lat: float) -> Placement:
        """The nearest point on a road to a lon/lat."""
        p = Point(self._proj.xy(lon, lat))
        line = self._lines[int(self._tree.nearest(p))]
        return self._at(line, line.project(p, normalized=True), forward=True)

    def _at(self, line: LineString, fraction: float, *, forward: bool) -> Placement:
        d = fraction * line.length
        a = line.interpolate(max(0.0, d - 3.0))
        b = line.interpolate(min(line.length, d + 3.0))
        p = line.interpolate(d)
        lon, lat = self._proj.lonlat(p.x, p.y)
        (alon, alat), (blon, blat) = self._proj.lonlat(a.x, a.y), self._proj.lonlat(b.x, b.y)
        heading = (
            bearing_deg(alon, alat, blon, blat) if forward else bearing_deg(blon, blat, alon, alat)
        )
        return lon, lat, heading
