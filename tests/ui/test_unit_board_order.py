"""The unit board lists who can be sent first and who is off duty last, and follows a
status change live; a header click still chooses another order."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt

from console.domain.units import UnitStatus
from console.services.unit_status import set_unit_status
from console.ui.units.model import BOARD_STATUS_ORDER
from console.ui.vocabulary import unit_status_name

from .conftest import open_window


def ranks() -> dict[str, int]:
    """Status text (in the installed language) -> its place on the board."""
    return {unit_status_name(s): i for i, s in enumerate(BOARD_STATUS_ORDER)}


def board(window) -> list[tuple[str, str]]:
    """(call sign, status text) of every row, top to bottom, as the view shows them."""
    proxy = window.units.proxy
    status = window.units.model.column_index("status")
    return [
        (proxy.index(r, 0).data(), proxy.index(r, status).data()) for r in range(proxy.rowCount())
    ]


def test_units_that_can_be_sent_come_first_and_off_duty_last(qtbot, console_app, ctx, ui_settings):
    window = open_window(qtbot, ctx, ui_settings)
    rows = board(window)
    rank = ranks()
    order = [rank[status] for _, status in rows]
    assert order == sorted(order), rows
    off_duty = unit_status_name(UnitStatus.OFF_DUTY)
    assert any(s == off_duty for _, s in rows) and rows[-1][1] == off_duty
    assert any(s != off_duty for _, s in rows)
    for place in set(order):  # call-sign order within one status
        signs = [sign for sign, status in rows if rank[status] == place]
        assert signs == sorted(signs)


def test_a_unit_going_off_duty_moves_to_the_end(qtbot, console_app, ctx, ui_settings):
    window = open_window(qtbot, ctx, ui_settings)
    first_sign = board(window)[0][0]
    unit = next(u for u in window.units.model.cached_rows() if u.call_sign == first_sign)
    set_unit_status(ctx, unit.id, UnitStatus.OFF_DUTY, expected_version=unit.version)
    qtbot.waitUntil(lambda: board(window)[-1][0] == first_sign, timeout=10_000)
    assert board(window)[0][0] != first_sign


def test_a_header_click_orders_by_call_sign(qtbot, console_app, ctx, ui_settings):
    window = open_window(qtbot, ctx, ui_settings)
    header = window.units.view.horizontalHeader()
    middle = QPoint(header.sectionViewportPosition(0) + header.sectionSize(0) // 2, 5)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=middle)
    signs = [sign for sign, _ in board(window)]
    assert signs == sorted(signs)
    rank = ranks()
    order = [rank[status] for _, status in board(window)]
    assert order != sorted(order)  # the station's mix of statuses shows the difference
