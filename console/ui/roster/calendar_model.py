"""The roster calendar as a table model: one column per day; first a row per shift type
with its count against the cover, then the staff grouped by team (a title row per team).

It is fed a ``RosterView`` by the pane and holds nothing else. Edits are not made here:
keys and drops become ``CellEdit``s that the pane sends to the roster service.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import (
    QAbstractTableModel,
    QByteArray,
    QLocale,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont

from console.domain.roster.calendar import cover_targets, is_weekend, shift_counts
from console.services.rosters import Finding, RosterView

from .. import theme
from ..vocabulary import shift_name, skill_name
from .findings import finding_text, post_mark

CELL_MIME = "application/x-console-roster-cell"
FINDINGS_ROLE = Qt.ItemDataRole.UserRole + 1  # list[Finding] of a cell
KIND_ROLE = Qt.ItemDataRole.UserRole + 2  # "count", "team" or "staff"
BROKEN = QColor("#d93a36")
SOFT = QColor("#e0a22e")
_ROOT = QModelIndex()
# Days off on weekends and public holidays: a faint warm tint marks those columns.
WEEKEND_DARK = QColor("#2c2228")
WEEKEND_LIGHT = QColor("#fbecec")


@dataclass(frozen=True)
class Row:
    kind: str  # "count", "team" or "staff"
    key: str  # shift id, team name or staff id


class RosterCalendarModel(QAbstractTableModel):
    sig_move_requested = Signal(object, object)
    """(source, target) cells as (staff id, date), when a cell is dropped onto another."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.view: RosterView | None = None
        self.editable = False
        self.rows: list[Row] = []
        self.days: list[date] = []
        self._cells: dict[tuple[str, date], object] = {}
        self._targets: dict[tuple[date, str], int] = {}
        self._counts: dict[tuple[date, str], int] = {}
        self._cell_findings: dict[tuple[str, date], list[Finding]] = defaultdict(list)
        self._staff_findings: dict[str, list[Finding]] = defaultdict(list)
        self._day_findings: dict[tuple[date, str | None], list[Finding]] = defaultdict(list)
        self._holidays: set[date] = set()
        self.today: date | None = None  # the station's date, marked in the header

    # -- feeding -----------------------------------------------------------------------------

    def set_view(self, view: RosterView | None, *, editable: bool) -> None:
        """Show ``view``; the whole table changes, so this is a reset."""
        self.beginResetModel()
        self.view = view
        self.editable = editable and view is not None
        self.rows, self.days = [], []
        self._cells = {}
        for group in (self._cell_findings, self._staff_findings, self._day_findings):
            group.clear()
        if view is not None:
            p = view.problem
            self.days = p.dates
            self._holidays = set(p.rules.public_holidays)
            self.rows = [Row("count", t.id) for t in p.shift_types]
            for team in p.teams():
                self.rows.append(Row("team", team))
                self.rows += [Row("staff", m.id) for m in p.staff if m.team == team]
            self._cells = {(a.staff, a.day): a for a in view.assignments}
            self._targets = cover_targets(p)
            self._counts = dict(shift_counts(view.assignments))
            for f in view.check.findings:
                if f.staff is not None and f.day is not None:
                    self._cell_findings[f.staff, f.day].append(f)
                elif f.staff is not None:
                    self._staff_findings[f.staff].append(f)
                elif f.day is not None:
                    self._day_findings[f.day, f.shift].append(f)
        self.endResetModel()

    # -- addresses -----------------------------------------------------------------------------

    def staff_cell(self, index: QModelIndex) -> tuple[str, date] | None:
        """(staff id, day) of a staff cell, None for count and team rows."""
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        row = self.rows[index.row()]
        if row.kind != "staff" or not 0 <= index.column() < len(self.days):
            return None
        return row.key, self.days[index.column()]

    def index_of(self, staff: str, day: date) -> QModelIndex:
        for r, row in enumerate(self.rows):
            if row.kind == "staff" and row.key == staff and day in self.days:
                return self.index(r, self.days.index(day))
        return QModelIndex()

    def assignment(self, staff: str, day: date):
        return self._cells.get((staff, day))

    def team_rows(self) -> list[int]:
        return [r for r, row in enumerate(self.rows) if row.kind == "team"]

    # -- Qt model ------------------------------------------------------------------------------

    def rowCount(self, parent=_ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=_ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.days)

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled if self.editable else Qt.ItemFlag.NoItemFlags
        row = self.rows[index.row()]
        if row.kind != "staff":
            return Qt.ItemFlag.NoItemFlags  # the cursor skips count and team rows
        f = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.editable:
            f |= Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemIsDropEnabled
        return f

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or self.view is None:
            return None
        row = self.rows[index.row()]
        day = self.days[index.column()]
        if row.kind == "staff":
            return self._staff_data(row.key, day, role)
        if row.kind == "count":
            return self._count_data(row.key, day, role)
        if role == Qt.ItemDataRole.DisplayRole and index.column() == 0:
            members = [m for m in self.view.problem.staff if m.team == row.key]
            police = sum(1 for m in members if m.is_police)
            return self.tr("{team}: {count} people, {police} police officers").format(
                team=row.key, count=len(members), police=police
            )
        if role == Qt.ItemDataRole.BackgroundRole:
            return QColor(theme.current().header)
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if role == KIND_ROLE:
            return row.kind
        return None

    def _staff_data(self, staff: str, day: date, role: int):
        a = self._cells.get((staff, day))
        if role == Qt.ItemDataRole.DisplayRole:
            if a is None:
                return ""
            return f"{self._shift_short(a.shift)}{post_mark(a.post, self.view.problem)}"
        if role == Qt.ItemDataRole.BackgroundRole:
            if a is not None:
                return QColor(self.view.shift_colours.get(a.shift, "#7f8c8d"))
            if is_weekend(day) or day in self._holidays:
                return WEEKEND_DARK if theme.current().name == "dark" else WEEKEND_LIGHT
            return None
        if role == Qt.ItemDataRole.ForegroundRole and a is not None:
            return theme.contrast_text(QColor(self.view.shift_colours.get(a.shift, "#7f8c8d")))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignCenter
        if role == FINDINGS_ROLE:
            return list(self._cell_findings.get((staff, day), ()))
        if role == KIND_ROLE:
            return "staff"
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._staff_tooltip(staff, day, a)
        return None

    def _count_data(self, shift: str, day: date, role: int):
        count = self._counts.get((day, shift), 0)
        target = self._targets.get((day, shift))
        findings = [
            f
            for f in self._day_findings.get((day, shift), [])
            + self._day_findings.get((day, None), [])
        ]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{count}/{target}" if target is not None else str(count)
        if role == Qt.ItemDataRole.BackgroundRole:
            if target is not None and count < target:
                return BROKEN
            if any(f.hard for f in findings):
                return BROKEN
            return QColor(theme.current().header)
        if role == Qt.ItemDataRole.ForegroundRole:
            if target is not None and count < target or any(f.hard for f in findings):
                return QColor("#ffffff")
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignCenter
        if role == FINDINGS_ROLE:
            return findings
        if role == KIND_ROLE:
            return "count"
        if role == Qt.ItemDataRole.ToolTipRole:
            name = self._shift_name(shift)
            lines = [
                self.tr("{shift} on {day}: {count} on duty, cover asks {target}").format(
                    shift=name,
                    day=day.isoformat(),
                    count=count,
                    target="—" if target is None else target,
                )
            ]
            lines += [finding_text(f, self.view.problem) for f in findings]
            return "\n".join(lines)
        return None

    def _staff_tooltip(self, staff: str, day: date, a) -> str:
        member = self.view.problem.member(staff)
        lines = [f"{member.name} · {self._day_label(day, long=True)}"]
        if a is None:
            lines.append(self.tr("Day off"))
        else:
            t = self.view.problem.shift(a.shift)
            end_minute = (t.start_minute + t.minutes) % 1440
            lines.append(
                f"{shift_name(t.name)} {t.start.strftime('%H:%M')}–{end_minute // 60:02d}:{end_minute % 60:02d}"
            )
            if a.post:
                lines.append(self.tr("Post: {post}").format(post=a.post))
        for f in self._cell_findings.get((staff, day), ()):
            lines.append(("■ " if f.hard else "▲ ") + finding_text(f, self.view.problem))
        return "\n".join(lines)

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if self.view is None:
            return None
        if orientation == Qt.Orientation.Horizontal:
            if not 0 <= section < len(self.days):
                return None
            day = self.days[section]
            marked = is_weekend(day) or day in self._holidays
            if role == Qt.ItemDataRole.DisplayRole:
                return self._day_label(day, with_month=section == 0 or day.day == 1)
            if role == Qt.ItemDataRole.ForegroundRole and marked:
                return QColor(theme.current().overdue)
            if role == Qt.ItemDataRole.FontRole and marked:
                font = QFont()
                font.setBold(True)
                return font
            if role == Qt.ItemDataRole.ToolTipRole:
                lines = [self._day_label(day, long=True)]
                if day in self._holidays:
                    lines.append(self.tr("Public holiday"))
                lines += [
                    finding_text(f, self.view.problem)
                    for f in self._day_findings.get((day, None), [])
                ]
                return "\n".join(lines)
            return None
        if not 0 <= section < len(self.rows):
            return None
        row = self.rows[section]
        if role == Qt.ItemDataRole.DisplayRole:
            if row.kind == "count":
                return self.tr("{shift} count").format(shift=self._shift_name(row.key))
            if row.kind == "team":
                return row.key
            member = self.view.problem.member(row.key)
            role_mark = self.tr("P") if member.is_police else self.tr("A")
            return f"{member.name} {role_mark}"
        if role == Qt.ItemDataRole.ForegroundRole and row.kind == "staff":
            if any(f.hard for f in self._staff_findings.get(row.key, ())):
                return BROKEN
            if self._staff_findings.get(row.key):
                return SOFT
        if role == Qt.ItemDataRole.ToolTipRole and row.kind == "staff":
            member = self.view.problem.member(row.key)
            lines = [
                f"{member.name} · {member.team} · "
                + (self.tr("police officer") if member.is_police else self.tr("auxiliary"))
            ]
            if member.skills:
                lines.append(
                    self.tr("Skills: {skills}").format(
                        skills="、".join(skill_name(k) for k in member.skills)
                    )
                )
            lines += [
                finding_text(f, self.view.problem) for f in self._staff_findings.get(row.key, ())
            ]
            return "\n".join(lines)
        return None

    def _day_label(self, day: date, long: bool = False, with_month: bool = True) -> str:
        locale = QLocale()
        weekday = locale.dayName(day.isoweekday(), QLocale.FormatType.ShortFormat)
        if long:
            return f"{day.isoformat()} {weekday}"
        top = f"{day.month}-{day.day}" if with_month else str(day.day)
        if day == self.today:
            top = f"▶{top}"
        return f"{top}\n{weekday}"

    def _shift_name(self, shift_id: str) -> str:
        try:
            return shift_name(self.view.problem.shift(shift_id).name)
        except StopIteration:
            return shift_id

    def _shift_short(self, shift_id: str) -> str:
        return self._shift_name(shift_id)[:1]

    # -- drag and drop -------------------------------------------------------------------------

    def mimeTypes(self) -> list[str]:  # noqa: N802
        return [CELL_MIME]

    def supportedDragActions(self) -> Qt.DropAction:  # noqa: N802
        # Copy, never Move: the view would otherwise clear the source cell itself after the
        # drop; the roster service does the move (or swap) as one edit.
        return Qt.DropAction.CopyAction

    def supportedDropActions(self) -> Qt.DropAction:  # noqa: N802
        return Qt.DropAction.CopyAction | Qt.DropAction.MoveAction

    def mimeData(self, indexes) -> QMimeData:  # noqa: N802
        mime = QMimeData()
        cells = [c for c in (self.staff_cell(i) for i in indexes) if c is not None]
        if cells:
            staff, day = cells[0]
            mime.setData(CELL_MIME, QByteArray(f"{staff}|{day.isoformat()}".encode()))
        return mime

    def canDropMimeData(self, data, action, row, column, parent) -> bool:  # noqa: N802
        return (
            self.editable
            and data.hasFormat(CELL_MIME)
            and self._drop_target(row, column, parent) is not None
        )

    def dropMimeData(self, data, action, row, column, parent) -> bool:  # noqa: N802
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        staff, _, day = bytes(data.data(CELL_MIME).data()).decode().partition("|")
        target = self._drop_target(row, column, parent)
        source = (staff, date.fromisoformat(day))
        if target is None or target == source:
            return False
        self.sig_move_requested.emit(source, target)
        return True

    def _drop_target(self, row, column, parent) -> tuple[str, date] | None:
        if isinstance(parent, QPersistentModelIndex):
            parent = QModelIndex(parent)
        if parent is not None and parent.isValid():
            return self.staff_cell(parent)
        if row >= 0 and column >= 0:
            return self.staff_cell(self.index(row, column))
        return None
