"""The calendar's table view: keyboard edits, drag edits and the marks of broken rules.

Keys, with a staff cell selected: arrows move; the letter of a shift type (D, E, N …) or
its number (1, 2, 3 …) sets it and steps to the next day; * puts the cell on the duty
commander post or takes it off; Delete (or 0) makes it a day off; Ctrl+Z undoes the last
edit. Dragging a cell onto another moves its shift there (swapping if that cell works).
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, QRect, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QPainter, QPen, QPolygon
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QStyledItemDelegate, QTableView

from console.domain.roster.calendar import CellEdit

from .calendar_model import BROKEN, FINDINGS_ROLE, SOFT, RosterCalendarModel

DAY_WIDTH = 50
NAME_WIDTH = 150


class CoverStrip(QTableView):
    """The days and, per shift type, how many are on against the cover (short = red): the
    calendar's count rows, shown above it and scrolled sideways with it."""

    def __init__(self, calendar: RosterCalendarView, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("rosterCoverStrip")
        self.setModel(calendar.model())
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setCornerButtonEnabled(False)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        h = self.horizontalHeader()
        h.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        h.setDefaultSectionSize(DAY_WIDTH)
        h.setMinimumHeight(40)
        v = self.verticalHeader()
        v.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        v.setDefaultSectionSize(24)
        v.setFixedWidth(NAME_WIDTH)
        calendar.horizontalScrollBar().valueChanged.connect(self.horizontalScrollBar().setValue)
        self.model().modelReset.connect(self._show_counts_only)
        self._show_counts_only()

    def _show_counts_only(self) -> None:
        model = self.model()
        shown = 0
        for r, row in enumerate(model.rows):
            hidden = row.kind != "count"
            self.setRowHidden(r, hidden)
            shown += not hidden
        self.setFixedHeight(
            max(self.horizontalHeader().sizeHint().height(), 40)
            + 24 * shown
            + 2 * self.frameWidth()
        )


class FindingsDelegate(QStyledItemDelegate):
    """Paints the cell, then a red frame for a broken hard rule or an amber corner for a
    priced soft violation, so each broken rule shows where it is."""

    def paint(self, painter: QPainter, option, index: QModelIndex) -> None:
        super().paint(painter, option, index)
        findings = index.data(FINDINGS_ROLE) or []
        if not findings:
            return
        painter.save()
        r: QRect = option.rect
        if any(f.hard for f in findings):
            painter.setPen(QPen(BROKEN, 3))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(r.adjusted(1, 1, -2, -2))
        else:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(SOFT)
            corner = QPolygon(
                [r.topRight(), r.topRight() + QPoint(-9, 0), r.topRight() + QPoint(0, 9)]
            )
            painter.drawPolygon(corner)
        painter.restore()


class RosterCalendarView(QTableView):
    sig_edit_requested = Signal(object)
    """A tuple of CellEdit to apply, from a key press."""

    sig_undo_requested = Signal()
    sig_read_only = Signal()
    """A key tried to edit a roster that cannot be edited (approved, or a solve runs)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("rosterCalendar")
        self.setItemDelegate(FindingsDelegate(self))
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDragDropOverwriteMode(True)
        self.setDefaultDropAction(Qt.DropAction.CopyAction)
        self.setDropIndicatorShown(True)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setShowGrid(True)
        self.setCornerButtonEnabled(False)
        h = self.horizontalHeader()
        h.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        h.setDefaultSectionSize(DAY_WIDTH)
        h.hide()  # the CoverStrip above shows the days
        v = self.verticalHeader()
        v.setFixedWidth(NAME_WIDTH)
        v.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        v.setDefaultSectionSize(24)
        self.setToolTip(
            self.tr(
                "Letters or numbers set the shift, * the commander post, Delete a day off, "
                "Ctrl+Z undoes; drag a cell onto another to move or swap it"
            )
        )

    def calendar(self) -> RosterCalendarModel:
        return self.model()  # type: ignore[return-value]

    def setModel(self, model) -> None:  # noqa: N802
        super().setModel(model)
        model.modelReset.connect(self._span_team_rows)

    def _span_team_rows(self) -> None:
        self.clearSpans()
        model = self.calendar()
        for row in model.team_rows():
            if model.columnCount() > 1:
                self.setSpan(row, 0, 1, model.columnCount())
        # the counts live in the CoverStrip above, which stays in sight while this scrolls
        for r, row in enumerate(model.rows):
            self.setRowHidden(r, row.kind == "count")

    # -- keys ---------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.matches(QKeySequence.StandardKey.Undo):
            self.sig_undo_requested.emit()
            event.accept()
            return
        edits = self._edits_for_key(event)
        if edits is None:
            super().keyPressEvent(event)
            return
        event.accept()
        if not self.calendar().editable:
            self.sig_read_only.emit()
            return
        if edits:
            self.sig_edit_requested.emit(tuple(edits))

    def _edits_for_key(self, event: QKeyEvent) -> list[CellEdit] | None:
        """The edits a key asks for on the selected cells; None if the key is no edit key."""
        model = self.calendar()
        if model.view is None or event.modifiers() & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        ):
            return None
        problem = model.view.problem
        key, text = event.key(), event.text().upper()
        cells = self._selected_cells()
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) or text == "0":
            return [CellEdit(staff, day, None) for staff, day in cells]
        if text == "*":
            rule = problem.rules.commander
            out = []
            for staff, day in cells:
                a = model.assignment(staff, day)
                if rule is None or a is None or a.shift not in rule.shifts:
                    continue
                out.append(
                    CellEdit(staff, day, a.shift, None if a.post == rule.post else rule.post)
                )
            return out
        shift = None
        ids = [t.id for t in problem.shift_types]
        if text.isdigit() and 1 <= int(text) <= len(ids):
            shift = ids[int(text) - 1]
        elif text and text in [i.upper() for i in ids]:
            shift = next(i for i in ids if i.upper() == text)
        if shift is None:
            return None
        out = []
        for staff, day in cells:
            a = model.assignment(staff, day)
            post = a.post if a is not None and a.shift == shift else None
            out.append(CellEdit(staff, day, shift, post))
        if len(cells) == 1 and model.editable:
            self._step_right()
        return out

    def _selected_cells(self):
        model = self.calendar()
        indexes = self.selectedIndexes() or [self.currentIndex()]
        cells = [model.staff_cell(i) for i in indexes]
        return list(dict.fromkeys(c for c in cells if c is not None))

    def _step_right(self) -> None:
        current = self.currentIndex()
        if current.isValid() and current.column() + 1 < self.calendar().columnCount():
            self.setCurrentIndex(current.siblingAtColumn(current.column() + 1))

    def select_cell(self, staff: str, day) -> None:
        index = self.calendar().index_of(staff, day)
        if index.isValid():
            self.setCurrentIndex(index)
            self.scrollTo(index)
