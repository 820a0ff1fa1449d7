"""Store outages for tests: a PostgreSQL server of its own that can be stopped and started
again on the same port and data, and a SQLite file that can be taken away and put back.

Not the session-wide ``pg_server`` fixture: stopping that would fail every other test."""

from __future__ import annotations

import os
from pathlib import Path

from tests.support.pg_server import PostgresUnavailable, ThrowawayPostgres


class StoppablePostgres(ThrowawayPostgres):
    """A throwaway server with ``halt()`` (fast shutdown, data kept) and ``resume()``."""

    def halt(self) -> None:
        out = self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")
        if out.returncode:
            raise PostgresUnavailable(f"pg_ctl stop failed: {out.stderr.strip()}")

    def resume(self) -> None:
        opts = (
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        out = self._run(
            str(self.bin / "pg_ctl"),
            "-D",
            str(self.data),
            "-o",
            opts,
            "-l",
            str(self.root / "server.log"),
            "-w",
            "-t",
            "60",
            "start",
        )
        if out.returncode:
            raise PostgresUnavailable(f"pg_ctl start failed: {out.stderr.strip()}")


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
