"""Plain, frozen results that services hand to the UI (safe to pass between threads)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from console.domain.recommend import CardProgress


@dataclass(frozen=True)
class StationSummary:
    station_id: int
    name: str
    timezone: str
    backend: str  # "sqlite" or "postgresql"
    location: str  # file path or password-free server URL
    data_credit: str | None
    actor_name: str
    actor_badge: str | None = None  # 警号 of the person signed in


class IncidentSummary(NamedTuple):
    """One queue row. A named tuple: the queue builds a thousand of them per load."""

    id: int
    number: str
    received_at: datetime
    priority: str
    category_code: str
    category_zh: str
    category_en: str
    address_text: str | None
    grid_name: str | None
    status: str
    unit_call_signs: tuple[str, ...]
    arrival_deadline: datetime | None
    first_arrived_at: datetime | None
    narrative: str
    lon: float | None
    lat: float | None
    version: int
    card: CardProgress = CardProgress()  # the units its run card asks for, sent, waived


@dataclass(frozen=True)
class UnitSummary:
    id: int
    call_sign: str
    kind: str
    status: str
    status_since: datetime
    crew: tuple[str, ...]
    current_incident_number: str | None
    home_grid_name: str | None
    position_at: datetime | None
    lon: float | None
    lat: float | None
    version: int
