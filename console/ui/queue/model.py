"""The queue's table model: open incident ids in queue order, rows fetched lazily."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import timedelta
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor

from console.services.incident_queries import incident_summaries, open_incident_ids
from console.services.records import IncidentSummary

from .. import theme
from ..formatting import Countdown, format_duration, format_local, seconds_since, time_left
from ..i18n import current_language
from ..id_table import CHIP_ROLE, SORT_ROLE, Column, IdTableModel, TableFilterModel
from ..vocabulary import incident_status_name, priority_name, priority_rank

CONTEXT = "QueueModel"
NONE_TEXT = "—"
UNSORTABLE = 10**12  # sorts "no deadline" after every real countdown

Display = Qt.ItemDataRole.DisplayRole
Foreground = Qt.ItemDataRole.ForegroundRole
Background = Qt.ItemDataRole.BackgroundRole
ToolTip = Qt.ItemDataRole.ToolTipRole


class QueueModel(IdTableModel[IncidentSummary]):
    """Open incidents, most urgent first, then oldest (the service's order)."""

    CONTEXT = CONTEXT
    COLUMNS = (
        Column("number", QT_TRANSLATE_NOOP("QueueModel", "No."), 13),
        Column("age", QT_TRANSLATE_NOOP("QueueModel", "Age"), 7, live=True, align_right=True),
        Column("priority", QT_TRANSLATE_NOOP("QueueModel", "Priority"), 8),
        Column("category", QT_TRANSLATE_NOOP("QueueModel", "Category"), 14),
        Column("address", QT_TRANSLATE_NOOP("QueueModel", "Address"), 22, stretch=True),
        Column("grid", QT_TRANSLATE_NOOP("QueueModel", "Grid"), 13),
        Column("status", QT_TRANSLATE_NOOP("QueueModel", "Status"), 9),
        Column("units", QT_TRANSLATE_NOOP("QueueModel", "Units"), 12),
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

    FLASH_SECONDS = 10

    def __init__(self, ctx, parent=None) -> None:
        super().__init__(ctx, parent)
        self._flash_until: dict[int, Any] = {}
        self._sort: tuple[int, Qt.SortOrder] | None = None

    def fetch_ids(self) -> list[int]:
        return self._sorted(open_incident_ids(self._ctx))

    # --- sorting by a column ----------------------------------------------------------
    # The queue sorts in the model, by keys computed once per row, rather than in the
    # proxy, whose comparisons call back into Python thousands of times per sort.

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Order by ``column``'s sort values (-1: the service's order: urgent, then oldest)."""
        self._sort = None if column < 0 or column >= len(self.COLUMNS) else (column, order)
        self.layoutAboutToBeChanged.emit()
        before = list(self._ids)
        self._ids = self._sorted(open_incident_ids(self._ctx) if self._sort is None else before)
        if set(self._ids) != set(before):  # the service's order came with other ids
            self._ids = [i for i in self._ids if i in set(before)]
        position = {entity_id: row for row, entity_id in enumerate(self._ids)}
        old = self.persistentIndexList()
        new = [
            self.index(position.get(before[i.row()], i.row()), i.column()) if i.isValid() else i
            for i in old
        ]
        self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()

    def _sorted(self, ids: list[int]) -> list[int]:
        sort = getattr(self, "_sort", None)
        if sort is None:
            return ids
        column, order = sort
        self.cache_ids(ids)
        spec = self.COLUMNS[column]
        rank = {entity_id: k for k, entity_id in enumerate(ids)}

        def key(entity_id: int):
            row = self._cache.get(entity_id)
            value = self.cell(row, spec, SORT_ROLE) if row is not None else None
            return (value is None, value if value is not None else 0, rank[entity_id])

        try:
            ordered = sorted(ids, key=key)
        except TypeError:  # mixed kinds of values: compare them as text
            ordered = sorted(ids, key=lambda i: (str(key(i)[1]), rank[i]))
        if order == Qt.SortOrder.DescendingOrder:
            ordered.reverse()
        return ordered

    def cache_ids(self, ids: Sequence[int]) -> None:
        missing = [i for i in ids if i not in self._cache]
        if missing:
            self._cache.update(self.fetch_rows(missing))

    # --- a new urgent incident flashes -------------------------------------------------

    def refresh(self, ids: Iterable[int]) -> None:
        before = set(self._ids)
        super().refresh(ids)
        now = self._ctx.clock.now()
        for entity_id in self._ids:
            if entity_id in before:
                continue
            row = self._cache.get(entity_id)
            if row is not None and row.priority == "urgent" and row.status == "received":
                self._flash_until[entity_id] = now + timedelta(seconds=self.FLASH_SECONDS)
                self.sig_urgent_arrived.emit(entity_id)

    def is_flashing(self, entity_id: int) -> bool:
        until = self._flash_until.get(entity_id)
        return until is not None and self._now < until

    def cache_all(self) -> None:
        """Fetch every row not cached yet in one read (before filtering on row fields)."""
        self.cache_ids(self._ids)

    def search_text(self, row: IncidentSummary) -> str:
        """Everything the free-text filter looks at, in one lower-case string."""
        return " ".join(
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

    def tick(self, now) -> None:
        super().tick(now)
        for entity_id, until in list(self._flash_until.items()):
            row = self.row_of(entity_id)
            if until <= now:
                del self._flash_until[entity_id]
            if row is not None:
                self.dataChanged.emit(
                    self.index(row, 0), self.index(row, len(self.COLUMNS) - 1), [Background]
                )

    def fetch_rows(self, ids: Sequence[int]) -> dict[int, IncidentSummary]:
        return incident_summaries(self._ctx, ids)

    def affected_ids(self, changes: Sequence[Any]) -> set[int] | None:
        ids = {int(c.entity_id) for c in changes if c.entity == "incident"}
        if any(c.entity == "assignment" for c in changes):
            # An assignment row names the assignment, not its incident: the units shown
            # on any cached row may have changed.
            ids.update(self._cache)
        return ids or None

    # --- cells --------------------------------------------------------------------------

    def cell(self, row: IncidentSummary, column: Column, role: int) -> Any:
        # A new urgent call blinks its whole row with the second ticker.
        if role == Background and self.is_flashing(row.id) and self._now.second % 2 == 0:
            return QColor(theme.current().priority["urgent"]).darker(180)
        draw = getattr(self, f"_cell_{column.key}")
        return draw(row, role)

    def _muted_if_empty(self, text: str | None, role: int) -> Any:
        if role == Display:
            return text or NONE_TEXT
        if role == Foreground and not text:
            return QColor(theme.current().muted)
        if role == SORT_ROLE:
            return text or ""
        if role == ToolTip:
            return text or None  # the whole text, when the column is too narrow for it
        return None

    def _cell_number(self, row: IncidentSummary, role: int) -> Any:
        if role in (Display, SORT_ROLE):
            return row.number
        if role == ToolTip:
            received = format_local(row.received_at, self._ctx.timezone)
            return QCoreApplication.translate("QueueModel", "Received {time}").format(
                time=received
            ) + (f"\n{row.narrative}" if row.narrative else "")
        return None

    def _cell_age(self, row: IncidentSummary, role: int) -> Any:
        age = seconds_since(row.received_at, self._now)
        if role == Display:
            return format_duration(age)
        if role == SORT_ROLE:
            return age
        if role == ToolTip:
            return QCoreApplication.translate("QueueModel", "Received {time}").format(
                time=format_local(row.received_at, self._ctx.timezone)
            )
        return None

    def _cell_priority(self, row: IncidentSummary, role: int) -> Any:
        if role == Display:
            return priority_name(row.priority)
        if role == CHIP_ROLE:
            return f"priority:{row.priority}"
        if role == SORT_ROLE:
            return priority_rank(row.priority)
        return None

    def _cell_category(self, row: IncidentSummary, role: int) -> Any:
        name = row.category_zh if current_language() == "zh_CN" else row.category_en
        if role in (Display, SORT_ROLE, ToolTip):
            return name
        return None

    def _cell_address(self, row: IncidentSummary, role: int) -> Any:
        if role == ToolTip:
            return row.narrative or None
        return self._muted_if_empty(row.address_text, role)

    def _cell_grid(self, row: IncidentSummary, role: int) -> Any:
        return self._muted_if_empty(row.grid_name, role)

    def _cell_status(self, row: IncidentSummary, role: int) -> Any:
        if role in (Display, SORT_ROLE):
            return incident_status_name(row.status)
        return None

    def _cell_units(self, row: IncidentSummary, role: int) -> Any:
        separator = "、" if current_language() == "zh_CN" else ", "
        return self._muted_if_empty(separator.join(row.unit_call_signs), role)

    def _cell_time_left(self, row: IncidentSummary, role: int) -> Any:
        left = time_left(row.arrival_deadline, row.first_arrived_at, self._now)
        t = theme.current()
        if role == SORT_ROLE:
            return UNSORTABLE if left.seconds is None else left.seconds
        if left.state is Countdown.NO_DEADLINE:
            if role == Display:
                return QCoreApplication.translate("QueueModel", "by appt.")
            if role == Foreground:
                return QColor(t.muted)
            if role == ToolTip:
                return QCoreApplication.translate(
                    "QueueModel", "No arrival deadline: by appointment"
                )
            return None
        assert left.seconds is not None and row.arrival_deadline is not None
        arrived = left.state in (Countdown.ARRIVED, Countdown.ARRIVED_LATE)
        if role == Display:
            return ("✓ " if arrived else "") + format_duration(left.seconds)
        if role == Foreground:
            if left.is_late:
                return QColor(t.overdue)
            return QColor(t.in_time) if arrived else None
        if role == Background:
            # Overdue and nobody there yet: the cell pulses with the second ticker.
            if left.state is Countdown.OVERDUE and self._now.second % 2 == 0:
                return QColor(t.overdue_pulse)
            return None
        if role == ToolTip:
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
        return None


class QueueFilterModel(TableFilterModel):
    """The queue as the view shows it: filtered by status, priority, grid, category and
    free text (all must hold), sorted by a column on request."""

    FILTER_KEYS = ("status", "priority", "grid", "category")

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._wanted: dict[str, str] = {}
        self._text = ""

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
        model = self.sourceModel()
        if self._wanted and isinstance(model, QueueModel):
            model.cache_all()
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
        model = self.sourceModel()
        if not isinstance(model, QueueModel):
            return super().filterAcceptsRow(source_row, source_parent)
        text = self._text
        if not self._wanted and not text:
            return True
        row = model.row_data(source_row)
        if row is None:
            return False
        if text and text not in model.search_text(row):
            return False
        if self._wanted:
            wanted = self._wanted
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
        return True
