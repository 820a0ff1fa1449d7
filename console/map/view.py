"""The web view that shows the map page, and its one bridge to the page.

Python to page: ``MapView.call(function, argument)`` runs ``consoleMap.<function>(…)``
through ``runJavaScript`` and hands the page's JSON answer to a callback (the page's
acknowledgement). Page to Python: the QWebChannel object ``bridge`` turns clicks into
signals. The page is loaded once from a file; navigation away from it is refused, and a
request interceptor blocks (and records) anything that is not a local file.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QUrl, Signal, Slot
from PySide6.QtWebChannel import QWebChannel
from PySide6.QtWebEngineCore import (
    QWebEnginePage,
    QWebEngineProfile,
    QWebEngineSettings,
    QWebEngineUrlRequestInfo,
    QWebEngineUrlRequestInterceptor,
)
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QWidget

LOCAL_SCHEMES = frozenset({"file", "qrc", "data", "blob"})


class OfflineGuard(QWebEngineUrlRequestInterceptor):
    """Blocks every request that would leave the machine and remembers what it blocked.

    An intranet tile server named in the settings is the one exception (its prefix).
    """

    def __init__(self, allowed_prefixes: tuple[str, ...] = (), parent: QObject | None = None):
        super().__init__(parent)
        self.allowed_prefixes = allowed_prefixes
        self.blocked: list[str] = []

    def interceptRequest(self, info: QWebEngineUrlRequestInfo) -> None:  # noqa: N802
        url = info.requestUrl()
        if url.scheme() in LOCAL_SCHEMES:
            return
        text = url.toString()
        if self.allowed_prefixes and text.startswith(self.allowed_prefixes):
            return
        self.blocked.append(text)
        info.block(True)


class MapBridge(QObject):
    """The object the page sees as ``bridge`` (QWebChannel)."""

    sig_page_ready = Signal()
    sig_marker_clicked = Signal(str, int)
    sig_map_clicked = Signal(float, float)

    @Slot()
    def pageReady(self) -> None:  # noqa: N802 (called from JavaScript by this name)
        self.sig_page_ready.emit()

    @Slot(str, int)
    def markerClicked(self, kind: str, entity_id: int) -> None:  # noqa: N802
        self.sig_marker_clicked.emit(kind, int(entity_id))

    @Slot(float, float)
    def mapClicked(self, lon: float, lat: float) -> None:  # noqa: N802
        self.sig_map_clicked.emit(float(lon), float(lat))


class MapPage(QWebEnginePage):
    """Stays on the map page: links and scripts cannot navigate anywhere else."""

    def __init__(self, profile: QWebEngineProfile, parent: QObject | None = None) -> None:
        super().__init__(profile, parent)
        self.home: QUrl | None = None
        self.console_messages: list[str] = []

    def acceptNavigationRequest(  # noqa: N802
        self, url: QUrl, nav_type: QWebEnginePage.NavigationType, is_main_frame: bool
    ) -> bool:
        if self.home is None:
            return False
        return url.toString().split("#", 1)[0] == self.home.toString()

    def javaScriptConsoleMessage(self, level, message: str, line: int, source: str) -> None:  # noqa: N802
        if level != QWebEnginePage.JavaScriptConsoleMessageLevel.InfoMessageLevel:
            self.console_messages.append(f"{source}:{line}: {message}")


class MapView(QWebEngineView):
    """Shows the page at ``page_path``; ``sig_ready`` once its API and bridge are up."""

    sig_ready = Signal()
    sig_marker_clicked = Signal(str, int)
    """Emitted with ("unit" | "incident", id) when a marker is clicked in the page."""
    sig_map_clicked = Signal(float, float)
    """Emitted with (lon, lat) when the map itself (no marker) is clicked."""

    def __init__(self, tile_url: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mapView")
        self.profile, self.guard = _offline_profile(tile_url)
        self.map_page = MapPage(self.profile, self)
        settings = self.map_page.settings()
        settings.setAttribute(QWebEngineSettings.WebAttribute.LocalContentCanAccessFileUrls, True)
        # Remote requests are let through to the guard, which blocks and records them (one
        # gate, and a testable one); only the configured intranet tile server passes.
        settings.setAttribute(QWebEngineSettings.WebAttribute.LocalContentCanAccessRemoteUrls, True)
        self.setPage(self.map_page)
        self.bridge = MapBridge(self)
        self.channel = QWebChannel(self)
        self.channel.registerObject("bridge", self.bridge)
        self.map_page.setWebChannel(self.channel)
        self.bridge.sig_marker_clicked.connect(self.sig_marker_clicked)
        self.bridge.sig_map_clicked.connect(self.sig_map_clicked)
        self.bridge.sig_page_ready.connect(self._on_page_ready)
        self.is_ready = False

    def load_page(self, page_path: Path) -> None:
        url = QUrl.fromLocalFile(str(page_path.resolve()))
        self.map_page.home = url
        self.map_page.load(url)

    def dispose(self) -> None:
        """Stop and delete the page now (once the map closes): a page still alive when
        the web engine shuts down at exit crashes the process."""
        page, self.map_page = self.map_page, None
        if page is None:
            return
        self.is_ready = False
        page.setWebChannel(None)
        self.setPage(QWebEnginePage(self))  # a blank page in the default profile
        shiboken6.delete(page)

    def _on_page_ready(self) -> None:
        if not self.is_ready:
            self.is_ready = True
            self.sig_ready.emit()

    def call(
        self,
        function: str,
        argument: Any = None,
        done: Callable[[dict[str, Any]], None] | None = None,
    ) -> None:
        """Run ``consoleMap.function(argument)``; ``done`` gets the page's answer."""
        if self.map_page is None:
            return
        arg = "" if argument is None else json.dumps(argument, separators=(",", ":"))
        script = f"consoleMap.{function}({arg})"
        if done is None:
            self.map_page.runJavaScript(script, 0)
            return

        def answered(result: Any) -> None:
            try:
                done(json.loads(result) if isinstance(result, str) else {"ok": False})
            except ValueError:
                done({"ok": False, "error": "unreadable answer"})

        self.map_page.runJavaScript(script, 0, answered)


_guard: OfflineGuard | None = None


def _offline_profile(tile_url: str | None) -> tuple[QWebEngineProfile, OfflineGuard]:
    """The default profile (off the record in Qt 6: no cookies, cache or history on disk)
    with the offline guard. Qt owns it and tears it down after every page at exit; a
    profile of our own, released before its pages, crashes the process as it ends."""
    global _guard
    profile = QWebEngineProfile.defaultProfile()
    if _guard is None:
        _guard = OfflineGuard(parent=profile)
        profile.setUrlRequestInterceptor(_guard)
    _guard.allowed_prefixes = _tile_prefix(tile_url)
    return profile, _guard


def _tile_prefix(tile_url: str | None) -> tuple[str, ...]:
    if not tile_url:
        return ()
    head = tile_url.split("{", 1)[0]
    return (head,) if head else ()
