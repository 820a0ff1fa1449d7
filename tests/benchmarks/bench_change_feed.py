"""Latency of the change feed: commit in one process -> arrival in another.

Run from the repository root: .venv/bin/python tests/benchmarks/bench_change_feed.py
200 unit status changes are committed by a separate writer process through the services;
this process listens with the console's ChangeListener (LISTEN/NOTIFY on PostgreSQL,
PRAGMA data_version polling on SQLite) and stamps each arrival. The baseline, measured in
the same run, is what a view without the feed would do: re-read every second.
Uses DATABASE_URL for PostgreSQL when set, else starts a throwaway server.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer  # noqa: E402

from console.services import changes  # noqa: E402
from console.services.station import open_station, upgrade_store  # noqa: E402
from console.ui.change_listener import ChangeListener  # noqa: E402
from tests.support.pg_server import ThrowawayPostgres  # noqa: E402
from tests.support.station_factory import build_small_station  # noqa: E402

CHANGES = 200
BASELINE_CHANGES = 30
PAUSE_MS = 25


def measure(db_url: str, count: int, mode: str) -> list[float]:
    """Latencies in ms for ``count`` commits made by another process."""
    ctx = open_station(db_url)
    arrivals: list[float] = []

    def on_rows(rows):
        now = time.time()
        arrivals.extend(now for r in rows if r.origin != ctx.origin and r.entity == "unit")

    if mode == "feed":
        listener = ChangeListener(ctx)
        listener.sig_changes.connect(on_rows)
    else:  # baseline: a view that simply re-reads once a second
        last = [changes.last_change_seq(ctx)]

        def reread():
            rows = changes.read_changes(ctx, last[0])
            if rows:
                last[0] = rows[-1].seq
                on_rows(rows)

        timer = QTimer(interval=1000)
        timer.timeout.connect(reread)
        timer.start()
    writer = subprocess.Popen(
        [sys.executable, "-m", "tests.support.feed_writer", db_url, "1", str(count), str(PAUSE_MS)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert writer.stdout.readline().strip() == "ready"
    writer.stdin.write("go\n")
    writer.stdin.flush()
    deadline = time.monotonic() + 120
    loop = QEventLoop()
    while len(arrivals) < count and time.monotonic() < deadline:
        loop.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)
    commits = []
    for line in writer.stdout:
        if line.strip() == "done":
            break
        commits.append(float(line.split()[1]))
    writer.wait(timeout=30)
    if mode == "feed":
        listener.close()
    else:
        timer.stop()
    ctx.close()
    if len(arrivals) != count or len(commits) != count:
        raise SystemExit(
            f"lost changes: {len(arrivals)} arrived, {len(commits)} committed, {count} expected"
        )
    return [max(0.0, (a - c) * 1000) for a, c in zip(arrivals, commits, strict=True)]


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return round(values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))], 2)


def prepare(url: str) -> str:
    upgrade_store(url)
    build_small_station(url)
    return url


def main() -> None:
    app = QCoreApplication.instance() or QCoreApplication(sys.argv)  # noqa: F841
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        pg = None
        try:
            sqlite_url = prepare(f"sqlite:///{tmp}/feed.sqlite3")
            if os.environ.get("DATABASE_URL"):
                import uuid

                import psycopg

                name = f"bench_{uuid.uuid4().hex[:8]}"
                with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as conn:
                    conn.execute(f'CREATE DATABASE "{name}"')
                pg_url = prepare(os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/" + name)
            else:
                pg = ThrowawayPostgres().start()
                pg_url = prepare(pg.create_database("bench_feed"))
            for backend, url in (("sqlite", sqlite_url), ("pg", pg_url)):
                feed = measure(url, CHANGES, "feed")
                base = measure(url, BASELINE_CHANGES, "reread_1s")
                results[backend] = (feed, base)
                print(
                    f"{backend}: feed p50 {pct(feed, 50)} ms p95 {pct(feed, 95)} ms max {pct(feed, 100)} ms; "
                    f"baseline (re-read every 1 s) p50 {pct(base, 50)} ms p95 {pct(base, 95)} ms",
                    flush=True,
                )
        finally:
            if pg is not None:
                pg.stop()
    (sf, sb), (pf, pb) = results["sqlite"], results["pg"]
    print(
        json.dumps(
            {
                "bench": "change_feed",
                "changes": CHANGES,
                "sqlite_p50_ms": pct(sf, 50),
                "sqlite_p95_ms": pct(sf, 95),
                "pg_p50_ms": pct(pf, 50),
                "pg_p95_ms": pct(pf, 95),
                "baseline_reread_1s_sqlite_p50_ms": pct(sb, 50),
                "baseline_reread_1s_pg_p50_ms": pct(pb, 50),
                "targets": {"pg_p95_ms": 25, "sqlite_p95_ms": 150},
            }
        )
    )


if __name__ == "__main__":
    main()
    # PySide6 6.12 can abort while garbage-collecting Qt objects at interpreter exit; the
    # figures are printed and flushed, so leave without the teardown.
    sys.stdout.flush()
    os._exit(0)
