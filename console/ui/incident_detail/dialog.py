"""The incident detail pane: the facts, the timeline, units, links, notes and the
lifecycle actions the current status allows. Opened from the queue (Ctrl+I or a double
click) or the daily clearance view; it follows the change feed by reloading itself."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from console.domain.incidents import OPEN_STATUSES, IncidentStatus, Priority, Satisfaction
from console.domain.lifecycle import IncidentAction, TransitionRefused, closing_dispositions
from console.services.context import StationContext
from console.services.incident_lifecycle import (
    IncidentDetail,
    add_note,
    change_priority,
    change_status,
    incident_detail,
)
from console.services.unit_of_work import ConflictError, StoreUnavailable

from ..formatting import format_local
from ..i18n import current_language
from ..intake.names import (
    CLOSING_DISPOSITIONS,
    SATISFACTION_NAMES,
    SQUADS,
    action_name,
    disposition_name,
    satisfaction_name,
    source_name,
    squad_name,
    translate_refusal,
)
from ..operations import Operation, run_operation
from ..people import person_label
from ..vocabulary import incident_status_name, priority_name

# The actions this pane offers; dispatching units belongs to the dispatch pane.
PANE_ACTIONS = (
    IncidentAction.ARRIVE,
    IncidentAction.CLOSE,
    IncidentAction.CALL_BACK,
    IncidentAction.DIVERT,
    IncidentAction.TRANSFER,
    IncidentAction.ESCALATE,
)
# Their keys (shown in the buttons' tooltips); the regrade step has Ctrl+Shift+G.
ACTION_KEYS = {
    IncidentAction.ARRIVE: "Ctrl+Shift+A",
    IncidentAction.CLOSE: "Ctrl+Shift+C",
    IncidentAction.CALL_BACK: "Ctrl+Shift+B",
    IncidentAction.DIVERT: "Ctrl+Shift+D",
    IncidentAction.TRANSFER: "Ctrl+Shift+T",
    IncidentAction.ESCALATE: "Ctrl+Shift+E",
}
REGRADE_KEY = "Ctrl+Shift+G"


def _give_key(button: QPushButton, key: str) -> None:
    """``key`` presses ``button`` while the pane is the active window; the tooltip says so."""
    button.setShortcut(QKeySequence(key))
    keys = button.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    button.setToolTip(f"{button.text().replace('&', '')} ({keys})")


class IncidentDetailDialog(QDialog):
    sig_changed = Signal(object)
    """Emitted with the ``ChangeSet`` of each action taken here."""

    def __init__(
        self, ctx: StationContext, incident_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("incidentDetail")
        self._ctx = ctx
        self.incident_id = incident_id
        self.detail: IncidentDetail | None = None
        # Answers for the next action (tests and keyboard users fill them without dialogs).
        self.facts_label = QLabel(objectName="detailFacts")
        self.facts_label.setWordWrap(True)
        self.facts_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.timeline = QTableWidget(0, 4, objectName="detailTimeline")
        self.timeline.setHorizontalHeaderLabels(
            [self.tr("Time"), self.tr("Event"), self.tr("By"), self.tr("Details")]
        )
        self.timeline.horizontalHeader().setStretchLastSection(True)
        self.timeline.verticalHeader().hide()
        self.timeline.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.units_label = QLabel(objectName="detailUnits")
        self.links_label = QLabel(objectName="detailLinks")
        self.note_edit = QLineEdit(objectName="detailNote")
        self.note_edit.setPlaceholderText(self.tr("Add a note and press Enter"))
        self.note_edit.returnPressed.connect(self._add_note)
        self.message_label = QLabel(objectName="detailMessage")
        self.message_label.setWordWrap(True)
        self.message_label.setStyleSheet("color: #ff6259; font-weight: bold;")
        self.action_buttons: dict[IncidentAction, QPushButton] = {}
        row = QHBoxLayout()
        for action in PANE_ACTIONS:
            button = QPushButton(action_name(action.value).capitalize())
            button.setObjectName(f"detailAction_{action.value}")
            button.setAutoDefault(False)
            button.clicked.connect(lambda _c=False, a=action: self.perform(a))
            _give_key(button, ACTION_KEYS[action])
            row.addWidget(button)
            self.action_buttons[action] = button
        # Regrading moves the arrival deadline (from the first ring), so it is its own step.
        self.regrade_button = QPushButton(self.tr("Regrade…"), objectName="detailRegrade")
        self.regrade_button.setAutoDefault(False)
        self.regrade_button.clicked.connect(lambda: self.regrade())
        _give_key(self.regrade_button, REGRADE_KEY)
        row.addWidget(self.regrade_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.facts_label)
        layout.addWidget(self.timeline, 1)
        layout.addWidget(self.units_label)
        layout.addWidget(self.links_label)
        layout.addWidget(self.note_edit)
        layout.addLayout(row)
        layout.addWidget(self.message_label)
        self.resize(820, 560)
        self.reload()

    # --- reading --------------------------------------------------------------------------

    def reload(self) -> None:
        d = self.detail = incident_detail(self._ctx, self.incident_id)
        tz = self._ctx.timezone
        zh = current_language() == "zh_CN"
        self.setWindowTitle(self.tr("Incident {number}").format(number=d.number))
        facts = [
            self.tr("{number} · {status} · {priority} · {category}").format(
                number=d.number,
                status=incident_status_name(d.status),
                priority=priority_name(d.priority),
                category=d.category_zh if zh else d.category_en,
            ),
            self.tr("Received {time} ({source}) · caller {caller} {phone}").format(
                time=format_local(d.received_at, tz),
                source=source_name(d.source),
                caller=d.caller_name or "—",
                phone=d.caller_phone or "",
            ),
            self.tr("Address {address} · grid {grid}").format(
                address=d.address_text or "—", grid=d.grid_name or "—"
            ),
            self.tr("Disposition {disposition} · satisfaction {satisfaction}").format(
                disposition=disposition_name(d.disposition_code),
                satisfaction=satisfaction_name(d.satisfaction),
            ),
            d.narrative,
        ]
        self.facts_label.setText("\n".join(facts))
        self.timeline.setRowCount(len(d.timeline))
        for r, e in enumerate(d.timeline):
            kind = incident_status_name(e.to_status) if e.to_status else self._event_name(e.kind)
            for c, text in enumerate(
                (
                    format_local(e.at, tz),
                    kind,
                    person_label(e.actor, e.actor_badge),
                    self._detail_text(e.detail),
                )
            ):
                self.timeline.setItem(r, c, QTableWidgetItem(text))
        self.timeline.resizeColumnsToContents()
        self.units_label.setText(
            self.tr("Units: {units}").format(
                units="、".join(
                    u.call_sign + ("" if u.cleared_at is None else self.tr(" (cleared)"))
                    for u in d.units
                )
                or "—"
            )
        )
        self.links_label.setText(
            self.tr("Links: {links}").format(
                links="、".join(
                    (
                        self.tr("repeats {number}")
                        if link.relation == "duplicate_of"
                        else self.tr("repeated by {number}")
                    ).format(number=link.number)
                    for link in d.links
                )
                or "—"
            )
        )
        for action, button in self.action_buttons.items():
            button.setEnabled(action.value in d.actions)
        self.regrade_button.setEnabled(IncidentStatus(d.status) in OPEN_STATUSES)

    def _event_name(self, kind: str) -> str:
        names = {
            "note": self.tr("Note"),
            "clearance_note": self.tr("Clearance note"),
            "commander_alerted": self.tr("Duty commander alerted"),
            "duplicate_call": self.tr("Repeat call"),
            "unit_dispatched": self.tr("Unit dispatched"),
            "unit_arrived": self.tr("Unit on scene"),
            "unit_cleared": self.tr("Unit cleared"),
            "regraded": self.tr("Regraded"),
            "run_card_waived": self.tr("Run card shortfall waived"),
        }
        return names.get(kind, kind)

    def _detail_text(self, detail: dict[str, Any]) -> str:
        parts = []
        for key, value in detail.items():
            if key == "disposition":
                parts.append(disposition_name(str(value)))
            elif key == "satisfaction":
                parts.append(satisfaction_name(str(value)))
            elif key == "priority":
                parts.append(priority_name(str(value)))
            elif key in ("text", "reason", "to", "number", "call_sign"):
                parts.append(str(value))
            elif key == "tags" and value:
                parts.append("、".join(value))
        return " · ".join(parts)

    def apply_changes(self, changes: Sequence[Any]) -> None:
        """Slot for the change feed: reload if this incident changed."""
        if any(c.entity == "incident" and int(c.entity_id) == self.incident_id for c in changes):
            self._reload_quietly()

    def _reload_quietly(self) -> None:
        """Read again; with the store away, keep what is shown (the feed brings it back)."""
        with contextlib.suppress(StoreUnavailable):
            self.reload()

    # --- acting ---------------------------------------------------------------------------

    def perform(self, action: IncidentAction, **answers: Any) -> Operation | None:
        """Take ``action``; what it needs is asked for unless given in ``answers``.
        Returns the operation handed to the runner, or None when nothing was asked."""
        if self.detail is None:
            return None
        kwargs = dict(answers) if answers else self._ask(action)
        if kwargs is None:
            return None
        ctx, incident_id, version = self._ctx, self.incident_id, self.detail.version
        return self._write(
            lambda: change_status(ctx, incident_id, action, expected_version=version, **kwargs)
        )

    def regrade(self, priority: Priority | None = None) -> Operation | None:
        """Change the grade (asked for unless given); the deadline follows the grid's targets."""
        if self.detail is None:
            return None
        if priority is None:
            grades = list(Priority)
            names = [priority_name(p.value) for p in grades]
            current = grades.index(Priority(self.detail.priority))
            choice, ok = QInputDialog.getItem(
                self, self.tr("Regrade"), self.tr("New grade"), names, current, False
            )
            if not ok:
                return None
            priority = grades[names.index(choice)]
        ctx, incident_id, version = self._ctx, self.incident_id, self.detail.version
        return self._write(
            lambda: change_priority(ctx, incident_id, priority, expected_version=version)
        )

    def _write(self, write: Callable[[], Any]) -> Operation:
        """Hand one write to the runner; a refusal is said in the pane. Either way the pane
        reads again, so after a conflict it shows what the other workstation did."""

        def done(changes: Any) -> None:
            self.message_label.clear()
            self._reload_quietly()
            self.sig_changed.emit(changes)

        def refused(exc: BaseException, text: str) -> None:
            self.message_label.setText(text)
            if isinstance(exc, (ConflictError, TransitionRefused)):
                self._reload_quietly()

        return run_operation(
            self, write, on_success=done, on_failure=refused, message=translate_refusal
        )

    def _ask(self, action: IncidentAction) -> dict[str, Any] | None:
        if action is IncidentAction.CLOSE:
            codes = self.closing_choices()
            names = [disposition_name(c) for c in codes]
            choice, ok = QInputDialog.getItem(
                self, self.tr("Close"), self.tr("Disposition"), names, 0, False
            )
            return {"disposition": codes[names.index(choice)]} if ok else None
        if action is IncidentAction.CALL_BACK:
            codes = list(SATISFACTION_NAMES)
            names = [satisfaction_name(c.value) for c in codes]
            choice, ok = QInputDialog.getItem(
                self, self.tr("Call back"), self.tr("The reporter is"), names, 0, False
            )
            return {"satisfaction": Satisfaction(codes[names.index(choice)])} if ok else None
        if action is IncidentAction.DIVERT:
            text, ok = QInputDialog.getText(self, self.tr("Divert to 12345"), self.tr("Reason"))
            return {"reason": text} if ok else None
        if action is IncidentAction.TRANSFER:
            names = [squad_name(s) for s in SQUADS]
            choice, ok = QInputDialog.getItem(
                self, self.tr("Transfer"), self.tr("Squad"), names, 0, True
            )
            return {"squad": choice} if ok else None
        if action is IncidentAction.ESCALATE:
            levels = ["branch", "city"]
            names = [self.tr("Branch command"), self.tr("City command centre")]
            choice, ok = QInputDialog.getItem(
                self, self.tr("Escalate"), self.tr("Command moves to"), names, 0, False
            )
            return {"level": levels[names.index(choice)]} if ok else None
        return {}

    def closing_choices(self) -> list[str]:
        """The dispositions 办结 offers now: none that says a unit was on scene before one
        arrived (console/domain/lifecycle.py)."""
        arrived = self.detail.first_arrived_at if self.detail is not None else None
        return closing_dispositions(CLOSING_DISPOSITIONS, arrived)

    def _add_note(self) -> None:
        ctx, incident_id, text = self._ctx, self.incident_id, self.note_edit.text()

        def done(changes: Any) -> None:
            if self.note_edit.text() == text:
                self.note_edit.clear()
            self.message_label.clear()
            self._reload_quietly()
            self.sig_changed.emit(changes)

        run_operation(
            self,
            lambda: add_note(ctx, incident_id, text),
            on_success=done,
            on_failure=lambda _exc, message: self.message_label.setText(message),
            message=translate_refusal,
        )


__all__ = ["IncidentDetailDialog"]
