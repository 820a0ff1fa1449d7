"""The arrival-target dialog: one row per grid, one minutes box per grade.

Keyboard first: Tab walks the boxes row by row, the arrow keys change minutes, Enter
saves every changed grid in one transaction, Esc closes without saving. A box of a
grade below urgent can be turned down to "by appointment" (below 1 minute).

Only the station chief or the duty commander changes targets (the service checks it);
anyone else sees them as plain text (no boxes that look editable), with a line saying
who may change them and who is signed in.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QMenu,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from console.domain.grid_targets import MAX_TARGET, MIN_TARGET
from console.domain.incidents import Priority
from console.services.context import StationContext
from console.services.grid_targets import (
    GridTargets,
    grid_targets,
    require_target_editor,
    set_many_grid_targets,
)
from console.services.unit_of_work import ServiceError

from .. import theme
from ..operations import Operation, run_operation
from ..service_message import service_message
from ..vocabulary import priority_name

BY_APPOINTMENT = 0  # the spin box value shown as "by appointment"


class GridTargetsDialog(QDialog):
    def __init__(self, ctx: StationContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.setObjectName("gridTargetsDialog")
        self.setWindowTitle(self.tr("Arrival targets per grid"))
        self.grids: list[GridTargets] = grid_targets(ctx)
        self.saving: Operation | None = None
        self.boxes: dict[int, dict[Priority, QSpinBox]] = {}
        self.values: dict[int, dict[Priority, QLabel]] = {}  # read-only: plain text
        try:
            require_target_editor(ctx.actor)
            self.read_only_reason: str | None = None
        except ServiceError as exc:
            self.read_only_reason = service_message(exc)

        intro = QLabel(
            self.tr(
                "Minutes from the first ring until the first unit must be on scene. "
                "New incidents and regraded ones use these; open incidents keep their deadline."
            )
        )
        intro.setWordWrap(True)
        intro.setProperty("muted", True)

        table = QGridLayout()
        table.setHorizontalSpacing(14)
        table.setVerticalSpacing(6)
        table.addWidget(QLabel(self.tr("Grid")), 0, 0)
        for col, grade in enumerate(Priority, start=1):
            header = QLabel(priority_name(grade))
            header.setAlignment(Qt.AlignmentFlag.AlignCenter)
            table.addWidget(header, 0, col)
        editable = self.read_only_reason is None
        for row, grid in enumerate(self.grids, start=1):
            name = QLabel(grid.name)
            table.addWidget(name, row, 0)
            if not editable:
                self.values[grid.grid_id] = {}
                for col, grade in enumerate(Priority, start=1):
                    value = self._minutes_text(grade, grid.minutes.get(grade))
                    value.setObjectName(f"gridTarget_{grid.code}_{grade.value}")
                    value.setAccessibleName(f"{grid.name} {priority_name(grade)}")
                    table.addWidget(value, row, col)
                    self.values[grid.grid_id][grade] = value
                continue
            self.boxes[grid.grid_id] = {}
            for col, grade in enumerate(Priority, start=1):
                box = self._minutes_box(grade, grid.minutes.get(grade))
                box.setObjectName(f"gridTarget_{grid.code}_{grade.value}")
                box.setAccessibleName(f"{grid.name} {priority_name(grade)}")
                if col == 1:
                    name.setBuddy(box)
                table.addWidget(box, row, col)
                self.boxes[grid.grid_id][grade] = box

        self.message_label = QLabel(objectName="gridTargetsMessage")
        self.message_label.setWordWrap(True)
        self.message_label.setStyleSheet(f"color: {theme.current().overdue};")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
            if editable
            else QDialogButtonBox.StandardButton.Close
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.read_only_label = QLabel(objectName="gridTargetsReadOnly")
        self.read_only_label.setWordWrap(True)
        if not editable:
            self.read_only_label.setText(
                self.tr("Read only: {reason} You are signed in as {name}.").format(
                    reason=self.read_only_reason, name=ctx.actor.display_name
                )
            )
        self.read_only_label.setVisible(not editable)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.read_only_label)
        layout.addLayout(table)
        layout.addWidget(self.message_label)
        layout.addWidget(self.buttons)
        first = next(iter(self.boxes.values()), None)
        if first:
            first[Priority.URGENT].setFocus(Qt.FocusReason.OtherFocusReason)
        elif not editable:
            close = self.buttons.button(QDialogButtonBox.StandardButton.Close)
            close.setDefault(True)
            close.setFocus(Qt.FocusReason.OtherFocusReason)

    def _minutes_box(self, grade: Priority, minutes: int | None) -> QSpinBox:
        box = QSpinBox()
        box.setRange(MIN_TARGET if grade is Priority.URGENT else BY_APPOINTMENT, MAX_TARGET)
        box.setSuffix(self.tr(" min"))
        if grade is not Priority.URGENT:
            box.setSpecialValueText(self.tr("by appointment"))
        box.setValue(BY_APPOINTMENT if minutes is None else minutes)
        box.setAlignment(Qt.AlignmentFlag.AlignRight)
        box.setMinimumWidth(box.fontMetrics().horizontalAdvance("0") * 14)
        return box

    def _minutes_text(self, grade: Priority, minutes: int | None) -> QLabel:
        """A read-only target: plain text, nothing to click or type into."""
        if minutes is None and grade is not Priority.URGENT:
            text = self.tr("by appointment")
        else:
            text = self.tr("{minutes} min").format(minutes=minutes)
        label = QLabel(text)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)  # under its grade, as the headers
        label.setMinimumWidth(label.fontMetrics().horizontalAdvance("0") * 14)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def minutes_of(self, grid_id: int) -> dict[Priority, int | None]:
        """What the boxes of one grid say now (None: by appointment)."""
        return {
            grade: (None if box.value() == BY_APPOINTMENT else box.value())
            for grade, box in self.boxes[grid_id].items()
        }

    def changed(self) -> dict[int, dict[Priority, int | None]]:
        return {
            g.grid_id: self.minutes_of(g.grid_id)
            for g in self.grids
            if g.grid_id in self.boxes and self.minutes_of(g.grid_id) != g.minutes
        }

    def save(self) -> bool:
        """Store the changed grids (all or nothing, off the UI thread) and close; a refusal
        keeps the dialog open with the reason. True once handed to the runner."""
        changed = self.changed()
        if not changed:
            self.accept()
            return True
        ctx = self._ctx
        # A bad value, or a role lost since the dialog opened, is said in the dialog.
        self.saving = run_operation(
            self,
            lambda: set_many_grid_targets(ctx, changed),
            on_success=lambda _changes: self.accept(),
            on_failure=lambda _exc, text: self.message_label.setText(text),
        )
        return True


def add_grid_targets_action(window: QWidget, menu: QMenu, ctx: StationContext) -> QAction:
    """Put "Arrival targets per grid…" into ``menu``; it opens the dialog over ``window``."""

    action = QAction(
        QCoreApplication.translate("GridTargetsDialog", "Arrival &targets per grid…"), window
    )
    action.setObjectName("actGridTargets")
    action.setToolTip(
        QCoreApplication.translate("GridTargetsDialog", "Set each grid's arrival minutes per grade")
    )

    def open_dialog() -> None:
        dialog = GridTargetsDialog(ctx, window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()  # window-modal, without a nested event loop

    action.triggered.connect(open_dialog)
    menu.addAction(action)
    return action
