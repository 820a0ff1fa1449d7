"""Recommend / dispatch (派警): the ranked units for one incident, sent in one key.

Opened from the queue with F8 (Shift+F8: reinforcement). The title and the first line
name the incident beyond doubt: number, grade, category, address. Enter sends the picked
unit — the top suggestion unless another row is picked; Ctrl+Enter sends the whole team
the run card asks for; Shift+Enter sends the picked unit as a tier-2 (专科) reinforcement;
Ctrl+B asks the branch for support (tier 3). When another workstation took a unit first,
the dialog says so and shows a fresh recommendation.

The run card's shortfall shows before and after sending: while fewer units went than the
card asks for (持刀: two), the dialog stays open after a send with the next unit picked,
until the card is met, the shortfall is waived with a reason (Alt+W), or Esc closes it
(the queue row then keeps "1/2" highlighted).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from console.domain.recommend import Suggestion, Tier
from console.services.context import StationContext
from console.services.dispatch import (
    IncidentRecommendation,
    dispatch,
    recommend_units,
    request_branch_support,
    waive_run_card_shortfall,
)
from console.services.unit_of_work import ServiceError
from console.services.unit_queries import unit_summaries

from .. import theme
from ..formatting import format_duration
from ..i18n import current_language
from ..operations import Operation, run_operation
from ..people import person_label
from ..service_message import service_message
from ..vocabulary import priority_name, skill_name, unit_kind_name, unit_status_name


class RecommendDialog(QDialog):
    sig_dispatched = Signal(object)
    """Emitted with each ``DispatchResult`` after a unit was sent."""

    sig_changed = Signal(object)
    """Emitted with the ``ChangeSet`` of every write made here (for the queue to refresh)."""

    COLUMNS = 8

    def __init__(
        self,
        ctx: StationContext,
        incident_id: int,
        *,
        reinforce: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("recommendDialog")
        self._ctx = ctx
        self.incident_id = incident_id
        self.reinforce = reinforce
        self.current: IncidentRecommendation | None = None
        self.sending: Operation | None = None  # the dispatch in flight, if any
        self.waiving: Operation | None = None  # the last waiver handed to the runner
        self.resize(900, 480)

        self.header = QLabel(objectName="recommendHeader")
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.header.setWordWrap(True)
        header_font = self.header.font()
        header_font.setPointSizeF(header_font.pointSizeF() * 1.35)
        self.header.setFont(header_font)
        self.deadline_label = QLabel(objectName="recommendDeadline")
        self.card_label = QLabel(objectName="recommendCard")
        self.card_label.setProperty("muted", True)
        self.card_label.setWordWrap(True)
        self.shortfall = QLabel(objectName="recommendShortfall")
        self.shortfall.setWordWrap(True)
        self.warning = QLabel(objectName="recommendWarning")
        self.warning.setWordWrap(True)
        self.message = QLabel(objectName="recommendMessage")
        self.message.setWordWrap(True)

        self.table = QTableWidget(0, self.COLUMNS, self)
        self.table.setObjectName("recommendTable")
        self.table.setHorizontalHeaderLabels(
            [
                "",
                self.tr("Call sign"),
                self.tr("Kind"),
                self.tr("Status"),
                self.tr("ETA"),
                self.tr("Distance"),
                self.tr("Skills for this call"),
                self.tr("In time"),
            ]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setSectionResizeMode(6, QHeaderView.ResizeMode.Stretch)
        self.table.setFont(theme.table_font(13))

        self.btn_dispatch = QPushButton(self.tr("Dispatch picked unit (Enter)"))
        self.btn_dispatch.setDefault(True)
        self.btn_team = QPushButton(self.tr("Dispatch team (Ctrl+Enter)"))
        self.btn_reinforce = QPushButton(self.tr("Reinforce, tier 2 (Shift+Enter)"))
        self.btn_branch = QPushButton(self.tr("Request branch, tier 3 (Ctrl+B)"))
        self.btn_waive = QPushButton(self.tr("&Waive shortfall…"))
        self.btn_waive.setObjectName("recommendWaive")
        self.btn_waive.setToolTip(
            self.tr("Accept fewer units than the run card asks for, with a reason (Alt+W)")
        )
        self.btn_refresh = QPushButton(self.tr("Refresh (F5)"))
        self.btn_close = QPushButton(self.tr("Close (Esc)"))
        self.btn_dispatch.clicked.connect(lambda: self.dispatch_picked())
        self.btn_team.clicked.connect(lambda: self.dispatch_team())
        self.btn_reinforce.clicked.connect(lambda: self.dispatch_picked(tier=Tier.SPECIALIST))
        self.btn_branch.clicked.connect(lambda: self.request_branch())
        self.btn_waive.clicked.connect(lambda: self.waive_shortfall())
        self.btn_refresh.clicked.connect(self.reload)
        self.btn_close.clicked.connect(self.reject)
        for text, key, slot in (
            (self.tr("Dispatch team"), "Ctrl+Return", self.dispatch_team),
            (self.tr("Dispatch team"), "Ctrl+Enter", self.dispatch_team),
            (
                self.tr("Reinforce, tier 2"),
                "Shift+Return",
                lambda: self.dispatch_picked(tier=Tier.SPECIALIST),
            ),
            (self.tr("Request branch"), "Ctrl+B", self.request_branch),
            (self.tr("Refresh"), "F5", self.reload),
        ):
            action = QAction(text, self)
            action.setShortcut(QKeySequence(key))
            action.triggered.connect(lambda _c=False, f=slot: f())
            self.addAction(action)

        buttons = QHBoxLayout()
        for b in (
            self.btn_dispatch,
            self.btn_team,
            self.btn_reinforce,
            self.btn_branch,
            self.btn_waive,
        ):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.btn_refresh)
        buttons.addWidget(self.btn_close)
        for b in (
            self.btn_team,
            self.btn_reinforce,
            self.btn_branch,
            self.btn_waive,
            self.btn_refresh,
        ):
            b.setAutoDefault(False)
        layout = QVBoxLayout(self)
        for w in (self.header, self.deadline_label, self.card_label, self.shortfall, self.warning):
            layout.addWidget(w)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.reload()

    # --- reading ----------------------------------------------------------------------------

    def reload(self) -> None:
        """Ask for a fresh recommendation (also after losing a race for a unit)."""
        try:
            self.current = recommend_units(self._ctx, self.incident_id)
        except ServiceError as exc:
            self.current = None
            self.table.setRowCount(0)
            self.header.setText(self.tr("Recommend / dispatch"))
            self.warning.setText(service_message(exc))
            self._set_enabled(False)
            self.btn_waive.setEnabled(False)
            return
        self._show(self.current)

    def _set_enabled(self, enabled: bool) -> None:
        for b in (self.btn_dispatch, self.btn_team, self.btn_reinforce):
            b.setEnabled(enabled)

    def _place(self, rec: IncidentRecommendation) -> str:
        address = rec.address_text or self.tr("no address")
        if not rec.grid_name:
            return address
        return self.tr("{address} ({grid})").format(address=address, grid=rec.grid_name)

    def incident_line(self, rec: IncidentRecommendation) -> str:
        """Number, grade, category and address (grid): the incident, unmistakably."""
        category = rec.category_zh if current_language() == "zh_CN" else rec.category_en
        return " · ".join(
            (rec.incident_number, priority_name(rec.priority), category, self._place(rec))
        )

    def _show(self, rec: IncidentRecommendation) -> None:
        r = rec.recommendation
        t = theme.current()
        line = self.incident_line(rec)
        self.setWindowTitle(
            self.tr("Dispatch — {incident}").format(incident=line)
            if not self.reinforce
            else self.tr("Reinforce — {incident}").format(incident=line)
        )
        category = rec.category_zh if current_language() == "zh_CN" else rec.category_en
        grade = t.priority.get(rec.priority, t.text)
        self.header.setText(
            f"<b>{escape(rec.incident_number)}</b> · "
            f"<span style='color:{grade}; font-weight:bold'>{priority_name(rec.priority)}</span>"
            f" · {escape(category)} · <b>{escape(self._place(rec))}</b>"
        )
        left = (
            self.tr("by appointment")
            if r.seconds_left is None
            else (
                self.tr("{time} left to the arrival deadline").format(
                    time=format_duration(r.seconds_left)
                )
                if r.seconds_left >= 0
                else self.tr("deadline passed {time} ago").format(
                    time=format_duration(-r.seconds_left)
                )
            )
        )
        self.deadline_label.setText(left)
        card = rec.card or r.card
        needs = "、".join(f"{skill_name(n.skill)}×{n.count}" for n in card.needs) or self.tr("none")
        text = self.tr("Run card: {units} unit(s); skills needed: {needs}").format(
            units=card.units, needs=needs
        )
        if rec.sent_call_signs:
            text += " · " + self.tr("sent: {units}").format(units="、".join(rec.sent_call_signs))
        self.card_label.setText(text)
        self._show_shortfall(rec)
        warnings = []
        if r.none_in_time and r.seconds_left is not None:
            warnings.append(self.tr("No unit can arrive before the deadline."))
        if r.unmet_needs:
            warnings.append(
                self.tr("No available unit has: {skills}.").format(
                    skills="、".join(skill_name(n.skill) for n in r.unmet_needs)
                )
            )
        if r.units_short:
            warnings.append(
                self.tr("The run card asks for {n} more unit(s) than can go.").format(
                    n=r.units_short
                )
            )
        if not r.suggestions:
            warnings.append(self.tr("No unit can go now."))
        if r.offer_branch:
            warnings.append(self.tr("Request support from the branch (Ctrl+B)."))
        self.warning.setText(" ".join(warnings))
        self.warning.setStyleSheet(f"color: {t.overdue}; font-weight: bold;")
        self.warning.setVisible(bool(warnings))

        self.table.setRowCount(len(r.suggestions))
        for row, s in enumerate(r.suggestions):
            for col, item in enumerate(self._items(s)):
                self.table.setItem(row, col, item)
        self.table.resizeColumnsToContents()
        self._set_enabled(bool(r.suggestions))
        self.btn_team.setEnabled(bool(r.team))
        if r.suggestions:
            self.table.selectRow(0)
        self.table.setFocus()

    def _show_shortfall(self, rec: IncidentRecommendation) -> None:
        """How far the units sent meet the run card: before any went, what it asks for;
        after, how many more (highlighted) or the waiver that accepted fewer."""
        progress = rec.progress
        t = theme.current()
        self.btn_waive.setEnabled(progress.outstanding > 0 and progress.sent > 0)
        if not progress.short:
            self.shortfall.hide()
            return
        if progress.waived and rec.waiver is not None:
            w = rec.waiver
            text = self.tr("{sent}/{needed} sent; shortfall waived by {user} at {time}: {reason}")
            text = text.format(
                sent=progress.sent,
                needed=progress.needed,
                user=person_label(w.by, w.by_badge),
                time=w.at.astimezone(self._ctx.timezone).strftime("%H:%M"),
                reason=w.reason,
            )
            colour, weight = t.muted, "normal"
        elif progress.sent:
            text = self.tr(
                "{sent}/{needed} sent: the run card asks for %n more unit(s). Enter sends the "
                "picked one; Alt+W waives the shortfall with a reason.",
                "",
                progress.short,
            ).format(sent=progress.sent, needed=progress.needed)
            colour, weight = t.priority["high"], "bold"
        else:
            text = self.tr(
                "The run card asks for %n unit(s): Ctrl+Enter sends the team, Enter one at a time.",
                "",
                progress.needed,
            )
            colour, weight = t.text, "bold"
        self.shortfall.setText(text)
        self.shortfall.setStyleSheet(f"color: {colour}; font-weight: {weight};")
        self.shortfall.show()

    def _items(self, s: Suggestion) -> list[QTableWidgetItem]:
        t = theme.current()
        separator = "、" if current_language() == "zh_CN" else ", "
        distance = (
            "—"
            if math.isnan(s.distance_m)
            else (
                f"{s.distance_m:.0f} m" if s.distance_m < 1000 else f"{s.distance_m / 1000:.1f} km"
            )
        )
        texts = [
            "★" if s.in_team else "",
            s.call_sign,
            unit_kind_name(s.kind),
            unit_status_name(s.status),
            format_duration(s.eta_s),
            distance,
            separator.join(skill_name(k) for k in s.skills_matched) or "—",
            self.tr("yes") if s.meets_deadline else self.tr("late"),
        ]
        items = [QTableWidgetItem(x) for x in texts]
        items[0].setToolTip(self.tr("Proposed by the run card"))
        items[4].setToolTip(self.tr("Estimated driving time on the road network"))
        items[5].setToolTip(self.tr("Straight-line distance"))
        colour = t.in_time if s.meets_deadline else t.overdue
        items[7].setForeground(QColor(colour))
        items[4].setForeground(QColor(colour))
        for item in items:
            item.setData(Qt.ItemDataRole.UserRole, s.unit_id)
        return items

    # --- writing ----------------------------------------------------------------------------

    def picked(self) -> Suggestion | None:
        if self.current is None:
            return None
        rows = self.table.selectionModel().selectedRows()
        row = rows[0].row() if rows else 0
        suggestions = self.current.recommendation.suggestions
        return suggestions[row] if 0 <= row < len(suggestions) else None

    def _send(
        self, suggestions: list[tuple[Suggestion, int]], on_all_sent: Callable[[], None]
    ) -> Operation | None:
        """Send each (unit, tier) in turn through the runner, stopping at the first refusal
        (said in the pane, with a fresh recommendation); ``on_all_sent`` when all went."""
        if self.sending is not None or not suggestions:
            return None
        (s, tier), rest = suggestions[0], suggestions[1:]
        ctx, incident_id = self._ctx, self.incident_id

        def send():
            version = unit_summaries(ctx, [s.unit_id]).get(s.unit_id)
            if version is None:
                raise ServiceError("Unit {unit_id} does not exist.", unit_id=s.unit_id)
            return dispatch(
                ctx, incident_id, s.unit_id, tier=tier, expected_unit_version=version.version
            )

        def sent(result) -> None:
            self.sending = None
            self.sig_changed.emit(result.changes)
            self.sig_dispatched.emit(result)
            if rest:
                self._send(rest, on_all_sent)
            else:
                on_all_sent()

        def refused(_exc: BaseException, text: str) -> None:
            self.sending = None
            self.message.setText(text)
            self.reload()  # a fresh suggestion (after a lost race, the unit is gone from it)

        self.sending = run_operation(self, send, on_success=sent, on_failure=refused)
        return self.sending

    def dispatch_picked(self, *, tier: int | None = None) -> Operation | None:
        """Send the picked unit (Enter); ``tier`` forces the reinforcement tier. The dialog
        closes once the unit is dispatched, unless the run card still asks for more; returns
        the operation (None if nothing went)."""
        s = self.picked()
        if s is None:
            return None
        if tier is None:
            tier = Tier.SPECIALIST if self.reinforce else s.tier
        return self._send([(s, tier)], self._sent_all)

    def dispatch_team(self) -> Operation | None:
        """Send every unit of the proposed team (Ctrl+Enter), one after the other."""
        if self.current is None:
            return None
        team = self.current.recommendation.team
        if not team:
            return None
        return self._send([(s, s.tier) for s in team], self._sent_all)

    def _sent_all(self) -> None:
        """Close, unless the run card still asks for more units: then say so, with the
        next unit picked (Enter sends it, Alt+W waives, Esc closes)."""
        sent = self.current.sent_call_signs if self.current is not None else ()
        self.reload()
        if self.current is None or not self.current.progress.outstanding:
            self.accept()
            return
        new = [c for c in self.current.sent_call_signs if c not in sent]
        self.message.setText(
            self.tr("{units} dispatched.").format(units="、".join(new))
            if new
            else self.tr("Dispatched.")
        )

    def waive_shortfall(self, reason: str | None = None) -> Operation | None:
        """Accept fewer units than the run card asks for (Alt+W): asks for the reason unless
        given; closes once the waiver is stored. Refusals show in the dialog."""
        rec = self.current
        if rec is None or not self.btn_waive.isEnabled():
            return None
        if reason is None:
            reason, ok = QInputDialog.getText(
                self,
                self.tr("Waive the run card's shortfall"),
                self.tr("{incident}: {sent} of {needed} units sent. Why will fewer do?").format(
                    incident=rec.incident_number,
                    sent=rec.progress.sent,
                    needed=rec.progress.needed,
                ),
            )
            if not ok:
                return None
        ctx, incident_id, version = self._ctx, self.incident_id, rec.incident_version

        def waived(changes) -> None:
            self.sig_changed.emit(changes)
            self.accept()

        def refused(_exc: BaseException, text: str) -> None:
            self.message.setText(text)
            self.reload()

        self.waiving = run_operation(
            self,
            lambda: waive_run_card_shortfall(ctx, incident_id, reason, expected_version=version),
            on_success=waived,
            on_failure=refused,
        )
        return self.waiving

    def request_branch(self) -> Operation | None:
        reason, ok = QInputDialog.getText(
            self, self.tr("Request branch support"), self.tr("Reason (optional):")
        )
        if not ok:
            return None
        ctx, incident_id = self._ctx, self.incident_id

        def requested(changes) -> None:
            self.sig_changed.emit(changes)
            self.message.setText(self.tr("Branch support requested (tier 3)."))

        return run_operation(
            self,
            lambda: request_branch_support(ctx, incident_id, reason),
            on_success=requested,
            on_failure=lambda _exc, text: self.message.setText(text),
        )

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers() & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
        ):
            self.dispatch_picked()
            return
        super().keyPressEvent(event)
