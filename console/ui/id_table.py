"""The shared shape of the live tables (queue, unit board): a model that holds only ids.

Rows are fetched lazily into a cache through the pane's service (Anki's browser table
does the same). When the change feed names some ids, the model refetches exactly those
rows, asks the service for the current order, and turns its old order into the new one
with exact ``beginRemoveRows`` / ``beginMoveRows`` / ``beginInsertRows`` calls, never a
reset, so selection and scroll position survive a busy night. Columns that show a running
clock repaint once a second with ``dataChanged`` on those columns only.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)

from console.services.context import StationContext

Row = TypeVar("Row")

ID_ROLE = Qt.ItemDataRole.UserRole + 1
"""The row's entity id (int)."""
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
"""A value that sorts the column meaningfully (ranks, timestamps), for the proxy."""
CHIP_ROLE = Qt.ItemDataRole.UserRole + 3
"""A theme chip key such as ``priority:urgent``; the chip delegate paints it."""
PAINT_ROLE = Qt.ItemDataRole.UserRole + 4
"""Everything a cell's painting needs in one answer: (text, foreground, background,
chip key, right-aligned), so the delegates ask the model once per cell, not seven times."""

LIVE_ROLES = [
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.ForegroundRole,
    Qt.ItemDataRole.BackgroundRole,
    Qt.ItemDataRole.ToolTipRole,
    SORT_ROLE,
]


@dataclass(frozen=True)
class Column:
    key: str
    title: str  # English source text, translated in the model's context
    width_chars: int = 8  # initial width in digits (a CJK character is about two)
    live: bool = False  # shows a running clock: repainted every second
    stretch: bool = False  # takes the spare width
    align_right: bool = False


class IdTableModel(QAbstractTableModel, Generic[Row]):
    """Base of the pane models. Subclasses say how to get ids and rows, and draw cells."""

    sig_loaded = Signal()
    """Emitted after each full (re)load, once the first rows are in the cache."""

    CONTEXT = "IdTableModel"  # translation context of the column titles
    COLUMNS: Sequence[Column] = ()
    FETCH_BATCH = 100

    def __init__(self, ctx: StationContext, parent=None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._ids: list[int] = []
        self._cache: dict[int, Row] = {}
        self._now: datetime = ctx.clock.now()
        self._loaded = False
        self._live_columns = [i for i, c in enumerate(self.COLUMNS) if c.live]

    # --- what subclasses provide --------------------------------------------------------

    def fetch_ids(self) -> list[int]:
        raise NotImplementedError

    def fetch_rows(self, ids: Sequence[int]) -> dict[int, Row]:
        raise NotImplementedError

    def cell(self, row: Row, column: Column, role: int) -> Any:
        raise NotImplementedError

    def affected_ids(self, changes: Sequence[Any]) -> set[int] | None:
        """Ids of this model touched by change-feed rows; None: nothing of ours changed."""
        raise NotImplementedError

    # --- loading and changes ------------------------------------------------------------

    @property
    def is_loaded(self) -> bool:
        return self._loaded

    @property
    def ids(self) -> list[int]:
        return list(self._ids)

    def column_index(self, key: str) -> int:
        for i, c in enumerate(self.COLUMNS):
            if c.key == key:
                return i
        raise KeyError(key)

    def reload(self) -> None:
        """Read the whole id list again (start-up, or after the store came back)."""
        ids = self.fetch_ids()
        first = self.fetch_rows(ids[: self.FETCH_BATCH]) if ids else {}
        self.beginResetModel()
        self._ids = ids
        self._cache = dict(first)
        self._now = self._ctx.clock.now()
        self.endResetModel()
        self._loaded = True
        self.sig_loaded.emit()

    def apply_changes(self, changes: Sequence[Any]) -> None:
        """Slot for ``ChangeListener.sig_changes``: refresh exactly what changed."""
        if not self._loaded:
            return
        ids = self.affected_ids(changes)
        if ids is not None:
            self.refresh(ids)

    def refresh(self, ids: Iterable[int]) -> None:
        """Refetch the rows of ``ids`` and move the table to the service's current order."""
        changed = set(ids)
        fresh = self.fetch_rows(sorted(changed)) if changed else {}
        for entity_id in changed:
            if entity_id in fresh:
                self._cache[entity_id] = fresh[entity_id]
            else:
                self._cache.pop(entity_id, None)
        self.apply_order(self.fetch_ids())
        for entity_id in changed:
            row = self.row_of(entity_id)
            if row is not None:
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.COLUMNS) - 1))

    def refresh_cached(self) -> None:
        """Refetch every cached row (a change we cannot map to ids, e.g. an assignment)."""
        self.refresh(list(self._cache))

    def apply_order(self, new_ids: Sequence[int]) -> None:
        """Turn the current id order into ``new_ids`` with exact row operations."""
        wanted = set(new_ids)
        root = QModelIndex()
        # 1. Remove rows that left, in contiguous runs from the bottom up.
        end = len(self._ids) - 1
        while end >= 0:
            if self._ids[end] in wanted:
                end -= 1
                continue
            start = end
            while start > 0 and self._ids[start - 1] not in wanted:
                start -= 1
            self.beginRemoveRows(root, start, end)
            del self._ids[start : end + 1]
            self.endRemoveRows()
            end = start - 1
        for gone in set(self._cache) - wanted:
            del self._cache[gone]
        # 2. Move the fewest rows: those outside a longest run already in the new order.
        position = {entity_id: i for i, entity_id in enumerate(new_ids)}
        settled = _longest_increasing(self._ids, position)
        settled_positions = sorted(position[i] for i in settled)
        for entity_id in sorted(set(self._ids) - settled, key=position.__getitem__):
            target = position[entity_id]
            # Place it right after the nearest settled row that comes before it.
            k = bisect.bisect_left(settled_positions, target)
            dest = 0 if k == 0 else self._ids.index(new_ids[settled_positions[k - 1]]) + 1
            src = self._ids.index(entity_id)
            if dest not in (src, src + 1):
                self.beginMoveRows(root, src, src, root, dest)
                self._ids.pop(src)
                self._ids.insert(dest - 1 if src < dest else dest, entity_id)
                self.endMoveRows()
            settled_positions.insert(k, target)
        # 3. Insert new rows in contiguous runs; everything else is now in order.
        row = 0
        present = set(self._ids)
        while row < len(new_ids):
            if row < len(self._ids) and self._ids[row] == new_ids[row]:
                row += 1
                continue
            run_end = row
            while run_end < len(new_ids) and new_ids[run_end] not in present:
                run_end += 1
            self.beginInsertRows(root, row, run_end - 1)
            self._ids[row:row] = new_ids[row:run_end]
            present.update(new_ids[row:run_end])
            self.endInsertRows()
            row = run_end

    def row_of(self, entity_id: int) -> int | None:
        try:
            return self._ids.index(entity_id)
        except ValueError:
            return None

    def row_data(self, row: int) -> Row | None:
        """The cached row, fetching it (and the rows after it) on first use."""
        entity_id = self._ids[row]
        cached = self._cache.get(entity_id)
        if cached is not None:
            return cached
        batch = [i for i in self._ids[row : row + self.FETCH_BATCH] if i not in self._cache]
        self._cache.update(self.fetch_rows(batch))
        return self._cache.get(entity_id)

    def cached_rows(self) -> list[Row]:
        return [self._cache[i] for i in self._ids if i in self._cache]

    # --- the clock ------------------------------------------------------------------------

    def tick(self, now: datetime) -> None:
        """Slot for the second ticker: repaint the live columns, nothing else."""
        self._now = now
        if not self._ids:
            return
        last = len(self._ids) - 1
        for column in self._live_columns:
            self.dataChanged.emit(self.index(0, column), self.index(last, column), LIVE_ROLES)

    # --- QAbstractTableModel --------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ):
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.COLUMNS):
            return None
        column = self.COLUMNS[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate(self.CONTEXT, column.title)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = (
                Qt.AlignmentFlag.AlignRight if column.align_right else Qt.AlignmentFlag.AlignLeft
            )
            return horizontal | Qt.AlignmentFlag.AlignVCenter
        return None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ):
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        if role == ID_ROLE:
            return self._ids[index.row()]
        row = self.row_data(index.row())
        if row is None:
            return None
        column = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = (
                Qt.AlignmentFlag.AlignRight if column.align_right else Qt.AlignmentFlag.AlignLeft
            )
            return horizontal | Qt.AlignmentFlag.AlignVCenter
        return self.cell(row, column, role)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


def _longest_increasing(ids: Sequence[int], position: dict[int, int]) -> set[int]:
    """The largest set of ``ids`` whose current order already agrees with ``position``."""
    tails: list[int] = []  # tails[k]: smallest end position of a run of length k+1
    tail_index: list[int] = []  # index in ids of that end
    previous: list[int] = [-1] * len(ids)
    for i, entity_id in enumerate(ids):
        p = position[entity_id]
        k = bisect.bisect_left(tails, p)
        if k == len(tails):
            tails.append(p)
            tail_index.append(i)
        else:
            tails[k] = p
            tail_index[k] = i
        previous[i] = tail_index[k - 1] if k > 0 else -1
    result: set[int] = set()
    i = tail_index[-1] if tail_index else -1
    while i >= 0:
        result.add(ids[i])
        i = previous[i]
    return result


class TableFilterModel(QSortFilterProxyModel):
    """A pane's proxy: a text filter over every column, and sorting by ``SORT_ROLE`` when a
    header is clicked (a third click returns to the service's own order)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setFilterKeyColumn(-1)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
