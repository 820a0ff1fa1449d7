"""Key places (重点部位) found in the extract: schools, hospitals, stations and the like.

These are the places a command room keeps an eye on (crowds, children, the sick, cash),
so the demo takes them from the real data rather than inventing them. Kinds follow
OSM tags; names are the OSM names, with a descriptive fallback for unnamed ones.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from .geo import COORD_DIGITS, haversine_m
from .osm_extract import OsmExtract, OsmFeature

# kind -> 中文, in the order key places are listed.
KIND_ZH = {
    "police": "派出所",
    "school": "学校",
    "university": "高校",
    "hospital": "医院",
    "subway_station": "地铁站",
    "subway_entrance": "地铁出入口",
    "bank": "银行",
    "mall": "商场",
    "market": "集贸市场",
    "hotel": "宾馆",
    "government": "政府机关",
    "museum": "博物馆",
    "entertainment": "娱乐场所",
    "fuel": "加油站",
}
_SAME_PLACE_M = 400.0
_SCHOOL_NAME = re.compile(r"(学校|中学|小学|幼儿园|学院|大学)$")


@dataclass(frozen=True)
class KeyPlaceRecord:
    kind: str
    name: str
    lon: float
    lat: float
    osm_ref: str  # "way/147223223"


def key_place_kind(tags: Mapping[str, str]) -> str | None:
    amenity, shop, tourism = tags.get("amenity"), tags.get("shop"), tags.get("tourism")
    railway, building = tags.get("railway"), tags.get("building")
    if amenity == "police":
        return "police"
    if amenity in ("school", "kindergarten"):
        return "school"
    if amenity in ("university", "college"):
        return "university"
    if amenity in ("hospital", "clinic") or tags.get("healthcare") == "hospital":
        return "hospital"
    if railway == "subway_entrance":
        return "subway_entrance"
    if (railway == "station" or tags.get("public_transport") == "station") and (
        tags.get("station") == "subway" or tags.get("subway") == "yes"
    ):
        return "subway_station"
    if amenity == "bank":
        return "bank"
    if shop in ("mall", "department_store"):
        return "mall"
    if amenity == "marketplace":
        return "market"
    if tourism in ("hotel", "hostel", "guest_house", "motel"):
        return "hotel"
    if amenity == "townhall":
        return "government"
    if tourism == "museum":
        return "museum"
    if amenity in ("cinema", "theatre", "nightclub", "bar", "pub", "karaoke_box"):
        return "entertainment"
    if amenity == "fuel":
        return "fuel"
    # A building mapped without its amenity still counts when its name says what it is.
    name = tags.get("name") or ""
    if building == "hospital" and name.endswith("医院"):
        return "hospital"
    if building == "school" and _SCHOOL_NAME.search(name):
        return "school"
    return None


def _osm_name(tags: Mapping[str, str]) -> str | None:
    for key in ("name:zh", "name:zh-Hans", "name", "name:en"):
        if tags.get(key):
            return tags[key].strip()
    return None


_ENTRANCE = re.compile(r"^(?P<station>.+?)\s*#\s*(?P<ref>\w+)$")


def _display_name(kind: str, feature: OsmFeature) -> str | None:
    name = _osm_name(feature.tags)
    if kind == "subway_entrance":
        m = _ENTRANCE.match(name or "")
        if m:  # OSM China writes entrances as "新街口#3"
            return f"{m['station']}站{m['ref']}号口"
        if feature.tags.get("ref") and not name:
            return None  # named later from the nearest station
    if kind == "subway_station" and name and not name.endswith("站"):
        return f"{name}站"
    return name


def find_key_places(extract: OsmExtract, street_near) -> list[KeyPlaceRecord]:
    """Key places in the extract, one per place (merged when mapped twice).

    ``street_near(lon, lat)`` names the nearest street, for unnamed places
    ("医院（汉中路）").
    """
    found: list[KeyPlaceRecord] = []
    unnamed_entrances: list[OsmFeature] = []
    for feature in extract.features:  # areas before nodes: an area's centroid is better
        kind = key_place_kind(feature.tags)
        if kind is None:
            continue
        name = _display_name(kind, feature)
        if name is None and kind == "subway_entrance":
            unnamed_entrances.append(feature)
            continue
        if name is None:
            street = street_near(feature.lon, feature.lat)
            name = f"{KIND_ZH[kind]}（{street}）" if street else KIND_ZH[kind]
        record = KeyPlaceRecord(
            kind,
            name,
            round(feature.lon, COORD_DIGITS),
            round(feature.lat, COORD_DIGITS),
            feature.ref,
        )
        if not any(_same_place(record, other) for other in found):
            found.append(record)
    stations = [p for p in found if p.kind == "subway_station"]
    for feature in unnamed_entrances:
        nearest = min(
            stations,
            key=lambda s: haversine_m(s.lon, s.lat, feature.lon, feature.lat),
            default=None,
        )
        station = nearest.name.removesuffix("站") if nearest else "地铁"
        record = KeyPlaceRecord(
            "subway_entrance",
            f"{station}站{feature.tags['ref']}号口",
            round(feature.lon, COORD_DIGITS),
            round(feature.lat, COORD_DIGITS),
            feature.ref,
        )
        if not any(_same_place(record, other) for other in found):
            found.append(record)
    order = {kind: k for k, kind in enumerate(KIND_ZH)}
    return sorted(found, key=lambda p: (order[p.kind], p.name, p.osm_ref))


def _same_place(a: KeyPlaceRecord, b: KeyPlaceRecord) -> bool:
    return (
        a.kind == b.kind
        and a.name == b.name
        and haversine_m(a.lon, a.lat, b.lon, b.lat) < _SAME_PLACE_M
    )


def area_name(places: list[KeyPlaceRecord], centre: tuple[float, float]) -> str | None:
    """What the area is called: the subway station with the most entrances (the local
    hub gives the neighbourhood and its police station their name), nearest first."""
    stations = [p for p in places if p.kind == "subway_station"]
    if not stations:
        return None
    entrances = [p for p in places if p.kind == "subway_entrance"]

    def score(station: KeyPlaceRecord) -> tuple[int, float]:
        base = station.name.removesuffix("站")
        count = sum(1 for e in entrances if e.name.startswith(base + "站"))
        return -count, haversine_m(station.lon, station.lat, *centre)

    return min(stations, key=score).name.removesuffix("站")
