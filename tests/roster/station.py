"""A station with teams of officers (by default three teams of six: two 民警 each, one of
them a qualified duty commander), a chief and a duty officer, arranged straight through the store models for the roster
service and pane tests."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from console.domain.people import OfficerRole, UserRole
from console.services.context import Actor, StationContext
from console.store.engine import make_engine, normalise_url, session_factory
from console.store.models import AppUser, Officer, Station, Team

START = date(2026, 12, 7)  # a Monday
TEAMS = ("一班", "二班", "三班")
PRESET = "三班两运转"


@dataclass(frozen=True)
class RosterStation:
    url: str
    station_id: int
    chief: Actor
    duty: Actor


def build_roster_station(url: str, teams: tuple[str, ...] = TEAMS, size: int = 6) -> RosterStation:
    """``teams`` of ``size`` people: a third of them 民警 (at least two), the first a
    qualified duty commander."""
    engine = make_engine(normalise_url(url))
    try:
        with session_factory(engine).begin() as s:
            station = Station(code="R01", name="排班派出所", timezone="Asia/Shanghai")
            s.add(station)
            s.flush()
            n = 0
            police_count = max(2, size // 3)
            for k, team_name in enumerate(teams):
                team = Team(station_id=station.id, code=f"T{k + 1}", name=team_name)
                s.add(team)
                s.flush()
                for j in range(size):
                    n += 1
                    police = j < police_count
                    skills = ["commander", "armed"] if j == 0 else (["armed"] if police else [])
                    s.add(
                        Officer(
                            station_id=station.id,
                            badge_number=f"R{n:04d}",
                            name=f"{team_name}{'民警' if police else '辅警'}{j + 1}",
                            role=(OfficerRole.POLICE if police else OfficerRole.AUXILIARY).value,
                            skills=skills,
                            team_id=team.id,
                        )
                    )
            chief = AppUser(username="chief", display_name="李所长", role=UserRole.CHIEF.value)
            duty = AppUser(
                username="desk", display_name="值班员小王", role=UserRole.DUTY_OFFICER.value
            )
            s.add_all([chief, duty])
            s.flush()
            return RosterStation(
                url,
                station.id,
                Actor(chief.id, chief.username, chief.display_name, UserRole.CHIEF),
                Actor(duty.id, duty.username, duty.display_name, UserRole.DUTY_OFFICER),
            )
    finally:
        engine.dispose()


def acting(ctx: StationContext, actor: Actor) -> StationContext:
    """The same store and station, with another user signed in."""
    return replace(ctx, actor=actor, _read=None, _write=None)
