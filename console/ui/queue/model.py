"""The queue's table model: open incident ids in queue order, rows fetched lazily."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
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

    def fetch_ids(self) -> list[int]:
        return open_incident_ids(self._ctx)

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
    """The queue as the view shows it: filtered by text, sorted by a column on request."""
