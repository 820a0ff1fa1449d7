"""Starting the interface: the QApplication, its language, theme and fonts, the main
window, and the ``--screenshot`` mode that renders the window to a PNG and exits."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from console.paths import APP_NAME
from console.services.context import StationContext

from . import settings as opts
from . import theme
from .i18n import install_translators
from .main_window import MainWindow
from .operations import install_excepthook
from .settings import Settings
from .ui_thread_gc import collect_on_ui_thread, freeze_start_up_objects

STARTUP_MARK_ENV = "CONSOLE_STARTUP_MARK"
"""When set, print ``startup-mark <unix time>`` on stdout once the window shows its data
(tests/benchmarks/bench_startup.py measures start-up with it)."""

SCREENSHOT_SIZE = (1920, 1080)
MAP_WAIT_MS = 20_000  # longest a screenshot waits for the map before taking what shows
MAP_SETTLE_MS = 800  # the page paints its layers a moment after it says it is ready
SCREENSHOT_TIMEOUT_S = 60
FREEZE_AFTER_MS = 3_000  # start-up objects leave the garbage collector's walks then  # a screenshot run always ends, even if the store never answers


def prepare_web_engine() -> None:
    """Chromium refuses to start as root without --no-sandbox (and then the whole process
    ends silently), so add it before the QApplication exists; the map's web view is
    imported with the main window, before the QApplication too."""
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        flags = os.environ.get("QTWEBENGINE_CHROMIUM_FLAGS", "")
        if "--no-sandbox" not in flags.split():
            os.environ["QTWEBENGINE_CHROMIUM_FLAGS"] = f"{flags} --no-sandbox".strip()


def prepare_application(app: QApplication, settings: Settings) -> None:
    """Language, style, fonts and theme, from the settings registry."""
    app.setApplicationName(APP_NAME)
    collect_on_ui_thread()
    install_translators(app, settings.value(opts.LANGUAGE))
    app.setStyle("Fusion")  # the same look on Kylin, UOS and Windows; follows the palette
    theme.apply_fonts(app)
    theme.apply_theme(app, settings.value(opts.THEME))


def start_application(
    *, theme: str | None = None, lang: str | None = None
) -> tuple[QApplication, Settings]:
    """The QApplication (made if there is none yet) dressed from the settings; ``theme``
    and ``lang`` given on the command line are remembered as the user's preferences."""
    prepare_web_engine()
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else APP_NAME])
    settings = Settings()
    if theme is not None:
        settings.set_value(opts.THEME, theme)
    if lang is not None:
        settings.set_value(opts.LANGUAGE, lang)
    prepare_application(app, settings)
    # An exception escaping a slot is logged and shown once, not printed and lost. Not in
    # prepare_application: the tests' own hook (pytest-qt) must keep failing such tests.
    install_excepthook()
    keep_crash_log()
    return app, settings


_crash_log = None  # kept open for the life of the process: faulthandler writes to its fd


def keep_crash_log() -> None:
    """A crash inside Qt's or Chromium's C++ ends the process without a Python traceback;
    before it does, faulthandler writes every thread's Python stack to ``crash.log`` in the
    user data folder (appended, with the time the console started), so a crash in the
    command room leaves something to report."""
    global _crash_log
    if _crash_log is not None:
        return
    import faulthandler

    from console.paths import user_data_dir

    try:
        folder = user_data_dir()
        folder.mkdir(parents=True, exist_ok=True)
        _crash_log = open(folder / "crash.log", "a", encoding="utf-8")  # noqa: SIM115
        _crash_log.write(
            f"--- console started {time.strftime('%Y-%m-%d %H:%M:%S %z')}, pid {os.getpid()}\n"
        )
        _crash_log.flush()
        faulthandler.enable(file=_crash_log, all_threads=True)
    except OSError:
        faulthandler.enable(all_threads=True)  # stderr, then


def run_console(
    ctx: StationContext | Callable[[], StationContext],
    *,
    screenshot: Path | None = None,
    after: float = 0.0,
    theme: str | None = None,
    lang: str | None = None,
) -> int:
    """Run the console's window until it is closed; returns the process exit code.

    ``ctx`` is an open station, or a function that opens one (called once the
    QApplication exists; the context is then closed on return). ``theme`` and ``lang``
    given here are remembered as the user's preferences. With ``screenshot`` the window is
    rendered to that PNG once the queue has its rows and ``after`` more seconds have
    passed, and the function returns 0 (1 if it failed).
    """
    app, settings = start_application(theme=theme, lang=lang)
    owns_ctx = not isinstance(ctx, StationContext)
    if owns_ctx:
        ctx = ctx()
    try:
        return _run_window(app, ctx, settings, screenshot, after)
    finally:
        if owns_ctx:
            ctx.close()


def _run_window(
    app: QApplication,
    ctx: StationContext,
    settings: Settings,
    screenshot: Path | None,
    after: float,
) -> int:
    # A screenshot run shows the remembered layout but does not change it.
    window = MainWindow(ctx, settings, remember_layout=screenshot is None)
    if screenshot is not None:
        window.resize(*SCREENSHOT_SIZE)
    result = {"code": 0}

    if os.environ.get(STARTUP_MARK_ENV):

        def mark() -> None:
            window.repaint()  # painted with its data, not just loaded
            print(f"startup-mark {time.time():.6f}", flush=True)

        window.sig_ready.connect(mark)

    if screenshot is not None:

        def take() -> None:
            result["code"] = 0 if save_screenshot(window, screenshot) else 1
            # Leave the loop with exit(), not quit(): quit() closes the windows inside the
            # loop, which posts a quit event that outlives it. The window closes afterwards.
            QApplication.exit(0)

        def give_up() -> None:
            print(
                f"console: the window was not ready within {SCREENSHOT_TIMEOUT_S} s; "
                "saving what it shows",
                file=sys.stderr,
            )
            take()
            result["code"] = 1

        def failed(reason: str) -> None:
            print(f"console: cannot show the station: {reason}", file=sys.stderr)
            take()
            result["code"] = 1

        watchdog = QTimer(window, singleShot=True, interval=SCREENSHOT_TIMEOUT_S * 1000)
        watchdog.timeout.connect(give_up)
        watchdog.start()
        window.sig_ready.connect(watchdog.stop)
        window.sig_load_failed.connect(watchdog.stop)
        window.sig_load_failed.connect(failed)
        window.sig_ready.connect(lambda: _after_map(window, after, take))

    # A moment after the first paint with data, not in its way.
    window.sig_ready.connect(lambda: QTimer.singleShot(FREEZE_AFTER_MS, freeze_start_up_objects))
    if screenshot is None:
        window.show_on_start()  # maximised on the first start
    else:
        window.show()
    QTimer.singleShot(0, window.start)
    app.exec()
    if window.isVisible():
        window.close()  # stops the listener (and remembers the layout, unless a screenshot)
    return result["code"]


def _after_map(window: MainWindow, after: float, take: Callable[[], None]) -> None:
    """Call ``take`` ``after`` seconds from now, or, when the map dock shows, that long
    after the map has drawn the station (a web view paints later than the tables)."""
    delay_ms = max(0, int(after * 1000))
    if not window.map_dock.isVisible():
        QTimer.singleShot(delay_ms, take)
        return
    done = {"fired": False}

    def go(*_args) -> None:
        if not done["fired"]:
            done["fired"] = True
            QTimer.singleShot(max(MAP_SETTLE_MS, delay_ms), take)

    window.map_dock.sig_map_ready.connect(go)
    window.map_dock.sig_map_failed.connect(go)
    QTimer.singleShot(MAP_WAIT_MS, go)


def save_screenshot(window: MainWindow, path: Path) -> bool:
    """Render ``window`` (docks, menus, status bar) to a PNG at ``path``."""
    QApplication.processEvents()  # let the last data changes paint
    ok = window.grab().save(str(path), "PNG")
    if not ok:
        print(f"console: could not write the screenshot to {path}", file=sys.stderr)
    return ok
