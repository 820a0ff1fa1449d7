"""Keeps the map page equal to the store: reads what the change feed names, works out
the smallest delta (add, move, restyle, remove by id) against what the page already
shows, and sends it through the view's one bridge.

Response rings are recomputed off the UI thread, at most every ``RING_DEBOUNCE_MS``,
when an available unit changed status or moved more than ``RING_MOVE_M`` from where the
rings last put it: a terminal reporting every few seconds (GPS jitter, a car crawling in
traffic) must not redraw every ring on the page each time.
"""

from __future__ import annotations

import base64
import math
from array import array
from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime
from itertools import chain
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from console.domain.incidents import Priority
from console.domain.units import DISPATCHABLE_STATUSES
from console.services.context import StationContext
from console.services.map_data import MapIncident, MapUnit, map_incidents, map_units
from console.services.map_data import response_ring_areas as ring_areas
from console.services.unit_board import grid_coverage

from ..ui.i18n import current_language
from ..ui.vocabulary import priority_name, unit_kind_name, unit_status_name
from .view import MapView

RING_DEBOUNCE_MS = 1500
RING_MOVE_M = 100.0  # well under a 1-minute ring's reach, well over GPS jitter
_M_PER_DEG_LAT = 111_320.0
# CoverageLevel values -> the page's colour keys
COVERAGE_KEYS = {"none": "black", "short": "red", "thin": "blue", "sufficient": "green"}
_RING_STATUSES = frozenset(s.value for s in DISPATCHABLE_STATUSES)


def _ms(at: datetime | None) -> int | None:
    return None if at is None else int(at.timestamp() * 1000)


def unit_record(u: MapUnit) -> dict[str, Any]:
    return {
        "id": u.id,
        "cs": u.call_sign,
        "kind": u.kind,
        "kindText": unit_kind_name(u.kind),
        "st": u.status,
        "stText": unit_status_name(u.status),
        "since": _ms(u.status_since),
        "lat": u.lat,
        "lon": u.lon,
        "hd": u.heading_deg,
    }


def incident_record(i: MapIncident) -> dict[str, Any]:
    try:
        rank = Priority(i.priority).rank
    except ValueError:
        rank = len(Priority)
    return {
        "id": i.id,
        "number": i.number,
        "category": i.category_zh if current_language() == "zh_CN" else i.category_en,
        "pr": i.priority,
        "prText": priority_name(i.priority),
        "rank": rank,
        "received": _ms(i.received_at),
        "deadline": _ms(i.arrival_deadline),
        "arrived": i.first_arrived_at is not None,
        "lat": i.lat,
        "lon": i.lon,
    }


def _only_moved(old: MapUnit, new: MapUnit) -> bool:
    # Field by field: this runs for every unit on every position report.
    return (
        old.status == new.status
        and old.status_since == new.status_since
        and old.kind == new.kind
        and old.call_sign == new.call_sign
    )


def _within(
    now: dict[int, tuple[float, float]], then: dict[int, tuple[float, float]], metres: float
) -> bool:
    """The same units as ``then``, none of them more than ``metres`` from where it was
    (an equirectangular distance: exact enough at a station's scale)."""
    if now.keys() != then.keys():
        return False
    for unit_id, (lon, lat) in now.items():
        lon0, lat0 = then[unit_id]
        dy = (lat - lat0) * _M_PER_DEG_LAT
        dx = (lon - lon0) * _M_PER_DEG_LAT * math.cos(math.radians(lat0))
        if dx * dx + dy * dy > metres * metres:
            return False
    return True


def unit_delta(sent: dict[int, MapUnit], fresh: dict[int, MapUnit | None]) -> dict[str, list[Any]]:
    """The page delta that turns ``sent`` into ``fresh`` (None: gone); updates ``sent``."""
    upsert: list[dict[str, Any]] = []
    move: list[list[Any]] = []
    remove: list[int] = []
    for unit_id, new in fresh.items():
        old = sent.get(unit_id)
        if new is None:
            if old is not None:
                remove.append(unit_id)
                del sent[unit_id]
            continue
        if old is not None and _only_moved(old, new):  # the common case: a position report
            if old.lon != new.lon or old.lat != new.lat or old.heading_deg != new.heading_deg:
                move.append([unit_id, new.lat, new.lon, new.heading_deg])
            sent[unit_id] = new
            continue
        upsert.append(unit_record(new))
        sent[unit_id] = new
    return {"upsert": upsert, "move": move, "remove": remove}


def pack_moves(move: list[list[Any]]) -> str:
    """Move rows ``[id, lat, lon, heading]`` as one base64 string of float64 quadruples
    (heading NaN when unknown), which the page reads as a ``Float64Array``.

    Positions stay exact doubles, and it is what makes a busy map cheap to update: JSON
    spends most of its time writing out the shortest decimal form of every float. Native
    byte order: Python and the page run on the same machine.
    """
    nan = float("nan")
    flat = [nan if v is None else v for v in chain.from_iterable(move)]
    return base64.b64encode(array("d", flat).tobytes()).decode("ascii")


def page_delta(
    seq: int, units: dict[str, list[Any]], incidents: dict[str, list[Any]]
) -> dict[str, Any]:
    """The argument of the page's ``consoleMap.apply``: the unit and incident deltas,
    with the unit moves packed (``pack_moves``)."""
    wire_units = {"upsert": units["upsert"], "remove": units["remove"]}
    if units["move"]:
        wire_units["moves"] = pack_moves(units["move"])
    return {"seq": seq, "units": wire_units, "incidents": incidents}


def incident_delta(
    sent: dict[int, MapIncident], fresh: dict[int, MapIncident | None]
) -> dict[str, list[Any]]:
    upsert: list[dict[str, Any]] = []
    remove: list[int] = []
    for incident_id, new in fresh.items():
        old = sent.get(incident_id)
        if new is None:
            if old is not None:
                remove.append(incident_id)
                del sent[incident_id]
        elif old != new:
            upsert.append(incident_record(new))
            sent[incident_id] = new
    return {"upsert": upsert, "remove": remove}


class MapFeed(QObject):
    """Feeds one ``MapView`` from the store through services."""

    sig_synced = Signal(int)
    """Emitted with the delta's sequence number when the page acknowledged it."""

    sig_rings_done = Signal(object)  # (generation, rings) from the worker thread

    def __init__(self, ctx: StationContext, view: MapView, parent: QObject | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self._view = view
        self._units: dict[int, MapUnit] = {}
        self._incidents: dict[int, MapIncident] = {}
        self._seq = 0
        self.acked_seq = 0
        self.errors: list[str] = []
        self._ring_timer = QTimer(self, singleShot=True, interval=RING_DEBOUNCE_MS)
        self._ring_timer.timeout.connect(self._start_rings)
        self._ring_positions: dict[int, tuple[float, float]] | None = None
        self._ring_generation = 0
        self._ring_future: Future | None = None
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="map-rings")
        self.sig_rings_done.connect(self._rings_done)
        self.rings_enabled = True
        self._last_rings: list | None = None
        self._closed = False

    # --- inputs -------------------------------------------------------------------------

    def sync_all(self) -> None:
        """Make the page equal to the store (first load, or after the feed was lost)."""
        if self._closed:
            return
        units: dict[int, MapUnit | None] = dict(map_units(self._ctx))
        for gone in set(self._units) - set(units):
            units[gone] = None
        incidents: dict[int, MapIncident | None] = dict(map_incidents(self._ctx))
        for gone in set(self._incidents) - set(incidents):
            incidents[gone] = None
        self._send(units, incidents)

    def apply_changes(self, changes: Sequence[Any]) -> None:
        """Slot for ``ChangeListener.sig_changes``."""
        unit_ids = {int(c.entity_id) for c in changes if c.entity == "unit"}
        incident_ids = {int(c.entity_id) for c in changes if c.entity == "incident"}
        if not unit_ids and not incident_ids:
            return
        self.refresh(unit_ids, incident_ids)

    def refresh(self, unit_ids: Iterable[int], incident_ids: Iterable[int]) -> None:
        if self._closed:
            return
        unit_ids, incident_ids = set(unit_ids), set(incident_ids)
        units: dict[int, MapUnit | None] = dict.fromkeys(unit_ids)
        if unit_ids:
            units.update(map_units(self._ctx, unit_ids))
        incidents: dict[int, MapIncident | None] = dict.fromkeys(incident_ids)
        if incident_ids:
            incidents.update(map_incidents(self._ctx, incident_ids))
        self._send(units, incidents)

    # --- output -------------------------------------------------------------------------

    @property
    def units(self) -> dict[int, MapUnit]:
        """What the page shows (or has been sent), by id."""
        return dict(self._units)

    @property
    def incidents(self) -> dict[int, MapIncident]:
        return dict(self._incidents)

    def _send(
        self, units: dict[int, MapUnit | None], incidents: dict[int, MapIncident | None]
    ) -> None:
        before = {i: u for i, u in self._units.items() if u.status in _RING_STATUSES}
        u = unit_delta(self._units, units)
        i = incident_delta(self._incidents, incidents)
        if not any(u.values()) and not any(i.values()):
            return
        self._seq += 1
        self._view.call("apply", page_delta(self._seq, u, i), self._acknowledged)
        after = {i: u for i, u in self._units.items() if u.status in _RING_STATUSES}
        if before != after:
            self.schedule_rings()
        if u["upsert"] or u["remove"]:  # a status changed: a grid may have run short
            self.send_coverage()

    def send_coverage(self) -> None:
        """Colour the grids by coverage warning (黑/红/蓝/绿), from the unit board's service."""
        if self._closed:
            return
        try:
            levels = {
                str(g.grid_id): COVERAGE_KEYS.get(str(g.level)) for g in grid_coverage(self._ctx)
            }
        except Exception as exc:  # the store went away: grids keep their last colours
            self.errors.append(f"coverage: {exc}")
            return
        self._view.call("setGridCoverage", levels, self._rings_acknowledged)

    def _acknowledged(self, answer: dict[str, Any]) -> None:
        if not answer.get("ok"):
            self.errors.append(str(answer.get("error")))
            return
        self.acked_seq = max(self.acked_seq, int(answer.get("seq", 0)))
        self.sig_synced.emit(self.acked_seq)

    # --- response rings -----------------------------------------------------------------

    def schedule_rings(self, now: bool = False) -> None:
        if not self.rings_enabled or self._closed:
            return
        if now:
            self._ring_timer.stop()
            self._start_rings()
        elif not self._ring_timer.isActive():
            self._ring_timer.start()

    def _start_rings(self) -> None:
        if self._closed:
            return
        placed = {
            unit_id: (u.lon, u.lat)
            for unit_id, u in self._units.items()
            if u.status in _RING_STATUSES and u.lon is not None and u.lat is not None
        }
        if self._ring_positions is not None and _within(placed, self._ring_positions, RING_MOVE_M):
            return
        self._ring_positions = placed
        positions = tuple(sorted(placed.values()))
        self._ring_generation += 1
        generation = self._ring_generation
        ctx = self._ctx

        def work() -> None:
            try:
                rings = ring_areas(ctx, positions)
            except Exception as exc:  # a lost store: keep the old rings, say why
                rings = exc
            self.sig_rings_done.emit((generation, rings))  # queued to the UI thread

        self._ring_future = self._pool.submit(work)

    def _rings_done(self, result: tuple[int, Any]) -> None:
        generation, rings = result
        if generation != self._ring_generation or self._closed:
            return  # a newer computation is under way
        if isinstance(rings, Exception):
            self.errors.append(f"rings: {rings}")
            self._ring_positions = None  # try again on the next change, wherever units are
            return
        self._last_rings = rings
        self._view.call("setRings", rings, self._rings_acknowledged)

    def resend_rings(self) -> None:
        """Draw the last rings again (their colours follow the theme)."""
        if self._last_rings is not None:
            self._view.call("setRings", self._last_rings, self._rings_acknowledged)

    def _rings_acknowledged(self, answer: dict[str, Any]) -> None:
        if not answer.get("ok"):
            self.errors.append(str(answer.get("error")))

    def close(self) -> None:
        self._closed = True
        self._ring_timer.stop()
        self._pool.shutdown(wait=True, cancel_futures=True)
