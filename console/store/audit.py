"""The audit chain: each entry's hash covers its content and the previous entry's hash."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import AuditEntry

GENESIS_HASH = "0" * 64


def entry_hash(entry: AuditEntry) -> str:
    """The hash of an entry's content and its ``prev_hash``, as canonical JSON so the same
    entry hashes the same on SQLite and PostgreSQL (times in UTC)."""
    payload = json.dumps(
        {
            "prev": entry.prev_hash,
            "at": entry.at.astimezone(UTC).isoformat(timespec="microseconds"),
            "actor": entry.actor_name,
            "actor_id": entry.actor_user_id,
            "action": entry.action,
            "entity": entry.entity,
            "entity_id": entry.entity_id,
            "detail": entry.detail,
        },
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def append_audit(
    session: Session,
    *,
    at: datetime,
    actor_name: str,
    actor_user_id: int | None,
    action: str,
    entity: str,
    entity_id: str | None,
    detail: dict[str, Any],
) -> AuditEntry:
    """Add the next link. The caller holds the feed lock, so the chain cannot fork."""
    prev = session.scalar(select(AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1))
    prev_hash = prev or GENESIS_HASH
    entry = AuditEntry(
        at=at,
        actor_name=actor_name,
        actor_user_id=actor_user_id,
        action=action,
        entity=entity,
        entity_id=entity_id,
        detail=detail,
        prev_hash=prev_hash,
    )
    entry.hash = entry_hash(entry)
    session.add(entry)
    session.flush()
    return entry


@dataclass(frozen=True)
class ChainBreak:
    entry_id: int
    reason: str  # "altered" or "missing before"


def verify_chain(session: Session) -> ChainBreak | None:
    """Walk the chain in order; name the first altered entry or the first gap."""
    prev_hash = GENESIS_HASH
    for entry in session.scalars(select(AuditEntry).order_by(AuditEntry.id)).yield_per(2000):
        if entry.prev_hash != prev_hash:
            return ChainBreak(entry.id, "missing before")
        if entry_hash(entry) != entry.hash:
            return ChainBreak(entry.id, "altered")
        prev_hash = entry.hash
    return None
