"""One demo station per test session, built at a fixed moment, and a digest of a store."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from sqlalchemy import select

from console.store.engine import make_engine, normalise_url
from console.store.models import Base


@pytest.fixture(scope="session")
def demo_engine(demo_store):
    engine = make_engine(normalise_url(demo_store[0]))
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def demo_digest(demo_store) -> dict[str, str]:
    """The digest of the session's demo store (no test changes that store)."""
    return store_digest(demo_store[0])


def _canonical(value) -> str:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, float | Decimal):
        return repr(float(value))
    return repr(value)


def store_digest(url: str) -> dict[str, str]:
    """Per table, a hash of every row in primary-key order (ids and timestamps included)."""
    engine = make_engine(normalise_url(url))
    try:
        digests = {}
        with engine.connect() as conn:
            for table in Base.metadata.sorted_tables:
                h = hashlib.sha256()
                for row in conn.execute(select(table).order_by(*table.primary_key.columns)):
                    h.update("|".join(_canonical(v) for v in row).encode())
                    h.update(b"\n")
                digests[table.name] = h.hexdigest()
        return digests
    finally:
        engine.dispose()
