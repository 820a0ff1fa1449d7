"""Run an export off the UI thread behind a progress dialog that can cancel it.

The writers (console.reports, .pdf) report ``progress(done, total)`` and stop when it
answers False. Here the writer runs on a worker thread; the UI thread keeps painting and
polls the latest figures into a QProgressDialog, whose Cancel makes the next call answer
False. The writers leave no file behind when cancelled or failed.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QProgressDialog, QWidget

from console.reports.atomic import ExportCancelled, Progress

SHOW_AFTER_MS = 300  # a quick export finishes before any dialog flashes up
POLL_MS = 40
STEPS = 1000


@dataclass(frozen=True)
class ExportOutcome:
    path: Path
    written: bool
    cancelled: bool = False
    error: str | None = None  # one line for the user when the export failed


class _Shared:
    """What the worker and the UI thread both touch: plain attributes, each set by one side."""

    def __init__(self) -> None:
        self.done = 0
        self.total = 0
        self.cancel = False
        self.error: BaseException | None = None
        self.finished = threading.Event()


def run_export(
    parent: QWidget | None,
    path: str | Path,
    job: Callable[[Progress], None],
    *,
    label: str | None = None,
    on_dialog: Callable[[QProgressDialog], None] | None = None,
) -> ExportOutcome:
    """Run ``job(progress)`` (which writes ``path``) on a worker thread; return when it
    ends. The dialog is window-modal, so the rest of the console stays visible and live.
    ``on_dialog`` sees the dialog once made (tests press its Cancel)."""
    path = Path(path)
    shared = _Shared()

    def progress(done: int, total: int) -> bool:
        shared.done, shared.total = done, total
        return not shared.cancel

    def work() -> None:
        try:
            job(progress)
        except BaseException as exc:  # handed to the UI thread, which reports it
            shared.error = exc
        finally:
            shared.finished.set()

    text = label or QCoreApplication.translate("Reports", "Writing {name}…").format(name=path.name)
    dialog = QProgressDialog(
        text, QCoreApplication.translate("Reports", "Cancel"), 0, STEPS, parent
    )
    dialog.setObjectName("exportProgress")
    dialog.setWindowTitle(QCoreApplication.translate("Reports", "Export"))
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(SHOW_AFTER_MS)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.canceled.connect(lambda: setattr(shared, "cancel", True))
    if on_dialog is not None:
        on_dialog(dialog)
    shared.cancel = shared.cancel or dialog.wasCanceled()

    loop = QEventLoop()
    timer = QTimer(interval=POLL_MS)

    def poll() -> None:
        if dialog.wasCanceled():  # cancel() as well as the button
            shared.cancel = True
        if shared.total:
            dialog.setValue(min(STEPS - 1, int(STEPS * shared.done / shared.total)))
        if shared.finished.is_set():
            loop.quit()

    timer.timeout.connect(poll)
    worker = threading.Thread(target=work, name=f"export {path.name}", daemon=True)
    worker.start()
    timer.start()
    if not shared.finished.is_set():
        loop.exec()
    timer.stop()
    worker.join()
    dialog.close()
    dialog.deleteLater()

    if isinstance(shared.error, ExportCancelled):
        return ExportOutcome(path, written=False, cancelled=True)
    if shared.error is not None:
        return ExportOutcome(path, written=False, error=_first_line(shared.error))
    return ExportOutcome(path, written=True)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
