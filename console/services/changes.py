"""Learning about committed changes, whoever made them (DESIGN.md §4).

PostgreSQL wakes listeners with LISTEN/NOTIFY; SQLite listeners poll ``PRAGMA
data_version``, which moves whenever another connection commits. Either way the listener
then reads the change rows after the last sequence number it saw.
"""

from __future__ import annotations

import sqlite3
from typing import Protocol

from console.store.change_feed import NOTIFY_CHANNEL, ChangeRow, changes_after, latest_seq

from .context import StationContext

__all__ = ["ChangeRow", "ChangeWakeup", "open_wakeup", "read_changes", "last_change_seq"]


class ChangeWakeup(Protocol):
    def fileno(self) -> int | None:
        """A socket to watch for readability, or None when the caller must poll."""

    def check(self) -> bool:
        """True if something may have been committed since the last check (never blocks)."""

    def close(self) -> None: ...


class _SqliteDataVersion:
    def __init__(self, path: str) -> None:
        self._con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self._last = self._version()

    def _version(self) -> int:
        return self._con.execute("PRAGMA data_version").fetchone()[0]

    def fileno(self) -> int | None:
        return None

    def check(self) -> bool:
        now = self._version()
        moved, self._last = now != self._last, now
        return moved

    def close(self) -> None:
        self._con.close()


class _PostgresListen:
    def __init__(self, conninfo: str) -> None:
        import psycopg  # only PostgreSQL stations pay for this import

        self._con = psycopg.connect(conninfo, autocommit=True, connect_timeout=3)
        self._con.execute(f"LISTEN {NOTIFY_CHANNEL}")

    def fileno(self) -> int | None:
        return self._con.fileno()

    def check(self) -> bool:
        return any(True for _ in self._con.notifies(timeout=0, stop_after=1000))

    def close(self) -> None:
        self._con.close()


def open_wakeup(ctx: StationContext) -> ChangeWakeup:
    url = ctx.engine.url
    if url.get_backend_name() == "sqlite":
        return _SqliteDataVersion(str(url.database))
    conninfo = url.set(drivername="postgresql").render_as_string(hide_password=False)
    return _PostgresListen(conninfo)


def read_changes(ctx: StationContext, after_seq: int) -> list[ChangeRow]:
    with ctx.engine.connect() as conn:
        return changes_after(conn, after_seq)


def last_change_seq(ctx: StationContext) -> int:
    with ctx.engine.connect() as conn:
        return latest_seq(conn)
