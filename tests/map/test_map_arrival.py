"""A unit set on scene (到场) is drawn at its incident, not where it last reported from."""

from __future__ import annotations

import pytest

from console.services.dispatch import unit_arrived
from console.services.map_data import map_incidents
from console.services.unit_queries import unit_summaries

from .conftest import page_call

pytestmark = pytest.mark.webengine


def shown_unit(qtbot, pane, unit_id: int) -> dict:
    units = page_call(qtbot, pane.view, "snapshot")["units"]
    return next(u for u in units if u["id"] == unit_id)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_the_marker_moves_to_the_incident_on_arrival(
    qtbot, backend, live_map, live_ctx, live_station
):
    pane, ctx = live_map, live_ctx
    unit_id = live_station.unit_ids["巡02"]  # en route to the fight on 湖南路
    summary = unit_summaries(ctx, [unit_id])[unit_id]
    incident = next(
        i for i in map_incidents(ctx).values() if i.number == summary.current_incident_number
    )
    before = shown_unit(qtbot, pane, unit_id)
    far = (round(before["lat"], 6), round(before["lon"], 6))
    assert far != (round(incident.lat, 6), round(incident.lon, 6))

    unit_arrived(ctx, unit_id, expected_version=summary.version)

    def at_the_scene() -> bool:
        shown = shown_unit(qtbot, pane, unit_id)
        return shown["st"] == "on_scene" and (
            round(shown["lat"], 7),
            round(shown["lon"], 7),
        ) == (round(incident.lat, 7), round(incident.lon, 7))

    qtbot.waitUntil(at_the_scene, timeout=10_000)
    assert pane.feed.errors == []
