"""The board's duty strip (当班) and roster crews, and the handover prompt and menu item,
in the main window with real Qt events, on both backends."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from console.domain.clock import FixedClock
from console.services.duty import DutySource
from console.services.station import open_station
from console.store.change_feed import append_changes, lock_feed
from console.store.engine import make_engine, normalise_url, session_factory, writer
from console.store.models import RosterEntry
from tests.support.duty_station import add_roster, add_shift_types_and_user

from .conftest import open_window

NANJING = ZoneInfo("Asia/Shanghai")


def crew_cell(window, call_sign):
    model = window.units.model
    for row in range(model.rowCount()):
        if model.index(row, 0).data() == call_sign:
            return model.index(row, model.column_index("crew")).data()
    raise AssertionError(call_sign)


@pytest.fixture
def rostered(arranged):
    """The arranged station with day/night shift types and today's approved roster; the
    clock stands at 19:50 local today, ten minutes before the night shift."""
    today = datetime.now(NANJING).date()
    duty = add_shift_types_and_user(arranged.url)
    add_roster(
        arranged.url,
        duty,
        [
            ("王建国", today, "day", "street", "巡01"),
            ("陈静", today, "day", "street", "巡01"),
            ("张伟", today, "day", "commander", None),
            ("李明", today, "day", "desk", None),
            ("孙涛", today, "night", "street", "巡02"),
            ("赵磊", today, "night", "commander", None),
        ],
        start=today - timedelta(days=1),
        end=today + timedelta(days=1),
    )
    clock = FixedClock(datetime(today.year, today.month, today.day, 19, 50, tzinfo=NANJING))
    ctx = open_station(arranged.url, clock=clock)
    yield duty, ctx, clock, today
    ctx.close()


def test_without_shift_types_or_roster_the_strip_says_so_and_crews_stay(window, arranged):
    strip = window.units.duty_strip
    assert strip.duty is not None and strip.duty.source is DutySource.UNIT_CREW
    assert "⚠" in strip.source_label.text() and strip.source_label.isVisible()
    # 9 units are not off duty: 9 leaders (民警) and the rest of their crews (辅警)
    assert (strip.duty.police_count, strip.duty.auxiliary_count) == (9, 9)
    assert f"<b>{strip.duty.police_count}</b>" in strip.counts_label.text()
    assert strip.change_label.text() == ""  # no shift types: no shift change to count to
    assert crew_cell(window, "巡01") == "王建国、李明"  # the unit's own crew
    assert not window.handover.prompt.isVisible()


def test_the_strip_shows_the_roster_and_follows_the_feed_and_the_clock(
    qtbot, console_app, ui_settings, rostered
):
    duty, ctx, clock, today = rostered
    window = open_window(qtbot, ctx, ui_settings)
    try:
        strip = window.units.duty_strip
        assert strip.duty.source is DutySource.ROSTER
        assert "白班" in strip.shift_label.text() and "08:00–20:00" in strip.shift_label.text()
        assert "张伟" in strip.commander_label.text()
        assert (strip.duty.police_count, strip.duty.auxiliary_count) == (3, 1)
        assert "<b>10:00</b>" in strip.change_label.text()  # ten minutes to 20:00
        assert "夜班" in strip.change_label.text()
        assert crew_cell(window, "巡01") == "王建国、陈静"  # from the roster, not unit_crew
        assert crew_cell(window, "巡02") == "—"  # nobody rostered on it by day

        # Another workstation adds someone to the day shift: the feed brings it.
        engine = make_engine(normalise_url(ctx.engine.url.render_as_string(hide_password=False)))
        try:
            with session_factory(writer(engine)).begin() as s:
                entry = RosterEntry(
                    roster_id=1,
                    officer_id=duty.officer_ids["刘洋"],
                    day=today,
                    shift_type_id=duty.day_shift_id,
                    post="street",
                    unit_id=duty.unit_ids["巡02"],
                )
                s.add(entry)
                s.flush()
                lock_feed(s)
                append_changes(
                    s, [("roster_entry", str(entry.id), "insert")], at=clock.now(), origin="other"
                )
        finally:
            engine.dispose()
        qtbot.waitUntil(lambda: crew_cell(window, "巡02") == "刘洋", timeout=5000)
        assert strip.duty.auxiliary_count == 2

        # The clock passes 20:00: the night team is on, with no table polled.
        clock.advance(timedelta(minutes=10))
        qtbot.waitUntil(lambda: strip.duty.shift.code == "night", timeout=5000)
        assert "赵磊" in strip.commander_label.text()
        assert crew_cell(window, "巡02") == "孙涛" and crew_cell(window, "巡01") == "—"
        assert "08:00" in strip.change_label.text()
    finally:
        window.close()


def test_the_handover_prompt_and_menu_item(qtbot, console_app, ui_settings, rostered):
    _, ctx, clock, _ = rostered
    window = open_window(qtbot, ctx, ui_settings)
    try:
        prompt = window.handover.prompt
        qtbot.waitUntil(prompt.isVisible, timeout=5000)
        assert "20:00" in prompt.text() and "10" in prompt.text()
        assert window.act_handover.shortcut().toString() == "Ctrl+H"
        assert window.act_handover in window.menuBar().actions()[0].menu().actions()
        window.act_handover.trigger()
        dialog = window.handover.dialog
        assert dialog.isVisible() and dialog.view.shift_start.astimezone(NANJING).hour == 20
        dialog.close()
        clock.advance(timedelta(minutes=5))  # 19:55: still due
        assert prompt.isVisible()
        clock.advance(timedelta(minutes=20))  # 20:15: passed without a confirmed handover
        qtbot.waitUntil(lambda: prompt.due is not None and not prompt.due.upcoming)
        assert prompt.isVisible() and "20:00" in prompt.text()
    finally:
        window.close()


def test_a_new_draft_roster_leaves_the_live_shift_alone(qtbot, console_app, ui_settings, rostered):
    """Issue 14, item 2: a 五班三运转 draft (its own 8-hour day, evening and 00:00 night
    shift types) made in the roster dock, covering today, changes neither the duty strip
    nor the handover prompt; it is still there after a restart."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from console.ui.roster.new_dialog import NewRosterDialog

    _, ctx, _, today = rostered
    window = open_window(qtbot, ctx, ui_settings)

    def live() -> tuple:
        strip, prompt = window.units.duty_strip, window.handover.prompt
        return (
            strip.shift_label.text(),
            strip.change_label.text(),
            strip.commander_label.text(),
            strip.counts_label.text(),
            prompt.isVisible(),
            prompt.text(),
        )

    try:
        qtbot.waitUntil(window.handover.prompt.isVisible, timeout=5000)
        before = live()
        assert "白班" in before[0] and "08:00–20:00" in before[0]
        assert "20:00" in before[5] and "夜班" in before[5]

        pane = window.roster_dock.pane
        window.act_focus_roster.trigger()  # Alt+4: the roster dock, then its New… (Ctrl+Shift+N)

        def fill_in() -> None:
            dialog = QApplication.activeModalWidget()
            assert isinstance(dialog, NewRosterDialog)
            dialog.preset.setCurrentText("五班三运转")
            dialog.start.setDate(today - timedelta(days=1))  # covering now
            dialog.days.setValue(14)
            dialog.accept()

        QTimer.singleShot(200, fill_in)
        with qtbot.waitSignal(window.units.sig_duty, timeout=10_000):  # the feed names it
            pane.act_new.trigger()
        qtbot.waitUntil(lambda: pane.view is not None and not pane.view.header.approved)
        assert pane.view.header.name.startswith("五班三运转")
        window.handover.check()
        assert live() == before
    finally:
        window.close()

    again = open_window(qtbot, ctx, ui_settings)  # a restart reads the same store
    try:
        qtbot.waitUntil(again.handover.prompt.isVisible, timeout=5000)
        strip = again.units.duty_strip
        assert (strip.shift_label.text(), strip.change_label.text()) == before[:2]
        assert again.handover.prompt.text() == before[5]
    finally:
        again.close()
