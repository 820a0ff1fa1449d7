"""Who is on duty now, on both backends: the approved roster at shift boundaries and
across midnight, and the units' crews when no approved roster covers the instant."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from console.domain.clock import FixedClock
from console.domain.people import RosterStatus
from console.domain.units import UnitStatus
from console.services.duty import DutySource, who_is_on_duty
from console.services.station import open_station
from console.services.unit_status import set_unit_status
from tests.support.duty_station import TODAY, add_roster, add_shift_types_and_user
from tests.support.station_factory import NOW, build_small_station

NANJING = ZoneInfo("Asia/Shanghai")
TOMORROW = TODAY + timedelta(days=1)


def local(day, hour, minute=0, second=0):
    return datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=NANJING)


# The small station's people: 王建国 (民警), 李明 (辅警), 张伟 (民警), 刘洋 (辅警).
ROSTER = [
    ("王建国", TODAY, "day", "street", "巡01"),
    ("李明", TODAY, "day", "street", "巡01"),
    ("张伟", TODAY, "day", "commander", None),
    ("刘洋", TODAY, "night", "street", "步03"),
    ("张伟", TODAY, "night", "指挥长", None),  # the roster problem's own post name
    ("王建国", TOMORROW, "day", "desk", None),
]


@pytest.fixture
def station(store_url):
    small = build_small_station(store_url)
    duty = add_shift_types_and_user(store_url)
    ctx = open_station(store_url, clock=FixedClock(NOW))
    yield small, duty, ctx
    ctx.close()


def names(now):
    return [o.name for o in now.officers]


def test_without_a_roster_the_units_crews_are_on_duty_and_it_says_so(station):
    small, _, ctx = station
    now = who_is_on_duty(ctx)
    assert now.source is DutySource.UNIT_CREW
    assert now.roster_name is None
    assert sorted(names(now)) == ["刘洋", "张伟", "李明", "王建国"]
    assert (now.police_count, now.auxiliary_count) == (2, 2)
    assert now.commander is None
    assert now.crews()[small.unit_ids[0]] == ("王建国", "李明")  # leader first
    # the shift types still tell the current shift and the next change
    assert (now.shift.code, now.shift.day) == ("day", TODAY)
    assert now.next_change.start == local(TODAY, 20)
    # an off-duty unit's crew is not on duty
    set_unit_status(ctx, small.unit_ids[2], UnitStatus.OFF_DUTY, expected_version=1)
    assert "刘洋" not in names(who_is_on_duty(ctx))


def test_the_approved_roster_says_who_is_on_in_the_day(station):
    small, duty, ctx = station
    add_roster(ctx.engine.url.render_as_string(hide_password=False), duty, ROSTER)
    now = who_is_on_duty(ctx)  # 14:30
    assert now.source is DutySource.ROSTER
    assert now.roster_name == "测试排班"
    assert names(now) == ["张伟", "王建国", "李明"]  # commander first, then by unit
    assert now.commander.name == "张伟" and now.commander.post == "commander"
    assert (now.police_count, now.auxiliary_count) == (2, 1)
    crew = next(o for o in now.officers if o.name == "王建国")
    assert (crew.unit_call_sign, crew.post, crew.is_leader, crew.team) == (
        "巡01",
        "street",
        True,
        "一队",
    )
    assert now.crews() == {duty.unit_ids["巡01"]: ("王建国", "李明")}
    assert (now.shift.code, now.next_change.code, now.next_change.start) == (
        "day",
        "night",
        local(TODAY, 20),
    )


@pytest.mark.parametrize(
    ("at", "expected", "shift"),
    [
        (local(TODAY, 19, 59, 59), ["张伟", "王建国", "李明"], ("day", TODAY)),
        (local(TODAY, 20), ["张伟", "刘洋"], ("night", TODAY)),  # [start, end)
        (local(TOMORROW, 2), ["张伟", "刘洋"], ("night", TODAY)),  # across midnight
        (local(TOMORROW, 7, 59, 59), ["张伟", "刘洋"], ("night", TODAY)),
        (local(TOMORROW, 8), ["王建国"], ("day", TOMORROW)),
    ],
)
def test_shift_boundaries_and_the_night_across_midnight(station, at, expected, shift):
    _, duty, ctx = station
    add_roster(ctx.engine.url.render_as_string(hide_password=False), duty, ROSTER)
    now = who_is_on_duty(ctx, at)
    assert now.source is DutySource.ROSTER
    assert names(now) == expected
    assert (now.shift.code, now.shift.day) == shift
    if shift[0] == "night":
        assert now.commander.name == "张伟" and now.commander.post == "指挥长"
        assert now.next_change.start == local(TOMORROW, 8)


def test_a_draft_roster_or_one_for_other_days_is_not_used(station):
    _, duty, ctx = station
    url = ctx.engine.url.render_as_string(hide_password=False)
    add_roster(url, duty, ROSTER, status=RosterStatus.DRAFT)
    assert who_is_on_duty(ctx).source is DutySource.UNIT_CREW
    add_roster(
        url,
        duty,
        [("张伟", TOMORROW, "day", "commander", None)],
        start=TOMORROW,
        end=TOMORROW + timedelta(days=6),
    )
    assert who_is_on_duty(ctx).source is DutySource.UNIT_CREW  # today is not covered
    tomorrow = who_is_on_duty(ctx, local(TOMORROW, 9))
    assert tomorrow.source is DutySource.ROSTER and names(tomorrow) == ["张伟"]


def test_an_approved_roster_covering_the_day_without_me_shows_nobody_rather_than_crews(
    station,
):
    _, duty, ctx = station
    add_roster(ctx.engine.url.render_as_string(hide_password=False), duty, [])
    now = who_is_on_duty(ctx)
    assert now.source is DutySource.ROSTER and now.officers == () and now.commander is None


def test_the_latest_approved_roster_wins_where_two_overlap(station):
    _, duty, ctx = station
    url = ctx.engine.url.render_as_string(hide_password=False)
    add_roster(url, duty, ROSTER, approved_at=datetime(2026, 11, 1, tzinfo=UTC))
    add_roster(
        url,
        duty,
        [("刘洋", TODAY, "day", "desk", None)],
        approved_at=datetime(2026, 11, 10, tzinfo=UTC),
        name="调整后",
    )
    now = who_is_on_duty(ctx)
    assert (now.roster_name, names(now)) == ("调整后", ["刘洋"])
