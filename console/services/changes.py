"""Learning about committed changes, whoever made them (DESIGN.md §4).

PostgreSQL wakes listeners with LISTEN/NOTIFY; SQLite listeners poll ``PRAGMA
data_version``, which moves whenever another connection commits. Either way the listener
then reads the change rows after the last sequence number it saw.

A wake-up connection can die (the server restarts, the network drops): ``check()`` then
raises, and the listener opens a new one with ``open_wakeup`` and reads the feed from the
last sequence it saw, so nothing committed meanwhile is skipped or delivered twice.
"""

from __future__ import annotations

import os
import select
import sqlite3
from typing import Protocol

from console.store.change_feed import NOTIFY_CHANNEL, ChangeRow, changes_after, latest_seq

from .context import StationContext

__all__ = [
    "ChangeRow",
    "ChangeWakeup",
    "READ_BATCH",
    "first_line",
    "last_change_seq",
    "open_wakeup",
    "read_changes",
]

READ_BATCH = 5000
"""At most this many rows per read; a listener reads again while a batch comes back full."""

# The LISTEN connection: a refused or unreachable server fails fast (the listener retries
# on a timer, never waiting long on the UI thread), and TCP keepalives notice a peer that
# vanished without closing the socket (no FIN: a cable pulled, a VM paused) within ~20 s.
LISTEN_CONNECT_TIMEOUT_S = 2  # libpq's minimum
LISTEN_KEEPALIVES = {
    "keepalives": 1,
    "keepalives_idle": 10,
    "keepalives_interval": 3,
    "keepalives_count": 3,
}


class ChangeWakeup(Protocol):
    def fileno(self) -> int | None:
        """A socket to watch for readability, or None when the caller must poll."""

    def check(self) -> bool:
        """True if something may have been committed since the last check (never blocks).

        Raises when the wake-up connection is gone; it cannot be used again then."""

    def close(self) -> None: ...


def first_line(exc: BaseException) -> str:
    """One line saying why, for a status bar tooltip: the driver's own words when the
    store was unavailable (``StoreUnavailable`` keeps them as its ``reason``)."""
    params = getattr(exc, "params", None)
    if isinstance(params, dict) and params.get("reason"):
        return str(params["reason"])
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


class _SqliteDataVersion:
    def __init__(self, path: str) -> None:
        self._path = path
        self._con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self._last = self._version()  # opens the file (read-only: never creates one)
        self._inode = os.stat(path).st_ino

    def _version(self) -> int:
        return self._con.execute("PRAGMA data_version").fetchone()[0]

    def fileno(self) -> int | None:
        return None

    def check(self) -> bool:
        # A file moved away or replaced (a restore) would leave us watching the old one.
        if os.stat(self._path).st_ino != self._inode:
            raise ConnectionError("the database file was replaced")
        now = self._version()
        moved, self._last = now != self._last, now
        return moved

    def close(self) -> None:
        self._con.close()


class _PostgresListen:
    def __init__(self, conninfo: str) -> None:
        import psycopg  # only PostgreSQL stations pay for this import

        self._con = psycopg.connect(
            conninfo,
            autocommit=True,
            connect_timeout=LISTEN_CONNECT_TIMEOUT_S,
            application_name="station-console-listen",
            **LISTEN_KEEPALIVES,
        )
        try:
            self._con.execute(f"LISTEN {NOTIFY_CHANNEL}")
        except Exception:
            self._con.close()
            raise
        self._fd = self._con.fileno()

    def fileno(self) -> int | None:
        return self._fd

    def check(self) -> bool:
        """Read what the socket holds without waiting; raise if the server went away.

        A server shutting down first sends an error message (libpq keeps it and stays
        "OK"), then closes the socket: reading again while the socket is still readable
        meets that end and raises, so one wake-up is enough to notice a dead connection.
        """
        pg = self._con.pgconn
        if self._con.closed or pg.status != 0:  # 0: CONNECTION_OK
            raise ConnectionError("the change notification connection is closed")
        for _ in range(4):
            pg.consume_input()  # non-blocking; raises OperationalError at end of stream
            if not select.select([self._fd], [], [], 0)[0]:
                break
        moved = False
        while pg.notifies() is not None:
            moved = True
        return moved

    def close(self) -> None:
        self._con.close()


def open_wakeup(ctx: StationContext) -> ChangeWakeup:
    url = ctx.engine.url
    if url.get_backend_name() == "sqlite":
        return _SqliteDataVersion(str(url.database))
    conninfo = url.set(drivername="postgresql").render_as_string(hide_password=False)
    return _PostgresListen(conninfo)


def read_changes(ctx: StationContext, after_seq: int, limit: int = READ_BATCH) -> list[ChangeRow]:
    with ctx.engine.connect() as conn:
        return changes_after(conn, after_seq, limit)


def last_change_seq(ctx: StationContext) -> int:
    with ctx.engine.connect() as conn:
        return latest_seq(conn)
