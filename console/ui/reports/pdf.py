"""Reports to PDF with Qt's own writer: a title, then blocks in order — paragraphs,
charts (images scaled to the page width) and tables that run over as many pages as they
need, with their header row repeated on each. A CJK font is embedded so Chinese reads
(and copies, and is found by pdftotext) on any machine.

Pure painting, no widgets: it may run on a worker thread (the images must be made first).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QMarginsF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
)

from console.reports.atomic import Progress, Ticker, atomic_target
from console.reports.table import ReportTable, cell_text

from .. import theme
from .text_layer import unify_radicals

Block = ReportTable | QImage | str

DPI = 300
MARGIN_MM = 14.0
BODY_PT, TABLE_PT, HEADING_PT, TITLE_PT, FOOTER_PT = 10, 8, 12, 16, 7
CELL_PAD = 14  # device pixels at 300 dpi, about 1.2 mm
MAX_CELL_LINES = 4
CHART_PAGE_SHARE = 0.47  # the most of a page's height one image takes  # a longer cell is cut: a report row should stay a row
WIDTH_SAMPLE_ROWS = 500
HEADER_FILL = QColor("#dfe5ec")
RULE = QColor("#c4ccd6")
INK = QColor("#111111")
MUTED = QColor("#5d6977")
_CELL_FLAGS = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap


def write_pdf(
    path: str | os.PathLike[str],
    title: str,
    blocks: Sequence[Block],
    *,
    landscape: bool = False,
    progress: Progress | None = None,
) -> None:
    """Write an A4 report to ``path``. ``progress(done, total)`` counts table rows and
    other blocks; False cancels and raises ExportCancelled with no file left behind."""
    total = sum(len(b.rows) if isinstance(b, ReportTable) else 1 for b in blocks)
    ticker = Ticker(progress, total, step=50)
    ticker.report()
    with atomic_target(path) as temp:
        writer = QPdfWriter(str(temp))
        writer.setTitle(title)
        writer.setCreator("Station command console")
        writer.setResolution(DPI)
        orientation = (
            QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
        )
        writer.setPageLayout(
            QPageLayout(
                QPageSize(QPageSize.PageSizeId.A4),
                orientation,
                QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM),
                QPageLayout.Unit.Millimeter,
            )
        )
        painter = QPainter(writer)
        try:
            _Document(writer, painter, title, ticker).write(blocks)
        finally:
            painter.end()
        del writer  # the file is complete and closed
        family = theme.cjk_family()
        if family:
            unify_radicals(temp, family)
        ticker.finish()


def report_font(point_size: int, *, bold: bool = False) -> QFont:
    font = QFont()
    family = theme.cjk_family()
    if family:
        font.setFamilies([family])
    font.setPointSize(point_size)
    font.setBold(bold)
    # Without shaping, every glyph keeps its place in the font's character map, so the
    # PDF's text layer maps it back (with shaping Qt loses digits in Noto Sans CJK).
    font.setStyleStrategy(QFont.StyleStrategy.PreferNoShaping)
    return font


@dataclass
class _Fonts:
    body: QFont
    table: QFont
    table_bold: QFont
    heading: QFont
    title: QFont
    footer: QFont


class _Document:
    """A cursor down the page: each block is drawn at ``y`` and moves it on."""

    def __init__(self, writer: QPdfWriter, painter: QPainter, title: str, ticker: Ticker) -> None:
        self.writer = writer
        self.painter = painter
        self.title = title
        self.ticker = ticker
        self.fonts = _Fonts(
            body=report_font(BODY_PT),
            table=report_font(TABLE_PT),
            table_bold=report_font(TABLE_PT, bold=True),
            heading=report_font(HEADING_PT, bold=True),
            title=report_font(TITLE_PT, bold=True),
            footer=report_font(FOOTER_PT),
        )
        self.width = float(writer.width())
        footer_h = QFontMetricsF(self.fonts.footer, writer).height()
        self.bottom = float(writer.height()) - footer_h * 1.8
        self.page = 1
        self.y = 0.0
        self.gap = QFontMetricsF(self.fonts.body, writer).height() * 0.8

    # --- pages ----------------------------------------------------------------------------

    def write(self, blocks: Sequence[Block]) -> None:
        self._text(self.title, self.fonts.title)
        self.y += self.gap
        for block in blocks:
            if isinstance(block, ReportTable):
                self._table(block)
            elif isinstance(block, QImage):
                self._image(block)
                self.ticker.advance()
            else:
                self._text(str(block), self.fonts.body)
                self.ticker.advance()
            self.y += self.gap
        self._footer()

    def _new_page(self) -> None:
        self._footer()
        self.writer.newPage()
        self.page += 1
        self.y = 0.0

    def _footer(self) -> None:
        p = self.painter
        p.setFont(self.fonts.footer)
        p.setPen(MUTED)
        rect = QRectF(0, self.bottom, self.width, float(self.writer.height()) - self.bottom)
        page = QCoreApplication.translate("Reports", "Page {n}").format(n=self.page)
        p.drawText(rect, Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignLeft, self.title)
        p.drawText(rect, Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignRight, page)

    def _room(self, height: float) -> None:
        """Start a new page unless ``height`` fits below the cursor (or the page is new)."""
        if self.y > 0 and self.y + height > self.bottom:
            self._new_page()

    # --- blocks ---------------------------------------------------------------------------

    def _text(self, text: str, font: QFont) -> None:
        p = self.painter
        p.setFont(font)
        p.setPen(INK)
        flags = Qt.TextFlag.TextWordWrap
        for paragraph in text.split("\n"):
            bound = p.boundingRect(QRectF(0, 0, self.width, 1e6), flags, paragraph or " ")
            self._room(bound.height())
            p.drawText(QRectF(0, self.y, self.width, bound.height()), flags, paragraph)
            self.y += bound.height()

    def _image(self, image: QImage) -> None:
        if image.isNull():
            return
        ratio = image.height() / image.width()
        width = self.width
        height = width * ratio
        # Two charts to a page: a wide chart is read as well a little smaller.
        page_room = self.bottom * CHART_PAGE_SHARE
        if height > page_room:
            height = page_room
            width = height / ratio
        self._room(height)
        self.painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        self.painter.drawImage(QRectF(0, self.y, width, height), image)
        self.y += height

    def _table(self, table: ReportTable) -> None:
        p = self.painter
        header_metrics = QFontMetricsF(self.fonts.heading, self.writer)
        body = QFontMetricsF(self.fonts.table, self.writer)
        # A table's title stays with at least its header and first row.
        self._room(header_metrics.height() + body.height() * 4)
        self._text(table.title, self.fonts.heading)
        self.y += body.height() * 0.3
        if not table.columns:
            return
        widths = self._column_widths(table)
        texts = [cell_text(c) for c in table.columns]
        header_h = self._row_height(texts, widths, self.fonts.table_bold)
        self._room(header_h + body.height() * 2)
        self._header_row(texts, widths, header_h)
        for r, row in enumerate(table.rows):
            cells = [cell_text(v) for v in row]
            height = self._row_height(cells, widths, self.fonts.table)
            if self.y + height > self.bottom:
                self._new_page()
                self._header_row(texts, widths, header_h)
            x = 0.0
            p.setFont(self.fonts.table)
            for c, width in enumerate(widths):
                rect = QRectF(x, self.y, width, height)
                fill = table.fill(r, c)
                if fill:
                    p.fillRect(rect, QColor(fill))
                number = c < len(row) and isinstance(row[c], int | float)
                self._cell(rect, cells[c] if c < len(cells) else "", body, right=number)
                x += width
            self.y += height
            p.setPen(QPen(RULE, 1))
            p.drawLine(0, int(self.y), int(sum(widths)), int(self.y))
            self.ticker.advance()

    def _header_row(self, texts: list[str], widths: list[float], height: float) -> None:
        p = self.painter
        p.fillRect(QRectF(0, self.y, sum(widths), height), HEADER_FILL)
        p.setFont(self.fonts.table_bold)
        metrics = QFontMetricsF(self.fonts.table_bold, self.writer)
        x = 0.0
        for text, width in zip(texts, widths, strict=True):
            self._cell(QRectF(x, self.y, width, height), text, metrics)
            x += width
        self.y += height

    def _cell(
        self, rect: QRectF, text: str, metrics: QFontMetricsF, *, right: bool = False
    ) -> None:
        if not text:
            return
        p = self.painter
        p.setPen(INK)
        inner = rect.adjusted(CELL_PAD, CELL_PAD / 2, -CELL_PAD, 0)
        if metrics.horizontalAdvance(text) <= inner.width() and "\n" not in text:
            align = Qt.AlignmentFlag.AlignRight if right else Qt.AlignmentFlag.AlignLeft
            p.drawText(inner, align | Qt.AlignmentFlag.AlignTop, text)  # numbers line up
            return
        p.save()  # a wrapped cell may be longer than its row allows: cut it at the row
        p.setClipRect(rect)
        p.drawText(inner, _CELL_FLAGS, text)
        p.restore()

    def _row_height(self, texts: list[str], widths: list[float], font: QFont) -> float:
        metrics = QFontMetricsF(font, self.writer)
        lines = 1
        for text, width in zip(texts, widths, strict=False):
            if not text:
                continue
            inner = width - 2 * CELL_PAD
            if metrics.horizontalAdvance(text) <= inner and "\n" not in text:
                continue  # the common case, without a wrapping layout
            bound = metrics.boundingRect(QRectF(0, 0, inner, 1e6), _CELL_FLAGS, text)
            lines = max(lines, round(bound.height() / metrics.lineSpacing()))
        lines = min(lines, MAX_CELL_LINES)
        return lines * metrics.lineSpacing() + CELL_PAD

    def _column_widths(self, table: ReportTable) -> list[float]:
        """Natural widths from the header and the first rows; too wide, they share the
        page in proportion, no column narrower than four characters."""
        body = QFontMetricsF(self.fonts.table, self.writer)
        bold = QFontMetricsF(self.fonts.table_bold, self.writer)
        natural = [bold.horizontalAdvance(cell_text(c)) + 2 * CELL_PAD for c in table.columns]
        for row in table.rows[:WIDTH_SAMPLE_ROWS]:
            for i, value in enumerate(row[: len(natural)]):
                natural[i] = max(
                    natural[i], body.horizontalAdvance(cell_text(value)) + 2 * CELL_PAD
                )
        total = sum(natural)
        if total <= self.width:
            return natural
        floor = body.horizontalAdvance("0000") + 2 * CELL_PAD
        widths = [max(floor, w * self.width / total) for w in natural]
        excess = sum(widths) - self.width
        if excess > 0:  # the floors pushed it over: take it from the wide columns
            wide = [i for i, w in enumerate(widths) if w > floor]
            share = sum(widths[i] - floor for i in wide) or 1.0
            for i in wide:
                widths[i] -= excess * (widths[i] - floor) / share
        return widths
