"""The map in the main window: it starts after the first paint, and selection flows both
ways between the map and the unit board or the queue."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from console.ui.id_table import ID_ROLE
from console.ui.map_dock import MAP_WIDTH_SHARE
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


def _map_share(window) -> float:
    return window.map_dock.width() / window.width()


def test_the_map_opens_large_and_a_saved_layout_wins(qtbot, map_app, live_ctx, tmp_path):
    from console.ui.main_window import MainWindow
    from console.ui.settings import Settings

    settings = Settings(tmp_path / "console.ini")  # nothing remembered yet
    window = MainWindow(live_ctx, settings)
    qtbot.addWidget(window)
    window.resize(1920, 1080)
    window.show()
    with qtbot.waitSignals([window.sig_ready, window.sig_listening], timeout=10_000):
        window.start()  # the panes fill with data (their minimum widths may grow)
    with qtbot.waitSignal(window.map_dock.sig_map_ready, timeout=20_000):
        pass
    # Large, yet the queue beside it shows every column without scrolling sideways.
    qtbot.waitUntil(lambda: _map_share(window) >= 0.30)
    assert _map_share(window) <= MAP_WIDTH_SHARE + 0.01
    assert window.queue.view.horizontalScrollBar().maximum() == 0

    # The share follows the window (a first start at 1600 px, then maximised) ...
    given = window.map_dock.width()
    window.resize(1600, 900)
    qtbot.waitUntil(lambda: window.map_dock.width() < given)
    window.resize(1920, 1080)
    qtbot.waitUntil(lambda: abs(window.map_dock.width() - given) <= 2)

    # ... until the officer sets the map's width; then it stays, also at the next start.
    window.resizeDocks([window.map_dock], [480], Qt.Orientation.Horizontal)
    qtbot.waitUntil(lambda: abs(window.map_dock.width() - 480) <= 10)
    window.resize(1900, 1080)
    qtbot.wait(100)
    assert abs(window.map_dock.width() - 480) <= 10
    window.resize(1920, 1080)
    window.close()

    again = MainWindow(live_ctx, settings)
    qtbot.addWidget(again)
    again.resize(1920, 1080)  # the offscreen screen is smaller than the saved geometry
    again.show()
    qtbot.wait(100)  # past the first layout pass, where a default share would apply
    assert abs(again.map_dock.width() - 480) <= 25  # not the default share (about 600 here)

    # Reset layout brings the default share back.
    again.reset_layout()
    qtbot.waitUntil(lambda: _map_share(again) >= 0.30)
    again.close()
