"""The map pane (一张图): a small tool row (heat-map period) above the live map page.

The pane builds the page once from the station's geography, loads it, and once the page
says it is ready, hands it to a ``MapFeed`` that keeps it equal to the store.
"""

from __future__ import annotations

import contextlib
import os
import threading
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from platformdirs import user_cache_path
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from console.paths import APP_NAME
from console.services.context import StationContext
from console.services.map_data import (
    heat_points,
    map_grids,
    map_key_places,
    map_roads,
    station_geography,
)

from ..ui import theme
from .assets import MissingWebAssets
from .feed import MapFeed
from .view import MapView

if TYPE_CHECKING:
    from .page import PageData, PageText

CONTEXT = "MapPane"

LAYER_NAMES = {
    "grids": QT_TRANSLATE_NOOP("MapPane", "Grids"),
    "roads": QT_TRANSLATE_NOOP("MapPane", "Roads"),
    "places": QT_TRANSLATE_NOOP("MapPane", "Key places"),
    "units": QT_TRANSLATE_NOOP("MapPane", "Units"),
    "incidents": QT_TRANSLATE_NOOP("MapPane", "Incidents"),
    "rings": QT_TRANSLATE_NOOP("MapPane", "1-3-5 minute rings"),
    "heat": QT_TRANSLATE_NOOP("MapPane", "Incident heat map"),
    "tiles": QT_TRANSLATE_NOOP("MapPane", "Base map"),
}

PLACE_KINDS = {
    "police": QT_TRANSLATE_NOOP("KeyPlaceKind", "Police station"),
    "school": QT_TRANSLATE_NOOP("KeyPlaceKind", "School"),
    "university": QT_TRANSLATE_NOOP("KeyPlaceKind", "University"),
    "hospital": QT_TRANSLATE_NOOP("KeyPlaceKind", "Hospital"),
    "subway_station": QT_TRANSLATE_NOOP("KeyPlaceKind", "Subway station"),
    "subway_entrance": QT_TRANSLATE_NOOP("KeyPlaceKind", "Subway entrance"),
    "bank": QT_TRANSLATE_NOOP("KeyPlaceKind", "Bank"),
    "mall": QT_TRANSLATE_NOOP("KeyPlaceKind", "Shopping mall"),
    "market": QT_TRANSLATE_NOOP("KeyPlaceKind", "Market"),
    "hotel": QT_TRANSLATE_NOOP("KeyPlaceKind", "Hotel"),
    "government": QT_TRANSLATE_NOOP("KeyPlaceKind", "Government office"),
    "museum": QT_TRANSLATE_NOOP("KeyPlaceKind", "Museum"),
    "entertainment": QT_TRANSLATE_NOOP("KeyPlaceKind", "Entertainment venue"),
    "fuel": QT_TRANSLATE_NOOP("KeyPlaceKind", "Petrol station"),
}

# One character on each key place's icon (the first of its Chinese name in zh_CN).
PLACE_GLYPHS = {
    "police": QT_TRANSLATE_NOOP("KeyPlaceGlyph", "P"),
    "school": QT_TRANSLATE_NOOP("KeyPlaceGlyph", "S"),
    "university": QT_TRANSLATE_NOOP("KeyPlaceGlyph", "U"),
    "hospital": QT_TRANSLATE_NOOP("KeyPlaceGlyph", "H"),
    "subway_station": QT_TRANSLATE_NOOP("KeyPlaceGlyph", "M"),
    "subway_entrance": QT_TRANSLATE_NOOP("KeyPlaceGlyph", "m"),
    "bank": QT_TRANSLATE_NOOP("KeyPlaceGlyph", "B"),
    "mall": QT_TRANSLATE_NOOP("KeyPlaceGlyph", "$"),
    "market": QT_TRANSLATE_NOOP("KeyPlaceGlyph", "K"),
    "hotel": QT_TRANSLATE_NOOP("KeyPlaceGlyph", "L"),
    "government": QT_TRANSLATE_NOOP("KeyPlaceGlyph", "G"),
    "museum": QT_TRANSLATE_NOOP("KeyPlaceGlyph", "X"),
    "entertainment": QT_TRANSLATE_NOOP("KeyPlaceGlyph", "E"),
    "fuel": QT_TRANSLATE_NOOP("KeyPlaceGlyph", "F"),
}

HEAT_PERIODS = (
    (1, QT_TRANSLATE_NOOP("MapPane", "Last 24 hours")),
    (7, QT_TRANSLATE_NOOP("MapPane", "Last 7 days")),
    (30, QT_TRANSLATE_NOOP("MapPane", "Last 30 days")),
    (90, QT_TRANSLATE_NOOP("MapPane", "Last 90 days")),
)
DEFAULT_HEAT_DAYS = 30
AGE_TEXT = QT_TRANSLATE_NOOP("MapPane", "age")  # an incident's tooltip: "age 12:03"
# The label of the pin of the call being typed (before it is saved): "New call 中山路18号".
PENDING_TEXT = QT_TRANSLATE_NOOP("MapPane", "New call")
LEGEND_TITLE = QT_TRANSLATE_NOOP("MapPane", "Legend")
LEGEND_OVERDUE = QT_TRANSLATE_NOOP("MapPane", "Overdue (pulses)")
LEGEND_COVERAGE = QT_TRANSLATE_NOOP("MapPane", "Grid coverage")
# A 1-3-5 ring in the legend: where an available unit can be within that many minutes.
LEGEND_RING = QT_TRANSLATE_NOOP("MapPane", "An available unit within {minutes} min")

# 黑 none, 红 short, 蓝 thin, 绿 sufficient (DESIGN.md §2, coverage gap)
# The unit board's coverage strip uses the same warning colours on both themes.
COVERAGE_COLOURS = {
    "dark": {"black": "#000000", "red": "#d32f2f", "blue": "#1f63c6", "green": "#2e8b57"},
    "light": {"black": "#000000", "red": "#d32f2f", "blue": "#1f63c6", "green": "#2e8b57"},
}
RING_COLOURS = {
    "dark": {"1": "#4cc38a", "3": "#3fa3c4", "5": "#5b7fd6"},
    "light": {"1": "#1f9d55", "3": "#1b86a8", "5": "#3f5fbf"},
}


def _tr(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


def page_theme(t: theme.Theme) -> dict[str, Any]:
    """The console theme as the page's colours."""
    dark = t.name == "dark"
    return {
        "name": t.name,
        "bg": "#161b21" if dark else "#f1f0ec",
        "panel": t.header,
        "border": t.border,
        "text": t.text,
        "muted": t.muted,
        "accent": t.accent,
        "halo": "#0e1115" if dark else "#ffffff",
        # a unit's edge: dark on both grounds, so a light status colour keeps its shape on
        # the light theme's pale streets
        "outline": "#0e1115" if dark else "#1b222a",
        "road": "#343d48" if dark else "#d5d3cc",
        "roadMajor": "#4a5563" if dark else "#bfbcb2",
        "gridLine": "#7f8b99" if dark else "#6d7886",
        # names: grid names near the text colour, street names a step quieter; both on a
        # halo of the ground's colour (console-map.css)
        "gridText": "#c9d2dc" if dark else "#2b333d",
        "roadText": "#a3adb9" if dark else "#4f5965",
        # fill opacity per coverage level; the light theme's 黑 is its heavy edge and a
        # faint veil, so the streets under it stay readable
        "coverageFill": {"black": 0.28, "red": 0.12, "blue": 0.12, "green": 0.1}
        if dark
        else {"black": 0.07, "red": 0.09, "blue": 0.08, "green": 0.07},
        # the edge of a grid with no unit (黑): black vanishes on the dark ground
        "blackEdge": "#aab2bc" if dark else "#000000",
        "font": '"Noto Sans CJK SC", "WenQuanYi Micro Hei", "Microsoft YaHei", sans-serif',
        "priority": {str(k): v for k, v in t.priority.items()},
        "status": {str(k): v for k, v in t.status.items()},
        "coverage": COVERAGE_COLOURS[t.name],
        "rings": RING_COLOURS[t.name],
    }


def page_text() -> PageText:
    from .page import PageText

    return PageText(
        layer_names={k: _tr(CONTEXT, v) for k, v in LAYER_NAMES.items()},
        place_kinds={k: _tr("KeyPlaceKind", v) for k, v in PLACE_KINDS.items()},
        place_glyphs={k: _tr("KeyPlaceGlyph", v) for k, v in PLACE_GLYPHS.items()},
        strings={
            "age": _tr(CONTEXT, AGE_TEXT),
            "pendingCall": _tr(CONTEXT, PENDING_TEXT),
            "legend": legend_text(),
        },
    )


def legend_text() -> dict[str, Any]:
    """The legend's words: unit statuses (as the board names them), kinds, priorities and
    coverage levels, each with the code the page colours it by."""
    from console.domain.incidents import Priority
    from console.domain.isochrones import RING_MINUTES
    from console.domain.unit_alerts import CoverageLevel
    from console.domain.units import UnitKind, UnitStatus

    from ..ui.units.coverage import coverage_level_name
    from ..ui.vocabulary import priority_name, unit_kind_name, unit_status_name
    from .feed import COVERAGE_KEYS

    shown = [s for s in UnitStatus if s is not UnitStatus.OFF_DUTY]  # off duty: not on the map
    return {
        "title": _tr(CONTEXT, LEGEND_TITLE),
        "units": _tr(CONTEXT, LAYER_NAMES["units"]),
        "incidents": _tr(CONTEXT, LAYER_NAMES["incidents"]),
        "coverage": _tr(CONTEXT, LEGEND_COVERAGE),
        "places": _tr(CONTEXT, LAYER_NAMES["places"]),
        "rings": _tr(CONTEXT, LAYER_NAMES["rings"]),
        "ringLevels": [
            [minutes, _tr(CONTEXT, LEGEND_RING).format(minutes=minutes)] for minutes in RING_MINUTES
        ],
        "overdue": _tr(CONTEXT, LEGEND_OVERDUE),
        "statuses": [[s.value, unit_status_name(s.value)] for s in shown],
        "kinds": [[k.value, unit_kind_name(k.value)] for k in UnitKind],
        "priorities": [[p.value, priority_name(p.value)] for p in Priority],
        "coverage_levels": [
            [COVERAGE_KEYS[level.value], coverage_level_name(level)] for level in CoverageLevel
        ],
    }


def read_page_data(ctx: StationContext) -> PageData:
    from .page import PageData

    return PageData(station_geography(ctx), map_grids(ctx), map_roads(ctx), map_key_places(ctx))


def page_folder() -> Path:
    return user_cache_path(APP_NAME, appauthor=False) / "map"


class MapPane(QWidget):
    sig_ready = Signal()
    """Emitted once the page is loaded, its bridge is up and it shows the store."""

    sig_failed = Signal(str)
    """Emitted with a one-line reason when the page could not be built."""

    sig_page_built = Signal(object)  # from the builder thread: a page path or an exception

    sig_unit_clicked = Signal(int)
    sig_incident_clicked = Signal(int)
    sig_map_clicked = Signal(float, float)
    """Emitted with (lon, lat) of a click on the map away from any marker (intake uses it
    to set a location)."""

    def __init__(
        self, ctx: StationContext, *, tile_url: str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mapPane")
        self._ctx = ctx
        self._page_path: Path | None = None
        self._closed = False
        self.is_ready = False
        self._pending_call: dict[str, Any] | None = None

        self.heat_period = QComboBox(objectName="mapHeatPeriod")
        for days, title in HEAT_PERIODS:
            self.heat_period.addItem(_tr(CONTEXT, title), days)
        self.heat_period.setCurrentIndex([d for d, _ in HEAT_PERIODS].index(DEFAULT_HEAT_DAYS))
        self.heat_period.setToolTip(self.tr("Period of the incident heat map"))
        self.heat_period.currentIndexChanged.connect(self.send_heat)
        heat_label = QLabel(self.tr("Heat map:"))
        heat_label.setProperty("muted", True)
        tools = QWidget(objectName="paneHeader")
        row = QHBoxLayout(tools)
        row.setContentsMargins(8, 4, 8, 4)
        row.addStretch(1)
        row.addWidget(heat_label)
        row.addWidget(self.heat_period)

        self.view = MapView(tile_url, self)
        self.view.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.feed = MapFeed(ctx, self.view, self)
        self.view.sig_ready.connect(self._on_page_ready)
        self.view.sig_marker_clicked.connect(self._on_marker_clicked)
        self.view.sig_map_clicked.connect(self.sig_map_clicked)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(tools)
        self.message = QLabel(objectName="placeholder")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.message, 1)
        layout.addWidget(self.view, 1)
        self._tile_url = tile_url
        self.sig_page_built.connect(self._page_built)

    def load(self, *, in_background: bool = True) -> None:
        """Build the page from the station's geography and load it (once).

        folium (and pandas under it) takes most of a second to import and build, so by
        default that happens in a worker thread; the UI thread only loads the file."""
        ctx, text = self._ctx, page_text()
        theme_colours = page_theme(theme.current())
        tile_url = self._tile_url or None

        def build() -> Path | Exception:
            try:
                from .page import PageOptions, build_page_html, write_page

                html = build_page_html(
                    read_page_data(ctx), text, PageOptions(tile_url, theme_colours)
                )
                return write_page(html, page_folder(), f"console-map-{os.getpid()}.html")
            except Exception as exc:  # shown in the pane instead of the map
                return exc

        if not in_background:
            self._page_built(build())
            return

        def build_and_post() -> None:
            result = build()
            # Queued to the UI thread; the pane may have closed while the page was built.
            with contextlib.suppress(RuntimeError):
                self.sig_page_built.emit(result)

        self._builder = threading.Thread(target=build_and_post, name="map-page", daemon=True)
        self._builder.start()

    def _page_built(self, result: Path | Exception) -> None:
        if self._closed:
            if isinstance(result, Path):
                result.unlink(missing_ok=True)
            return
        if isinstance(result, Exception):
            reason = str(result).splitlines()[0] if str(result) else type(result).__name__
            if isinstance(result, MissingWebAssets):
                reason = self.tr("The map's files are not installed (run the setup command).")
            self.message.setText(self.tr("The map cannot be shown: {reason}").format(reason=reason))
            self.message.show()
            self.view.hide()
            self.sig_failed.emit(reason)
            return
        self._page_path = result
        self.view.load_page(result)

    def _on_page_ready(self) -> None:
        if self._closed:
            return
        self.feed.sync_all()
        self.feed.send_coverage()
        self.feed.schedule_rings(now=True)
        self.send_heat()
        if self._pending_call is not None:
            self.view.call("setPending", self._pending_call)
        self.is_ready = True
        self.sig_ready.emit()

    def _on_marker_clicked(self, kind: str, entity_id: int) -> None:
        if kind == "unit":
            self.sig_unit_clicked.emit(entity_id)
        elif kind == "incident":
            self.sig_incident_clicked.emit(entity_id)

    # --- driving the page -----------------------------------------------------------------

    def apply_changes(self, changes: list) -> None:
        """Slot for ``ChangeListener.sig_changes``."""
        if self.is_ready and not self._closed:
            self.feed.apply_changes(changes)

    def resync(self) -> None:
        if self.is_ready:
            self.feed.sync_all()

    def send_heat(self, *_args) -> None:
        if not self.view.is_ready:
            return
        days = int(self.heat_period.currentData())
        since = self._ctx.clock.now() - timedelta(days=days)
        points = [[round(lat, 6), round(lon, 6)] for lat, lon in heat_points(self._ctx, since)]
        self.view.call("setHeat", points)

    def select(self, kind: str, entity_id: int | None, *, pan: bool = True) -> None:
        """Highlight a unit or incident (None clears) and bring it into view."""
        if self.view.is_ready:
            self.view.call("select", {"kind": kind, "id": entity_id, "pan": pan})

    def show_pending_call(self, where: dict[str, Any] | None) -> None:
        """The pin of the call being typed ({"lon", "lat", "label"}), before it is saved;
        None takes it away. Shown once the page is ready if it is not yet."""
        self._pending_call = where
        if self.view.is_ready:
            self.view.call("setPending", where)

    def set_grid_coverage(self, levels: dict[int, str]) -> None:
        """Colour grids by coverage warning: {grid id: "black" | "red" | "blue" | "green"}.

        The hook for the coverage computation (警力冰点); grids without a level stay
        neutral."""
        if self.view.is_ready:
            self.view.call("setGridCoverage", {str(k): v for k, v in levels.items()})

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        themed = event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange)
        if themed and getattr(self, "view", None) is not None and self.view.is_ready:
            self.view.call("setTheme", page_theme(theme.current()))
            self.feed.resend_rings()

    def close_map(self) -> None:
        self._closed = True
        self.feed.close()
        self.view.dispose()
        if self._page_path is not None:
            self._page_path.unlink(missing_ok=True)
            self._page_path = None
