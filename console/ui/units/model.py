"""The unit board's table model: unit ids in call-sign order, rows fetched lazily."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtGui import QColor

from console.domain.unit_alerts import StaleFlag, StaleRules, stale_flags
from console.domain.units import UnitStatus
from console.services.records import UnitSummary
from console.services.unit_queries import unit_ids, unit_summaries

from .. import theme
from ..formatting import format_duration, format_local, grid_short_name, seconds_since
from ..i18n import current_language
from ..id_table import CHIP_ROLE, SORT_ROLE, Column, IdTableModel, TableFilterModel
from ..vocabulary import unit_kind_name, unit_status_name

CONTEXT = "UnitsModel"
NONE_TEXT = "—"
STALE_MARK = "⚠ "  # before a stale clock: the colour alone is not enough at two metres
# The board's order of statuses: who can be sent now first, who is off duty last.
BOARD_STATUS_ORDER = (
    UnitStatus.AVAILABLE,
    UnitStatus.PATROLLING,
    UnitStatus.DISPATCHED,
    UnitStatus.EN_ROUTE,
    UnitStatus.ON_SCENE,
    UnitStatus.BUSY,
    UnitStatus.ON_LOAN,
    UnitStatus.OFF_DUTY,
)
STATUS_ORDER = {status.value: i for i, status in enumerate(BOARD_STATUS_ORDER)}
# Changes to these may change who is on duty (the board's duty strip and crews).
DUTY_ENTITIES = frozenset(
    {"roster", "roster_entry", "shift_type", "officer", "unit_crew", "team", "station"}
)

Display = Qt.ItemDataRole.DisplayRole
Foreground = Qt.ItemDataRole.ForegroundRole
ToolTip = Qt.ItemDataRole.ToolTipRole


class UnitsModel(IdTableModel[UnitSummary]):
    """Every unit of the station, by call sign. Stale clocks (too long in one status, or an
    old position) are marked and coloured by ``stale_rules`` (the settings' thresholds)."""

    sig_refreshed = Signal()
    """Emitted after rows were refetched because the change feed named them."""

    sig_duty_changes = Signal()
    """Emitted when the change feed names the roster, officers or crews: who is on duty
    may have changed."""

    sig_ticked = Signal(object)
    """Emitted with the time after each second's repaint (the duty strip's countdown)."""

    CONTEXT = CONTEXT
    COLUMNS = (
        Column("call_sign", QT_TRANSLATE_NOOP("UnitsModel", "Call sign"), 9),
        Column("kind", QT_TRANSLATE_NOOP("UnitsModel", "Kind"), 8),
        Column("status", QT_TRANSLATE_NOOP("UnitsModel", "Status"), 7),
        Column(
            "in_status",
            QT_TRANSLATE_NOOP("UnitsModel", "In status"),
            9,
            live=True,
            align_right=True,
        ),
        Column("crew", QT_TRANSLATE_NOOP("UnitsModel", "Crew"), 12, stretch=True),
        Column("incident", QT_TRANSLATE_NOOP("UnitsModel", "Incident"), 13),
        Column("home_grid", QT_TRANSLATE_NOOP("UnitsModel", "Home grid"), 8),
        Column(
            "position_age",
            QT_TRANSLATE_NOOP("UnitsModel", "Position age"),
            7,
            live=True,
            align_right=True,
        ),
    )
    FETCH_BATCH = 500  # a station has tens of units: fetch them all at once

    stale_rules = StaleRules()
    # Unit id -> crew names from the approved roster's current shift; None: no approved
    # roster covers now, the units' own crews show.
    roster_crews: dict[int, tuple[str, ...]] | None = None

    def fetch_ids(self) -> list[int]:
        return unit_ids(self._ctx)

    def refresh(self, ids) -> None:
        super().refresh(ids)
        self.sig_refreshed.emit()

    def apply_changes(self, changes: Sequence[Any]) -> None:
        super().apply_changes(changes)
        if any(c.entity in DUTY_ENTITIES for c in changes):
            self.sig_duty_changes.emit()

    def tick(self, now) -> None:
        super().tick(now)
        self.sig_ticked.emit(now)

    def set_roster_crews(self, crews: dict[int, tuple[str, ...]] | None) -> None:
        """Show these crews (from the roster) instead of the units' own."""
        if crews == self.roster_crews:
            return
        self.roster_crews = crews
        if self._ids:
            column = self.column_index("crew")
            self.dataChanged.emit(self.index(0, column), self.index(len(self._ids) - 1, column))

    def crew_of(self, row: UnitSummary) -> tuple[str, ...]:
        if self.roster_crews is None:
            return row.crew
        return self.roster_crews.get(row.id, ())

    def stale(self, row: UnitSummary) -> frozenset[StaleFlag]:
        return stale_flags(
            row.status, row.status_since, row.position_at, self._now, self.stale_rules
        )

    def stale_count(self) -> int:
        return sum(1 for row in self.cached_rows() if self.stale(row))

    def fetch_rows(self, ids: Sequence[int]) -> dict[int, UnitSummary]:
        return unit_summaries(self._ctx, ids)

    def affected_ids(self, changes: Sequence[Any]) -> set[int] | None:
        ids = {int(c.entity_id) for c in changes if c.entity == "unit"}
        if any(c.entity == "assignment" for c in changes):
            # An assignment row names the assignment, not its unit: any unit's current
            # incident may have changed.
            ids.update(self._ids)
        return ids or None

    def status_counts(self) -> Counter[str]:
        """How many units are in each status (for the board's summary line)."""
        return Counter(row.status for row in self.cached_rows())

    # --- cells --------------------------------------------------------------------------

    def cell(self, row: UnitSummary, column: Column, role: int) -> Any:
        return getattr(self, f"_cell_{column.key}")(row, role)

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

    def _cell_call_sign(self, row: UnitSummary, role: int) -> Any:
        return row.call_sign if role in (Display, SORT_ROLE) else None

    def _cell_kind(self, row: UnitSummary, role: int) -> Any:
        return unit_kind_name(row.kind) if role in (Display, SORT_ROLE) else None

    def _cell_status(self, row: UnitSummary, role: int) -> Any:
        if role == Display:
            return unit_status_name(row.status)
        if role == CHIP_ROLE:
            return f"status:{row.status}"
        if role == SORT_ROLE:
            return STATUS_ORDER.get(row.status, len(STATUS_ORDER))
        return None

    def _cell_in_status(self, row: UnitSummary, role: int) -> Any:
        return self._clock_cell(
            row.status_since,
            StaleFlag.STATUS in self.stale(row),
            role,
            QCoreApplication.translate("UnitsModel", "Since {time}"),
            QCoreApplication.translate(
                "UnitsModel", "Too long in this status: check with the unit"
            ),
        )

    def _clock_cell(self, since, stale: bool, role: int, tooltip: str, stale_tooltip: str) -> Any:
        """A live "time since" cell, marked and red once its stale threshold has passed."""
        seconds = seconds_since(since, self._now)
        if role == Display:
            return (STALE_MARK if stale else "") + format_duration(seconds)
        if role == SORT_ROLE:
            return seconds
        if role == Foreground and stale:
            return QColor(theme.current().overdue)
        if role == ToolTip:
            text = tooltip.format(time=format_local(since, self._ctx.timezone))
            return text + ("\n" + stale_tooltip if stale else "")
        return None

    def _cell_crew(self, row: UnitSummary, role: int) -> Any:
        separator = "、" if current_language() == "zh_CN" else ", "
        return self._muted_if_empty(separator.join(self.crew_of(row)), role)

    def _cell_incident(self, row: UnitSummary, role: int) -> Any:
        return self._muted_if_empty(row.current_incident_number, role)

    def _cell_home_grid(self, row: UnitSummary, role: int) -> Any:
        if role == ToolTip:
            return row.home_grid_name or None
        short = grid_short_name(row.home_grid_name, self._ctx.station_name)
        return self._muted_if_empty(short, role)

    def _cell_position_age(self, row: UnitSummary, role: int) -> Any:
        if row.position_at is None:
            if role == ToolTip:
                return QCoreApplication.translate("UnitsModel", "No position reported")
            return self._muted_if_empty(None, role) if role != SORT_ROLE else float("inf")
        return self._clock_cell(
            row.position_at,
            StaleFlag.POSITION in self.stale(row),
            role,
            QCoreApplication.translate("UnitsModel", "Position reported {time}"),
            QCoreApplication.translate(
                "UnitsModel", "Position too old: the unit may not be where the map shows it"
            ),
        )


class UnitsFilterModel(TableFilterModel):
    """The unit board as the view shows it: filtered by text, sorted by a column on request."""
