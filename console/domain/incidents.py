"""Incident vocabulary: sources, priority grades with their arrival deadlines, statuses."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from enum import StrEnum


class IncidentSource(StrEnum):
    CALL_110 = "call_110"  # 110报警电话
    WALK_IN = "walk_in"  # 来所报警
    PHONE = "phone"  # 派出所电话
    SENSOR = "sensor"  # 感知预警
    TRANSFER_IN = "transfer_in"  # 上级转警


class Priority(StrEnum):
    """警情等级, most urgent first; sort by ``rank``."""

    URGENT = "urgent"  # 紧急
    HIGH = "high"  # 较紧急
    NORMAL = "normal"  # 一般
    LOW = "low"  # 非紧急

    @property
    def rank(self) -> int:
        return list(Priority).index(self)


# Town defaults; a grid may set its own (suburbs are further out). None: by appointment.
DEFAULT_ARRIVAL_MINUTES: dict[Priority, int | None] = {
    Priority.URGENT: 5,
    Priority.HIGH: 10,
    Priority.NORMAL: 15,
    Priority.LOW: None,
}


def arrival_deadline(
    received_at: datetime,
    priority: Priority,
    grid_minutes: dict[Priority, int | None] | None = None,
) -> datetime | None:
    """When the first unit must be on scene, or None for by-appointment grades."""
    minutes = (grid_minutes or {}).get(priority, DEFAULT_ARRIVAL_MINUTES[priority])
    if minutes is None:
        return None
    return received_at + timedelta(minutes=minutes)


class IncidentStatus(StrEnum):
    RECEIVED = "received"  # 已接警
    DISPATCHED = "dispatched"  # 已派警
    ON_SCENE = "on_scene"  # 已到场
    CLOSED = "closed"  # 已办结
    CALLED_BACK = "called_back"  # 已回访
    DIVERTED = "diverted"  # 非警务分流
    TRANSFERRED = "transferred"  # 已移交
    ESCALATED = "escalated"  # 指挥权上移


# Statuses in which an incident still needs the room's attention (queue, daily clearance).
OPEN_STATUSES = frozenset(
    {
        IncidentStatus.RECEIVED,
        IncidentStatus.DISPATCHED,
        IncidentStatus.ON_SCENE,
        IncidentStatus.ESCALATED,
    }
)


class Satisfaction(StrEnum):
    SATISFIED = "satisfied"  # 满意
    FAIRLY_SATISFIED = "fairly_satisfied"  # 基本满意
    DISSATISFIED = "dissatisfied"  # 不满意


def incident_number(local_day: date, serial: int) -> str:
    """The station's incident number, e.g. ``20261122-0042`` (local date, daily serial)."""
    if serial < 1:
        raise ValueError("incident serials start at 1")
    return f"{local_day:%Y%m%d}-{serial:04d}"
