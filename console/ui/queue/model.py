"""The queue's table model: open incident ids in queue order, rows fetched lazily."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor

from console.domain.incidents import OPEN_STATUSES, Priority
from console.services.incident_queries import (
    incident_ids_of_assignments,
    incident_summaries,
    open_incident_ids,
    open_incident_rows,
)
from console.services.records import IncidentSummary

from .. import theme
from ..formatting import (
    Countdown,
    format_duration,
    format_local,
    grid_short_name,
    seconds_since,
    time_left,
)
from ..i18n import current_language
from ..id_table import (
    CHIP_ROLE,
    ID_ROLE,
    PAINT_ROLE,
    SORT_ROLE,
    Column,
    IdTableModel,
    TableFilterModel,
)
from ..vocabulary import incident_status_name, priority_name, priority_rank

CONTEXT = "QueueModel"
NONE_TEXT = "—"
SHORT_MARK = "⚠"  # before "1/2": fewer units sent than the run card asks for
UNSORTABLE = 10**12  # sorts "no deadline" after every real countdown

Display = Qt.ItemDataRole.DisplayRole
Foreground = Qt.ItemDataRole.ForegroundRole
Background = Qt.ItemDataRole.BackgroundRole
ToolTip = Qt.ItemDataRole.ToolTipRole


# The view asks for several more roles per cell (font, decoration, check state …) than
# a queue cell paints with; those get None at once. A cell's painted roles come from one
# paint answer (PAINT_ROLE), worked out once per row and kept until the row changes.
# Asked for now and then (hovering, a sort): worked out on demand, never kept.
ON_DEMAND_ROLES = frozenset((int(ToolTip), int(SORT_ROLE)))
PAINT, FOREGROUND, CHIP = int(PAINT_ROLE), int(Foreground), int(CHIP_ROLE)
# What a tick changes: not SORT_ROLE, so the proxy does not filter and sort again.
TICK_ROLES = [Display, Foreground, Background, ToolTip]
ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
DISPLAY, BACKGROUND, ID = int(Display), int(Background), int(ID_ROLE)
HORIZONTAL = Qt.Orientation.Horizontal
# More changed rows than this at once (a catch-up) are put in order in one pass.
PLACE_ONE_BY_ONE = 50
OPEN_STATUS_VALUES = frozenset(s.value for s in OPEN_STATUSES)
PRIORITY_RANK = {p.value: p.rank for p in Priority}


class QueueModel(IdTableModel[IncidentSummary]):
    """Open incidents, most urgent first, then oldest (the service's order).

    Unlike the base table, the queue holds every open row: the open queue is small, and
    with all rows at hand a filter or a sort is a pass over plain Python values, and a
    change from the feed needs only the rows it names (their new places are worked out
    here, the way the service orders them). Each row's cells are worked out once, when
    first painted, and kept until the row changes; the two clock columns are worked out
    again once a second, for the rows on screen only.
    """

    CONTEXT = CONTEXT
    COLUMNS = (
        Column("number", QT_TRANSLATE_NOOP("QueueModel", "No."), 13),
        Column("age", QT_TRANSLATE_NOOP("QueueModel", "Age"), 7, live=True, align_right=True),
        Column("priority", QT_TRANSLATE_NOOP("QueueModel", "Priority"), 6),
        Column("category", QT_TRANSLATE_NOOP("QueueModel", "Category"), 13),
        Column("address", QT_TRANSLATE_NOOP("QueueModel", "Address"), 22, stretch=True),
        Column("grid", QT_TRANSLATE_NOOP("QueueModel", "Grid"), 8),
        Column("status", QT_TRANSLATE_NOOP("QueueModel", "Status"), 6),
        Column("units", QT_TRANSLATE_NOOP("QueueModel", "Units"), 10),
        Column(
            "time_left",
            QT_TRANSLATE_NOOP("QueueModel", "Time left"),
            8,
            live=True,
            align_right=True,
        ),
    )

    sig_urgent_arrived = Signal(int)
    """Emitted with the id of a new 紧急 incident arriving while the queue is live."""
    sig_rows_changed = Signal()
    """Emitted after rows changed in place (the filter looks at them again)."""

    FLASH_SECONDS = 10

    def __init__(self, ctx, parent=None) -> None:
        super().__init__(ctx, parent)
        self._flash_until: dict[int, Any] = {}
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self._cells: dict[int, list[tuple | None]] = {}  # id -> per column: paint answer
        self._live_cells: dict[int, list[tuple | None]] = {}  # the same for clock columns
        self._search: dict[int, str] = {}  # id -> the free-text filter's string
        self._alignments = [self._alignment(c) for c in self.COLUMNS]
        self._right_aligned = [c.align_right for c in self.COLUMNS]
        self._painters = [getattr(self, f"_paint_{c.key}") for c in self.COLUMNS]
        self._live_set = frozenset(self._live_columns)
        self._pending: set[int] = set()
        self._pending_assignments: set[int] = set()
        self._coalesce = QTimer(self, singleShot=True, interval=0)
        self._coalesce.timeout.connect(self.flush_changes)

    # --- loading ----------------------------------------------------------------------

    def fetch_ids(self) -> list[int]:
        return self._sorted(open_incident_ids(self._ctx))

    def fetch_rows(self, ids: Sequence[int]) -> dict[int, IncidentSummary]:
        return incident_summaries(self._ctx, ids)

    def reload(self) -> None:
        """Read the whole open queue again, every row in one read (start-up, recovery)."""
        rows = open_incident_rows(self._ctx)  # in the natural order already
        self.beginResetModel()
        self._cache = {row.id: row for row in rows}
        self._forget_cells(None)
        self._now = self._ctx.clock.now()
        ids = [row.id for row in rows]
        self._ids = ids if self._sort is None else self._sorted(ids)
        self.endResetModel()
        self._loaded = True
        self.sig_loaded.emit()

    def refresh_cached(self) -> None:
        """Catch up with the store without a reset (e.g. once the listener starts)."""
        rows = open_incident_rows(self._ctx)
        fresh = {row.id: row for row in rows}
        changed = [i for i, row in fresh.items() if self._cache.get(i) != row]
        self._update(fresh, set(changed) | (set(self._cache) - set(fresh)))

    def cache_ids(self, ids: Sequence[int]) -> None:
        missing = [i for i in ids if i not in self._cache]
        if missing:
            self._cache.update(self.fetch_rows(missing))

    def cache_all(self) -> None:
        """Every open row is held already; kept for callers of the lazy table's API."""
        self.cache_ids(self._ids)

    # --- changes from the feed ----------------------------------------------------------

    def apply_changes(self, changes: Sequence[Any]) -> None:
        """Slot for ``ChangeListener.sig_changes``: note what changed; the rows are read
        once the event loop turns, so a burst of changes costs one read and one repaint."""
        if not self._loaded:
            return
        for c in changes:
            if c.entity == "incident":
                self._pending.add(int(c.entity_id))
            elif c.entity == "assignment":
                self._pending_assignments.add(int(c.entity_id))
        if self._pending or self._pending_assignments:
            self._coalesce.start()

    def flush_changes(self) -> None:
        """Apply the changes noted so far (tests call it instead of turning the loop)."""
        self._coalesce.stop()
        ids, self._pending = self._pending, set()
        if self._pending_assignments:
            # An assignment row names the assignment: ask which incidents it belongs to.
            ids |= incident_ids_of_assignments(self._ctx, self._pending_assignments)
            self._pending_assignments = set()
        if ids:
            self.refresh(ids)

    def affected_ids(self, changes: Sequence[Any]) -> set[int] | None:
        ids = {int(c.entity_id) for c in changes if c.entity == "incident"}
        assignments = [int(c.entity_id) for c in changes if c.entity == "assignment"]
        if assignments:
            ids |= incident_ids_of_assignments(self._ctx, assignments)
        return ids or None

    def refresh(self, ids: Iterable[int]) -> None:
        """Re-read the rows of ``ids`` and move them to their places in the queue."""
        changed = set(ids)
        if not changed:
            return
        self._update(self.fetch_rows(sorted(changed)), changed)

    def _update(self, fresh: dict[int, IncidentSummary], changed: set[int]) -> None:
        before = {i for i in changed if self.row_of(i) is not None}
        for entity_id in changed:
            row = fresh.get(entity_id)
            if row is not None and row.status in OPEN_STATUS_VALUES:
                self._cache[entity_id] = row
            else:
                self._cache.pop(entity_id, None)
        self._forget_cells(changed)
        if self._sort is None:
            self._place_in_natural_order(changed)
        else:
            order = self._sorted(list(self._cache))
            if order != self._ids:  # most changes (a note, a unit) leave the order alone
                self.apply_order(order)
        for entity_id in before:
            row = self.row_of(entity_id)
            if row is not None:
                # Cell by cell: a view repaints just those, where a range would make it
                # repaint the whole table.
                for column in range(COLUMN_COUNT):
                    cell = self.index(row, column)
                    self.dataChanged.emit(cell, cell)
        self._flash_new_urgent(changed - before)
        self.sig_rows_changed.emit()

    def _place_in_natural_order(self, changed: set[int]) -> None:
        """Remove, move or insert just the ``changed`` rows, each put before the first
        unchanged row with a later natural key (no sort of the whole queue). Moves, not
        remove-and-insert, so a selected row stays selected."""
        if len(changed) > PLACE_ONE_BY_ONE:  # a catch-up: one pass over the whole queue
            self.apply_order(self._sorted(list(self._cache)))
            return
        ids = self._ids
        key = self._natural_key
        root = QModelIndex()
        for entity_id in changed:
            row = self.row_of(entity_id)
            if row is not None and entity_id not in self._cache:  # closed, diverted …
                self.beginRemoveRows(root, row, row)
                del ids[row]
                self._row_index = None
                self.endRemoveRows()
        pending = {i for i in changed if i in self._cache}
        for entity_id in sorted(pending, key=key):
            pending.discard(entity_id)
            # The rows placed already (unchanged ones, and changed ones placed before this
            # one) are in order: find this one's place among them.
            placed = [i for i in ids if i not in pending and i != entity_id]
            k = bisect.bisect_left(placed, key(entity_id), key=key)
            if k < len(placed):
                dest = self.row_of(placed[k])
            else:
                dest = self.row_of(placed[-1]) + 1 if placed else 0
            assert dest is not None
            row = self.row_of(entity_id)
            if row is None:
                self.beginInsertRows(root, dest, dest)
                ids.insert(dest, entity_id)
                self._row_index = None
                self.endInsertRows()
            elif dest not in (row, row + 1):  # most changes (a note, a unit) stay put
                # beginMoveRows names the row it goes before, counted before the move.
                self.beginMoveRows(root, row, row, root, dest)
                ids.pop(row)
                ids.insert(dest - 1 if dest > row else dest, entity_id)
                self._row_index = None
                self.endMoveRows()

    def forget_painting(self) -> None:
        """Work every cell out again (the theme changed its colours)."""
        self._cells.clear()
        self._live_cells.clear()

    def _forget_cells(self, ids: set[int] | None) -> None:
        if ids is None:
            self._cells.clear()
            self._live_cells.clear()
            self._search.clear()
            self._row_index = None
            return
        for entity_id in ids:
            self._cells.pop(entity_id, None)
            self._live_cells.pop(entity_id, None)
            self._search.pop(entity_id, None)

    # --- order -----------------------------------------------------------------------
    # The queue sorts in the model, by plain keys per row, rather than in the proxy,
    # whose comparisons call back into Python thousands of times per sort.

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Order by ``column``'s sort values (-1: the service's order: urgent, then oldest)."""
        self._sort = None if column < 0 or column >= len(self.COLUMNS) else (column, order)
        self.layoutAboutToBeChanged.emit()
        before = list(self._ids)
        self._ids = self._sorted(before)
        position = {entity_id: row for row, entity_id in enumerate(self._ids)}
        old = self.persistentIndexList()
        new = [
            self.index(position.get(before[i.row()], i.row()), i.column()) if i.isValid() else i
            for i in old
        ]
        self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()

    def _natural_key(self, entity_id: int):
        row = self._cache.get(entity_id)
        if row is None:
            return (99, NEVER, entity_id)
        return (PRIORITY_RANK.get(row.priority, 99), row.received_at, entity_id)

    def _sorted(self, ids: list[int]) -> list[int]:
        self.cache_ids(ids)
        natural = sorted(ids, key=self._natural_key)
        sort = getattr(self, "_sort", None)
        if sort is None:
            return natural
        column, order = sort
        value_of = self._sort_value_function(self.COLUMNS[column].key)
        keyed = []
        for rank, entity_id in enumerate(natural):
            value = value_of(self._cache[entity_id])
            keyed.append((value is None, value if value is not None else 0, rank, entity_id))
        try:
            keyed.sort()
        except TypeError:  # mixed kinds of values: compare them as text
            keyed = sorted((k[0], str(k[1]), k[2], k[3]) for k in keyed)
        ordered = [k[3] for k in keyed]
        if order == Qt.SortOrder.DescendingOrder:
            ordered.reverse()
        return ordered

    def _sort_value_function(self, key: str):
        """How to get a column's sort value straight from a row (no cell code)."""
        now = self._now
        zh = current_language() == "zh_CN"
        if key == "age":
            return lambda r: seconds_since(r.received_at, now)
        if key == "time_left":
            return lambda r: (
                UNSORTABLE
                if r.arrival_deadline is None
                else (r.arrival_deadline - (r.first_arrived_at or now)).total_seconds()
            )
        if key == "priority":
            return lambda r: priority_rank(r.priority)
        if key == "number":
            return lambda r: r.number
        if key == "category":
            return (lambda r: r.category_zh) if zh else (lambda r: r.category_en)
        if key == "address":
            return lambda r: r.address_text or ""
        if key == "grid":
            return lambda r: r.grid_name or ""
        if key == "status":
            return lambda r: incident_status_name(r.status)
        if key == "units":
            return lambda r: ("、" if zh else ", ").join(r.unit_call_signs)
        raise KeyError(key)

    def row_of(self, entity_id: int) -> int | None:
        index = self._row_index
        if index is None or len(index) != len(self._ids):
            index = self._row_index = {i: row for row, i in enumerate(self._ids)}
        row = index.get(entity_id)
        if row is None or row >= len(self._ids) or self._ids[row] != entity_id:
            self._row_index = None
            return super().row_of(entity_id)
        return row

    _row_index: dict[int, int] | None = None

    # --- a new urgent incident flashes -------------------------------------------------

    def _flash_new_urgent(self, arrived: set[int]) -> None:
        """Flash the rows of ``arrived`` (ids new to the queue) that are new urgent calls."""
        now = self._ctx.clock.now()
        for entity_id in sorted(arrived, key=self._natural_key):
            row = self._cache.get(entity_id)
            if row is not None and row.priority == "urgent" and row.status == "received":
                self._flash_until[entity_id] = now + timedelta(seconds=self.FLASH_SECONDS)
                self.sig_urgent_arrived.emit(entity_id)

    def is_flashing(self, entity_id: int) -> bool:
        until = self._flash_until.get(entity_id)
        return until is not None and self._now < until

    def search_text(self, row: IncidentSummary) -> str:
        """Everything the free-text filter looks at, in one lower-case string."""
        cached = self._search.get(row.id)
        if cached is not None and self._cache.get(row.id) is row:
            return cached
        text = " ".join(
            (
                row.number,
                priority_name(row.priority),
                row.category_zh,
                row.category_en,
                row.address_text or "",
                row.grid_name or "",
                incident_status_name(row.status),
                " ".join(row.unit_call_signs),
                row.narrative,
            )
        ).lower()
        if self._cache.get(row.id) is row:
            self._search[row.id] = text
        return text

    # --- the clock ----------------------------------------------------------------------

    def tick(self, now) -> None:
        """Slot for the second ticker: the clock columns change, nothing else does.

        Only their display roles are announced, so the filter and the order (which the
        model keeps itself) are not worked out again every second.
        """
        self._now = now
        self._live_cells.clear()
        if not self._ids:
            return
        rows = self._visible_rows() if self._visible_rows is not None else None
        if rows is None:
            last = len(self._ids) - 1
            for column in self._live_columns:
                self.dataChanged.emit(self.index(0, column), self.index(last, column), TICK_ROLES)
        else:
            # One cell at a time: a view repaints just that cell, where a range of rows
            # would make it repaint the whole table every second.
            for row in rows:
                for column in self._live_columns:
                    cell = self.index(row, column)
                    self.dataChanged.emit(cell, cell, TICK_ROLES)
        for entity_id, until in list(self._flash_until.items()):
            row = self.row_of(entity_id)
            if until <= now:
                del self._flash_until[entity_id]
            if row is not None:
                self.dataChanged.emit(
                    self.index(row, 0), self.index(row, len(self.COLUMNS) - 1), [Background]
                )

    _visible_rows: Callable[[], list[int]] | None = None

    def set_visible_rows(self, rows: Callable[[], list[int]] | None) -> None:
        """Tell the model which of its rows are on screen, so a tick repaints only those
        (None: every row, as for a model without a view)."""
        self._visible_rows = rows

    # --- QAbstractTableModel, with the cells worked out once per row --------------------

    def data(self, index, role: int = DISPLAY):
        row = index.row()
        ids = self._ids
        if not 0 <= row < len(ids):
            return None
        entity_id = ids[row]
        if role == ID:
            return entity_id
        column = index.column()
        if role == ALIGNMENT:
            return self._alignments[column]
        slot = PAINT_SLOTS.get(role)
        if slot is None:
            if role in ON_DEMAND_ROLES:
                summary = self._cache.get(entity_id)
                return self.cell(summary, self.COLUMNS[column], role) if summary else None
            return None
        if entity_id in self._flash_until:  # blinks with the clock: never from the cache
            summary = self._cache.get(entity_id)
            painted = self._paint_cell(summary, column) if summary else None
        else:
            cache = self._live_cells if column in self._live_set else self._cells
            cells = cache.get(entity_id)
            if cells is None:
                cells = cache[entity_id] = self._work_out(entity_id, live=cache is self._live_cells)
            painted = cells[column] if cells else None
        if painted is None or slot < 0:
            return painted
        return painted[slot] if slot else painted[0] or None

    def _work_out(self, entity_id: int, *, live: bool) -> list[tuple | None]:
        """The paint answers of a row's clock columns (``live``) or of its other columns."""
        summary = self._cache.get(entity_id)
        if summary is None:
            return []
        live_set = self._live_set
        return [
            self._paint_cell(summary, i) if (i in live_set) == live else None
            for i in range(COLUMN_COUNT)
        ]

    def _paint_cell(self, row: IncidentSummary, column: int) -> tuple:
        """Everything a cell's painting needs (``PAINT_ROLE``): text, foreground,
        background, chip key, right-aligned; one call per cell."""
        text, foreground, background, chip = self._painters[column](row)
        # A new urgent call blinks its whole row with the second ticker.
        if row.id in self._flash_until and self.is_flashing(row.id) and self._now.second % 2 == 0:
            background = QColor(theme.current().priority["urgent"]).darker(180)
        return (text, foreground, background, chip, self._right_aligned[column])

    @staticmethod
    def _alignment(column: Column):
        horizontal = (
            Qt.AlignmentFlag.AlignRight if column.align_right else Qt.AlignmentFlag.AlignLeft
        )
        return horizontal | Qt.AlignmentFlag.AlignVCenter

    def index(self, row: int, column: int, parent=None):
        # The proxy maps every cell it paints through here: answer without asking
        # rowCount() and columnCount() back in Python, as the base class would.
        inside = 0 <= row < len(self._ids) and 0 <= column < COLUMN_COUNT
        if inside and (parent is None or not parent.isValid()):
            return self.createIndex(row, column)
        return QModelIndex()

    def rowCount(self, parent=None) -> int:  # noqa: N802
        return 0 if parent is not None and parent.isValid() else len(self._ids)

    def headerData(self, section: int, orientation, role: int = DISPLAY):  # noqa: N802
        # The header asks a dozen roles per section at every repaint (each sort): answer
        # from plain ints and the alignments worked out once.
        if orientation != HORIZONTAL or not 0 <= section < COLUMN_COUNT:
            return None
        if role == DISPLAY:
            return QCoreApplication.translate(self.CONTEXT, self.COLUMNS[section].title)
        if role == ALIGNMENT:
            return self._alignments[section]
        return None

    def columnCount(self, parent=None) -> int:  # noqa: N802
        return 0 if parent is not None and parent.isValid() else COLUMN_COUNT

    def flags(self, index) -> Qt.ItemFlag:
        return ITEM_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    # --- cells --------------------------------------------------------------------------
    # Each column paints from one function giving (text, foreground, background, chip
    # key); the tooltip and the sort value are worked out only when asked for.

    def cell(self, row: IncidentSummary, column: Column, role: int) -> Any:
        if role == ToolTip:
            return getattr(self, f"_tip_{column.key}")(row)
        if role == SORT_ROLE:
            return self._sort_value_function(column.key)(row)
        slot = PAINT_SLOTS.get(int(role))
        if slot is None:
            return None
        painted = self._paint_cell(row, self.COLUMNS.index(column))
        if slot < 0:
            return painted
        return painted[slot] if slot else painted[0] or None

    def _muted_if_empty(self, text: str | None) -> tuple:
        if text:
            return (text, None, None, None)
        return (NONE_TEXT, QColor(theme.current().muted), None, None)

    def _paint_number(self, row: IncidentSummary) -> tuple:
        return (row.number, None, None, None)

    def _tip_number(self, row: IncidentSummary) -> str:
        return self._tip_age(row) + (f"\n{row.narrative}" if row.narrative else "")

    def _paint_age(self, row: IncidentSummary) -> tuple:
        return (format_duration(seconds_since(row.received_at, self._now)), None, None, None)

    def _tip_age(self, row: IncidentSummary) -> str:
        return QCoreApplication.translate("QueueModel", "Received {time}").format(
            time=format_local(row.received_at, self._ctx.timezone)
        )

    def _paint_priority(self, row: IncidentSummary) -> tuple:
        return (priority_name(row.priority), None, None, f"priority:{row.priority}")

    def _tip_priority(self, row: IncidentSummary) -> None:
        return None

    def _category_name(self, row: IncidentSummary) -> str:
        return row.category_zh if current_language() == "zh_CN" else row.category_en

    def _paint_category(self, row: IncidentSummary) -> tuple:
        return (self._category_name(row), None, None, None)

    def _tip_category(self, row: IncidentSummary) -> str:
        return self._category_name(row)

    def _paint_address(self, row: IncidentSummary) -> tuple:
        return self._muted_if_empty(row.address_text)

    def _tip_address(self, row: IncidentSummary) -> str | None:
        return row.narrative or None

    def _paint_grid(self, row: IncidentSummary) -> tuple:
        # Every grid repeats the station's place ("新街口…"): the column shows the rest.
        return self._muted_if_empty(grid_short_name(row.grid_name, self._ctx.station_name))

    def _tip_grid(self, row: IncidentSummary) -> str | None:
        return row.grid_name or None  # the whole name, when the column is too narrow

    def _paint_status(self, row: IncidentSummary) -> tuple:
        return (incident_status_name(row.status), None, None, None)

    def _tip_status(self, row: IncidentSummary) -> None:
        return None

    def _unit_text(self, row: IncidentSummary) -> str:
        return ("、" if current_language() == "zh_CN" else ", ").join(row.unit_call_signs)

    def _paint_units(self, row: IncidentSummary) -> tuple:
        """The units with it; while fewer went than its run card asks for, "sent/needed"
        before them (a narrow column cuts call signs, not the count): marked ⚠ and
        highlighted once some went (the row looks handled but is not; the mark shows on the
        selected row too), plain before any went or once the shortfall was waived."""
        text = self._unit_text(row)
        card = row.card
        if not card.short or card.needed == 1 == card.short:  # nothing sent of one: "—"
            return self._muted_if_empty(text)
        count = f"{card.sent}/{card.needed}"
        if card.outstanding and card.sent:
            t = theme.current()
            warn = QColor(t.priority["high"])
            shade = QColor(warn)
            shade.setAlpha(56)
            count = SHORT_MARK + count
            return (f"{count} {text}" if text else count, warn, shade, None)
        muted = QColor(theme.current().muted)
        return (f"{count} {text}" if text else count, None if text else muted, None, None)

    def _tip_units(self, row: IncidentSummary) -> str | None:
        text = self._unit_text(row)
        card = row.card
        if not card.short or card.needed == 1 == card.short:
            return text or None
        if card.waived:
            note = QCoreApplication.translate(
                "QueueModel", "The run card asks for {needed} units; {sent} sent, shortfall waived"
            )
        else:
            note = QCoreApplication.translate(
                "QueueModel", "The run card asks for {needed} units; {sent} sent, {short} to send"
            )
        note = note.format(needed=card.needed, sent=card.sent, short=card.short)
        return f"{text}\n{note}" if text else note

    def _paint_time_left(self, row: IncidentSummary) -> tuple:
        left = time_left(row.arrival_deadline, row.first_arrived_at, self._now)
        t = theme.current()
        state, seconds = left.state, left.seconds
        if state is Countdown.NO_DEADLINE:
            text = QCoreApplication.translate("QueueModel", "by appt.")
            return (text, QColor(t.muted), None, None)
        assert seconds is not None
        if state is Countdown.ARRIVED:  # the clock stopped in time: what was left, green
            return ("✓ " + format_duration(seconds), QColor(t.in_time), None, None)
        if state is Countdown.ARRIVED_LATE:  # on scene, but after the deadline: how late
            text = QCoreApplication.translate("QueueModel", "✓ +{time} late").format(
                time=format_duration(-seconds)
            )
            return (text, QColor(t.overdue), None, None)
        if state is Countdown.OVERDUE:
            # Nobody there yet: red, and the cell pulses with the second ticker.
            pulse = QColor(t.overdue_pulse) if self._now.second % 2 == 0 else None
            return (format_duration(seconds), QColor(t.overdue), pulse, None)
        # Nobody there and the time nearly gone: amber before it turns red.
        amber = QColor(t.priority["high"]) if _due_soon(row, seconds) else None
        return (format_duration(seconds), amber, None, None)

    def _tip_time_left(self, row: IncidentSummary) -> str:
        if row.arrival_deadline is None:
            return QCoreApplication.translate("QueueModel", "No arrival deadline: by appointment")
        deadline = format_local(row.arrival_deadline, self._ctx.timezone)
        text = QCoreApplication.translate("QueueModel", "Arrival deadline {time}").format(
            time=deadline
        )
        if row.first_arrived_at is not None:
            first = format_local(row.first_arrived_at, self._ctx.timezone)
            text += "\n" + QCoreApplication.translate(
                "QueueModel", "First unit on scene {time}"
            ).format(time=first)
        return text


DUE_SOON_SHARE = 0.25  # of the grade's allowance left …
DUE_SOON_MIN_S = 60.0  # … or at least this, whichever is longer


def _due_soon(row: IncidentSummary, seconds_left: float) -> bool:
    allowance = (row.arrival_deadline - row.received_at).total_seconds()
    return 0 <= seconds_left <= max(DUE_SOON_MIN_S, DUE_SOON_SHARE * allowance)


# Where each painted role sits in a cell's paint answer (-1: the whole answer).
PAINT_SLOTS = {PAINT: -1, DISPLAY: 0, FOREGROUND: 1, BACKGROUND: 2, CHIP: 3}
COLUMN_COUNT = len(QueueModel.COLUMNS)
ITEM_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
NEVER = datetime.max.replace(tzinfo=UTC)


class QueueFilterModel(TableFilterModel):
    """The queue as the view shows it: filtered by status, priority, grid, category and
    free text (all must hold), sorted by a column on request.

    The proxy neither sorts (the model does) nor filters again by itself on every data
    change (a tick changes every row's clock); it looks again when the model says rows
    changed in place, or when a filter changes.
    """

    FILTER_KEYS = ("status", "priority", "grid", "category")

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setDynamicSortFilter(False)
        self._wanted: dict[str, str] = {}
        self._text = ""

    def setSourceModel(self, model) -> None:  # noqa: N802
        super().setSourceModel(model)
        if isinstance(model, QueueModel):
            model.sig_rows_changed.connect(self._rows_changed)

    def _rows_changed(self) -> None:
        if self._wanted or self._text:
            self.beginFilterChange()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def setFilterFixedString(self, pattern: str) -> None:  # noqa: N802
        # One lower-case search string per row, instead of asking every column.
        self._text = pattern.strip().lower()
        super().setFilterFixedString(pattern)

    def set_field_filter(self, key: str, value: str | None) -> None:
        """Keep only rows whose ``key`` is ``value`` (a category code also matches its
        subtypes); None or "" removes that filter."""
        if key not in self.FILTER_KEYS:
            raise KeyError(key)
        self.beginFilterChange()
        if value:
            self._wanted[key] = value
        else:
            self._wanted.pop(key, None)
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def field_filters(self) -> dict[str, str]:
        return dict(self._wanted)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        model = self.sourceModel()
        if isinstance(model, QueueModel):
            model.sort(column, order)  # the model orders; the proxy keeps that order
            super().sort(-1, Qt.SortOrder.AscendingOrder)  # (-1 descending would reverse it)
            return
        super().sort(column, order)

    def filterAcceptsRow(self, source_row: int, source_parent) -> bool:  # noqa: N802
        text = self._text
        wanted = self._wanted
        if not wanted and not text:
            return True
        model = self.sourceModel()
        if not isinstance(model, QueueModel):
            return super().filterAcceptsRow(source_row, source_parent)
        row = model.row_data(source_row)
        if row is None:
            return False
        # The field filters first: they are cheap, and spare the text search most rows.
        if wanted:
            if "status" in wanted and row.status != wanted["status"]:
                return False
            if "priority" in wanted and row.priority != wanted["priority"]:
                return False
            if "grid" in wanted and (row.grid_name or "") != wanted["grid"]:
                return False
            category = wanted.get("category")
            if category and not (
                row.category_code == category or row.category_code.startswith(category + ".")
            ):
                return False
        return not text or text in model.search_text(row)
