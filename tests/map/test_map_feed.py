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
