"""A lost store is one ``StoreUnavailable`` (a ServiceError) from every service, read or
write, never a raw driver error; once the store is back the same context works again.

PostgreSQL: a server of this module's own, stopped and started on the same port.
SQLite: the station's file taken away (the console must not create an empty one)."""

from __future__ import annotations

import uuid

import pytest

from console.domain.clock import FixedClock
from console.domain.intake import IntakeDraft
from console.services.intake import category_choices, complete_address, record_incident
from console.services.station import upgrade_store
from console.services.unit_of_work import ServiceError, StoreUnavailable
from tests.intake.station import build_intake_station
from tests.support.outage import SqliteFileAway, StoppablePostgres, sqlite_path
from tests.support.pg_server import PostgresUnavailable
from tests.support.station_factory import NOW

CALL = IntakeDraft(
    source="call_110",
    caller_phone="138 1234 5678",
    address_text="中山路18号",
    category_code="order.fight",
    priority="urgent",
    narrative="两人在店门口打架",
)


@pytest.fixture(scope="module")
def own_pg():
    try:
        server = StoppablePostgres().start()
    except PostgresUnavailable as exc:
        pytest.fail(f"PostgreSQL tests cannot run: {exc}", pytrace=False)
    yield server
    server.stop()


def _station(url: str):
    upgrade_store(url)
    return build_intake_station(url).open(FixedClock(NOW))


def test_a_stopped_server_is_store_unavailable_and_the_pool_recovers(own_pg):
    url = own_pg.create_database(f"t_{uuid.uuid4().hex[:12]}")
    ctx = _station(url)
    try:
        assert complete_address(ctx, "中山路18")  # a pooled connection exists
        own_pg.halt()
        try:
            with pytest.raises(StoreUnavailable) as read_failed:
                complete_address(ctx, "中山路18")
            with pytest.raises(StoreUnavailable):
                record_incident(ctx, CALL)
            with pytest.raises(StoreUnavailable):
                category_choices(ctx)
        finally:
            own_pg.resume()
        assert isinstance(read_failed.value, ServiceError)
        assert "interrupted" in str(read_failed.value)
        assert read_failed.value.params["reason"]  # the driver's line, for the log
        # Back: the same context reads and writes, the write once.
        assert complete_address(ctx, "中山路18")[0].text == "中山路18号"
        recorded, changes = record_incident(ctx, CALL)
        assert changes.ids("incident") == {str(recorded.id)}
    finally:
        ctx.close()


def test_a_sqlite_file_taken_away_is_store_unavailable_and_never_recreated(tmp_path):
    url = f"sqlite:///{tmp_path / 'station.sqlite3'}"
    ctx = _station(url)
    away = SqliteFileAway(sqlite_path(url))
    try:
        assert complete_address(ctx, "中山路18")
        away.take_away()
        ctx.engine.dispose()  # connections already open would still see the moved inode
        with pytest.raises(StoreUnavailable):
            complete_address(ctx, "中山路18")
        with pytest.raises(StoreUnavailable):
            record_incident(ctx, CALL)
        assert not away.path.exists()  # no empty stray store in its place
        away.put_back()
        recorded, _ = record_incident(ctx, CALL)
        assert recorded.number
    finally:
        ctx.close()


def test_a_sqlite_file_replaced_by_garbage_is_store_unavailable(tmp_path):
    url = f"sqlite:///{tmp_path / 'station.sqlite3'}"
    ctx = _station(url)
    path = sqlite_path(url)
    try:
        away = SqliteFileAway(path)
        away.take_away()
        ctx.engine.dispose()
        path.write_bytes(b"this is not a database" * 200)
        with pytest.raises(StoreUnavailable):
            complete_address(ctx, "中山路18")
    finally:
        ctx.close()
