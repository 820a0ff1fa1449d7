"""The map dock (一张图): holds its place in the layout at start-up and brings the live
map in after the window first shows its data, so the web engine never delays start-up.

``link_selection`` ties the map to the unit board and the queue: a click on a marker
selects its row, selecting a row highlights the marker and pans to it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import PySide6.QtWebEngineWidgets  # noqa: F401  (must be loaded before the QApplication)
from PySide6.QtCore import QItemSelectionModel, QModelIndex, Signal
from PySide6.QtWidgets import QDockWidget, QStackedWidget, QWidget

from console.services.context import StationContext

from .id_table import ID_ROLE
from .placeholder import PlaceholderPane
from .table_pane import TablePane

if TYPE_CHECKING:
    from console.map.pane import MapPane


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


def _select_row(pane: TablePane, entity_id: int) -> bool:
    row = pane.model.row_of(entity_id)
    if row is None:
        return False
    index = pane.proxy.mapFromSource(pane.model.index(row, 0))
    if not index.isValid():  # hidden by the pane's filter
        return False
    flags = (
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    )
    pane.view.selectionModel().setCurrentIndex(index, flags)
    pane.view.scrollTo(index)
    return True


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
