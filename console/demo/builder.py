"""``console demo-data``: build the demo station into a store, in one transaction.

The store is created or upgraded first; a store that already holds a station is left
alone (a demo must never mix with a real station's data). Everything is planned in
memory (:mod:`console.demo.plan`), then written with Core bulk inserts, one audit entry
and one change row, so a failure leaves nothing half-written.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import insert, select, text, update
from sqlalchemy.orm import Session

from console.domain.incidents import OPEN_STATUSES, Priority
from console.paths import default_osm_extract
from console.services.context import DEMO_USERNAME
from console.services.station import upgrade_store
from console.store.audit import append_audit
from console.store.change_feed import append_changes, lock_feed
from console.store.engine import describe, make_engine, normalise_url, session_factory, writer
from console.store.models import (
    AppUser,
    Assignment,
    Category,
    Grid,
    Incident,
    IncidentEvent,
    KeyPlace,
    Officer,
    RoadNode,
    RoadSegment,
    Roster,
    RosterEntry,
    ShiftType,
    StandardAddress,
    Station,
    Team,
    Unit,
    UnitCrew,
)

from .errors import DemoDataError
from .history import HISTORY_DAYS, CategoryInfo
from .osm_extract import read_osm_extract
from .passwords import set_demo_passwords
from .plan import StationPlan, plan_station

ACTOR = "demo-data"

# (plan attribute, model) in foreign-key order.
_TABLES = (
    ("station", Station),
    ("grids", Grid),
    ("road_nodes", RoadNode),
    ("road_segments", RoadSegment),
    ("key_places", KeyPlace),
    ("addresses", StandardAddress),
    ("teams", Team),
    ("officers", Officer),
    ("shift_types", ShiftType),
    ("incidents", Incident),
    ("incident_events", IncidentEvent),
    ("units", Unit),
    ("unit_crew", UnitCrew),
    ("assignments", Assignment),
    ("app_users", AppUser),  # the demo's chief and second duty officer
    ("rosters", Roster),
    ("roster_entries", RosterEntry),
)


@dataclass(frozen=True)
class DemoReport:
    """What the demo build wrote."""

    station_name: str
    reference_time: datetime  # the "now" the history ends at
    osm_file: str
    grids: int
    road_nodes: int
    road_segments: int
    key_places: int
    addresses: int
    teams: int
    officers: int
    units: int
    shift_types: int
    history_days: int
    incidents: int
    open_incidents: int
    incident_events: int
    assignments: int

    def summary(self) -> str:
        """One line for the command line."""
        return (
            f"{self.station_name}: {self.grids} grids, {self.road_segments} road segments, "
            f"{self.key_places} key places, {self.addresses} addresses, {self.officers} officers "
            f"in {self.teams} teams, {self.units} units, {self.incidents} incidents over "
            f"{self.history_days} days ({self.open_incidents} open at "
            f"{self.reference_time:%Y-%m-%d %H:%M} UTC)"
        )


def reference_time(now: datetime | None) -> datetime:
    """``now`` in UTC; by default the current time floored to the hour."""
    if now is None:
        return datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    if now.tzinfo is None:
        raise ValueError("the demo's reference time must be timezone-aware")
    return now.astimezone(UTC)


def build_demo_station(
    db_url: str, *, seed: int = 1, osm_path: Path | None = None, now: datetime | None = None
) -> DemoReport:
    """Build the demo station into the store at ``db_url`` (created if missing).

    Deterministic for (seed, now, OSM file). Raises ``DemoDataError`` for a missing or
    unreadable extract or a store that already holds a station, and
    ``StationUnavailable`` when the store itself cannot be opened.
    """
    now = reference_time(now)
    path = Path(osm_path) if osm_path is not None else default_osm_extract()
    extract = read_osm_extract(path)  # before creating anything: a bad path changes nothing
    upgrade_store(db_url)
    engine = make_engine(normalise_url(db_url), must_exist=True)
    try:
        with engine.connect() as conn:
            _refuse_existing_station(conn, engine)
            categories = {
                code: CategoryInfo(Priority(priority), police_matter)
                for code, priority, police_matter in conn.execute(
                    select(Category.code, Category.default_priority, Category.police_matter).where(
                        Category.active.is_(True)
                    )
                )
            }
            duty_user_id = conn.scalar(select(AppUser.id).where(AppUser.username == DEMO_USERNAME))
        plan = plan_station(
            extract, seed=seed, now=now, categories=categories, duty_user_id=duty_user_id
        )
        with session_factory(writer(engine)).begin() as session:
            lock_feed(session)  # also keeps two builders from racing on PostgreSQL
            _refuse_existing_station(session, engine)
            _write(session, plan)
            # The built-in duty user (seeded by the migrations) is a person of the station too.
            session.execute(
                update(AppUser)
                .where(AppUser.username == DEMO_USERNAME)
                .values(officer_id=plan.duty_officer_id)
            )
            set_demo_passwords(session)  # the README's demo passwords
            report = _report(plan, now, path)
            append_audit(
                session,
                at=now,
                actor_name=ACTOR,
                actor_user_id=None,
                action="demo.build",
                entity="station",
                entity_id=str(plan.station["id"]),
                detail={
                    "seed": seed,
                    "osm_file": path.name,
                    "osm_sha256": _sha256(path),
                    "reference_time": now.isoformat(),
                    "counts": {
                        name: getattr(report, name)
                        for name in (
                            "grids",
                            "key_places",
                            "addresses",
                            "officers",
                            "units",
                            "incidents",
                        )
                    },
                },
            )
            append_changes(
                session, [("station", str(plan.station["id"]), "insert")], at=now, origin=ACTOR
            )
    finally:
        engine.dispose()
    _train_classifier(db_url)
    return report


def _train_classifier(db_url: str) -> None:
    """Train the narrative classifier on the history just built, so intake suggests a
    category from the first call (about two seconds: two fits of a few thousand texts)."""
    from console.services import classifier
    from console.services.station import open_station

    ctx = open_station(db_url)
    try:
        classifier.train(ctx)
    finally:
        ctx.close()


def _refuse_existing_station(conn, engine) -> None:
    name = conn.execute(select(Station.name).order_by(Station.id).limit(1)).scalar()
    if name is not None:
        raise DemoDataError(
            f"{describe(engine.url)} already holds a station ({name}); "
            "the demo is only built into an empty store"
        )


def _write(session: Session, plan: StationPlan) -> None:
    postgresql = session.get_bind().dialect.name == "postgresql"
    for attr, model in _TABLES:
        rows = getattr(plan, attr)
        rows = [rows] if isinstance(rows, dict) else rows
        if rows:
            # Core insert on the table: one executemany per table, no ORM bookkeeping.
            session.execute(insert(model.__table__), rows)
    if postgresql:
        # Ids were given explicitly; move each sequence past them for later inserts.
        for _, model in _TABLES:
            table = model.__table__
            if "id" in table.c:
                session.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                        f"GREATEST((SELECT MAX(id) FROM {table.name}), 1))"
                    )
                )


def _report(plan: StationPlan, now: datetime, path: Path) -> DemoReport:
    open_values = {s.value for s in OPEN_STATUSES}
    return DemoReport(
        station_name=plan.station_name,
        reference_time=now,
        osm_file=str(path),
        grids=len(plan.grids),
        road_nodes=len(plan.road_nodes),
        road_segments=len(plan.road_segments),
        key_places=len(plan.key_places),
        addresses=len(plan.addresses),
        teams=len(plan.teams),
        officers=len(plan.officers),
        units=len(plan.units),
        shift_types=len(plan.shift_types),
        history_days=HISTORY_DAYS,
        incidents=len(plan.incidents),
        open_incidents=sum(1 for i in plan.incidents if i["status"] in open_values),
        incident_events=len(plan.incident_events),
        assignments=len(plan.assignments),
    )


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
