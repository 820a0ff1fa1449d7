"""The main window on the demo station shows exactly the demo's open incidents."""

from __future__ import annotations

from console.services.incident_queries import incident_summaries, open_incident_ids
from console.services.station import open_station
from console.services.unit_queries import unit_ids

from .conftest import open_window
from .test_main_window import column_texts


def test_main_window_shows_the_demo_open_incidents(qtbot, console_app, ui_settings, demo_store):
    url, report = demo_store
    ctx = open_station(url)
    try:
        expected_ids = open_incident_ids(ctx)
        assert 6 <= len(expected_ids) <= 15  # the demo leaves a live queue
        numbers = [incident_summaries(ctx, expected_ids)[i].number for i in expected_ids]
        window = open_window(qtbot, ctx, ui_settings)
        try:
            assert window.queue.model.ids == expected_ids
            number = window.queue.model.column_index("number")
            assert column_texts(window.queue.proxy, number) == numbers
            assert window.units.model.rowCount() == len(unit_ids(ctx)) == report.units
            assert f"{len(expected_ids)} 起未结警情" in window.queue.summary_label.text()
            assert "新街口派出所" in window.status.station_label.text()
        finally:
            window.close()
    finally:
        ctx.close()
