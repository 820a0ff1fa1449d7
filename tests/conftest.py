"""Test set-up: offscreen Qt, a throwaway PostgreSQL server, fresh stores on both backends.

The Qt and Chromium variables must be set before anything imports Qt.
"""

from __future__ import annotations

import os
import sys
import uuid
from datetime import UTC, datetime

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")
os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")

import pytest  # noqa: E402

from tests.support.pg_server import PostgresUnavailable, ThrowawayPostgres  # noqa: E402


@pytest.fixture(autouse=True)
def _isolated_user_files(tmp_path_factory, monkeypatch):
    """Settings and the demo database never touch the real user's folders."""
    home = tmp_path_factory.mktemp("userdata")
    monkeypatch.setenv("CONSOLE_DATA_DIR", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))


@pytest.fixture(autouse=True)
def _garbage_collected_on_the_main_thread():
    """Once a Qt test has switched the collector to the UI thread (console/ui/ui_thread_gc.py)
    it stays off for the session; collect what is due after each test, on this thread."""
    yield
    ui_gc = sys.modules.get("console.ui.ui_thread_gc")
    if ui_gc is not None:
        ui_gc.collect_due_garbage()


@pytest.fixture(scope="session")
def pg_server():
    """One PostgreSQL server for the whole run. Never skipped: a missing server fails."""
    external = os.environ.get("CONSOLE_TEST_PG_URL")
    if external:
        yield _External(external)
        return
    try:
        server = ThrowawayPostgres().start()
    except PostgresUnavailable as exc:
        pytest.fail(f"PostgreSQL tests cannot run: {exc}", pytrace=False)
    try:
        yield server
    finally:
        server.stop()


class _External:
    """A server given by CONSOLE_TEST_PG_URL (must allow CREATE DATABASE)."""

    def __init__(self, url: str) -> None:
        self._url = url

    def url(self, dbname: str = "postgres") -> str:
        base, _, _ = self._url.rpartition("/")
        return f"{base}/{dbname}"

    def create_database(self, name: str) -> str:
        import psycopg

        with psycopg.connect(self._url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


@pytest.fixture
def empty_pg_url(pg_server) -> str:
    """A new, empty PostgreSQL database for this test."""
    return pg_server.create_database(f"t_{uuid.uuid4().hex[:12]}")


@pytest.fixture
def empty_sqlite_url(tmp_path) -> str:
    """A path for a new SQLite store (the file does not exist yet)."""
    return f"sqlite:///{tmp_path / 'station.sqlite3'}"


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_store_url(request) -> str:
    """An empty store on each backend in turn."""
    if request.param == "sqlite":
        return request.getfixturevalue("empty_sqlite_url")
    return request.getfixturevalue("empty_pg_url")


@pytest.fixture
def store_url(empty_store_url) -> str:
    """A store on each backend in turn, migrated to head and seeded with reference data."""
    from console.services.station import upgrade_store

    upgrade_store(empty_store_url)
    return empty_store_url


@pytest.fixture
def small_station_url(store_url):
    """``store_url`` holding the hand-built station of tests/support/station_factory.py."""
    from tests.support.station_factory import build_small_station

    build_small_station(store_url)
    return store_url


# Friday 20 November 2026, 15:00 in Nanjing: a working afternoon with a live queue.
DEMO_NOW = datetime(2026, 11, 20, 7, 0, tzinfo=UTC)


@pytest.fixture(scope="session")
def demo_now() -> datetime:
    return DEMO_NOW


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory):
    """(url, report) of the demo station built once per run, seed 1 at DEMO_NOW, in SQLite.

    Shared by every test that reads it; a test that writes must build its own.
    """
    from console.demo.builder import build_demo_station

    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.sqlite3'}"
    report = build_demo_station(url, seed=1, now=DEMO_NOW)
    return url, report
