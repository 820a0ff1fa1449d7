"""A change committed by one OS process reaches a listener in another, on both backends."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from console.services.station import open_station
from console.ui.change_listener import ChangeListener

ROOT = Path(__file__).resolve().parents[2]


def test_change_from_another_process_reaches_the_listener(qtbot, small_station_url):
    ctx = open_station(small_station_url)
    listener = ChangeListener(ctx)
    received = []
    listener.sig_changes.connect(received.extend)
    writer = subprocess.Popen(
        [sys.executable, "-m", "tests.support.feed_writer", small_station_url, "2", "3", "20"],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout.readline().strip() == "ready"
        writer.stdin.write("go\n")
        writer.stdin.flush()
        qtbot.waitUntil(lambda: len(received) >= 3, timeout=10_000)
        assert writer.wait(timeout=10) == 0
    finally:
        writer.kill()
        listener.close()
        ctx.close()
    assert [(r.entity, r.entity_id) for r in received] == [("unit", "2")] * 3
    assert all(r.origin and r.origin != ctx.origin for r in received)
    assert [r.seq for r in received] == sorted({r.seq for r in received})
    assert listener.last_seq == received[-1].seq


def test_own_changes_arrive_too_and_nothing_is_delivered_twice(qtbot, small_station_url):
    from console.domain.units import UnitStatus
    from console.services.unit_status import set_unit_status

    ctx = open_station(small_station_url)
    listener = ChangeListener(ctx)
    received = []
    listener.sig_changes.connect(received.extend)
    try:
        set_unit_status(ctx, 1, UnitStatus.BUSY, expected_version=1)
        set_unit_status(ctx, 1, UnitStatus.AVAILABLE, expected_version=2)
        qtbot.waitUntil(lambda: len(received) >= 2, timeout=5000)
        listener.read_now()  # an extra read finds nothing new
        assert len(received) == 2 and received[0].seq < received[1].seq
    finally:
        listener.close()
        ctx.close()
