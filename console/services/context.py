"""What every service call needs: the store, the acting user, the station and a clock."""

from __future__ import annotations

import os
import socket
import uuid
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from console.domain.clock import Clock, SystemClock
from console.domain.people import UserRole
from console.store.engine import describe, session_factory, writer


@dataclass(frozen=True)
class Actor:
    """The signed-in user on whose behalf a service acts."""

    user_id: int | None
    username: str
    display_name: str
    role: UserRole


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
