"""The incident state machine: every allowed transition, every refused one, the stamps."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from console.domain.incidents import IncidentStatus as S
from console.domain.incidents import Satisfaction
from console.domain.lifecycle import (
    FINAL_STATUSES,
    TransitionRefused,
    allowed_actions,
    apply_action,
)
from console.domain.lifecycle import (
    IncidentAction as A,
)

T0 = datetime(2026, 11, 22, 0, 14, tzinfo=UTC)


def test_a_whole_incident_stamps_each_time_once():
    t = apply_action(S.RECEIVED, A.DISPATCH, T0)
    assert (t.to_status, t.stamps) == (S.DISPATCHED, {"first_dispatched_at": T0})
    t = apply_action(S.DISPATCHED, A.ARRIVE, T0 + timedelta(minutes=4))
    assert (t.to_status, t.stamps) == (S.ON_SCENE, {"first_arrived_at": T0 + timedelta(minutes=4)})
    t = apply_action(S.ON_SCENE, A.CLOSE, T0 + timedelta(minutes=40), disposition="mediated")
    assert (t.to_status, t.details) == (S.CLOSED, {"disposition": "mediated"})
    t = apply_action(
        S.CLOSED, A.CALL_BACK, T0 + timedelta(hours=3), satisfaction=Satisfaction.SATISFIED
    )
    assert (t.to_status, t.details["satisfaction"]) == (S.CALLED_BACK, "satisfied")
    assert t.stamps == {"called_back_at": T0 + timedelta(hours=3)}


def test_a_second_dispatch_or_arrival_keeps_the_first_time():
    t = apply_action(S.ESCALATED, A.DISPATCH, T0, first_dispatched_at=T0 - timedelta(minutes=1))
    assert t.stamps == {}


@pytest.mark.parametrize("status", list(S))
def test_refusals_name_the_current_state(status):
    for action in set(A) - set(allowed_actions(status)):
        with pytest.raises(TransitionRefused) as err:
            apply_action(status, action, T0)
        assert err.value.params == {"action": action.value, "status": status.value}
        assert status.value in str(err.value)


def test_final_statuses_allow_nothing():
    assert all(allowed_actions(s) == [] for s in FINAL_STATUSES)


@pytest.mark.parametrize(
    ("status", "action", "kwargs", "fragment"),
    [
        (S.ON_SCENE, A.CLOSE, {"disposition": "  "}, "disposition"),
        (S.CLOSED, A.CALL_BACK, {"satisfaction": "satisfied"}, "satisfaction"),
        (S.RECEIVED, A.DIVERT, {}, "reason"),
        (S.ON_SCENE, A.TRANSFER, {"squad": ""}, "squad"),
        (S.RECEIVED, A.ESCALATE, {"level": "province"}, "branch"),
    ],
)
def test_actions_refuse_without_what_they_need(status, action, kwargs, fragment):
    with pytest.raises(TransitionRefused, match=fragment):
        apply_action(status, action, T0, **kwargs)


def test_naive_times_are_a_programming_error():
    with pytest.raises(ValueError):
        apply_action(S.RECEIVED, A.DISPATCH, datetime(2026, 11, 22, 8, 14))
