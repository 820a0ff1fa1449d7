"""The debrief's rates and figures on a small hand-built fixture, on both backends.

Nine incidents of Tuesday 10 November 2026 (station-local, Asia/Shanghai), reviewed at
noon the next day; every expected figure below is counted by hand from this table.

    A 紧急   called back 满意     on time, first unit arrived
    B 紧急   called back 基本满意  late (travel), first unit recalled, second one arrived
    C 较紧急 closed               on time, not called back (has a clearance note)
    D 一般   called back 不满意   on time
    E 一般   diverted to 12345
    F 一般   transferred          on time (transferred on scene)
    G 一般   closed as duplicate  never dispatched
    H 较紧急 received             never dispatched: late (dispatch)
    I 非紧急 called back 满意     settled by phone
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from console.domain.clock import FixedClock
from console.domain.incidents import Priority, arrival_deadline
from console.domain.review.results import DelayPart, IncidentSelection
from console.services.review import debrief, incidents_for
from console.services.station import open_station
from console.store.engine import make_engine, normalise_url, session_factory
from console.store.models import Assignment, Incident, IncidentEvent
from tests.support.station_factory import build_small_station

# 2026-11-10 00:00 in Nanjing (UTC+8).
DAY_START = datetime(2026, 11, 9, 16, 0, tzinfo=UTC)
DAY_END = DAY_START + timedelta(days=1)
AS_OF = datetime(2026, 11, 11, 4, 0, tzinfo=UTC)


def hm(hour: int, minute: int = 0, second: int = 0) -> datetime:
    """A local time of 10 November (Nanjing) as UTC."""
    return DAY_START + timedelta(hours=hour, minutes=minute, seconds=second)


def plus(t: datetime, seconds: float) -> datetime:
    return t + timedelta(seconds=seconds)


@pytest.fixture
def fixture_store(store_url):
    station = build_small_station(store_url)
    g1, g2 = station.grid_ids
    u1, u2, u3 = station.unit_ids
    engine = make_engine(normalise_url(store_url))
    ids: dict[str, int] = {}

    def add(
        s,
        key,
        hour,
        priority,
        status,
        steps,
        *,
        grid=g1,
        satisfaction=None,
        disposition=None,
        units=(),
    ):
        received = hm(hour)
        stamp = {k: (None if v is None else plus(received, v)) for k, v in steps.items()}
        inc = Incident(
            station_id=station.station_id,
            number=f"20261110-{len(ids) + 1:04d}",
            received_at=received,
            answered_at=stamp.get("answered"),
            entered_at=stamp.get("entered"),
            source="call_110",
            grid_id=grid,
            category_code="order.fight" if priority in ("urgent", "high") else "dispute.neighbour",
            priority=priority,
            narrative="",
            status=status,
            arrival_deadline=arrival_deadline(received, Priority(priority)),
            first_dispatched_at=stamp.get("dispatched"),
            first_arrived_at=stamp.get("arrived"),
            closed_at=stamp.get("closed"),
            called_back_at=stamp.get("called_back"),
            satisfaction=satisfaction,
            disposition_code=disposition or ("resolved" if stamp.get("closed") else None),
        )
        s.add(inc)
        s.flush()
        for unit, ordered, arrived, cleared, cancelled in units:
            s.add(
                Assignment(
                    incident_id=inc.id,
                    unit_id=unit,
                    ordered_at=plus(received, ordered),
                    arrived_at=None if arrived is None else plus(received, arrived),
                    cleared_at=None if cleared is None else plus(received, cleared),
                    cancelled_at=None if cancelled is None else plus(received, cancelled),
                )
            )
        ids[key] = inc.id

    full = dict(answered=5, entered=50, dispatched=60)
    with session_factory(engine).begin() as s:
        add(
            s,
            "A",
            9,
            "urgent",
            "called_back",
            {**full, "arrived": 240, "closed": 1800, "called_back": 7200},
            satisfaction="satisfied",
            units=[(u1, 60, 240, 1800, None)],
        )
        add(
            s,
            "B",
            10,
            "urgent",
            "called_back",
            {**full, "arrived": 420, "closed": 2400, "called_back": 9000},
            satisfaction="fairly_satisfied",
            units=[(u1, 60, None, None, 90), (u2, 100, 420, 2400, None)],
        )
        add(
            s,
            "C",
            14,
            "high",
            "closed",
            {**full, "arrived": 300, "closed": 1500},
            grid=g2,
            units=[(u3, 60, 300, 1500, None)],
        )
        add(
            s,
            "D",
            15,
            "normal",
            "called_back",
            {**full, "arrived": 500, "closed": 2000, "called_back": 5000},
            satisfaction="dissatisfied",
            units=[(u2, 60, 500, 2000, None)],
        )
        add(s, "E", 16, "normal", "diverted", dict(answered=5, entered=50))
        add(
            s,
            "F",
            17,
            "normal",
            "transferred",
            {**full, "arrived": 400},
            units=[(u1, 60, 400, 1000, None)],
        )
        add(
            s,
            "G",
            18,
            "normal",
            "closed",
            dict(answered=5, entered=50, closed=100),
            disposition="duplicate",
        )
        add(s, "H", 21, "high", "received", dict(answered=5, entered=50))
        add(
            s,
            "I",
            22,
            "low",
            "called_back",
            dict(answered=5, entered=50, closed=600, called_back=4000),
            satisfaction="satisfied",
        )
        s.add(
            IncidentEvent(
                incident_id=ids["C"],
                at=AS_OF,
                kind="clearance_note",
                detail={"text": "回访电话无人接听"},
            )
        )
    engine.dispose()
    ctx = open_station(store_url, clock=FixedClock(AS_OF))
    yield ctx, ids, station
    ctx.close()


def test_rates_equal_hand_counts(fixture_store):
    ctx, ids, _ = fixture_store
    d = debrief(ctx, DAY_START, DAY_END)
    assert d.incidents == 9
    r = d.rates
    assert (r.first_response.numerator, r.first_response.denominator) == (4, 5)
    assert (r.closure.numerator, r.closure.denominator) == (6, 7)
    assert (r.callback.numerator, r.callback.denominator) == (4, 5)
    assert (r.satisfaction.numerator, r.satisfaction.denominator) == (3, 4)
    assert (r.on_time_arrival.numerator, r.on_time_arrival.denominator) == (4, 6)
    assert r.satisfaction.rate == 0.75
    assert d.by_priority == {"urgent": 2, "high": 2, "normal": 4, "low": 1}


def test_late_incidents_and_their_parts(fixture_store):
    ctx, ids, _ = fixture_store
    d = debrief(ctx, DAY_START, DAY_END)
    assert d.late_total == 2
    # H waited 11:50 past its deadline by noon the next day; B was 2 minutes late.
    assert [b.incident_id for b in d.late_incidents] == [ids["H"], ids["B"]]
    h, b = d.late_incidents
    assert h.late_part is DelayPart.DISPATCH and h.dispatch.seconds is None
    assert b.late_part is DelayPart.TRAVEL
    assert b.travel.seconds == pytest.approx(360) and b.travel.target_seconds == pytest.approx(165)
    assert b.response_seconds == pytest.approx(420)
    travel = next(p for p in d.parts if p.part is DelayPart.TRAVEL)
    assert travel.late_because == 1 and travel.measured == 5


def test_arrival_distribution_and_percentile(fixture_store):
    ctx, _, _ = fixture_store
    d = debrief(ctx, DAY_START, DAY_END)
    urgent = d.arrival["urgent"]
    assert urgent.count == 2 and urgent.on_time == 1 and urgent.target_seconds == 300
    assert urgent.p90_seconds == pytest.approx(240 + 0.9 * 180)  # linear between 240 and 420
    assert sum(urgent.counts) == 2
    everything = d.arrival["all"]  # A 240, B 420, C 300, D 500, F 400
    assert everything.count == 5
    assert everything.p50_seconds == pytest.approx(400)
    assert "low" not in d.arrival


def test_daily_clearance_hours_and_categories(fixture_store):
    ctx, _, _ = fixture_store
    d = debrief(ctx, DAY_START, DAY_END)
    (day,) = d.daily_clearance
    assert day.day == date(2026, 11, 10)
    assert (day.received, day.pending_open, day.pending_callback, day.explained) == (9, 1, 1, 1)
    assert not day.cleared
    # 10 November 2026 is a Tuesday (weekday 1).
    tuesday = d.hour_weekday.counts[1]
    assert [h for h in range(24) if tuesday[h]] == [9, 10, 14, 15, 16, 17, 18, 21, 22]
    assert d.hour_weekday.total == 9
    counts = {(c.category_code, c.priority): c.count for c in d.by_category}
    assert counts == {
        ("order", "urgent"): 2,
        ("order", "high"): 2,
        ("dispute", "normal"): 4,
        ("dispute", "low"): 1,
    }
    (week,) = d.weekly
    assert week.week_start == date(2026, 11, 9) and week.incidents == 9
    assert week.rates == d.rates


def test_unit_times_and_coverage_from_assignments(fixture_store):
    ctx, _, station = fixture_store
    u1, u2, u3 = station.unit_ids
    d = debrief(ctx, DAY_START, DAY_END)
    times = {t.unit_id: t for t in d.unit_status}
    # 巡01: A 180 s dispatched + 1560 s on scene; B recalled after 30 s; F 340 + 600.
    assert times[u1].dispatched_seconds == pytest.approx(180 + 30 + 340)
    assert times[u1].on_scene_seconds == pytest.approx(1560 + 600)
    assert times[u1].incidents == 3
    assert times[u2].incidents == 2 and times[u3].incidents == 1
    assert times[u1].on_duty_seconds is None  # no approved roster
    assert any("not stored" in n for n in d.notes)
    # G1 holds 巡01 and 步03 (min 2): short whenever either is out (巡01 on A, B, F; 步03
    # on C, which lies in G2); G2 holds 巡02 only (min 2): always short.
    g1, g2 = (c for c in d.coverage)
    assert g1.units == 2 and g2.units == 1
    assert g2.gap_seconds == pytest.approx(86400)
    a_out = (hm(9, 1), hm(9, 30))
    assert any(
        g.start == a_out[0] and g.end == a_out[1] and g.available_units == 1 for g in g1.gaps
    )
    assert g1.gap_seconds == pytest.approx(1740 + 30 + 940 + 1440)


def test_grid_filter(fixture_store):
    ctx, _, station = fixture_store
    d = debrief(ctx, DAY_START, DAY_END, grid_ids=[station.grid_ids[1]])
    assert d.incidents == 1 and d.by_priority["high"] == 1
    assert [c.grid_id for c in d.coverage] == [station.grid_ids[1]]


def test_incidents_behind_a_bar(fixture_store):
    ctx, ids, station = fixture_store
    base = dict(start=DAY_START, end=DAY_END)
    late = incidents_for(ctx, IncidentSelection(**base, late_only=True))
    assert [b.incident_id for b in late] == [ids["B"], ids["H"]]
    urgent = incidents_for(ctx, IncidentSelection(**base, priority="urgent"))
    assert [b.number for b in urgent] == ["20261110-0001", "20261110-0002"]
    by_unit = incidents_for(ctx, IncidentSelection(**base, unit_id=station.unit_ids[1]))
    assert [b.incident_id for b in by_unit] == [ids["B"], ids["D"]]
    cell = incidents_for(ctx, IncidentSelection(**base, weekday=1, hour=14))
    assert [b.incident_id for b in cell] == [ids["C"]]
    bin_ = incidents_for(ctx, IncidentSelection(**base, response_from_s=240, response_to_s=300))
    assert [b.incident_id for b in bin_] == [ids["A"]]
    dispute = incidents_for(ctx, IncidentSelection(**base, category_code="dispute"))
    assert len(dispute) == 5
    travel = incidents_for(ctx, IncidentSelection(**base, late_part=DelayPart.TRAVEL))
    assert [b.incident_id for b in travel] == [ids["B"]]


def test_an_empty_period_gives_empty_figures(fixture_store):
    ctx, _, _ = fixture_store
    d = debrief(ctx, DAY_START - timedelta(days=30), DAY_START - timedelta(days=29))
    assert d.incidents == 0 and d.late_total == 0
    assert d.rates.closure.rate is None
    assert d.arrival["all"].count == 0 and d.arrival["all"].p90_seconds is None
    assert d.daily_clearance == () and d.weekly == ()


def test_officer_workload_from_the_approved_roster(fixture_store, store_url):
    from sqlalchemy import select

    from console.domain.review.results import PointWeights
    from console.store.models import Officer, Roster, RosterEntry, ShiftType

    ctx, _, station = fixture_store
    u1, _, u3 = station.unit_ids
    engine = make_engine(normalise_url(store_url))
    with session_factory(engine).begin() as s:
        wang, li = s.scalars(select(Officer.id).order_by(Officer.badge_number)).all()[:2]
        day = ShiftType(
            station_id=station.station_id,
            code="D",
            name="白班",
            start_minute=480,
            duration_min=720,
            is_night=False,
        )
        night = ShiftType(
            station_id=station.station_id,
            code="N",
            name="夜班",
            start_minute=1200,
            duration_min=720,
            is_night=True,
        )
        roster = Roster(
            station_id=station.station_id,
            name="十一月",
            start_date=date(2026, 11, 1),
            end_date=date(2026, 11, 30),
            status="approved",
            approved_at=AS_OF,
        )
        s.add_all([day, night, roster])
        s.flush()
        s.add_all(
            [
                RosterEntry(
                    roster_id=roster.id,
                    officer_id=wang,
                    day=date(2026, 11, 10),
                    shift_type_id=day.id,
                    post="street",
                    unit_id=u1,
                ),
                RosterEntry(
                    roster_id=roster.id,
                    officer_id=wang,
                    day=date(2026, 11, 14),  # Saturday
                    shift_type_id=day.id,
                    post="street",
                    unit_id=u1,
                ),
                RosterEntry(
                    roster_id=roster.id,
                    officer_id=li,
                    day=date(2026, 11, 10),
                    shift_type_id=night.id,
                    post="street",
                    unit_id=u3,
                ),
                RosterEntry(
                    roster_id=roster.id,
                    officer_id=li,
                    day=date(2026, 11, 12),
                    shift_type_id=day.id,
                    post="support",
                ),
            ]
        )
    engine.dispose()
    end = DAY_START + timedelta(days=5)
    d = debrief(ctx, DAY_START, end)
    by_id = {w.officer_id: w for w in d.officer_workload}
    w = by_id[wang]
    # 巡01 on 10 Nov 08:00-20:00: A (紧急) and F; B's order was recalled before arrival.
    assert (w.shifts, w.incidents, w.urgent_incidents) == (2, 2, 1)
    assert w.on_scene_seconds == pytest.approx(1560 + 600)
    assert (w.rostered_hours, w.worked_hours) == (24, 12)  # the Saturday is still ahead
    assert (w.night_shifts, w.weekend_shifts, w.support_duties) == (0, 1, 0)
    assert w.points == pytest.approx(2 + 1 + 0.5 * 2160 / 3600 + 1)
    assert w.points_detail["weekend_shift"] == 1
    other = by_id[li]
    assert (other.incidents, other.night_shifts, other.support_duties) == (0, 1, 1)
    assert other.points == pytest.approx(2 + 2)
    assert [x.officer_id for x in d.officer_workload] == [wang, li]
    # The roster now says who is on duty: 步03 only from 20:00 on 10 Nov, 巡01 by day (the
    # Saturday lies after the review was made).
    times = {t.unit_id: t for t in d.unit_status}
    assert times[u1].on_duty_seconds == pytest.approx(12 * 3600)
    assert times[u3].on_duty_seconds == pytest.approx(12 * 3600)
    heavy = debrief(ctx, DAY_START, end, weights=PointWeights(incident=10))
    assert {x.officer_id: x.points for x in heavy.officer_workload}[wang] == pytest.approx(
        w.points + 9 * 2
    )
    mine = incidents_for(ctx, IncidentSelection(start=DAY_START, end=end, officer_id=wang))
    assert [b.number for b in mine] == ["20261110-0001", "20261110-0006"]  # as counted


@pytest.mark.parametrize(
    "hours",
    [(9, 21), (14, 16), (0, 24), (21, 22), (3, 4)],
    ids=["middle-on-D", "D-alone-on-the-middle", "day", "later-half-empty", "none"],
)
def test_the_period_read_in_two_halves_equals_one_read(fixture_store, hours):
    """The debrief reads the halves of its period on two connections; together they are
    the rows, in the order, of one read (an incident on the middle counted once)."""
    from concurrent.futures import ThreadPoolExecutor
    from dataclasses import fields

    import numpy as np

    from console.domain.review.columns import IncidentColumns
    from console.domain.review.delays import DelayArrays, compute_delays
    from console.domain.review.results import ReviewTargets
    from console.services.review import _HalvedRead, _PeriodReader

    ctx, ids, _ = fixture_store
    start, end = hm(hours[0]), hm(hours[1])
    with ThreadPoolExecutor(max_workers=1) as pool, ctx.reading() as s:
        period = _PeriodReader(s, ctx, start, end, None)
        halves, delays = _HalvedRead(pool, ctx, period, ReviewTargets(), AS_OF).columns_and_delays()
        whole = period.incidents()
    for f in fields(IncidentColumns):
        np.testing.assert_array_equal(getattr(halves, f.name), getattr(whole, f.name), f.name)
    whole_delays = compute_delays(whole, ReviewTargets(), AS_OF)
    for f in fields(DelayArrays):
        np.testing.assert_array_equal(getattr(delays, f.name), getattr(whole_delays, f.name))
    received = {"A": 9, "B": 10, "C": 14, "D": 15, "E": 16, "F": 17, "G": 18, "H": 21, "I": 22}
    inside = sorted(ids[k] for k, h in received.items() if hours[0] <= h < hours[1])
    assert sorted(halves.incident_id.tolist()) == inside
    assert debrief(ctx, start, end).incidents == len(inside)


def test_orders_of_other_stations_and_grids_stay_out(fixture_store, store_url):
    """The orders are read by time alone and narrowed to the period's own incidents: a
    neighbouring station's incident that day, served by one of our units, changes nothing;
    with one grid chosen, units count only the orders of that grid's incidents."""
    from console.store.models import Station

    ctx, _, station = fixture_store
    u1, u2, u3 = station.unit_ids
    before = debrief(ctx, DAY_START, DAY_END)
    engine = make_engine(normalise_url(store_url))
    with session_factory(engine).begin() as s:
        other = Station(
            code="T02", name="邻所", timezone="Asia/Shanghai", center_lon=118.8, center_lat=32.1
        )
        s.add(other)
        s.flush()
        neighbour = Incident(
            station_id=other.id,
            number="20261110-9001",
            received_at=hm(11),
            source="call_110",
            category_code="order.fight",
            priority="urgent",
            narrative="",
            status="on_scene",
            first_dispatched_at=hm(11, 1),
            first_arrived_at=hm(11, 5),
        )
        s.add(neighbour)
        s.flush()
        s.add(
            Assignment(
                incident_id=neighbour.id,
                unit_id=u2,
                ordered_at=hm(11, 1),
                arrived_at=hm(11, 5),
                cleared_at=hm(13),
            )
        )
    engine.dispose()
    assert debrief(ctx, DAY_START, DAY_END) == before

    # G2 holds C only (served by 步03 from G1); 巡02 lives in G2 but served B and D (G1).
    d = debrief(ctx, DAY_START, DAY_END, grid_ids=[station.grid_ids[1]])
    times = {t.unit_id: t for t in d.unit_status}
    assert times[u3].incidents == 1 and times[u3].on_scene_seconds == pytest.approx(1200)
    assert times[u2].incidents == 0 and times[u2].dispatched_seconds == 0
    assert u1 not in times
