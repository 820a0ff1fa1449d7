"""Painting helpers shared by the panes."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from . import theme
from .id_table import CHIP_ROLE


class ChipDelegate(QStyledItemDelegate):
    """Draws a cell as a rounded, coloured chip (priority grade, unit status).

    The model gives a theme key in ``CHIP_ROLE``; the colour comes from the current theme
    at paint time, so switching themes needs no model change.
    """

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        key = index.data(CHIP_ROLE)
        colour = theme.current().chip(key) if key else None
        if colour is None:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text = opt.text
        opt.text = ""
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)

        metrics = opt.fontMetrics
        pad_x = metrics.averageCharWidth()
        height = min(opt.rect.height() - 6, metrics.height() + 6)
        # One width for every chip of a column reads calmer than ragged ones.
        natural = max(metrics.horizontalAdvance(text) + 2 * pad_x, int(3.6 * metrics.height()))
        width = min(opt.rect.width() - 8, natural)
        chip = QRectF(opt.rect.x() + 4, opt.rect.center().y() - height / 2 + 1, width, height)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawRoundedRect(chip, height / 4, height / 4)
        painter.setPen(theme.contrast_text(colour))
        painter.setFont(opt.font)
        painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, text)
        painter.restore()
