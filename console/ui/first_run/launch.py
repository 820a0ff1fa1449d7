"""Starting the console when no store is named on the command line: the remembered
choice, or the first-run screen when there is none (or it no longer opens)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QDialog

from console.services.context import StationContext
from console.services.station import open_station
from console.services.station_setup import url_to_remember
from console.services.unit_of_work import ServiceError

from .. import settings as opts
from ..app import run_console, start_application
from ..settings import Settings
from .dialog import DEMO_CHOICE, FirstRunDialog


def run_with_first_run(
    ensure_demo: Callable[[], str],
    *,
    screenshot: Path | None = None,
    after: float = 0.0,
    theme: str | None = None,
    lang: str | None = None,
) -> int:
    """Open the remembered store, or ask with the first-run screen, then run the console.

    ``ensure_demo`` builds the demo station on first use and returns its path. With
    ``screenshot`` and nothing remembered, the first-run screen itself is rendered.
    """
    # The first-run screen speaks the chosen language in the chosen theme.
    app, settings = start_application(theme=theme, lang=lang)

    ctx, problem = open_remembered(settings, ensure_demo)
    if ctx is None:
        dialog = FirstRunDialog(settings, ensure_demo, problem)
        if screenshot is not None:
            dialog.show()
            QApplication.processEvents()
            return 0 if dialog.grab().save(str(screenshot), "PNG") else 1
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.context is None:
            return 0  # the officer chose to quit
        ctx = dialog.context
    try:
        return run_console(ctx, screenshot=screenshot, after=after)
    finally:
        ctx.close()


def open_remembered(
    settings: Settings, ensure_demo: Callable[[], str]
) -> tuple[StationContext | None, str | None]:
    """The remembered store opened, or (None, why not) — (None, None) when none is."""
    chosen = settings.value(opts.STATION_STORE)
    if not chosen:
        return None, None
    try:
        db = ensure_demo() if chosen == DEMO_CHOICE else chosen
        ctx = open_station(db)
    except Exception as exc:  # noqa: BLE001 - a bad store or a failed demo build: shown
        text = QCoreApplication.translate(
            "FirstRunDialog", "The station database used last time does not open: {reason}"
        )
        return None, text.format(reason=exc)
    if chosen != DEMO_CHOICE:
        _move_password_out_of(settings, chosen)
    return ctx, None


def _move_password_out_of(settings: Settings, chosen: str) -> None:
    """A settings file from before the password file held the password: move it there."""
    try:
        bare = url_to_remember(chosen)
    except ServiceError:
        return  # it still opens as it is; the next start tries again
    if bare != chosen:
        settings.set_value(opts.STATION_STORE, bare)
        settings.sync()
