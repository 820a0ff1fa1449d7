"""Where calls come from: homes on side streets, main streets, junctions, busy places.

Disputes and noise happen where people live, collisions at junctions, thefts and lost
children in malls and subway stations, fights outside bars. Calls also cluster around
the local hub (the busiest subway station), as they do in a real city centre.
"""

from __future__ import annotations

import math
import random
from bisect import bisect_left
from dataclasses import dataclass
from itertools import accumulate

from .address_book import AddressRecord
from .geo import haversine_m
from .places import KeyPlaceRecord
from .roads import Intersection

_HOME_WEIGHT = {
    "residential": 3.0,
    "living_street": 3.0,
    "unclassified": 2.0,
    "service": 2.0,
    "tertiary": 1.5,
    "pedestrian": 1.0,
    "secondary": 0.8,
    "primary": 0.5,
}
_STREET_WEIGHT = {
    "primary": 3.0,
    "secondary": 3.0,
    "pedestrian": 3.0,
    "tertiary": 2.0,
    "unclassified": 1.0,
    "residential": 0.6,
    "living_street": 0.5,
    "service": 0.5,
}
_COMMERCIAL_KINDS = frozenset(
    {"mall", "subway_station", "subway_entrance", "bank", "hotel", "market", "hospital"}
)
_NIGHTLIFE_KINDS = frozenset({"entertainment", "hotel", "mall"})
_HUB_RADIUS_M = 700.0  # calls thin out with distance from the hub


@dataclass(frozen=True)
class IncidentPlace:
    text: str
    lon: float
    lat: float
    grid: int  # GridArea index
    address_id: int | None  # standard address id, when the place is one


class _Weighted:
    def __init__(self, places: list[IncidentPlace], weights: list[float]) -> None:
        self.places = places
        self.cum = list(accumulate(weights))

    def pick(self, rng: random.Random) -> IncidentPlace:
        k = bisect_left(self.cum, rng.random() * self.cum[-1])
        return self.places[min(k, len(self.places) - 1)]

    def __bool__(self) -> bool:
        return bool(self.places) and self.cum[-1] > 0


class PlacePicker:
    def __init__(
        self,
        addresses: list[tuple[int, AddressRecord, int]],  # (address id, record, grid)
        key_places: list[tuple[KeyPlaceRecord, int]],  # (place, grid)
        junctions: list[tuple[Intersection, bool, int]],  # (junction, on main roads, grid)
        hub: tuple[float, float],
    ) -> None:
        def near_hub(lon: float, lat: float) -> float:
            return 1.0 + 2.5 * math.exp(-haversine_m(lon, lat, *hub) / _HUB_RADIUS_M)

        book = [IncidentPlace(a.text, a.lon, a.lat, g, i) for i, a, g in addresses]
        hub_w = [near_hub(p.lon, p.lat) for p in book]
        self._home = _Weighted(
            book,
            [
                w * _HOME_WEIGHT[a.street_class]
                for w, (_, a, _) in zip(hub_w, addresses, strict=True)
            ],
        )
        self._street = _Weighted(
            book,
            [
                w * _STREET_WEIGHT[a.street_class]
                for w, (_, a, _) in zip(hub_w, addresses, strict=True)
            ],
        )
        spots = [IncidentPlace(p.name, p.lon, p.lat, g, None) for p, g in key_places]
        self._commercial = _Weighted(
            spots,
            [near_hub(p.lon, p.lat) * (p.kind in _COMMERCIAL_KINDS) for p, _ in key_places],
        )
        self._nightlife = _Weighted(
            spots,
            [near_hub(p.lon, p.lat) * (p.kind in _NIGHTLIFE_KINDS) for p, _ in key_places],
        )
        crossings = [IncidentPlace(j.text, j.lon, j.lat, g, None) for j, _, g in junctions]
        self._junction = _Weighted(
            crossings,
            [near_hub(j.lon, j.lat) * (4.0 if main else 1.0) for j, main, _ in junctions],
        )

    def pick(self, place: str, rng: random.Random) -> IncidentPlace:
        """A place for a call whose kind happens at ``place`` (see incident_mix.Kind)."""
        if place == "junction" and self._junction and rng.random() < 0.75:
            return self._junction.pick(rng)
        if place == "commercial" and self._commercial and rng.random() < 0.45:
            return self._commercial.pick(rng)
        if place == "nightlife" and self._nightlife and rng.random() < 0.35:
            return self._nightlife.pick(rng)
        if place == "home" and self._home:
            return self._home.pick(rng)
        if self._street:
            return self._street.pick(rng)
        for options in (self._junction, self._commercial, self._home):
            if options:
                return options.pick(rng)
        raise ValueError("the extract has no named streets, junctions or key places to place calls")


def is_main_junction(junction: Intersection, main_streets: set[str]) -> bool:
    """Both streets are main roads: such junctions see most collisions."""
    return junction.street_a in main_streets and junction.street_b in main_streets
