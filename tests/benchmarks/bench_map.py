"""Map benchmark: one live update of a busy map against rebuilding the page.

Run from the repository root:

    .venv/bin/python tests/benchmarks/bench_map.py [--updates N] [--reloads N]

The real map page (folium, bundled Leaflet, console-map.js) is loaded in a real
QWebEngineView (offscreen) over a synthetic station of 9 grids and a 40 × 40 street
lattice, with 2,000 units and 500 incidents on it. One update moves every unit (a small
step with a new heading) and restyles 50 incidents (a new grade); it is timed from the
moment the feed starts working out the delta (moves packed as float64, as the feed sends
them) until the page acknowledges it (the ``runJavaScript`` answer of
``consoleMap.apply``, returned once every marker has its new place and style), 50 times,
and the median reported. Afterwards the page's markers are read back and must equal the
last positions sent exactly.

Updates follow each other at once, so an update may also pay for painting the one
before; ``BENCH_MAP_IDLE_MS=N`` waits N ms before each (a live feed sends about one a
second). ``BENCH_MAP_VIEW=WxH`` sets the view's size (default 1280x900).

Baseline, in the same run: what a map without deltas would do for the same update —
regenerate the folium page with every unit and incident drawn as a folium circle
marker, write it, load it and wait until the page reports ready (median of
``--reloads``). Targets: update_ms ≤ 20, ratio ≥ 25. The last line is JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")

import PySide6.QtWebEngineWidgets  # noqa: E402,F401  (before the QApplication)
from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

UNITS = 2000
INCIDENTS = 500
RESTYLED = 50
VIEW_SIZE = tuple(int(v) for v in os.environ.get("BENCH_MAP_VIEW", "1280x900").split("x"))
TARGET_UPDATE_MS = 20.0
TARGET_RATIO = 25.0
LON0, LAT0 = 118.760, 32.025  # south-west corner of the synthetic station
SPAN = 0.04  # degrees, about 4 km
KINDS = ("car", "foot", "one_plus_three", "falcon")
STATUSES = ("available", "patrolling", "en_route", "on_scene", "busy", "dispatched")
PRIORITIES = ("urgent", "high", "normal", "low")


def synthetic_page_data():
    from console.map.page import PageData
    from console.services.map_data import MapGrid, MapKeyPlace, MapRoad, StationGeography

    step = SPAN / 3
    grids = []
    for i in range(3):
        for j in range(3):
            x, y = LON0 + i * step, LAT0 + j * step
            ring = [[x, y], [x + step, y], [x + step, y + step], [x, y + step], [x, y]]
            grids.append(
                MapGrid(
                    len(grids) + 1,
                    f"G{len(grids) + 1}",
                    f"第{len(grids) + 1}网格",
                    {"type": "Polygon", "coordinates": [ring]},
                    5,
                    2,
                )
            )
    roads = []
    n = 40
    for k in range(n):
        for m in range(n - 1):
            a = LON0 + SPAN * m / (n - 1)
            b = LON0 + SPAN * (m + 1) / (n - 1)
            c = LAT0 + SPAN * k / (n - 1)
            roads.append(MapRoad(len(roads) + 1, f"东西{k}路", "residential", ((a, c), (b, c))))
            roads.append(
                MapRoad(
                    len(roads) + 1,
                    f"南北{k}路",
                    "residential",
                    ((c - LAT0 + LON0, a - LON0 + LAT0), (c - LAT0 + LON0, b - LON0 + LAT0)),
                )
            )
    places = [
        MapKeyPlace(
            i, "school" if i % 2 else "hospital", f"重点部位{i}", LON0 + 0.001 * i, LAT0 + 0.02
        )
        for i in range(30)
    ]
    geography = StationGeography(
        LON0 + SPAN / 2, LAT0 + SPAN / 2, "© OpenStreetMap contributors, ODbL 1.0"
    )
    return PageData(geography, grids, roads, places)


def synthetic_things(rng: random.Random):
    from console.services.map_data import MapIncident, MapUnit

    now = datetime.now(UTC)
    units = {
        i: MapUnit(
            i,
            f"巡{i:04d}",
            KINDS[i % len(KINDS)],
            STATUSES[i % len(STATUSES)],
            now - timedelta(minutes=i % 90),
            LON0 + rng.random() * SPAN,
            LAT0 + rng.random() * SPAN,
            rng.random() * 360,
        )
        for i in range(1, UNITS + 1)
    }
    incidents = {
        i: MapIncident(
            i,
            f"20261122-{i:04d}",
            "打架斗殴",
            "Fight",
            PRIORITIES[i % len(PRIORITIES)],
            "received",
            now - timedelta(minutes=i % 60),
            now + timedelta(minutes=5 - i % 20),
            None,
            LON0 + rng.random() * SPAN,
            LAT0 + rng.random() * SPAN,
        )
        for i in range(1, INCIDENTS + 1)
    }
    return units, incidents


def wait_for(condition, timeout_s: float = 30.0) -> None:
    """Run the event loop until ``condition()`` (polled every few milliseconds)."""
    deadline = time.perf_counter() + timeout_s
    loop = QEventLoop()
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("the page did not answer in time")
        QTimer.singleShot(2, loop.quit)
        loop.exec()


def call_and_wait(view, function: str, argument=None, timeout_s: float = 30.0) -> dict:
    """``view.call`` and run the event loop until the page's answer, which ends the
    loop itself (so the measured time is not rounded up to a polling tick)."""
    answers: list = []
    loop = QEventLoop()

    def answered(answer) -> None:
        answers.append(answer)
        loop.quit()

    view.call(function, argument, answered)
    if not answers:
        QTimer.singleShot(int(timeout_s * 1000), loop.quit)
        loop.exec()
    if not answers:
        raise TimeoutError(f"the page did not answer {function} in time")
    return answers[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--updates", type=int, default=50)
    parser.add_argument("--reloads", type=int, default=3)
    args = parser.parse_args()

    _app = QApplication.instance() or QApplication([sys.argv[0]])  # kept alive until exit
    from console.map.feed import incident_delta, page_delta, unit_delta
    from console.map.page import PageOptions, build_page_html, write_page
    from console.map.pane import page_text, page_theme
    from console.map.view import MapView
    from console.ui import theme

    rng = random.Random(7)
    data = synthetic_page_data()
    text = page_text()
    options = PageOptions(None, page_theme(theme.current()))
    units, incidents = synthetic_things(rng)
    folder = Path(tempfile.mkdtemp(prefix="bench-map-"))

    view = MapView()
    view.resize(*VIEW_SIZE)
    view.show()
    t0 = time.perf_counter()
    view.load_page(write_page(build_page_html(data, text, options), folder, "live.html"))
    wait_for(lambda: view.is_ready)
    first_load_ms = (time.perf_counter() - t0) * 1000

    # The first delta puts every unit and incident on the page.
    sent_units: dict = {}
    sent_incidents: dict = {}
    first = call_and_wait(
        view,
        "apply",
        page_delta(1, unit_delta(sent_units, units), incident_delta(sent_incidents, incidents)),
    )
    assert first.get("ok"), first

    timings = []
    js_ms: list[float] = []
    py_ms: list[float] = []
    ids = list(incidents)
    for k in range(args.updates):
        for uid, u in units.items():
            units[uid] = replace(
                u,
                lon=u.lon + rng.uniform(-2e-4, 2e-4),
                lat=u.lat + rng.uniform(-2e-4, 2e-4),
                heading_deg=rng.random() * 360,
            )
        for iid in rng.sample(ids, RESTYLED):
            i = incidents[iid]
            incidents[iid] = replace(
                i, priority=PRIORITIES[(PRIORITIES.index(i.priority) + 1) % len(PRIORITIES)]
            )
        if os.environ.get("BENCH_MAP_IDLE_MS"):
            idle = QEventLoop()
            QTimer.singleShot(int(os.environ["BENCH_MAP_IDLE_MS"]), idle.quit)
            idle.exec()
        start = time.perf_counter()
        unit_changes = unit_delta(sent_units, units)
        incident_changes = incident_delta(sent_incidents, incidents)
        delta = page_delta(k + 2, unit_changes, incident_changes)
        py_ms.append((time.perf_counter() - start) * 1000)
        answer = call_and_wait(view, "apply", delta)
        timings.append((time.perf_counter() - start) * 1000)
        js_ms.append(answer.get("ms", 0.0))
        assert answer.get("ok") and answer["seq"] == k + 2, answer
        assert len(unit_changes["move"]) == UNITS and len(incident_changes["upsert"]) == RESTYLED

    draws = [call_and_wait(view, "frameStats")["drawMs"] for _ in range(10)]
    print(f"drawing the units' canvas: p50 {statistics.median(draws):.1f} ms", file=sys.stderr)
    snap = call_and_wait(view, "snapshot")
    assert len(snap["units"]) == UNITS and len(snap["incidents"]) == INCIDENTS
    # The page shows exactly the last positions and headings sent (the packed floats).
    shown = {u["id"]: (u["lat"], u["lon"], u["hd"]) for u in snap["units"]}
    assert shown == {i: (u.lat, u.lon, u.heading_deg) for i, u in units.items()}

    # Baseline: the same picture by regenerating and reloading the whole page.
    import folium

    def draw_everything(layers) -> None:
        t = theme.current()
        for u in units.values():
            folium.CircleMarker(
                [u.lat, u.lon],
                radius=7,
                color="#0e1115",
                weight=2,
                fill=True,
                fill_color=t.status.get(u.status, "#888"),
                fill_opacity=1,
                tooltip=u.call_sign,
            ).add_to(layers["units"])
        for i in incidents.values():
            folium.CircleMarker(
                [i.lat, i.lon],
                radius=8,
                color="#ffffff",
                weight=2,
                fill=True,
                fill_color=t.priority.get(i.priority, "#888"),
                fill_opacity=1,
                tooltip=i.number,
            ).add_to(layers["incidents"])

    reloads = []
    for k in range(args.reloads):
        baseline = MapView()
        baseline.resize(*VIEW_SIZE)
        baseline.show()
        start = time.perf_counter()
        html = build_page_html(data, text, options, decorate=draw_everything)
        baseline.load_page(write_page(html, folder, f"reload-{k}.html"))
        wait_for(lambda b=baseline: b.is_ready)
        reloads.append((time.perf_counter() - start) * 1000)
        baseline.dispose()
        baseline.close()
    view.dispose()
    view.close()

    update_ms = statistics.median(timings)
    reload_ms = statistics.median(reloads)
    ratio = reload_ms / update_ms
    print(
        f"first load {first_load_ms:.0f} ms; update p50 {update_ms:.1f} ms, "
        f"p90 {statistics.quantiles(timings, n=10)[-1]:.1f} ms, max {max(timings):.1f} ms "
        f"over {len(timings)} (delta {statistics.median(py_ms):.1f} ms, inside the page p50 {statistics.median(js_ms):.1f} ms); reload p50 {reload_ms:.0f} ms over {len(reloads)} "
        f"(page {len(html) / 1e6:.1f} MB); targets update ≤ {TARGET_UPDATE_MS:.0f} ms, "
        f"ratio ≥ {TARGET_RATIO:.0f}",
        file=sys.stderr,
    )
    print(
        json.dumps(
            {
                "bench": "map",
                "units": UNITS,
                "incidents": INCIDENTS,
                "update_ms": round(update_ms, 2),
                "reload_ms": round(reload_ms, 1),
                "ratio": round(ratio, 1),
            }
        )
    )
    # Leave without interpreter teardown: PySide6 can abort there (the figures are out).
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
