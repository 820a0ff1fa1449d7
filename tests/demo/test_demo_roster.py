"""The demo station's approved roster: the rotation the demo plays, the units' crews on the
current shift, a duty commander on every shift, and who is on duty read from it."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from console.demo.calls import HISTORY_DAYS
from console.demo.people import shift_at
from console.demo.roster_history import FUTURE_DAYS
from console.domain.clock import FixedClock
from console.domain.people import OfficerRole, RosterStatus
from console.services.duty import DutySource, who_is_on_duty
from console.services.station import open_station
from console.store.models import (
    AppUser,
    Officer,
    Roster,
    RosterEntry,
    ShiftType,
    Unit,
    UnitCrew,
)

NANJING = ZoneInfo("Asia/Shanghai")


@pytest.fixture(scope="module")
def demo_ctx(demo_store, demo_now):
    ctx = open_station(demo_store[0], clock=FixedClock(demo_now))
    yield ctx
    ctx.close()


def test_one_approved_roster_covers_the_history_and_the_next_30_days(demo_engine, demo_now):
    with demo_engine.connect() as conn:
        rosters = conn.execute(select(Roster)).all()
        approver = conn.scalar(
            select(AppUser.role).where(AppUser.id == rosters[0].approved_by_user_id)
        )
    assert len(rosters) == 1
    roster = rosters[0]
    today = demo_now.astimezone(NANJING).date()
    assert roster.status == RosterStatus.APPROVED.value and approver == "chief"
    assert roster.start_date <= (demo_now - timedelta(days=HISTORY_DAYS)).astimezone(NANJING).date()
    assert roster.end_date == today + timedelta(days=FUTURE_DAYS)


def test_every_shift_is_worked_by_the_team_the_demo_rotates_in(demo_engine):
    with demo_engine.connect() as conn:
        shift_codes = {k: v for k, v in conn.execute(select(ShiftType.id, ShiftType.code))}
        starts = {k: v for k, v in conn.execute(select(ShiftType.id, ShiftType.start_minute))}
        teams = {k: v for k, v in conn.execute(select(Officer.id, Officer.team_id))}
        roles = {k: v for k, v in conn.execute(select(Officer.id, Officer.role))}
        entries = conn.execute(
            select(
                RosterEntry.officer_id,
                RosterEntry.day,
                RosterEntry.shift_type_id,
                RosterEntry.post,
                RosterEntry.unit_id,
            )
        ).all()
    by_shift: dict[tuple, list] = defaultdict(list)
    for e in entries:
        by_shift[(e.day, e.shift_type_id)].append(e)
    for (day, shift_id), rows in by_shift.items():
        # the team working it is the one shift_at names for a moment inside that shift
        minute = starts[shift_id] + 60
        moment = datetime.combine(day, time(), NANJING) + timedelta(minutes=minute)
        expected = shift_at(moment, NANJING)
        assert expected.code == shift_codes[shift_id]
        assert {teams[e.officer_id] for e in rows} == {expected.team + 1}
        posts = Counter(e.post for e in rows)
        assert posts["commander"] == 1, (day, shift_id)  # one duty commander each shift
        commander = next(e for e in rows if e.post == "commander")
        assert roles[commander.officer_id] == OfficerRole.POLICE.value
        assert all(e.unit_id is not None for e in rows if e.post == "street")
        assert all(e.unit_id is None for e in rows if e.post == "desk")
    # each officer works at most one shift a day
    per_day = Counter((e.officer_id, e.day) for e in entries)
    assert max(per_day.values()) == 1


def test_the_roster_of_the_current_shift_is_the_units_crews(demo_ctx, demo_engine, demo_now):
    duty = who_is_on_duty(demo_ctx, demo_now)
    assert duty.source is DutySource.ROSTER
    assert duty.shift.code == shift_at(demo_now, NANJING).code
    with demo_engine.connect() as conn:
        crews: dict[int, set[str]] = defaultdict(set)
        for unit_id, name in conn.execute(
            select(UnitCrew.unit_id, Officer.name).join(Officer, Officer.id == UnitCrew.officer_id)
        ):
            crews[unit_id].add(name)
        units = conn.scalar(select(func.count()).select_from(Unit))
    rostered = {unit: set(names) for unit, names in duty.crews().items()}
    assert rostered == dict(crews)
    assert len(rostered) < units  # more vehicles than crews, as the demo says
    assert duty.commander is not None and duty.commander.role == OfficerRole.POLICE.value
    assert duty.police_count > 0 and duty.auxiliary_count > 0


@pytest.mark.parametrize("hours", [-24 * 60, -13, 5, 24 * 20])
def test_who_is_on_duty_anywhere_in_the_roster_follows_the_rotation(demo_ctx, demo_now, hours):
    at = demo_now + timedelta(hours=hours)
    duty = who_is_on_duty(demo_ctx, at)
    expected = shift_at(at, NANJING)
    assert duty.source is DutySource.ROSTER
    assert (duty.shift.code, duty.shift.day) == (expected.code, expected.local_date)
    assert {o.team for o in duty.officers} == {f"{'一二三四五'[expected.team]}班"}
    assert duty.commander is not None
    assert duty.next_change.start == expected.end


def test_past_the_roster_the_board_falls_back_to_the_units_crews(demo_ctx, demo_now):
    duty = who_is_on_duty(demo_ctx, demo_now + timedelta(days=FUTURE_DAYS + 2))
    assert duty.source is DutySource.UNIT_CREW
