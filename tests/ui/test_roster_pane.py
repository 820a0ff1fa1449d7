"""The roster pane with real Qt events on a real store: keyboard and drag edits, broken
rules shown at once and blocking approval, the chief's approval making the roster
read-only, a solve on its own thread that can be stopped, and XLSX/PDF export.

Every write goes through the operation runner (off the UI thread): the tests wait for the
pane to be idle (``pane.idle``) before reading what it shows."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from datetime import timedelta

import pytest
from PySide6.QtCore import QEvent, QPointF, Qt, QTimer
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from console.services import rosters
from console.services.station import open_station
from console.services.unit_of_work import ServiceError, StoreUnavailable
from console.ui import operations
from console.ui.operations import operation_hub
from console.ui.roster.calendar_model import FINDINGS_ROLE
from console.ui.roster.pane import RosterPane
from console.ui.service_message import service_message
from tests.roster.station import PRESET, START, acting, build_roster_station


@pytest.fixture
def station(store_url):
    return build_roster_station(store_url)


@pytest.fixture
def ctx(station):
    context = open_station(station.url)
    yield context
    context.close()


@pytest.fixture
def pane(qtbot, console_app, ctx):
    widget = RosterPane(ctx)
    qtbot.addWidget(widget)
    widget.resize(1600, 900)
    widget.show()
    yield widget
    widget.shutdown()


@pytest.fixture
def refusals(monkeypatch):
    """What the runner reports of refused writes: its messages, and the boxes it shows."""
    failed: list[str] = []
    boxes: list[str] = []
    monkeypatch.setattr(operations, "show_message", lambda _parent, text: boxes.append(text))
    hub = operation_hub()
    hub.sig_operation_failed.connect(failed.append)
    yield failed, boxes
    hub.sig_operation_failed.disconnect(failed.append)


def _new_roster(qtbot, pane, *args) -> int:
    """Make a draft through the pane and wait until it is stored and shown."""
    assert pane.new_roster(*args)
    qtbot.waitUntil(pane.idle)
    assert pane.view is not None and not pane.view.header.approved
    return pane.view.header.id


def _cells(pane):
    return {(a.staff, a.day): a for a in pane.view.assignments}


def _auxiliary(pane):
    return next(m for m in pane.view.problem.staff if not m.is_police)


def _focus_cell(qtbot, pane, staff, day):
    pane.calendar.setFocus()
    pane.calendar.select_cell(staff, day)
    pane.calendar.selectionModel().select(
        pane.calendar.currentIndex(), pane.calendar.selectionModel().SelectionFlag.ClearAndSelect
    )


def test_keys_set_clear_and_undo_and_a_broken_rule_shows_at_once(qtbot, pane, ctx, station):
    _new_roster(qtbot, pane, PRESET, START, 14)
    member = _auxiliary(pane)
    first, second = START, START + timedelta(days=1)
    before = _cells(pane)
    _focus_cell(qtbot, pane, member.id, first)

    # typed before the first is stored: the second waits for it and goes on its version
    qtbot.keyClick(pane.calendar, Qt.Key.Key_N)  # night on day 1, the cursor steps to day 2
    qtbot.keyClick(pane.calendar, Qt.Key.Key_1)  # the first shift type (D) on day 2
    assert not pane.idle()
    qtbot.waitUntil(pane.idle)
    cells = _cells(pane)
    assert cells[member.id, first].shift == "N" and cells[member.id, second].shift == "D"
    assert rosters.load_roster(ctx, pane.view.header.id).header.version == 3  # stored

    # night until 08:00 then the day shift at 08:00: shown at once on the cell and in the list
    index = pane.model.index_of(member.id, first)
    assert [f.rule for f in index.data(FINDINGS_ROLE)] == ["min_rest"]
    assert "两班之间休息不足" in index.data(Qt.ItemDataRole.ToolTipRole)
    listed = [pane.findings.item(i).text() for i in range(pane.findings.count())]
    assert any("两班之间休息不足" in t and member.name in t for t in listed)
    breaks = pane.view.check.breaks
    assert f"违反规则 {len(breaks)} 条" in pane.summary.text()
    # clicking the rule in the list goes to its cell
    pane.calendar.select_cell(member.id, START + timedelta(days=5))
    row = next(i for i, t in enumerate(listed) if "两班之间休息不足" in t)
    item = pane.findings.item(row)
    qtbot.mouseClick(
        pane.findings.viewport(),
        Qt.MouseButton.LeftButton,
        pos=pane.findings.visualItemRect(item).center(),
    )
    assert pane.model.staff_cell(pane.calendar.currentIndex()) == (member.id, first)

    # ... and the chief cannot approve it
    pane._ctx = acting(ctx, station.chief)
    assert pane.approve(replace=False)
    qtbot.waitUntil(pane.idle)
    assert "硬性规则" in pane.message.text()
    assert pane.view.header.status == "draft"

    qtbot.keyClick(pane.calendar, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(pane.calendar, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(pane.idle)
    assert _cells(pane) == before
    assert not pane.view.check.breaks

    pane.calendar.select_cell(member.id, first)
    qtbot.keyClick(pane.calendar, Qt.Key.Key_Delete)
    qtbot.waitUntil(pane.idle)
    assert (member.id, first) not in _cells(pane)


def test_the_chief_approves_and_the_approved_roster_is_read_only(qtbot, pane, ctx, station):
    _new_roster(qtbot, pane, PRESET, START, 14)
    pane._ctx = acting(ctx, station.duty)
    pane.approve(replace=False)
    qtbot.waitUntil(pane.idle)
    assert "只有所长" in pane.message.text()

    pane._ctx = acting(ctx, station.chief)
    with qtbot.waitSignal(pane.sig_roster_shown):
        assert pane.approve(replace=False)
    assert pane.idle() and pane.view.header.approved
    assert "李所长" in pane.summary.text()
    assert not pane.model.editable and not pane.act_solve.isEnabled()

    member = _auxiliary(pane)
    before = _cells(pane)
    _focus_cell(qtbot, pane, member.id, START)
    qtbot.keyClick(pane.calendar, Qt.Key.Key_Delete)
    assert pane.idle()  # nothing is sent
    assert _cells(pane) == before
    assert "只读" in pane.message.text()

    approved_id = pane.view.header.id
    assert pane.copy_to_draft()  # editing makes a new draft copy
    qtbot.waitUntil(pane.idle)
    assert pane.view.header.id != approved_id and pane.model.editable
    assert not pane.view.header.approved and _cells(pane) == before


def test_dragging_a_cell_onto_another_swaps_them(qtbot, pane):
    _new_roster(qtbot, pane, PRESET, START, 14)
    cells = _cells(pane)
    member = _auxiliary(pane)
    working = next(d for d in pane.view.problem.dates if (member.id, d) in cells)
    off = next(d for d in pane.view.problem.dates if (member.id, d) not in cells)
    shift = cells[member.id, working].shift

    view = pane.calendar
    source = pane.model.index_of(member.id, working)
    target = pane.model.index_of(member.id, off)
    view.scrollTo(target)
    mime = pane.model.mimeData([source])
    point = QPointF(view.visualRect(target).center())
    actions = Qt.DropAction.CopyAction | Qt.DropAction.MoveAction
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    viewport = view.viewport()
    QApplication.sendEvent(viewport, QDragEnterEvent(point.toPoint(), actions, mime, buttons, mods))
    QApplication.sendEvent(viewport, QDragMoveEvent(point.toPoint(), actions, mime, buttons, mods))
    drop = QDropEvent(point, actions, mime, buttons, mods, QEvent.Type.Drop)
    QApplication.sendEvent(viewport, drop)
    qtbot.waitUntil(pane.idle)

    after = _cells(pane)
    assert after[member.id, off].shift == shift
    assert (member.id, working) not in after  # moved: the source is now a day off


@pytest.fixture
def big_pane(qtbot, console_app, empty_sqlite_url):
    """A station of 120 in five teams: a month of 五班三运转 is not solved in seconds."""
    from console.services.station import upgrade_store

    upgrade_store(empty_sqlite_url)
    build_roster_station(empty_sqlite_url, tuple(f"{k}班" for k in "一二三四五"), 24)
    context = open_station(empty_sqlite_url)
    widget = RosterPane(context)
    qtbot.addWidget(widget)
    widget.show()
    yield widget
    widget.shutdown()
    context.close()


def test_solve_runs_off_the_ui_thread_and_stop_keeps_the_best_roster(qtbot, big_pane):
    pane = big_pane
    _new_roster(qtbot, pane, "五班三运转", START, 28)
    version = pane.view.header.version
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(10)
    try:
        assert pane.solve(seconds=120, workers=2)
        assert pane.solving() and not pane.model.editable
        # the event loop keeps turning while the solver searches
        qtbot.waitUntil(lambda: len(ticks) >= 20 and bool(pane.chart.points), timeout=60_000)
        assert pane.solving()
        with qtbot.waitSignal(pane.sig_solve_finished, timeout=60_000) as finished:
            pane.act_stop.trigger()
    finally:
        timer.stop()
    solution = finished.args[0]  # announced once its roster is stored
    assert solution.has_roster and pane.idle()
    assert solution.stopped or solution.status == "OPTIMAL"
    assert not pane.solving() and pane.model.editable
    assert pane.view.header.version == version + 1
    assert pane.view.summary["source"] == "solver"
    assert pane.view.check.cost == solution.objective
    objectives = [p[1] for p in pane.chart.points]
    assert objectives == sorted(objectives, reverse=True)  # the best roster only improves


def test_export_xlsx_and_pdf(qtbot, pane, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    _new_roster(qtbot, pane, PRESET, START, 14)
    xlsx, pdf = tmp_path / "roster.xlsx", tmp_path / "roster.pdf"
    assert pane.export_to(xlsx).written
    book = openpyxl.load_workbook(xlsx)
    sheet = book.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    names = {r[1] for r in rows}
    assert {m.name for m in pane.view.problem.staff} <= names
    member = pane.view.problem.staff[2]
    row = next(r for r in rows if r[1] == member.name)
    first = _cells(pane).get((member.id, START))
    shift_name = pane.view.problem.shift(first.shift).name
    assert row[2] == shift_name[:1]
    fill = next(c for c in sheet.iter_rows() if c[1].value == member.name)[2].fill
    assert fill.fgColor.rgb.upper().endswith(
        pane.view.shift_colours[first.shift].lstrip("#").upper()
    )
    assert len(book.worksheets) == 3

    assert pane.export_to(pdf).written
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        raw = subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        text = unicodedata.normalize("NFKC", raw)  # 一 may come out as the radical ⼀
        assert "三班两运转" in text and "二班" in text


def test_the_main_window_holds_the_pane_in_the_roster_window(window):
    assert window.roster_window.objectName() == "rosterWindow"
    assert window.roster_window.isWindow()
    assert isinstance(window.roster_window.pane, RosterPane)


def test_the_new_roster_dialog_reads_its_fields(qtbot, console_app):
    from datetime import date

    from console.ui.roster.new_dialog import NewRosterDialog

    dialog = NewRosterDialog(date(2026, 11, 23))  # a Monday: the next Monday is proposed
    qtbot.addWidget(dialog)
    assert dialog.request().start == date(2026, 11, 30)
    dialog.preset.setCurrentText(PRESET)
    dialog.days.setValue(14)
    dialog.holidays.setText("2026-12-25, 2027-01-01")
    r = dialog.request()
    assert (r.preset, r.days, r.holidays) == (PRESET, 14, (date(2026, 12, 25), date(2027, 1, 1)))
    dialog.holidays.setText("Christmas")
    dialog._accept()
    assert dialog.result() != NewRosterDialog.DialogCode.Accepted  # a bad date keeps it open


def test_another_workstations_edit_shows(qtbot, pane, station, refusals):
    from console.domain.roster.calendar import CellEdit
    from console.store.change_feed import ChangeRow

    roster_id = _new_roster(qtbot, pane, PRESET, START, 14)
    member = _auxiliary(pane)
    day = next(d for d in pane.view.problem.dates if (member.id, d) in _cells(pane))
    other = open_station(station.url)  # a second workstation
    try:
        rosters.apply_cell_edits(
            other, roster_id, (CellEdit(member.id, day, None),), expected_version=1
        )
    finally:
        other.close()
    assert (member.id, day) in _cells(pane)  # not shown yet ...
    pane.apply_changes([ChangeRow(1, None, "roster", str(roster_id), "update", "elsewhere:1")])
    assert (member.id, day) not in _cells(pane)  # ... until the feed names the change
    assert pane.view.header.version == 2

    # An edit on a version someone else changed meanwhile is refused once, and the pane
    # shows the stored roster (theirs), not ours; nothing goes on the undo stack.
    other = open_station(station.url)
    try:
        rosters.apply_cell_edits(
            other, roster_id, (CellEdit(member.id, day, "D"),), expected_version=2
        )
    finally:
        other.close()
    later = next(d for d in pane.view.problem.dates if d > day)
    _focus_cell(qtbot, pane, member.id, later)
    qtbot.keyClick(pane.calendar, Qt.Key.Key_Delete)
    qtbot.waitUntil(pane.idle)
    failed, boxes = refusals
    assert len(failed) == 1 and boxes == [] and pane.message.text() == failed[0]
    assert pane.view.header.version == 3 and _cells(pane)[member.id, day].shift == "D"
    assert pane._undo == [] and pane.model.editable


def test_arrows_move_from_one_team_to_the_next(qtbot, pane):
    _new_roster(qtbot, pane, PRESET, START, 14)
    p = pane.view.problem
    last_of_first = [m for m in p.staff if m.team == "一班"][-1]
    first_of_second = next(m for m in p.staff if m.team == "二班")
    _focus_cell(qtbot, pane, last_of_first.id, START)
    qtbot.keyClick(pane.calendar, Qt.Key.Key_Down)  # over the 二班 title row
    assert pane.model.staff_cell(pane.calendar.currentIndex()) == (first_of_second.id, START)
    qtbot.keyClick(pane.calendar, Qt.Key.Key_Right)
    assert pane.model.staff_cell(pane.calendar.currentIndex()) == (
        first_of_second.id,
        START + timedelta(days=1),
    )


def test_weekends_and_public_holidays_are_marked(qtbot, pane):
    christmas = START + timedelta(days=18)  # Friday 25 December 2026
    _new_roster(qtbot, pane, PRESET, START, 28, (christmas,))
    assert pane.view.problem.rules.public_holidays == (christmas,)
    model = pane.model
    header = Qt.Orientation.Horizontal

    def bold(day) -> bool:
        font = model.headerData(model.days.index(day), header, Qt.ItemDataRole.FontRole)
        return font is not None and font.bold()

    saturday, monday = START + timedelta(days=5), START + timedelta(days=7)
    assert bold(saturday) and bold(christmas) and not bold(monday)
    tip = model.headerData(model.days.index(christmas), header, Qt.ItemDataRole.ToolTipRole)
    assert "法定节假日" in tip


def test_a_refused_approval_is_one_message_and_the_pane_stays_as_it_was(
    qtbot, pane, ctx, station, refusals
):
    _new_roster(qtbot, pane, PRESET, START, 14)
    member = _auxiliary(pane)
    _focus_cell(qtbot, pane, member.id, START)
    qtbot.keyClick(pane.calendar, Qt.Key.Key_Delete)
    qtbot.waitUntil(pane.idle)
    shown, undo = (pane.view.header, _cells(pane)), list(pane._undo)

    pane._ctx = acting(ctx, station.duty)  # not the chief: the store refuses
    assert pane.approve(replace=False)
    qtbot.waitUntil(pane.idle)
    failed, boxes = refusals
    only_chief = service_message(ServiceError("Only the station chief can approve a roster."))
    assert failed == [only_chief] and boxes == []  # said once, in the pane's own line
    assert pane.message.isVisible() and pane.message.text() == only_chief
    assert (pane.view.header, _cells(pane)) == shown and pane._undo == undo
    assert rosters.load_roster(ctx, pane.view.header.id).header.status == "draft"
    assert pane.model.editable and not pane.act_approve.isEnabled()

    # still a draft to edit: the undo stack is the one the store took
    qtbot.keyClick(pane.calendar, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(pane.idle)
    assert (member.id, START) in _cells(pane) and pane._undo == []
    assert pane.message.isHidden()


@pytest.fixture
def sqlite_pane(qtbot, console_app, empty_sqlite_url):
    """The pane on a SQLite station whose file can be taken away."""
    from console.services.station import upgrade_store

    upgrade_store(empty_sqlite_url)
    build_roster_station(empty_sqlite_url)
    context = open_station(empty_sqlite_url)
    widget = RosterPane(context)
    qtbot.addWidget(widget)
    widget.resize(1600, 900)
    widget.show()
    yield widget
    widget.shutdown()
    context.close()


def test_edits_with_the_store_gone_are_one_message_and_nothing_changes(
    qtbot, sqlite_pane, empty_sqlite_url, refusals
):
    from tests.support.outage import SqliteFileAway, sqlite_path

    pane = sqlite_pane
    _new_roster(qtbot, pane, PRESET, START, 14)
    member = _auxiliary(pane)
    working = next(d for d in pane.view.problem.dates if (member.id, d) in _cells(pane))
    original = _cells(pane)[member.id, working]
    _focus_cell(qtbot, pane, member.id, working)
    qtbot.keyClick(pane.calendar, Qt.Key.Key_Delete)  # stored: one undo step
    qtbot.waitUntil(pane.idle)
    before = (pane.view.header, _cells(pane), list(pane._undo))
    assert len(before[2]) == 1

    away = SqliteFileAway(sqlite_path(empty_sqlite_url))
    away.take_away()
    pane._ctx.engine.dispose()  # connections already open would still see the moved file
    try:
        _focus_cell(qtbot, pane, member.id, working + timedelta(days=1))
        for key in (Qt.Key.Key_D, Qt.Key.Key_N, Qt.Key.Key_D):  # typed on, three days
            qtbot.keyClick(pane.calendar, key)
        qtbot.waitUntil(pane.idle)
        failed, boxes = refusals
        # the first is refused; the two typed after it are dropped, not refused again
        assert failed == [service_message(StoreUnavailable())] and boxes == []
        assert pane.message.text() == failed[0]
        assert (pane.view.header, _cells(pane), pane._undo) == before
        assert pane.model.editable
    finally:
        away.put_back()

    # back: the undo stack holds only what the store took, so Ctrl+Z undoes the Delete
    qtbot.keyClick(pane.calendar, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(pane.idle)
    assert pane.view.header.version == before[0].version + 1
    assert _cells(pane)[member.id, working] == original and pane._undo == []
    assert len(refusals[0]) == 1
