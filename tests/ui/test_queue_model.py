"""The live queue model on a real store: a burst of changes is one read, rows move to
their places without re-reading the queue, assignments name their incidents, and a
filter follows rows that change in place."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt

from console.domain.incidents import Priority
from console.services.incident_lifecycle import change_priority, incident_detail
from console.services.incident_queries import incident_ids_of_assignments, open_incident_ids
from console.store.models import Assignment
from console.ui import theme
from console.ui.id_table import ID_ROLE
from console.ui.queue.pane import QueuePane


@dataclass(frozen=True)
class FeedRow:  # what ChangeListener.sig_changes carries, as far as the model reads it
    entity: str
    entity_id: str


@pytest.fixture
def pane(qtbot, console_app, ctx):
    queue = QueuePane(ctx, table_font_pt=12)
    qtbot.addWidget(queue)
    queue.resize(1200, 600)
    queue.show()
    queue.model.reload()
    return queue


def count_reads(model):
    reads = []
    fetch = model.fetch_rows

    def counting(ids):
        reads.append(sorted(ids))
        return fetch(ids)

    model.fetch_rows = counting
    return reads


def test_the_queue_loads_every_open_row_in_the_services_order(pane, ctx, arranged):
    assert pane.model.ids == open_incident_ids(ctx) == list(arranged.open_incident_ids)
    assert len(pane.model.cached_rows()) == len(arranged.open_incident_ids)


def test_a_burst_of_changes_is_one_read_once_the_loop_turns(qtbot, pane, ctx, arranged):
    model = pane.model
    reads = count_reads(model)
    normal = next(
        i for i in arranged.open_incident_ids if incident_detail(ctx, i).priority == "normal"
    )
    change_priority(
        ctx, normal, Priority.URGENT, expected_version=incident_detail(ctx, normal).version
    )
    others = [i for i in arranged.open_incident_ids if i != normal][:3]
    model.apply_changes([FeedRow("incident", str(i)) for i in (normal, *others)])
    model.apply_changes([FeedRow("incident", str(normal))])  # the same row again
    assert reads == []  # nothing read before the event loop turns
    qtbot.waitUntil(lambda: len(reads) == 1)
    assert reads == [sorted({normal, *others})]
    # Regraded to urgent, it moved up among the urgent ones by its ring time, exactly
    # where the service's own order puts it.
    assert model.ids == open_incident_ids(ctx)


def test_a_filter_follows_a_row_that_changes_in_place(qtbot, pane, ctx, arranged):
    pane.set_field_filter("priority", "normal")
    shown = pane.proxy.rowCount()
    assert shown >= 1
    normal = pane.proxy.index(0, 0).data(ID_ROLE)
    change_priority(
        ctx, normal, Priority.HIGH, expected_version=incident_detail(ctx, normal).version
    )
    pane.model.refresh([normal])
    assert pane.proxy.rowCount() == shown - 1
    assert normal in pane.model.ids  # still open: only the filter hides it


def test_a_clock_tick_repaints_without_filtering_again(qtbot, pane, ctx):
    pane.filter_edit.setText("-")  # every incident number has one
    assert pane.proxy.rowCount() == pane.model.rowCount()
    looked_at = []  # the filter reads each row it judges through row_data
    row_data = pane.model.row_data
    pane.model.row_data = lambda row: looked_at.append(row) or row_data(row)
    repainted = []
    pane.model.dataChanged.connect(lambda a, b, roles=(): repainted.append(a.column()))
    pane.model.tick(ctx.clock.now())
    assert looked_at == []
    live = {pane.model.column_index("age"), pane.model.column_index("time_left")}
    assert set(repainted) == live
    pane.set_field_filter("priority", "urgent")  # a filter change does look again
    assert len(looked_at) == pane.model.rowCount()


def test_assignment_rows_name_their_incidents(ctx, arranged):
    with ctx.reading() as s:
        pairs = s.execute(
            Assignment.__table__.select().with_only_columns(Assignment.id, Assignment.incident_id)
        ).all()
    assert pairs, "the arranged station has units on incidents"
    assert incident_ids_of_assignments(ctx, [a for a, _ in pairs]) == {i for _, i in pairs}
    assert incident_ids_of_assignments(ctx, []) == set()


def test_the_countdown_turns_amber_when_little_time_is_left_then_red(pane):
    model = pane.model
    column = model.column_index("time_left")
    row = next(
        r
        for r in model.cached_rows()
        if r.arrival_deadline is not None and r.first_arrived_at is None
    )
    cell = model.index(model.row_of(row.id), column)
    allowance = row.arrival_deadline - row.received_at
    t = theme.current()

    def colour_at(now):
        model.tick(now)
        colour = cell.data(Qt.ItemDataRole.ForegroundRole)
        return colour.name() if colour is not None else None

    assert colour_at(row.received_at + allowance / 10) is None
    assert colour_at(row.arrival_deadline - timedelta(seconds=30)) == t.priority["high"]
    assert colour_at(row.arrival_deadline + timedelta(seconds=5)) == t.overdue
    assert cell.data() == "-0:05"


def test_a_theme_switch_recolours_cells_worked_out_before(pane, console_app):
    model = pane.model
    row = next(r for r in model.cached_rows() if not r.unit_call_signs)
    cell = model.index(model.row_of(row.id), model.column_index("units"))
    assert cell.data() == "—"
    before = cell.data(Qt.ItemDataRole.ForegroundRole).name()
    try:
        theme.apply_theme(console_app, theme.other(theme.current().name))
        after = cell.data(Qt.ItemDataRole.ForegroundRole).name()
        assert after == theme.current().muted != before
    finally:
        theme.apply_theme(console_app, theme.DARK.name)
