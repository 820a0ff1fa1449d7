"""What a city-centre station's calls look like: how many of each kind, at which hours.

Rates are per day for the whole station (about 44 calls a day). Each subcategory follows
an hourly profile from the rhythm of a Chinese city centre: disputes, fights and drunk
people at night, lost property, help and office-hour complaints by day, collisions at
the rush hours; Friday and Saturday nights are busier, weekday rush hours quieter at
weekends, shopping streets fuller on weekend afternoons.
"""

from __future__ import annotations

from dataclasses import dataclass

# Relative weight of each local hour 0..23.
# fmt: off
HOUR_PROFILES: dict[str, tuple[float, ...]] = {
    "night":    (8, 7, 6, 4, 2, 1, 1, 1, 1, 1, 1.5, 2, 2, 2, 2, 2, 2.5, 3, 4, 5, 6, 7, 8, 9),
    "evening":  (5, 3, 2, 1, .5, .5, .5, 1, 1.5, 2, 2, 2.5, 3, 2.5, 2.5, 3, 3.5, 4, 5, 6, 6.5, 6.5, 6, 5.5),
    "late":     (7, 4, 2, 1, .5, .3, .5, 1, 1, 1, 1, 1.5, 2, 1.5, 1, 1, 1, 1.5, 2, 3, 4.5, 6, 8, 9),
    "day":      (.5, .3, .2, .2, .2, .3, .8, 2, 4, 5, 5.5, 5.5, 5, 5, 5.5, 5.5, 5, 4.5, 4, 3.5, 3, 2, 1.5, 1),
    "shopping": (1, .5, .3, .2, .2, .2, .3, .8, 1.5, 3, 4.5, 5, 5.5, 5.5, 6, 6, 6, 6.5, 6.5, 6, 5, 3.5, 2.5, 1.5),
    "rush":     (.5, .3, .2, .2, .3, .8, 2, 5, 6, 4, 3.5, 3.5, 3.5, 3.5, 3.5, 4, 4.5, 6, 6, 4, 3, 2, 1.5, 1),
    "office":   (.3, .2, .1, .1, .1, .2, .5, 1.5, 4, 5.5, 5.5, 5, 4, 5, 5.5, 5.5, 5, 4, 3, 2.5, 2, 1.5, 1, .5),
    "flat":     (2, 1.5, 1.2, 1, 1, 1, 1.5, 2.5, 3, 3.5, 3.5, 3.5, 3.5, 3.5, 3.5, 3.5, 3.5, 3.5, 3.5, 3.5, 3.5, 3, 2.5, 2.5),
}
# fmt: on


def weekly_factor(profile: str, weekday: int, hour: int) -> float:
    """How much busier this profile is at a local weekday (Monday 0) and hour."""
    friday_or_saturday_night = (weekday in (4, 5) and hour >= 18) or (
        weekday in (5, 6) and hour < 4
    )
    weekend = weekday >= 5
    if profile in ("night", "evening", "late"):
        return 1.4 if friday_or_saturday_night else 1.0
    if profile == "shopping":
        return 1.35 if weekend and 10 <= hour < 22 else 1.0
    if profile == "rush":
        return 0.6 if weekend and hour in (7, 8, 17, 18) else 1.0
    if profile == "office":
        return 0.45 if weekend else 1.0
    if profile == "day":
        return 1.1 if weekend else 1.0
    return 1.0


@dataclass(frozen=True)
class Kind:
    """One subcategory's share of the work and how it usually goes."""

    code: str
    per_day: float
    profile: str
    place: str  # home, street, junction, commercial, nightlife
    scene_min: float  # median minutes a unit spends on scene
    dispositions: tuple[str, ...]  # usual outcomes, most common first
    transfer: tuple[float, str] | None = None  # (share, to whom) handed to a squad
    walk_in: float = 0.0  # share reported at the station's front desk
    weapon: float = 0.0  # share with a weapon mentioned: raises to urgent, two units


# Disposition codes for history (Incident.disposition_code) and their Chinese labels.
DISPOSITIONS = {
    "resolved": "现场处置完毕",
    "mediated": "调解完毕",
    "warned": "批评教育",
    "case_opened": "受案调查",
    "assisted": "救助完毕",
    "advised": "告知处理途径",
    "no_trace": "到场未发现",
    "false_alarm": "误报",
    "handled_at_desk": "窗口受理",
    "duplicate": "重复报警",
    "transferred": "移交处理",
    "diverted": "分流12345",
}

# fmt: off
KINDS: tuple[Kind, ...] = (
    Kind("criminal.theft", 2.6, "shopping", "commercial", 35, ("case_opened", "advised"), (0.15, "刑警中队"), walk_in=0.3),
    Kind("criminal.burglary", 0.4, "night", "home", 60, ("case_opened",), (0.6, "刑警中队")),
    Kind("criminal.robbery", 0.15, "night", "street", 70, ("case_opened",), (0.85, "刑警中队"), weapon=0.4),
    Kind("criminal.fraud", 1.6, "office", "home", 40, ("case_opened", "advised"), (0.35, "反诈中心"), walk_in=0.4),
    Kind("criminal.assault", 0.3, "night", "nightlife", 60, ("case_opened",), (0.7, "刑警中队"), weapon=0.3),
    Kind("order.fight", 2.0, "night", "nightlife", 40, ("warned", "mediated", "case_opened", "no_trace"), weapon=0.08),
    Kind("order.provocation", 0.9, "evening", "nightlife", 35, ("warned", "case_opened", "no_trace")),
    Kind("order.gambling", 0.3, "late", "home", 45, ("case_opened", "no_trace")),
    Kind("order.noise", 2.0, "late", "home", 20, ("warned", "resolved", "no_trace")),
    Kind("order.gathering", 0.3, "day", "commercial", 90, ("resolved",)),
    Kind("traffic.collision_injury", 0.8, "rush", "junction", 50, ("resolved",), (0.5, "交警大队")),
    Kind("traffic.collision", 3.6, "rush", "junction", 30, ("resolved", "mediated")),
    Kind("traffic.jam", 0.9, "rush", "junction", 25, ("resolved", "no_trace")),
    Kind("traffic.parking", 1.6, "day", "street", 15, ("resolved", "advised", "no_trace")),
    Kind("fire.building", 0.08, "evening", "home", 70, ("resolved",), (0.3, "消防救援站")),
    Kind("fire.vehicle", 0.05, "flat", "street", 50, ("resolved",)),
    Kind("fire.smoke", 0.3, "evening", "home", 25, ("resolved", "false_alarm")),
    Kind("assist.missing_child", 0.4, "shopping", "commercial", 35, ("assisted",)),
    Kind("assist.missing_person", 0.7, "day", "home", 80, ("assisted",)),
    Kind("assist.intoxicated", 1.3, "night", "nightlife", 40, ("assisted",)),
    Kind("assist.medical", 1.3, "day", "street", 25, ("assisted",)),
    Kind("assist.lockout", 1.3, "evening", "home", 20, ("assisted", "advised")),
    Kind("assist.lost_property", 3.2, "shopping", "commercial", 20, ("assisted", "advised"), walk_in=0.35),
    Kind("dispute.family", 2.4, "night", "home", 45, ("mediated", "warned"), weapon=0.04),
    Kind("dispute.neighbour", 2.0, "evening", "home", 40, ("mediated", "advised")),
    Kind("dispute.commercial", 3.2, "night", "nightlife", 35, ("mediated", "advised")),
    Kind("dispute.labour", 0.7, "evening", "commercial", 50, ("mediated", "advised")),
    Kind("dispute.traffic", 1.4, "evening", "junction", 30, ("mediated",)),
    Kind("report.illegal_activity", 0.8, "flat", "street", 30, ("case_opened", "no_trace"), (0.3, "治安中队")),
    Kind("report.suspicious", 0.7, "night", "commercial", 20, ("no_trace", "resolved")),
    Kind("complaint.police", 0.2, "office", "street", 20, ("advised",), walk_in=0.5),
    Kind("non_police.municipal", 1.6, "office", "street", 0, ("diverted",)),
    Kind("non_police.consumer", 1.4, "office", "commercial", 0, ("diverted",)),
    Kind("non_police.utilities", 1.2, "flat", "home", 0, ("diverted",)),
)
# fmt: on
KINDS_BY_CODE = {k.code: k for k in KINDS}

# Calls that often bring a second caller reporting the same thing a few minutes later.
DUPLICATE_PRONE = frozenset(
    {
        "order.fight",
        "order.gathering",
        "traffic.collision_injury",
        "traffic.collision",
        "traffic.jam",
        "fire.building",
        "fire.vehicle",
        "fire.smoke",
    }
)
