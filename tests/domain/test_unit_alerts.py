"""Stale flags and coverage colours."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from console.domain.unit_alerts import (
    CoverageLevel,
    StaleFlag,
    StaleRules,
    available_by_grid,
    coverage_level,
    stale_flags,
)
from console.domain.units import UnitStatus

NOW = datetime(2026, 11, 22, 19, 0, tzinfo=UTC)


def ago(minutes: float) -> datetime:
    return NOW - timedelta(minutes=minutes)


def test_too_long_in_a_status_is_flagged_by_the_thresholds():
    rules = StaleRules({UnitStatus.DISPATCHED: 3, UnitStatus.ON_SCENE: 60}, position_seconds=300)
    assert stale_flags("dispatched", ago(2), ago(0.5), NOW, rules) == frozenset()
    assert stale_flags("dispatched", ago(4), ago(0.5), NOW, rules) == {StaleFlag.STATUS}
    assert stale_flags("on_scene", ago(61), ago(1), NOW, rules) == {StaleFlag.STATUS}
    assert stale_flags("available", ago(600), ago(1), NOW, rules) == frozenset()


def test_old_or_missing_positions_are_flagged_except_off_duty():
    rules = StaleRules(position_seconds=120)
    assert stale_flags("patrolling", ago(1), ago(3), NOW, rules) == {StaleFlag.POSITION}
    assert stale_flags("patrolling", ago(1), None, NOW, rules) == {StaleFlag.POSITION}
    assert stale_flags("off_duty", ago(500), None, NOW, rules) == frozenset()
    assert stale_flags("en_route", ago(30), ago(10), NOW) == {StaleFlag.STATUS, StaleFlag.POSITION}


@pytest.mark.parametrize(
    ("available", "minimum", "level"),
    [
        (0, 2, CoverageLevel.NONE),
        (1, 2, CoverageLevel.SHORT),
        (2, 2, CoverageLevel.THIN),
        (3, 2, CoverageLevel.SUFFICIENT),
        (1, 1, CoverageLevel.THIN),
        (0, 0, CoverageLevel.SUFFICIENT),
    ],
)
def test_coverage_colours(available, minimum, level):
    assert coverage_level(available, minimum) is level


def test_only_units_that_can_go_count():
    pairs = [
        (1, "available"),
        (1, "patrolling"),
        (1, "on_scene"),
        (2, "off_duty"),
        (None, "available"),
    ]
    assert available_by_grid(pairs) == {1: 2}
