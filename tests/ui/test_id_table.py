"""The live table base: any new order is reached with exact row operations, never a reset."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt

from console.domain.clock import FixedClock
from console.ui.id_table import Column, IdTableModel


@dataclass
class _Context:  # the model only needs the context's clock here
    clock: FixedClock = field(
        default_factory=lambda: FixedClock(datetime(2026, 11, 22, tzinfo=UTC))
    )


class NamesModel(IdTableModel[str]):
    COLUMNS = (Column("name", "Name"), Column("clock", "Clock", live=True))

    def __init__(self, order: list[int]) -> None:
        super().__init__(_Context())
        self.order = order
        self.fetched: list[list[int]] = []

    def fetch_ids(self) -> list[int]:
        return list(self.order)

    def fetch_rows(self, ids):
        self.fetched.append(list(ids))
        return {i: f"row {i}" for i in ids if i in self.order}

    def cell(self, row, column, role):
        return row if role == Qt.ItemDataRole.DisplayRole else None

    def affected_ids(self, changes):
        return {int(c) for c in changes} or None


def _shadow(model: NamesModel) -> list:
    """Replays the model's signals on a plain list, as a view would."""
    shadow = list(model.ids)

    def removed(_parent, first, last):
        del shadow[first : last + 1]

    def inserted(_parent, first, last):
        shadow[first:first] = model.ids[first : last + 1]

    def moved(_parent, start, end, _dest, row):
        block = shadow[start : end + 1]
        del shadow[start : end + 1]
        at = row - len(block) if row > start else row
        shadow[at:at] = block

    model.rowsRemoved.connect(removed)
    model.rowsInserted.connect(inserted)
    model.rowsMoved.connect(moved)
    model.modelReset.connect(lambda: shadow.append("RESET"))
    return shadow


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.integers(0, 40), unique=True, max_size=25),
    st.lists(st.integers(0, 40), unique=True, max_size=25),
)
def test_any_reordering_is_reached_with_exact_row_operations(before, after):
    model = NamesModel(before)
    model.reload()
    shadow = _shadow(model)
    model.order = after
    model.apply_order(after)
    assert model.ids == after
    assert shadow == after  # the signals alone took a view from old to new, no reset


def test_one_row_moving_is_one_move(qapp):
    model = NamesModel([1, 2, 3, 4, 5, 6])
    model.reload()
    moves = []
    model.rowsMoved.connect(lambda *args: moves.append(args[1:2] + args[4:]))
    model.order = [2, 3, 4, 5, 1, 6]
    model.apply_order(model.order)
    assert moves == [(0, 5)]


def test_rows_are_fetched_lazily_in_batches(qapp):
    model = NamesModel(list(range(250)))
    model.FETCH_BATCH = 100
    model.reload()
    assert model.fetched == [list(range(100))]
    assert model.index(180, 0).data() == "row 180"
    assert model.fetched[-1] == list(range(180, 250))
    assert model.index(150, 0).data() == "row 150"
    assert model.fetched[-1] == list(range(150, 180))  # only what is not cached yet


def test_changes_refetch_only_the_named_rows_and_keep_the_model_consistent(qtmodeltester):
    model = NamesModel([5, 6, 7])
    model.reload()
    qtmodeltester.check(model)
    model.order = [8, 5, 7]
    model.apply_changes(["6", "8"])
    assert model.fetched[-1] == [6, 8]
    assert model.ids == [8, 5, 7]
    assert model.index(0, 0).data() == "row 8"
    qtmodeltester.check(model)


def test_tick_repaints_only_the_live_column(qapp):
    model = NamesModel([1, 2, 3])
    model.reload()
    spans = []
    model.dataChanged.connect(
        lambda a, b, _r=(): spans.append((a.row(), a.column(), b.row(), b.column()))
    )
    model.tick(datetime(2026, 11, 22, 0, 0, 1, tzinfo=UTC))
    assert spans == [(0, 1, 2, 1)]
