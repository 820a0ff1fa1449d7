"""What the window does not load before it shows its data: the roster's solver (OR-Tools,
which loads pandas), pyqtgraph and openpyxl are loaded when first needed, and the roster
pane is built when its window first opens. Start-up went from 1.1 s to 3.1 s once when they
were loaded eagerly (tests/benchmarks/bench_startup.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .conftest import open_window

HEAVY = ("ortools", "pandas", "pyqtgraph", "openpyxl")

PROBE = """
import sys
import console.ui.app
print(" ".join(m for m in {heavy!r} if m in sys.modules))
"""


def test_the_interface_modules_load_without_the_heavy_libraries():
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=HEAVY)],
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == []


def test_the_roster_pane_is_built_when_its_window_first_opens(qtbot, console_app, ctx, ui_settings):
    window = open_window(qtbot, ctx, ui_settings)
    roster = window.roster_window
    assert roster._pane is None  # not opened yet
    window.act_focus_roster.trigger()
    qtbot.waitUntil(lambda: roster._pane is not None and roster._pane.isVisible(), timeout=10_000)
    assert roster._pane.parent() is roster
    assert roster._pane.chart.plot is not None
