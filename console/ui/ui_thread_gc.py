"""Python's cyclic garbage collector, run on the UI thread only.

Left to itself the collector runs in whichever thread happens to allocate, so a worker
thread (the debrief's database read, the roster solver's callbacks) can end up finalising
Qt and pyqtgraph objects that belong to the UI thread. That is undefined in Qt and once hung
the review window with both threads waiting on each other. pyqtgraph's GarbageCollector
turns automatic collection off and collects by generation thresholds on a UI-thread timer.
"""

from __future__ import annotations

import gc

from pyqtgraph.util.garbage_collector import GarbageCollector

CHECK_INTERVAL_S = 0.5  # short enough that garbage never piles up between checks

_collector: GarbageCollector | None = None
_frozen = False


def collect_on_ui_thread() -> None:
    """Switch to UI-thread collection; call on the UI thread once the QApplication exists.
    Calling it again does nothing."""
    global _collector
    if _collector is None:
        _collector = GarbageCollector(interval=CHECK_INTERVAL_S)


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


def collect_due_garbage() -> None:
    """Collect now what the thresholds call for (tests call this between tests, where no
    event loop may run for a while)."""
    if _collector is not None and not gc.isenabled():
        _collector.check()
