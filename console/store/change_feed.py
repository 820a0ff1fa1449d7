"""The change feed table: appended inside every service transaction, read by listeners.

Writers serialise on one lock at the end of their transaction (PostgreSQL advisory lock;
SQLite's single writer already does), so sequence order equals commit order and a
listener reading ``seq > last_seen`` never skips a row that commits late.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, func, insert, select, text
from sqlalchemy.orm import Session

from .models import Change

NOTIFY_CHANNEL = "console_change"
_FEED_LOCK_KEY = 0x5C0_FEED  # any constant unique to this application


@dataclass(frozen=True)
class ChangeRow:
    seq: int
    at: datetime
    entity: str
    entity_id: str
    kind: str
    origin: str | None


def lock_feed(session: Session) -> None:
    """Serialise feed writers until this transaction ends."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _FEED_LOCK_KEY})


def append_changes(
    session: Session, changes: Iterable[tuple[str, str, str]], *, at: datetime, origin: str | None
) -> None:
    """Append (entity, entity_id, kind) rows and, on PostgreSQL, notify at commit."""
    rows = [
        {"at": at, "entity": entity, "entity_id": str(entity_id), "kind": kind, "origin": origin}
        for entity, entity_id, kind in changes
    ]
    if not rows:
        return
    session.execute(insert(Change), rows)
    if session.get_bind().dialect.name == "postgresql":
        # Delivered by PostgreSQL only when (and if) the transaction commits.
        session.execute(text("SELECT pg_notify(:ch, '')"), {"ch": NOTIFY_CHANNEL})


def changes_after(conn: Connection | Session, seq: int, limit: int = 5000) -> list[ChangeRow]:
    result = conn.execute(
        select(Change.seq, Change.at, Change.entity, Change.entity_id, Change.kind, Change.origin)
        .where(Change.seq > seq)
        .order_by(Change.seq)
        .limit(limit)
    )
    return [ChangeRow(*row) for row in result]


def latest_seq(conn: Connection | Session) -> int:
    return conn.execute(select(func.coalesce(func.max(Change.seq), 0))).scalar_one()
