"""The cyclic garbage collector runs on the UI thread only, however much a worker allocates."""

from __future__ import annotations

import gc
import threading

from console.domain.people import UserRole
from console.ui.review.periods import Period
from tests.ui import test_review_window as review_tests

demo_ctx = review_tests.demo_ctx  # the review tests' fixture: the demo station at its clock


def _make_cycles(n: int) -> None:
    for _ in range(n):
        a: list = []
        a.append(a)  # a reference cycle only the cyclic collector can free


def test_collections_happen_on_the_ui_thread_only(qtbot, console_app):
    assert not gc.isenabled()
    threads: list[str] = []

    def note(phase: str, info: dict) -> None:
        if phase == "start":
            threads.append(threading.current_thread().name)

    gc.callbacks.append(note)
    try:
        # Far past the generation-0 threshold: left to itself Python would collect in
        # the worker, many times over.
        worker = threading.Thread(target=_make_cycles, args=(50_000,), name="allocating worker")
        worker.start()
        while worker.is_alive():
            qtbot.wait(20)
        qtbot.wait(1_200)  # at least two of the collector's checks
    finally:
        gc.callbacks.remove(note)
    assert threads, "nothing was collected at all"
    assert set(threads) == {threading.main_thread().name}


def test_a_debrief_never_collects_on_its_worker(qtbot, console_app, ui_settings, demo_ctx):
    threads: list[str] = []

    def note(phase: str, info: dict) -> None:
        if phase == "start":
            threads.append(threading.current_thread().name)

    gc.callbacks.append(note)
    try:
        window = review_tests.open_review(
            qtbot, review_tests._as(demo_ctx, UserRole.CHIEF), ui_settings, Period.LAST_30_DAYS
        )
        assert window.debrief is not None
        qtbot.wait(1_200)
    finally:
        gc.callbacks.remove(note)
    assert set(threads) <= {threading.main_thread().name}
