"""A small station arranged straight through the store models, for the UI tests (and for
the start-up benchmark when the demo builder is not there).

The code under test goes through services; only tests arrange data this way. Times are
relative to ``now`` so the queue's clocks show realistic values.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from console.domain.incidents import IncidentSource, IncidentStatus, Priority, arrival_deadline
from console.domain.people import OfficerRole
from console.domain.units import UnitKind, UnitStatus
from console.store.change_feed import append_changes, lock_feed
from console.store.engine import make_engine, normalise_url, session_factory, writer
from console.store.models import Assignment, Grid, Incident, Officer, Station, Unit, UnitCrew

STATION_NAME = "玄武门派出所"


@dataclass(frozen=True)
class ArrangedStation:
    url: str
    station_id: int
    grid_ids: tuple[int, ...]
    unit_ids: dict[str, int]  # by call sign
    open_incident_ids: tuple[int, ...]  # in queue order: most urgent, then oldest
    closed_incident_ids: tuple[int, ...]
    open_numbers: tuple[str, ...]  # the same, as incident numbers


def _square(lon: float, lat: float, d: float = 0.006) -> dict:
    ring = [[lon, lat], [lon + d, lat], [lon + d, lat + d], [lon, lat + d], [lon, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


# (call sign, kind, status, minutes in status, crew names)
UNITS = [
    ("巡01", UnitKind.CAR, UnitStatus.ON_SCENE, 6, ["王建国", "李明"]),
    ("巡02", UnitKind.CAR, UnitStatus.EN_ROUTE, 2, ["张伟", "刘洋"]),
    ("巡03", UnitKind.CAR, UnitStatus.AVAILABLE, 41, ["陈静", "杨帆"]),
    ("巡04", UnitKind.CAR, UnitStatus.PATROLLING, 18, ["赵磊", "黄海"]),
    ("步05", UnitKind.FOOT, UnitStatus.AVAILABLE, 75, ["周强"]),
    ("步06", UnitKind.FOOT, UnitStatus.BUSY, 23, ["吴敏", "徐刚"]),
    ("组07", UnitKind.ONE_PLUS_THREE, UnitStatus.PATROLLING, 9, ["孙涛", "胡军", "朱琳", "高翔"]),
    ("鹰08", UnitKind.FALCON, UnitStatus.DISPATCHED, 1, ["林峰"]),
    ("巡09", UnitKind.CAR, UnitStatus.OFF_DUTY, 130, ["何平", "郭亮"]),
    ("巡10", UnitKind.CAR, UnitStatus.ON_LOAN, 52, ["马超", "罗斌"]),
]

# (serial, minutes ago, category, priority, status, address, narrative, units, arrived after min)
INCIDENTS = [
    (
        1,
        38,
        "dispute.neighbour",
        Priority.NORMAL,
        IncidentStatus.ON_SCENE,
        "玄武区中央路 118 号 3 单元",
        "楼上漏水引发邻里纠纷，双方争吵",
        ["巡01"],
        9,
    ),
    (
        2,
        7,
        "order.fight",
        Priority.HIGH,
        IncidentStatus.DISPATCHED,
        "湖南路 27 号 便利店门口",
        "两人在店门口打架",
        ["巡02"],
        None,
    ),
    (
        3,
        3,
        "criminal.robbery",
        Priority.URGENT,
        IncidentStatus.DISPATCHED,
        "新模范马路 5 号 地铁站 2 号口",
        "女子手机被抢，嫌疑人往西逃跑",
        ["鹰08"],
        None,
    ),
    (
        4,
        12,
        "criminal.assault",
        Priority.URGENT,
        IncidentStatus.RECEIVED,
        "丹凤街 66 号",
        "一人持刀伤人，伤者倒地",
        [],
        None,
    ),
    (
        5,
        22,
        "traffic.collision",
        Priority.NORMAL,
        IncidentStatus.RECEIVED,
        "北京东路与太平北路路口",
        "两车追尾，无人受伤，堵塞车道",
        [],
        None,
    ),
    (
        6,
        55,
        "assist.lockout",
        Priority.LOW,
        IncidentStatus.RECEIVED,
        "珠江路 88 号 1203 室",
        "老人被锁门外",
        [],
        None,
    ),
    (
        7,
        16,
        "order.noise",
        Priority.LOW,
        IncidentStatus.RECEIVED,
        "成贤街 43 号",
        "楼下广场舞噪音扰民",
        [],
        None,
    ),
    (
        8,
        31,
        "criminal.theft",
        Priority.NORMAL,
        IncidentStatus.ON_SCENE,
        "鼓楼医院 门诊楼一层",
        "电动车电瓶被盗",
        ["步06"],
        12,
    ),
    (
        9,
        95,
        "traffic.collision",
        Priority.NORMAL,
        IncidentStatus.CLOSED,
        "中山路 1 号",
        "已处理",
        [],
        8,
    ),
]


def build_station(url: str, now: datetime | None = None, *, copies: int = 1) -> ArrangedStation:
    """Fill a migrated, seeded store with one station; ``copies`` repeats the incidents."""
    now = now or datetime.now(UTC)
    engine = make_engine(normalise_url(url))
    try:
        with session_factory(writer(engine)).begin() as s:
            return _fill(s, url, now, copies)
    finally:
        engine.dispose()


def _fill(s: Session, url: str, now: datetime, copies: int) -> ArrangedStation:
    station = Station(
        code="T01",
        name=STATION_NAME,
        timezone="Asia/Shanghai",
        center_lon=118.795,
        center_lat=32.06,
    )
    s.add(station)
    s.flush()
    grids = [
        Grid(
            station_id=station.id,
            code=f"G{i + 1}",
            name=name,
            boundary=_square(118.78 + 0.006 * i, 32.05),
        )
        for i, name in enumerate(["湖南路网格", "玄武门网格", "丹凤街网格", "珠江路网格"])
    ]
    s.add_all(grids)
    s.flush()

    units: dict[str, Unit] = {}
    badge = 0
    for i, (sign, kind, status, minutes, crew) in enumerate(UNITS):
        unit = Unit(
            station_id=station.id,
            call_sign=sign,
            kind=kind.value,
            status=status.value,
            status_since=now - timedelta(minutes=minutes, seconds=17 * i),
            lon=118.785 + 0.002 * i,
            lat=32.055,
            position_at=None
            if status is UnitStatus.OFF_DUTY
            else now - timedelta(seconds=8 + 50 * i),
            home_grid_id=grids[i % len(grids)].id,
        )
        s.add(unit)
        s.flush()
        units[sign] = unit
        for j, name in enumerate(crew):
            badge += 1
            officer = Officer(
                station_id=station.id,
                badge_number=f"T{badge:05d}",
                name=name,
                role=(OfficerRole.POLICE if j == 0 else OfficerRole.AUXILIARY).value,
            )
            s.add(officer)
            s.flush()
            s.add(UnitCrew(unit_id=unit.id, officer_id=officer.id, is_leader=j == 0))

    opened: list[Incident] = []
    closed: list[Incident] = []
    for copy in range(copies):
        for (
            serial,
            minutes,
            category,
            priority,
            status,
            address,
            narrative,
            signs,
            arrived,
        ) in INCIDENTS:
            received = now - timedelta(minutes=minutes + 60 * copy, seconds=7 * serial)
            incident = Incident(
                station_id=station.id,
                number=f"{received:%Y%m%d}-{serial + 100 * copy:04d}",
                received_at=received,
                entered_at=received + timedelta(seconds=40),
                source=IncidentSource.CALL_110.value,
                caller_phone="13800000000",
                address_text=address,
                lon=118.79,
                lat=32.06,
                grid_id=grids[serial % len(grids)].id,
                category_code=category,
                priority=priority.value,
                narrative=narrative,
                status=status.value,
                arrival_deadline=arrival_deadline(received, priority),
                first_dispatched_at=received + timedelta(minutes=1) if signs else None,
                first_arrived_at=received + timedelta(minutes=arrived) if arrived else None,
                closed_at=now - timedelta(minutes=10) if status is IncidentStatus.CLOSED else None,
            )
            s.add(incident)
            s.flush()
            (closed if status is IncidentStatus.CLOSED else opened).append(incident)
            for sign in signs if copy == 0 else []:
                s.add(
                    Assignment(
                        incident_id=incident.id,
                        unit_id=units[sign].id,
                        ordered_at=received + timedelta(minutes=1),
                    )
                )
                units[sign].current_incident_id = incident.id
    s.flush()
    opened.sort(key=lambda i: (Priority(i.priority).rank, i.received_at))
    return ArrangedStation(
        url=url,
        station_id=station.id,
        grid_ids=tuple(g.id for g in grids),
        unit_ids={sign: u.id for sign, u in units.items()},
        open_incident_ids=tuple(i.id for i in opened),
        closed_incident_ids=tuple(i.id for i in closed),
        open_numbers=tuple(i.number for i in opened),
    )


def add_incident(
    url: str,
    *,
    number: str,
    priority: Priority,
    minutes_ago: float,
    station_id: int,
    category: str = "assist.lost_property",
    address: str = "测试地址 1 号",
) -> int:
    """A new open incident and its change row, as an intake service on another
    workstation would commit it."""
    engine = make_engine(normalise_url(url))
    try:
        with session_factory(writer(engine)).begin() as s:
            received = datetime.now(UTC) - timedelta(minutes=minutes_ago)
            incident = Incident(
                station_id=station_id,
                number=number,
                received_at=received,
                source=IncidentSource.WALK_IN.value,
                address_text=address,
                category_code=category,
                priority=priority.value,
                narrative="",
                status=IncidentStatus.RECEIVED.value,
                arrival_deadline=arrival_deadline(received, priority),
            )
            s.add(incident)
            s.flush()
            lock_feed(s)
            append_changes(
                s,
                [("incident", str(incident.id), "insert")],
                at=datetime.now(UTC),
                origin="test-other-workstation",
            )
            return incident.id
    finally:
        engine.dispose()


def set_incident_fields(url: str, incident_id: int, **fields) -> None:
    """Change an incident (close it, regrade it …) and append its change row."""
    engine = make_engine(normalise_url(url))
    try:
        with session_factory(writer(engine)).begin() as s:
            incident = s.get(Incident, incident_id)
            for key, value in fields.items():
                setattr(incident, key, value)
            incident.version += 1
            s.flush()
            lock_feed(s)
            append_changes(
                s,
                [("incident", str(incident_id), "update")],
                at=datetime.now(UTC),
                origin="test-other-workstation",
            )
    finally:
        engine.dispose()
