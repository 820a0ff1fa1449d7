"""The text delegate's laid-out text cache stays small over a long shift (issue 13)."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QImage, QPainter, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QStyleOptionViewItem, QTableView

from console.ui.delegates import TextCellDelegate
from console.ui.id_table import PAINT_ROLE


def test_clock_texts_do_not_pile_up_in_the_cache(qapp):
    view = QTableView()
    model = QStandardItemModel(1, 1)
    model.setItem(0, 0, QStandardItem())
    delegate = TextCellDelegate(view)
    image = QImage(200, 40, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    option = QStyleOptionViewItem()
    option.initFrom(view)
    option.rect = QRect(0, 0, 200, 40)
    index = model.index(0, 0)
    try:
        # A countdown cell for a day: a new text every second.
        for second in range(3 * TextCellDelegate.CACHE_LIMIT):
            text = f"{second // 60}:{second % 60:02d}"
            model.setData(index, (text, None, None, None, False), PAINT_ROLE)
            delegate.paint(painter, option, index)
            assert len(delegate._texts) <= TextCellDelegate.CACHE_LIMIT
        # The texts still on screen are the ones kept: the newest is there, the oldest gone.
        assert (text, 200 - 16, option.font.pointSize()) in delegate._texts
        assert ("0:00", 200 - 16, option.font.pointSize()) not in delegate._texts
    finally:
        painter.end()
