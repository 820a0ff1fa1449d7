"""Starting the console: run_console's screenshot mode, in-process and as ``python -m console``."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from console.services.station import open_station, upgrade_store
from console.ui import settings as opts
from console.ui.app import SCREENSHOT_SIZE, STARTUP_MARK_ENV, run_console
from console.ui.settings import Settings

from .station_data import build_station

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def sqlite_station(empty_sqlite_url) -> str:
    upgrade_store(empty_sqlite_url)
    build_station(empty_sqlite_url)
    return empty_sqlite_url


def test_run_console_renders_a_screenshot_and_returns_0(qapp, sqlite_station, tmp_path):
    png = tmp_path / "window.png"
    # A factory: run_console opens the station once the QApplication exists, and closes it.
    code = run_console(
        lambda: open_station(sqlite_station), screenshot=png, after=0.1, theme="light", lang="zh_CN"
    )
    assert code == 0
    image = QImage(str(png))
    assert (image.width(), image.height()) == SCREENSHOT_SIZE
    settings = Settings()
    assert settings.value(opts.THEME) == "light"  # given on the command line: remembered
    assert settings.value(opts.WINDOW_STATE) == b""  # a screenshot run leaves the layout alone


def test_python_m_console_screenshot_marks_start_up(sqlite_station, tmp_path):
    png = tmp_path / "cli.png"
    db_path = sqlite_station.removeprefix("sqlite:///")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", **{STARTUP_MARK_ENV: "1"})
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "console",
            "--db",
            db_path,
            "--screenshot",
            str(png),
            "--after",
            "0",
        ],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert any(line.startswith("startup-mark ") for line in done.stdout.splitlines())
    assert QImage(str(png)).width() == SCREENSHOT_SIZE[0]
