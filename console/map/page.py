"""Building the map page, once per session, with folium: the static geography (grids,
roads with their street names, key places), empty layers for the live things, the layer
control and the console's script. Nothing in it comes from the internet: every script
and style sheet is a local file (see ``assets``), and the base map is either an intranet
tile server or none at all.

After the first load the page is never rebuilt: ``view.MapView`` drives it with deltas.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import folium
from branca.element import Element
from shapely.geometry import shape

from console.services.map_data import MapGrid, MapKeyPlace, MapRoad, StationGeography

from .assets import checked_asset_urls

QWEBCHANNEL_JS = "qrc:///qtwebchannel/qwebchannel.js"
MAJOR_ROADS = frozenset({"motorway", "trunk", "primary", "secondary"})
LABEL_SPACING_M = 350.0
LABELS_PER_STREET = 3
DEFAULT_ZOOM = 15
# Which key places show at station zoom (1), from street level (2), or close up (3).
PLACE_TIERS = {
    "police": 1,
    "school": 1,
    "university": 1,
    "hospital": 1,
    "subway_station": 1,
    "subway_entrance": 3,
}
FALLBACK_CENTER = (32.04, 118.78)  # lat, lon: used only when a station has no geography


@dataclass(frozen=True)
class PageData:
    """What the page shows that does not move."""

    geography: StationGeography
    grids: list[MapGrid]
    roads: list[MapRoad]
    places: list[MapKeyPlace]


@dataclass(frozen=True)
class PageText:
    """The page's words, already translated by the caller."""

    layer_names: dict[str, str]  # grids, roads, places, units, incidents, rings, heat, tiles
    place_kinds: dict[str, str]  # kind -> name
    place_glyphs: dict[str, str]  # kind -> one character for its icon
    strings: dict[str, str] = field(default_factory=dict)  # used by console-map.js


@dataclass(frozen=True)
class PageOptions:
    tile_url: str | None  # intranet tile server template ({z}/{x}/{y}); None: no base map
    theme: dict[str, Any]


def build_page_html(
    data: PageData,
    text: PageText,
    options: PageOptions,
    decorate: Callable[[dict[str, folium.FeatureGroup]], None] | None = None,
) -> str:
    """The whole page as one HTML document. ``decorate`` may add folium elements to the
    layers before rendering (the benchmark's baseline draws every marker that way)."""
    assets = checked_asset_urls()
    center = _center(data)
    m = folium.Map(
        location=center,
        zoom_start=DEFAULT_ZOOM,
        tiles=None,
        prefer_canvas=True,
        control_scale=False,  # console-map.js adds a metric-only scale
        max_zoom=19,
        min_zoom=11,
    )
    # Point folium at the bundled files (instance attributes: folium's class defaults,
    # CDN URLs, stay untouched for anyone else in the process).
    m.default_js = [
        ("console_map_pre", assets["pre_js"]),
        ("leaflet", assets["leaflet_js"]),
        ("leaflet_heat", assets["heat_js"]),
        ("rbush", assets["rbush_js"]),
        ("qwebchannel", QWEBCHANNEL_JS),
        ("console_map", assets["console_js"]),
    ]
    m.default_css = [("leaflet_css", assets["leaflet_css"]), ("console_css", assets["console_css"])]

    names = text.layer_names
    credit = data.geography.data_credit
    if options.tile_url:
        folium.TileLayer(
            tiles=options.tile_url,
            attr=credit or " ",
            name=names["tiles"],
            overlay=False,
            control=False,
            max_zoom=19,
        ).add_to(m)

    grids = folium.FeatureGroup(name=names["grids"], show=True).add_to(m)
    grid_shapes = folium.GeoJson(
        _grid_features(data.grids),
        name=names["grids"],
        control=False,
        style_function=lambda _f: {"color": "#8e99a7", "weight": 1.5, "fillOpacity": 0.03},
        smooth_factor=0.5,
    ).add_to(grids)

    roads = folium.FeatureGroup(name=names["roads"], show=not options.tile_url).add_to(m)
    road_shapes = folium.GeoJson(
        _road_features(data.roads),
        name=names["roads"],
        control=False,
        interactive=False,
        style_function=lambda _f: {"color": "#3a4350", "weight": 2},
        smooth_factor=1.0,
    ).add_to(roads)

    places = folium.FeatureGroup(name=names["places"], show=True).add_to(m)
    heat = folium.FeatureGroup(name=names["heat"], show=False).add_to(m)
    rings = folium.FeatureGroup(name=names["rings"], show=True).add_to(m)
    incidents = folium.FeatureGroup(name=names["incidents"], show=True).add_to(m)
    units = folium.FeatureGroup(name=names["units"], show=True).add_to(m)
    folium.LayerControl(position="topright", collapsed=True).add_to(m)

    config = {
        "credit": credit,
        "theme": options.theme,
        "strings": text.strings,
        "placeKinds": text.place_kinds,
        "placeGlyphs": text.place_glyphs,
        "placeTiers": PLACE_TIERS,
        "places": [
            {"kind": p.kind, "name": p.name, "lat": p.lat, "lon": p.lon} for p in data.places
        ],
        "roadLabels": _road_labels(data.roads),
        "gridLabels": _grid_labels(data.grids),
    }
    layer_vars = {
        "units": units,
        "incidents": incidents,
        "rings": rings,
        "heat": heat,
        "places": places,
        "roads": roads,
        "grids": grids,
        "roadShapes": road_shapes,
        "gridShapes": grid_shapes,
    }
    if decorate is not None:
        decorate({"units": units, "incidents": incidents, "rings": rings, "heat": heat})
    layers_js = ", ".join(f"{key}: {layer.get_name()}" for key, layer in layer_vars.items())
    m.get_root().script.add_child(
        Element(
            "window.addEventListener('load', function () {\n"
            f"  var config = {json.dumps(config, ensure_ascii=False)};\n"
            f"  config.layers = {{{layers_js}}};\n"
            f"  consoleMap.init({m.get_name()}, config);\n"
            "});"
        )
    )
    return m.get_root().render()


def write_page(html: str, folder: Path, name: str = "console-map.html") -> Path:
    """Write the page to a file (QWebEngine's setHtml fails above 2 MB)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(html, "utf-8")
    return path


# --- geometry helpers ----------------------------------------------------------------------


def _center(data: PageData) -> tuple[float, float]:
    g = data.geography
    if g.center_lat is not None and g.center_lon is not None:
        return (g.center_lat, g.center_lon)
    if data.grids:
        c = shape(data.grids[0].boundary).centroid
        return (c.y, c.x)
    return FALLBACK_CENTER


def _grid_features(grids: list[MapGrid]) -> dict:
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": g.boundary,
                "properties": {"id": g.id, "code": g.code, "name": g.name},
            }
            for g in grids
        ],
    }


def _road_features(roads: list[MapRoad]) -> dict:
    # One feature per street and class keeps the page small and the canvas quick.
    grouped: dict[tuple[str | None, str], list] = defaultdict(list)
    for road in roads:
        grouped[(road.name, road.road_class)].append([list(p) for p in road.geometry])
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "MultiLineString", "coordinates": lines},
            "properties": {"name": name, "major": road_class in MAJOR_ROADS},
        }
        for (name, road_class), lines in grouped.items()
    ]
    features.sort(key=lambda f: f["properties"]["major"])  # main roads drawn on top
    return {"type": "FeatureCollection", "features": features}


def _metres(a: tuple[float, float], b: tuple[float, float]) -> float:
    kx = 111_320.0 * math.cos(math.radians((a[1] + b[1]) / 2))
    return math.hypot((b[0] - a[0]) * kx, (b[1] - a[1]) * 110_540.0)


def _road_labels(roads: list[MapRoad]) -> list[dict]:
    """A few label points per named street, on its longest pieces, set apart."""
    by_name: dict[str, list[tuple[float, tuple[float, float], tuple[float, float]]]] = defaultdict(
        list
    )
    major: set[str] = set()
    for road in roads:
        if not road.name:
            continue
        if road.road_class in MAJOR_ROADS:
            major.add(road.name)
        for a, b in zip(road.geometry, road.geometry[1:], strict=False):
            by_name[road.name].append((_metres(a, b), a, b))
    labels = []
    for name, pieces in by_name.items():
        pieces.sort(key=lambda p: -p[0])
        chosen: list[tuple[float, float]] = []
        for length, a, b in pieces:
            if length < 12.0 * len(name) or len(chosen) >= LABELS_PER_STREET:
                break
            mid = ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
            if any(_metres(mid, c) < LABEL_SPACING_M for c in chosen):
                continue
            chosen.append(mid)
            kx = math.cos(math.radians(mid[1]))
            angle = math.degrees(math.atan2(-(b[1] - a[1]), (b[0] - a[0]) * kx))
            if angle > 90:
                angle -= 180
            elif angle <= -90:
                angle += 180
            labels.append(
                {
                    "name": name,
                    "lat": mid[1],
                    "lon": mid[0],
                    "angle": round(angle, 1),
                    "major": name in major,
                }
            )
    return labels


def _grid_labels(grids: list[MapGrid]) -> list[dict]:
    labels = []
    for g in grids:
        try:
            p = shape(g.boundary).representative_point()
        except (ValueError, TypeError, KeyError):
            continue
        labels.append({"name": g.name, "lat": p.y, "lon": p.x})
    return labels
