"""The incident lifecycle: which transitions exist, what each needs, which times it stamps.

received → dispatched → on scene → closed → called back, plus diverted (非警务分流 to
12345), transferred (移交 to a specialist squad) and escalated (command moves up). Every
timestamp comes from the transition's own time, never from what an officer typed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from .incidents import IncidentStatus as S
from .incidents import Satisfaction


class IncidentAction(StrEnum):
    DISPATCH = "dispatch"  # first unit ordered (later units do not change the status)
    RECALL = "recall"  # every unit withdrawn before arrival: back to the queue
    ARRIVE = "arrive"  # first unit on scene
    CLOSE = "close"  # 办结, with a disposition code
    CALL_BACK = "call_back"  # 回访, with the reporter's satisfaction
    DIVERT = "divert"  # 非警务分流 to the 12345 hotline, with a reason
    TRANSFER = "transfer"  # 移交 to a specialist squad
    ESCALATE = "escalate"  # 指挥权上移 to the branch or city command


_NEXT: dict[tuple[S, IncidentAction], S] = {
    (S.RECEIVED, IncidentAction.DISPATCH): S.DISPATCHED,
    (S.RECEIVED, IncidentAction.CLOSE): S.CLOSED,  # settled by phone, cancelled by the caller
    (S.RECEIVED, IncidentAction.DIVERT): S.DIVERTED,
    (S.RECEIVED, IncidentAction.TRANSFER): S.TRANSFERRED,
    (S.RECEIVED, IncidentAction.ESCALATE): S.ESCALATED,
    (S.DISPATCHED, IncidentAction.ARRIVE): S.ON_SCENE,
    (S.DISPATCHED, IncidentAction.RECALL): S.RECEIVED,
    (S.DISPATCHED, IncidentAction.CLOSE): S.CLOSED,  # stood down on the way (false alarm)
    (S.DISPATCHED, IncidentAction.ESCALATE): S.ESCALATED,
    (S.ON_SCENE, IncidentAction.CLOSE): S.CLOSED,
    (S.ON_SCENE, IncidentAction.TRANSFER): S.TRANSFERRED,
    (S.ON_SCENE, IncidentAction.ESCALATE): S.ESCALATED,
    (S.ESCALATED, IncidentAction.DISPATCH): S.ESCALATED,  # the station still sends units
    (S.ESCALATED, IncidentAction.ARRIVE): S.ESCALATED,
    (S.ESCALATED, IncidentAction.CLOSE): S.CLOSED,
    (S.CLOSED, IncidentAction.CALL_BACK): S.CALLED_BACK,
}

# Statuses a lifecycle never leaves: the incident is done for the station.
FINAL_STATUSES = frozenset({S.CALLED_BACK, S.DIVERTED, S.TRANSFERRED})

ESCALATION_LEVELS = ("branch", "city")

# Dispositions that say a unit was on scene (现场处置完毕, 到场未发现): closing with one
# needs a unit to have arrived first.
ON_SCENE_DISPOSITIONS = frozenset({"resolved", "no_trace"})


def closing_dispositions(codes: Iterable[str], first_arrived_at: datetime | None) -> list[str]:
    """The disposition codes of ``codes`` an incident may be closed with now."""
    arrived = first_arrived_at is not None
    return [c for c in codes if arrived or c not in ON_SCENE_DISPOSITIONS]


class TransitionRefused(Exception):
    """An action the current state does not allow, or one missing what it needs.

    ``template`` is English with {placeholders}; the UI translates it and the status and
    action names in ``params``.
    """

    def __init__(self, template: str, **params: str) -> None:
        super().__init__(template.format(**params))
        self.template = template
        self.params = params


@dataclass(frozen=True)
class Transition:
    action: IncidentAction
    from_status: S
    to_status: S
    at: datetime
    stamps: dict[str, datetime] = field(default_factory=dict)  # incident fields to set
    details: dict[str, str] = field(default_factory=dict)  # disposition, reason, squad …


def allowed_actions(status: S) -> list[IncidentAction]:
    return [action for (st, action) in _NEXT if st == status]


def apply_action(
    status: S,
    action: IncidentAction,
    at: datetime,
    *,
    first_dispatched_at: datetime | None = None,
    first_arrived_at: datetime | None = None,
    disposition: str | None = None,
    satisfaction: Satisfaction | None = None,
    reason: str | None = None,
    squad: str | None = None,
    level: str | None = None,
) -> Transition:
    """Check ``action`` against ``status`` and return what it changes; refuse otherwise."""
    if at.tzinfo is None:
        raise ValueError("transition times must be timezone-aware")
    to_status = _NEXT.get((status, action))
    if to_status is None:
        raise TransitionRefused(
            "Cannot {action} an incident that is {status}.",
            action=action.value,
            status=status.value,
        )
    stamps: dict[str, datetime] = {}
    details: dict[str, str] = {}
    if action is IncidentAction.DISPATCH and first_dispatched_at is None:
        stamps["first_dispatched_at"] = at
    elif action is IncidentAction.ARRIVE and first_arrived_at is None:
        stamps["first_arrived_at"] = at
    elif action is IncidentAction.CLOSE:
        details["disposition"] = _required(disposition, "Closing needs a disposition code.")
        if first_arrived_at is None and details["disposition"] in ON_SCENE_DISPOSITIONS:
            raise TransitionRefused(
                "No unit has arrived yet: the incident cannot be closed as handled on scene."
            )
        stamps["closed_at"] = at
    elif action is IncidentAction.CALL_BACK:
        if not isinstance(satisfaction, Satisfaction):
            raise TransitionRefused("A callback needs the reporter's satisfaction.")
        details["satisfaction"] = satisfaction.value
        stamps["called_back_at"] = at
    elif action is IncidentAction.DIVERT:
        details["reason"] = _required(reason, "Diverting to 12345 needs a reason.")
    elif action is IncidentAction.TRANSFER:
        details["squad"] = _required(squad, "A transfer needs the squad that takes the case.")
    elif action is IncidentAction.ESCALATE:
        if level not in ESCALATION_LEVELS:
            raise TransitionRefused("Escalation goes to the branch or the city command.")
        details["level"] = level
    return Transition(action, status, to_status, at, stamps, details)


def _required(value: str | None, message: str) -> str:
    if value is None or not value.strip():
        raise TransitionRefused(message)
    return value.strip()
