"""The station's people: five teams of officers (民警) and auxiliaries (辅警), their shifts.

About 120 people in five teams of roughly 24, four in ten of them officers. Teams rotate
day (08:00–20:00) and night (20:00–08:00) shifts: a team works a day, the following
night, then has three days off, so on any local date one team has the day and another
the night. Everything is made up: names, badge numbers, phones and home addresses.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from console.domain.people import OfficerRole

from .names import mobile_number, person_name

TEAM_COUNT = 5
TEAM_NAMES = ("一班", "二班", "三班", "四班", "五班")
SKILLS = ("armed", "driver", "first_aid", "traffic", "negotiation", "english")
# Share of each role holding each skill (auxiliaries carry no firearm).
_SKILL_SHARE = {
    OfficerRole.POLICE: {
        "armed": 0.65,
        "driver": 0.75,
        "first_aid": 0.35,
        "traffic": 0.2,
        "negotiation": 0.25,
        "english": 0.1,
    },
    OfficerRole.AUXILIARY: {
        "armed": 0.0,
        "driver": 0.55,
        "first_aid": 0.3,
        "traffic": 0.35,
        "negotiation": 0.08,
        "english": 0.05,
    },
}
DAY_START = time(8, 0)
NIGHT_START = time(20, 0)


@dataclass(frozen=True)
class TeamRecord:
    index: int
    code: str
    name: str


@dataclass(frozen=True)
class OfficerRecord:
    index: int
    badge_number: str
    name: str
    role: OfficerRole
    skills: tuple[str, ...]
    team: int  # TeamRecord.index
    phone: str
    home_address: str


@dataclass(frozen=True)
class ShiftTypeRecord:
    code: str
    name: str
    start_minute: int
    duration_min: int
    is_night: bool
    colour: str


SHIFT_TYPES = (
    ShiftTypeRecord("day", "白班", 8 * 60, 12 * 60, False, "#F2B632"),
    ShiftTypeRecord("night", "夜班", 20 * 60, 12 * 60, True, "#3E5C9A"),
)


@dataclass(frozen=True)
class Shift:
    """One day or night shift: which team works it, from when to when (UTC)."""

    code: str  # "day" or "night"
    local_date: date  # the date the shift starts on
    team: int
    start: datetime
    end: datetime


def shift_at(moment: datetime, tz: ZoneInfo) -> Shift:
    """The shift working at ``moment``: day team = date ordinal mod 5, night team the
    one that had the day before (day, night, three days off)."""
    local = moment.astimezone(tz)
    if DAY_START <= local.time() < NIGHT_START:
        code, day, start_time = "day", local.date(), DAY_START
    elif local.time() >= NIGHT_START:
        code, day, start_time = "night", local.date(), NIGHT_START
    else:
        code, day, start_time = "night", local.date() - timedelta(days=1), NIGHT_START
    team = day.toordinal() % TEAM_COUNT if code == "day" else (day.toordinal() - 1) % TEAM_COUNT
    start = datetime.combine(day, start_time, tz)
    return Shift(
        code,
        day,
        team,
        start.astimezone(moment.tzinfo),
        (start + timedelta(hours=12)).astimezone(moment.tzinfo),
    )


def make_teams() -> list[TeamRecord]:
    return [TeamRecord(k, f"T{k + 1}", TEAM_NAMES[k]) for k in range(TEAM_COUNT)]


def make_officers(rng: random.Random, home_streets: list[str]) -> list[OfficerRecord]:
    """About 120 people in five teams; each team has 9–11 officers and 13–15 auxiliaries."""
    people: list[tuple[int, OfficerRole, bool]] = []
    for team in range(TEAM_COUNT):
        police = rng.randint(9, 11)
        auxiliaries = rng.randint(13, 15)
        for role, count, male_share in (
            (OfficerRole.POLICE, police, 0.82),
            (OfficerRole.AUXILIARY, auxiliaries, 0.75),
        ):
            people.extend((team, role, rng.random() < male_share) for _ in range(count))

    names: set[str] = set()
    badges: set[str] = set()
    officers = []
    for index, (team, role, male) in enumerate(people):
        name = person_name(rng, male=male)
        while name in names:  # two 王伟 on one roster cause wrong dispatches
            name = person_name(rng, male=male)
        names.add(name)
        badge = _badge(rng, role)
        while badge in badges:
            badge = _badge(rng, role)
        badges.add(badge)
        shares = _SKILL_SHARE[role]
        skills = tuple(s for s in SKILLS if rng.random() < shares[s])
        street = rng.choice(home_streets) if home_streets else "幸福路"
        home = (
            f"{street}{rng.randint(1, 300)}号{rng.randint(1, 12)}栋"
            f"{rng.randint(1, 4)}单元{rng.randint(1, 18)}0{rng.randint(1, 4)}室"
        )
        officers.append(
            OfficerRecord(index, badge, name, role, skills, team, mobile_number(rng), home)
        )
    return officers


def _badge(rng: random.Random, role: OfficerRole) -> str:
    if role is OfficerRole.POLICE:
        return f"{rng.randrange(10_000, 100_000):06d}"  # 警号: six digits
    return f"F{rng.randrange(100_000):05d}"  # 辅警编号
