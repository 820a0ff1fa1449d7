"""The jurisdiction and its patrol grids (网格), cut along the real main streets.

Real grids are bounded by main roads, because a main road is where a patrol area
visibly ends. So the jurisdiction (the area the extract's road network covers) is cut by
its primary and secondary roads, with dead-ending roads extended to the next road or the
boundary; the resulting blocks are merged, smallest first, into their neighbour across
the longest shared street until between six and nine grids of similar road length are
left. An extract with too few main roads gets its largest grids halved instead.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
from shapely.geometry import LineString, MultiPoint, Point, Polygon
from shapely.geometry.polygon import orient
from shapely.ops import polygonize, split, unary_union

from .geo import LocalProjection
from .roads import RoadNetwork

MIN_GRIDS = 6
MAX_GRIDS = 9
BOUNDARY_MARGIN_M = 80.0  # the jurisdiction reaches a little past its outermost roads
_CUTTING_CLASSES = ({"primary", "secondary"}, {"primary", "secondary", "tertiary"})
_CN_DIGITS = "零一二三四五六七八九"


@dataclass(frozen=True)
class GridArea:
    code: str  # G01, G02 … in reading order (north-west first)
    name: str  # 新街口第一网格
    boundary: dict[str, Any]  # GeoJSON Polygon, lon/lat, rounded as stored
    polygon: Polygon  # the same, as shapely (lon/lat) for point-in-polygon
    road_length_m: float


def chinese_ordinal(n: int) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 21 -> 二十一 (grid names go well below 100)."""
    if n < 10:
        return _CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN_DIGITS[tens]) + "十" + (_CN_DIGITS[ones] if ones else "")


def jurisdiction_polygon(network: RoadNetwork, proj: LocalProjection) -> Polygon:
    """The area the road network covers (metres): its concave hull plus a margin."""
    points = MultiPoint([proj.xy(lon, lat) for e in network.edges for lon, lat in e.geometry])
    hull = shapely.concave_hull(points, ratio=0.3).buffer(BOUNDARY_MARGIN_M, quad_segs=4)
    if hull.geom_type != "Polygon":  # scattered pieces: take the convex hull instead
        hull = points.convex_hull.buffer(BOUNDARY_MARGIN_M, quad_segs=4)
    return Polygon(hull.exterior)


def cut_grids(
    network: RoadNetwork, proj: LocalProjection, area_name: str
) -> tuple[Polygon, list[GridArea]]:
    """The jurisdiction (metres) and its grids (lon/lat), in reading order."""
    jurisdiction = jurisdiction_polygon(network, proj)
    mids = []
    for e in network.edges:
        line = LineString([proj.xy(lon, lat) for lon, lat in e.geometry])
        mid = line.interpolate(0.5, normalized=True)
        mids.append((mid.x, mid.y, e.length_m))
    mid_x = np.array([m[0] for m in mids])
    mid_y = np.array([m[1] for m in mids])
    lengths = np.array([m[2] for m in mids])

    def weight(face: Polygon) -> float:
        """Road length inside a face: a proxy for how much there is to patrol."""
        return float(lengths[shapely.intersects_xy(face, mid_x, mid_y)].sum()) + 1.0

    faces: list[Polygon] = []
    for classes in _CUTTING_CLASSES:
        cuts = [
            LineString([proj.xy(lon, lat) for lon, lat in e.geometry])
            for e in network.edges
            if e.road_class in classes and e.name and "隧道" not in e.name
        ]
        faces = _merge_faces(_blocks(jurisdiction, cuts), weight)
        if len(faces) >= MIN_GRIDS:
            break
    while len(faces) < MIN_GRIDS:
        faces.sort(key=weight)
        faces[-1:] = _halve(faces[-1])

    ordered = _reading_order(faces)
    grids = []
    for i, face in enumerate(ordered, start=1):
        boundary = _geojson(face, proj)
        grids.append(
            GridArea(
                code=f"G{i:02d}",
                name=f"{area_name}第{chinese_ordinal(i)}网格",
                boundary=boundary,
                polygon=shapely.geometry.shape(boundary),
                road_length_m=round(weight(face) - 1.0, 1),
            )
        )
    return jurisdiction, grids


def _blocks(jurisdiction: Polygon, cuts: list[LineString]) -> list[Polygon]:
    """Faces of the jurisdiction cut by the roads, dead ends extended to the next line."""
    if not cuts:
        return [jurisdiction]
    noded = unary_union(cuts)
    pieces = list(getattr(noded, "geoms", [noded]))
    ends: Counter[tuple[float, float]] = Counter()
    for piece in pieces:
        coords = piece.coords
        ends[_key(coords[0])] += 1
        ends[_key(coords[-1])] += 1
    obstacles = unary_union([*pieces, jurisdiction.exterior])
    extensions = []
    for piece in pieces:
        coords = list(piece.coords)
        for end, before in ((coords[0], coords[1]), (coords[-1], coords[-2])):
            if ends[_key(end)] == 1:
                ext = _extend_to_obstacle(end, before, obstacles)
                if ext is not None:
                    extensions.append(ext)
    lines = unary_union(
        [jurisdiction.exterior, *[p.intersection(jurisdiction) for p in pieces], *extensions]
    )
    faces = [f for f in polygonize(lines) if f.area > 1.0]
    return faces or [jurisdiction]


def _key(xy: tuple[float, float]) -> tuple[float, float]:
    return round(xy[0], 2), round(xy[1], 2)


def _extend_to_obstacle(end, before, obstacles, reach: float = 900.0) -> LineString | None:
    dx, dy = end[0] - before[0], end[1] - before[1]
    length = math.hypot(dx, dy)
    if length == 0:
        return None
    ux, uy = dx / length, dy / length
    ray = LineString(
        [(end[0] + ux * 0.5, end[1] + uy * 0.5), (end[0] + ux * reach, end[1] + uy * reach)]
    )
    hit = ray.intersection(obstacles)
    if hit.is_empty:
        return None
    points = [c for g in getattr(hit, "geoms", [hit]) for c in g.coords]
    nearest = min(points, key=lambda c: math.hypot(c[0] - end[0], c[1] - end[1]))
    return LineString([end, nearest])


def _merge_faces(faces: list[Polygon], weight) -> list[Polygon]:
    """Merge the lightest face into its lightest neighbour across a long border, until the
    count and the smallest share are right. Weights and borders add up, so the geometry
    is only unioned once at the end."""
    n = len(faces)
    if n <= 1:
        return faces
    weights = [weight(f) for f in faces]
    total = sum(weights)
    borders: list[dict[int, float]] = [{} for _ in range(n)]
    tree = shapely.STRtree(faces)
    for i, face in enumerate(faces):
        grown = face.buffer(0.5)
        for j in tree.query(grown, predicate="intersects"):
            j = int(j)
            if j > i:
                shared = faces[j].boundary.intersection(grown).length
                if shared > 1.0:
                    borders[i][j] = borders[j][i] = shared
    members = [[i] for i in range(n)]
    alive = set(range(n))
    heap = [(weights[i], i) for i in range(n)]
    heapq.heapify(heap)
    while len(alive) > 1 and heap:
        w, i = heapq.heappop(heap)
        if i not in alive or w != weights[i]:
            continue  # stale entry
        if len(alive) <= MAX_GRIDS and w >= total / (2.2 * MAX_GRIDS):
            break
        if borders[i]:
            # Across a real border, to the lightest such neighbour: keeps grids even.
            longest = max(borders[i].values())
            near = [j for j, length in borders[i].items() if length >= 0.3 * longest]
            best = min(near, key=lambda j: (weights[j], j))
        else:  # touches nothing: fold into the nearest face
            best = min((j for j in alive if j != i), key=lambda j: (faces[i].distance(faces[j]), j))
        for k, length in borders[i].items():
            del borders[k][i]
            if k != best:
                borders[best][k] = borders[k][best] = borders[best].get(k, 0.0) + length
        borders[i] = {}
        members[best].extend(members[i])
        alive.discard(i)
        weights[best] += weights[i]
        heapq.heappush(heap, (weights[best], best))
    result = []
    for i in sorted(alive):
        merged = unary_union([faces[k] for k in members[i]])
        if merged.geom_type != "Polygon":
            merged = merged.buffer(0.5).buffer(-0.5)
        if merged.geom_type != "Polygon":
            merged = max(merged.geoms, key=lambda g: g.area)
        result.append(
            Polygon(merged.exterior, [r for r in merged.interiors if Polygon(r).area > 50.0])
        )
    return result


def _halve(face: Polygon) -> list[Polygon]:
    """Split a face across its longer axis, through its centroid."""
    rect = face.minimum_rotated_rectangle
    xs, ys = rect.exterior.coords.xy
    edges = [((xs[k], ys[k]), (xs[k + 1], ys[k + 1])) for k in range(4)]
    (ax, ay), (bx, by) = max(edges, key=lambda e: math.dist(e[0], e[1]))
    ux, uy = bx - ax, by - ay
    norm = math.hypot(ux, uy) or 1.0
    nx, ny = -uy / norm, ux / norm  # perpendicular to the long side
    c = face.centroid
    span = 10 * norm + 1000
    cut = LineString([(c.x - nx * span, c.y - ny * span), (c.x + nx * span, c.y + ny * span)])
    parts = [g for g in split(face, cut).geoms if g.geom_type == "Polygon"]
    return parts if len(parts) >= 2 else [face]


def _reading_order(faces: list[Polygon]) -> list[Polygon]:
    """North to south in rows, west to east within a row."""
    centres = [(f.centroid.x, f.centroid.y) for f in faces]
    n = len(faces)
    xs = np.array([c[0] for c in centres])
    ys = np.array([c[1] for c in centres])
    aspect = (np.ptp(ys) + 1.0) / (np.ptp(xs) + 1.0)
    rows = max(1, min(n, math.ceil(math.sqrt(n * aspect))))
    by_lat = sorted(range(n), key=lambda k: (-centres[k][1], centres[k][0]))
    per_row = math.ceil(n / rows)
    order: list[int] = []
    for r in range(0, n, per_row):
        order.extend(sorted(by_lat[r : r + per_row], key=lambda k: (centres[k][0], -centres[k][1])))
    return [faces[k] for k in order]


def _geojson(face: Polygon, proj: LocalProjection) -> dict[str, Any]:
    face = orient(face, 1.0)  # RFC 7946: exterior counter-clockwise

    def ring(coords) -> list[list[float]]:
        out: list[list[float]] = []
        for x, y in coords:
            lon, lat = proj.lonlat(x, y)
            if not out or out[-1] != [lon, lat]:
                out.append([lon, lat])
        if out[0] != out[-1]:
            out.append(list(out[0]))
        return out

    return {
        "type": "Polygon",
        "coordinates": [ring(face.exterior.coords)] + [ring(r.coords) for r in face.interiors],
    }


class GridLocator:
    """Which grid a point lies in, by the stored (rounded) boundaries."""

    def __init__(self, grids: list[GridArea]) -> None:
        self._grids = grids
        for g in grids:
            shapely.prepare(g.polygon)

    def grid_index(self, lon: float, lat: float) -> int | None:
        for k, g in enumerate(self._grids):
            if g.polygon.covers(Point(lon, lat)):
                return k
        return None

    def grid_indexes(self, lons: np.ndarray, lats: np.ndarray) -> np.ndarray:
        """Vectorised: the grid index of each point, or -1 outside every grid."""
        result = np.full(len(lons), -1, dtype=np.int64)
        for k, g in enumerate(self._grids):
            inside = shapely.intersects_xy(g.polygon, lons, lats) & (result < 0)
            result[inside] = k
        return result

    def nearest(self, lon: float, lat: float) -> int:
        p = Point(lon, lat)
        return min(range(len(self._grids)), key=lambda k: self._grids[k].polygon.distance(p))
