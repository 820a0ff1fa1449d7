"""The demo station's approved roster (排班表): the rotation it already works, written down.

The teams rotate as :func:`console.demo.people.shift_at` says (day team = date ordinal
mod 5, the night team the one that had the day before), and each shift's team crews the
units as :func:`console.demo.units.crew_units` does, so the roster's street posts are
exactly the crews the history was played with, and on the current shift exactly the
units' ``unit_crew``. The team's people without a unit take the room's posts: the first
民警 among them is the duty commander (专职指挥长), the others the desk. A team that
crews every unit with all its people still has a commander: the leader of the last
unit it crews commands from the car (post ``commander`` with the unit).

One roster covers the history (and the night before it) and the next 30 days.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from console.domain.people import OfficerRole, RosterStatus, UserRole

from .calls import HISTORY_DAYS
from .people import SHIFT_TYPES, TEAM_COUNT, OfficerRecord
from .units import UnitRecord, crew_order, crew_units

FUTURE_DAYS = 30
COMMANDER_POST = "commander"
STREET_POST = "street"
DESK_POST = "desk"
ROSTER_ID = 1

# The people who sign the roster and take the handover, besides the built-in duty user.
DEMO_USERS = (
    {"username": "chief", "display_name": "所长", "role": UserRole.CHIEF.value},
    {"username": "duty2", "display_name": "值班员（二）", "role": UserRole.DUTY_OFFICER.value},
)


@dataclass(frozen=True)
class RosterRows:
    app_users: list[dict[str, Any]]
    rosters: list[dict[str, Any]]
    roster_entries: list[dict[str, Any]]
    duty_officer_id: int | None = None  # the officer behind the built-in duty user


def user_officers(officers: list[OfficerRecord]) -> dict[str, int]:
    """Officer id (index + 1) behind each demo account, so screens name people by name and
    警号: the chief and the two duty officers are the first 民警 of teams 一, 二 and 三."""
    first_police: dict[int, int] = {}
    for o in officers:
        if o.role is OfficerRole.POLICE:
            first_police.setdefault(o.team, o.index + 1)
    usernames = ("chief", "duty", "duty2")
    return {name: first_police[team] for team, name in enumerate(usernames) if team in first_police}


def shift_team(code: str, day: date) -> int:
    """The team working shift ``code`` of local date ``day`` (as ``shift_at`` rotates)."""
    return day.toordinal() % TEAM_COUNT if code == "day" else (day.toordinal() - 1) % TEAM_COUNT


def shift_posts(
    officers: list[OfficerRecord], units: list[UnitRecord], team: int, *, night: bool
) -> list[tuple[int, str, int | None]]:
    """(officer index, post, unit index) for every member of ``team`` on one shift."""
    members = [o for o in officers if o.team == team]
    crews = crew_units(units, members, night=night)
    posts: dict[int, tuple[str, int | None]] = {
        officer: (STREET_POST, unit) for unit, crew in crews.items() for officer in crew
    }
    spare = [o for o in members if o.index not in posts]
    commander = next((o for o in spare if o.role is OfficerRole.POLICE), None)
    if commander is not None:
        posts[commander.index] = (COMMANDER_POST, None)
    else:
        by_police = {o.index for o in members if o.role is OfficerRole.POLICE}
        last_unit = next(
            u.index
            for u in reversed(crew_order(units))
            if u.index in crews and crews[u.index][0] in by_police
        )
        posts[crews[last_unit][0]] = (COMMANDER_POST, last_unit)
    for o in spare:
        posts.setdefault(o.index, (DESK_POST, None))
    return [(o.index, *posts[o.index]) for o in members]


def plan_roster(
    officers: list[OfficerRecord],
    units: list[UnitRecord],
    *,
    now: datetime,
    tz: ZoneInfo,
    station_id: int,
    duty_user_id: int | None,
) -> RosterRows:
    """The demo's users and its approved roster: rows ready for ``insert``."""
    first_user = (duty_user_id or 0) + 1
    linked = user_officers(officers)
    users = [
        dict(u, id=first_user + k, active=True, officer_id=linked.get(u["username"]))
        for k, u in enumerate(DEMO_USERS)
    ]
    chief_id = users[0]["id"]
    today = now.astimezone(tz).date()
    start = (now - timedelta(days=HISTORY_DAYS + 1)).astimezone(tz).date()
    end = today + timedelta(days=FUTURE_DAYS)
    shift_ids = {s.code: k for k, s in enumerate(SHIFT_TYPES, start=1)}
    # A team's posts are the same on every day and every night it works: work them out once.
    posts = {
        (team, code): shift_posts(officers, units, team, night=code == "night")
        for team in range(TEAM_COUNT)
        for code in shift_ids
    }
    entries: list[dict[str, Any]] = []
    day = start
    while day <= end:
        for code, shift_id in shift_ids.items():
            for officer, post, unit in posts[(shift_team(code, day), code)]:
                entries.append(
                    {
                        "id": len(entries) + 1,
                        "roster_id": ROSTER_ID,
                        "officer_id": officer + 1,
                        "day": day,
                        "shift_type_id": shift_id,
                        "post": post,
                        "unit_id": None if unit is None else unit + 1,
                    }
                )
        day += timedelta(days=1)
    approved_at = datetime.combine(start - timedelta(days=3), datetime.min.time(), tz)
    roster = {
        "id": ROSTER_ID,
        "station_id": station_id,
        "name": f"五班两运转 {start:%Y-%m-%d} — {end:%Y-%m-%d}",
        "start_date": start,
        "end_date": end,
        "status": RosterStatus.APPROVED.value,
        "approved_by_user_id": chief_id,
        "approved_at": approved_at.astimezone(now.tzinfo),
        "version": 1,
        "created_at": (approved_at - timedelta(days=2)).astimezone(now.tzinfo),
        "problem": None,
        "solve_summary": None,
    }
    return RosterRows(users, [roster], entries, linked.get("duty"))
