"""The small test station plus a few standard addresses, for intake tests."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from console.domain.addresses import normalise_address
from console.domain.clock import FixedClock
from console.services.context import StationContext
from console.services.station import open_station
from console.store.engine import make_engine, normalise_url, session_factory
from console.store.models import Grid, StandardAddress
from tests.support.station_factory import NOW, build_small_station

# Inside grid G1 (118.775–118.780, 32.035–32.040) and G2 (118.780–118.785).
ADDRESSES = [
    ("中山路18号", "中山路", "18", 118.7780, 32.0370, "G1"),
    ("中山路20号", "中山路", "20", 118.7782, 32.0371, "G1"),
    ("中山路118号", "中山路", "118", 118.7790, 32.0380, "G1"),
    ("汉中路2号", "汉中路", "2", 118.7820, 32.0360, "G2"),
    ("丰富路7弄", "丰富路", "7", 118.7830, 32.0390, "G2"),
]


@dataclass
class IntakeStation:
    url: str
    address_ids: dict[str, int]
    grid_ids: dict[str, int]
    open_incident_ids: tuple[int, ...]
    closed_incident_ids: tuple[int, ...]

    def open(self, clock: FixedClock | None = None) -> StationContext:
        return open_station(self.url, clock=clock or FixedClock(NOW))


def build_intake_station(url: str) -> IntakeStation:
    small = build_small_station(url)
    engine = make_engine(normalise_url(url))
    try:
        with session_factory(engine).begin() as s:
            grids = {g.code: g.id for g in s.scalars(select(Grid))}
            rows = [
                StandardAddress(
                    station_id=small.station_id,
                    text=text,
                    normalised_text=normalise_address(text),
                    street=street,
                    house_number=number,
                    lon=lon,
                    lat=lat,
                    grid_id=grids[grid],
                )
                for text, street, number, lon, lat, grid in ADDRESSES
            ]
            s.add_all(rows)
            s.flush()
            ids = {r.text: r.id for r in rows}
    finally:
        engine.dispose()
    return IntakeStation(url, ids, grids, small.open_incident_ids, small.closed_incident_ids)
