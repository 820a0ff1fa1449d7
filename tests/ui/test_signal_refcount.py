"""Signal emission must not eat references to ``True`` or ``None`` (issue 13).

PySide6 6.12.0 on CPython 3.11 lowers the reference count of ``True`` (and on some paths
``None``) by one on every ``Signal.emit()``; the queue's once-a-second ticker drove it to
zero after about 15 minutes and the console aborted with "Fatal Python error:
bool_dealloc". On Python 3.12+ both are immortal and their count never moves, so this test
guards the Python the console actually ships on (Debian 12's 3.11).

Every kind of emission the console makes is exercised 100,000 times: custom signals with
and without arguments (connected to Python slots and to nothing), and the item-model
signals the queue and boards emit (``dataChanged``, ``layoutChanged``, row inserts).
"""

from __future__ import annotations

import gc
import sys

import pytest
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt, QTimer, Signal

EMITS = 100_000
# A leak loses one reference per emit; ordinary churn elsewhere moves a few at most.
SLACK = 50


class _Emitter(QObject):
    sig_none = Signal()
    sig_object = Signal(object)
    sig_int = Signal(int)
    sig_str = Signal(str)
    sig_list = Signal(list)
    sig_pair = Signal(float, float)
    sig_int_object = Signal(int, object)


class _Model(QAbstractTableModel):
    def rowCount(self, parent=None) -> int:  # noqa: N802 (Qt's name)
        return 0 if parent is not None and parent.isValid() else 10

    def columnCount(self, parent=None) -> int:  # noqa: N802
        return 0 if parent is not None and parent.isValid() else 3

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        return None


def _counts() -> tuple[int, int]:
    return sys.getrefcount(True), sys.getrefcount(None)


def _emit_watching(emit, what: str, times: int = EMITS) -> None:
    """Call ``emit`` ``times`` times, checking the counts every thousand calls: a leaking
    build fails here long before the count reaches zero and aborts the whole run."""
    before = _counts()
    done = 0
    while done < times:
        batch = min(1000, times - done)
        for _ in range(batch):
            emit()
        done += batch
        _assert_no_drift(before, f"{what} after {done} emits")


def _assert_no_drift(before: tuple[int, int], what: str) -> None:
    after = _counts()
    assert after[0] >= before[0] - SLACK, (
        f"{what}: lost {before[0] - after[0]} references to True "
        "(this PySide6 build leaks them and the console will abort with bool_dealloc)"
    )
    assert after[1] >= before[1] - SLACK, f"{what}: lost {before[1] - after[1]} references to None"


@pytest.fixture
def no_gc():
    """Collections during the loop would move the counts for reasons of their own."""
    was_enabled = gc.isenabled()  # the console's own UI-thread collector keeps it off
    gc.collect()
    gc.disable()
    yield
    if was_enabled:
        gc.enable()


CUSTOM = [
    ("sig_none", ()),
    ("sig_object", (None,)),
    ("sig_object", (True,)),
    ("sig_object", ([1, 2],)),
    ("sig_int", (7,)),
    ("sig_str", ("0012",)),
    ("sig_list", ([],)),
    ("sig_pair", (1.5, 2.5)),
    ("sig_int_object", (1, None)),
]


@pytest.mark.parametrize("connected", [False, True], ids=["unconnected", "python-slot"])
@pytest.mark.parametrize(("name", "args"), CUSTOM, ids=[f"{n}{a!r}" for n, a in CUSTOM])
def test_custom_signal_emits_keep_true_and_none(qapp, no_gc, name, args, connected):
    emitter = _Emitter()
    received = []
    signal = getattr(emitter, name)
    if connected:
        signal.connect(lambda *a: received.append(1) if len(received) < 1 else None)
    _emit_watching(
        lambda: signal.emit(*args), f"{name}.emit{args!r} ({'connected' if connected else 'bare'})"
    )
    if connected:
        assert received, "the slot was never called: the test measured nothing"


def test_model_signals_keep_true_and_none(qapp, no_gc):
    model = _Model()
    seen = []
    model.dataChanged.connect(lambda *a: seen.append(1) if not seen else None)
    model.layoutChanged.connect(lambda *a: None)
    top, bottom = model.index(0, 0), model.index(9, 2)
    roles = [Qt.ItemDataRole.DisplayRole]

    _emit_watching(lambda: model.dataChanged.emit(top, bottom, roles), "dataChanged")

    def layout() -> None:
        model.layoutAboutToBeChanged.emit()
        model.layoutChanged.emit()

    _emit_watching(layout, "layoutChanged")

    def rows() -> None:
        model.beginInsertRows(QModelIndex(), 0, 0)
        model.endInsertRows()
        model.beginRemoveRows(QModelIndex(), 0, 0)
        model.endRemoveRows()

    _emit_watching(rows, "rowsInserted/rowsRemoved", EMITS // 10)
    assert seen


def test_timer_driven_emits_keep_true_and_none(qapp, qtbot, no_gc):
    """The ticker's shape: a QTimer's timeout into a slot that emits a custom signal."""
    emitter = _Emitter()
    ticks = []
    timer = QTimer(interval=0)
    timer.timeout.connect(lambda: emitter.sig_int.emit(len(ticks)))
    emitter.sig_int.connect(ticks.append)
    before = _counts()
    timer.start()
    for target in range(2_000, 20_001, 2_000):  # checked as it goes, like _emit_watching
        qtbot.waitUntil(lambda t=target: len(ticks) >= t, timeout=60_000)
        _assert_no_drift(before, f"QTimer.timeout -> slot -> emit after {len(ticks)} ticks")
    timer.stop()
