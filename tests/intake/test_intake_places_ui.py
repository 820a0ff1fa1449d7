"""An address the book does not hold, from the keyboard: the typed words are kept, the call
is placed by the nearest road or landmark (or a map click that neither rewrites them nor
takes the keyboard away), pinyin initials find addresses, and the map shows the call's
pin before it is saved. Real Qt key and mouse events, the real map page, a SQLite store."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from console.services.incident_lifecycle import incident_detail
from console.services.station import upgrade_store
from tests.map.conftest import page_call

from .station import build_intake_station
from .test_address_search import ROADS, add_landmarks
from .test_intake_ui import type_text

SPOKEN = "管家桥边上小巷子里"


@pytest.fixture
def station(empty_sqlite_url):
    upgrade_store(empty_sqlite_url)
    built = build_intake_station(empty_sqlite_url)
    add_landmarks(empty_sqlite_url)
    return built


def open_at_address(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_F2)
    panel = window.intake_panel()
    qtbot.waitUntil(lambda: panel.isVisible() and panel.phone_edit.hasFocus())
    type_text(qtbot, panel.phone_edit, "13812345678")
    qtbot.keyClick(panel.phone_edit, Qt.Key.Key_Tab)
    qtbot.keyClick(panel.name_edit, Qt.Key.Key_Tab)
    assert panel.address_edit.hasFocus()
    return panel


def pending_pin(qtbot, window):
    return page_call(qtbot, window.map_dock.map.view, "snapshot")["pending"]


def test_an_unknown_address_is_kept_and_placed_by_the_nearest_match(qtbot, window, ctx):
    qtbot.waitUntil(lambda: window.map_dock.map is not None and window.map_dock.map.is_ready)
    panel = open_at_address(qtbot, window)
    type_text(qtbot, panel.address_edit, SPOKEN)
    assert panel.places_list.isVisible()
    assert (panel.places[0].text, panel.places[0].kind) == ("管家桥", "road")
    assert panel.places_list.item(0).text().startswith("管家桥 — ")
    qtbot.keyClick(panel.address_edit, Qt.Key.Key_Tab)  # leaves the field: placed
    qtbot.waitUntil(lambda: panel.places_list.hasFocus())
    assert panel.address_edit.text() == SPOKEN
    assert "管家桥" in panel.location_label.text() and "第二网格" in panel.location_label.text()
    road = next(r for r in ROADS if r[0] == "管家桥")
    point = panel.draft().has_point and panel._point
    assert point and abs(point[0] - road[1]) < 0.002 and abs(point[1] - road[2]) < 0.002
    # The map shows the call's pin at once, before it is saved.
    qtbot.waitUntil(lambda: pending_pin(qtbot, window) is not None)
    pin = pending_pin(qtbot, window)
    assert (round(pin["lon"], 5), round(pin["lat"], 5)) == (round(point[0], 5), round(point[1], 5))
    qtbot.keyClick(panel.places_list, Qt.Key.Key_Tab)
    assert panel.narrative_edit.hasFocus()
    type_text(qtbot, panel.narrative_edit, "两人打架")
    qtbot.keyClick(panel.narrative_edit, Qt.Key.Key_Tab)
    target = panel.category_combo.findData("order.fight")
    while panel.category_combo.currentIndex() < target:
        qtbot.keyClick(panel.category_combo, Qt.Key.Key_Down)
    with qtbot.waitSignal(panel.sig_recorded, timeout=10_000) as saved:
        qtbot.keyClick(panel.category_combo, Qt.Key.Key_Return)
    detail = incident_detail(ctx, saved.args[0].id)
    assert detail.address_text == SPOKEN  # the caller's words, not the road's name
    qtbot.waitUntil(lambda: pending_pin(qtbot, window) is None)  # the saved call has its own


def test_another_nearby_place_is_chosen_with_the_arrow_keys(qtbot, window):
    panel = open_at_address(qtbot, window)
    type_text(qtbot, panel.address_edit, "新街口 中山路 200号")
    assert panel.places_list.count() >= 2
    assert panel.places[0].text == "中山路118号"  # the nearest number on the street said
    qtbot.keyClick(panel.address_edit, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: panel.places_list.hasFocus())
    first = panel._point
    qtbot.keyClick(panel.places_list, Qt.Key.Key_Down)
    chosen = panel.places_list.currentItem().text().split(" — ")[0]
    assert chosen in panel.location_label.text() and panel._point != first
    assert panel.address_edit.text() == "新街口 中山路 200号"


def test_pinyin_initials_complete_the_address(qtbot, window):
    panel = open_at_address(qtbot, window)
    type_text(qtbot, panel.address_edit, "zsl18")
    assert panel.completer.completionModel().rowCount() >= 1
    assert panel.completer.completionModel().index(0, 0).data() == "中山路18号"
    popup = panel.completer.popup()
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert panel.address_edit.text() == "中山路18号"
    assert panel.address is not None and panel.address.id is not None
    # Initials of a landmark place the call by it.
    panel.address_edit.clear()
    type_text(qtbot, panel.address_edit, "xjk")
    assert (panel.places[0].text, panel.places[0].kind) == ("新街口站", "key_place")


def test_a_map_click_keeps_the_typed_address_and_the_keyboard(qtbot, window):
    qtbot.waitUntil(lambda: window.map_dock.map is not None and window.map_dock.map.is_ready)
    panel = open_at_address(qtbot, window)
    type_text(qtbot, panel.address_edit, "火星路1号")  # nothing near it by name
    assert not panel.places_list.isVisible()
    view = window.map_dock.map.view
    target = view.focusProxy() or view
    # What the window manager does on the press: the main window becomes active and the
    # map under the pointer takes the keyboard (offscreen, the click alone does neither).
    window.activateWindow()
    target.setFocus(Qt.FocusReason.MouseFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not panel.address_edit)
    with qtbot.waitSignal(window.map_dock.sig_map_clicked, timeout=5_000) as click:
        QTest.mouseClick(
            target,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
            target.rect().center(),
        )
    lon, lat = click.args
    assert panel.address_edit.text() == "火星路1号"  # not the nearest door's name
    assert panel.draft().has_point and panel._point == (lon, lat)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is panel.address_edit)
    type_text(qtbot, panel.address_edit, "旁")  # the officer types on without reaching for it
    assert panel.address_edit.text() == "火星路1号旁"
    assert panel._point == (lon, lat)  # still placed where it was clicked
    pin = pending_pin(qtbot, window)
    assert (round(pin["lon"], 6), round(pin["lat"], 6)) == (round(lon, 6), round(lat, 6))
