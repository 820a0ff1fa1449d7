"""The drivable road network of an extract, as the store keeps it.

OSM ways run across many junctions; routing needs edges between junctions. Each
drivable way is split at every node it shares with another drivable way (and at its
ends); the edge keeps the way's shape points as its polyline, so the map draws real
streets while the graph stays small.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from .geo import COORD_DIGITS, polyline_length_m
from .osm_extract import OsmExtract, OsmWay

# What a patrol car can drive on (osmnx's "drive" network, minus private service ways).
DRIVABLE_CLASSES = frozenset(
    {
        "motorway",
        "motorway_link",
        "trunk",
        "trunk_link",
        "primary",
        "primary_link",
        "secondary",
        "secondary_link",
        "tertiary",
        "tertiary_link",
        "unclassified",
        "residential",
        "living_street",
        "service",
        "road",
    }
)
_EXCLUDED_SERVICE = frozenset({"parking_aisle", "driveway", "drive-through", "emergency_access"})
_NO_ACCESS = frozenset({"no", "private"})


@dataclass(frozen=True)
class RoadNodeRecord:
    index: int
    osm_id: int
    lon: float
    lat: float


@dataclass(frozen=True)
class RoadEdge:
    index: int
    from_node: int  # RoadNodeRecord.index
    to_node: int
    osm_way_id: int
    name: str | None
    road_class: str
    oneway: bool
    length_m: float
    max_speed_kmh: float | None
    geometry: tuple[tuple[float, float], ...]  # (lon, lat) from from_node to to_node


@dataclass(frozen=True)
class Intersection:
    """Where two differently named streets meet ("汉中路与莫愁路交叉口")."""

    street_a: str
    street_b: str
    lon: float
    lat: float

    @property
    def text(self) -> str:
        return f"{self.street_a}与{self.street_b}交叉口"


@dataclass(frozen=True)
class RoadNetwork:
    nodes: tuple[RoadNodeRecord, ...]
    edges: tuple[RoadEdge, ...]
    # Node indexes of the largest strongly connected part: positions placed there can
    # reach, and be reached from, every other such position.
    main_component: frozenset[int]
    intersections: tuple[Intersection, ...]


def is_drivable(tags: Mapping[str, str]) -> bool:
    """A way a patrol car may use: a road class cars drive on, not private, not an area."""
    if tags.get("highway") not in DRIVABLE_CLASSES or tags.get("area") == "yes":
        return False
    if tags.get("access") in _NO_ACCESS or tags.get("motor_vehicle") in _NO_ACCESS:
        return False
    return not (tags.get("highway") == "service" and tags.get("service") in _EXCLUDED_SERVICE)


def oneway_direction(tags: Mapping[str, str]) -> int:
    """1: drawn direction only, -1: against the drawn direction, 0: both ways."""
    value = (tags.get("oneway") or "").lower()
    if value in ("yes", "true", "1"):
        return 1
    if value in ("-1", "reverse"):
        return -1
    if value == "no":
        return 0
    if tags.get("junction") in ("roundabout", "circular") or tags.get("highway") == "motorway":
        return 1
    return 0


_SPEED = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(mph|km/h|kmh|kph)?\s*$", re.IGNORECASE)


def parse_maxspeed(value: str | None) -> float | None:
    """``"40"`` or ``"40 km/h"`` -> 40.0, ``"30 mph"`` -> 48.3; symbolic values -> None."""
    if not value:
        return None
    match = _SPEED.match(value.split(";")[0])
    if not match:
        return None
    speed = float(match.group(1))
    if (match.group(2) or "").lower() == "mph":
        speed *= 1.609344
    return round(speed, 1)


def build_road_network(extract: OsmExtract) -> RoadNetwork:
    ways: list[tuple[OsmWay, list[int]]] = []
    for way in extract.highways:
        if not is_drivable(way.tags):
            continue
        refs = [n for n in way.node_ids if n in extract.nodes]
        refs = [n for i, n in enumerate(refs) if i == 0 or n != refs[i - 1]]
        if len(refs) < 2:
            continue
        if oneway_direction(way.tags) == -1:
            refs.reverse()
        ways.append((way, refs))

    uses = Counter(n for _, refs in ways for n in refs)
    junction = {n for n, c in uses.items() if c > 1}
    for _, refs in ways:
        junction.update((refs[0], refs[-1]))

    index: dict[int, int] = {}
    nodes: list[RoadNodeRecord] = []
    edges: list[RoadEdge] = []

    def node_index(osm_id: int) -> int:
        if osm_id not in index:
            lon, lat = extract.nodes[osm_id]
            index[osm_id] = len(nodes)
            nodes.append(RoadNodeRecord(len(nodes), osm_id, lon, lat))
        return index[osm_id]

    for way, refs in ways:
        tags = way.tags
        oneway = oneway_direction(tags) != 0
        speed = parse_maxspeed(tags.get("maxspeed"))
        name = tags.get("name") or tags.get("name:zh") or None
        start = 0
        for i in range(1, len(refs)):
            if refs[i] not in junction:
                continue
            piece = refs[start : i + 1]
            points = tuple(
                (round(extract.nodes[n][0], COORD_DIGITS), round(extract.nodes[n][1], COORD_DIGITS))
                for n in piece
            )
            edges.append(
                RoadEdge(
                    index=len(edges),
                    from_node=node_index(piece[0]),
                    to_node=node_index(piece[-1]),
                    osm_way_id=way.id,
                    name=name,
                    road_class=tags["highway"],
                    oneway=oneway,
                    length_m=round(polyline_length_m(list(points)), 1),
                    max_speed_kmh=speed,
                    geometry=points,
                )
            )
            start = i

    return RoadNetwork(
        nodes=tuple(nodes),
        edges=tuple(edges),
        main_component=_largest_strong_component(len(nodes), edges),
        intersections=_named_intersections(nodes, edges),
    )


def _largest_strong_component(n: int, edges: list[RoadEdge]) -> frozenset[int]:
    if n == 0:
        return frozenset()
    src = [e.from_node for e in edges] + [e.to_node for e in edges if not e.oneway]
    dst = [e.to_node for e in edges] + [e.from_node for e in edges if not e.oneway]
    graph = coo_matrix((np.ones(len(src)), (src, dst)), shape=(n, n)).tocsr()
    _, labels = connected_components(graph, directed=True, connection="strong")
    sizes = np.bincount(labels)
    largest = int(np.argmax(sizes))  # ties: the lowest label, which is deterministic
    return frozenset(int(i) for i in np.flatnonzero(labels == largest))


# Roads that are not streets a caller would name as a place.
_NOT_A_STREET = re.compile(r"(隧道|地道|转盘|立交|高架|匝道|环线|快速路|出口|入口|辅路)$")


def is_street_name(name: str | None) -> bool:
    return bool(name) and not _NOT_A_STREET.search(name)


def _named_intersections(
    nodes: list[RoadNodeRecord], edges: list[RoadEdge]
) -> tuple[Intersection, ...]:
    names_at: dict[int, set[str]] = {}
    for e in edges:
        if is_street_name(e.name) and e.road_class not in ("service",):
            for n in (e.from_node, e.to_node):
                names_at.setdefault(n, set()).add(e.name)
    seen: set[tuple[str, str]] = set()
    result = []
    for n in sorted(names_at):
        names = sorted(names_at[n])
        for i, a in enumerate(names):
            for b in names[i + 1 :]:
                if (a, b) in seen:
                    continue
                seen.add((a, b))
                result.append(Intersection(a, b, nodes[n].lon, nodes[n].lat))
    return tuple(result)
