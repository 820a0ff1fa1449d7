"""The queue's read side gives the same rows the ORM does, on both backends.

open_incident_rows reads straight from the driver's cursor and converts the stored times
itself; these tests hold it to what the store's UTCDateTime and the joins would give.
"""

from __future__ import annotations

from datetime import UTC

from sqlalchemy import select

from console.services.dispatch import card_progress
from console.services.incident_queries import (
    incident_summaries,
    open_incident_ids,
    open_incident_rows,
)
from console.services.station import open_station
from console.store.models import Assignment, Category, Grid, Incident, Unit
from tests.ui.station_data import build_station


def _expected(ctx, incident_id):
    """The row as the ORM sees it: fields of the incident, names, active units in order,
    how far its run card is met."""
    with ctx.reading() as s:
        i = s.get(Incident, incident_id)
        c = s.get(Category, i.category_code)
        grid = s.get(Grid, i.grid_id) if i.grid_id is not None else None
        units = tuple(
            s.scalars(
                select(Unit.call_sign)
                .join(Assignment, Assignment.unit_id == Unit.id)
                .where(
                    Assignment.incident_id == incident_id,
                    Assignment.cleared_at.is_(None),
                    Assignment.cancelled_at.is_(None),
                )
                .order_by(Assignment.ordered_at, Assignment.id)
            )
        )
        return (
            i.id,
            i.number,
            i.received_at,
            i.priority,
            i.category_code,
            c.name_zh,
            c.name_en,
            i.address_text,
            grid.name if grid else None,
            i.status,
            units,
            i.arrival_deadline,
            i.first_arrived_at,
            i.narrative,
            i.lon,
            i.lat,
            i.version,
            card_progress(s, i)[2],  # the run card, as dispatch reads it through the ORM
        )


def test_open_rows_equal_the_orms_values_in_queue_order(store_url):
    arranged = build_station(store_url)
    ctx = open_station(store_url)
    try:
        rows = open_incident_rows(ctx)
        assert [r.id for r in rows] == open_incident_ids(ctx) == list(arranged.open_incident_ids)
        assert any(r.unit_call_signs for r in rows) and any(r.first_arrived_at for r in rows)
        for row in rows:
            assert tuple(row) == _expected(ctx, row.id)
            for stamp in (row.received_at, row.arrival_deadline, row.first_arrived_at):
                assert stamp is None or stamp.tzinfo is UTC
        some = [rows[0].id, rows[-1].id, *arranged.closed_incident_ids]
        by_id = incident_summaries(ctx, some)
        assert set(by_id) == set(some)
        for incident_id, row in by_id.items():
            assert tuple(row) == _expected(ctx, incident_id)
    finally:
        ctx.close()
