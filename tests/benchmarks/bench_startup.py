"""Start-up benchmark: from process start to the main window showing the station's data.

Run from the repository root:

    .venv/bin/python tests/benchmarks/bench_startup.py [--runs N]

It builds (or reuses) a station store in the temp folder, then starts
``python -m console --db STORE --screenshot … --after 0`` N times (5 by default) as fresh
processes, each printing ``startup-mark <unix time>`` when the window shows its data
(``CONSOLE_STARTUP_MARK``). The time counts from just before the process is spawned.
Peak RSS is the child's own maximum resident set (``wait4``). The baseline, measured the
same way in the same run, is a bare PySide6 process showing an empty QMainWindow.

One untimed start of each comes first, so byte-code and translation catalogues exist;
"cold" here means a new process, not an empty OS file cache. Targets: median ≤ 1.5 s,
peak RSS ≤ 500 MB. The last line is JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

TARGET_S = 1.5
TARGET_MB = 500

BARE_QT = (
    "import sys, time\n"
    "from PySide6.QtWidgets import QApplication, QMainWindow\n"
    "app = QApplication(sys.argv)\n"
    "w = QMainWindow(); w.resize(1920, 1080); w.show()\n"
    "app.processEvents()\n"
    "print(f'startup-mark {time.time():.6f}', flush=True)\n"
)


def build_store(folder: Path) -> tuple[Path, str]:
    """The benchmark's station store: the demo station if its builder exists, else the UI
    tests' arranged station repeated to a busy shift's size.

    Built in a child process: a child's peak RSS starts from its parent's size at fork,
    so this process must stay small for the measurements to be the console's own.
    """
    done = subprocess.run(
        [sys.executable, __file__, "--build-store", str(folder)],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise SystemExit(f"could not build the benchmark store:\n{done.stderr}")
    path, how = done.stdout.strip().splitlines()[-1].split("\t")
    return Path(path), how


def _build_store_here(folder: Path) -> tuple[Path, str]:
    try:
        from console.demo.builder import build_demo_station
    except ImportError:
        build_demo_station = None
    if build_demo_station is not None:
        path, how = folder / "startup-demo.sqlite3", "demo builder (seed 1)"
    else:
        path, how = folder / "startup-arranged.sqlite3", "tests/ui/station_data (x6)"
    if path.exists():
        from console.services.station import store_revision

        current, head = store_revision(str(path))
        if current == head:
            return path, how + ", reused"
        path.unlink()  # built by an older schema: the console would refuse it
    if build_demo_station is not None:
        build_demo_station(str(path), seed=1)
    else:
        from console.services.station import upgrade_store
        from tests.ui.station_data import build_station

        upgrade_store(str(path))
        build_station(str(path), copies=6)
    return path, how


def timed_start(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Seconds from spawn to the start-up mark, and the process's peak RSS in MB."""
    started = time.time()
    proc = subprocess.Popen(
        argv, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    mark = None
    for line in proc.stdout:
        if line.startswith("startup-mark "):
            mark = float(line.split()[1])
    stderr = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0 or mark is None:
        raise SystemExit(f"start failed (exit {proc.returncode}): {' '.join(argv)}\n{stderr}")
    return mark - started, usage.ru_maxrss / 1024  # ru_maxrss is in KiB on Linux


def measure(argv: list[str], env: dict[str, str], runs: int) -> tuple[list[float], float]:
    timed_start(argv, env)  # untimed: byte-code, .qm and font caches
    results = [timed_start(argv, env) for _ in range(runs)]
    return [t for t, _ in results], max(rss for _, rss in results)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--build-store", metavar="FOLDER", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build_store:
        path, how = _build_store_here(args.build_store)
        print(f"{path}\t{how}")
        return 0

    folder = Path(tempfile.gettempdir()) / "console-bench"
    folder.mkdir(exist_ok=True)
    store, how = build_store(folder)
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        XDG_CONFIG_HOME=str(folder / "config"),
        CONSOLE_DATA_DIR=str(folder / "data"),
        CONSOLE_STARTUP_MARK="1",
    )
    shot = folder / "startup.png"
    console_argv = [
        sys.executable,
        "-m",
        "console",
        "--db",
        str(store),
        "--screenshot",
        str(shot),
        "--after",
        "0",
    ]
    console_times, console_rss = measure(console_argv, env, args.runs)
    bare_times, bare_rss = measure([sys.executable, "-c", BARE_QT], env, args.runs)

    median = statistics.median(console_times)
    bare = statistics.median(bare_times)
    print(f"store: {store} ({how})")
    print(
        f"console starts (s): {', '.join(f'{t:.3f}' for t in console_times)}; peak RSS {console_rss:.0f} MB"
    )
    print(
        f"bare Qt starts (s): {', '.join(f'{t:.3f}' for t in bare_times)}; peak RSS {bare_rss:.0f} MB"
    )
    print(
        f"median {median:.3f} s (target ≤ {TARGET_S} s), bare Qt {bare:.3f} s, "
        f"RSS {console_rss:.0f} MB (target ≤ {TARGET_MB} MB)"
    )
    print(
        json.dumps(
            {
                "bench": "startup",
                "median_s": round(median, 3),
                "rss_mb": round(console_rss, 1),
                "baseline_bare_qt_s": round(bare, 3),
                "baseline_bare_qt_rss_mb": round(bare_rss, 1),
                "runs": args.runs,
                "store": how,
                "within_target": median <= TARGET_S and console_rss <= TARGET_MB,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
