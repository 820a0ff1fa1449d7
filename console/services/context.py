"""What every service call needs: the store, the acting user, the station and a clock."""

from __future__ import annotations

import os
import socket
import uuid
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, event
from sqlalchemy.engine import ExceptionContext
from sqlalchemy.orm import Session, sessionmaker

from console.domain.clock import Clock, SystemClock
from console.domain.people import UserRole
from console.store.engine import describe, session_factory, writer


@dataclass(frozen=True)
class Actor:
    """The signed-in user on whose behalf a service acts."""

    user_id: int | None
    username: str
    display_name: str  # the person's name (the officer's, when the account is linked)
    role: UserRole
    badge: str | None = None  # 警号 of the officer behind the account


# Until sign-in exists every workstation acts as this built-in user (created by migrations'
# seed or the demo builder).
DEMO_USERNAME = "duty"


@dataclass
class StationContext:
    engine: Engine
    station_id: int
    station_name: str
    timezone: ZoneInfo
    actor: Actor
    clock: Clock = field(default_factory=SystemClock)
    # Names this workstation's process in the change feed (its own changes can be told apart).
    origin: str = field(
        default_factory=lambda: f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
    )
    _read: sessionmaker[Session] | None = field(default=None, repr=False)
    _write: sessionmaker[Session] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        guard_store_errors(self.engine)

    @property
    def backend(self) -> str:
        return self.engine.dialect.name

    @property
    def location(self) -> str:
        return describe(self.engine.url)

    def reading(self) -> Session:
        """A session for queries only (deferred locking on SQLite)."""
        if self._read is None:
            self._read = session_factory(self.engine)
        return self._read()

    def writing(self) -> Session:
        """A session for one write transaction (immediate locking on SQLite)."""
        if self._write is None:
            self._write = session_factory(writer(self.engine))
        return self._write()

    def close(self) -> None:
        self.engine.dispose()


# --- a lost store is one service error, never a raw driver error -----------------------------

# PostgreSQL SQLSTATE classes that mean "the server is not there for us right now":
# 08 connection exception, 53 insufficient resources, 57P operator intervention (shutdown,
# cannot connect now). Client-side failures (refused, reset, timed out) carry no SQLSTATE.
_PG_UNAVAILABLE_STATES = ("08", "53", "57P")
# SQLite messages that mean the file is gone, unreadable or not a station any more.
_SQLITE_UNAVAILABLE = (
    "unable to open",
    "disk i/o",
    "no such table",
    "readonly database",
    "file is not a database",
    "malformed",
    "cannot operate on a closed database",
)
_SQLITE_BUSY = ("database is locked", "database is busy")


def guard_store_errors(engine: Engine) -> None:
    """Make ``engine`` raise ``StoreUnavailable`` (a ``ServiceError``) in place of the
    driver's errors for a lost server or an unreachable file, on every read and write.

    SQLAlchemy still invalidates the broken connection (and the pool, on a disconnect)
    before the replacement is raised, and PostgreSQL engines ping a pooled connection
    before use, so the first call after the store is back simply works. Calling it again
    on the same engine does nothing."""
    if not event.contains(engine, "handle_error", _translate_store_error):
        event.listen(engine, "handle_error", _translate_store_error)


def _translate_store_error(context: ExceptionContext) -> BaseException | None:
    if context.is_pre_ping:  # the pool's own check: it reconnects by itself
        return None
    from .unit_of_work import STORE_BUSY, ServiceError, StoreUnavailable

    original = context.original_exception
    reason = _first_line(original)
    if context.is_disconnect or _unavailable(context.dialect.name, original):
        return StoreUnavailable(reason=reason)
    if context.dialect.name == "sqlite" and any(w in reason.lower() for w in _SQLITE_BUSY):
        # Another workstation held the write lock past the busy timeout: not an outage.
        return ServiceError(STORE_BUSY, reason=reason)
    return None


def _unavailable(backend: str, error: BaseException) -> bool:
    if backend == "postgresql":
        import psycopg

        if isinstance(error, psycopg.InterfaceError):
            return True
        if isinstance(error, psycopg.OperationalError):
            state = getattr(error, "sqlstate", None)
            return state is None or state.startswith(_PG_UNAVAILABLE_STATES)
        return False
    if backend == "sqlite":
        import sqlite3

        text = _first_line(error).lower()
        return isinstance(error, sqlite3.DatabaseError) and any(
            w in text for w in _SQLITE_UNAVAILABLE
        )
    return False


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__
