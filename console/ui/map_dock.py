"""The map dock (一张图): holds its place in the layout at start-up and brings the live
map in after the window first shows its data, so the web engine never delays start-up.

``link_selection`` ties the map to the unit board and the queue: a click on a marker
selects its row, selecting a row highlights the marker and pans to it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import PySide6.QtWebEngineWidgets  # noqa: F401  (must be loaded before the QApplication)
from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QDockWidget, QMainWindow, QStackedWidget, QStyle, QWidget

from console.services.context import StationContext

from .id_table import ID_ROLE
from .placeholder import PlaceholderPane
from .table_pane import TablePane

if TYPE_CHECKING:
    from console.map.pane import MapPane


# The duty officer wants the map large: its default share of the window's width, as long
# as the queue keeps every column readable (its stretching column, the address, at
# QUEUE_STRETCH_MIN_CHARS at least).
MAP_WIDTH_SHARE = 0.43
MAP_MIN_WIDTH = 320
QUEUE_STRETCH_MIN_CHARS = 10


class MapDock(QDockWidget):
    sig_map_ready = Signal()
    """Emitted once the live map shows the station's data."""

    sig_map_failed = Signal(str)
    """Emitted with a one-line reason when the map could not be built."""

    sig_map_clicked = Signal(float, float)
    """Emitted with (lon, lat) when the map is clicked away from any marker."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mapDock")  # saveState/restoreState find docks by this name
        self.setWindowTitle(self.tr("Map"))
        self.stack = QStackedWidget(self)
        self.waiting = PlaceholderPane(self.tr("Loading the map …"), self)
        self.stack.addWidget(self.waiting)
        self.stack.setMinimumWidth(MAP_MIN_WIDTH)
        self.setWidget(self.stack)
        self.map: MapPane | None = None
        self._pending: tuple[StationContext, str] | None = None
        self.visibilityChanged.connect(self._on_visibility)

    def start_map(self, ctx: StationContext, tile_url: str = "") -> None:
        """Create the live map now if the dock shows, else the first time it does."""
        self._pending = (ctx, tile_url)
        if self.isVisible():
            self._create()

    def _on_visibility(self, visible: bool) -> None:
        if visible and self.map is None and self._pending is not None:
            self._create()

    def _create(self) -> None:
        # Imported here, after the first paint: the map brings numpy, shapely and scipy.
        from console.map.pane import MapPane

        ctx, tile_url = self._pending
        self._pending = None
        self.map = MapPane(ctx, tile_url=tile_url or None, parent=self)
        self.stack.addWidget(self.map)
        self.stack.setCurrentWidget(self.map)
        self.map.sig_ready.connect(self.sig_map_ready)
        self.map.sig_failed.connect(self.sig_map_failed)
        self.map.sig_map_clicked.connect(self.sig_map_clicked)
        self.map.load()

    def apply_changes(self, changes: list) -> None:
        if self.map is not None:
            self.map.apply_changes(changes)

    def resync(self) -> None:
        if self.map is not None:
            self.map.resync()

    def close_map(self) -> None:
        if self.map is not None:
            self.map.close_map()


def readable_width(pane: TablePane) -> int:
    """The width ``pane`` needs to show every column without scrolling sideways: the fixed
    columns at their set widths, a stretching one at ``QUEUE_STRETCH_MIN_CHARS``."""
    view = pane.view
    header = view.horizontalHeader()
    digit = view.fontMetrics().horizontalAdvance("0")
    columns = 0
    for i, column in enumerate(pane.model.COLUMNS):
        if header.isSectionHidden(i):
            continue
        columns += digit * QUEUE_STRETCH_MIN_CHARS if column.stretch else header.sectionSize(i)
    chrome = pane.width() - view.viewport().width()  # frame, margins, a scroll bar if shown
    scroll_bar = view.verticalScrollBar()
    if not scroll_bar.isVisible():  # it appears with more rows
        chrome += scroll_bar.sizeHint().width()
    return columns + chrome


def give_map_its_share(window: QMainWindow, dock: MapDock, queue: TablePane) -> None:
    """Give the map dock its default share of the window's width (``MAP_WIDTH_SHARE``),
    less if the queue beside it would no longer show all its columns; and keep that share
    while the window is resized (maximised after the first start, say), until the officer
    moves the dock's edge.

    Call it once the window is laid out (after the first show): before that the docks'
    size hints win. A layout the officer saved is restored instead and never resized."""
    keeper = window.findChild(_MapShareKeeper)
    if keeper is None:
        keeper = _MapShareKeeper(window, dock, queue)
    keeper.apply()


class _MapShareKeeper(QObject):
    """Re-applies the map's share after each resize of the window, until the officer drags
    the dock's edge (its width changes while the window's does not); their width stands."""

    def __init__(self, window: QMainWindow, dock: MapDock, queue: TablePane) -> None:
        super().__init__(window)
        self._window, self._dock, self._queue = window, dock, queue
        self._given: tuple[int, int] | None = None  # (window, dock) widths once settled
        self._following = False
        window.installEventFilter(self)
        dock.installEventFilter(self)

    def apply(self) -> None:
        window, dock = self._window, self._dock
        self._given = None
        self._following = not dock.isFloating() and window.width() > 0
        if not self._following:
            return
        separator = window.style().pixelMetric(QStyle.PixelMetric.PM_DockWidgetSeparatorExtent)
        room = window.width() - readable_width(self._queue) - separator
        width = max(MAP_MIN_WIDTH, min(round(window.width() * MAP_WIDTH_SHARE), room))
        window.resizeDocks([dock], [width], Qt.Orientation.Horizontal)
        QTimer.singleShot(0, self, self._note_widths)  # once the layout has settled

    def _note_widths(self) -> None:
        self._given = (self._window.width(), self._dock.width())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() != QEvent.Type.Resize or not self._following:
            return False
        if watched is self._window:
            QTimer.singleShot(0, self, self.apply)
        elif watched is self._dock and self._given is not None:
            window_width, dock_width = self._given
            dragged = abs(self._dock.width() - dock_width) > 2
            if dragged and self._window.width() == window_width:
                self._following = False  # the officer set the width: leave it
        return False


def _select_row(pane: TablePane, entity_id: int) -> bool:
    return pane.select_id(entity_id)


def link_selection(
    dock: MapDock, units: TablePane, queue: TablePane, units_dock: QDockWidget
) -> None:
    """Clicks on the map select rows; selected rows are highlighted on the map."""
    pane = dock.map
    if pane is None:
        return

    def unit_clicked(unit_id: int) -> None:
        units_dock.show()
        units_dock.raise_()
        _select_row(units, unit_id)

    pane.sig_unit_clicked.connect(unit_clicked)
    pane.sig_incident_clicked.connect(lambda incident_id: _select_row(queue, incident_id))

    def follow(kind: str):
        def on_current(current: QModelIndex, _previous: QModelIndex) -> None:
            entity_id = current.data(ID_ROLE) if current.isValid() else None
            pane.select(kind, entity_id)

        return on_current

    units.view.selectionModel().currentRowChanged.connect(follow("unit"))
    queue.view.selectionModel().currentRowChanged.connect(follow("incident"))
