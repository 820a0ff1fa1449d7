"""Opening a station's store and upgrading its schema."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import URL, func, select

from console.domain.clock import Clock, SystemClock
from console.domain.incidents import OPEN_STATUSES
from console.domain.people import UserRole
from console.store import migrations
from console.store.engine import (
    StoreError,
    describe,
    make_engine,
    normalise_url,
    probe,
    session_factory,
    writer,
)
from console.store.models import Incident, Station
from console.store.reference import seed_reference_data

from .context import DEMO_USERNAME, Actor, StationContext
from .people import actor_for
from .records import StationSummary


class StationUnavailable(Exception):
    """The store cannot be used; ``str()`` is one line for the user."""


def _store_url(db: str) -> URL:
    """``db`` as a URL; a SQLite path must name an ordinary file (not /dev/null, a pipe or
    a device, which SQLite would try to write to)."""
    url = normalise_url(db)
    if url.get_backend_name() == "sqlite":
        path = Path(str(url.database))
        if path.exists() and not path.is_dir() and not path.is_file():
            raise StoreError(f"{path} is not a regular file, so it cannot hold a station")
    return url


def _empty_sqlite_file(url: URL) -> bool:
    if url.get_backend_name() != "sqlite":
        return False
    path = Path(str(url.database))
    return path.is_file() and path.stat().st_size == 0


def open_station(db: str, *, clock: Clock | None = None) -> StationContext:
    """Open an existing, up-to-date store and the station in it; refuse anything else."""
    try:
        engine = make_engine(_store_url(db), must_exist=True)
        probe(engine)
        migrations.check_schema(engine)
        with engine.connect() as conn:
            station = conn.execute(
                select(Station.id, Station.name, Station.timezone)
                .where(Station.level == "station")
                .order_by(Station.id)
                .limit(1)
            ).first()
            actor = actor_for(conn, DEMO_USERNAME)
    except StoreError as exc:
        raise StationUnavailable(str(exc)) from None
    if station is None:
        engine.dispose()
        raise StationUnavailable(
            f"{describe(engine.url)} holds no station yet (build one with: console demo-data --db ...)"
        )
    actor = actor or Actor(None, DEMO_USERNAME, DEMO_USERNAME, UserRole.DUTY_OFFICER)
    return StationContext(
        engine=engine,
        station_id=station.id,
        station_name=station.name,
        timezone=ZoneInfo(station.timezone),
        actor=actor,
        clock=clock or SystemClock(),
    )


def station_summary(ctx: StationContext) -> StationSummary:
    with ctx.reading() as s:
        credit = s.scalar(select(Station.data_credit).where(Station.id == ctx.station_id))
    return StationSummary(
        station_id=ctx.station_id,
        name=ctx.station_name,
        timezone=ctx.timezone.key,
        backend=ctx.backend,
        location=ctx.location,
        data_credit=credit,
        actor_name=ctx.actor.display_name,
        actor_badge=ctx.actor.badge,
    )


def open_incident_count(ctx: StationContext) -> int:
    with ctx.reading() as s:
        return s.scalar(
            select(func.count())
            .select_from(Incident)
            .where(
                Incident.station_id == ctx.station_id,
                Incident.status.in_([st.value for st in OPEN_STATUSES]),
            )
        )


def upgrade_store(db: str) -> tuple[str | None, str]:
    """Create or upgrade a store's schema to this console's head; returns (before, after)."""
    try:
        engine = make_engine(_store_url(db), must_exist=False)
        try:
            probe(engine)
            before = migrations.current_revision(engine)
            migrations.upgrade(engine)
            with session_factory(writer(engine)).begin() as session:
                seed_reference_data(session)
            return before, migrations.current_revision(engine) or ""
        finally:
            engine.dispose()
    except StoreError as exc:
        raise StationUnavailable(str(exc)) from None


def store_revision(db: str) -> tuple[str | None, str]:
    """The store's schema revision and this console's head revision. Only reads: an empty
    SQLite file is reported as empty and left as it is (opening it would make it a store)."""
    try:
        url = _store_url(db)
        if _empty_sqlite_file(url):
            return None, migrations.head_revision()
        engine = make_engine(url, must_exist=True)
        try:
            probe(engine)
            return migrations.current_revision(engine), migrations.head_revision()
        finally:
            engine.dispose()
    except StoreError as exc:
        raise StationUnavailable(str(exc)) from None
