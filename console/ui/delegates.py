"""Painting helpers shared by the panes."""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QStaticText
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from . import theme
from .id_table import CHIP_ROLE, PAINT_ROLE

TEXT_PADDING = 8  # the style sheet's ``QTableView::item { padding: 0 8px; }``
# As a plain int: flag arithmetic on PySide enums runs in Python, on every cell painted.
SELECTED = QStyle.StateFlag.State_Selected.value


def _panel(painter: QPainter, option: QStyleOptionViewItem, background) -> bool:
    """Fill a cell's background (selection first); True when the cell is selected."""
    selected = bool(option.state.value & SELECTED)
    if selected:
        painter.fillRect(option.rect, option.palette.highlight())
    elif background is not None:
        painter.fillRect(option.rect, background)
    return selected


class TextCellDelegate(QStyledItemDelegate):
    """Paints a plain text cell from the model's ``PAINT_ROLE`` answer.

    The standard delegate asks the model for seven roles per cell on every paint; over
    a proxy each of those is two calls into Python. A model that answers ``PAINT_ROLE``
    is asked once, and the text, elided to the column and laid out once as a
    ``QStaticText``, is drawn straight away. Other models get the standard painting.
    """

    # Least recently drawn texts go first. A few screens of cells; the clock columns make
    # a new text every second for every open incident, so a cache that only grows (or is
    # emptied when full) holds tens of MB of laid-out text nobody will draw again.
    CACHE_LIMIT = 3_000

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._texts: OrderedDict[tuple[str, int, int], QStaticText] = OrderedDict()

    def _static_text(self, text: str, width: int, option) -> QStaticText:
        key = (text, width, option.font.pointSize())
        texts = self._texts
        static = texts.get(key)
        if static is not None:
            texts.move_to_end(key)
            return static
        shown = option.fontMetrics.elidedText(text, Qt.TextElideMode.ElideRight, width)
        static = QStaticText(shown)
        static.setTextFormat(Qt.TextFormat.PlainText)
        static.prepare(font=option.font)
        texts[key] = static
        if len(texts) > self.CACHE_LIMIT:
            texts.popitem(last=False)
        return static

    def paint(self, painter, option, index) -> None:
        cell = index.data(PAINT_ROLE)
        if cell is None:
            super().paint(painter, option, index)
            return
        text, foreground, background, _chip, right_aligned = cell
        selected = _panel(painter, option, background)
        if not text:
            return
        rect = option.rect
        width = rect.width() - 2 * TEXT_PADDING
        static = self._static_text(text, width, option)
        size = static.size()
        left = rect.x() + TEXT_PADDING
        x = rect.right() - TEXT_PADDING - size.width() if right_aligned else left
        y = rect.y() + (rect.height() - size.height()) / 2
        if selected:
            painter.setPen(option.palette.highlightedText().color())
        else:
            painter.setPen(foreground if foreground is not None else option.palette.text().color())
        # The view's painter already holds the view's font (setting it again is costly).
        painter.drawStaticText(QPointF(x, y), static)


class ChipDelegate(QStyledItemDelegate):
    """Draws a cell as a rounded, coloured chip (priority grade, unit status).

    The model gives a theme key in ``CHIP_ROLE``; the colour comes from the current theme
    at paint time, so switching themes needs no model change.
    """

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._colours: dict[tuple[str, str], tuple[QColor, QColor]] = {}
        self._widths: dict[tuple[str, str], int] = {}  # (font key, text) -> chip width

    def _colours_of(self, key: str) -> tuple[QColor, QColor] | None:
        t = theme.current()
        cached = self._colours.get((t.name, key))
        if cached is None:
            colour = t.chip(key)
            if colour is None:
                return None
            cached = self._colours[(t.name, key)] = (colour, theme.contrast_text(colour))
        return cached

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        cell = index.data(PAINT_ROLE)
        if cell is not None:
            text, _foreground, background, key, _right_aligned = cell
        else:
            key = index.data(CHIP_ROLE)
        colours = self._colours_of(key) if key else None
        if colours is None:
            super().paint(painter, option, index)
            return
        # Paint straight from the view's option: the panel (selection, a flashing row's
        # background), then the chip. No full style option per cell: this runs for every
        # visible row at every repaint.
        if cell is None:
            text = index.data(Qt.ItemDataRole.DisplayRole) or ""
            background = index.data(Qt.ItemDataRole.BackgroundRole)
        _panel(painter, option, background)
        metrics = option.fontMetrics
        rect = option.rect
        height = min(rect.height() - 6, metrics.height() + 6)
        width_key = (option.font.key(), text)
        natural = self._widths.get(width_key)
        if natural is None:
            pad_x = metrics.averageCharWidth()
            # One width for every chip of a column reads calmer than ragged ones.
            natural = max(metrics.horizontalAdvance(text) + 2 * pad_x, int(3.6 * metrics.height()))
            self._widths[width_key] = natural
        width = min(rect.width() - 8, natural)
        chip = QRectF(rect.x() + 4, rect.center().y() - height / 2 + 1, width, height)
        colour, text_colour = colours
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawRoundedRect(chip, height / 4, height / 4)
        painter.setPen(text_colour)
        painter.setFont(option.font)
        painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, text)
        painter.restore()
