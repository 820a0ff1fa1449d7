"""Choosing a station's store on a new workstation (the first-run screen): what state a
store is in, in words the screen can translate, setting up a new station in an empty
store, and the form in which a chosen store is remembered (a server's password goes to
the console's libpq password file, never into the settings)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from zoneinfo import available_timezones

from sqlalchemy import Engine, func, inspect, select
from sqlalchemy.exc import OperationalError

from console.store import migrations
from console.store.engine import (
    StoreError,
    first_line,
    make_engine,
    normalise_url,
    session_factory,
    writer,
)
from console.store.models import Station

from . import validation as checks
from .messages import QT_TRANSLATE_NOOP
from .pg_passfile import console_passfile, without_password
from .station import StationUnavailable, open_station, upgrade_store
from .unit_of_work import ServiceError, unit_of_work

# PostgreSQL error codes (SQLSTATE) the screen explains in its own words. psycopg gives no
# code for a refused connection, only the server's message, so its English words are the
# fallback (the server's messages are English unless its lc_messages says otherwise).
_BAD_LOGIN = {"28P01", "28000"}  # invalid_password, invalid_authorization_specification
_NO_DATABASE = "3D000"  # invalid_catalog_name
_BAD_LOGIN_WORDS = (
    "password authentication failed",
    "no password supplied",
    "is not permitted to log in",
    "no pg_hba.conf entry",
    re.compile(r'role ".*" does not exist'),
)
_NO_DATABASE_WORDS = (re.compile(r'database ".*" does not exist'),)


class StoreState(Enum):
    READY = "ready"  # a console store holding a station: it opens
    EMPTY = "empty"  # an existing database with no tables: a station can be set up in it
    NO_STATION = "no_station"  # the console's schema, no station yet
    OLDER_SCHEMA = "older_schema"  # `console db upgrade` brings it up to date
    NEWER_SCHEMA = "newer_schema"  # written by a newer console
    NOT_CONSOLE = "not_console"  # another program's database
    MISSING_DATABASE = "missing_database"  # no such database (or SQLite file)
    BAD_PASSWORD = "bad_password"  # the server refused the user name or password
    REFUSED = "refused"  # the server answered but let nobody in, for its own reason
    UNREACHABLE = "unreachable"  # no server answers at that address
    BAD_URL = "bad_url"  # not a SQLite path or postgresql:// URL


@dataclass(frozen=True)
class StoreCheck:
    state: StoreState
    detail: str  # one English line from the store or driver, shown under the explanation
    station_name: str | None = None

    @property
    def opens(self) -> bool:
        return self.state is StoreState.READY


def check_store(db: str) -> StoreCheck:
    """Connect to ``db`` and say what it holds; never creates or changes anything."""
    try:
        url = normalise_url(db)
    except StoreError as exc:
        return StoreCheck(StoreState.BAD_URL, str(exc))
    if url.get_backend_name() == "sqlite" and url.database and not _exists(url.database):
        return StoreCheck(StoreState.MISSING_DATABASE, f"database file not found: {url.database}")
    try:
        engine = make_engine(url, must_exist=True)
    except StoreError as exc:
        return StoreCheck(StoreState.NOT_CONSOLE, str(exc))
    try:
        return _check_engine(engine)
    finally:
        engine.dispose()


def _exists(path: str) -> bool:
    from pathlib import Path

    return Path(path).exists()


def _check_engine(engine: Engine) -> StoreCheck:
    try:
        with engine.connect() as conn:
            tables = set(inspect(conn).get_table_names())
    except OperationalError as exc:
        return StoreCheck(_refusal(exc.orig), first_line(exc.orig))
    if not tables:
        return StoreCheck(StoreState.EMPTY, "the database holds no tables")
    try:
        migrations.check_schema(engine)
    except StoreError as exc:
        current = migrations.current_revision(engine)
        if current is None:
            return StoreCheck(StoreState.NOT_CONSOLE, str(exc))
        if current not in migrations.known_revisions():
            return StoreCheck(StoreState.NEWER_SCHEMA, str(exc))
        return StoreCheck(StoreState.OLDER_SCHEMA, str(exc))
    with engine.connect() as conn:
        name = conn.execute(
            select(Station.name).where(Station.level == "station").order_by(Station.id).limit(1)
        ).scalar()
    if name is None:
        return StoreCheck(StoreState.NO_STATION, "the console's tables hold no station yet")
    return StoreCheck(StoreState.READY, "", station_name=name)


def _refusal(error: BaseException | None) -> StoreState:
    """Why a server did not let the console in."""
    code = getattr(error, "sqlstate", None)
    text = str(error or "")
    if code in _BAD_LOGIN or _says(text, _BAD_LOGIN_WORDS):
        return StoreState.BAD_PASSWORD
    if code == _NO_DATABASE or _says(text, _NO_DATABASE_WORDS):
        return StoreState.MISSING_DATABASE
    if "FATAL:" in text:  # the server answered, for another reason (shown beside)
        return StoreState.REFUSED
    return StoreState.UNREACHABLE


def _says(text: str, words: tuple[str | re.Pattern[str], ...]) -> bool:
    return any(w.search(text) if isinstance(w, re.Pattern) else w in text for w in words)


def create_station(db: str, name: str, code: str = "S01", timezone: str = "Asia/Shanghai") -> None:
    """Set up a new station in an empty store (or a new SQLite file): the schema, the
    reference data and the station record, with its audit entry.

    Refuses a store that already holds a station or another program's tables.
    """
    checks.text("name", name, max_len=100)
    checks.text("code", code, max_len=32, required=True)
    checks.text("timezone", timezone, max_len=64, required=True)
    if timezone not in available_timezones():
        raise checks.refuse(checks.NOT_ALLOWED, "timezone")
    name = name.strip()
    if not name:
        raise ServiceError(QT_TRANSLATE_NOOP("services", "The station needs a name."))
    check = check_store(db)
    if check.state not in (StoreState.EMPTY, StoreState.NO_STATION, StoreState.MISSING_DATABASE):
        raise ServiceError(
            QT_TRANSLATE_NOOP("services", "A new station cannot be set up here: {detail}"),
            detail=check.detail or check.station_name or check.state.value,
        )
    try:
        upgrade_store(db)  # creates the SQLite file, the schema and the reference data
        engine = make_engine(normalise_url(db), must_exist=True)
    except (StationUnavailable, StoreError) as exc:
        raise ServiceError(
            QT_TRANSLATE_NOOP("services", "A new station cannot be set up here: {detail}"),
            detail=str(exc),
        ) from None
    try:
        with session_factory(writer(engine)).begin() as session:
            # The first station record has nothing to audit against yet: the audit entry
            # follows through the ordinary unit of work once the station exists.
            if session.scalar(select(func.count()).select_from(Station)):
                raise ServiceError(
                    QT_TRANSLATE_NOOP("services", "This database already holds a station.")
                )
            session.add(Station(code=code, name=name, level="station", timezone=timezone))
    finally:
        engine.dispose()
    ctx = open_station(db)
    try:
        with unit_of_work(ctx, "station.create", "station", ctx.station_id) as work:
            work.detail = {"name": name, "code": code, "timezone": timezone}
            work.changed("station", ctx.station_id, "insert")
    finally:
        ctx.close()


def url_to_remember(db: str) -> str:
    """What the settings may keep for ``db``: a server URL's password moves into the
    console's password file (see ``pg_passfile``) and the URL names that file instead.
    A SQLite path or a URL without a password is kept as it is."""
    try:
        return without_password(db, console_passfile())
    except OSError as exc:
        raise ServiceError(
            QT_TRANSLATE_NOOP("services", "The password cannot be stored in {path}: {reason}"),
            path=str(console_passfile()),
            reason=exc.strerror or str(exc),
        ) from None
