"""The deltas the feed sends: a move is only a position, anything else a restyle."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from console.map.feed import unit_delta
from console.services.map_data import MapUnit

SINCE = datetime(2026, 11, 22, 6, 0, tzinfo=UTC)
UNIT = MapUnit(1, "巡01", "car", "available", SINCE, 118.78, 32.04, None)


def test_a_move_is_sent_as_a_move_and_a_status_change_as_a_restyle(qapp):
    sent: dict[int, MapUnit] = {}
    assert [r["id"] for r in unit_delta(sent, {1: UNIT})["upsert"]] == [1]
    moved = replace(UNIT, lon=118.79, heading_deg=90.0)
    assert unit_delta(sent, {1: moved}) == {
        "upsert": [],
        "move": [[1, 32.04, 118.79, 90.0]],
        "remove": [],
    }
    assert unit_delta(sent, {1: moved}) == {"upsert": [], "move": [], "remove": []}
    busy = replace(moved, status="busy")
    assert [r["st"] for r in unit_delta(sent, {1: busy})["upsert"]] == ["busy"]
    assert unit_delta(sent, {1: None})["remove"] == [1] and sent == {}


def test_moves_travel_packed_as_exact_doubles(qapp):
    import base64
    import math
    from array import array

    from console.map.feed import page_delta

    sent: dict[int, MapUnit] = {}
    unit_delta(sent, {1: UNIT, 2: replace(UNIT, id=2, heading_deg=10.0)})
    moved = {
        1: replace(UNIT, lon=118.7812345678901, lat=32.0412345678901),
        2: replace(UNIT, id=2, lon=118.1 + 1e-13, lat=32.2, heading_deg=271.5),
    }
    units = unit_delta(sent, moved)
    wire = page_delta(7, units, {"upsert": [], "remove": []})
    assert wire["seq"] == 7 and wire["units"]["upsert"] == [] and "move" not in wire["units"]
    values = array("d", base64.b64decode(wire["units"]["moves"]))
    assert list(values[:3]) == [1, 32.0412345678901, 118.7812345678901] and math.isnan(values[3])
    assert list(values[4:]) == [2, 32.2, 118.1 + 1e-13, 271.5]
    # nothing moved: no packed field at all
    assert (
        "moves" not in page_delta(8, unit_delta(sent, moved), {"upsert": [], "remove": []})["units"]
    )
