"""The handover dialog (交接班): the report of a shift change as tables, the outgoing
officer's notes, and the two confirmations: first the outgoing officer, who is whoever
is signed in at this workstation, then the incoming officer, who picks their name and
types their own password. Once they have taken over, the workstation acts as them.

A user whose role does not hand over a shift (an administrator) sees the report
read-only, with a line saying who may hand over.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from html import escape
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from console.services.context import StationContext
from console.services.handover import (
    HandoverView,
    confirm_incoming,
    confirm_outgoing,
    handover_users,
    open_handover,
    require_hand_over,
    save_notes,
)
from console.services.unit_of_work import ConflictError, ServiceError

from .. import theme
from ..formatting import format_duration, time_left
from ..i18n import current_language
from ..operations import Operation, run_operation
from ..people import person_label
from ..service_message import service_message
from ..vocabulary import incident_status_name, priority_name, unit_kind_name, unit_status_name

NONE_TEXT = "—"


class HandoverDialog(QDialog):
    sig_changed = Signal(object)
    """Emitted with the stored ``HandoverView`` after each save or confirmation."""

    sig_actor_changed = Signal(object)
    """Emitted with the new Actor once the incoming officer has taken over: from then on
    the workstation acts as them (the main window's ``sig_actor_changed`` follows)."""

    def __init__(
        self,
        ctx: StationContext,
        parent: QWidget | None = None,
        *,
        shift_start: datetime | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("handoverDialog")
        self.setWindowTitle(self.tr("Handover"))
        self._ctx = ctx
        self._shift_start = shift_start
        self.view: HandoverView | None = None
        self.writing: Operation | None = None  # the last write handed to the runner

        self.title_label = QLabel(objectName="handoverTitle")
        font = self.title_label.font()
        font.setPointSize(font.pointSize() + 3)
        font.setBold(True)
        self.title_label.setFont(font)
        self.counts_label = QLabel(objectName="handoverCounts")
        self.counts_label.setWordWrap(True)

        self.incidents_table = self._table(
            "handoverIncidents",
            [
                self.tr("No."),
                self.tr("Priority"),
                self.tr("Category"),
                self.tr("Status"),
                self.tr("Age"),
                self.tr("Deadline"),
                self.tr("Units"),
                self.tr("Address"),
            ],
        )
        self.units_table = self._table(
            "handoverUnits",
            [
                self.tr("Call sign"),
                self.tr("Kind"),
                self.tr("Status"),
                self.tr("Since"),
                self.tr("Incident"),
                self.tr("Crew now"),
                self.tr("Incoming crew"),
            ],
        )
        self.callbacks_table = self._table(
            "handoverCallbacks",
            [self.tr("No."), self.tr("Priority"), self.tr("Category"), self.tr("Closed at")],
        )
        self.tabs = QTabWidget(objectName="handoverTabs")
        self.tabs.addTab(self.incidents_table, "")
        self.tabs.addTab(self.units_table, "")
        self.tabs.addTab(self.callbacks_table, "")

        self.notes_edit = QPlainTextEdit(objectName="handoverNotes")
        self.notes_edit.setPlaceholderText(
            self.tr("Notes from the outgoing officer: what the next shift must know")
        )
        self.notes_edit.setFixedHeight(80)
        self.save_notes_button = QPushButton(self.tr("Save notes"), objectName="handoverSave")
        self.save_notes_button.clicked.connect(self.save_notes)

        self.outgoing_label = QLabel(objectName="handoverOutgoing")
        self.outgoing_button = QPushButton(
            self.tr("Confirm: I hand over (outgoing)"), objectName="handoverConfirmOutgoing"
        )
        self.outgoing_button.clicked.connect(self.confirm_outgoing)
        self.incoming_label = QLabel(objectName="handoverIncoming")
        self.incoming_user = QComboBox(objectName="handoverIncomingUser")
        self.incoming_user.setToolTip(self.tr("The incoming duty officer"))
        self.incoming_password = QLineEdit(objectName="handoverIncomingPassword")
        self.incoming_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.incoming_password.setPlaceholderText(self.tr("their password"))
        self.incoming_password.setMinimumWidth(self.fontMetrics().horizontalAdvance("0") * 22)
        self.incoming_password.setToolTip(
            self.tr("The incoming officer types their own password; Enter confirms")
        )
        self.incoming_password.returnPressed.connect(self.confirm_incoming)
        self.incoming_button = QPushButton(
            self.tr("Confirm: I take over (incoming)"), objectName="handoverConfirmIncoming"
        )
        self.incoming_button.clicked.connect(self.confirm_incoming)
        self.refresh_button = QPushButton(self.tr("Refresh report"), objectName="handoverRefresh")
        self.refresh_button.clicked.connect(self.reload)
        self.message_label = QLabel(objectName="handoverMessage")
        self.message_label.setWordWrap(True)
        self.read_only_label = QLabel(objectName="handoverReadOnly")
        self.read_only_label.setWordWrap(True)
        self.read_only_label.setStyleSheet(f"color: {theme.current().accent};")
        self.read_only_label.hide()

        confirm = QGroupBox(self.tr("Confirmation"))
        grid = QGridLayout(confirm)
        grid.addWidget(QLabel(self.tr("Outgoing")), 0, 0)
        grid.addWidget(self.outgoing_label, 0, 1)
        grid.addWidget(self.outgoing_button, 0, 3)
        grid.addWidget(QLabel(self.tr("Incoming")), 1, 0)
        grid.addWidget(self.incoming_label, 1, 1)
        incoming_who = QHBoxLayout()
        incoming_who.addWidget(self.incoming_user)
        incoming_who.addWidget(self.incoming_password)
        grid.addLayout(incoming_who, 1, 2)
        grid.addWidget(self.incoming_button, 1, 3)
        grid.setColumnStretch(1, 1)

        notes_row = QHBoxLayout()
        notes_row.addWidget(self.notes_edit, 1)
        notes_row.addWidget(self.save_notes_button, 0, Qt.AlignmentFlag.AlignBottom)

        top = QHBoxLayout()
        top.addWidget(self.title_label, 1)
        top.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.counts_label)
        layout.addWidget(self.read_only_label)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(QLabel(self.tr("Notes")))
        layout.addLayout(notes_row)
        layout.addWidget(confirm)
        layout.addWidget(self.message_label)
        self.resize(1100, 680)
        self.reload()

    # --- loading -------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the handover again (a fresh report while nobody has confirmed it)."""
        start = self._shift_start if self.view is None else self.view.shift_start
        try:
            self.show_view(open_handover(self._ctx, start))
        except ServiceError as exc:
            self._say(service_message(exc), error=True)

    def apply_changes(self, changes) -> None:
        """Slot for the change feed: another workstation confirmed or edited it."""
        if any(c.entity == "handover" for c in changes) and not self.notes_edit.hasFocus():
            self.reload()

    def show_view(self, view: HandoverView) -> None:
        self.view = view
        self._shift_start = view.shift_start
        report = view.report
        tz = self._ctx.timezone
        outgoing = view.outgoing_shift.name if view.outgoing_shift else NONE_TEXT
        incoming = view.incoming_shift.name if view.incoming_shift else NONE_TEXT
        self.title_label.setText(
            self.tr("Handover {outgoing} → {incoming}, {time}").format(
                outgoing=outgoing,
                incoming=incoming,
                time=view.shift_start.astimezone(tz).strftime("%Y-%m-%d %H:%M"),
            )
        )
        counts = report.get("counts", {})
        built = _parse(report.get("built_at"))
        parts = [
            self.tr("Open incidents: {n}").format(n=counts.get("open_incidents", 0)),
            self.tr("overdue: {n}").format(n=counts.get("overdue", 0)),
            self.tr("received this shift: {n}").format(n=counts.get("received_in_shift", 0)),
            self.tr("closed, not called back: {n}").format(n=counts.get("not_called_back", 0)),
        ]
        by_status = counts.get("units_by_status", {})
        units = "、" if current_language() == "zh_CN" else ", "
        parts.append(
            self.tr("Units: {list}").format(
                list=units.join(f"{unit_status_name(s)} {n}" for s, n in sorted(by_status.items()))
            )
        )
        text = " · ".join(escape(p) for p in parts)
        if built is not None:
            text += "<br><span style='color:{}'>{}</span>".format(
                theme.current().muted,
                escape(
                    self.tr("Report as of {time}").format(
                        time=built.astimezone(tz).strftime("%H:%M:%S")
                    )
                ),
            )
        self.counts_label.setText(text)
        self._fill_incidents(report.get("open_incidents", []), built)
        self._fill_units(report.get("units", []))
        self._fill_callbacks(report.get("not_called_back", []))
        self.tabs.setTabText(
            0, self.tr("Open incidents ({n})").format(n=len(report.get("open_incidents", [])))
        )
        self.tabs.setTabText(1, self.tr("Units ({n})").format(n=len(report.get("units", []))))
        self.tabs.setTabText(
            2,
            self.tr("Not called back ({n})").format(n=len(report.get("not_called_back", []))),
        )
        if not self.notes_edit.hasFocus() or view.outgoing_confirmed_at is not None:
            self.notes_edit.setPlainText(view.notes)
        self._show_confirmations(view)

    def _show_confirmations(self, view: HandoverView) -> None:
        tz = self._ctx.timezone
        handed = view.outgoing_confirmed_at is not None
        taken = view.incoming_confirmed_at is not None
        if handed:
            self.outgoing_label.setText(
                "✔ "
                + self.tr("{name} at {time}").format(
                    name=person_label(view.outgoing_user, view.outgoing_badge) or NONE_TEXT,
                    time=view.outgoing_confirmed_at.astimezone(tz).strftime("%H:%M"),
                )
            )
        else:
            self.outgoing_label.setText(
                self.tr("{name} (signed in here), not confirmed yet").format(
                    name=person_label(self._ctx.actor.display_name, self._ctx.actor.badge)
                )
            )
        if taken:
            self.incoming_label.setText(
                "✔ "
                + self.tr("{name} at {time}").format(
                    name=person_label(view.incoming_user, view.incoming_badge) or NONE_TEXT,
                    time=view.incoming_confirmed_at.astimezone(tz).strftime("%H:%M"),
                )
            )
        else:
            self.incoming_label.setText(
                self.tr("waiting for the outgoing officer")
                if not handed
                else self.tr("not confirmed yet")
            )
        try:  # the service refuses too; this only says so before anyone types
            require_hand_over(self._ctx.actor)
            refusal = None
        except ServiceError as exc:
            refusal = service_message(exc)
        may = refusal is None
        if not may:
            self.read_only_label.setText(
                self.tr("Read only: {reason} You are signed in as {name}.").format(
                    reason=refusal,
                    name=person_label(self._ctx.actor.display_name, self._ctx.actor.badge),
                )
            )
        self.read_only_label.setVisible(not may and not handed)
        self.notes_edit.setReadOnly(handed or not may)
        self.save_notes_button.setEnabled(may and not handed)
        self.outgoing_button.setEnabled(may and not handed)
        self.refresh_button.setEnabled(not handed)
        # Anyone may take over once handed: the incoming officer proves who they are.
        self.incoming_button.setEnabled(handed and not taken)
        self.incoming_user.setEnabled(handed and not taken)
        self.incoming_password.setEnabled(handed and not taken)
        self._fill_users(view)

    def _fill_users(self, view: HandoverView) -> None:
        chosen = self.incoming_user.currentData()
        self.incoming_user.clear()
        try:
            users = handover_users(self._ctx)
        except Exception:  # the store went away: the feed health shows it already
            users = []
        # The outgoing officer cannot take over from themselves (the service refuses too).
        outgoing = view.outgoing_user_id or self._ctx.actor.user_id
        for user in users:
            if user.id == outgoing:
                continue
            self.incoming_user.addItem(person_label(user.display_name, user.badge), user.username)
        if chosen is not None:
            index = self.incoming_user.findData(chosen)
            if index >= 0:
                self.incoming_user.setCurrentIndex(index)

    # --- actions -------------------------------------------------------------------------

    def save_notes(self) -> Operation | None:
        ctx, notes = self._ctx, self.notes_edit.toPlainText()
        return self._write(
            lambda v: save_notes(ctx, v.shift_start, notes, _version(v)),
            self.tr("Notes saved."),
        )

    def confirm_outgoing(self) -> Operation | None:
        ctx, notes = self._ctx, self.notes_edit.toPlainText()
        return self._write(
            lambda v: confirm_outgoing(ctx, v.shift_start, notes, _version(v)),
            self.tr("Handed over. The incoming officer confirms next."),
            # the incoming officer only has to type their password
            after=lambda: self.incoming_password.setFocus(),
        )

    def confirm_incoming(self) -> Operation | None:
        """The incoming officer takes over with their own password; the workstation then
        acts as them. A refusal clears the password and stores nothing."""
        username = self.incoming_user.currentData()
        if username is None:
            self._say(self.tr("Choose the incoming officer first."), error=True)
            return None
        password = self.incoming_password.text()
        self.incoming_password.clear()  # never kept, whatever the answer
        ctx = self._ctx
        return self._write(
            lambda v: confirm_incoming(
                ctx, v.shift_start, v.version, username=username, password=password
            ),
            self.tr("Handover complete. This workstation now acts as {name}."),
            after=lambda: self.sig_actor_changed.emit(self._ctx.actor),
            after_refusal=lambda: self.incoming_password.setFocus(),
        )

    def _write(
        self,
        call,
        done: str,
        *,
        after: Callable[[], None] | None = None,
        after_refusal: Callable[[], None] | None = None,
    ) -> Operation | None:
        """Hand one write to the runner; its refusal is said in the dialog (after a
        conflict, over the handover read again)."""
        view = self.view
        if view is None:
            return None

        def stored_it(stored) -> None:
            self.show_view(stored)
            self._say(
                done.format(name=person_label(self._ctx.actor.display_name, self._ctx.actor.badge))
            )
            self.sig_changed.emit(stored)
            if after is not None:
                after()

        def refused(exc: BaseException, text: str) -> None:
            if isinstance(exc, ConflictError):
                self.reload()
            self._say(text, error=True)
            if after_refusal is not None:
                after_refusal()

        self.writing = run_operation(
            self, lambda: call(view), on_success=stored_it, on_failure=refused
        )
        return self.writing

    def _say(self, text: str, *, error: bool = False) -> None:
        colour = theme.current().overdue if error else theme.current().status["available"]
        self.message_label.setStyleSheet(f"color: {colour}; font-weight: bold;")
        self.message_label.setText(text)

    # --- tables --------------------------------------------------------------------------

    def _table(self, name: str, headers: list[str]) -> QTableWidget:
        table = QTableWidget(0, len(headers), objectName=name)
        table.setHorizontalHeaderLabels(headers)
        table.horizontalHeader().setStretchLastSection(True)
        table.verticalHeader().hide()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        return table

    def _fill(self, table: QTableWidget, rows: list[list[Any]]) -> None:
        table.setRowCount(len(rows))
        for r, cells in enumerate(rows):
            for c, cell in enumerate(cells):
                text, colour = cell if isinstance(cell, tuple) else (cell, None)
                item = QTableWidgetItem(text if text else NONE_TEXT)
                if colour:
                    item.setForeground(QColor(colour))
                if c in getattr(table, "right_columns", ()):
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                table.setItem(r, c, item)
        table.resizeColumnsToContents()

    def _fill_incidents(self, rows: list[dict], built: datetime | None) -> None:
        tz = self._ctx.timezone
        t = theme.current()
        self.incidents_table.right_columns = (4,)
        lines = []
        for i in rows:
            deadline = _parse(i.get("deadline"))
            arrived = _parse(i.get("arrived_at"))
            if deadline is None:
                deadline_cell: Any = self.tr("by appointment")
            else:
                left = time_left(deadline, arrived, built or self._ctx.clock.now())
                clock = deadline.astimezone(tz).strftime("%H:%M")
                deadline_cell = (
                    (f"{clock}  ⚠ " + self.tr("overdue"), t.overdue) if left.is_late else clock
                )
            lines.append(
                [
                    i["number"],
                    (priority_name(i["priority"]), t.priority.get(i["priority"])),
                    i["category"] if current_language() == "zh_CN" else i.get("category_en"),
                    incident_status_name(i["status"]),
                    format_duration(i.get("age_s", 0)),
                    deadline_cell,
                    "、".join(i.get("units", [])),
                    i.get("address", ""),
                ]
            )
        self._fill(self.incidents_table, lines)

    def _fill_units(self, rows: list[dict]) -> None:
        tz = self._ctx.timezone
        t = theme.current()
        separator = "、" if current_language() == "zh_CN" else ", "
        lines = []
        for u in rows:
            since = _parse(u.get("since"))
            lines.append(
                [
                    u["call_sign"],
                    unit_kind_name(u["kind"]),
                    (unit_status_name(u["status"]), t.status.get(u["status"])),
                    since.astimezone(tz).strftime("%H:%M") if since else "",
                    u.get("incident") or "",
                    separator.join(u.get("crew", [])),
                    separator.join(u.get("incoming_crew", [])),
                ]
            )
        self._fill(self.units_table, lines)

    def _fill_callbacks(self, rows: list[dict]) -> None:
        tz = self._ctx.timezone
        t = theme.current()
        lines = []
        for c in rows:
            closed = _parse(c.get("closed_at"))
            lines.append(
                [
                    c["number"],
                    (priority_name(c["priority"]), t.priority.get(c["priority"])),
                    c.get("category", ""),
                    closed.astimezone(tz).strftime("%H:%M") if closed else "",
                ]
            )
        self._fill(self.callbacks_table, lines)


def _version(view: HandoverView) -> int | None:
    return view.version if view.id is not None else None


def _parse(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None
