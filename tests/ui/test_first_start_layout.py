"""The window's first start (issue 14, item 6): maximised, the map at its share, the unit
board with room for its units; the grid column shows the grid without the station's
place; afterwards the window opens as the officer left it."""

from __future__ import annotations

from PySide6.QtCore import Qt

from console.ui.formatting import grid_short_name, place_of_station
from console.ui.main_window import MainWindow


def _open(qtbot, ctx, settings) -> MainWindow:
    window = MainWindow(ctx, settings)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.sig_ready, timeout=10_000):
        window.show_on_start()
        window.start()
    qtbot.waitExposed(window)
    return window


def test_the_first_start_opens_maximised_and_the_next_as_left(qtbot, console_app, ctx, ui_settings):
    first = _open(qtbot, ctx, ui_settings)
    assert first.isMaximized()
    first.close()
    # The officer's own layout (a window left at 1000 × 700) is remembered on closing.
    left = MainWindow(ctx, ui_settings)
    qtbot.addWidget(left)
    left.resize(1000, 700)
    left.show()
    qtbot.waitExposed(left)
    assert not left.isMaximized()
    size = (left.width(), left.height())
    left.close()

    second = _open(qtbot, ctx, ui_settings)
    try:
        assert not second.isMaximized()
        assert second.height() == size[1]
    finally:
        second.close()


def test_a_window_closed_maximised_comes_back_maximised(qtbot, console_app, ctx, ui_settings):
    first = _open(qtbot, ctx, ui_settings)
    assert first.isMaximized()
    first.close()
    second = _open(qtbot, ctx, ui_settings)
    try:
        assert second.isMaximized()
    finally:
        second.close()


def test_the_grid_column_leaves_out_the_stations_place(qtbot, console_app, ctx, ui_settings):
    window = _open(qtbot, ctx, ui_settings)
    try:
        model = window.queue.model
        column = model.column_index("grid")
        place = place_of_station(ctx.station_name)
        shown = [model.index(r, column).data() for r in range(model.rowCount())]
        full = [model.row_data(r).grid_name for r in range(model.rowCount())]
        assert any(f and f.startswith(place) for f in full) if place else True
        for text, name in zip(shown, full, strict=True):
            if name:
                assert text == grid_short_name(name, ctx.station_name)
                if text != name:
                    assert not text.startswith(place)
                tip = model.index(full.index(name), column).data(Qt.ItemDataRole.ToolTipRole)
                assert tip == name  # the whole name in the tooltip
    finally:
        window.close()


def test_grid_short_name():
    assert place_of_station("新街口派出所") == "新街口"
    assert grid_short_name("新街口第二网格", "新街口派出所") == "第二网格"
    assert grid_short_name("湖南路第一网格", "新街口派出所") == "湖南路第一网格"
    assert grid_short_name("新街口", "新街口派出所") == "新街口"
    assert grid_short_name("玄武门网格", "玄武门派出所") == "玄武门网格"
    assert grid_short_name(None, "新街口派出所") is None
