"""Live sync survives the server (issue 13 §2): a real PostgreSQL restarts, stops for 30 s
and loses its LISTEN connection, and the change listener finds its way back by itself.

The PostgreSQL tests restart and stop a server of their own (never the session-wide one
other tests share). A second seat is another ``StationContext`` with its own connections;
its changes are unit status changes through the real services. The listeners here read
the feed on their safety timer only once an hour, so a change that arrives once the
listener is live again has come through NOTIFY. No timing is asserted: the latency
figures are bench_faults.py's.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import psycopg
import pytest

from console.domain.units import UnitStatus
from console.services.station import open_station, upgrade_store
from console.services.unit_queries import unit_summaries
from console.services.unit_status import set_unit_status
from console.ui import theme
from console.ui.change_listener import ChangeListener
from tests.support import pg_faults
from tests.support.pg_server import PostgresUnavailable, ThrowawayPostgres
from tests.support.station_factory import build_small_station

from .conftest import open_window
from .station_data import build_station

AN_HOUR_MS = 3_600_000
UNIT = 1
CYCLE = [UnitStatus.BUSY, UnitStatus.AVAILABLE]


@pytest.fixture(scope="module")
def own_pg():
    """A PostgreSQL server for this module alone: these tests restart and stop it."""
    try:
        server = ThrowawayPostgres().start()
    except PostgresUnavailable as exc:
        pytest.fail(f"PostgreSQL tests cannot run: {exc}", pytrace=False)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def own_pg_ready(own_pg):
    """The module's server, running (a failed test may have left it stopped)."""
    if not (own_pg.data / "postmaster.pid").exists():
        pg_faults.start(own_pg)
    return own_pg


@pytest.fixture
def station_url(own_pg_ready) -> str:
    url = own_pg_ready.create_database(f"f_{uuid.uuid4().hex[:12]}")
    upgrade_store(url)
    build_small_station(url)
    return url


class Seat:
    """Another workstation: its own context, changing one unit's status back and forth."""

    def __init__(self, url: str) -> None:
        self.ctx = open_station(url)
        self.version = unit_summaries(self.ctx, [UNIT])[UNIT].version
        self.committed = 0

    def change(self) -> None:
        status = CYCLE[self.committed % len(CYCLE)]
        set_unit_status(self.ctx, UNIT, status, expected_version=self.version)
        self.version += 1
        self.committed += 1

    def close(self) -> None:
        self.ctx.close()


class Listening:
    """A listener on its own context, recording what it delivers and the states it passed."""

    def __init__(self, url: str) -> None:
        self.ctx = open_station(url)
        self.listener = ChangeListener(self.ctx, safety_ms=AN_HOUR_MS)
        self.rows: list = []
        self.states: list[str] = [self.listener.state]
        self.listener.sig_changes.connect(self.rows.extend)
        self.listener.sig_state.connect(lambda state, _why: self.states.append(state))

    def from_seat(self, seat: Seat) -> list:
        return [r for r in self.rows if r.origin == seat.ctx.origin]

    def close(self) -> None:
        self.listener.close()
        self.ctx.close()


@pytest.fixture
def listening(station_url):
    on = Listening(station_url)
    yield on
    on.close()


@pytest.fixture
def seat(station_url):
    other = Seat(station_url)
    yield other
    other.close()


def assert_each_once(listening: Listening, seat: Seat) -> None:
    seqs = [r.seq for r in listening.rows]
    assert seqs == sorted(set(seqs)), "a change delivered twice or out of order"
    mine = listening.from_seat(seat)
    assert len(mine) == seat.committed
    assert [(r.entity, r.entity_id) for r in mine] == [("unit", str(UNIT))] * seat.committed


@pytest.mark.postgres
def test_after_a_restart_the_listener_listens_again_by_itself(qtbot, own_pg, listening, seat):
    assert listening.listener.state == "live"
    seat.change()
    qtbot.waitUntil(lambda: len(listening.from_seat(seat)) == 1, timeout=10_000)

    pg_faults.restart(own_pg)  # pg_ctl restart -m fast: every connection is cut

    qtbot.waitUntil(lambda: bool(set(listening.states) & {"lost", "degraded"}), timeout=15_000)
    qtbot.waitUntil(lambda: listening.listener.state == "live", timeout=15_000)
    assert listening.listener.reconnects >= 1
    # Live again: the next change is woken by NOTIFY (the safety read is an hour away).
    seat.change()
    qtbot.waitUntil(lambda: len(listening.from_seat(seat)) == 2, timeout=10_000)
    assert_each_once(listening, seat)
    assert listening.states[-1] == "live"


@pytest.mark.postgres
def test_a_killed_listen_connection_is_replaced_while_the_server_stays_up(qtbot, listening, seat):
    dbname = listening.ctx.engine.url.database
    with psycopg.connect(
        listening.ctx.engine.url.set(drivername="postgresql").render_as_string(False),
        autocommit=True,
    ) as admin:
        killed = admin.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = %s AND application_name = 'station-console-listen'",
            (dbname,),
        ).fetchone()[0]
    assert killed == 1
    qtbot.waitUntil(lambda: listening.listener.reconnects >= 1, timeout=15_000)
    qtbot.waitUntil(lambda: listening.listener.state == "live", timeout=15_000)
    seat.change()
    qtbot.waitUntil(lambda: len(listening.from_seat(seat)) == 1, timeout=10_000)
    assert_each_once(listening, seat)


@pytest.mark.postgres
def test_a_30_s_stop_loses_nothing_and_delivers_each_change_once(qtbot, own_pg, listening, seat):
    """Before: seen. During: refused (the write raises). After: seen. Each exactly once."""
    seat.change()
    qtbot.waitUntil(lambda: len(listening.from_seat(seat)) == 1, timeout=10_000)
    seat.change()  # committed just before the stop: the listener may not have read it yet

    pg_faults.stop(own_pg)
    refused = 0
    for _ in range(2):
        with pytest.raises(Exception):  # noqa: B017 - the services' refusal, whichever type
            seat.change()
        refused += 1
    qtbot.waitUntil(lambda: listening.listener.state == "lost", timeout=15_000)
    qtbot.wait(30_000)  # the listener keeps trying, the UI thread keeps turning
    assert listening.listener.state == "lost"
    assert listening.listener.reason  # says why

    pg_faults.start(own_pg)
    qtbot.waitUntil(lambda: listening.listener.state == "live", timeout=15_000)
    assert len(listening.from_seat(seat)) == 2  # the one before the stop, read on return
    seat.change()
    seat.change()
    qtbot.waitUntil(lambda: len(listening.from_seat(seat)) == 4, timeout=10_000)
    assert refused == 2 and seat.committed == 4
    assert_each_once(listening, seat)
    listening.listener.read_now()  # a read now finds nothing more
    assert len(listening.from_seat(seat)) == 4


def _feed_label(window) -> tuple[str, str]:
    return window.status.feed_label.text(), window.status.feed_label.toolTip()


@pytest.mark.postgres
def test_the_status_bar_shows_live_lost_live(qtbot, console_app, ui_settings, own_pg_ready):
    url = own_pg_ready.create_database(f"w_{uuid.uuid4().hex[:12]}")
    upgrade_store(url)
    build_station(url)
    ctx = open_station(url)
    window = open_window(qtbot, ctx, ui_settings)
    t = theme.current()
    try:
        qtbot.waitUntil(lambda: window.status.feed_state == "live", timeout=10_000)
        text, tip = _feed_label(window)
        assert t.status["available"] in text and "实时" in text
        assert "即时" in tip

        pg_faults.stop(own_pg_ready)
        qtbot.waitUntil(lambda: window.status.feed_state == "lost", timeout=15_000)
        text, tip = _feed_label(window)
        assert t.overdue in text and "变更未送达" in text
        assert window.listener.reason and window.listener.reason in tip

        pg_faults.start(own_pg_ready)
        qtbot.waitUntil(lambda: window.status.feed_state == "live", timeout=15_000)
        text, _tip = _feed_label(window)
        assert t.status["available"] in text and "实时" in text

        # Degraded (reads work, the wake-up does not): amber, with why.
        window.status.set_feed_state("degraded", "LISTEN refused by the test")
        text, tip = _feed_label(window)
        assert t.status["dispatched"] in text
        assert "LISTEN refused by the test" in tip
        # The listener is the one who says: live again on its next state change.
        window.status.set_feed_state(window.listener.state, window.listener.reason)
        assert window.status.feed_state == "live"
    finally:
        window.close()
        ctx.close()


def test_a_sqlite_file_moved_away_and_back_is_watched_again(qtbot, tmp_path):
    """SQLite: the data_version connection follows the file; moved away, it is dropped and
    opened again once the file is back (never created empty meanwhile)."""
    path = tmp_path / "station.sqlite3"
    url = f"sqlite:///{path}"
    upgrade_store(url)
    build_small_station(url)
    on, other = Listening(url), Seat(url)
    aside = {suffix: tmp_path / f"aside{suffix}" for suffix in ("", "-wal", "-shm")}
    try:
        assert on.listener.state == "live"
        other.change()
        qtbot.waitUntil(lambda: len(on.from_seat(other)) == 1, timeout=10_000)
        for suffix, there in aside.items():
            if Path(f"{path}{suffix}").exists():
                os.replace(f"{path}{suffix}", there)
        qtbot.waitUntil(lambda: on.listener.state != "live", timeout=10_000)
        assert not path.exists()  # nothing created an empty store in its place
        for suffix, there in aside.items():
            if there.exists():
                os.replace(there, f"{path}{suffix}")
        qtbot.waitUntil(lambda: on.listener.state == "live", timeout=10_000)
        assert on.listener.reconnects >= 1
        other.change()
        qtbot.waitUntil(lambda: len(on.from_seat(other)) == 2, timeout=10_000)
        assert_each_once(on, other)
    finally:
        other.close()
        on.close()
