"""Shift types, a roster and a second duty officer for the small station of
``station_factory`` (arranged straight through the store models, as tests do)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from console.domain.people import RosterStatus, UserRole
from console.store.engine import make_engine, normalise_url, session_factory
from console.store.models import AppUser, Officer, Roster, RosterEntry, ShiftType, Unit

# station_factory.NOW is 14:30 on 22 November in Nanjing: the day shift of that date.
TODAY = date(2026, 11, 22)


@dataclass(frozen=True)
class DutyStation:
    day_shift_id: int
    night_shift_id: int
    officer_ids: dict[str, int]  # by name
    unit_ids: dict[str, int]  # by call sign
    second_user_id: int


def add_shift_types_and_user(url: str) -> DutyStation:
    engine = make_engine(normalise_url(url))
    try:
        with session_factory(engine).begin() as s:
            station_id = s.scalar(select(Officer.station_id).limit(1))
            day = ShiftType(
                station_id=station_id, code="day", name="白班", start_minute=480, duration_min=720
            )
            night = ShiftType(
                station_id=station_id,
                code="night",
                name="夜班",
                start_minute=1200,
                duration_min=720,
                is_night=True,
            )
            user = AppUser(
                username="duty2", display_name="接班员", role=UserRole.DUTY_OFFICER.value
            )
            s.add_all([day, night, user])
            s.flush()
            return DutyStation(
                day.id,
                night.id,
                {o.name: o.id for o in s.scalars(select(Officer))},
                {u.call_sign: u.id for u in s.scalars(select(Unit))},
                user.id,
            )
    finally:
        engine.dispose()


def add_roster(
    url: str,
    station: DutyStation,
    entries: list[tuple[str, date, str, str | None, str | None]],
    *,
    start: date = TODAY - timedelta(days=3),
    end: date = TODAY + timedelta(days=3),
    status: RosterStatus = RosterStatus.APPROVED,
    approved_at: datetime | None = None,
    name: str = "测试排班",
) -> int:
    """A roster of (officer name, day, shift code, post, unit call sign) entries."""
    engine = make_engine(normalise_url(url))
    try:
        with session_factory(engine).begin() as s:
            station_id = s.scalar(select(Officer.station_id).limit(1))
            roster = Roster(
                station_id=station_id,
                name=name,
                start_date=start,
                end_date=end,
                status=status.value,
                approved_at=approved_at
                or (datetime(2026, 11, 1, tzinfo=UTC) if status is RosterStatus.APPROVED else None),
            )
            s.add(roster)
            s.flush()
            shift_ids = {"day": station.day_shift_id, "night": station.night_shift_id}
            s.add_all(
                RosterEntry(
                    roster_id=roster.id,
                    officer_id=station.officer_ids[officer],
                    day=day,
                    shift_type_id=shift_ids[shift],
                    post=post,
                    unit_id=station.unit_ids[unit] if unit else None,
                )
                for officer, day, shift, post, unit in entries
            )
            return roster.id
    finally:
        engine.dispose()
