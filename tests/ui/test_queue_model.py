"""The live queue model on a real store: a burst of changes is one read, rows move to
their places without re-reading the queue, assignments name their incidents, and a
filter follows rows that change in place."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt

from console.domain.incidents import Priority
from console.domain.intake import IntakeDraft
from console.domain.lifecycle import IncidentAction
from console.services.incident_lifecycle import change_priority, change_status, incident_detail
from console.services.incident_queries import incident_ids_of_assignments, open_incident_ids
from console.services.intake import record_incident
from console.store.models import Assignment, Incident
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
    # No unit, and a run card asking for one: the cell is a muted dash.
    row = next(r for r in model.cached_rows() if not r.unit_call_signs and r.card.needed == 1)
    cell = model.index(model.row_of(row.id), model.column_index("units"))
    assert cell.data() == "—"
    before = cell.data(Qt.ItemDataRole.ForegroundRole).name()
    try:
        theme.apply_theme(console_app, theme.other(theme.current().name))
        after = cell.data(Qt.ItemDataRole.ForegroundRole).name()
        assert after == theme.current().muted != before
    finally:
        theme.apply_theme(console_app, theme.DARK.name)


def _arrive_at(ctx, incident_id, arrived_at):
    """Arrange a first arrival at a chosen moment (the lifecycle stamps it with 'now')."""
    with ctx.writing() as s, s.begin():
        s.get(Incident, incident_id).first_arrived_at = arrived_at


def test_a_late_arrival_reads_late_in_red_and_one_in_time_in_green(pane, ctx):
    model = pane.model
    column = model.column_index("time_left")
    late, in_time = [r for r in model.cached_rows() if r.arrival_deadline is not None][:2]
    _arrive_at(ctx, late.id, late.arrival_deadline + timedelta(minutes=3))
    _arrive_at(ctx, in_time.id, in_time.arrival_deadline - timedelta(minutes=2, seconds=5))
    model.refresh([late.id, in_time.id])
    t = theme.current()

    def cell(incident_id):
        index = model.index(model.row_of(incident_id), column)
        return index.data(), index.data(Qt.ItemDataRole.ForegroundRole).name()

    assert cell(late.id) == ("✓ 迟到3:00", t.overdue)  # zh_CN, the tests' language
    assert cell(in_time.id) == ("✓ 2:05", t.in_time)
    # The clock stopped at the arrival: a later tick leaves both as they are.
    model.tick(ctx.clock.now() + timedelta(hours=1))
    assert cell(late.id) == ("✓ 迟到3:00", t.overdue)  # zh_CN, the tests' language
    assert cell(in_time.id) == ("✓ 2:05", t.in_time)


def test_rows_that_leave_arrive_or_regrade_land_where_the_service_puts_them(qtbot, pane, ctx):
    model = pane.model
    ids = model.ids
    # The bottom row goes to the top and the top one to the bottom, in the same read.
    raised, lowered = ids[-1], ids[0]
    pane.view.selectRow(pane.proxy.mapFromSource(model.index(len(ids) - 1, 0)).row())
    for incident_id, grade in ((raised, Priority.URGENT), (lowered, Priority.LOW)):
        version = incident_detail(ctx, incident_id).version
        change_priority(ctx, incident_id, grade, expected_version=version)
    closing = next(
        i for i in ids if i not in (raised, lowered) and "close" in incident_detail(ctx, i).actions
    )
    change_status(
        ctx,
        closing,
        IncidentAction.CLOSE,
        expected_version=incident_detail(ctx, closing).version,
        disposition="handled_at_desk",
    )
    draft = IntakeDraft(
        source="call_110",
        caller_phone="13912345678",
        address_text="",
        has_point=True,
        category_code="order.noise",
        priority="normal",
        narrative="楼上噪音扰民",
    )
    recorded, _ = record_incident(ctx, draft, point=(118.783, 32.053))  # the first grid
    removed, moved, inserted = [], [], []
    model.rowsRemoved.connect(lambda *a: removed.append(a[1]))
    model.rowsMoved.connect(lambda *a: moved.append(a[1]))
    model.rowsInserted.connect(lambda *a: inserted.append(a[1]))
    model.refresh([raised, lowered, closing, recorded.id])
    assert model.ids == open_incident_ids(ctx)
    assert closing not in model.ids and recorded.id in model.ids
    assert model.ids[0] != lowered and model.ids[-1] == lowered
    # One row operation each; the regraded rows moved (they were not removed and put
    # back), so the selected one is still selected.
    assert (len(removed), len(moved), len(inserted)) == (1, 2, 1)
    [chosen] = pane.view.selectionModel().selectedRows()
    assert chosen.data(ID_ROLE) == raised
