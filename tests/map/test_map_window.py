"""The map in the main window: it starts after the first paint, and selection flows both
ways between the map and the unit board or the queue."""

from __future__ import annotations

import pytest

from console.ui.id_table import ID_ROLE
from tests.ui.conftest import open_window

from .conftest import page_call

pytestmark = pytest.mark.webengine


@pytest.fixture
def map_window(qtbot, map_app, live_ctx):
    from console.ui.settings import Settings

    window = open_window(qtbot, live_ctx, Settings())
    with qtbot.waitSignal(window.map_dock.sig_map_ready, timeout=20_000):
        pass
    yield window
    window.close()


def test_map_clicks_select_rows_and_rows_highlight_on_the_map(qtbot, map_window, live_station):
    window = map_window
    pane = window.map_dock.map
    unit_id = live_station.unit_ids["巡03"]
    page_call(qtbot, pane.view, "clickAt", {"kind": "unit", "id": unit_id})
    qtbot.waitUntil(lambda: window.units.view.currentIndex().data(ID_ROLE) == unit_id)

    incident_id = live_station.open_incident_ids[2]
    page_call(qtbot, pane.view, "select", {"kind": "unit", "id": None, "pan": False})
    row = window.queue.proxy.mapFromSource(
        window.queue.model.index(window.queue.model.row_of(incident_id), 0)
    ).row()
    window.queue.view.selectRow(row)
    qtbot.waitUntil(
        lambda: (
            page_call(qtbot, pane.view, "snapshot")["selected"]
            == {"kind": "incident", "id": incident_id}
        )
    )


def test_the_map_follows_the_theme(qtbot, map_window):
    pane = map_window.map_dock.map
    map_window.toggle_theme()
    try:
        qtbot.waitUntil(
            lambda: (
                page_call(qtbot, pane.view, "snapshot") is not None
                and _background(qtbot, pane) == "rgb(241, 240, 236)"
            )
        )
    finally:
        map_window.toggle_theme()
    qtbot.waitUntil(lambda: _background(qtbot, pane) == "rgb(22, 27, 33)")


def _background(qtbot, pane) -> str:
    from .conftest import run_script

    return run_script(
        qtbot,
        pane.view,
        "return getComputedStyle(document.querySelector('.leaflet-container')).backgroundColor;",
    )
