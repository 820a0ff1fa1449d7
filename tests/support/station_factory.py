"""A small hand-built station for tests: two grids, three units, a handful of incidents.

Tests arrange data straight through the store models; the code under test goes through
services. Times are fixed so tests can compute expected values by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from console.domain.incidents import IncidentSource, IncidentStatus, Priority, arrival_deadline
from console.domain.people import OfficerRole
from console.domain.units import UnitKind, UnitStatus
from console.store.engine import make_engine, normalise_url, session_factory
from console.store.models import Grid, Incident, Officer, Station, Team, Unit, UnitCrew

NOW = datetime(2026, 11, 22, 6, 30, tzinfo=UTC)  # 14:30 in Nanjing


def _square(lon: float, lat: float, d: float = 0.005) -> dict:
    ring = [[lon, lat], [lon + d, lat], [lon + d, lat + d], [lon, lat + d], [lon, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


@dataclass(frozen=True)
class SmallStation:
    station_id: int
    grid_ids: tuple[int, ...]
    unit_ids: tuple[int, ...]
    open_incident_ids: tuple[int, ...]  # in queue order: most urgent, then oldest
    closed_incident_ids: tuple[int, ...]


def build_small_station(db_url: str, now: datetime = NOW) -> SmallStation:
    engine = make_engine(normalise_url(db_url))
    try:
        with session_factory(engine).begin() as s:
            return _fill(s, now)
    finally:
        engine.dispose()


def _fill(s: Session, now: datetime) -> SmallStation:
    station = Station(
        code="T01", name="测试派出所", timezone="Asia/Shanghai", center_lon=118.78, center_lat=32.04
    )
    s.add(station)
    s.flush()
    grids = [
        Grid(station_id=station.id, code="G1", name="第一网格", boundary=_square(118.775, 32.035)),
        Grid(station_id=station.id, code="G2", name="第二网格", boundary=_square(118.780, 32.035)),
    ]
    team = Team(station_id=station.id, code="A", name="一队")
    s.add_all([*grids, team])
    s.flush()
    officers = [
        Officer(
            station_id=station.id,
            badge_number=f"0{i:05d}",
            name=name,
            role=role.value,
            skills=skills,
            team_id=team.id,
        )
        for i, (name, role, skills) in enumerate(
            [
                ("王建国", OfficerRole.POLICE, ["armed"]),
                ("李明", OfficerRole.AUXILIARY, []),
                ("张伟", OfficerRole.POLICE, ["traffic"]),
                ("刘洋", OfficerRole.AUXILIARY, []),
            ]
        )
    ]
    s.add_all(officers)
    s.flush()
    units = [
        Unit(
            station_id=station.id,
            call_sign=sign,
            kind=kind.value,
            status=status.value,
            status_since=now - timedelta(minutes=12),
            lon=118.777 + i * 0.002,
            lat=32.037,
            position_at=now - timedelta(seconds=30),
            home_grid_id=grids[i % 2].id,
        )
        for i, (sign, kind, status) in enumerate(
            [
                ("巡01", UnitKind.CAR, UnitStatus.AVAILABLE),
                ("巡02", UnitKind.CAR, UnitStatus.PATROLLING),
                ("步03", UnitKind.FOOT, UnitStatus.AVAILABLE),
            ]
        )
    ]
    s.add_all(units)
    s.flush()
    s.add_all(
        [
            UnitCrew(unit_id=units[0].id, officer_id=officers[0].id, is_leader=True),
            UnitCrew(unit_id=units[0].id, officer_id=officers[1].id),
            UnitCrew(unit_id=units[1].id, officer_id=officers[2].id, is_leader=True),
            UnitCrew(unit_id=units[2].id, officer_id=officers[3].id, is_leader=True),
        ]
    )

    def incident(serial, minutes_ago, category, priority, status, address):
        received = now - timedelta(minutes=minutes_ago)
        return Incident(
            station_id=station.id,
            number=f"20261122-{serial:04d}",
            received_at=received,
            entered_at=received + timedelta(seconds=40),
            source=IncidentSource.CALL_110.value,
            caller_phone="13800000000",
            address_text=address,
            lon=118.778,
            lat=32.037,
            grid_id=grids[serial % 2].id,
            category_code=category,
            priority=priority.value,
            narrative="测试警情",
            status=status.value,
            arrival_deadline=arrival_deadline(received, priority),
        )

    open_rows = [
        incident(3, 4, "order.fight", Priority.URGENT, IncidentStatus.RECEIVED, "中山路18号"),
        incident(1, 25, "dispute.neighbour", Priority.NORMAL, IncidentStatus.RECEIVED, "汉中路2号"),
        incident(2, 9, "assist.lockout", Priority.LOW, IncidentStatus.RECEIVED, "丰富路7号"),
    ]
    closed_rows = [
        incident(4, 120, "traffic.collision", Priority.NORMAL, IncidentStatus.CLOSED, "洪武路1号")
    ]
    s.add_all(open_rows + closed_rows)
    s.flush()
    return SmallStation(
        station_id=station.id,
        grid_ids=tuple(g.id for g in grids),
        unit_ids=tuple(u.id for u in units),
        open_incident_ids=(open_rows[0].id, open_rows[1].id, open_rows[2].id),
        closed_incident_ids=tuple(i.id for i in closed_rows),
    )
