"""Names on the map give way instead of piling up: every name shown overlaps no other
name, unit or incident; a unit standing at an incident is drawn (and clicked) beside the
incident's disc; street names show from street level; the legend explains the key-place
tiles and the 1-3-5 rings."""

from __future__ import annotations

import math

import pytest

from console.map.pane import LEGEND_RING, PLACE_KINDS
from console.services.map_data import map_incidents
from console.services.station import open_station

from .conftest import open_map, page_call, run_script

pytestmark = pytest.mark.webengine


def overlaps(a: dict, b: dict) -> bool:
    return (
        a["minX"] < b["maxX"]
        and b["minX"] < a["maxX"]
        and a["minY"] < b["maxY"]
        and (b["minY"] < a["maxY"])
    )


def centre(b: dict) -> tuple[float, float]:
    return ((b["minX"] + b["maxX"]) / 2, (b["minY"] + b["maxY"]) / 2)


def collisions(labels: list[dict]) -> list[tuple]:
    found = []
    for i, a in enumerate(labels):
        for b in labels[i + 1 :]:
            if a["kind"] in ("unit", "incident") and b["kind"] in ("unit", "incident"):
                continue  # markers are never hidden; only names give way
            if any(overlaps(x, y) for x in a["boxes"] for y in b["boxes"]):
                found.append((a["kind"], a.get("id"), b["kind"], b.get("id")))
    return found


def view_at(qtbot, view, lat: float, lon: float, zoom: float) -> dict:
    run_script(
        qtbot,
        view,
        "var m = window[Object.keys(window).find(function (k) { return k.indexOf('map_') === 0; })];"
        f"m.setView([{lat}, {lon}], {zoom}, {{animate: false}}); return 1;",
    )
    page_call(qtbot, view, "declutterNow")
    return page_call(qtbot, view, "shownLabels")


@pytest.fixture
def demo_ctx(demo_store):
    ctx = open_station(demo_store[0])
    yield ctx
    ctx.close()


def test_names_on_the_demo_map_never_overlap(qtbot, map_app, demo_ctx):
    pane, _ = open_map(qtbot, demo_ctx, listen=False)
    try:
        incidents = list(map_incidents(demo_ctx).values())
        assert incidents
        busiest = incidents[0]
        for zoom in (14, 15, 16, 17):
            shown = view_at(qtbot, pane.view, busiest.lat, busiest.lon, zoom)
            labels = shown["labels"]
            assert collisions(labels) == [], zoom
            kinds = {label["kind"] for label in labels}
            if zoom >= 15:  # main-road names from 15 (rank 3), side streets from 16 (rank 4)
                assert 3 in kinds, (zoom, shown["stats"])
            if zoom >= 16:
                assert 4 in kinds, (zoom, shown["stats"])
            assert shown["stats"]["hidden"] > 0 or zoom == 14  # something had to give way
        assert pane.view.map_page.console_messages == []
    finally:
        pane.close_map()


def test_a_unit_at_an_incident_is_drawn_and_clicked_beside_it(
    qtbot, live_map, live_station, store_writer
):
    pane = live_map
    unit_id = live_station.unit_ids["巡03"]
    store_writer.unit(unit_id, lon=118.79, lat=32.06)  # where the arranged incidents are
    qtbot.waitUntil(
        lambda: any(
            u["id"] == unit_id and round(u["lat"], 6) == 32.06
            for u in page_call(qtbot, pane.view, "snapshot")["units"]
        ),
        timeout=10_000,
    )
    shown = view_at(qtbot, pane.view, 32.06, 118.79, 17)
    labels = shown["labels"]
    assert collisions(labels) == []
    unit_box = next(x for x in labels if x["kind"] == "unit" and x["id"] == unit_id)["boxes"][0]
    discs = [x["boxes"][0] for x in labels if x["kind"] == "incident"]
    assert discs
    for disc in discs:  # beside the 18 px disc, not under it (a unit's radius is 7 px)
        assert math.dist(centre(unit_box), centre(disc)) >= 9 + 7
    assert any(x["kind"] == "callSign" and x["id"] == unit_id for x in labels)
    with qtbot.waitSignal(pane.sig_unit_clicked, timeout=5_000) as click:
        assert page_call(qtbot, pane.view, "clickAt", {"kind": "unit", "id": unit_id})["clicked"]
    assert click.args == [unit_id]


def test_the_legend_explains_key_places_and_rings(qtbot, map_app, demo_ctx):
    from console.map.pane import _tr

    pane, _ = open_map(qtbot, demo_ctx, listen=False)
    try:
        rows = run_script(
            qtbot,
            pane.view,
            "document.querySelector('.cm-legend-toggle').click();"
            "return Array.from(document.querySelectorAll('.cm-legend-row'))"
            ".map(function (r) { return r.textContent; });",
        )
        for kind in ("police", "school", "hospital", "subway_station"):
            glyph = _tr(
                "KeyPlaceGlyph",
                {"police": "P", "school": "S", "hospital": "H", "subway_station": "M"}[kind],
            )
            assert glyph + _tr("KeyPlaceKind", PLACE_KINDS[kind]) in rows
        for minutes in (1, 3, 5):
            assert _tr("MapPane", LEGEND_RING).format(minutes=minutes) in rows
    finally:
        pane.close_map()
