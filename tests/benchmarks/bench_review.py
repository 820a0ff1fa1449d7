"""The chief's debrief of 90 days over a store of 1,000,000 incidents (SQLite file).

Run from the repository root: .venv/bin/python tests/benchmarks/bench_review.py [--keep PATH]
The store holds three years of plausible incidents of one busy station (about 900 a day:
answered, entered, dispatched, on scene, closed, called back; some diverted, transferred,
never reached or still open), their assignments to 20 units, and an approved roster of
the last 120 days. It is built with numpy and sqlite3 executemany (1-5 minutes);
--keep PATH reuses (or builds and keeps) it.

Measured:
  debrief_ms   console.services.review.debrief over the last 90 days (median of 5, warm)
  debrief_cpu_ms  the same, in CPU time of the process (both reading threads): steadier
               than wall time on a machine shared with other work
  charts_ms    console.ui.review.charts.draw_all_charts(debrief): every review chart drawn
               offscreen (median of 3 after a first draw that builds the widgets);
               charts_cpu_ms the same in CPU time
  load_1min    the machine's 1-minute load average before and after
  baseline_ms  the naive way, in the same run: load every incident of the period with its
               assignments through the ORM and compute the same figures in Python
Last line JSON: {"bench": "review", "stored": 1000000, "debrief_ms", "charts_ms", …}
"""

from __future__ import annotations

import json
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

STORED = 1_000_000
UNITS = 20
OFFICERS = 60
DAYS = 3 * 365
ROSTER_DAYS = 120
REVIEW_DAYS = 90
NOW = datetime(2026, 11, 22, 6, 30, tzinfo=UTC)


def _texts(epochs: np.ndarray) -> list[str | None]:
    """SQLAlchemy's SQLite DATETIME text (naive UTC), None for NaN."""
    known = ~np.isnan(epochs)
    stamps = (np.where(known, epochs, 0) * 1e6).astype("int64").astype("datetime64[us]")
    text = np.char.replace(np.datetime_as_string(stamps, unit="us"), "T", " ")
    return [t if k else None for t, k in zip(text.tolist(), known.tolist(), strict=True)]


def build_store(path: Path) -> None:
    from sqlalchemy import select

    from console.domain.incidents import DEFAULT_ARRIVAL_MINUTES, Priority
    from console.services.station import upgrade_store
    from console.store.engine import make_engine, normalise_url, session_factory
    from console.store.models import Category
    from tests.support.station_factory import build_small_station

    started = time.perf_counter()
    url = f"sqlite:///{path}"
    upgrade_store(url)
    small = build_small_station(url, NOW)
    engine = make_engine(normalise_url(url))
    with session_factory(engine).begin() as s:
        codes = list(s.scalars(select(Category.code).where(Category.parent_code.is_not(None))))
    engine.dispose()

    rng = np.random.default_rng(11)
    n = STORED - 4  # the small station already holds four
    end = NOW.timestamp() - 600
    # Calls follow the day: quiet before dawn, busy in the evening.
    day = rng.integers(0, DAYS, n)
    hour_weights = np.array(
        [3, 2, 1.5, 1, 1, 1, 2, 3, 4, 5, 5, 5, 5, 5, 5, 5, 6, 6, 7, 7, 7, 6, 5, 4]
    )
    hour = rng.choice(24, n, p=hour_weights / hour_weights.sum())
    received = np.sort(end - (DAYS - day) * 86400.0 + (hour - 8) * 3600.0 + rng.random(n) * 3600)
    received = np.minimum(received, end)
    received.sort()
    prio = rng.choice(4, n, p=[0.05, 0.2, 0.45, 0.3])
    minutes = np.array([DEFAULT_ARRIVAL_MINUTES[p] or np.nan for p in Priority])
    deadline = received + minutes[prio] * 60
    answered = received + rng.gamma(2.0, 3.5, n)
    answered[rng.random(n) < 0.03] = np.nan  # walk-ins: no ring
    entered = np.where(np.isnan(answered), received, answered) + 30 + rng.gamma(3.0, 15.0, n)
    fate = rng.choice(
        5, n, p=[0.84, 0.07, 0.03, 0.04, 0.02]
    )  # dispatched, diverted, transferred, closed by phone, stood down
    dispatched = entered + rng.exponential(np.array([35.0, 80.0, 200.0, 900.0])[prio])
    dispatched[(fate == 1) | (fate == 3)] = np.nan
    travel = rng.lognormal(np.log(210), 0.45, n)
    arrived = np.where((fate == 0) | (fate == 2), dispatched + travel, np.nan)
    closed = np.where(
        fate == 1,
        np.nan,
        np.where(np.isnan(arrived), entered + 600, arrived) + rng.gamma(3, 700, n),
    )
    closed[fate == 2] = np.nan
    called_back = closed + rng.gamma(2, 6 * 3600, n)
    called_back[rng.random(n) < 0.04] = np.nan
    status = np.select(
        [fate == 1, fate == 2, ~np.isnan(called_back), ~np.isnan(closed)],
        ["diverted", "transferred", "called_back", "closed"],
        "on_scene",
    )
    # The last hour's incidents are still open.
    recent = received > end - 3600
    status[recent] = np.where(np.isnan(dispatched[recent]), "received", "dispatched")
    for col in (arrived, closed, called_back):
        col[recent] = np.nan
    called_back[status == "closed"] = np.nan
    satisfaction = np.where(
        status == "called_back",
        rng.choice(["satisfied", "fairly_satisfied", "dissatisfied"], n, p=[0.85, 0.12, 0.03]),
        None,
    )
    grid = rng.choice(list(small.grid_ids), n)
    category = rng.choice(codes, n)

    db = sqlite3.connect(path)
    db.execute("PRAGMA cache_size=-500000")
    db.execute("PRAGMA synchronous=OFF")
    db.execute("PRAGMA journal_mode=MEMORY")
    cur = db.execute("SELECT max(id) FROM incident")
    first_id = cur.fetchone()[0] + 1
    ids = np.arange(first_id, first_id + n)
    # Units: 20 cars shared by the two grids (the small station's three first).
    db.executemany(
        "INSERT INTO unit (station_id, call_sign, kind, skills, status, status_since, home_grid_id, version)"
        " VALUES (?, ?, 'car', '[]', 'available', ?, ?, 1)",
        [
            (small.station_id, f"B{u:02d}", _texts(np.array([end]))[0], small.grid_ids[u % 2])
            for u in range(UNITS - len(small.unit_ids))
        ],
    )
    unit_ids = [r[0] for r in db.execute("SELECT id FROM unit ORDER BY id")]
    texts = {
        k: _texts(v)
        for k, v in dict(
            received=received,
            answered=answered,
            entered=entered,
            dispatched=dispatched,
            arrived=arrived,
            closed=closed,
            called_back=called_back,
            deadline=deadline,
        ).items()
    }
    rows = zip(
        ids.tolist(),
        [f"B{i:09d}" for i in range(n)],
        texts["received"],
        texts["answered"],
        texts["entered"],
        grid.tolist(),
        category.tolist(),
        [Priority(list(Priority)[p]).value for p in prio.tolist()],
        status.tolist(),
        texts["deadline"],
        texts["dispatched"],
        texts["arrived"],
        texts["closed"],
        np.where(np.isnan(closed), None, "resolved").tolist(),
        texts["called_back"],
        satisfaction.tolist(),
        strict=True,
    )
    db.executemany(
        "INSERT INTO incident (id, station_id, number, received_at, answered_at, entered_at,"
        " source, address_text, grid_id, category_code, priority, narrative, status,"
        " arrival_deadline, first_dispatched_at, first_arrived_at, closed_at,"
        " disposition_code, called_back_at, satisfaction, version)"
        f" VALUES (?, {small.station_id}, ?, ?, ?, ?, 'call_110', '中山路18号', ?, ?, ?,"
        " '报警人称有人打架', ?, ?, ?, ?, ?, ?, ?, ?, 1)",
        rows,
    )
    # Assignments: one unit per dispatched incident, a second on one in ten; one in
    # thirty first units is recalled and another one goes.
    sent = ~np.isnan(dispatched)
    a_inc, a_unit = ids[sent], rng.choice(unit_ids, sent.sum())
    a_ord, a_arr = dispatched[sent], arrived[sent]
    a_clr = np.where(
        np.isnan(closed[sent]), np.where(np.isnan(a_arr), np.nan, a_arr + 1800), closed[sent]
    )
    recalled = rng.random(sent.sum()) < 1 / 30
    second = rng.random(sent.sum()) < 0.1
    cancel = np.where(recalled, a_ord + 60, np.nan)
    parts = [
        (
            a_inc,
            a_unit,
            a_ord,
            np.where(recalled, np.nan, a_arr),
            np.where(recalled, np.nan, a_clr),
            cancel,
        ),
        (
            a_inc[recalled | second],
            rng.choice(unit_ids, (recalled | second).sum()),
            np.where(recalled, a_ord + 60, a_ord)[recalled | second],
            a_arr[recalled | second],
            a_clr[recalled | second],
            np.full((recalled | second).sum(), np.nan),
        ),
    ]
    for inc, unit, ordered, arr, clr, cnc in parts:
        db.executemany(
            "INSERT INTO assignment (incident_id, unit_id, tier, ordered_at, arrived_at, cleared_at, cancelled_at)"
            " VALUES (?, ?, 1, ?, ?, ?, ?)",
            zip(
                inc.tolist(),
                unit.tolist(),
                _texts(ordered),
                _texts(arr),
                _texts(clr),
                _texts(cnc),
                strict=True,
            ),
        )
    _roster(db, small.station_id, unit_ids)
    db.commit()
    db.close()
    print(f"built {STORED:,} incidents in {time.perf_counter() - started:.1f} s", file=sys.stderr)


def _roster(db: sqlite3.Connection, station_id: int, unit_ids: list[int]) -> None:
    """An approved roster of the last 120 days: three 8-hour shifts, one officer per unit."""
    db.executemany(
        "INSERT INTO shift_type (station_id, code, name, start_minute, duration_min, is_night)"
        " VALUES (?, ?, ?, ?, 480, ?)",
        [
            (station_id, "D", "白班", 8 * 60, 0),
            (station_id, "E", "中班", 16 * 60, 0),
            (station_id, "N", "夜班", 0, 1),
        ],
    )
    shifts = [r[0] for r in db.execute("SELECT id FROM shift_type ORDER BY id")]
    db.executemany(
        "INSERT INTO officer (station_id, badge_number, name, role, skills, active)"
        " VALUES (?, ?, ?, 'police', '[]', 1)",
        [(station_id, f"R{i:05d}", f"警员{i:02d}") for i in range(OFFICERS)],
    )
    officers = [
        r[0] for r in db.execute("SELECT id FROM officer WHERE badge_number LIKE 'R%' ORDER BY id")
    ]
    last = NOW.date()
    first = last - timedelta(days=ROSTER_DAYS)
    db.execute(
        "INSERT INTO roster (station_id, name, start_date, end_date, status, approved_at, version)"
        " VALUES (?, 'bench', ?, ?, 'approved', ?, 1)",
        (station_id, first.isoformat(), last.isoformat(), "2026-07-01 00:00:00.000000"),
    )
    roster_id = db.execute("SELECT max(id) FROM roster").fetchone()[0]
    entries = []
    for d in range(ROSTER_DAYS + 1):
        day = (first + timedelta(days=d)).isoformat()
        for s, shift in enumerate(shifts):
            for u, unit in enumerate(unit_ids):
                officer = officers[(u * 3 + s + d) % OFFICERS]
                entries.append((roster_id, officer, day, shift, "street", unit))
    db.executemany(
        "INSERT OR IGNORE INTO roster_entry (roster_id, officer_id, day, shift_type_id, post, unit_id)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        entries,
    )


def naive_debrief(ctx, start: datetime, end: datetime) -> dict:
    """The baseline: every incident of the period as an ORM object, figures in Python."""
    from collections import Counter

    from sqlalchemy import select
    from sqlalchemy.orm import selectinload

    from console.store.models import Incident

    with ctx.reading() as s:
        incidents = s.scalars(
            select(Incident)
            .options(selectinload(Incident.assignments))
            .where(Incident.received_at >= start, Incident.received_at < end)
        ).all()
        by = Counter((i.category_code, i.priority) for i in incidents)
        responses, late, parts = [], 0, Counter()
        hours = Counter()
        for i in incidents:
            local = i.received_at.astimezone(ctx.timezone)
            hours[local.weekday(), local.hour] += 1
            stamps = [
                i.received_at,
                i.answered_at,
                i.entered_at,
                i.first_dispatched_at,
                i.first_arrived_at,
            ]
            for k in range(1, len(stamps)):
                if stamps[k] is not None and stamps[k - 1] is not None:
                    parts[k] += (stamps[k] - stamps[k - 1]).total_seconds()
            if i.first_arrived_at is not None and i.arrival_deadline is not None:
                responses.append((i.first_arrived_at - i.received_at).total_seconds())
                late += i.first_arrived_at > i.arrival_deadline
            first = [a for a in i.assignments if a.ordered_at == i.first_dispatched_at]
            parts["first_ok"] += any(a.arrived_at is not None for a in first)
        responses.sort()
        p90 = responses[int(0.9 * (len(responses) - 1))] if responses else None
        closed = sum(i.status in ("closed", "called_back") for i in incidents)
        return {"n": len(incidents), "p90": p90, "late": late, "closed": closed, "by": len(by)}


def main() -> None:
    keep = Path(sys.argv[2]) if len(sys.argv) > 2 and sys.argv[1] == "--keep" else None
    tmp = tempfile.TemporaryDirectory()
    path = keep or Path(tmp.name) / "review.sqlite3"
    if not path.exists():
        build_store(path)

    from sqlalchemy import func, select

    from console.domain.clock import FixedClock
    from console.services.review import debrief
    from console.services.station import open_station
    from console.store.models import Incident

    load_before = os.getloadavg()[0]  # the machine may be shared: say how busy it was
    ctx = open_station(str(path), clock=FixedClock(NOW))
    with ctx.reading() as s:
        stored = s.scalar(select(func.count()).select_from(Incident))
    start, end = NOW - timedelta(days=REVIEW_DAYS), NOW
    result = debrief(ctx, start, end)  # warm the file cache as a running console has it
    timings, cpu = [], []
    for _ in range(5):
        t, c = time.perf_counter(), time.process_time()
        result = debrief(ctx, start, end)
        timings.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    debrief_ms = statistics.median(timings)

    t = time.perf_counter()
    naive = naive_debrief(ctx, start, end)
    baseline_ms = (time.perf_counter() - t) * 1000

    charts_ms = charts_cpu_ms = None
    charts_note = None
    try:
        from console.ui.review.charts import draw_all_charts
    except ImportError as exc:  # the review UI's part; the debrief is measured regardless
        charts_note = f"no chart hook: {exc}"
    else:
        from PySide6.QtWidgets import QApplication

        from console.ui.app import prepare_application
        from console.ui.settings import Settings

        os.environ.setdefault("XDG_CONFIG_HOME", tmp.name)
        app = QApplication.instance() or QApplication([])
        prepare_application(app, Settings(Path(tmp.name) / "bench.ini"))
        draw_all_charts(result)  # the first draw builds the chart widgets and loads fonts
        draws, draws_cpu = [], []
        for _ in range(3):
            t, c = time.perf_counter(), time.process_time()
            draw_all_charts(result)
            app.processEvents()
            draws.append((time.perf_counter() - t) * 1000)
            draws_cpu.append((time.process_time() - c) * 1000)
        charts_ms = round(statistics.median(draws), 1)
        charts_cpu_ms = round(statistics.median(draws_cpu), 1)

    print(
        f"period incidents {result.incidents:,}, late {result.late_total:,}, "
        f"on time {result.rates.on_time_arrival.rate:.3f}, p90 "
        f"{result.arrival['all'].p90_seconds:.0f} s (naive p90 {naive['p90']:.0f} s), "
        f"officers {len(result.officer_workload)}, gaps "
        f"{sum(len(c.gaps) for c in result.coverage)}",
        file=sys.stderr,
    )
    if charts_note:
        print(charts_note, file=sys.stderr)
    print(
        json.dumps(
            {
                "bench": "review",
                "stored": stored,
                "period_days": REVIEW_DAYS,
                "period_incidents": result.incidents,
                "debrief_ms": round(debrief_ms, 1),
                "debrief_runs_ms": [round(x, 1) for x in timings],
                "debrief_cpu_ms": round(statistics.median(cpu), 1),
                "charts_ms": charts_ms,
                "charts_cpu_ms": charts_cpu_ms,
                "load_1min": [round(load_before, 2), round(os.getloadavg()[0], 2)],
                "baseline_ms": round(baseline_ms, 1),
                "baseline": "ORM load of the period's incidents and assignments, figures in Python",
            }
        )
    )
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
