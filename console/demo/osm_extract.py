"""Reading an OpenStreetMap XML extract into plain data.

The demo station is built from a real extract so that its map, routes and address book
look like a real jurisdiction. A station-sized extract is a few megabytes, so plain
``xml.etree`` parsing is fast enough and adds no dependency (no GDAL, no osmium).
Nothing here knows about the store: the builder turns these records into rows.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .errors import DemoDataError

# Tags that may make a node, way or relation a key place or a named landmark.
FEATURE_KEYS = frozenset(
    {
        "amenity",
        "shop",
        "tourism",
        "railway",
        "public_transport",
        "station",
        "place",
        "healthcare",
        "office",
        "building",
    }
)


@dataclass(frozen=True, eq=False)
class OsmWay:
    """A way with its node ids in drawing order and its tags."""

    id: int
    node_ids: tuple[int, ...]
    tags: Mapping[str, str]


@dataclass(frozen=True, eq=False)
class OsmFeature:
    """A tagged node, way or relation, placed at its position or its area's centroid."""

    osm_type: str  # "node", "way" or "relation"
    id: int
    lon: float
    lat: float
    tags: Mapping[str, str]

    @property
    def ref(self) -> str:
        return f"{self.osm_type}/{self.id}"


@dataclass(frozen=True, eq=False)
class OsmExtract:
    path: Path
    osm_base: str | None  # when the data was taken from OpenStreetMap
    nodes: Mapping[int, tuple[float, float]]  # node id -> (lon, lat)
    highways: tuple[OsmWay, ...]  # every way tagged highway=*, in id order
    features: tuple[OsmFeature, ...]  # ways and relations first, then nodes, each in id order
    building_count: int


def read_osm_extract(path: Path) -> OsmExtract:
    """Parse an OSM XML file; a missing or unreadable file is a ``DemoDataError``."""
    path = Path(path)
    if not path.is_file():
        raise DemoDataError(
            f"OSM extract not found: {path} "
            "(give one with --osm FILE, or set CONSOLE_GEODATA to the folder holding "
            "nanjing_xinjiekou.osm)"
        )
    try:
        return _parse(path)
    except ET.ParseError as exc:
        raise DemoDataError(
            f"OSM extract not readable: {path} is not OpenStreetMap XML ({exc}); "
            "export the area as .osm XML"
        ) from None
    except OSError as exc:
        raise DemoDataError(f"OSM extract not readable: {path} ({exc.strerror})") from None


def _parse(path: Path) -> OsmExtract:
    nodes: dict[int, tuple[float, float]] = {}
    highways: list[OsmWay] = []
    node_features: list[tuple[int, dict[str, str]]] = []
    way_features: list[OsmWay] = []
    relations: list[tuple[int, dict[str, str], list[tuple[str, int, str]]]] = []
    way_nodes: dict[int, tuple[int, ...]] = {}  # every way, for relation members
    osm_base: str | None = None
    buildings = 0
    root_seen = False

    for event, el in ET.iterparse(path, events=("start", "end")):
        if event == "start":
            if not root_seen:
                root_seen = True
                if el.tag != "osm":
                    raise ET.ParseError(f"root element is <{el.tag}>, not <osm>")
            continue
        tag = el.tag
        if tag == "node":
            node_id = int(el.get("id"))
            nodes[node_id] = (float(el.get("lon")), float(el.get("lat")))
            tags = _tags(el)
            if tags and FEATURE_KEYS.intersection(tags):
                node_features.append((node_id, tags))
            el.clear()
        elif tag == "way":
            tags = _tags(el)
            way = OsmWay(int(el.get("id")), tuple(int(nd.get("ref")) for nd in el.iter("nd")), tags)
            way_nodes[way.id] = way.node_ids
            if "highway" in tags:
                highways.append(way)
            if "building" in tags:
                buildings += 1
            if FEATURE_KEYS.intersection(tags):
                way_features.append(way)
            el.clear()
        elif tag == "relation":
            tags = _tags(el)
            if "building" in tags:
                buildings += 1
            if FEATURE_KEYS.intersection(tags):
                members = [
                    (m.get("type"), int(m.get("ref")), m.get("role") or "")
                    for m in el.iter("member")
                ]
                relations.append((int(el.get("id")), tags, members))
            el.clear()
        elif tag == "meta" and osm_base is None:
            osm_base = el.get("osm_base")
    if not root_seen:
        raise ET.ParseError("empty document")

    features: list[OsmFeature] = []
    for way in sorted(way_features, key=lambda w: w.id):
        centre = _centroid([nodes[n] for n in way.node_ids if n in nodes])
        if centre:
            features.append(OsmFeature("way", way.id, centre[0], centre[1], way.tags))
    for rel_id, tags, members in sorted(relations, key=lambda r: r[0]):
        centre = _relation_centre(members, nodes, way_nodes)
        if centre:
            features.append(OsmFeature("relation", rel_id, centre[0], centre[1], tags))
    for node_id, tags in sorted(node_features, key=lambda f: f[0]):
        lon, lat = nodes[node_id]
        features.append(OsmFeature("node", node_id, lon, lat, tags))

    return OsmExtract(
        path=path,
        osm_base=osm_base,
        nodes=nodes,
        highways=tuple(sorted(highways, key=lambda w: w.id)),
        features=tuple(features),
        building_count=buildings,
    )


def _tags(el: ET.Element) -> dict[str, str]:
    return {t.get("k"): t.get("v") for t in el.iter("tag")}


def _centroid(points: list[tuple[float, float]]) -> tuple[float, float] | None:
    """Area centroid of a closed ring (shoelace), else the mean of the points."""
    if not points:
        return None
    if len(points) >= 4 and points[0] == points[-1]:
        lon0, lat0 = points[0]
        area2 = cx = cy = 0.0
        for (x1, y1), (x2, y2) in zip(points, points[1:], strict=False):
            x1, y1, x2, y2 = x1 - lon0, y1 - lat0, x2 - lon0, y2 - lat0
            cross = x1 * y2 - x2 * y1
            area2 += cross
            cx += (x1 + x2) * cross
            cy += (y1 + y2) * cross
        if abs(area2) > 1e-14:
            return lon0 + cx / (3 * area2), lat0 + cy / (3 * area2)
    n = len(points)
    return sum(p[0] for p in points) / n, sum(p[1] for p in points) / n


def _relation_centre(
    members: list[tuple[str, int, str]],
    nodes: Mapping[int, tuple[float, float]],
    way_nodes: Mapping[int, tuple[int, ...]],
) -> tuple[float, float] | None:
    """The mean centroid of a relation's outer ways, or of its member nodes."""
    centres = []
    for kind, ref, role in members:
        if kind == "way" and role in ("outer", "") and ref in way_nodes:
            c = _centroid([nodes[n] for n in way_nodes[ref] if n in nodes])
            if c:
                centres.append(c)
    if not centres:
        centres = [nodes[ref] for kind, ref, _ in members if kind == "node" and ref in nodes]
    return _centroid(centres) if centres else None
