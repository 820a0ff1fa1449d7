"""The live map follows the store through the change feed with small deltas, and clicks
in the page reach Python."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QCoreApplication

from console.domain.incidents import IncidentStatus, Priority
from console.domain.units import UnitStatus
from console.services.map_data import map_incidents, map_units
from console.services.unit_queries import unit_summaries
from console.services.unit_status import set_unit_status
from console.ui import theme
from console.ui.vocabulary import priority_name, unit_kind_name, unit_status_name
from tests.ui.station_data import add_incident

from .conftest import page_call

pytestmark = pytest.mark.webengine


def page_state(qtbot, pane) -> dict:
    return page_call(qtbot, pane.view, "snapshot")


def model_state(ctx) -> tuple[dict, dict]:
    units = {
        u.id: (round(u.lat, 7), round(u.lon, 7), u.status, u.kind, u.heading_deg)
        for u in map_units(ctx).values()
    }
    incidents = {
        i.id: (round(i.lat, 7), round(i.lon, 7), i.priority, i.number)
        for i in map_incidents(ctx).values()
    }
    return units, incidents


def shown_state(snapshot: dict) -> tuple[dict, dict]:
    units = {
        u["id"]: (round(u["lat"], 7), round(u["lon"], 7), u["st"], u["kind"], u["hd"])
        for u in snapshot["units"]
    }
    incidents = {
        i["id"]: (round(i["lat"], 7), round(i["lon"], 7), i["pr"], i["number"])
        for i in snapshot["incidents"]
    }
    return units, incidents


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_markers_equal_the_model_after_a_series_of_changes(
    qtbot, backend, live_map, live_ctx, live_station, store_writer
):
    pane, ctx = live_map, live_ctx
    assert shown_state(page_state(qtbot, pane)) == model_state(ctx)
    ids = live_station.unit_ids
    incident_ids = live_station.open_incident_ids

    # Moves with headings, a unit going off duty (leaves the map), one coming on duty
    # (appears), a status change through the real service (restyle), a new incident,
    # a closed one (leaves), a regraded one (restyle) and one moved to a better location.
    store_writer.unit(ids["巡03"], lon=118.801, lat=32.061, heading_deg=45.0)
    store_writer.unit(ids["步05"], lon=118.7901, lat=32.0577, heading_deg=None)
    store_writer.unit(ids["巡04"], status=UnitStatus.OFF_DUTY.value)
    store_writer.unit(ids["巡09"], status=UnitStatus.AVAILABLE.value)
    version = unit_summaries(ctx, [ids["巡01"]])[ids["巡01"]].version
    set_unit_status(ctx, ids["巡01"], UnitStatus.BUSY, expected_version=version)
    new_id = add_incident(
        live_station.url,
        number="20261122-0999",
        priority=Priority.URGENT,
        minutes_ago=9,
        station_id=live_station.station_id,
    )
    store_writer.incident(new_id, lon=118.7955, lat=32.0633)
    store_writer.incident(
        incident_ids[-1], status=IncidentStatus.CLOSED.value, closed_at=datetime.now(UTC)
    )
    store_writer.incident(incident_ids[0], priority=Priority.LOW.value)
    store_writer.incident(incident_ids[1], lon=118.7712, lat=32.0488)

    expected = model_state(ctx)
    qtbot.waitUntil(lambda: shown_state(page_state(qtbot, pane)) == expected, timeout=10_000)
    units, incidents = expected
    assert ids["巡04"] not in units and ids["巡09"] in units
    assert units[ids["巡01"]][2] == "busy" and units[ids["巡03"]][4] == 45.0
    assert new_id in incidents and incident_ids[-1] not in incidents
    assert pane.feed.errors == []
    # moved units are drawn exactly where Leaflet itself would put them
    assert page_state(qtbot, pane)["misplaced"] == 0
    # Deltas, never a reload: the page still counts the same session's updates.
    assert page_state(qtbot, pane)["seq"] == pane.feed.acked_seq >= 2
    colours = {u["id"]: u["colour"] for u in page_state(qtbot, pane)["units"]}
    assert colours[ids["巡01"]] == theme.current().status[UnitStatus.BUSY]


def test_overdue_incidents_pulse_and_on_time_ones_do_not(qtbot, live_map, live_station):
    snapshot = page_state(qtbot, live_map)
    by_number = {i["number"]: i for i in snapshot["incidents"]}
    assert by_number, "the arranged incidents have locations"
    # incident 4 (urgent, 12 min ago, nobody there) is overdue; the pulse class follows
    overdue = [i for i in snapshot["incidents"] if i["overdue"]]
    assert overdue and all("cm-overdue" in i["cls"] for i in overdue)
    assert all("cm-overdue" not in i["cls"] for i in snapshot["incidents"] if not i["overdue"])


def test_a_click_in_the_page_reaches_python(qtbot, live_map, live_station):
    pane = live_map
    unit_id = live_station.unit_ids["巡03"]
    with qtbot.waitSignal(pane.sig_unit_clicked, timeout=5_000) as unit_click:
        assert page_call(qtbot, pane.view, "clickAt", {"kind": "unit", "id": unit_id})["clicked"]
    assert unit_click.args == [unit_id]

    incident_id = live_station.open_incident_ids[0]
    page_call(qtbot, pane.view, "select", {"kind": "incident", "id": incident_id, "pan": False})
    with qtbot.waitSignal(pane.sig_incident_clicked, timeout=5_000) as incident_click:
        page_call(qtbot, pane.view, "clickAt", {"kind": "incident", "id": incident_id})
    assert incident_click.args == [incident_id]

    with qtbot.waitSignal(pane.sig_map_clicked, timeout=5_000) as map_click:
        page_call(qtbot, pane.view, "clickAt", {"x": 40, "y": 650})
    lon, lat = map_click.args
    assert 118.6 < lon < 118.9 and 31.9 < lat < 32.2


def _tooltip_after_hover(qtbot, pane, kind: str, entity_id: int, title: str) -> str:
    """The text of the tooltip that opens when the pointer rests on the marker."""
    page_call(qtbot, pane.view, "select", {"kind": kind, "id": entity_id, "pan": True})
    qtbot.wait(600)  # the pan animation (0.4 s) ends before the pointer comes to rest
    texts: list[str] = []

    def hovered() -> bool:
        assert page_call(qtbot, pane.view, "hoverAt", {"kind": kind, "id": entity_id})["hovered"]
        texts[:] = [
            t
            for t in page_call(qtbot, pane.view, "openTooltips")["texts"]
            if t.startswith(title + " · ")
        ]
        return len(texts) == 1

    qtbot.waitUntil(hovered, timeout=5_000)
    return texts[0]


def _minutes(text: str) -> int:
    match = re.search(r"(?:(\d+):)?(\d+):(\d\d)$", text)
    assert match, text
    hours = int(match.group(1) or 0)
    return hours * 60 + int(match.group(2))


def test_hover_tooltips_name_the_unit_or_incident_and_their_clocks(
    qtbot, live_map, live_ctx, live_station
):
    pane = live_map
    unit_id = live_station.unit_ids["巡03"]  # available for 41 minutes
    unit = map_units(live_ctx)[unit_id]
    text = _tooltip_after_hover(qtbot, pane, "unit", unit_id, "巡03")
    assert text.startswith("巡03 · " + unit_kind_name(unit.kind))
    assert unit_status_name(unit.status) in text
    in_status = (datetime.now(UTC) - unit.status_since).total_seconds() // 60
    assert abs(_minutes(text) - in_status) <= 1, text

    incident_id = live_station.open_incident_ids[0]
    incident = map_incidents(live_ctx)[incident_id]
    text = _tooltip_after_hover(qtbot, pane, "incident", incident_id, incident.number)
    assert text.startswith(f"{incident.number} · {incident.category_zh}"), text
    age_word = QCoreApplication.translate("MapPane", "age")
    assert f"{priority_name(incident.priority)} · {age_word} " in text, text
    age = (datetime.now(UTC) - incident.received_at).total_seconds() // 60
    assert abs(_minutes(text) - age) <= 1, text


def test_selecting_highlights_and_pans(qtbot, live_map, live_station):
    pane = live_map
    unit_id = live_station.unit_ids["巡10"]
    pane.select("unit", unit_id)
    qtbot.waitUntil(lambda: page_state(qtbot, pane)["selected"] == {"kind": "unit", "id": unit_id})
    halo = page_call(qtbot, pane.view, "markerPoint", {"kind": "unit", "id": unit_id})
    assert halo["found"]
    pane.select("unit", None)
    qtbot.waitUntil(lambda: page_state(qtbot, pane)["selected"] is None)


def test_heat_map_period_is_a_choice(qtbot, live_map):
    pane = live_map
    before = timedelta(days=int(pane.heat_period.currentData()))
    pane.heat_period.setCurrentIndex(0)
    assert timedelta(days=int(pane.heat_period.currentData())) < before
    assert pane.feed.errors == []


def _rgb(hex_colour: str) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


def test_the_legend_unfolds_and_names_every_colour(qtbot, live_map):
    from .conftest import run_script

    legend = run_script(
        qtbot,
        live_map.view,
        "var box = document.querySelector('.cm-legend');"
        "var hidden = getComputedStyle(box.querySelector('.cm-legend-body')).display;"
        "box.querySelector('.cm-legend-toggle').click();"
        "return {hidden: hidden, shown: getComputedStyle(box.querySelector('.cm-legend-body'))"
        ".display, rows: Array.from(box.querySelectorAll('.cm-legend-row')).map(function (r) {"
        "  var s = r.querySelector('.cm-swatch');"
        "  return [r.textContent, s ? getComputedStyle(s).backgroundColor : null]; })};",
    )
    assert legend["hidden"] == "none" and legend["shown"] == "block"  # folded until asked
    rows = dict(legend["rows"])
    t = theme.current()
    for status in (UnitStatus.AVAILABLE, UnitStatus.EN_ROUTE, UnitStatus.BUSY):
        assert rows[unit_status_name(status.value)] == _rgb(t.status[status])
    for priority in Priority:
        assert rows[priority_name(priority.value)] == _rgb(t.priority[priority])
    # statuses, kinds, priorities, late, the 1-3-5 rings, grids (this station: no key places)
    assert len(legend["rows"]) == 7 + 4 + 4 + 1 + 3 + 4


def test_rings_follow_a_real_move_but_not_gps_jitter(qtbot, live_map, live_station, store_writer):
    """A terminal reporting every few seconds must not redraw every ring each time."""
    pane = live_map
    unit = live_station.unit_ids["巡03"]  # available: it has rings
    qtbot.waitUntil(lambda: pane.feed._last_rings is not None, timeout=15_000)
    start = unit_summaries(pane.feed._ctx, [unit])[unit]
    generation = pane.feed._ring_generation

    store_writer.unit(unit, lon=start.lon + 0.0003, lat=start.lat)  # about 28 m east
    qtbot.waitUntil(lambda: pane.feed.units[unit].lon == start.lon + 0.0003, timeout=10_000)
    pane.feed.schedule_rings(now=True)
    assert pane.feed._ring_generation == generation

    store_writer.unit(unit, lon=start.lon + 0.003, lat=start.lat)  # about 280 m east
    qtbot.waitUntil(lambda: pane.feed.units[unit].lon == start.lon + 0.003, timeout=10_000)
    pane.feed.schedule_rings(now=True)
    assert pane.feed._ring_generation == generation + 1
