"""What each role may do (DESIGN.md §4, "One policy"): one table, action × role.

The unit of work looks an action up here and checks it against the acting user's current
row (still active, and the role the store holds now, not the one remembered at sign-in)
before anything is written; screens ask ``allows`` to grey out what would be refused. Every
action in the table names every role, so adding a role means deciding for each action.

Actions not in the table yet keep the checks their services make themselves (grid targets,
handover, roster approval, training the classifier) or are open to every user.
"""

from __future__ import annotations

from collections.abc import Mapping

from .people import UserRole

WAIVE_RUN_CARD = "incident.waive_run_card"
REPORT_POSITIONS = "unit.positions"

POLICY: Mapping[str, Mapping[UserRole, bool]] = {
    # Accepting fewer units than the run card asks for is a dispatch decision: the people
    # who dispatch take it (with a reason); the administrator does not dispatch.
    WAIVE_RUN_CARD: {
        UserRole.DUTY_OFFICER: True,
        UserRole.COMMANDER: True,
        UserRole.CHIEF: True,
        UserRole.ADMIN: False,
    },
    # Terminal positions come from a gateway signed in under an account of its own, or from
    # a seat keying in a unit's radioed position: any working role may report them. They
    # never change a unit's status or version (services/unit_positions.py).
    REPORT_POSITIONS: {
        UserRole.DUTY_OFFICER: True,
        UserRole.COMMANDER: True,
        UserRole.CHIEF: True,
        UserRole.ADMIN: True,
    },
}


def governs(action: str) -> bool:
    """True when ``action`` is decided by this table."""
    return action in POLICY


def allows(role: UserRole | str, action: str) -> bool:
    """Whether ``role`` may take ``action`` (an action not in the table: yes)."""
    rule = POLICY.get(action)
    if rule is None:
        return True
    try:
        return rule.get(UserRole(role), False)
    except ValueError:  # a role this console does not know
        return False


def roles_allowed(action: str) -> tuple[UserRole, ...]:
    """The roles that may take ``action``, in the order of ``UserRole``."""
    rule = POLICY.get(action)
    return tuple(r for r in UserRole if rule is None or rule.get(r, False))
