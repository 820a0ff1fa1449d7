"""The one operation runner (console/ui/operations.py): off the UI thread, in order, one
translated message per failure, the change set announced once, busy after a while."""

from __future__ import annotations

import logging
import sys
import threading

import pytest
from PySide6.QtWidgets import QApplication, QWidget

from console.domain.intake import IntakeInvalid
from console.services.unit_of_work import (
    ChangeSet,
    ConflictError,
    ServiceError,
    StoreUnavailable,
)
from console.ui import operations
from console.ui.operations import install_excepthook, operation_hub, run_operation
from console.ui.service_message import service_message


@pytest.fixture
def shown(monkeypatch):
    """Message boxes the runner would show, as texts."""
    texts: list[str] = []
    monkeypatch.setattr(operations, "show_message", lambda _parent, text: texts.append(text))
    return texts


@pytest.fixture
def parent(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def test_calls_run_off_the_ui_thread_in_order_and_come_back_on_it(qtbot, qapp, parent, shown):
    ui_thread = threading.get_ident()
    ran: list[tuple[int, int]] = []
    delivered: list[tuple[int, int]] = []
    announced: list[ChangeSet] = []
    hub = operation_hub()
    hub.sig_operation_did_execute.connect(announced.append)

    def call(i: int):
        ran.append((i, threading.get_ident()))
        return i, ChangeSet((("incident", str(i), "update"),))

    try:
        for i in range(5):
            run_operation(
                parent,
                lambda i=i: call(i),
                on_success=lambda result: delivered.append((result[0], threading.get_ident())),
            )
        qtbot.waitUntil(lambda: len(delivered) == 5)
    finally:
        hub.sig_operation_did_execute.disconnect(announced.append)
    assert [i for i, _ in ran] == [0, 1, 2, 3, 4]  # one worker: the officer's order
    assert {t for _, t in ran} != {ui_thread} and len({t for _, t in ran}) == 1
    assert delivered == [(i, ui_thread) for i in range(5)]
    assert [c.ids("incident") for c in announced] == [{str(i)} for i in range(5)]
    assert shown == []


@pytest.mark.parametrize(
    "error, expected",
    [
        (ServiceError("Unit {call_sign} is off duty.", call_sign="A1"), "A1"),
        (ConflictError("Someone else changed {number} first.", number="20261122-0001"), "0001"),
        (StoreUnavailable(reason="connection refused"), None),
    ],
)
def test_a_refusal_is_one_translated_message(qtbot, console_app, parent, shown, error, expected):
    failures: list[tuple[BaseException, str]] = []

    def refuse():
        raise error

    run_operation(parent, refuse, on_failure=lambda exc, text: failures.append((exc, text)))
    qtbot.waitUntil(lambda: bool(failures))
    exc, text = failures[0]
    # The services' template through the catalogue (数据库连接中断… once the lead merges it).
    assert text == service_message(error)
    assert exc is error and (expected or "") in text and "connection refused" not in text
    assert shown == []  # the screen shows it itself


def test_without_on_failure_one_message_box_is_shown(qtbot, parent, shown):
    def refuse():
        raise IntakeInvalid([])

    op = run_operation(parent, lambda: (_ for _ in ()).throw(ServiceError("No.")))
    qtbot.waitUntil(lambda: op.done)
    assert shown == ["No."]
    op = run_operation(parent, refuse)
    qtbot.waitUntil(lambda: op.done)
    assert len(shown) == 2


def test_an_unexpected_error_is_logged_with_its_traceback_and_never_raised(
    qtbot, parent, shown, caplog
):
    def broken():
        return {}["missing"]

    with caplog.at_level(logging.ERROR, logger="console.ui.operations"):
        op = run_operation(parent, broken)
        qtbot.waitUntil(lambda: op.done)
    assert isinstance(op.error, KeyError)
    assert "Traceback" in caplog.text and "broken" in caplog.text
    assert len(shown) == 1 and "missing" not in shown[0]


def test_nothing_is_delivered_to_a_destroyed_screen_but_the_change_is_announced(qtbot, shown):
    widget = QWidget()
    gate = threading.Event()
    called: list[object] = []
    announced: list[ChangeSet] = []
    hub = operation_hub()
    hub.sig_operation_did_execute.connect(announced.append)
    try:
        op = run_operation(
            widget,
            lambda: (gate.wait(10), ChangeSet((("unit", "7", "update"),)))[1],
            on_success=called.append,
        )
        widget.deleteLater()
        qtbot.waitUntil(lambda: not _alive(widget))
        gate.set()
        qtbot.waitUntil(lambda: op.done)
    finally:
        hub.sig_operation_did_execute.disconnect(announced.append)
    assert called == [] and [c.ids("unit") for c in announced] == [{"7"}]


def test_a_slow_call_shows_the_busy_cursor_and_progress_until_it_ends(qtbot, parent, shown):
    gate = threading.Event()
    op = run_operation(parent, lambda: gate.wait(10), progress_text="Saving…")
    try:
        qtbot.waitUntil(lambda: QApplication.overrideCursor() is not None)
        qtbot.waitUntil(lambda: parent.findChild(QWidget, "operationProgress") is not None)
    finally:
        gate.set()
    qtbot.waitUntil(lambda: op.done)
    assert QApplication.overrideCursor() is None
    assert op.result is True


def test_the_last_resort_hook_logs_and_shows_one_message(qapp, shown, caplog, monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.__excepthook__)
    install_excepthook()
    try:
        raise ValueError("boom in a slot")
    except ValueError:
        kind, value, tb = sys.exc_info()
    with caplog.at_level(logging.ERROR, logger="console.ui.operations"):
        sys.excepthook(kind, value, tb)
    assert "boom in a slot" in caplog.text and "Traceback" in caplog.text
    assert len(shown) == 1 and "boom" not in shown[0]


def _alive(widget: QWidget) -> bool:
    import shiboken6

    return shiboken6.isValid(widget)


def test_an_event_loop_that_ends_lets_the_queued_writes_finish_and_a_later_one_still_runs(
    qtbot, qapp, parent, shown
):
    """aboutToQuit drains the worker; a process that runs an event loop again (the
    first-run screen, then the window) must still be able to write."""
    gate = threading.Event()
    first = run_operation(parent, lambda: gate.wait(10) and "first")
    gate.set()
    # What aboutToQuit runs as QApplication.exec() ends. (Emitting aboutToQuit itself here
    # would also tear down QtWebEngine's globals under the rest of the test run.)
    operation_hub().shutdown()
    assert first.result is None or first.result == "first"
    second = run_operation(parent, lambda: "second")
    qtbot.waitUntil(lambda: first.done and second.done)
    assert (first.result, second.result) == ("first", "second")
