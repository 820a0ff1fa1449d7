"""Python's cyclic garbage collector, run on the UI thread only.

Left to itself the collector runs in whichever thread happens to allocate, so a worker
thread (the debrief's database read, the roster solver's callbacks) can end up finalising
Qt and pyqtgraph objects that belong to the UI thread. That is undefined in Qt and once hung
the review window with both threads waiting on each other. So automatic collection is
turned off and a UI-thread timer collects each generation once Python's own thresholds
are passed (the scheme pyqtgraph's ``GarbageCollector`` uses; that class is not used here
because importing pyqtgraph at start-up costs a quarter of a second).
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QTimer

CHECK_INTERVAL_MS = 200  # often enough that one young-generation collection stays a few ms

_timer: QTimer | None = None
_frozen = False


def collect_on_ui_thread() -> None:
    """Switch to UI-thread collection; call on the UI thread once the QApplication exists.
    Calling it again does nothing."""
    global _timer
    if _timer is None:
        gc.disable()
        _timer = QTimer(QCoreApplication.instance())
        _timer.setInterval(CHECK_INTERVAL_MS)
        _timer.timeout.connect(collect_due_garbage)
        _timer.start()


def collect_due_garbage() -> None:
    """Collect what the thresholds call for, on the calling thread (the timer's, and tests
    between tests, where no event loop may run for a while)."""
    if _timer is None or gc.isenabled():
        return
    counts, thresholds = gc.get_count(), gc.get_threshold()
    # The youngest generation past its threshold, then each older one past its own.
    generation = -1
    for g in range(3):
        if counts[g] <= thresholds[g]:
            break
        generation = g
    if generation >= 0:
        gc.collect(generation)


def freeze_start_up_objects() -> None:
    """Collect once, then leave every object alive now out of later collections.

    The collector's full (generation 2) collections walk every tracked object: with the
    window, the map and the libraries loaded that is ~170,000 objects and 60–120 ms on the
    UI thread, about once a minute. Nearly all of them live as long as the window, so they
    are frozen once it shows its data and later full collections walk only what came after.
    Calling it again does nothing."""
    global _frozen
    if not _frozen:
        _frozen = True
        gc.collect()
        gc.freeze()
