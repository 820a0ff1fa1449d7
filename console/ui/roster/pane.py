"""The roster pane (排班): a toolbar, the calendar, and beside it the solve chart and the
list of broken rules and soft costs.

Every edit goes to the roster service, which stores it (version-checked) and checks the
roster again with the independent checker; the pane then shows the stored roster, so
what is on screen is what is stored. An approved roster is read-only: "Edit a copy" makes a
new draft of it. Solving runs on its own thread (solve_worker.py); the calendar is
read-only while it runs and the best roster found is stored when it ends or is stopped.

Every write (cell edits and their undo, a new roster, a copy, the approval, the solver's
roster) goes through the operation runner (operations.py), off the UI thread, one at a
time: a write asked for while another is on its way waits for it, so it is checked
against the version the store gave back (typing N 1 2 across three days makes three
edits, each on the one before). A refusal is said once in the pane's message line, the
writes still waiting are dropped (the officer typed them before seeing it), and the
pane reads the roster again (unless the store is away: then it keeps what it shows,
which is still what is stored). The undo stack only ever holds edits the store took.
"""

from __future__ import annotations

import contextlib
from collections import deque
from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QSpinBox,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from console.domain.people import UserRole
from console.domain.roster.calendar import CellEdit, move_edits, undo_edits
from console.services import rosters
from console.services.context import StationContext
from console.services.rosters import OverlapError, RosterView
from console.services.unit_of_work import ConflictError, ServiceError, StoreUnavailable

from ..operations import Operation, run_operation
from ..people import person_label
from ..service_message import service_message
from .calendar_model import RosterCalendarModel
from .calendar_view import CoverStrip, RosterCalendarView
from .findings import finding_text
from .new_dialog import NewRosterDialog
from .progress_chart import SolveProgressChart
from .report import roster_blocks, roster_tables, roster_title
from .solve_worker import SolveRun, SolveWorker

DEFAULT_SOLVE_SECONDS = 30
FINDING_ROLE = Qt.ItemDataRole.UserRole + 10


class RosterPane(QWidget):
    sig_roster_shown = Signal(int)
    """The id of the roster now on screen (after loading, an edit, a solve …)."""

    sig_solve_finished = Signal(object)
    """The RosterSolution of a solve that ended (stored if it holds a roster)."""

    def __init__(
        self, ctx: StationContext, parent: QWidget | None = None, *, in_dock: bool = False
    ) -> None:
        """``in_dock``: the dock calls ``shown`` when it shows (a dock behind another's
        tab counts as visible to Qt, so this widget's own show events do not say it);
        otherwise the pane loads when it first shows."""
        super().__init__(parent)
        self.setObjectName("rosterPane")
        self._ctx = ctx
        self.view: RosterView | None = None
        self.solve_run: SolveRun | None = None
        self._solve_version: int | None = None
        self._undo: list[tuple[int, tuple[CellEdit, ...]]] = []
        self.writing: Operation | None = None  # the write on its way to the store
        self._waiting: deque[Callable[[], Operation | None]] = deque()  # writes after it
        self._advancing = False
        self._loaded = False
        self._in_dock = in_dock

        self.model = RosterCalendarModel(self)
        self.calendar = RosterCalendarView(self)
        self.calendar.setModel(self.model)
        self.cover_strip = CoverStrip(self.calendar, self)
        self.chart = SolveProgressChart(self)
        self.findings = QListWidget(objectName="rosterFindings")
        self.findings.setWordWrap(True)
        self.findings.itemActivated.connect(self._go_to_finding)
        self.findings.itemClicked.connect(self._go_to_finding)
        self.summary = QLabel(objectName="rosterSummary")
        self.summary.setWordWrap(True)
        self.message = QLabel(objectName="rosterMessage")
        self.message.setWordWrap(True)
        self.message.hide()

        self.toolbar = QToolBar(self.tr("Roster"), self)
        self.toolbar.setObjectName("rosterToolbar")
        self._build_toolbar()

        side = QSplitter(Qt.Orientation.Vertical)
        side.addWidget(self.chart)
        side.addWidget(self.findings)
        side.setStretchFactor(1, 2)
        grid = QWidget()
        grid_layout = QVBoxLayout(grid)
        grid_layout.setContentsMargins(0, 0, 0, 0)
        grid_layout.setSpacing(0)
        grid_layout.addWidget(self.cover_strip)
        grid_layout.addWidget(self.calendar, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(grid)
        split.addWidget(side)
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 1)
        split.setSizes([1100, 440])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.summary)
        layout.addWidget(self.message)
        layout.addWidget(split, 1)

        self.model.sig_move_requested.connect(self.move_cell)
        self.calendar.sig_edit_requested.connect(self.apply_edits)
        self.calendar.sig_undo_requested.connect(self.undo)
        self.calendar.sig_read_only.connect(self._explain_read_only)
        self._update_actions()

    # -- toolbar ------------------------------------------------------------------------------

    def _build_toolbar(self) -> None:
        def action(text, slot, name, shortcut=None, tip=None) -> QAction:
            act = QAction(text, self)
            act.setObjectName(name)
            act.triggered.connect(slot)
            if shortcut:
                act.setShortcut(QKeySequence(shortcut))
                act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                tip = f"{tip or text} ({QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)})"
            act.setToolTip(tip or text)
            self.addAction(act)
            return act

        self.rosters = QComboBox(objectName="rosterChoice")
        self.rosters.setMinimumContentsLength(16)
        self.rosters.setToolTip(self.tr("Which roster to show"))
        self.rosters.activated.connect(lambda _i: self._show_chosen())
        self.act_new = action(
            self.tr("New…"),
            self.new_roster_dialog,
            "actRosterNew",
            "Ctrl+Shift+N",
            self.tr("New roster from a rotation and a date range"),
        )
        self.act_solve = action(
            self.tr("Solve"),
            lambda: self.solve(),
            "actRosterSolve",
            "Ctrl+R",
            self.tr("Improve the roster with the solver"),
        )
        self.act_stop = action(
            self.tr("Stop"),
            self.stop_solve,
            "actRosterStop",
            "Ctrl+.",
            self.tr("Stop the solver and keep the best roster so far"),
        )
        self.act_approve = action(
            self.tr("Approve"),
            lambda: self.approve(),
            "actRosterApprove",
            None,
            self.tr("Approve the roster (station chief)"),
        )
        self.act_copy = action(
            self.tr("Edit a copy"),
            self.copy_to_draft,
            "actRosterCopy",
            None,
            self.tr("Make a new draft of this roster to edit"),
        )
        self.act_xlsx = action(
            self.tr("Export XLSX"), lambda: self.export_dialog("xlsx"), "actRosterXlsx"
        )
        self.act_pdf = action(
            self.tr("Export PDF"), lambda: self.export_dialog("pdf"), "actRosterPdf"
        )
        self.seconds = QSpinBox(objectName="rosterSolveSeconds")
        self.seconds.setRange(1, 600)
        self.seconds.setValue(DEFAULT_SOLVE_SECONDS)
        self.seconds.setSuffix(self.tr(" s"))
        self.seconds.setToolTip(self.tr("How long the solver may search"))
        tb = self.toolbar
        tb.addWidget(self.rosters)
        tb.addAction(self.act_new)
        tb.addSeparator()
        tb.addWidget(self.seconds)
        tb.addAction(self.act_solve)
        tb.addAction(self.act_stop)
        tb.addSeparator()
        tb.addAction(self.act_approve)
        tb.addAction(self.act_copy)
        tb.addSeparator()
        tb.addAction(self.act_xlsx)
        tb.addAction(self.act_pdf)

    def _update_actions(self) -> None:
        solving = self.solving()
        has = self.view is not None
        draft = has and not self.view.header.approved
        self.act_new.setEnabled(not solving)
        self.rosters.setEnabled(not solving)
        self.act_solve.setEnabled(draft and not solving)
        self.act_stop.setEnabled(solving)
        # Only the station chief approves: the button follows who is signed in.
        self.act_approve.setEnabled(draft and not solving and self.chief_signed_in())
        self.act_copy.setEnabled(has and not solving)
        self.act_xlsx.setEnabled(has)
        self.act_pdf.setEnabled(has)
        self.seconds.setEnabled(not solving)

    # -- loading -------------------------------------------------------------------------------

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if not self._in_dock:
            self.shown()

    def shown(self) -> None:
        """The pane is on screen: read the rosters the first time, draw the chart."""
        if not self._loaded:
            self.reload()
        self.chart.ensure_plot()

    def reload(self, select_id: int | None = None) -> None:
        """Read the list of rosters and show ``select_id`` (or the one shown, or the latest)."""
        self._loaded = True
        try:
            headers = rosters.list_rosters(self._ctx)
        except Exception as exc:  # the store went away: say so, keep what is on screen
            self._say(self.tr("Cannot read the rosters: {reason}").format(reason=_first_line(exc)))
            return
        wanted = select_id or (self.view.header.id if self.view else None)
        self.rosters.blockSignals(True)
        self.rosters.clear()
        for h in headers:
            state = self.tr("approved") if h.approved else self.tr("draft")
            self.rosters.addItem(f"{h.name} · {state} · #{h.id}", h.id)
        self.rosters.blockSignals(False)
        if not headers:
            self._show(None)
            return
        ids = [h.id for h in headers]
        self.rosters.setCurrentIndex(ids.index(wanted) if wanted in ids else 0)
        self._show_chosen()

    def _show_chosen(self) -> None:
        roster_id = self.rosters.currentData()
        if roster_id is not None:
            self.show_roster(int(roster_id))

    def show_roster(self, roster_id: int) -> None:
        try:
            view = rosters.load_roster(self._ctx, roster_id)
        except ServiceError as exc:
            self._say(service_message(exc))
            return
        if self.view is None or self.view.header.id != roster_id:
            self._undo.clear()
        self._show(view)

    def _show(self, view: RosterView | None) -> None:
        current = self.calendar.currentIndex()
        another = view is not None and (self.view is None or self.view.header.id != view.header.id)
        self.view = view
        self.model.today = self._ctx.clock.now().astimezone(self._ctx.timezone).date()
        self.model.set_view(
            view, editable=view is not None and not view.header.approved and not self.solving()
        )
        if another and self.model.today in self.model.days:
            first_staff = next(
                (r for r, row in enumerate(self.model.rows) if row.kind == "staff"), 0
            )
            today = self.model.index(first_staff, self.model.days.index(self.model.today))
            self.calendar.setCurrentIndex(today)
            self.calendar.scrollTo(today)
        elif current.isValid() and current.row() < self.model.rowCount():
            self.calendar.setCurrentIndex(self.model.index(current.row(), current.column()))
        self._fill_findings()
        self._fill_summary()
        self._update_actions()
        if view is not None:
            i = self.rosters.findData(view.header.id)
            if i >= 0:
                self.rosters.setCurrentIndex(i)
            self.sig_roster_shown.emit(view.header.id)

    def _fill_summary(self) -> None:
        v = self.view
        if v is None:
            self.summary.setText(self.tr("No roster yet: make one with New… from a rotation."))
            return
        h = v.header
        if h.approved and h.approved_at is not None:
            state = self.tr("Approved by {name} at {at} (read-only)").format(
                name=person_label(h.approved_by, h.approved_by_badge) or "?",
                at=h.approved_at.astimezone(self._ctx.timezone).strftime("%Y-%m-%d %H:%M"),
            )
        else:
            state = self.tr("Draft, version {version}").format(version=h.version)
        breaks = len(v.check.breaks)
        text = self.tr(
            "{name}, {start} to {end} · {state} · cost {cost} · {breaks} broken rules"
        ).format(
            name=h.name,
            start=h.start_date.isoformat(),
            end=h.end_date.isoformat(),
            state=state,
            cost=v.check.cost,
            breaks=breaks,
        )
        if v.summary.get("source") == "solver":
            quality = solve_quality_text(
                v.summary.get("objective"), v.summary.get("bound"), v.summary.get("status")
            )
            if quality:
                text += " · " + quality
        self.summary.setText(text)
        colour = "#ff6259" if breaks else ("#55c882" if h.approved else "")
        self.summary.setStyleSheet(f"color: {colour};" if colour else "")

    def _fill_findings(self) -> None:
        self.findings.clear()
        if self.view is None:
            return
        for f in self.view.check.findings:
            prefix = "■ " if f.hard else "▲ "
            cost = "" if f.hard else f" (+{f.cost})"
            item = QListWidgetItem(prefix + finding_text(f, self.view.problem) + cost)
            item.setData(FINDING_ROLE, f)
            if f.hard:
                item.setForeground(Qt.GlobalColor.red)
            self.findings.addItem(item)
        if not self.view.check.findings:
            self.findings.addItem(self.tr("No rule is broken and nothing is priced."))

    def _go_to_finding(self, item: QListWidgetItem) -> None:
        f = item.data(FINDING_ROLE)
        if f is not None and f.staff and f.day:
            self.calendar.select_cell(f.staff, f.day)
            self.calendar.setFocus()

    # -- writes ------------------------------------------------------------------------------

    def idle(self) -> bool:
        """No write is on its way or waiting."""
        return self.writing is None and not self._waiting

    def _then(self, step: Callable[[], Operation | None]) -> bool:
        """Run ``step`` once the writes before it came back; it reads the pane then and
        hands its write to the runner (or returns None when nothing is left to do)."""
        self._waiting.append(step)
        self._advance()
        return True

    def _advance(self) -> None:
        if self._advancing:
            return
        self._advancing = True
        try:
            while self.writing is None and self._waiting:
                self.writing = self._waiting.popleft()()
        finally:
            self._advancing = False

    def _write(
        self,
        call: Callable[[], object],
        done: Callable[[object], None],
        refused: Callable[[BaseException, str], None],
        *,
        progress_text: str | None = None,
    ) -> Operation:
        """Hand one service call to the runner; ``done`` or ``refused`` on the UI thread,
        then the next waiting write."""

        def ok(result: object) -> None:
            self.writing = None
            try:
                done(result)
            finally:
                self._advance()

        def failed(exc: BaseException, text: str) -> None:
            self.writing = None
            self._waiting.clear()  # asked for before the officer saw the refusal
            try:
                refused(exc, text)
            finally:
                self._advance()

        return run_operation(
            self, call, on_success=ok, on_failure=failed, progress_text=progress_text
        )

    def _show_written(self, view: RosterView) -> None:
        """Show the roster a write gave back, unless another one is on screen by now."""
        if self.view is None or self.view.header.id == view.header.id:
            self._show(view)

    def _reload_after_refusal(self, exc: BaseException, roster_id: int) -> None:
        """Show the stored roster again (after a conflict: what the other workstation
        did). With the store away nothing is read: what is shown is still what is stored."""
        if self.view is not None and self.view.header.id != roster_id:
            return
        view = None
        if not isinstance(exc, StoreUnavailable):
            with contextlib.suppress(ServiceError):  # the refusal already said why
                view = rosters.load_roster(self._ctx, roster_id)
        self._show(view if view is not None else self.view)

    # -- edits ---------------------------------------------------------------------------------

    def apply_edits(self, edits, *, record_undo: bool = True) -> bool:
        """Send cell edits to the store (after any write still on its way); once stored,
        remember how to undo them. Returns whether the edits were handed on."""
        if self.view is None or not edits:
            return False
        if not self.model.editable:
            self._explain_read_only()
            return False
        roster_id, edits = self.view.header.id, tuple(edits)
        return self._then(lambda: self._send_edits(roster_id, edits, record_undo=record_undo))

    def _send_edits(
        self,
        roster_id: int,
        edits: tuple[CellEdit, ...],
        *,
        record_undo: bool,
        stored: Callable[[], None] | None = None,
    ) -> Operation | None:
        if self.view is None or self.view.header.id != roster_id:
            return None  # another roster is shown by now
        if not self.model.editable:
            self._explain_read_only()
            return None
        before = undo_edits(self.view.assignments, edits)
        ctx, version = self._ctx, self.view.header.version

        def done(view) -> None:
            if record_undo:
                self._undo.append((roster_id, before))
            if stored is not None:
                stored()
            self._say("")
            self._show_written(view)

        def refused(exc: BaseException, text: str) -> None:
            self._say(text)
            self._reload_after_refusal(exc, roster_id)

        return self._write(
            lambda: rosters.apply_cell_edits(ctx, roster_id, edits, expected_version=version),
            done,
            refused,
        )

    def move_cell(self, source: tuple[str, date], target: tuple[str, date]) -> None:
        """A drag: the source's shift goes to the target; the target's comes back (swap)."""
        if self.view is None:
            return
        edits = move_edits(self.view.assignments, source, target)
        if edits:
            self.apply_edits(edits)
            self.calendar.select_cell(*target)

    def undo(self) -> bool:
        """Ctrl+Z: put back the cells of the last edit made here (the last one stored
        when it is the turn of this undo)."""
        if self.view is None or (not self._undo and self.idle()):
            return False
        return self._then(self._send_undo)

    def _send_undo(self) -> Operation | None:
        if not self._undo or self.view is None:
            return None
        entry = self._undo[-1]
        roster_id, edits = entry
        if roster_id != self.view.header.id:
            self._undo.clear()
            return None

        def undone() -> None:
            if self._undo and self._undo[-1] is entry:
                self._undo.pop()

        return self._send_edits(roster_id, edits, record_undo=False, stored=undone)

    def _explain_read_only(self) -> None:
        if self.solving():
            self._say(self.tr("The solver is running; stop it to edit."))
        elif self.view is not None and self.view.header.approved:
            self._say(self.tr("An approved roster is read-only: use Edit a copy to change it."))

    # -- new, copy, approve --------------------------------------------------------------------

    def new_roster_dialog(self) -> None:
        today = self._ctx.clock.now().astimezone(self._ctx.timezone).date()
        dialog = NewRosterDialog(today, self)
        if dialog.exec() == NewRosterDialog.DialogCode.Accepted:
            r = dialog.request()
            self.new_roster(r.preset, r.start, r.days, r.holidays)

    def new_roster(self, preset: str, start: date, days: int, holidays=()) -> bool:
        """Make a draft from a rotation; it shows once stored. Returns whether it was asked."""
        holidays = tuple(holidays)

        def step() -> Operation | None:
            if self.solving():
                return None
            ctx = self._ctx

            def done(roster_id) -> None:
                self._say("")
                self.chart.clear()
                self.reload(roster_id)

            return self._write(
                lambda: rosters.new_draft_from_preset(ctx, preset, start, days, holidays),
                done,
                lambda _exc, text: self._say(text),
                progress_text=self.tr("Making the roster…"),
            )

        return self._then(step)

    def copy_to_draft(self) -> bool:
        """Make a new draft of the roster shown ("Edit a copy"); it shows once stored."""
        if self.view is None:
            return False
        roster_id = self.view.header.id

        def step() -> Operation | None:
            if self.solving():
                return None
            ctx = self._ctx

            def done(copy_id) -> None:
                self._say("")
                self.reload(copy_id)

            return self._write(
                lambda: rosters.copy_as_draft(ctx, roster_id),
                done,
                lambda _exc, text: self._say(text),
                progress_text=self.tr("Making the roster…"),
            )

        return self._then(step)

    def chief_signed_in(self) -> bool:
        return self._ctx.actor.role is UserRole.CHIEF

    def actor_changed(self, _actor=None) -> None:
        """Someone signed in or out at this workstation: re-check the chief's actions."""
        self._update_actions()

    def approve(self, *, replace: bool | None = None) -> bool:
        """Approve the roster shown (after any write still on its way). ``replace`` None
        asks the chief when an approved roster covers some of the same days; True or False
        answers without asking. Returns whether the approval was asked for."""
        if self.view is None:
            return False
        return self._then(lambda: self._send_approval(replace))

    def _send_approval(self, replace: bool | None) -> Operation | None:
        if self.view is None or self.solving():
            return None
        ctx, h = self._ctx, self.view.header

        def done(view) -> None:
            self._say("")
            self.reload(view.header.id)

        def refused(exc: BaseException, text: str) -> None:
            if isinstance(exc, OverlapError) and replace is None and self._confirm_replace(text):
                self.approve(replace=True)
                return
            self._say(text)
            if isinstance(exc, ConflictError):
                self._reload_after_refusal(exc, h.id)

        return self._write(
            lambda: rosters.approve_roster(
                ctx, h.id, expected_version=h.version, replace=bool(replace)
            ),
            done,
            refused,
        )

    def _confirm_replace(self, text: str) -> bool:
        answer = QMessageBox.question(
            self,
            self.tr("Replace the approved roster?"),
            text + "\n\n" + self.tr("Approve this roster and send the other back to draft?"),
        )
        return answer == QMessageBox.StandardButton.Yes

    # -- solving -------------------------------------------------------------------------------

    def solving(self) -> bool:
        return self.solve_run is not None

    def solve(self, seconds: float | None = None, workers: int = 2) -> bool:
        """Start the solver on the draft shown, from its current entries (once the writes
        on their way are stored, so it starts from them)."""
        if not self.idle():

            def start() -> None:
                self._start_solve(seconds, workers)

            return self._then(start)
        return self._start_solve(seconds, workers)

    def _start_solve(self, seconds: float | None, workers: int) -> bool:
        if self.view is None or self.view.header.approved or self.solving():
            return False
        if not any(c.target for c in self.view.problem.cover):
            # nothing asks for people: the cheapest roster would be an empty one
            self._say(
                self.tr(
                    "This roster sets no cover to solve for; make a new roster from a rotation."
                )
            )
            return False
        worker = SolveWorker(
            self.view.problem,
            time_limit=float(seconds or self.seconds.value()),
            workers=workers,
            hint=self.view.assignments,
        )
        run = SolveRun(worker, self)
        run.sig_progress.connect(self.chart.add_point)
        run.sig_progress.connect(self._show_progress)
        run.sig_finished.connect(self._solved)
        run.sig_failed.connect(self._solve_failed)
        self.solve_run = run
        self._solve_version = self.view.header.version
        self.chart.clear()
        self.model.editable = False
        self._update_actions()
        self._say(self.tr("Solving…"), error=False)
        run.start()
        return True

    def _show_progress(self, seconds: float, objective: float, bound: float) -> None:
        self._say(
            self.tr("Solving… {seconds:.0f} s: {quality}").format(
                seconds=seconds, quality=solve_quality_text(objective, bound)
            ),
            error=False,
        )

    def stop_solve(self) -> None:
        if self.solve_run is not None:
            self.solve_run.stop()

    def _solved(self, solution) -> None:
        """The solve ended. Its roster is stored through the runner; until it is back the
        pane stays as while solving (read-only, the feed not read), then shows it."""
        if solution.has_roster and self.view is not None:
            # Nothing else is written while a solve runs, so this goes to the store now.
            roster_id = self.view.header.id
            version = self._solve_version or self.view.header.version
            self._then(lambda: self._send_solution(solution, roster_id, version))
            return
        self._end_solve()
        if solution.reasons:
            self._say("\n".join(r.text for r in solution.reasons))
        else:
            self._say(self.tr("The solver found no roster in the time given."))
        self._show(self.view)
        self.sig_solve_finished.emit(solution)

    def _send_solution(self, solution, roster_id: int, version: int) -> Operation:
        ctx = self._ctx

        def done(view) -> None:
            self._end_solve()
            self._undo.clear()
            self._say(
                self.tr("Solver {status} in {seconds:.1f} s: cost {objective:g}").format(
                    status=solver_status_name(solution.status),
                    seconds=solution.seconds,
                    objective=solution.objective,
                ),
                error=False,
            )
            self._show_written(view)
            self.sig_solve_finished.emit(solution)

        def refused(exc: BaseException, text: str) -> None:
            self._end_solve()
            self._say(text)
            self._reload_after_refusal(exc, roster_id)
            self.sig_solve_finished.emit(solution)

        return self._write(
            lambda: rosters.record_solution(ctx, roster_id, solution, expected_version=version),
            done,
            refused,
        )

    def _solve_failed(self, reason: str) -> None:
        self._end_solve()
        self._say(self.tr("The solver failed: {reason}").format(reason=reason))
        self._show(self.view)

    def _end_solve(self) -> None:
        run, self.solve_run = self.solve_run, None
        if run is not None:
            run.deleteLater()
        self._update_actions()

    def shutdown(self) -> None:
        """Stop a running solve and wait for its thread (the window is closing)."""
        if self.solve_run is not None:
            self.solve_run.wait()
            self.solve_run = None

    # -- export --------------------------------------------------------------------------------

    def export_dialog(self, fmt: str) -> None:
        if self.view is None:
            return
        from ..reports.export import choose_export_path

        path = choose_export_path(self, roster_title(self.view), (fmt,))
        if path is not None:
            self.export_to(path)

    def export_to(self, path: str | Path):
        """Write the roster shown to ``path`` (.xlsx or .pdf) behind a progress dialog."""
        from ..reports.export import export_report

        view = self.view
        blocks = (
            roster_blocks(view, self._ctx.timezone)
            if str(path).endswith(".pdf")
            else roster_tables(view)
        )
        outcome = export_report(self, path, roster_title(view), blocks, landscape=True)
        if outcome.error is not None:
            self._say(
                self.tr("The roster could not be exported: {reason}").format(reason=outcome.error)
            )
        elif outcome.written:
            self._say(self.tr("Exported to {path}").format(path=str(path)), error=False)
        return outcome

    # -- change feed ---------------------------------------------------------------------------

    def apply_changes(self, rows) -> None:
        """Another workstation (or the service) changed a roster: refresh what is shown."""
        if not self._loaded or self.solving():
            return
        if any(
            getattr(r, "entity", None) == "roster"
            and getattr(r, "origin", None) != self._ctx.origin
            for r in rows
        ):
            self.reload()

    def _say(self, text: str, *, error: bool = True) -> None:
        """One line under the toolbar: a refusal (red) or news (plain)."""
        self.message.setStyleSheet("color: #ff6259;" if error else "")
        self.message.setText(text)
        self.message.setVisible(bool(text))


SOLVER_STATUS_NAMES = {
    "OPTIMAL": QT_TRANSLATE_NOOP("RosterPane", "optimal"),
    "FEASIBLE": QT_TRANSLATE_NOOP("RosterPane", "feasible, not proven best"),
    "INFEASIBLE": QT_TRANSLATE_NOOP("RosterPane", "no roster exists"),
    "UNKNOWN": QT_TRANSLATE_NOOP("RosterPane", "stopped"),
}


def solve_quality_text(
    objective: float | None, bound: float | None, status: str | None = None
) -> str:
    """How good the solver's roster is, in words. The gap to the bound only means something
    once the bound is above 0 (a bound of 0 proves nothing: every gap is then 100 %), so
    until then it says what is known: the best cost found."""
    if objective is None:
        return ""
    # QCoreApplication.translate by its full name: lupdate does not follow an alias
    if status == "OPTIMAL":
        return QCoreApplication.translate(
            "RosterPane", "proved the best possible: cost {objective:g}"
        ).format(objective=objective)
    if bound is not None and bound > 0:
        gap = 0.0 if objective <= bound else (objective - bound) / max(abs(objective), 1e-9)
        return QCoreApplication.translate(
            "RosterPane",
            "best found: cost {objective:g}, at most {gap:.1%} above the best possible "
            "(bound {bound:g})",
        ).format(objective=objective, gap=gap, bound=bound)
    return QCoreApplication.translate(
        "RosterPane", "best found: cost {objective:g}; bound not yet known"
    ).format(objective=objective)


def solver_status_name(status: str) -> str:
    source = SOLVER_STATUS_NAMES.get(status)
    return QCoreApplication.translate("RosterPane", source) if source else status


def _first_line(exc: BaseException) -> str:
    text = str(exc)
    return text.splitlines()[0] if text else type(exc).__name__
