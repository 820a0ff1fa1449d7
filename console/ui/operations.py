"""One path for every write from the screen (DESIGN.md §4, "One operation path").

A screen never calls a writing service on the UI thread: it hands the call to
``run_operation``, in the spirit of Anki's ``CollectionOp``. The call runs on one
single-worker executor (so writes stay in the order the officer made them), its result
comes back on the UI thread through a queued signal, a busy cursor (and, if asked, a small
progress dialog) shows when it takes longer than ``BUSY_AFTER_MS``, and a refusal becomes
one translated message:

- a ``ServiceError`` (``ConflictError``, ``StoreUnavailable`` …): its template translated
  and filled (service_message.py); the caller's ``on_failure`` may reload after a conflict;
- a domain refusal (``IntakeInvalid``, ``TransitionRefused`` …): its problems translated;
- anything else: logged with its traceback and shown as one generic message; never a raw
  exception into Qt.

The ``ChangeSet`` of a committed call is announced once, on ``operation_hub()``'s
``sig_operation_did_execute``. Screens still refresh from the change feed.

Thread rules: the worker only runs ``call()``; it never touches a widget, and it drops its
own references to the call and its outcome before handing them back, so Python and Qt
objects are released on the UI thread (whose garbage collector is the only one running:
ui_thread_gc.py). Services open their own sessions and return frozen dataclasses.
"""

from __future__ import annotations

import itertools
import logging
import sys
import threading
import traceback
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, QTimer, Signal
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QWidget

from console.domain.intake import IntakeInvalid
from console.domain.lifecycle import TransitionRefused
from console.services.unit_of_work import ChangeSet, ServiceError

from .service_message import service_message

log = logging.getLogger(__name__)

BUSY_AFTER_MS = 300  # a quick write finishes before any busy sign flashes up

# Refusals the officer can act on: shown without a traceback.
REFUSALS: tuple[type[BaseException], ...] = (ServiceError, IntakeInvalid, TransitionRefused)


def translate(text: str) -> str:
    return QCoreApplication.translate("Operations", text)


def refusal_message(exc: BaseException) -> str:
    """One translated text for a failed operation (see the module's docstring)."""
    if isinstance(exc, ServiceError):
        return service_message(exc)
    if isinstance(exc, REFUSALS):
        from .intake.names import translate_refusal

        return translate_refusal(exc)  # type: ignore[arg-type]
    return translate(
        "Something went wrong and the action was not completed. "
        "The details are in the console's log."
    )


def changes_of(result: object) -> ChangeSet | None:
    """The ChangeSet a service returned: itself, or the last item of a returned tuple."""
    if isinstance(result, ChangeSet):
        return result
    if isinstance(result, tuple) and result and isinstance(result[-1], ChangeSet):
        return result[-1]
    return None


@dataclass(eq=False)
class Operation:
    """One service call handed to the runner; ``done`` once its outcome was delivered."""

    id: int
    parent: QWidget | None
    on_success: Callable[[Any], None] | None
    on_failure: Callable[[BaseException, str], None] | None
    progress_text: str | None
    message: Callable[[BaseException], str] | None
    done: bool = False
    result: Any = None
    error: BaseException | None = None
    _busy_timer: QTimer | None = field(default=None, repr=False)
    _dialog: QProgressDialog | None = field(default=None, repr=False)
    _busy: bool = False


class OperationHub(QObject):
    """The one app-wide runner: its executor, the operations in flight, and the signal
    that announces what each committed operation changed."""

    sig_operation_did_execute = Signal(object)
    """Emitted on the UI thread with the ``ChangeSet`` of each operation that changed
    something, once, after its ``on_success``."""

    sig_operation_failed = Signal(str)
    """Emitted with the translated message of each failed operation."""

    _sig_finished = Signal(int, bool, object)  # from the worker: id, ok, result or exception

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._executor: ThreadPoolExecutor | None = _single_worker()
        self._ids = itertools.count(1)
        self._calls: dict[int, Callable[[], Any]] = {}
        self._ops: dict[int, Operation] = {}
        self._busy_count = 0
        self._sig_finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    # --- submitting -------------------------------------------------------------------------

    def submit(
        self,
        parent: QWidget | None,
        call: Callable[[], Any],
        *,
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[BaseException, str], None] | None = None,
        progress_text: str | None = None,
        message: Callable[[BaseException], str] | None = None,
    ) -> Operation:
        op = Operation(next(self._ids), parent, on_success, on_failure, progress_text, message)
        self._ops[op.id] = op
        self._calls[op.id] = call
        op._busy_timer = QTimer(self, singleShot=True, interval=BUSY_AFTER_MS)
        op._busy_timer.timeout.connect(lambda: self._show_busy(op))
        op._busy_timer.start()
        if self._executor is None:  # the event loop ended once and runs again (tests, first run)
            self._executor = _single_worker()
        self._executor.submit(self._work, op.id)
        return op

    def _work(self, op_id: int) -> None:
        """On the worker thread: run the call, hand back the outcome, keep nothing."""
        call = self._calls[op_id]  # the UI thread keeps its own reference until delivery
        try:
            outcome: Any = call()
            ok = True
        except BaseException as exc:  # noqa: BLE001 - every outcome goes back to the UI thread
            outcome, ok = exc, False
        del call
        self._sig_finished.emit(op_id, ok, outcome)
        del outcome

    # --- delivering, on the UI thread ----------------------------------------------------------

    def _deliver(self, op_id: int, ok: bool, outcome: object) -> None:
        op = self._ops.pop(op_id, None)
        self._calls.pop(op_id, None)
        if op is None:
            return
        self._end_busy(op)
        op.done = True
        alive = op.parent is None or shiboken6.isValid(op.parent)
        if ok:
            op.result = outcome
            try:
                if op.on_success is not None and alive:
                    op.on_success(outcome)
            finally:
                changes = changes_of(outcome)
                if changes is not None and changes.changes:
                    self.sig_operation_did_execute.emit(changes)
            return
        assert isinstance(outcome, BaseException)
        op.error = outcome
        self._fail(op, outcome, alive)

    def _fail(self, op: Operation, exc: BaseException, alive: bool) -> None:
        if isinstance(exc, REFUSALS):
            reason = getattr(exc, "params", {}).get("reason") if hasattr(exc, "params") else None
            log.info("operation refused: %s%s", exc, f" ({reason})" if reason else "")
        else:
            log.error(
                "operation failed\n%s",
                "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)),
            )
        text = (op.message(exc) if op.message and isinstance(exc, REFUSALS) else None) or (
            refusal_message(exc)
        )
        self.sig_operation_failed.emit(text)
        if not alive:
            return
        if op.on_failure is not None:
            op.on_failure(exc, text)
        else:
            show_message(op.parent, text)

    # --- busy -----------------------------------------------------------------------------------

    def _show_busy(self, op: Operation) -> None:
        if op.done or op._busy:
            return
        op._busy = True
        self._busy_count += 1
        if self._busy_count == 1:
            QApplication.setOverrideCursor(QCursor(Qt.CursorShape.BusyCursor))
        if op.progress_text and (op.parent is None or shiboken6.isValid(op.parent)):
            dialog = QProgressDialog(op.progress_text, "", 0, 0, op.parent)
            dialog.setObjectName("operationProgress")
            dialog.setCancelButton(None)
            dialog.setWindowModality(Qt.WindowModality.WindowModal)
            dialog.setMinimumDuration(0)
            dialog.show()
            op._dialog = dialog

    def _end_busy(self, op: Operation) -> None:
        if op._busy_timer is not None:
            op._busy_timer.stop()
            op._busy_timer.deleteLater()
            op._busy_timer = None
        if op._dialog is not None:
            if shiboken6.isValid(op._dialog):
                op._dialog.close()
                op._dialog.deleteLater()
            op._dialog = None
        if op._busy:
            op._busy = False
            self._busy_count -= 1
            if self._busy_count == 0:
                QApplication.restoreOverrideCursor()

    # --- state ------------------------------------------------------------------------------------

    @property
    def pending(self) -> int:
        """How many operations are queued or running."""
        return len(self._ops)

    def shutdown(self) -> None:
        """Let queued writes finish (the officer asked for them); then stop the worker.
        A later operation starts a new one: aboutToQuit comes each time an event loop
        ends, and a process may run one again (the first-run screen, then the window)."""
        executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True)


_hub: OperationHub | None = None


def _single_worker() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="operation")


def operation_hub() -> OperationHub:
    """The application's one runner (made on first use, on the UI thread)."""
    global _hub
    if _hub is None or not shiboken6.isValid(_hub):
        app = QCoreApplication.instance()
        if app is not None and QThread.currentThread() is not app.thread():
            raise RuntimeError("the operation hub is made and used on the UI thread only")
        _hub = OperationHub(app)
        if app is not None:
            app.aboutToQuit.connect(_hub.shutdown)
    return _hub


def run_operation(
    parent: QWidget | None,
    call: Callable[[], Any],
    *,
    on_success: Callable[[Any], None] | None = None,
    on_failure: Callable[[BaseException, str], None] | None = None,
    progress_text: str | None = None,
    message: Callable[[BaseException], str] | None = None,
) -> Operation:
    """Run ``call()`` (a service call) off the UI thread; returns at once.

    ``on_success(result)`` runs on the UI thread with what the call returned. On failure
    the translated message is given to ``on_failure(exc, text)`` when there is one (the
    screen shows it where it wants, and may reload after a ``ConflictError``); otherwise
    it is shown in one message box over ``parent``. ``message(exc)`` may word a refusal
    for this screen (e.g. ``translate_refusal``). Neither callback runs once ``parent`` is
    destroyed. ``progress_text`` adds a small progress dialog to the busy cursor shown
    after ``BUSY_AFTER_MS``."""
    return operation_hub().submit(
        parent,
        call,
        on_success=on_success,
        on_failure=on_failure,
        progress_text=progress_text,
        message=message,
    )


def show_message(parent: QWidget | None, text: str) -> None:
    """One warning box for a refused or failed operation."""
    QMessageBox.warning(parent, translate("Not done"), text)


# --- the last resort -------------------------------------------------------------------------------

_showing_crash = threading.Lock()


def install_excepthook() -> None:
    """An exception escaping a Qt slot is logged with its traceback and shown as one
    message (not a second box while one is open), instead of being printed and lost."""
    previous = sys.excepthook

    def hook(kind, value, tb) -> None:
        if issubclass(kind, KeyboardInterrupt):
            previous(kind, value, tb)
            return
        log.error("unexpected error\n%s", "".join(traceback.format_exception(kind, value, tb)))
        app = QCoreApplication.instance()
        if app is None or QThread.currentThread() is not app.thread():
            return
        if not _showing_crash.acquire(blocking=False):
            return
        try:
            show_message(QApplication.activeWindow(), refusal_message(value))
        finally:
            _showing_crash.release()

    hook.console_hook = True  # type: ignore[attr-defined]
    if not getattr(previous, "console_hook", False):
        sys.excepthook = hook
