"""Soak: the real console window on the demo station for a long stretch, with another
workstation writing to the store the whole time (issue 13, "no crash over days").

Run from the repository root:

    .venv/bin/python tests/benchmarks/bench_soak.py [--minutes 20] [--keep STORE.sqlite3]

Three processes, as in a command room: this one (the judge), the console window (a child:
the real MainWindow with its map page, offscreen, on a fresh demo station built at the
current hour) and another workstation (a child: the real services) taking calls,
dispatching, arriving, clearing and closing, changing unit statuses by hand, and feeding
every on-duty unit's terminal position every few seconds. The window learns of all of it
through the change feed only.

The window child reports every 30 s: its heartbeat's longest gap (a 5 ms timer on the UI
thread), the change rows it has received, its Python object count and its live QTimers.
The judge samples the resident memory of the window's whole process tree (the console and
its QtWebEngine helpers) from /proc. Growth is the least-squares slope of the samples
after a warm-up (the first fifth of the run, at most 5 minutes), in MB per hour.

Last line, JSON: {"minutes", "crashed", "rss_start_mb", "rss_end_mb", "rss_growth_mb_per_h",
"max_stall_ms", "changes", …}. Targets: no crash, growth ≤ 20 MB/h, stall ≤ 50 ms.

Baseline, measured in the same run: the same window for the first ``--idle`` minutes (2 by
default) with no writer. Its stall and growth are what the console costs doing nothing;
the loaded figures are compared against them.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

REPORT_EVERY_S = 30
HEARTBEAT_MS = 5
SETTLE_MS = 10_000
TARGETS = {"rss_growth_mb_per_h": 20, "max_stall_ms": 50}

# The other workstation's pace: a busy city-centre shift sped up about tenfold (the demo's
# 20 units; Xinjiekou sees some 10 calls an hour), terminals reporting every 5 s.
REFUSALS: tuple[type[BaseException], ...] = ()
CALL_EVERY_S = 30
POSITION_EVERY_S = 5
STATUS_FLIP_EVERY_S = 20


# --- the console window (child) ----------------------------------------------------------


def window_child(url: str, seconds: float, settings_dir: str) -> None:
    import faulthandler
    import gc

    faulthandler.enable(all_threads=True)  # a crash in Qt's C++ still names the Python line

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["XDG_CONFIG_HOME"] = settings_dir
    from console.ui.app import prepare_web_engine

    prepare_web_engine()
    from PySide6.QtCore import QObject, QTimer
    from PySide6.QtWidgets import QApplication

    from console.services.station import open_station
    from console.ui.app import FREEZE_AFTER_MS, prepare_application
    from console.ui.main_window import MainWindow
    from console.ui.settings import Settings
    from console.ui.ui_thread_gc import freeze_start_up_objects

    app = QApplication([sys.argv[0]])
    settings = Settings()
    prepare_application(app, settings)
    ctx = open_station(url)
    window = MainWindow(ctx, settings, remember_layout=False)
    window.resize(1920, 1080)
    state = {"changes": 0, "max_gap": 0.0, "window_gap": 0.0, "last": 0.0, "started": 0.0}

    def count(rows: list) -> None:
        state["changes"] += len(rows)

    def beat() -> None:
        now = time.perf_counter()
        if state["last"]:
            gap = (now - state["last"]) * 1000 - HEARTBEAT_MS
            state["window_gap"] = max(state["window_gap"], gap)
        state["last"] = now

    from collections import Counter

    from console.map.view import MapView

    def page_heap() -> None:
        view = window.findChild(MapView)
        if view is None or view.map_page is None:
            return
        view.map_page.runJavaScript(
            "JSON.stringify({heap: performance.memory ? performance.memory.usedJSHeapSize : null,"
            " nodes: document.getElementsByTagName('*').length})",
            0,
            lambda answer: state.update(page=json.loads(answer) if answer else None),
        )

    def type_growth() -> dict[str, int]:
        """The Python types whose live count grew most since the first report."""
        counts = Counter(type(o).__name__ for o in gc.get_objects())
        first = state.setdefault("types", counts)
        grew = {k: v - first.get(k, 0) for k, v in counts.items()}
        return dict(sorted(grew.items(), key=lambda kv: -kv[1])[:6])

    def report(final: bool = False) -> None:
        timers = len(window.findChildren(QTimer)) + len(app.findChildren(QTimer))
        page = state.get("page") or {}
        line = {
            "t": round(time.monotonic() - state["started"], 1),
            "changes": state["changes"],
            "max_gap_ms": round(state["window_gap"], 1),
            "py_objects": len(gc.get_objects()),
            "timers": timers,
            "qobjects": len(window.findChildren(QObject)),
            "page_heap_mb": round(page["heap"] / 2**20, 1) if page.get("heap") else None,
            "page_nodes": page.get("nodes"),
            "final": final,
        }
        if os.environ.get("SOAK_TYPES"):
            line["type_growth"] = type_growth()
        page_heap()  # answered before the next report
        state["window_gap"] = 0.0
        print("report " + json.dumps(line), flush=True)

    def listening() -> None:
        window.listener.sig_changes.connect(count)

    def ready() -> None:
        QTimer.singleShot(FREEZE_AFTER_MS, freeze_start_up_objects)
        # Start-up (the map page loading, the freeze) is bench_startup's business.
        QTimer.singleShot(SETTLE_MS, settled)

    def settled() -> None:
        state["started"] = time.monotonic()
        heart.start()
        reporter.start()
        # Until the judge says the writer is done and its last change had time to arrive
        # (a file appears), or the time is up with a minute to spare.
        QTimer.singleShot(int((seconds + 60) * 1000), finish)
        finish_watch.start()
        print("ready", flush=True)

    def finish() -> None:
        finish_watch.stop()
        report(final=True)
        QApplication.exit(0)

    finish_file = Path(settings_dir) / "finish"
    finish_watch = QTimer(interval=500)
    finish_watch.timeout.connect(lambda: finish() if finish_file.exists() else None)
    heart = QTimer(interval=HEARTBEAT_MS)
    heart.timeout.connect(beat)
    reporter = QTimer(interval=REPORT_EVERY_S * 1000)
    reporter.timeout.connect(report)
    window.sig_ready.connect(ready)
    window.sig_listening.connect(listening)
    window.show()
    QTimer.singleShot(0, window.start)
    app.exec()
    print("done", flush=True)
    window.close()
    sys.stdout.flush()
    os._exit(0)  # the figures are out; skip the interpreter's Qt teardown


# --- another workstation (child) ---------------------------------------------------------


class _Shift:
    """Calls, their dispatch, arrival, clearance and closure, status keys and terminal
    positions, all through the real services, on a fixed seed."""

    def __init__(self, url: str, seed: int) -> None:
        from sqlalchemy import select

        from console.domain.units import UnitStatus
        from console.services.intake import category_choices
        from console.services.station import open_station
        from console.store.models import StandardAddress

        self.ctx = open_station(url)
        self.rng = random.Random(seed)
        self.changes = 0
        self.refused: dict[str, int] = {}
        with self.ctx.reading() as s:
            self.points = [
                (lon, lat)
                for lon, lat in s.execute(
                    select(StandardAddress.lon, StandardAddress.lat).where(
                        StandardAddress.station_id == self.ctx.station_id
                    )
                )
            ]
        self.categories = [
            (c.code, c.default_priority)
            for c in category_choices(self.ctx)
            if c.parent_code and c.default_priority
        ]
        self.UnitStatus = UnitStatus
        self.jobs: list[tuple[float, str, int, int]] = []  # (due, step, incident, unit)

    def _count(self, changes) -> None:
        self.changes += len(changes.changes)

    def _refused(self, step: str) -> None:
        self.refused[step] = self.refused.get(step, 0) + 1

    def call(self, now: float) -> None:
        from console.domain.intake import IntakeDraft
        from console.services.intake import record_incident

        lon, lat = self.rng.choice(self.points)
        category, priority = self.rng.choice(self.categories)
        draft = IntakeDraft(
            caller_phone=f"139{self.rng.randrange(10**8):08d}",
            category_code=category,
            priority=priority,
            narrative=self.rng.choice(
                ["门口有人吵架", "电动车被盗", "路口两车刮擦", "老人走失", "噪音扰民"]
            ),
            has_point=True,
        )
        try:
            recorded, changes = record_incident(self.ctx, draft, point=(lon, lat))
        except REFUSALS:
            self._refused("call")
            return
        self._count(changes)
        self.jobs.append((now + self.rng.uniform(3, 15), "dispatch", recorded.id, 0))

    def _unit_version(self, unit_id: int) -> int:
        from console.services.unit_queries import unit_summaries

        return unit_summaries(self.ctx, [unit_id])[unit_id].version

    def step(self, now: float, step: str, incident_id: int, unit_id: int) -> None:
        from console.services import dispatch as d

        try:
            if step == "dispatch":
                rec = d.recommend_units(self.ctx, incident_id).recommendation
                if not rec.suggestions:
                    self.jobs.append((now + 20, "dispatch", incident_id, 0))
                    return
                unit = rec.suggestions[0].unit_id
                result = d.dispatch(
                    self.ctx, incident_id, unit, expected_unit_version=self._unit_version(unit)
                )
                self._count(result.changes)
                self.jobs.append((now + self.rng.uniform(20, 60), "arrive", incident_id, unit))
            elif step == "arrive":
                self._count(d.unit_arrived(self.ctx, unit_id))
                self.jobs.append((now + self.rng.uniform(40, 120), "clear", incident_id, unit_id))
            elif step == "clear":
                self._count(d.close_incident(self.ctx, incident_id, "resolved"))
        except REFUSALS:  # someone else (the console's officer) got there first
            self._refused(step)

    def flip_status(self) -> None:
        from console.services.unit_queries import unit_summaries
        from console.services.unit_status import set_unit_status

        free = {self.UnitStatus.AVAILABLE.value, self.UnitStatus.PATROLLING.value}
        units = [u for u in unit_summaries(self.ctx).values() if u.status in free]
        if not units:
            return
        unit = self.rng.choice(units)
        to = (
            self.UnitStatus.PATROLLING
            if unit.status == self.UnitStatus.AVAILABLE.value
            else self.UnitStatus.AVAILABLE
        )
        try:
            self._count(set_unit_status(self.ctx, unit.id, to, expected_version=unit.version))
        except REFUSALS:
            self._refused("status")

    def positions(self) -> None:
        from console.services.unit_positions import PositionReport, report_positions
        from console.services.unit_queries import unit_summaries

        at = datetime.now(UTC)
        reports = []
        for u in unit_summaries(self.ctx).values():
            if u.status == self.UnitStatus.OFF_DUTY.value or u.lon is None:
                continue
            reports.append(
                PositionReport(
                    u.id,
                    u.lon + self.rng.uniform(-0.0004, 0.0004),
                    u.lat + self.rng.uniform(-0.0004, 0.0004),
                    at,
                    heading_deg=self.rng.uniform(0, 360),
                )
            )
        self._count(report_positions(self.ctx, reports))


def writer_child(url: str, seconds: float, seed: int) -> None:
    global REFUSALS
    from console.domain.intake import IntakeInvalid
    from console.domain.lifecycle import TransitionRefused
    from console.services.unit_of_work import ServiceError

    # What a service may answer instead of doing the step; anything else is a finding.
    REFUSALS = (ServiceError, IntakeInvalid, TransitionRefused)
    shift = _Shift(url, seed)
    print("ready", flush=True)
    sys.stdin.readline()
    start = time.monotonic()
    next_call, next_pos, next_flip = start, start, start + STATUS_FLIP_EVERY_S / 2
    while (now := time.monotonic()) < start + seconds:
        if now >= next_call:
            shift.call(now)
            next_call += CALL_EVERY_S * shift.rng.uniform(0.5, 1.5)
        if now >= next_pos:
            shift.positions()
            next_pos += POSITION_EVERY_S
        if now >= next_flip:
            shift.flip_status()
            next_flip += STATUS_FLIP_EVERY_S
        due = [j for j in shift.jobs if j[0] <= now]
        shift.jobs = [j for j in shift.jobs if j[0] > now]
        for _, step, incident, unit in due:
            shift.step(now, step, incident, unit)
        time.sleep(0.2)
    print("done " + json.dumps({"changes": shift.changes, "refused": shift.refused}), flush=True)
    shift.ctx.close()


# --- the judge ---------------------------------------------------------------------------


def _tree_rss_mb(pid: int) -> dict[str, float]:
    """Resident memory (MB) of ``pid`` ("console") and of each kind of QtWebEngine helper
    below it (Chromium's ``--type=`` of the process: renderer, gpu-process, utility …)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                parent = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(parent, []).append(int(entry))
    kinds: dict[str, float] = {}
    todo = [pid]
    while todo:
        p = todo.pop()
        todo.extend(children.get(p, ()))
        try:
            with open(f"/proc/{p}/cmdline", "rb") as f:
                args = f.read().split(b"\0")
            with open(f"/proc/{p}/status") as f:
                kb = next((int(x.split()[1]) for x in f if x.startswith("VmRSS:")), 0)
        except OSError:
            continue
        kind = "console" if p == pid else "helper"
        for a in args:
            if a.startswith(b"--type="):
                kind = a[7:].decode()
        kinds[kind] = kinds.get(kind, 0.0) + kb / 1024
    kinds["total"] = sum(kinds.values())
    return kinds


def _slope_per_h(samples: list[tuple[float, float]]) -> float:
    n = len(samples)
    if n < 2:
        return 0.0
    mt = sum(t for t, _ in samples) / n
    mv = sum(v for _, v in samples) / n
    den = sum((t - mt) ** 2 for t, _ in samples)
    return 0.0 if den == 0 else sum((t - mt) * (v - mv) for t, v in samples) / den * 3600


def _reader(stream, lines: list[str], event: threading.Event) -> None:
    for line in stream:
        lines.append(line.rstrip("\n"))
        if line.startswith("report ") and os.environ.get("SOAK_TYPES"):
            print(line.rstrip("\n"), file=sys.stderr, flush=True)  # follow it as it runs
        event.set()


def _wait_for(lines: list[str], prefix: str, timeout: float, proc) -> str | None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        for line in lines:
            if line.startswith(prefix):
                return line
        if proc.poll() is not None:
            return None
        time.sleep(0.1)
    return None


def build_store(path: Path) -> None:
    """The demo station with its history up to this hour, as a fresh install builds it."""
    if path.exists():
        return
    done = subprocess.run(
        [sys.executable, "-m", "console", "demo-data", "--db", str(path)],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise SystemExit(f"could not build the demo station:\n{done.stderr}")


def judge(minutes: float, idle_minutes: float, keep: Path | None) -> dict:
    tmp = tempfile.TemporaryDirectory()
    store = keep or Path(tmp.name) / "soak.sqlite3"
    build_store(store)
    url = f"sqlite:///{store}"
    total_s = (idle_minutes + minutes) * 60
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    window = subprocess.Popen(
        [sys.executable, __file__, "--window", url, str(total_s), tmp.name],
        cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    wlines: list[str] = []
    werr: list[str] = []
    woke = threading.Event()
    threading.Thread(target=_reader, args=(window.stdout, wlines, woke), daemon=True).start()
    threading.Thread(target=_reader, args=(window.stderr, werr, threading.Event()), daemon=True).start()  # fmt: skip
    if _wait_for(wlines, "ready", 120, window) is None:
        window.kill()
        raise SystemExit("the console window never became ready:\n" + "\n".join(werr[-20:]))
    started = time.monotonic()
    samples: list[tuple[float, float]] = []
    own_samples: list[tuple[float, float]] = []
    kinds: list[dict[str, float]] = []

    def sample() -> None:
        rss = _tree_rss_mb(window.pid)
        samples.append((time.monotonic() - started, rss["total"]))
        own_samples.append((time.monotonic() - started, rss.get("console", 0.0)))
        kinds.append(rss)

    # Baseline: the window alone.
    while time.monotonic() - started < idle_minutes * 60 and window.poll() is None:
        sample()
        time.sleep(5)
    idle_reports = [json.loads(x[7:]) for x in wlines if x.startswith("report ")]
    idle_samples = list(samples)
    writer = subprocess.Popen(
        [sys.executable, __file__, "--writer", url, str(minutes * 60), "7"],
        cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    wr_lines: list[str] = []
    threading.Thread(target=_reader, args=(writer.stdout, wr_lines, threading.Event()), daemon=True).start()  # fmt: skip
    if _wait_for(wr_lines, "ready", 60, writer) is None:
        raise SystemExit("the writer never became ready")
    writer.stdin.write("go\n")
    writer.stdin.flush()
    load_started = time.monotonic() - started
    while window.poll() is None and writer.poll() is None:
        sample()
        time.sleep(5)
    writer_done = _wait_for(wr_lines, "done", 10, writer)
    if window.poll() is None:
        time.sleep(3)  # the last change reaches the window
        sample()
        (Path(tmp.name) / "finish").touch()
    try:
        code = window.wait(timeout=60)
    except subprocess.TimeoutExpired:
        window.kill()
        code = window.wait()
    if writer.poll() is None:
        writer.kill()
    writer.wait()

    reports = [json.loads(x[7:]) for x in wlines if x.startswith("report ")]
    load_reports = reports[len(idle_reports) :]
    finished = any(r.get("final") for r in reports) and "done" in wlines
    loaded = [(t, v) for t, v in samples if t >= load_started]
    warm = min(300.0, (total_s - load_started) / 5)
    after_warm = [(t, v) for t, v in loaded if t >= load_started + warm]
    written = json.loads(writer_done[5:]) if writer_done else {"changes": None, "refused": {}}
    result = {
        "bench": "soak",
        "minutes": minutes,
        "crashed": code != 0 or not finished,
        "exit_code": code,
        "rss_start_mb": round(loaded[0][1], 1) if loaded else None,
        "rss_end_mb": round(loaded[-1][1], 1) if loaded else None,
        "rss_growth_mb_per_h": round(_slope_per_h(after_warm), 1),
        # the console's own process, without the QtWebEngine helpers
        "rss_console_mb": [round(own_samples[0][1], 1), round(own_samples[-1][1], 1)],
        "rss_by_process_mb": {
            k: [round(kinds[0].get(k, 0.0), 1), round(kinds[-1].get(k, 0.0), 1)] for k in kinds[-1]
        }
        if kinds
        else None,
        "rss_console_growth_mb_per_h": round(
            _slope_per_h([(t, v) for t, v in own_samples if t >= load_started + warm]), 1
        ),
        "max_stall_ms": round(max((r["max_gap_ms"] for r in load_reports), default=0.0), 1),
        "changes": reports[-1]["changes"] if reports else 0,
        "changes_written": written["changes"],
        # every change the other workstation committed reached the window
        "followed_feed": bool(reports) and reports[-1]["changes"] == written["changes"],
        "refused_steps": written["refused"],
        "py_objects": [load_reports[0]["py_objects"], reports[-1]["py_objects"]]
        if load_reports
        else None,
        "timers": [load_reports[0]["timers"], reports[-1]["timers"]] if load_reports else None,
        "page_heap_mb": [load_reports[0]["page_heap_mb"], reports[-1]["page_heap_mb"]]
        if load_reports
        else None,
        "page_nodes": [load_reports[0]["page_nodes"], reports[-1]["page_nodes"]]
        if load_reports
        else None,
        "baseline_idle": {
            "minutes": idle_minutes,
            "max_stall_ms": round(max((r["max_gap_ms"] for r in idle_reports), default=0.0), 1),
            "rss_growth_mb_per_h": round(_slope_per_h(idle_samples[len(idle_samples) // 3 :]), 1),
        },
        "load_avg_1m": round(os.getloadavg()[0], 1),
        "targets": TARGETS,
    }
    if result["crashed"]:
        print("\n".join(werr[-40:]), file=sys.stderr)
    return result


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--window":
        window_child(sys.argv[2], float(sys.argv[3]), sys.argv[4])
        return
    if len(sys.argv) > 1 and sys.argv[1] == "--writer":
        writer_child(sys.argv[2], float(sys.argv[3]), int(sys.argv[4]))
        return
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--minutes", type=float, default=20.0, help="loaded minutes (default 20)")
    p.add_argument("--idle", type=float, default=2.0, help="idle baseline minutes first")
    p.add_argument("--keep", type=Path, help="reuse (or build and keep) this demo store")
    args = p.parse_args()
    if not (args.minutes > 0 and args.idle >= 0):
        p.error("--minutes must be positive and --idle not negative")
    print(json.dumps(judge(args.minutes, args.idle, args.keep)))


if __name__ == "__main__":
    main()
