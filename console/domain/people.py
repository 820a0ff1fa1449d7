"""Who works in the room and on the street."""

from __future__ import annotations

from enum import StrEnum


class OfficerRole(StrEnum):
    POLICE = "police"  # 民警
    AUXILIARY = "auxiliary"  # 辅警


class UserRole(StrEnum):
    DUTY_OFFICER = "duty_officer"  # 值班员
    COMMANDER = "commander"  # 专职指挥长
    CHIEF = "chief"  # 所长
    ADMIN = "admin"  # 系统管理员


class RosterStatus(StrEnum):
    DRAFT = "draft"
    APPROVED = "approved"
