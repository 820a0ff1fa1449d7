"""Solving off the UI thread: a worker object on its own QThread runs the roster solver.

The solver reports (seconds, objective, bound) from its own threads; the worker passes
each report on as a queued signal, so the chart updates on the UI thread and the UI never
waits for CP-SAT. ``stop()`` ends the search and the best roster so far comes back.
"""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QObject, QThread, Signal, Slot

from console.domain.roster import Assignment, RosterProblem
from console.services.rosters import solve_problem

from ..operations import REFUSALS, refusal_message

log = logging.getLogger(__name__)


class SolveWorker(QObject):
    sig_progress = Signal(float, float, float)
    """(seconds, best objective, best bound) whenever the solver improves either."""

    sig_finished = Signal(object)
    """The RosterSolution (status OPTIMAL/FEASIBLE with a roster, or none found)."""

    sig_failed = Signal(str)

    def __init__(
        self,
        problem: RosterProblem,
        *,
        time_limit: float,
        workers: int = 2,
        hint: tuple[Assignment, ...] = (),
    ) -> None:
        super().__init__()
        self.problem = problem
        self.time_limit = time_limit
        self.workers = workers
        self.hint = hint
        self.stop_event = threading.Event()

    @Slot()
    def run(self) -> None:
        try:
            solution = solve_problem(
                self.problem,
                time_limit=self.time_limit,
                workers=self.workers,
                hint=self.hint,
                on_progress=self.sig_progress.emit,
                stop_event=self.stop_event,
            )
        except Exception as exc:  # the pane shows it; the thread must still end
            if not isinstance(exc, REFUSALS):
                log.exception("the roster solve failed")
            self.sig_failed.emit(refusal_message(exc))  # translated; a refusal says why
            return
        self.sig_finished.emit(solution)

    def stop(self) -> None:
        """Thread-safe: the search ends soon, keeping the best roster found so far."""
        self.stop_event.set()


class SolveRun(QObject):
    """One solve: the worker, its thread, and their clean-up when it ends."""

    sig_progress = Signal(float, float, float)
    sig_finished = Signal(object)
    sig_failed = Signal(str)

    def __init__(self, worker: SolveWorker, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.thread = QThread(self)
        self.thread.setObjectName("rosterSolve")
        worker.moveToThread(self.thread)
        self.thread.started.connect(worker.run)
        worker.sig_progress.connect(self.sig_progress)
        worker.sig_finished.connect(self._done)
        worker.sig_failed.connect(self._failed)

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.worker.stop()

    def running(self) -> bool:
        return self.thread.isRunning()

    def wait(self, ms: int = 30_000) -> bool:
        """Stop and wait for the thread (closing the pane)."""
        self.worker.stop()
        self.thread.quit()
        return self.thread.wait(ms)

    def _done(self, solution) -> None:
        self.thread.quit()
        self.thread.wait()
        self.sig_finished.emit(solution)

    def _failed(self, reason: str) -> None:
        self.thread.quit()
        self.thread.wait()
        self.sig_failed.emit(reason)
