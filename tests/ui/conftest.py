"""Fixtures for the UI tests: an arranged station on each backend, and a main window on it."""

from __future__ import annotations

import pytest

from console.services.station import open_station
from console.ui.app import prepare_application
from console.ui.main_window import MainWindow
from console.ui.settings import Settings

from .station_data import ArrangedStation, build_station


@pytest.fixture
def arranged(store_url) -> ArrangedStation:
    return build_station(store_url)


@pytest.fixture
def ctx(arranged):
    context = open_station(arranged.url)
    yield context
    context.close()


@pytest.fixture
def ui_settings() -> Settings:
    """The settings file in this test's own XDG_CONFIG_HOME (set by tests/conftest.py)."""
    return Settings()


@pytest.fixture
def console_app(qapp, ui_settings):
    """The test QApplication with the console's language, fonts and theme (zh_CN, dark)."""
    prepare_application(qapp, ui_settings)
    return qapp


def open_window(qtbot, ctx, settings: Settings) -> MainWindow:
    window = MainWindow(ctx, settings)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignals([window.sig_ready, window.sig_listening], timeout=10_000):
        window.start()
    assert window.listener is not None
    return window


@pytest.fixture
def window(qtbot, console_app, ctx, ui_settings):
    win = open_window(qtbot, ctx, ui_settings)
    yield win
    win.close()  # stops the listener before the context's engine goes away
