"""The live shift (duty strip, handover, status bar prompt) on both backends: only an
approved roster covering the hour says which shift is on and when it changes; a draft —
五班三运转 for the same days, with its own 8-hour shift types — changes nothing
(issue 14, item 2)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from console.domain.clock import FixedClock
from console.services import rosters
from console.services.duty import DutySource, who_is_on_duty
from console.services.handover import build_report, handover_due, shift_change_at
from console.services.station import open_station
from tests.roster.station import START, acting, build_roster_station

NANJING = ZoneInfo("Asia/Shanghai")
NIGHT = START + timedelta(days=2)  # 02:00 on this day: the night shift of the day before


def local(day, hour, minute=0):
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=NANJING)


@pytest.fixture
def station(store_url):
    station = build_roster_station(store_url)
    clock = FixedClock(local(NIGHT, 2))
    ctx = open_station(store_url, clock=clock)
    chief = acting(ctx, station.chief)
    approved = rosters.new_draft_from_preset(chief, "三班两运转", START, 14)
    rosters.approve_roster(chief, approved, expected_version=1)
    yield station, ctx, chief, clock
    ctx.close()


def live_view(ctx, at):
    """Everything the live console shows of the shift at ``at``."""
    now = who_is_on_duty(ctx, at)
    change, upcoming = shift_change_at(ctx, at)
    due = handover_due(ctx, at)
    report = build_report(ctx, change.start)
    return {
        "source": now.source,
        "roster": now.roster_name,
        "shift": (now.shift.name, now.shift.start, now.shift.end),
        "next": (now.next_change.name, now.next_change.start),
        "officers": [o.name for o in now.officers],
        "handover": (change.name, change.start, upcoming),
        "prompt": (due.incoming_shift.name, due.shift_start, due.recheck_at),
        "report": (report["outgoing_shift"], report["incoming_shift"]),
    }


def test_the_approved_roster_says_which_shift_is_on(station):
    _, ctx, _, _ = station
    view = live_view(ctx, local(NIGHT, 2))
    assert view["source"] is DutySource.ROSTER
    name, start, end = view["shift"]
    assert name == "夜班"
    assert (start, end) == (local(NIGHT - timedelta(days=1), 20), local(NIGHT, 8))
    assert view["next"] == ("白班", local(NIGHT, 8))
    assert view["handover"] == ("夜班", local(NIGHT - timedelta(days=1), 20), False)
    assert view["officers"]


def test_a_draft_covering_now_changes_nothing_live(station):
    _, ctx, _, _ = station
    at = local(NIGHT, 2)
    before = live_view(ctx, at)
    # 五班三运转 for the same fortnight: its 00:00-08:00 night and 16:00-24:00 evening
    # shifts are added to the station's shift types as the draft is saved.
    draft = rosters.new_draft_from_preset(ctx, "五班三运转", START, 14)
    assert rosters.load_roster(ctx, draft).header.status == "draft"
    assert live_view(ctx, at) == before
    for hour in (0, 7, 8, 15, 16, 19, 20, 23):  # every boundary of either rotation
        moment = local(NIGHT, hour, 30)
        assert who_is_on_duty(ctx, moment).shift.name in ("白班", "夜班")
        assert shift_change_at(ctx, moment)[0].start.astimezone(NANJING).hour in (8, 20)


def test_a_draft_for_days_no_approved_roster_covers_changes_nothing_either(station):
    _, ctx, _, _ = station
    later = START + timedelta(days=30)  # past the approved fortnight: no roster covers it
    at = local(later, 2)
    before = live_view(ctx, at)
    assert before["source"] is DutySource.UNIT_CREW
    assert before["shift"][0] == "夜班"  # the shift types approved rosters worked
    rosters.new_draft_from_preset(ctx, "五班三运转", later - timedelta(days=3), 14)
    assert live_view(ctx, at) == before


def test_once_approved_the_new_rotation_is_the_live_shift(store_url):
    station = build_roster_station(store_url, teams=("一班", "二班", "三班", "四班", "五班"))
    ctx = open_station(store_url, clock=FixedClock(local(NIGHT, 2)))
    try:
        draft = rosters.new_draft_from_preset(ctx, "五班三运转", START, 14)
        at = local(NIGHT, 2)
        assert who_is_on_duty(ctx, at).shift is None  # only a draft: no shift defined
        rosters.approve_roster(acting(ctx, station.chief), draft, expected_version=1)
        view = live_view(ctx, at)
        assert view["source"] is DutySource.ROSTER and view["roster"].startswith("五班三运转")
        name, start, end = view["shift"]
        assert name == "夜班" and (start, end) == (local(NIGHT, 0), local(NIGHT, 8))
        assert view["next"] == ("白班", local(NIGHT, 8))
        assert view["handover"] == ("夜班", local(NIGHT, 0), False)
        assert view["officers"]
        assert who_is_on_duty(ctx, local(NIGHT, 17)).shift.name == "中班"
    finally:
        ctx.close()
