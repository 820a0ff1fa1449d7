"""Opening a store: URL checks, engines for SQLite and PostgreSQL, one clear error per failure.

Every way a ``--db`` value can be wrong ends here as a ``StoreError`` whose message is one
line a duty officer or IT officer can act on; nothing is created by accident.
"""

from __future__ import annotations

import os
import re
import sqlite3
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import URL, Engine, create_engine, event, make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

SQLITE_BUSY_TIMEOUT_MS = 5000
PG_CONNECT_TIMEOUT_S = 3
# A server that vanishes without closing the socket (a cable pulled, a switch down, a VM
# paused) must not hold a read on the UI thread for the kernel's 15-minute retransmission
# timeout: unacknowledged data fails the connection after 5 s, an idle one is probed after
# 5 s and given up after two unanswered probes. The error then becomes StoreUnavailable.
PG_DEAD_PEER_SETTINGS = {
    "keepalives": 1,
    "keepalives_idle": 5,
    "keepalives_interval": 2,
    "keepalives_count": 2,
    "tcp_user_timeout": 5000,  # ms
}


class StoreError(Exception):
    """A store cannot be opened or used; ``str()`` is one line for the user."""


def normalise_url(value: str) -> URL:
    """Turn a ``--db`` value into a SQLAlchemy URL; a plain path means a SQLite file."""
    value = value.strip()
    if not value:
        raise StoreError("empty database URL; give a SQLite file path or postgresql://user@host/db")
    if "://" not in value:
        return URL.create("sqlite+pysqlite", database=str(Path(value).expanduser().resolve()))
    try:
        url = make_url(value)
    except (ArgumentError, ValueError):
        raise StoreError(f"not a database URL: {_without_password(value)!r}") from None
    backend = url.get_backend_name()
    if backend == "sqlite":
        if not url.database or url.database == ":memory:":
            raise StoreError("an in-memory SQLite database cannot hold a station; give a file path")
        return url.set(drivername="sqlite+pysqlite")
    if backend == "postgresql":
        return url.set(drivername="postgresql+psycopg")
    raise StoreError(f"unsupported database {backend!r}: use a SQLite file or a postgresql:// URL")


def _without_password(value: str) -> str:
    """A URL as typed with its password (user:PASSWORD@) masked, for a message."""
    return re.sub(r"(://[^/@:]*:)[^@]*@", r"\1***@", value)


def describe(url: URL) -> str:
    """A short, password-free description of where a store lives."""
    if url.get_backend_name() == "sqlite":
        return str(url.database)
    return url.render_as_string(hide_password=True).replace("+psycopg", "")


def check_sqlite_file(url: URL, *, must_exist: bool) -> None:
    """Refuse a missing, unreadable or non-SQLite file before SQLite silently creates one."""
    path = Path(str(url.database))
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a database file")
    if not path.exists():
        if must_exist:
            raise StoreError(
                f"database file not found: {path} (create it with: console db upgrade --db {path})"
            )
        if not path.parent.is_dir():
            raise StoreError(f"folder does not exist: {path.parent}")
        return
    if not os.access(path, os.R_OK):
        raise StoreError(f"cannot read database file: {path}")
    try:
        with path.open("rb") as fh:
            header = fh.read(16)
    except OSError as exc:
        raise StoreError(f"cannot read database file {path}: {exc.strerror}") from None
    if header and header != b"SQLite format 3\x00":
        raise StoreError(f"{path} is not a SQLite database (damaged, or another kind of file)")
    try:  # a good header can still hide a damaged file
        # The path is quoted: a "#", "?" or "%" in it is part of the file name.
        con = sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True)
        try:
            con.execute("PRAGMA schema_version").fetchone()
            result = con.execute("PRAGMA quick_check(1)").fetchone()
            tables = {
                row[0] for row in con.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path} is damaged and cannot be opened: {exc}") from None
    if result and result[0] != "ok":
        raise StoreError(f"{path} is damaged: {result[0]}")
    # Checked before the engine switches the file to WAL: another program's file stays untouched.
    if tables and "alembic_version" not in tables:
        raise StoreError(f"{path} is not a station console database")


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # Let SQLAlchemy, not pysqlite, decide when a transaction begins (see _sqlite_begin).
    dbapi_connection.isolation_level = None
    # WAL lets the UI read while another process writes; foreign keys are off by default.
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def _sqlite_begin(conn) -> None:
    # Writers take the write lock up front (BEGIN IMMEDIATE) so two workstations never
    # deadlock upgrading a read to a write; readers stay deferred and never block anyone.
    if conn.get_execution_options().get("sqlite_immediate"):
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        conn.exec_driver_sql("BEGIN")


def _sqlite_creator(path: Path, must_exist: bool):
    # An existing store is opened read-write only (mode=rw): if its file goes away while the
    # console runs, the next connection fails ("unable to open database file") instead of
    # SQLite quietly creating an empty file in its place.
    mode = "rw" if must_exist else "rwc"
    uri = f"file:{quote(str(path))}?mode={mode}"

    def connect() -> sqlite3.Connection:
        return sqlite3.connect(
            uri, uri=True, timeout=SQLITE_BUSY_TIMEOUT_MS / 1000, check_same_thread=False
        )

    return connect


def writer(engine: Engine) -> Engine:
    """The same engine, for write transactions (immediate locking on SQLite)."""
    return engine.execution_options(sqlite_immediate=True)


def make_engine(url: URL, *, must_exist: bool = True) -> Engine:
    """An engine for ``url`` with the station's connection settings; checks the file first."""
    if url.get_backend_name() == "sqlite":
        check_sqlite_file(url, must_exist=must_exist)
        engine = create_engine(url, creator=_sqlite_creator(Path(str(url.database)), must_exist))
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(
        url,
        pool_pre_ping=True,
        connect_args={
            "connect_timeout": PG_CONNECT_TIMEOUT_S,
            "application_name": "station-console",
            **PG_DEAD_PEER_SETTINGS,
        },
    )


def probe(engine: Engine) -> None:
    """Connect once, turning driver errors into one readable line."""
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
    except OperationalError as exc:
        raise StoreError(
            f"cannot connect to {describe(engine.url)}: {first_line(exc.orig)}"
        ) from None


def first_line(exc: BaseException | None) -> str:
    text = str(exc or "").strip()
    return text.splitlines()[0] if text else type(exc).__name__


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
