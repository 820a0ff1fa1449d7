"""Unit vocabulary: kinds of deployable team and the statuses a unit moves through."""

from __future__ import annotations

from enum import StrEnum


class UnitKind(StrEnum):
    CAR = "car"  # 车组
    FOOT = "foot"  # 步巡
    ONE_PLUS_THREE = "one_plus_three"  # 1+3 巡组
    FALCON = "falcon"  # 猎鹰 (motorcycle rapid response)


class UnitStatus(StrEnum):
    AVAILABLE = "available"  # 备勤
    PATROLLING = "patrolling"  # 巡逻
    DISPATCHED = "dispatched"  # 已派
    EN_ROUTE = "en_route"  # 途中
    ON_SCENE = "on_scene"  # 到场
    BUSY = "busy"  # 处置中
    OFF_DUTY = "off_duty"  # 下班
    ON_LOAN = "on_loan"  # 支援中


# A unit in one of these can be sent to a new call.
DISPATCHABLE_STATUSES = frozenset({UnitStatus.AVAILABLE, UnitStatus.PATROLLING})
