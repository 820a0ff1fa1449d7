"""A crash in C++ leaves every thread's Python stack in the user data folder (issue 13)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

CRASHING_CONSOLE = """
from console.ui.app import start_application
start_application()
import ctypes
def inside_a_slot():
    ctypes.string_at(0)  # what a bad pointer in Qt or Chromium does to the process
inside_a_slot()
"""


def test_a_segfault_is_written_to_crash_log(tmp_path):
    env = dict(os.environ, CONSOLE_DATA_DIR=str(tmp_path / "data"), QT_QPA_PLATFORM="offscreen")
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    done = subprocess.run(
        [sys.executable, "-c", CRASHING_CONSOLE],
        cwd=REPO,
        env=env,
        capture_output=True,
        timeout=120,
    )
    assert done.returncode != 0
    log = (tmp_path / "data" / "crash.log").read_text(encoding="utf-8")
    assert "--- console started" in log
    assert "Segmentation fault" in log
    assert "inside_a_slot" in log  # the Python line that was running
