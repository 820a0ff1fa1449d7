"""Fixtures shared by the intake tests: each module arranges its own ``station`` (an
``IntakeStation`` of tests/intake/station.py); these open it at the arranged moment and
show the main window on it."""

from __future__ import annotations

import pytest

from console.domain.clock import FixedClock
from console.ui.app import prepare_application
from console.ui.main_window import MainWindow
from console.ui.settings import Settings
from tests.support.station_factory import NOW


@pytest.fixture
def ctx(station):
    context = station.open(FixedClock(NOW))
    yield context
    context.close()


@pytest.fixture
def window(qtbot, qapp, ctx):
    """The main window on ``ctx``, showing its data, listening, and active (keys go to it)."""
    settings = Settings()
    prepare_application(qapp, settings)
    win = MainWindow(ctx, settings, remember_layout=False)
    qtbot.addWidget(win)
    win.show()
    with qtbot.waitSignals([win.sig_ready, win.sig_listening], timeout=10_000):
        win.start()
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    yield win
    win.close()
