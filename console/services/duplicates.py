"""Possible duplicates of a call being taken (重复报警), read from the recent incidents."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select

from console.domain.duplicates import CallFacts, DuplicateRule, find_duplicates
from console.store.models import Category, Incident

from .context import StationContext


@dataclass(frozen=True)
class DuplicateCandidate:
    id: int
    number: str
    received_at: datetime
    category_zh: str
    category_en: str
    address_text: str | None
    status: str
    reasons: tuple[str, ...]  # DuplicateReason values
    minutes_apart: float
    distance_m: float | None


def possible_duplicates(
    ctx: StationContext,
    *,
    caller_phone: str | None,
    lon: float | None,
    lat: float | None,
    category_code: str,
    at: datetime | None = None,
    rule: DuplicateRule | None = None,
    exclude_id: int | None = None,
) -> list[DuplicateCandidate]:
    """Earlier incidents that may be this call: same phone, or near with the same category."""
    rule = rule or DuplicateRule()
    at = at or ctx.clock.now()
    call = CallFacts(exclude_id, at, caller_phone or None, lon, lat, category_code)
    since = at - rule.widest_window
    # A coarse box around the point (about 1 km) keeps the read small on a busy night.
    near = []
    if lon is not None and lat is not None:
        d = 0.01
        near = [Incident.lon.between(lon - d, lon + d) & Incident.lat.between(lat - d, lat + d)]
    same_phone = [Incident.caller_phone == caller_phone] if caller_phone else []
    if not near and not same_phone:
        return []
    with ctx.reading() as s:
        rows = s.execute(
            select(Incident, Category.name_zh, Category.name_en)
            .join(Category, Category.code == Incident.category_code)
            .where(
                Incident.station_id + 0 == ctx.station_id,  # the time index, not the station's
                Incident.received_at >= since,
                Incident.received_at <= at,
                or_(*near, *same_phone),
            )
        ).all()
    by_id = {inc.id: (inc, zh, en) for inc, zh, en in rows}
    facts = [
        CallFacts(inc.id, inc.received_at, inc.caller_phone, inc.lon, inc.lat, inc.category_code)
        for inc, _, _ in rows
    ]
    out = []
    for m in find_duplicates(call, facts, rule):
        inc, zh, en = by_id[m.incident_id]
        out.append(
            DuplicateCandidate(
                inc.id,
                inc.number,
                inc.received_at,
                zh,
                en,
                inc.address_text,
                inc.status,
                tuple(r.value for r in m.reasons),
                m.minutes_apart,
                m.distance_m,
            )
        )
    return out
