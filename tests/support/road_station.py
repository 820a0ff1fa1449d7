"""The small station of station_factory.py on the hand-checked road network of
tests/domain/test_road_graph.py, with units parked on its junctions.

    A ──400 m res── B ──400 m res── C
    │                               │ 300 m tertiary, one way C → E
    300 m res                       ▼
    D ─────────1000 m primary────── E      (the open incidents are at E)

Driving seconds to E: from A 144, B 108, C 36, D 90; the foot patrol parked at D walks
1,000 m at 5 km/h: 720 s.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, update

from console.store.engine import make_engine, normalise_url, session_factory
from console.store.models import Incident, RoadNode, RoadSegment, Unit

from .station_factory import SmallStation

JUNCTIONS = {
    "A": (118.780, 32.040),
    "B": (118.784, 32.040),
    "C": (118.788, 32.040),
    "D": (118.780, 32.037),
    "E": (118.788, 32.037),
}
ROADS = [
    ("A", "B", 400, "residential", False),
    ("B", "C", 400, "residential", False),
    ("A", "D", 300, "residential", False),
    ("D", "E", 1000, "primary", False),
    ("C", "E", 300, "tertiary", True),
]
SECONDS_TO_E = {"A": 144.0, "B": 108.0, "C": 36.0, "D": 90.0, "E": 0.0}
# On foot (5 km/h, either way along the streets): D → E is the 1,000 m street, 720 s.
WALKING_SECONDS_TO_E = {"D": 1000 / (5 / 3.6)}
# Where each unit of the small station is parked, and its skills.
PARKED = {"巡01": ("A", ["armed", "driver"]), "巡02": ("C", ["traffic"]), "步03": ("D", [])}


@dataclass(frozen=True)
class RoadStation:
    url: str
    small: SmallStation
    unit_ids: dict[str, int]  # by call sign


def add_roads(url: str, small: SmallStation) -> RoadStation:
    engine = make_engine(normalise_url(url))
    try:
        with session_factory(engine).begin() as s:
            nodes = {
                name: RoadNode(station_id=small.station_id, lon=lon, lat=lat)
                for name, (lon, lat) in JUNCTIONS.items()
            }
            s.add_all(nodes.values())
            s.flush()
            for a, b, length, road_class, oneway in ROADS:
                s.add(
                    RoadSegment(
                        station_id=small.station_id,
                        from_node_id=nodes[a].id,
                        to_node_id=nodes[b].id,
                        road_class=road_class,
                        oneway=oneway,
                        length_m=length,
                        geometry=[list(JUNCTIONS[a]), list(JUNCTIONS[b])],
                    )
                )
            units = {u.call_sign: u for u in s.scalars(select(Unit))}
            for call_sign, (junction, skills) in PARKED.items():
                units[call_sign].lon, units[call_sign].lat = JUNCTIONS[junction]
                units[call_sign].skills = skills
            lon, lat = JUNCTIONS["E"]
            s.execute(
                update(Incident)
                .where(Incident.id.in_(small.open_incident_ids))
                .values(lon=lon, lat=lat)
            )
            return RoadStation(url, small, {k: u.id for k, u in units.items()})
    finally:
        engine.dispose()
