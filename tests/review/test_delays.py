"""The delay breakdown of hand-built incidents equals hand-computed values.

Targets (ReviewTargets defaults): answering 15 s, entry 60 s, dispatch 60 s 紧急 / 120 s
较紧急 / 300 s 一般 / none 非紧急, travel = deadline - the three before, callback 24 h.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from console.domain.review.columns import IncidentColumns
from console.domain.review.delays import compute_delays, delay_breakdown
from console.domain.review.results import DelayPart, ReviewTargets

T0 = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)
AS_OF = T0 + timedelta(hours=6)
TARGETS = ReviewTargets()


def at(seconds: float | None) -> datetime | None:
    return None if seconds is None else T0 + timedelta(seconds=seconds)


def incident(
    priority: str,
    status: str,
    *,
    answered=None,
    entered=None,
    dispatched=None,
    arrived=None,
    closed=None,
    called_back=None,
    deadline_min: float | None = None,
    number: str = "20261120-0001",
) -> dict:
    minutes = {"urgent": 5, "high": 10, "normal": 15, "low": None}[priority]
    if deadline_min is not None:
        minutes = deadline_min
    return {
        "id": 1,
        "number": number,
        "category_code": "order.fight",
        "priority": priority,
        "status": status,
        "grid_id": 7,
        "received_at": T0,
        "answered_at": at(answered),
        "entered_at": at(entered),
        "first_dispatched_at": at(dispatched),
        "first_arrived_at": at(arrived),
        "closed_at": at(closed),
        "called_back_at": at(called_back),
        "arrival_deadline": None if minutes is None else T0 + timedelta(minutes=minutes),
    }


def seconds_and_targets(b) -> list[tuple[float | None, float | None]]:
    return [(p.seconds, p.target_seconds) for p in b.parts]


def test_urgent_late_because_of_travel():
    b = delay_breakdown(
        incident(
            "urgent",
            "called_back",
            answered=8,
            entered=58,
            dispatched=100,
            arrived=400,
            closed=2200,
            called_back=5800,
        ),
        TARGETS,
        AS_OF,
    )
    assert seconds_and_targets(b) == [
        (8, 15),
        (50, 60),
        (42, 60),
        (300, 165),
        (1800, None),
        (3600, 86400),
    ]
    assert b.response_seconds == 400 and b.arrival_target_seconds == 300
    assert b.late is True and b.late_part is DelayPart.TRAVEL
    assert b.travel.over_seconds == 135 and b.travel.on_target is False
    assert b.answering.on_target is True
    assert b.entry.start == at(8) and b.entry.end == at(58)
    assert b.on_scene.on_target is None  # no target for the work itself


def test_slow_answering_but_on_time_is_not_late():
    b = delay_breakdown(
        incident("urgent", "on_scene", answered=40, entered=70, dispatched=90, arrived=240),
        TARGETS,
        AS_OF,
    )
    assert [p.seconds for p in b.parts] == [40, 30, 20, 150, None, None]
    assert b.answering.on_target is False
    assert b.late is False and b.late_part is None


def test_late_because_of_dispatch():
    # 较紧急, 10 min: dispatch took 400 s of its 120; travel 200 s of its 405.
    b = delay_breakdown(
        incident(
            "high", "closed", answered=5, entered=65, dispatched=465, arrived=665, closed=1000
        ),
        TARGETS,
        AS_OF,
    )
    assert b.dispatch.seconds == 400 and b.dispatch.target_seconds == 120
    assert b.travel.seconds == 200 and b.travel.target_seconds == 600 - 195
    assert b.late is True and b.late_part is DelayPart.DISPATCH
    assert b.callback.seconds is None  # closed, not called back yet


def test_never_dispatched_and_still_waiting_is_late_for_dispatch():
    b = delay_breakdown(
        incident("urgent", "received", answered=5, entered=50),
        TARGETS,
        T0 + timedelta(minutes=20),
    )
    assert [p.seconds for p in b.parts] == [5, 45, None, None, None, None]
    assert b.dispatch.target_seconds is None  # no time, so nothing to mark
    assert b.response_seconds is None
    assert b.late is True and b.late_part is DelayPart.DISPATCH


def test_never_dispatched_but_before_its_deadline_is_not_judged():
    b = delay_breakdown(
        incident("urgent", "received", answered=5, entered=50), TARGETS, T0 + timedelta(minutes=2)
    )
    assert b.late is None and b.late_part is None


def test_dispatched_but_not_there_after_the_deadline_is_late_for_travel():
    b = delay_breakdown(
        incident("normal", "dispatched", answered=5, entered=50, dispatched=100),
        TARGETS,
        T0 + timedelta(minutes=16),
    )
    assert b.travel.seconds is None
    assert b.late is True and b.late_part is DelayPart.TRAVEL


def test_diverted_has_no_dispatch_travel_or_callback_and_is_not_judged():
    b = delay_breakdown(incident("normal", "diverted", answered=5, entered=40), TARGETS, AS_OF)
    assert [p.seconds for p in b.parts] == [5, 35, None, None, None, None]
    assert b.late is None and b.late_part is None


def test_transferred_after_arrival_keeps_its_response_parts():
    b = delay_breakdown(
        incident("normal", "transferred", answered=6, entered=66, dispatched=166, arrived=466),
        TARGETS,
        AS_OF,
    )
    assert [p.seconds for p in b.parts] == [6, 60, 100, 300, None, None]
    assert b.travel.target_seconds == 900 - 15 - 60 - 300
    assert b.late is False


def test_transferred_before_any_unit_is_not_judged():
    b = delay_breakdown(incident("high", "transferred", answered=6, entered=66), TARGETS, AS_OF)
    assert b.dispatch.seconds is None and b.late is None


def test_missing_answered_time_is_not_recorded_not_zero():
    # A walk-in: no ring to answer. Entry runs from the first record and takes on
    # answering's target.
    b = delay_breakdown(
        incident("normal", "on_scene", entered=90, dispatched=190, arrived=490), TARGETS, AS_OF
    )
    assert b.answering.seconds is None and b.answering.target_seconds is None
    assert b.entry.seconds == 90 and b.entry.target_seconds == 75
    assert b.entry.start == T0
    assert b.late is False


def test_low_grade_has_no_deadline_and_no_dispatch_target():
    b = delay_breakdown(
        incident(
            "low",
            "called_back",
            answered=3,
            entered=60,
            dispatched=4000,
            arrived=4600,
            closed=5000,
            called_back=90000,
        ),
        TARGETS,
        AS_OF,
    )
    assert b.dispatch.target_seconds is None and b.travel.target_seconds is None
    assert b.arrival_target_seconds is None and b.late is None
    assert b.callback.seconds == 85000 and b.callback.on_target is True


def test_closed_by_phone_has_callback_but_no_on_scene():
    b = delay_breakdown(
        incident("normal", "called_back", answered=5, entered=40, closed=300, called_back=1300),
        TARGETS,
        AS_OF,
    )
    assert b.on_scene.seconds is None
    assert b.callback.seconds == 1000 and b.callback.start == at(300)
    assert b.late is None  # stood down without arrival: nothing to be late for


def test_grid_deadline_sets_travel_target():
    # A suburb grid gives 紧急 8 minutes.
    b = delay_breakdown(
        incident(
            "urgent", "on_scene", answered=5, entered=50, dispatched=80, arrived=420, deadline_min=8
        ),
        TARGETS,
        AS_OF,
    )
    assert b.travel.target_seconds == 480 - 135
    assert b.late is False


def test_whole_period_arrays_agree_with_single_incidents():
    rows = [
        incident(
            "urgent",
            "called_back",
            answered=8,
            entered=58,
            dispatched=100,
            arrived=400,
            closed=2200,
            called_back=5800,
        ),
        incident(
            "high", "closed", answered=5, entered=65, dispatched=465, arrived=665, closed=1000
        ),
        incident("normal", "diverted", answered=5, entered=40),
        incident("normal", "on_scene", entered=90, dispatched=190, arrived=490),
    ]
    for i, r in enumerate(rows):
        r["id"] = i + 1
    columns = IncidentColumns.from_rows(rows)
    delays = compute_delays(columns, TARGETS, AS_OF)
    for i, r in enumerate(rows):
        single = delay_breakdown(r, TARGETS, AS_OF)
        expected = [np.nan if p.seconds is None else p.seconds for p in single.parts]
        assert delays.seconds[:, i] == pytest.approx(expected, nan_ok=True)
    assert delays.late.tolist() == [1, 1, -1, 0]


def test_escalated_before_dispatch_is_not_judged_by_the_station():
    # Command moved up to the branch before any station unit went: no dispatch, no travel.
    b = delay_breakdown(
        incident("urgent", "escalated", answered=4, entered=40), TARGETS, T0 + timedelta(hours=1)
    )
    assert [p.seconds for p in b.parts] == [4, 36, None, None, None, None]
    assert b.late is None and b.late_part is None


def test_escalated_after_arrival_is_judged_on_its_arrival():
    b = delay_breakdown(
        incident("urgent", "escalated", answered=4, entered=40, dispatched=70, arrived=500),
        TARGETS,
        AS_OF,
    )
    assert b.travel.seconds == 430
    assert b.late is True and b.late_part is DelayPart.TRAVEL


def test_targets_are_settings():
    strict = ReviewTargets(answering_s=5.0)
    b = delay_breakdown(
        incident("urgent", "on_scene", answered=8, entered=58, dispatched=100, arrived=250),
        strict,
        AS_OF,
    )
    assert b.answering.on_target is False
    assert b.travel.target_seconds == 300 - 5 - 60 - 60
