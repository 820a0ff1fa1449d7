"""The life of each call, and where every unit stands at ``now``.

Each call lives through the room's real lifecycle: received (the first ring), answered
seconds later, entered a minute or so after the ring, a unit dispatched (the nearest free
one of the shift on duty, so busy hours queue and some arrivals are late), on scene,
cleared, closed, and called back in the next working hours. Non-police requests are diverted to 12345, some case-type calls transferred to a
squad, a second caller's report closed as a duplicate. Nothing after ``now`` is
written: calls still under way stay open, and their units are marked accordingly.

Event kinds: a status change is named after the new status (received, dispatched,
on_scene, closed, called_back, diverted, transferred); a further unit's part is
unit_dispatched / unit_arrived, and every unit leaving is unit_cleared.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from console.domain.incidents import (
    IncidentSource,
    IncidentStatus,
    Priority,
    Satisfaction,
    arrival_deadline,
)
from console.domain.units import UnitKind

from .calls import HISTORY_DAYS, Call, CategoryInfo
from .geo import haversine_m
from .incident_mix import Kind
from .incident_places import IncidentPlace, PlacePicker
from .names import caller_name, mobile_number
from .narratives import narrative
from .people import shift_at
from .units import UnitRecord
from .units_now import UnitNow

_SPEED_KMH = {  # (day, night)
    UnitKind.CAR: (22.0, 30.0),
    UnitKind.FALCON: (26.0, 32.0),
    UnitKind.ONE_PLUS_THREE: (12.0, 12.0),
    UnitKind.FOOT: (5.0, 5.0),
}
_TURNOUT_S = {
    UnitKind.CAR: (40, 90),
    UnitKind.FALCON: (25, 50),
    UnitKind.ONE_PLUS_THREE: (20, 40),
    UnitKind.FOOT: (10, 25),
}
_REACH_M = {UnitKind.FOOT: 700.0, UnitKind.ONE_PLUS_THREE: 1500.0}
_DETOUR = 1.35  # road distance over straight-line distance in a city grid
_DISPATCH_DELAY_S = {
    Priority.URGENT: (10, 50),
    Priority.HIGH: (30, 100),
    Priority.NORMAL: (60, 200),
    Priority.LOW: (180, 1500),
}
_SATISFACTION = (Satisfaction.SATISFIED, Satisfaction.FAIRLY_SATISFIED, Satisfaction.DISSATISFIED)
_REINFORCED = frozenset({"order.fight", "order.gathering", "criminal.assault"})


@dataclass(frozen=True)
class StationSetting:
    """What the lifecycle needs to know about the station (ids as the store has them)."""

    picker: PlacePicker
    grid_ids: list[int]
    grid_targets: list[dict[Priority, int | None]]  # arrival minutes per grade, per grid
    grid_centres: list[tuple[float, float]]
    units: list[UnitRecord]
    unit_ids: list[int]
    crews: dict[tuple[int, str], dict[int, tuple[int, ...]]]  # (team, shift) -> unit -> crew
    duty_user_id: int | None
    station_id: int


@dataclass
class History:
    """Rows for incident, incident_event and assignment, and each unit at ``now``."""

    incidents: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    assignments: list[dict[str, Any]] = field(default_factory=list)
    units_now: list[UnitNow] = field(default_factory=list)


@dataclass
class Job:
    """One unit's part in one incident."""

    unit: int
    incident_id: int
    tier: int
    ordered: datetime
    arrived: datetime
    cleared: datetime
    crew_key: tuple[int, str]  # (team, shift code) that crewed the unit


class _Horizon:
    """Keeps every written time at or before ``now``: later ones have not happened."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def seen(self, at: datetime | None) -> datetime | None:
        return at if at is not None and at <= self.now else None


class Lifecycle:
    """Runs each call through its lifecycle, in time order, keeping every unit's diary."""

    def __init__(
        self,
        station: StationSetting,
        categories: dict[str, CategoryInfo],
        *,
        now: datetime,
        tz: ZoneInfo,
        rng: random.Random,
        answer_rng: random.Random | None = None,
    ) -> None:
        self.now, self.tz, self.rng = now, tz, rng
        # Answer delays draw from their own stream, so adding them left the rest alone.
        self.answer_rng = answer_rng or random.Random(0)
        self.categories = categories
        self.picker = station.picker
        self.grid_ids = station.grid_ids
        self.grid_targets = station.grid_targets
        self.grid_centres = station.grid_centres
        self.units = station.units
        self.unit_ids = station.unit_ids
        self.crews = station.crews
        self.user = station.duty_user_id
        self.station_id = station.station_id
        self.horizon = _Horizon(self.now)
        self.history = History()
        start = self.now - timedelta(days=HISTORY_DAYS + 1)
        self.free_at = [start] * len(self.units)
        self.last_scene: list[tuple[float, float] | None] = [None] * len(self.units)
        self.jobs: list[Job] = []
        # Frequent callers: the same phone and door come back (family rows, noise).
        self.regulars = [(caller_name(self.rng), mobile_number(self.rng)) for _ in range(25)]
        self.regular_places: dict[int, IncidentPlace] = {}

    # ---- one call ----------------------------------------------------------------

    def run(self, call: Call, number: str) -> None:
        rng, kind = self.rng, call.kind
        info = self.categories[kind.code]
        weapon = rng.random() < kind.weapon
        priority = Priority.URGENT if weapon else info.priority
        name, phone = caller_name(rng), mobile_number(rng)
        if call.duplicate_of is not None:
            place = call.duplicate_of.place
        elif kind.place == "home" and rng.random() < 0.08:
            r = rng.randrange(len(self.regulars))
            name, phone = self.regulars[r]
            place = self.regular_places.setdefault(r, self.picker.pick("home", rng))
        else:
            place = self.picker.pick(kind.place, rng)
        call.place = place
        source = self._source(kind, rng)
        if source is IncidentSource.SENSOR:
            name, phone = None, None
        received = call.at
        entered = received + timedelta(
            seconds=rng.randint(25, 60) if priority is Priority.URGENT else rng.randint(35, 110)
        )
        answered = received + self._answer_delay(entered - received)
        row: dict[str, Any] = {
            "id": call.incident_id,
            "station_id": self.station_id,
            "number": number,
            "received_at": received,
            "answered_at": self.horizon.seen(answered),
            "entered_at": self.horizon.seen(entered),
            "source": source.value,
            "caller_name": name,
            "caller_phone": phone,
            "address_text": place.text,
            "address_id": place.address_id,
            "lon": place.lon,
            "lat": place.lat,
            "grid_id": self.grid_ids[place.grid],
            "category_code": kind.code,
            "priority": priority.value,
            "narrative": narrative(kind.code, place.text, rng, weapon=weapon),
            "status": IncidentStatus.RECEIVED.value,
            "arrival_deadline": arrival_deadline(received, priority, self.grid_targets[place.grid]),
            "first_dispatched_at": None,
            "first_arrived_at": None,
            "closed_at": None,
            "disposition_code": None,
            "called_back_at": None,
            "satisfaction": None,
            "duplicate_of_id": call.duplicate_of.incident_id if call.duplicate_of else None,
            "version": 1,
        }
        events: list[tuple[datetime, str, str | None, str | None, dict[str, Any]]] = [
            (
                received,
                "received",
                None,
                "received",
                {"source": source.value, "priority": priority.value},
            )
        ]
        if not info.police_matter:
            done = entered + timedelta(seconds=rng.randint(20, 90))
            self._finish(row, events, done, IncidentStatus.DIVERTED, "diverted", {"to": "12345"})
        elif call.duplicate_of is not None:
            done = entered + timedelta(seconds=rng.randint(30, 120))
            detail = {"disposition": "duplicate", "duplicate_of": call.duplicate_of.incident_id}
            self._finish(row, events, done, IncidentStatus.CLOSED, "duplicate", detail)
        elif source is IncidentSource.WALK_IN:
            done = entered + _minutes(rng, 20, 60)
            code = "case_opened" if kind.code.startswith("criminal.") else "handled_at_desk"
            if self._finish(row, events, done, IncidentStatus.CLOSED, code, {"disposition": code}):
                self._call_back(row, events, done, late=False, complaint=False)
        elif not call.waiting:
            self._dispatch(call, priority, place, row, events, entered)
        self._write(row, events)

    def _answer_delay(self, until_entered: timedelta) -> timedelta:
        """Ring to pick-up: mostly a few seconds, now and then up to half a minute when
        the room is busy; always well before the call is entered."""
        seconds = min(30.0, 2.0 + self.answer_rng.expovariate(1 / 6))
        latest = until_entered.total_seconds() - 15.0
        return timedelta(seconds=round(max(1.0, min(seconds, latest))))

    def _source(self, kind: Kind, rng: random.Random) -> IncidentSource:
        if kind.walk_in and rng.random() < kind.walk_in:
            return IncidentSource.WALK_IN
        if kind.code in ("fire.smoke", "order.gathering") and rng.random() < 0.15:
            return IncidentSource.SENSOR
        roll = rng.random()
        if roll < 0.02:
            return IncidentSource.TRANSFER_IN
        if roll < 0.06:
            return IncidentSource.PHONE
        return IncidentSource.CALL_110

    def _finish(self, row, events, at, status, code, detail) -> bool:
        """End a call that needs no unit; False when ``at`` is still to come."""
        if self.horizon.seen(at) is None:
            return False
        row["status"] = status.value
        row["disposition_code"] = code
        if status is IncidentStatus.CLOSED:
            row["closed_at"] = at
        events.append((at, status.value, "received", status.value, detail))
        return True

    # ---- units -------------------------------------------------------------------

    def _dispatch(self, call, priority, place, row, events, entered) -> None:
        rng, kind = self.rng, call.kind
        lo, hi = _DISPATCH_DELAY_S[priority]
        ready = entered + timedelta(seconds=rng.randint(lo, hi))
        wanted = 2 if priority is Priority.URGENT and not call.hold_open else 1
        jobs: list[Job] = []
        for slot in range(wanted):
            job = self._order(
                call, place, ready, tier=1, exclude={j.unit for j in jobs}, must=slot == 0
            )
            if job:
                jobs.append(job)
        first = jobs[0]
        if kind.code in _REINFORCED and not call.hold_open and rng.random() < 0.12:
            at = first.arrived + _minutes(rng, 3, 10)
            extra = self._order(call, place, at, tier=2, exclude={j.unit for j in jobs}, must=False)
            if extra:
                jobs.append(extra)

        scene_min = min(240.0, max(5.0, kind.scene_min * math.exp(rng.gauss(0, 0.45))))
        first.cleared = first.arrived + _minutes(rng, scene_min, scene_min)
        for job in jobs[1:]:
            job.cleared = max(
                job.arrived + timedelta(minutes=3),
                first.arrived + _minutes(rng, 0.5 * scene_min, scene_min),
            )
        if call.en_route and first.ordered <= self.now - timedelta(seconds=20):
            first.arrived = max(first.arrived, self.now + _minutes(rng, 0.5, 4))
            first.cleared = first.arrived + _minutes(rng, scene_min, scene_min)
        if call.hold_open and first.cleared <= self.now:
            first.cleared = self.now + _minutes(rng, 3, 40)
        jobs = [j for j in jobs if j.ordered <= self.now]  # orders still to come: none yet
        for job in jobs:
            self.free_at[job.unit] = job.cleared + timedelta(minutes=2)
            self.last_scene[job.unit] = (place.lon, place.lat)
            self.jobs.append(job)

        if not jobs:
            return  # still waiting for a free unit at ``now``
        seen = self.horizon.seen
        row["first_dispatched_at"] = seen(first.ordered)
        first_on_scene = min(jobs, key=lambda j: (j.arrived, j.ordered, j.unit))
        arrivals = [first_on_scene.arrived]
        row["first_arrived_at"] = seen(arrivals[0])
        for k, job in enumerate(sorted(jobs, key=lambda j: (j.ordered, j.unit))):
            call_sign = self.units[job.unit].call_sign
            unit = {"unit_id": self.unit_ids[job.unit], "call_sign": call_sign, "tier": job.tier}
            if seen(job.ordered):
                if k == 0:
                    events.append((job.ordered, "dispatched", "received", "dispatched", unit))
                else:
                    events.append((job.ordered, "unit_dispatched", None, None, unit))
            if seen(job.arrived):
                if job is first_on_scene:
                    events.append((job.arrived, "on_scene", "dispatched", "on_scene", unit))
                else:
                    events.append((job.arrived, "unit_arrived", None, None, unit))
            if seen(job.cleared):
                events.append((job.cleared, "unit_cleared", None, None, unit))
            self.history.assignments.append(
                {
                    "incident_id": call.incident_id,
                    "unit_id": self.unit_ids[job.unit],
                    "tier": job.tier,
                    "ordered_at": job.ordered,
                    "arrived_at": seen(job.arrived),
                    "cleared_at": seen(job.cleared),
                    "cancelled_at": None,
                    "ordered_by_user_id": self.user,
                }
            )

        last_clear = max(j.cleared for j in jobs)
        row["status"] = IncidentStatus.DISPATCHED.value
        if seen(arrivals[0]) is None:
            return
        row["status"] = IncidentStatus.ON_SCENE.value
        if kind.transfer and rng.random() < kind.transfer[0]:
            at = last_clear + _minutes(rng, 5, 25)
            if seen(at):
                row["status"] = IncidentStatus.TRANSFERRED.value
                row["disposition_code"] = "transferred"
                events.append(
                    (at, "transferred", "on_scene", "transferred", {"to": kind.transfer[1]})
                )
            return
        at = last_clear + _minutes(rng, 1, 10)
        if seen(at) is None:
            return
        weights = [0.6, 0.25, 0.1, 0.05][: len(kind.dispositions)]
        code = rng.choices(kind.dispositions, weights)[0]
        if kind.code == "order.fight" and rng.random() < 0.03:
            code = "false_alarm"
        row.update(status=IncidentStatus.CLOSED.value, closed_at=at, disposition_code=code)
        events.append((at, "closed", "on_scene", "closed", {"disposition": code}))
        deadline = row["arrival_deadline"]
        late = deadline is not None and arrivals[0] > deadline
        self._call_back(row, events, at, late=late, complaint=kind.code.startswith("complaint."))

    def _order(self, call, place, at, *, tier, exclude, must) -> Job | None:
        """Order the best free unit of the shift at ``at``; if none is free and one is a
        must, the call waits for the first unit to come free."""
        rng = self.rng
        shift = shift_at(at, self.tz)
        crew_key = (shift.team, shift.code)
        crewed = [u for u in sorted(self.crews[crew_key]) if u not in exclude]
        if not crewed and must:  # nobody crewed: the station sends whatever it has
            crewed = [u for u in range(len(self.units)) if u not in exclude]
        night = shift.code == "night"
        options, out_of_reach = [], []
        for u in crewed:
            unit = self.units[u]
            start = self._position(u, at)
            distance = haversine_m(start[0], start[1], place.lon, place.lat)
            option = (max(at, self.free_at[u]), self._eta(unit.kind, distance, night), u)
            # Foot patrols and 1+3 teams only take calls near them.
            near = distance <= _REACH_M.get(unit.kind, math.inf)
            (options if near else out_of_reach).append(option)
        if not options and must:
            options = out_of_reach
        if not options:
            return None
        free = sorted((eta, u) for ready, eta, u in options if ready <= at)
        if free:
            pick = rng.choices(free[:3], (0.8, 0.15, 0.05)[: len(free[:3])])[0]
            ordered, (eta, u) = at, pick
        elif must:
            ready, eta, u = min(options)
            ordered = ready + timedelta(seconds=rng.randint(15, 60))
        else:
            return None
        if rng.random() < 0.07:  # traffic, a closed road, an address hard to find
            eta += rng.uniform(120, 540)
        arrived = ordered + timedelta(seconds=round(eta))
        return Job(u, call.incident_id, tier, ordered, arrived, arrived, crew_key)

    def _position(self, u: int, at: datetime) -> tuple[float, float]:
        """Where a unit starts from: its last scene if it just left it, else its grid."""
        if self.last_scene[u] is not None and at - self.free_at[u] < timedelta(minutes=15):
            return self.last_scene[u]
        return self.grid_centres[self.units[u].home_grid]

    def _eta(self, kind: UnitKind, distance_m: float, night: bool) -> float:
        speed = _SPEED_KMH[kind][1 if night else 0] / 3.6
        lo, hi = _TURNOUT_S[kind]
        return self.rng.uniform(lo, hi) + distance_m * _DETOUR / speed

    # ---- after the call ----------------------------------------------------------

    def _call_back(self, row, events, closed: datetime, *, late: bool, complaint: bool) -> None:
        """The desk calls the reporter back in working hours (08:30–21:00 local)."""
        rng = self.rng
        at = closed + _minutes(rng, 30, 20 * 60)
        local = at.astimezone(self.tz)
        if not (8.5 <= local.hour + local.minute / 60 < 21):
            next_morning = local.date() + timedelta(days=1 if local.hour >= 21 else 0)
            at = (
                datetime.combine(next_morning, datetime.min.time(), self.tz)
                + timedelta(hours=8.5)
                + _minutes(rng, 0, 180)
            )
            at = at.astimezone(closed.tzinfo)
        if self.horizon.seen(at) is None:
            return
        weights = (
            (0.4, 0.35, 0.25) if complaint else (0.7, 0.2, 0.1) if late else (0.86, 0.11, 0.03)
        )
        satisfaction = rng.choices(_SATISFACTION, weights)[0].value
        row.update(
            status=IncidentStatus.CALLED_BACK.value, called_back_at=at, satisfaction=satisfaction
        )
        events.append((at, "called_back", "closed", "called_back", {"satisfaction": satisfaction}))

    def _write(self, row, events) -> None:
        self.history.incidents.append(row)
        events.sort(key=lambda e: e[0])
        for at, kind, from_status, to_status, detail in events:
            self.history.events.append(
                {
                    "id": len(self.history.events) + 1,
                    "incident_id": row["id"],
                    "at": at,
                    "kind": kind,
                    "from_status": from_status,
                    "to_status": to_status,
                    "actor_user_id": self.user,
                    "detail": detail,
                }
            )


def _minutes(rng: random.Random, lo: float, hi: float) -> timedelta:
    """A random whole-second duration between ``lo`` and ``hi`` minutes."""
    return timedelta(seconds=round(rng.uniform(lo, hi) * 60))
