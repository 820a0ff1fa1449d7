"""The cyclic garbage collector runs on the UI thread only, however much a worker allocates."""

from __future__ import annotations

import gc
import subprocess
import sys
import threading
from pathlib import Path

from console.domain.people import UserRole
from console.services.station import upgrade_store
from console.ui.review.periods import Period
from tests.support.station_factory import build_small_station
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


FROZEN_PROBE = """
import gc, sys
from pathlib import Path
from console.services.station import open_station
from console.ui.app import run_console
code = run_console(lambda: open_station(sys.argv[1]), screenshot=Path(sys.argv[2]), after=4)
print("frozen", gc.get_freeze_count(), "enabled", gc.isenabled())
sys.stdout.flush()
"""


def test_the_running_console_freezes_its_start_up_objects(empty_sqlite_url, tmp_path):
    """Objects alive once the window has shown its data stay out of later full
    collections (a full walk of them is a 60–120 ms pause of the UI thread). One backend
    is enough: this is about the process, not the store."""
    upgrade_store(empty_sqlite_url)
    build_small_station(empty_sqlite_url)
    done = subprocess.run(
        [sys.executable, "-c", FROZEN_PROBE, empty_sqlite_url, str(tmp_path / "shot.png")],
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr
    words = done.stdout.split()
    frozen = int(words[words.index("frozen") + 1])
    assert frozen > 10_000, done.stdout
    assert words[words.index("enabled") + 1] == "False"
