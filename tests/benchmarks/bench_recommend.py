"""Benchmark: rank 2,000 units for one incident on the demo station's real road graph.

Builds the demo store in a temporary folder, loads its road graph the way the console
does (services.road_graph), places 2,000 synthetic units on random junctions of the
network (random kinds, skills and dispatchable statuses), and for 200 incidents at random
standard addresses times the whole ranking: one reverse Dijkstra from the incident, every
unit's ETA and distance, the run card's filtering and ordering.

Baseline, in the same run: networkx, one driving shortest path per unit (what a loop over units
with a general graph library costs), on the same weights; timed on the first
``BASELINE_INCIDENTS`` incidents because it is slow. The two must agree on every ETA.

    .venv/bin/python tests/benchmarks/bench_recommend.py

Last line JSON: {"bench": "recommend", "units": 2000, "rank_ms": …, "baseline_ms": …, "ratio": …}
Target: rank_ms ≤ 20.
"""

from __future__ import annotations

import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

UNITS = 2000
INCIDENTS = 200
BASELINE_INCIDENTS = 10
SEED = 7


def main() -> None:
    import networkx as nx
    from sqlalchemy import select

    from console.demo.builder import build_demo_station
    from console.domain.recommend import Candidate, arrival_seconds, recommend
    from console.domain.units import UnitKind
    from console.services.dispatch import load_run_cards
    from console.services.road_graph import load_road_graph
    from console.services.station import open_station
    from console.store.models import Category, StandardAddress

    rng = random.Random(SEED)
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'demo.sqlite3'}"
        print("building the demo station …", file=sys.stderr)
        build_demo_station(url, seed=1)
        ctx = open_station(url)
        try:
            started = time.perf_counter()
            graph = load_road_graph(ctx)
            build_ms = (time.perf_counter() - started) * 1000
            with ctx.reading() as s:
                addresses = s.execute(select(StandardAddress.lon, StandardAddress.lat)).all()
                categories = list(
                    s.scalars(select(Category.code).where(Category.parent_code.is_not(None)))
                )
        finally:
            ctx.close()

    cards = load_run_cards()
    reachable = graph._snappable  # junctions of the main strongly connected part
    nodes = rng.choices(list(reachable), k=UNITS)
    jitter = np.array([(rng.uniform(-2e-4, 2e-4), rng.uniform(-2e-4, 2e-4)) for _ in nodes])
    positions = graph.lonlat[nodes] + jitter
    kinds = [k.value for k in UnitKind]
    skills_pool = ("armed", "driver", "first_aid", "traffic", "negotiation", "english")
    units = [
        (
            i,
            f"U{i:04d}",
            rng.choice(kinds),
            rng.choice(("available", "patrolling", "patrolling", "on_scene", "off_duty")),
            frozenset(s for s in skills_pool if rng.random() < 0.3),
        )
        for i in range(UNITS)
    ]
    incidents = [
        (*rng.choice(addresses), rng.choice(categories), rng.choice(("", "一人持刀")))
        for _ in range(INCIDENTS)
    ]

    unit_kinds = [u[2] for u in units]

    def rank(lon: float, lat: float, category: str, narrative: str):
        eta = arrival_seconds(graph, lon, lat, positions, unit_kinds)  # as the service does
        dist = graph.straight_line_m(lon, lat, positions)
        candidates = [
            Candidate(uid, sign, kind, status, skills, float(eta[i]), float(dist[i]))
            for i, (uid, sign, kind, status, skills) in enumerate(units)
        ]
        return recommend(candidates, cards.for_incident(category, narrative), seconds_left=300)

    rank(*incidents[0])  # warm-up
    times = []
    for incident in incidents:
        started = time.perf_counter()
        rank(*incident)
        times.append((time.perf_counter() - started) * 1000)
    rank_ms = statistics.median(times)

    # Baseline: the same weighted graph in networkx, one Dijkstra per unit.
    g = nx.DiGraph()
    forward = graph._forward.tocoo()
    g.add_weighted_edges_from(
        zip(forward.row.tolist(), forward.col.tolist(), forward.data.tolist(), strict=True)
    )
    unit_nodes, unit_dist = graph.snap_many(positions)
    unit_access = unit_dist / graph.access_speed_ms
    baseline = []
    worst_gap = 0.0
    for lon, lat, _category, _narrative in incidents[:BASELINE_INCIDENTS]:
        started = time.perf_counter()
        target = graph.snap(lon, lat)
        access = graph.access_seconds(lon, lat)
        eta = np.empty(UNITS)
        for i in range(UNITS):
            try:
                eta[i] = (
                    nx.dijkstra_path_length(g, int(unit_nodes[i]), target) + unit_access[i] + access
                )
            except nx.NetworkXNoPath:
                eta[i] = np.inf
        baseline.append((time.perf_counter() - started) * 1000)
        ours = graph.travel_seconds_to(lon, lat, positions)
        finite = np.isfinite(ours)
        assert np.array_equal(finite, np.isfinite(eta)), "the two routers disagree on reachability"
        worst_gap = max(worst_gap, float(np.max(np.abs(ours[finite] - eta[finite]), initial=0)))
    baseline_ms = statistics.median(baseline)

    print(
        f"graph: {graph.node_count} nodes, {graph.arc_count} arcs, built in {build_ms:.0f} ms; "
        f"rank p50 {rank_ms:.2f} ms, p95 {np.percentile(times, 95):.2f} ms over {INCIDENTS} incidents; "
        f"networkx per-unit baseline p50 {baseline_ms:.0f} ms over {BASELINE_INCIDENTS}; "
        f"largest ETA difference {worst_gap:.2e} s",
        file=sys.stderr,
    )
    print(
        json.dumps(
            {
                "bench": "recommend",
                "units": UNITS,
                "rank_ms": round(rank_ms, 2),
                "baseline_ms": round(baseline_ms, 1),
                "ratio": round(baseline_ms / rank_ms, 1),
            }
        )
    )


if __name__ == "__main__":
    main()
