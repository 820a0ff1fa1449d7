"""Store outages for tests: a PostgreSQL server of its own that can be stopped and started
again on the same port and data, and a SQLite file that can be taken away and put back.

Not the session-wide ``pg_server`` fixture: stopping that would fail every other test."""

from __future__ import annotations

import os
from pathlib import Path

from tests.support import pg_faults
from tests.support.pg_server import ThrowawayPostgres


class StoppablePostgres(ThrowawayPostgres):
    """A throwaway server with ``halt()`` (fast shutdown, data kept) and ``resume()`` (the
    same port, data and options), through the one set of pg_ctl helpers (pg_faults.py)."""

    def halt(self) -> None:
        pg_faults.stop(self)

    def resume(self) -> None:
        pg_faults.start(self)


def sqlite_path(url: str) -> Path:
    return Path(url.removeprefix("sqlite:///"))


class SqliteFileAway:
    """Moves a SQLite store (and its -wal/-shm) aside; ``put_back()`` restores it."""

    SUFFIXES = ("", "-wal", "-shm")

    def __init__(self, path: Path) -> None:
        self.path = path
        self.aside = path.with_name(path.name + ".aside")

    def take_away(self) -> None:
        for suffix in self.SUFFIXES:
            here = Path(f"{self.path}{suffix}")
            if here.exists():
                os.replace(here, f"{self.aside}{suffix}")

    def put_back(self) -> None:
        for suffix in self.SUFFIXES:
            there = Path(f"{self.aside}{suffix}")
            if there.exists():
                os.replace(there, f"{self.path}{suffix}")
