"""Ninety days of incident history: rhythm, lifecycle, and the live queue at ``now``."""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from console.demo.incident_mix import DISPOSITIONS
from console.domain.grid_targets import grid_minutes
from console.domain.incidents import Priority, arrival_deadline
from console.store.models import Assignment, Category, Grid, Incident, IncidentEvent, Unit

TZ = ZoneInfo("Asia/Shanghai")
OPEN = {"received", "dispatched", "on_scene"}


@pytest.fixture(scope="module")
def history(demo_engine):
    with demo_engine.connect() as conn:  # plain rows: quicker than ORM objects
        incidents = conn.execute(select(Incident.__table__).order_by(Incident.id)).all()
        events = defaultdict(list)
        for e in conn.execute(select(IncidentEvent.__table__).order_by(IncidentEvent.id)):
            events[e.incident_id].append(e)
        assignments = conn.execute(select(Assignment.__table__).order_by(Assignment.id)).all()
        units = conn.execute(select(Unit.__table__)).all()
        police_matter = dict(conn.execute(select(Category.code, Category.police_matter)).all())
        targets = {
            gid: grid_minutes(urgent, others)
            for gid, urgent, others in conn.execute(
                select(Grid.id, Grid.arrival_target_min, Grid.arrival_minutes)
            )
        }
    return incidents, events, assignments, units, police_matter, targets


def _local(at):
    return at.astimezone(TZ)


def test_ninety_days_of_thirty_to_sixty_calls_a_day(history, demo_now):
    incidents = history[0]
    first, last = incidents[0].received_at, incidents[-1].received_at
    assert demo_now - timedelta(days=90) <= first < demo_now - timedelta(days=89)
    assert demo_now - timedelta(hours=1) < last < demo_now
    per_day = Counter(_local(i.received_at).date() for i in incidents)
    full_days = sorted(per_day)[1:-1]  # the first and last local dates are partial
    assert len(full_days) >= 88
    mean = sum(per_day[d] for d in full_days) / len(full_days)
    assert 30 <= mean <= 60
    assert all(12 <= per_day[d] <= 90 for d in full_days)


def test_numbers_are_local_dates_with_daily_serials(history):
    by_day = defaultdict(list)
    for i in history[0]:
        by_day[_local(i.received_at).date()].append(i)
    for day, incidents in by_day.items():
        incidents.sort(key=lambda i: (i.received_at, i.id))
        expected = [f"{day:%Y%m%d}-{k:04d}" for k in range(1, len(incidents) + 1)]
        assert [i.number for i in incidents] == expected


def test_rhythm_disputes_by_night_help_and_traffic_by_day(history):
    incidents = history[0]

    def share(prefix, hours):
        chosen = [i for i in incidents if _local(i.received_at).hour in hours]
        return sum(i.category_code.startswith(prefix) for i in chosen) / len(chosen)

    night = {20, 21, 22, 23, 0, 1, 2, 3}
    day = set(range(8, 20))
    assert share("dispute.", night) > 1.6 * share("dispute.", day)
    assert share("order.", night) > 1.6 * share("order.", day)
    for prefix in ("assist.", "traffic."):
        per_hour = Counter(
            _local(i.received_at).hour for i in incidents if i.category_code.startswith(prefix)
        )
        peak = max(range(24), key=lambda h: per_hour[h])
        assert 8 <= peak < 20, (prefix, peak)
        assert share(prefix, day) > share(prefix, night)
    weekend_nights = [
        i
        for i in incidents
        if _local(i.received_at).weekday() in (4, 5) and _local(i.received_at).hour >= 20
    ]
    weekday_nights = [
        i
        for i in incidents
        if _local(i.received_at).weekday() in (0, 1, 2) and _local(i.received_at).hour >= 20
    ]
    assert (
        len(weekend_nights) / 2 > len(weekday_nights) / 3
    )  # Friday and Saturday evenings are busier
    mix = Counter(i.category_code.split(".")[0] for i in incidents)
    assert {"criminal", "order", "traffic", "assist", "dispute", "non_police"} <= set(mix)
    assert all(re.search(r"[\u4e00-\u9fff]", i.narrative) for i in incidents)
    assert all(i.address_text for i in incidents)


def test_every_incident_has_a_consistent_lifecycle(history, demo_now):
    incidents, events, assignments, _, police_matter, targets = history
    by_incident = defaultdict(list)
    for a in assignments:
        by_incident[a.incident_id].append(a)
    statuses = Counter(i.status for i in incidents)
    assert statuses["called_back"] > 0.7 * len(incidents)
    assert statuses["transferred"] >= 5 and statuses["diverted"] >= 50 and statuses["closed"] >= 1
    late = 0
    for i in incidents:
        timeline = events[i.id]
        assert timeline[0].kind == "received" and timeline[0].at == i.received_at
        assert [e.at for e in timeline] == sorted(e.at for e in timeline)
        state = None
        for e in timeline:
            if e.to_status is not None:
                assert e.from_status == state, (i.number, e.kind)
                state = e.to_status
        assert state == i.status, i.number
        assert all(e.at <= demo_now for e in timeline)
        if not police_matter[i.category_code]:
            assert i.status in ("diverted", "received") and not by_incident[i.id]
            continue
        priority = Priority(i.priority)
        assert i.arrival_deadline == arrival_deadline(i.received_at, priority, targets[i.grid_id])
        if i.entered_at:
            assert timedelta(0) < i.entered_at - i.received_at < timedelta(minutes=3)
            # Picked up within half a minute of the ring, then typed for a while.
            assert i.answered_at is not None
            assert timedelta(0) < i.answered_at - i.received_at <= timedelta(seconds=30)
            assert i.entered_at - i.answered_at >= timedelta(seconds=10)
        times = [
            i.received_at,
            i.first_dispatched_at,
            i.first_arrived_at,
            i.closed_at,
            i.called_back_at,
        ]
        present = [t for t in times if t is not None]
        assert present == sorted(present)
        if i.status == "called_back":
            assert i.satisfaction in ("satisfied", "fairly_satisfied", "dissatisfied")
            assert i.closed_at and i.disposition_code
        if i.first_arrived_at and i.arrival_deadline and i.first_arrived_at > i.arrival_deadline:
            late += 1
        for a in by_incident[i.id]:
            assert a.ordered_at >= i.received_at
            assert a.arrived_at is None or a.arrived_at > a.ordered_at
            assert a.cleared_at is None or (a.arrived_at and a.cleared_at > a.arrived_at)
        if by_incident[i.id]:
            assert min(a.ordered_at for a in by_incident[i.id]) == i.first_dispatched_at
            assert min(a.tier for a in by_incident[i.id]) == 1
    with_deadline = sum(1 for i in incidents if i.first_arrived_at and i.arrival_deadline)
    assert 0.01 < late / with_deadline < 0.25  # some late arrivals, not many
    assert any(i.duplicate_of_id for i in incidents)
    assert {i.disposition_code for i in incidents} - {None} <= set(DISPOSITIONS)


def test_no_unit_is_in_two_places_at_once(history, demo_now):
    per_unit = defaultdict(list)
    for a in history[2]:
        per_unit[a.unit_id].append((a.ordered_at, a.cleared_at or demo_now + timedelta(days=1)))
    for spans in per_unit.values():
        spans.sort()
        for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
            assert start >= end


def test_the_queue_is_live_at_now(history, demo_now):
    incidents, _, assignments, units, _, _ = history
    open_incidents = {i.id: i for i in incidents if i.status in OPEN}
    assert 6 <= len(open_incidents) <= 15
    assert all(demo_now - i.received_at < timedelta(hours=3) for i in open_incidents.values())
    statuses = Counter(i.status for i in open_incidents.values())
    assert statuses["received"] >= 1 and statuses["on_scene"] >= 1
    active = defaultdict(set)
    for a in assignments:
        if a.cleared_at is None:
            assert a.incident_id in open_incidents
            active[a.incident_id].add(a.unit_id)
    unit_by_id = {u.id: u for u in units}
    for incident_id, unit_ids in active.items():
        for unit_id in unit_ids:
            assert unit_by_id[unit_id].current_incident_id == incident_id
    for i in open_incidents.values():
        if i.status == "dispatched":
            assert any(unit_by_id[u].status in ("dispatched", "en_route") for u in active[i.id])
    for u in units:
        if u.current_incident_id is not None:
            assert u.id in active[u.current_incident_id]


def test_the_outer_grids_are_the_suburb_with_longer_targets(demo_engine):
    from shapely.geometry import Point, shape

    from console.store.models import Station

    with demo_engine.connect() as conn:
        lon, lat = conn.execute(select(Station.center_lon, Station.center_lat)).one()
        grids = conn.execute(
            select(Grid.boundary, Grid.arrival_target_min, Grid.arrival_minutes)
        ).all()
    centre = Point(lon, lat)
    town = {Priority.URGENT: 5, Priority.HIGH: 10, Priority.NORMAL: 15, Priority.LOW: None}
    suburb = {Priority.URGENT: 8, Priority.HIGH: 15, Priority.NORMAL: 25, Priority.LOW: None}
    distance = {}
    for boundary, urgent, others in grids:
        minutes = grid_minutes(urgent, others)
        assert minutes in (town, suburb)
        middle = shape(boundary).representative_point()
        east = (middle.x - centre.x) * math.cos(math.radians(centre.y))  # degrees as metres
        distance.setdefault(minutes == suburb, []).append(math.hypot(east, middle.y - centre.y))
    assert len(distance[True]) == len(grids) // 3
    assert min(distance[True]) > max(distance[False])  # the suburb lies furthest out
