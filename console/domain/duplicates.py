"""Possible duplicates (重复报警): the same phone within a while, or the same kind of
incident close by within a shorter while. Thresholds are station settings; the officer
decides whether to link the new call to the earlier incident or keep it separate."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

EARTH_RADIUS_M = 6_371_000.0


class DuplicateReason(StrEnum):
    SAME_PHONE = "same_phone"
    NEARBY_SAME_CATEGORY = "nearby_same_category"


@dataclass(frozen=True)
class DuplicateRule:
    phone_window: timedelta = timedelta(minutes=30)
    nearby_window: timedelta = timedelta(minutes=15)
    nearby_m: float = 200.0

    @property
    def widest_window(self) -> timedelta:
        return max(self.phone_window, self.nearby_window)


@dataclass(frozen=True)
class CallFacts:
    """What is known of a call for matching: phone, point and category, and when."""

    id: int | None
    received_at: datetime
    caller_phone: str | None
    lon: float | None
    lat: float | None
    category_code: str


@dataclass(frozen=True)
class DuplicateMatch:
    incident_id: int
    reasons: tuple[DuplicateReason, ...]
    minutes_apart: float
    distance_m: float | None


def distance_m(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Great-circle distance in metres (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


def _same_family(a: str, b: str) -> bool:
    """Same category: equal codes, or one is the other's top level (治安 vs 治安/打架斗殴)."""
    return a == b or a.split(".")[0] == b.split(".")[0] and ("." not in a or "." not in b)


def find_duplicates(
    call: CallFacts, earlier: Iterable[CallFacts], rule: DuplicateRule
) -> list[DuplicateMatch]:
    """Earlier calls that may be the same incident, nearest in time first."""
    matches: list[DuplicateMatch] = []
    for other in earlier:
        if other.id is None or other.id == call.id:
            continue
        gap = abs(call.received_at - other.received_at)
        reasons: list[DuplicateReason] = []
        if (
            call.caller_phone
            and call.caller_phone == other.caller_phone
            and gap <= rule.phone_window
        ):
            reasons.append(DuplicateReason.SAME_PHONE)
        metres = None
        if None not in (call.lon, call.lat, other.lon, other.lat):
            metres = distance_m(call.lon, call.lat, other.lon, other.lat)  # type: ignore[arg-type]
            if (
                metres <= rule.nearby_m
                and gap <= rule.nearby_window
                and _same_family(call.category_code, other.category_code)
            ):
                reasons.append(DuplicateReason.NEARBY_SAME_CATEGORY)
        if reasons:
            matches.append(
                DuplicateMatch(other.id, tuple(reasons), gap.total_seconds() / 60, metres)
            )
    return sorted(matches, key=lambda m: m.minutes_apart)
