"""The offline page: built with folium from local files only, loaded with every
non-local request blocked, with all its layers."""

from __future__ import annotations

import re

import pytest
from shapely.geometry import Point, shape

from console.map.page import PageOptions, build_page_html
from console.map.pane import page_text, page_theme, read_page_data
from console.services.map_data import map_incidents, map_units, response_ring_areas
from console.services.station import open_station
from console.ui import theme

from .conftest import open_map, page_call, run_script

pytestmark = pytest.mark.webengine

EXTERNAL_ASSET = re.compile(
    r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*[\"']?\s*(?:https?:)?//", re.I
)


@pytest.fixture
def demo_ctx(demo_store):
    ctx = open_station(demo_store[0])
    yield ctx
    ctx.close()


def test_page_has_no_external_url(map_app, demo_ctx):
    html = build_page_html(
        read_page_data(demo_ctx), page_text(), PageOptions(None, page_theme(theme.current()))
    )
    assert EXTERNAL_ASSET.search(html) is None
    assert not re.search(r"https?://", html.replace("https://www.openstreetmap.org", "")), (
        "no URL of any kind may reach the page"
    )
    scripts = re.findall(r"<script[^>]*src=\"([^\"]+)\"", html)
    assert scripts and all(s.startswith(("file:///", "qrc:///")) for s in scripts)
    assert "© OpenStreetMap contributors, ODbL 1.0" in html


def test_page_loads_offline_with_every_layer_and_the_credit(qtbot, map_app, demo_ctx):
    pane, _ = open_map(qtbot, demo_ctx, listen=False)
    try:
        assert pane.view.guard.blocked == []  # the page asked for nothing outside the machine
        assert pane.view.map_page.console_messages == []  # and threw nothing
        overlays = run_script(
            qtbot,
            pane.view,
            "return Array.from(document.querySelectorAll("
            "'.leaflet-control-layers-overlays label')).map(l => l.textContent.trim());",
        )
        assert overlays == [
            "网格",
            "道路",
            "重点部位",
            "警情热力图",
            "1-3-5 分钟快反圈",
            "警情",
            "警力",
        ]
        credit = run_script(
            qtbot,
            pane.view,
            "return document.querySelector('.leaflet-control-attribution').textContent;",
        )
        assert "OpenStreetMap contributors, ODbL 1.0" in credit
        snap = page_call(qtbot, pane.view, "snapshot")
        assert {u["id"] for u in snap["units"]} == set(map_units(demo_ctx))
        assert {i["id"] for i in snap["incidents"]} == set(map_incidents(demo_ctx))
        # Response rings from road travel times arrive from the worker thread.
        qtbot.waitUntil(
            lambda: page_call(qtbot, pane.view, "snapshot")["rings"] == 3, timeout=10_000
        )

        # A request that would leave the machine is blocked and recorded.
        run_script(
            qtbot,
            pane.view,
            "var i = new Image(); i.src = 'http://tiles.example.invalid/1/2/3.png'; return 1;",
        )
        qtbot.waitUntil(lambda: len(pane.view.guard.blocked) == 1)
        assert pane.view.guard.blocked[0].startswith("http://tiles.example.invalid/")
        pane.view.guard.blocked.clear()
    finally:
        pane.close_map()


def test_response_rings_follow_the_roads(demo_ctx):
    units = [u for u in map_units(demo_ctx).values() if u.status in ("available", "patrolling")]
    assert units
    rings = response_ring_areas(demo_ctx, [(u.lon, u.lat) for u in units[:1]])
    assert [r["minutes"] for r in rings] == [1, 3, 5]
    areas = [shape(r["geometry"]) for r in rings]
    assert areas[0].area < areas[1].area < areas[2].area
    assert areas[0].buffer(1e-9).contains(Point(units[0].lon, units[0].lat))
    assert areas[1].buffer(1e-6).contains(areas[0])


def test_an_intranet_tile_server_is_the_base_map_when_set(map_app, demo_ctx):
    template = "http://10.1.2.3:8080/tiles/{z}/{x}/{y}.png"
    html = build_page_html(
        read_page_data(demo_ctx), page_text(), PageOptions(template, page_theme(theme.current()))
    )
    assert template in html  # a tile layer, not a script or style sheet
    assert EXTERNAL_ASSET.search(html) is None
    from console.map.view import _tile_prefix

    assert _tile_prefix(template) == ("http://10.1.2.3:8080/tiles/",)
    assert _tile_prefix(None) == ()
