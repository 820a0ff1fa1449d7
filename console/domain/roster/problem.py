"""The roster problem (排班问题): who may work which shift, what cover the station needs,
and the police rules on top. Plain frozen data read from and written to JSON
(resources/roster/roster-problem.schema.json documents the format).

Hard rules are the staff limits, leave and the police rules; everything that carries a
weight (cover, requests, fairness) is soft and priced in the objective.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from typing import Any

from console.domain.people import OfficerRole

from .fields import Fields, ProblemError, whole_number

FORMAT = "station-roster-problem"
VERSION = 1
MAX_DAYS = 366
MAX_WEIGHT = 1_000_000

# Chinese spellings a hand-written file may use for the two roles.
_ROLE_NAMES = {"police": "police", "民警": "police", "auxiliary": "auxiliary", "辅警": "auxiliary"}


@dataclass(frozen=True)
class ShiftType:
    """A kind of shift (白班, 夜班 …). It belongs to the day it starts on and may run past
    midnight. ``not_followed_by`` lists shift types that may not be worked the next day."""

    id: str
    name: str
    start: time
    minutes: int
    street: bool = True  # officers go out on the street (the 民警-per-team rule applies)
    night: bool = False  # counts toward the fairness of nights
    not_followed_by: tuple[str, ...] = ()

    @property
    def start_minute(self) -> int:
        return self.start.hour * 60 + self.start.minute

    @classmethod
    def from_json(cls, data: Any, path: str) -> ShiftType:
        f = Fields(
            data, path, {"id", "name", "start", "minutes", "street", "night", "not_followed_by"}
        )
        start = f.clock_time("start")
        minutes = f.integer("minutes", minimum=1)
        if minutes > 24 * 60:
            raise ProblemError(f"{f.at('minutes')}: a shift lasts at most 1440 minutes")
        ident = f.text("id")
        return cls(
            id=ident,
            name=f.text("name", ident),
            start=start,
            minutes=minutes,
            street=f.boolean("street", True),
            night=f.boolean("night", _on_duty_at_three(start, minutes)),
            not_followed_by=f.texts("not_followed_by"),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "start": self.start.strftime("%H:%M"),
            "minutes": self.minutes,
            "street": self.street,
            "night": self.night,
            "not_followed_by": list(self.not_followed_by),
        }


def _on_duty_at_three(start: time, minutes: int) -> bool:
    """Default night flag: the shift is on duty at 03:00 (of its first or second day)."""
    begin = start.hour * 60 + start.minute
    return any(begin <= three < begin + minutes for three in (180, 180 + 1440))


@dataclass(frozen=True)
class StaffMember:
    """One officer (民警) or auxiliary (辅警) and the hard limits of their contract.

    Runs of work or rest that touch the first or last day of the horizon are exempt from
    the minimum-length rules: what happened before and after is not in the problem."""

    id: str
    name: str
    role: OfficerRole
    team: str
    skills: tuple[str, ...] = ()
    max_shifts: dict[str, int] = field(default_factory=dict, hash=False)
    min_minutes: int = 0
    max_minutes: int | None = None
    min_consecutive_work: int = 1
    max_consecutive_work: int | None = None
    min_consecutive_off: int = 1
    max_weekends: int | None = None
    leave: tuple[date, ...] = ()

    @property
    def is_police(self) -> bool:
        return self.role == OfficerRole.POLICE

    @classmethod
    def from_json(cls, data: Any, path: str) -> StaffMember:
        f = Fields(
            data,
            path,
            {
                "id",
                "name",
                "role",
                "team",
                "skills",
                "max_shifts",
                "min_minutes",
                "max_minutes",
                "min_consecutive_work",
                "max_consecutive_work",
                "min_consecutive_off",
                "max_weekends",
                "leave",
            },
        )
        role = _ROLE_NAMES.get(f.text("role"))
        if role is None:
            raise ProblemError(f"{f.at('role')}: expected police (民警) or auxiliary (辅警)")
        limits = Fields(f.raw("max_shifts", {}), f.at("max_shifts"))
        max_shifts = {str(k): whole_number(v, limits.at(str(k))) for k, v in limits.data.items()}
        ident = f.text("id")
        member = cls(
            id=ident,
            name=f.text("name", ident),
            role=OfficerRole(role),
            team=f.text("team"),
            skills=f.texts("skills"),
            max_shifts=max_shifts,
            min_minutes=f.integer("min_minutes", 0),
            max_minutes=f.integer("max_minutes", None),
            min_consecutive_work=f.integer("min_consecutive_work", 1, minimum=1),
            max_consecutive_work=f.integer("max_consecutive_work", None, minimum=1),
            min_consecutive_off=f.integer("min_consecutive_off", 1, minimum=1),
            max_weekends=f.integer("max_weekends", None),
            leave=f.days("leave"),
        )
        if member.max_minutes is not None and member.min_minutes > member.max_minutes:
            raise ProblemError(f"{f.at('min_minutes')}: more than max_minutes")
        most = member.max_consecutive_work
        if most is not None and member.min_consecutive_work > most:
            raise ProblemError(f"{f.at('min_consecutive_work')}: more than max_consecutive_work")
        return member

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "name": self.name,
            "role": self.role.value,
            "team": self.team,
            "skills": list(self.skills),
            "max_shifts": dict(self.max_shifts),
            "min_minutes": self.min_minutes,
            "min_consecutive_work": self.min_consecutive_work,
            "min_consecutive_off": self.min_consecutive_off,
            "leave": [d.isoformat() for d in self.leave],
        }
        for key in ("max_minutes", "max_consecutive_work", "max_weekends"):
            if getattr(self, key) is not None:
                out[key] = getattr(self, key)
        return out


@dataclass(frozen=True)
class Request:
    """A wish to work (``work`` true) or not to work a day, or one shift type of it."""

    staff: str
    day: date
    work: bool
    weight: int
    shift: str | None = None  # None: any shift that day

    @classmethod
    def from_json(cls, data: Any, path: str) -> Request:
        f = Fields(data, path, {"staff", "date", "shift", "work", "weight"})
        return cls(
            staff=f.text("staff"),
            day=f.day("date"),
            work=f.boolean("work"),
            weight=_weight(f, "weight"),
            shift=f.text("shift", None),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "staff": self.staff,
            "date": self.day.isoformat(),
            "shift": self.shift,
            "work": self.work,
            "weight": self.weight,
        }


@dataclass(frozen=True)
class CoverRequirement:
    """How many people a shift needs on a day (every day when ``day`` is None), optionally
    only counting those with a skill, or those placed at a post (岗位/网格). A row with a
    date overrides the every-day row of the same shift, post and skill on that date."""

    shift: str
    target: int
    under_weight: int  # per missing person
    over_weight: int  # per extra person
    day: date | None = None
    post: str | None = None
    skill: str | None = None

    @classmethod
    def from_json(cls, data: Any, path: str) -> CoverRequirement:
        f = Fields(
            data, path, {"date", "shift", "post", "skill", "target", "under_weight", "over_weight"}
        )
        return cls(
            shift=f.text("shift"),
            target=f.integer("target"),
            under_weight=_weight(f, "under_weight"),
            over_weight=_weight(f, "over_weight", 0),
            day=f.day("date", None),
            post=f.text("post", None),
            skill=f.text("skill", None),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "date": self.day.isoformat() if self.day else None,
            "shift": self.shift,
            "post": self.post,
            "skill": self.skill,
            "target": self.target,
            "under_weight": self.under_weight,
            "over_weight": self.over_weight,
        }


@dataclass(frozen=True)
class CommanderRule:
    """专职指挥长: on each listed shift of every day exactly one qualified 民警 (role police
    and the skill) holds the commander post. The post rotates among them; nobody holds it
    more than ``max_consecutive_days`` days in a row (None: no limit)."""

    shifts: tuple[str, ...]
    skill: str = "commander"
    post: str = "指挥长"
    max_consecutive_days: int | None = None

    @classmethod
    def from_json(cls, data: Any, path: str) -> CommanderRule:
        f = Fields(data, path, {"shifts", "skill", "post", "max_consecutive_days"})
        shifts = f.texts("shifts")
        if not shifts:
            raise ProblemError(f"{f.at('shifts')}: name at least one shift type")
        return cls(
            shifts=shifts,
            skill=f.text("skill", "commander"),
            post=f.text("post", "指挥长"),
            max_consecutive_days=f.integer("max_consecutive_days", None, minimum=1),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "shifts": list(self.shifts),
            "skill": self.skill,
            "post": self.post,
            "max_consecutive_days": self.max_consecutive_days,
        }


@dataclass(frozen=True)
class PoliceRules:
    """Rules every police roster follows on top of the staff contracts.

    Fairness: nobody should work more than their fair share of the night shifts, of the
    weekend days or of the public-holiday days. The demand of each (the people the cover
    asks for: per day and shift the largest skill-free target, or the sum of its post
    targets when larger) is shared among the staff who may work such shifts, in
    proportion to their days not on leave, and rounded up: a share of 5.6 nights allows
    6. Each night (day) above it costs ``fairness_weight``. Only going over is priced:
    when the cover cannot be met, working less than a share is the shortage, already
    priced by the cover, not an unfairness. Fixed shares, rather than the spread between
    the busiest and the least busy person, tell each person where they stand and keep the
    solver's bound useful.
    """

    max_shift_hours: float = 12.0
    min_rest_hours: float = 8.0
    police_per_team_on_street: bool = True
    commander: CommanderRule | None = None
    fairness_weight: int = 0
    public_holidays: tuple[date, ...] = ()

    @property
    def max_shift_minutes(self) -> int:
        return round(self.max_shift_hours * 60)

    @property
    def min_rest_minutes(self) -> int:
        return round(self.min_rest_hours * 60)

    @classmethod
    def from_json(cls, data: Any, path: str) -> PoliceRules:
        f = Fields(
            data,
            path,
            {
                "max_shift_hours",
                "min_rest_hours",
                "police_per_team_on_street",
                "commander",
                "fairness_weight",
                "public_holidays",
            },
        )
        commander = f.raw("commander", None)
        return cls(
            max_shift_hours=f.number("max_shift_hours", 12.0),
            min_rest_hours=f.number("min_rest_hours", 8.0),
            police_per_team_on_street=f.boolean("police_per_team_on_street", True),
            commander=CommanderRule.from_json(commander, f.at("commander")) if commander else None,
            fairness_weight=_weight(f, "fairness_weight", 0),
            public_holidays=f.days("public_holidays"),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "max_shift_hours": self.max_shift_hours,
            "min_rest_hours": self.min_rest_hours,
            "police_per_team_on_street": self.police_per_team_on_street,
            "commander": self.commander.to_json() if self.commander else None,
            "fairness_weight": self.fairness_weight,
            "public_holidays": [d.isoformat() for d in self.public_holidays],
        }


@dataclass(frozen=True)
class RosterProblem:
    """A whole roster problem over ``days`` days starting on ``start_date``."""

    name: str
    start_date: date
    days: int
    shift_types: tuple[ShiftType, ...]
    staff: tuple[StaffMember, ...]
    cover: tuple[CoverRequirement, ...] = ()
    requests: tuple[Request, ...] = ()
    rules: PoliceRules = PoliceRules()
    rotation: str | None = None  # a rotation preset the teams follow: the solver starts from it
    description: str = ""

    def __post_init__(self) -> None:
        _check_references(self)

    @property
    def dates(self) -> list[date]:
        return [self.start_date + timedelta(days=i) for i in range(self.days)]

    @property
    def end_date(self) -> date:
        return self.start_date + timedelta(days=self.days - 1)

    def day_index(self, day: date) -> int:
        return (day - self.start_date).days

    def in_horizon(self, day: date) -> bool:
        return 0 <= self.day_index(day) < self.days

    def shift(self, shift_id: str) -> ShiftType:
        return next(s for s in self.shift_types if s.id == shift_id)

    def member(self, staff_id: str) -> StaffMember:
        return next(s for s in self.staff if s.id == staff_id)

    def teams(self) -> Iterator[str]:
        return iter(dict.fromkeys(s.team for s in self.staff))

    @classmethod
    def from_json(cls, data: Any) -> RosterProblem:
        """Reads and validates a decoded problem file; raises ProblemError naming the field."""
        f = Fields(
            data,
            "",
            {
                "format",
                "version",
                "name",
                "start_date",
                "days",
                "shift_types",
                "staff",
                "cover",
                "requests",
                "rules",
                "rotation",
                "description",
            },
        )
        if f.raw("format", FORMAT) != FORMAT:
            raise ProblemError(f"format: expected {FORMAT!r}, got {f.raw('format')!r}")
        if f.raw("version", VERSION) != VERSION:
            raise ProblemError(f"version: this console reads version {VERSION} only")
        days = f.integer("days", minimum=1)
        if days > MAX_DAYS:
            raise ProblemError(f"days: at most {MAX_DAYS}, got {days}")
        return cls(
            name=f.text("name", "roster"),
            start_date=f.day("start_date"),
            days=days,
            shift_types=tuple(
                ShiftType.from_json(s, f"shift_types[{i}]")
                for i, s in enumerate(f.items("shift_types"))
            ),
            staff=tuple(
                StaffMember.from_json(s, f"staff[{i}]") for i, s in enumerate(f.items("staff"))
            ),
            cover=tuple(
                CoverRequirement.from_json(c, f"cover[{i}]")
                for i, c in enumerate(f.items("cover", []))
            ),
            requests=tuple(
                Request.from_json(r, f"requests[{i}]")
                for i, r in enumerate(f.items("requests", []))
            ),
            rules=PoliceRules.from_json(f.raw("rules", {}), "rules"),
            rotation=f.text("rotation", None),
            description=f.raw("description", ""),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "version": VERSION,
            "name": self.name,
            "start_date": self.start_date.isoformat(),
            "days": self.days,
            "shift_types": [s.to_json() for s in self.shift_types],
            "staff": [s.to_json() for s in self.staff],
            "cover": [c.to_json() for c in self.cover],
            "requests": [r.to_json() for r in self.requests],
            "rules": self.rules.to_json(),
            "rotation": self.rotation,
            "description": self.description,
        }


def _weight(f: Fields, key: str, default: Any = ...) -> int:
    value = f.integer(key) if default is ... else f.integer(key, default)
    if value > MAX_WEIGHT:
        raise ProblemError(f"{f.at(key)}: at most {MAX_WEIGHT}")
    return value


def _unique(ids: list[str], what: str) -> None:
    seen: set[str] = set()
    for i, ident in enumerate(ids):
        if ident in seen:
            raise ProblemError(f"{what}[{i}].id: {ident!r} is used twice")
        seen.add(ident)


def _check_references(p: RosterProblem) -> None:
    """Every id a part of the problem names exists, and dates fall in the horizon."""
    if not p.shift_types:
        raise ProblemError("shift_types: at least one shift type is needed")
    if not p.staff:
        raise ProblemError("staff: at least one staff member is needed")
    shift_ids = [s.id for s in p.shift_types]
    staff_ids = [s.id for s in p.staff]
    _unique(shift_ids, "shift_types")
    _unique(staff_ids, "staff")

    def known_shift(ident: str | None, where: str) -> None:
        if ident is not None and ident not in shift_ids:
            raise ProblemError(f"{where}: unknown shift type {ident!r}")

    def in_horizon(day: date | None, where: str) -> None:
        if day is not None and not p.in_horizon(day):
            raise ProblemError(f"{where}: {day} is outside {p.start_date}..{p.end_date}")

    for i, s in enumerate(p.shift_types):
        for j, other in enumerate(s.not_followed_by):
            known_shift(other, f"shift_types[{i}].not_followed_by[{j}]")
    for i, m in enumerate(p.staff):
        for shift_id in m.max_shifts:
            known_shift(shift_id, f"staff[{i}].max_shifts")
    for i, r in enumerate(p.requests):
        if r.staff not in staff_ids:
            raise ProblemError(f"requests[{i}].staff: unknown staff member {r.staff!r}")
        known_shift(r.shift, f"requests[{i}].shift")
        in_horizon(r.day, f"requests[{i}].date")
    commander = p.rules.commander
    for i, c in enumerate(p.cover):
        known_shift(c.shift, f"cover[{i}].shift")
        in_horizon(c.day, f"cover[{i}].date")
        if commander is not None and c.post == commander.post:
            raise ProblemError(
                f"cover[{i}].post: {c.post!r} is the commander post; the commander rule fills it"
            )
    if commander is not None:
        for j, shift_id in enumerate(commander.shifts):
            known_shift(shift_id, f"rules.commander.shifts[{j}]")
    if p.rotation is not None:
        from .presets import check_rotation  # presets build on this module

        check_rotation(p)
