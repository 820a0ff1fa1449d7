"""Names of priorities, statuses and unit kinds as the interface shows them.

The store keeps stable English codes; what a duty officer reads comes from these
translated tables (zh_CN: 紧急, 备勤 …), never from the database.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from console.domain.incidents import IncidentStatus, Priority
from console.domain.units import UnitKind, UnitStatus

SKILL_NAMES = {
    "armed": QT_TRANSLATE_NOOP("Skill", "Armed"),
    "driver": QT_TRANSLATE_NOOP("Skill", "Driver"),
    "first_aid": QT_TRANSLATE_NOOP("Skill", "First aid"),
    "traffic": QT_TRANSLATE_NOOP("Skill", "Traffic"),
    "negotiation": QT_TRANSLATE_NOOP("Skill", "Negotiation"),
    "english": QT_TRANSLATE_NOOP("Skill", "English"),
}


def skill_name(code: str) -> str:
    """A skill as the interface names it; a code the station added itself shows as is."""
    source = SKILL_NAMES.get(code)
    return QCoreApplication.translate("Skill", source) if source else code


PRIORITY_NAMES = {
    Priority.URGENT: QT_TRANSLATE_NOOP("Priority", "Urgent"),
    Priority.HIGH: QT_TRANSLATE_NOOP("Priority", "High"),
    Priority.NORMAL: QT_TRANSLATE_NOOP("Priority", "Normal"),
    Priority.LOW: QT_TRANSLATE_NOOP("Priority", "Low"),
}

INCIDENT_STATUS_NAMES = {
    IncidentStatus.RECEIVED: QT_TRANSLATE_NOOP("IncidentStatus", "Received"),
    IncidentStatus.DISPATCHED: QT_TRANSLATE_NOOP("IncidentStatus", "Dispatched"),
    IncidentStatus.ON_SCENE: QT_TRANSLATE_NOOP("IncidentStatus", "On scene"),
    IncidentStatus.CLOSED: QT_TRANSLATE_NOOP("IncidentStatus", "Closed"),
    IncidentStatus.CALLED_BACK: QT_TRANSLATE_NOOP("IncidentStatus", "Called back"),
    IncidentStatus.DIVERTED: QT_TRANSLATE_NOOP("IncidentStatus", "Diverted to 12345"),
    IncidentStatus.TRANSFERRED: QT_TRANSLATE_NOOP("IncidentStatus", "Transferred"),
    IncidentStatus.ESCALATED: QT_TRANSLATE_NOOP("IncidentStatus", "Escalated"),
}

UNIT_STATUS_NAMES = {
    UnitStatus.AVAILABLE: QT_TRANSLATE_NOOP("UnitStatus", "Available"),
    UnitStatus.PATROLLING: QT_TRANSLATE_NOOP("UnitStatus", "Patrolling"),
    UnitStatus.DISPATCHED: QT_TRANSLATE_NOOP("UnitStatus", "Dispatched"),
    UnitStatus.EN_ROUTE: QT_TRANSLATE_NOOP("UnitStatus", "En route"),
    UnitStatus.ON_SCENE: QT_TRANSLATE_NOOP("UnitStatus", "On scene"),
    UnitStatus.BUSY: QT_TRANSLATE_NOOP("UnitStatus", "Busy"),
    UnitStatus.OFF_DUTY: QT_TRANSLATE_NOOP("UnitStatus", "Off duty"),
    UnitStatus.ON_LOAN: QT_TRANSLATE_NOOP("UnitStatus", "On loan"),
}

UNIT_KIND_NAMES = {
    UnitKind.CAR: QT_TRANSLATE_NOOP("UnitKind", "Car"),
    UnitKind.FOOT: QT_TRANSLATE_NOOP("UnitKind", "Foot patrol"),
    UnitKind.ONE_PLUS_THREE: QT_TRANSLATE_NOOP("UnitKind", "1+3 team"),
    UnitKind.FALCON: QT_TRANSLATE_NOOP("UnitKind", "Falcon"),
}


def _name(context: str, table: dict, code: str) -> str:
    source = table.get(code)
    # An unknown code (a newer console wrote it) shows as itself rather than as nothing.
    return QCoreApplication.translate(context, source) if source else code


def priority_name(code: str) -> str:
    return _name("Priority", PRIORITY_NAMES, code)


def incident_status_name(code: str) -> str:
    return _name("IncidentStatus", INCIDENT_STATUS_NAMES, code)


def unit_status_name(code: str) -> str:
    return _name("UnitStatus", UNIT_STATUS_NAMES, code)


def unit_kind_name(code: str) -> str:
    return _name("UnitKind", UNIT_KIND_NAMES, code)


def priority_rank(code: str) -> int:
    try:
        return Priority(code).rank
    except ValueError:
        return len(Priority)


# Rotations and shift types are named in Chinese in the store (the presets' own names);
# in English they read as these. A station's own names show as they are.
ROTATION_NAMES = {
    "五班三运转": QT_TRANSLATE_NOOP("Rotation", "Five teams, three shifts"),
    "五班两运转": QT_TRANSLATE_NOOP("Rotation", "Five teams, two shifts"),
    "四班三运转": QT_TRANSLATE_NOOP("Rotation", "Four teams, three shifts"),
    "三班两运转": QT_TRANSLATE_NOOP("Rotation", "Three teams, two shifts"),
    "做一休二": QT_TRANSLATE_NOOP("Rotation", "One day on, two days off"),
}

SHIFT_NAMES = {
    "白班": QT_TRANSLATE_NOOP("Shift", "Day shift"),
    "中班": QT_TRANSLATE_NOOP("Shift", "Evening shift"),
    "夜班": QT_TRANSLATE_NOOP("Shift", "Night shift"),
    "值班": QT_TRANSLATE_NOOP("Shift", "24-hour duty"),
}


def rotation_name(name: str) -> str:
    """A rotation, or a roster named after one ("五班三运转 2026-12-07"), in the interface's
    language (in Chinese the stored name is already the interface's)."""
    if _chinese_interface():
        return name
    for chinese, source in ROTATION_NAMES.items():
        if name.startswith(chinese):
            return QCoreApplication.translate("Rotation", source) + name[len(chinese) :]
    return name


def shift_name(name: str) -> str:
    """A shift type's name (白班, 夜班 …) in the interface's language."""
    return name if _chinese_interface() else _name("Shift", SHIFT_NAMES, name)


def _chinese_interface() -> bool:
    from .i18n import current_language

    return current_language() == "zh_CN"
