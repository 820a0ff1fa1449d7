"""The run card's shortfall in the dispatch dialog and on the queue row (issue 14, item 3),
with real key events on both backends: 持刀 asks for two units; Enter sends one and the
dialog stays, saying one more is needed; the queue shows "1/2" highlighted until a second
unit goes or the shortfall is waived with a reason (Alt+W)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QInputDialog
from sqlalchemy import select

from console.services.incident_queries import incident_summaries
from console.store.models import IncidentEvent
from console.ui import theme

from .station_data import ArrangedStation
from .test_dispatch_ui import _add_roads, _dialog

# Indexes in the queue's order (most urgent, then oldest).
STABBING = 0  # 一人持刀伤人: 故意伤害 with a knife, nobody sent yet
FIGHT = 2  # 两人在店门口打架: 打架斗殴 asks for two units; 巡02 is the only one sent


@pytest.fixture
def roads(arranged: ArrangedStation) -> ArrangedStation:
    _add_roads(arranged)
    return arranged


def units_cell(window, incident_id: int):
    model = window.queue.model
    return model.index(model.row_of(incident_id), model.column_index("units"))


def highlighted(index) -> bool:
    return index.data(Qt.ItemDataRole.BackgroundRole) is not None and index.data(
        Qt.ItemDataRole.ForegroundRole
    ) == QColor(theme.current().priority["high"])


def open_dispatch(qtbot, window, incident_id: int):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    assert window.queue.select_id(incident_id)
    qtbot.keyClick(window.queue.view, Qt.Key.Key_F8)
    qtbot.waitUntil(lambda: _dialog() is not None, timeout=5000)
    dialog = _dialog()
    assert dialog.incident_id == incident_id
    return dialog


def answer_input(text: str | None) -> list[str]:
    """Type ``text`` into the reason box when it opens and press Enter (None: Esc);
    the returned list gets the box's question once it was answered."""
    asked: list[str] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QInputDialog):
            QTimer.singleShot(50, answer)
            return
        asked.append(box.labelText())
        if text is None:
            QTest.keyClick(box, Qt.Key.Key_Escape)
            return
        box.setTextValue(text)
        QTest.keyClick(box, Qt.Key.Key_Return)

    QTimer.singleShot(50, answer)
    return asked


def alt_w(qtbot, dialog) -> None:
    """Alt+W in the dispatch dialog, given the keyboard back first (the offscreen platform
    has no window manager to return it when the reason box closes)."""
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClick(dialog, Qt.Key.Key_W, Qt.KeyboardModifier.AltModifier)


def test_the_queue_row_shows_one_of_two_highlighted(qtbot, window, arranged):
    fight = arranged.open_incident_ids[FIGHT]
    cell = units_cell(window, fight)
    assert cell.data() == "⚠1/2 巡02" and highlighted(cell)
    assert "2" in cell.data(Qt.ItemDataRole.ToolTipRole)
    stabbing = arranged.open_incident_ids[STABBING]
    cell = units_cell(window, stabbing)
    assert cell.data() == "0/2" and not highlighted(cell)  # nobody sent: no false comfort
    one_unit = arranged.open_incident_ids[3]  # a 纠纷 on scene with its one unit
    assert "/" not in units_cell(window, one_unit).data()


def test_enter_sends_one_and_the_dialog_says_one_more_then_a_waiver_clears_it(
    qtbot, roads, window, ctx
):
    stabbing = roads.open_incident_ids[STABBING]
    dialog = open_dispatch(qtbot, window, stabbing)
    # Before sending: what the card asks for.
    assert dialog.shortfall.isVisible() and "2" in dialog.shortfall.text()
    assert not dialog.btn_waive.isEnabled()  # nothing sent: nothing to waive yet
    first = dialog.picked()
    with qtbot.waitSignal(dialog.sig_dispatched, timeout=5000):
        qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.sending is None and dialog.current.progress.sent == 1)
    # After sending: the dialog stays, says one more is needed, the next unit picked.
    assert dialog.isVisible()
    assert "1/2" in dialog.shortfall.text() and first.call_sign in dialog.card_label.text()
    assert first.call_sign in dialog.message.text()
    assert dialog.picked() is not None and dialog.picked().unit_id != first.unit_id
    assert dialog.btn_waive.isEnabled()
    cell = units_cell(window, stabbing)
    qtbot.waitUntil(lambda: units_cell(window, stabbing).data() == f"⚠1/2 {first.call_sign}")
    assert highlighted(units_cell(window, stabbing))

    # An empty reason is refused in the dialog; nothing is stored.
    asked = answer_input("   ")
    alt_w(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.waiving is not None and dialog.waiving.done)
    assert roads.open_numbers[STABBING] in asked[0]  # the box names the incident
    assert dialog.isVisible() and "原因" in dialog.message.text()
    assert incident_summaries(ctx, [stabbing])[stabbing].card.outstanding == 1

    # Esc in the reason box: nothing asked of the store.
    asked = answer_input(None)
    waiving = dialog.waiving
    alt_w(qtbot, dialog)
    qtbot.waitUntil(lambda: bool(asked))  # the mnemonic clicks the button a moment later
    assert dialog.waiving is waiving and dialog.isVisible()

    answer_input("附近警力均在处置，步巡随后跟进")
    alt_w(qtbot, dialog)
    qtbot.waitUntil(lambda: _dialog() is None, timeout=5000)  # stored: the dialog closed
    assert incident_summaries(ctx, [stabbing])[stabbing].card.waived
    qtbot.waitUntil(lambda: not highlighted(units_cell(window, stabbing)), timeout=5000)
    cell = units_cell(window, stabbing)
    assert cell.data() == f"1/2 {first.call_sign}"
    assert "免" in cell.data(Qt.ItemDataRole.ToolTipRole) or "waived" in cell.data(
        Qt.ItemDataRole.ToolTipRole
    )
    with ctx.reading() as s:
        reasons = list(
            s.scalars(
                select(IncidentEvent.detail).where(
                    IncidentEvent.incident_id == stabbing, IncidentEvent.kind == "run_card_waived"
                )
            )
        )
    assert [r["reason"] for r in reasons] == ["附近警力均在处置，步巡随后跟进"]
    # Opened again, the dialog says who waived it and why.
    dialog = open_dispatch(qtbot, window, stabbing)
    assert "附近警力均在处置" in dialog.shortfall.text() and not dialog.btn_waive.isEnabled()
    dialog.close()


def test_the_second_unit_meets_the_card_and_the_dialog_closes(qtbot, roads, window, ctx):
    fight = roads.open_incident_ids[FIGHT]  # 巡02 already there: one more to send
    dialog = open_dispatch(qtbot, window, fight)
    assert "1/2" in dialog.shortfall.text() and "巡02" in dialog.card_label.text()
    assert len(dialog.current.recommendation.team) == 1  # one more, not a team of two
    with qtbot.waitSignal(dialog.sig_dispatched, timeout=5000) as sent:
        qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _dialog() is None, timeout=5000)  # the card is met: it closed
    call_sign = sent.args[0].call_sign
    qtbot.waitUntil(lambda: units_cell(window, fight).data() == f"巡02、{call_sign}", timeout=5000)
    assert not highlighted(units_cell(window, fight))
