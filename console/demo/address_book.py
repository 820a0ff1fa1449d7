"""The standard address book (标准地址), numbered along the real named streets.

OSM in China has few house numbers, so the demo numbers the real streets the way
Chinese streets are numbered: from the end nearer the centre outwards, odd numbers on
one side and even on the other, each number a frontage of 15–24 m, with gaps where a
compound takes several numbers and a few "18-1号" sub-numbers. Each address sits a
little off the street's centre line on its own side, so it lies inside a grid block.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry import LineString, MultiLineString, Point, Polygon
from shapely.ops import linemerge

from console.domain.addresses import normalise_address

from .geo import LocalProjection
from .osm_extract import OsmExtract
from .roads import is_street_name

# Streets that carry house numbers, with how far (m) the doors stand from the centre line.
STREET_SETBACK_M = {
    "primary": 24.0,
    "secondary": 19.0,
    "tertiary": 15.0,
    "unclassified": 12.0,
    "residential": 11.0,
    "living_street": 9.0,
    "pedestrian": 9.0,
    "service": 9.0,
}
_CLASS_RANK = {c: k for k, c in enumerate(STREET_SETBACK_M)}
_SAMPLE_STEP_M = 20.0
_PARALLEL_M = 45.0  # the other carriageway of the same street


@dataclass(frozen=True)
class AddressRecord:
    text: str  # 中山路18号
    normalised_text: str
    street: str
    house_number: str  # "18", "18-1"
    lon: float
    lat: float
    street_class: str  # the street's main OSM highway class, for weighting incidents


@dataclass(frozen=True)
class Street:
    name: str
    road_class: str  # highest class among its ways
    lines: tuple[LineString, ...]  # metres, one per continuous stretch


def named_streets(extract: OsmExtract, proj: LocalProjection) -> list[Street]:
    """Named streets that carry house numbers, each as its merged stretches."""
    pieces: dict[str, list[LineString]] = defaultdict(list)
    classes: dict[str, str] = {}
    for way in extract.highways:
        cls = way.tags.get("highway")
        name = way.tags.get("name") or way.tags.get("name:zh")
        if cls not in STREET_SETBACK_M or not is_street_name(name) or way.tags.get("area") == "yes":
            continue
        coords = [proj.xy(*extract.nodes[n]) for n in way.node_ids if n in extract.nodes]
        if len(coords) < 2:
            continue
        pieces[name].append(LineString(coords))
        if name not in classes or _CLASS_RANK[cls] < _CLASS_RANK[classes[name]]:
            classes[name] = cls
    streets = []
    for name in sorted(pieces):
        merged = linemerge(MultiLineString(pieces[name]))
        lines = tuple(getattr(merged, "geoms", [merged]))
        streets.append(Street(name, classes[name], lines))
    return streets


class StreetIndex:
    """The nearest named street to a point, for naming unnamed places and junctions."""

    def __init__(self, streets: list[Street], proj: LocalProjection) -> None:
        self._proj = proj
        self._names = [s.name for s in streets for _ in s.lines]
        self._tree = shapely.STRtree([line for s in streets for line in s.lines])

    def near(self, lon: float, lat: float, within_m: float = 300.0) -> str | None:
        if not self._names:
            return None
        p = Point(self._proj.xy(lon, lat))
        k = self._tree.nearest(p)
        if k is None or self._tree.geometries[k].distance(p) > within_m:
            return None
        return self._names[int(k)]


def build_address_book(
    streets: list[Street],
    proj: LocalProjection,
    jurisdiction: Polygon,
    rng: random.Random,
) -> list[AddressRecord]:
    """House numbers along every street, inside the jurisdiction, unique by text."""
    centre = jurisdiction.centroid
    seen: set[str] = set()
    book: list[AddressRecord] = []
    for street in streets:
        for text, number, x, y in _number_street(street, (centre.x, centre.y), rng):
            if text in seen or not jurisdiction.contains(Point(x, y)):
                continue
            seen.add(text)
            lon, lat = proj.lonlat(x, y)
            book.append(
                AddressRecord(
                    text, normalise_address(text), street.name, number, lon, lat, street.road_class
                )
            )
    return book


def _number_street(street: Street, centre: tuple[float, float], rng: random.Random):
    coords = np.array([c for line in street.lines for c in line.coords])
    mean = coords.mean(axis=0)
    if len(coords) > 2 and np.ptp(coords, axis=0).max() > 1.0:
        _, _, vt = np.linalg.svd(coords - mean, full_matrices=False)
        axis = vt[0]
    else:
        axis = np.array([1.0, 0.0])
    if float(np.dot(np.array(centre) - mean, axis)) > 0:
        axis = -axis  # numbers start at the end nearer the centre
    base = float((coords @ axis).min())

    def along(x: float, y: float) -> float:
        return float(x * axis[0] + y * axis[1]) - base

    lines = []
    for line in street.lines:
        start, end = line.coords[0], line.coords[-1]
        lines.append(line if along(*start) <= along(*end) else line.reverse())
    lines.sort(key=lambda ln: (along(*ln.coords[0]), ln.length))

    accepted: list[LineString] = []
    for line in lines:
        if accepted and _mostly_beside(line, accepted):
            continue  # the other carriageway: one set of numbers per street
        accepted.append(line)

    frontage = rng.uniform(15.0, 24.0)
    setback = STREET_SETBACK_M[street.road_class]
    for line in accepted:
        start = along(*line.coords[0])
        for side, first_offset in ((1, 0.25), (-1, 0.75)):  # odd left, even right, staggered
            d = first_offset * frontage
            while d < line.length:
                k = int((start + d) // frontage)
                number = 2 * k + 1 if side == 1 else 2 * k + 2
                if rng.random() >= 0.1:  # gaps where one compound holds several numbers
                    x, y = _beside(line, d, side * (setback + rng.uniform(-2.0, 2.0)))
                    yield f"{street.name}{number}号", str(number), x, y
                    if rng.random() < 0.04:
                        x, y = _beside(line, min(d + 5.0, line.length), side * setback)
                        yield f"{street.name}{number}-1号", f"{number}-1", x, y
                d += frontage


def _mostly_beside(line: LineString, others: list[LineString]) -> bool:
    steps = max(2, int(line.length // _SAMPLE_STEP_M))
    points = [line.interpolate(i / steps, normalized=True) for i in range(steps + 1)]
    near = sum(1 for p in points if min(o.distance(p) for o in others) < _PARALLEL_M)
    return near >= 0.6 * len(points)


def _beside(line: LineString, d: float, offset: float) -> tuple[float, float]:
    """The point ``offset`` metres left (positive) of the line at distance ``d``."""
    p = line.interpolate(d)
    a = line.interpolate(max(0.0, d - 2.0))
    b = line.interpolate(min(line.length, d + 2.0))
    tx, ty = b.x - a.x, b.y - a.y
    norm = math.hypot(tx, ty) or 1.0
    return p.x - ty / norm * offset, p.y + tx / norm * offset
