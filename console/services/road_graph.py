"""The station's road graph, built once per open store and kept (services-level cache).

Building reads every road node and segment, so it is done lazily on the first travel-time
question (a recommendation, a response ring), never at start-up; callers that must not
wait (the UI thread) can warm it in a worker with ``station_road_graph``.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Mapping

from sqlalchemy import Engine, select

from console.domain.road_graph import DEFAULT_SPEEDS_KMH, RoadEdge, RoadGraph
from console.store.models import RoadNode, RoadSegment

from .context import StationContext

_lock = threading.Lock()
_graphs: weakref.WeakKeyDictionary[Engine, dict[int, RoadGraph]] = weakref.WeakKeyDictionary()


def load_road_graph(
    ctx: StationContext, speeds_kmh: Mapping[str, float] = DEFAULT_SPEEDS_KMH
) -> RoadGraph:
    """Read the station's road network from the store and build its graph (uncached)."""
    with ctx.reading() as s:
        nodes = s.execute(
            select(RoadNode.id, RoadNode.lon, RoadNode.lat)
            .where(RoadNode.station_id == ctx.station_id)
            .order_by(RoadNode.id)
        ).all()
        segments = [
            RoadEdge(a, b, length, road_class, bool(oneway), speed)
            for a, b, length, road_class, oneway, speed in s.execute(
                select(
                    RoadSegment.from_node_id,
                    RoadSegment.to_node_id,
                    RoadSegment.length_m,
                    RoadSegment.road_class,
                    RoadSegment.oneway,
                    RoadSegment.max_speed_kmh,
                ).where(RoadSegment.station_id == ctx.station_id)
            )
        ]
    return RoadGraph.from_segments([tuple(n) for n in nodes], segments, speeds_kmh)


def station_road_graph(ctx: StationContext) -> RoadGraph | None:
    """The station's cached road graph, or None when the store holds no roads."""
    with _lock:
        per_engine = _graphs.setdefault(ctx.engine, {})
        graph = per_engine.get(ctx.station_id)
        if graph is None:
            graph = load_road_graph(ctx)
            per_engine[ctx.station_id] = graph
    return graph if graph.node_count else None


def forget_road_graph(ctx: StationContext) -> None:
    """Drop the cached graph (after the road data was edited)."""
    with _lock:
        _graphs.get(ctx.engine, {}).pop(ctx.station_id, None)
