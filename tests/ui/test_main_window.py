"""The main window on a real store (SQLite and PostgreSQL), with real Qt events."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from console.domain.incidents import IncidentStatus, Priority
from console.domain.units import UnitStatus
from console.services.station import open_station
from console.services.unit_queries import unit_summaries
from console.services.unit_status import set_unit_status
from console.ui import settings as opts
from console.ui import theme
from console.ui.id_table import ID_ROLE
from console.ui.settings import Settings

from .conftest import open_window
from .station_data import add_incident, set_incident_fields


def column_texts(view_model, column: int) -> list[str]:
    return [view_model.index(r, column).data() for r in range(view_model.rowCount())]


def header_texts(model) -> list[str]:
    return [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]


class Recorder:
    """Counts the structural signals of a model."""

    def __init__(self, model) -> None:
        self.events: list[tuple] = []
        model.modelReset.connect(lambda: self.events.append(("reset",)))
        model.rowsInserted.connect(lambda _p, a, b: self.events.append(("insert", a, b)))
        model.rowsRemoved.connect(lambda _p, a, b: self.events.append(("remove", a, b)))
        model.rowsMoved.connect(lambda _p, a, b, _d, row: self.events.append(("move", a, b, row)))


def test_queue_shows_exactly_the_open_incidents_in_queue_order(window, arranged):
    number = window.queue.model.column_index("number")
    assert column_texts(window.queue.proxy, number) == list(arranged.open_numbers)
    assert window.queue.model.ids == list(arranged.open_incident_ids)
    assert not set(arranged.closed_incident_ids) & set(window.queue.model.ids)
    # Priority rank never goes down the queue.
    priority = window.queue.model.column_index("priority")
    names = column_texts(window.queue.proxy, priority)
    assert names[0] == "紧急" and names[-1] == "非紧急"
    assert window.units.model.rowCount() == len(arranged.unit_ids)
    assert "8 起未结警情" in window.queue.summary_label.text()


def test_unit_status_from_another_workstation_reaches_the_board(qtbot, window, arranged):
    model = window.units.model
    recorder = Recorder(model)
    unit_id = arranged.unit_ids["巡03"]
    row = model.row_of(unit_id)
    status_col = model.column_index("status")
    assert model.index(row, status_col).data() == "备勤"

    other = open_station(arranged.url)  # another workstation: its own context and connection
    try:
        version = unit_summaries(other, [unit_id])[unit_id].version
        set_unit_status(other, unit_id, UnitStatus.EN_ROUTE, expected_version=version)
    finally:
        other.close()

    qtbot.waitUntil(lambda: model.index(row, status_col).data() == "途中", timeout=8000)
    assert recorder.events == []  # changed in place: no reset, no row churn
    assert window.status.feed_state == "live"
    assert "途中" in window.units.summary_label.text()


def test_incidents_from_elsewhere_insert_move_and_remove_exact_rows(qtbot, window, arranged):
    model = window.queue.model
    recorder = Recorder(model)
    urgent_before = sum(
        1 for p in column_texts(model, model.column_index("priority")) if p == "紧急"
    )

    with qtbot.waitSignal(model.rowsInserted, timeout=8000):
        new_id = add_incident(
            arranged.url,
            number="T-NEW-1",
            priority=Priority.URGENT,
            minutes_ago=0.5,
            station_id=arranged.station_id,
        )
    # The newest urgent incident goes after the older urgent ones, before everything else.
    assert recorder.events == [("insert", urgent_before, urgent_before)]
    assert model.ids.index(new_id) == urgent_before

    last = arranged.open_incident_ids[-1]  # low priority, 16 minutes old: the bottom row
    with qtbot.waitSignal(model.rowsMoved, timeout=8000):
        set_incident_fields(arranged.url, last, priority=Priority.URGENT.value)
    assert recorder.events[-1] == ("move", model.rowCount() - 1, model.rowCount() - 1, 0)
    assert model.ids.index(last) == 0  # now the oldest urgent incident: the top row

    with qtbot.waitSignal(model.rowsRemoved, timeout=8000):
        set_incident_fields(arranged.url, new_id, status=IncidentStatus.CLOSED.value)
    assert new_id not in model.ids
    assert ("reset",) not in recorder.events
    number = model.column_index("number")
    assert column_texts(window.queue.proxy, number)[: urgent_before + 1].count("T-NEW-1") == 0


def test_clock_columns_repaint_alone_each_second(qtbot, window):
    model = window.queue.model
    changed: list[tuple[int, int, int, int]] = []
    model.dataChanged.connect(
        lambda a, b, _roles=(): changed.append((a.row(), a.column(), b.row(), b.column()))
    )
    with qtbot.waitSignal(window.ticker.sig_tick, timeout=3000):
        pass
    live = {model.column_index("age"), model.column_index("time_left")}
    assert changed, "the ticker repaints the clocks"
    assert {c[1] for c in changed} == live and all(c[1] == c[3] for c in changed)
    # Cell by cell, the rows on screen only: a range of rows would repaint the table.
    assert all(c[0] == c[2] for c in changed)
    on_screen = window.queue.visible_source_rows()
    assert on_screen and {c[0] for c in changed} == set(on_screen)


def test_theme_toggles_between_dark_and_light_and_is_remembered(window, ui_settings):
    app = QApplication.instance()
    assert theme.current().name == "dark"
    assert app.palette().window().color().name() == theme.DARK.window
    window.act_toggle_theme.trigger()
    assert theme.current().name == "light"
    assert app.palette().window().color().name() == theme.LIGHT.window
    assert Settings().value(opts.THEME) == "light"
    window.act_toggle_theme.trigger()
    assert app.palette().window().color().name() == theme.DARK.window
    assert Settings().value(opts.THEME) == "dark"


def test_layout_is_saved_and_restored_between_two_windows(qtbot, console_app, ctx, ui_settings):
    first = open_window(qtbot, ctx, ui_settings)
    assert first.dockWidgetArea(first.units_dock) == Qt.DockWidgetArea.BottomDockWidgetArea
    first.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, first.units_dock)
    first.map_dock.hide()
    address = first.queue.model.column_index("address")
    grid = first.queue.model.column_index("grid")
    first.queue.view.horizontalHeader().resizeSection(grid, 211)
    first.close()

    second = open_window(qtbot, ctx, Settings())
    try:
        assert second.dockWidgetArea(second.units_dock) == Qt.DockWidgetArea.LeftDockWidgetArea
        assert second.map_dock.isHidden()
        assert second.queue.view.horizontalHeader().sectionSize(grid) == 211
        assert address != grid

        second.act_reset_layout.trigger()
        assert second.dockWidgetArea(second.units_dock) == Qt.DockWidgetArea.BottomDockWidgetArea
        assert not second.map_dock.isHidden()
    finally:
        second.close()


def test_interface_is_chinese_by_default(window):
    assert header_texts(window.queue.model) == [
        "警情编号",
        "历时",
        "等级",
        "类别",
        "地址",
        "网格",
        "状态",
        "处警单元",
        "到场倒计时",
    ]
    assert header_texts(window.units.model)[:4] == ["呼号", "类型", "状态", "状态时长"]
    menus = [a.text() for a in window.menuBar().actions()]
    # File first, View and Help last; the panes' own menus (警情, 派警 …) in between.
    assert menus[0] == "文件(&F)" and menus[-2:] == ["视图(&V)", "帮助(&H)"]
    assert "警情(&I)" in menus
    assert window.units_dock.windowTitle() == "警力状态"
    assert window.map_dock.windowTitle() == "地图"
    category = window.queue.model.column_index("category")
    assert window.queue.model.index(0, category).data() == "故意伤害"


def test_frequent_actions_have_shortcuts_in_menu_and_tooltip(qtbot, window):
    expected = {
        window.act_focus_queue: "Alt+1",
        window.act_focus_units: "Alt+2",
        window.act_focus_map: "Alt+3",
        window.act_focus_roster: "Alt+4",
        window.act_filter_queue: "Ctrl+F",
        window.act_toggle_theme: "Ctrl+Shift+L",
        window.act_full_screen: "F11",
        window.act_quit: "Ctrl+Q",
    }
    for action, keys in expected.items():
        assert action.shortcut().toString() == keys
        assert f"({keys})" in action.toolTip()

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(window.units.view.hasFocus)
    assert window.units.view.selectionModel().hasSelection()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(window.queue.filter_edit.hasFocus)


def test_filter_narrows_the_queue(qtbot, window):
    proxy = window.queue.proxy
    total = proxy.rowCount()
    qtbot.keyClicks(window.queue.filter_edit, "-0004")  # part of an incident number
    assert proxy.rowCount() == 1
    assert "显示 1 起" in window.queue.summary_label.text()
    window.queue.filter_edit.setText("鼓楼医院")  # an address (QTest types Latin keys only)
    assert proxy.rowCount() == 1
    assert proxy.mapToSource(proxy.index(0, 0)).row() == window.queue.model.row_of(
        window.queue.proxy.index(0, 0).data(ID_ROLE)
    )
    window.queue.filter_edit.clear()
    assert proxy.rowCount() == total
