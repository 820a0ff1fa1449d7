"""The shared frame of the table panes: a title line with a summary and a filter box,
then the table. The queue and the unit board each fill it with their own model."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QItemSelectionModel, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from . import theme
from .delegates import ChipDelegate
from .id_table import IdTableModel, TableFilterModel

ROW_HEIGHT = 1.35  # a row's height in lines of the table font
COLUMN_PADDING_CHARS = 2  # a column's width beyond its content, in digits (cell padding)


class TablePane(QWidget):
    def __init__(
        self,
        model: IdTableModel,
        proxy: TableFilterModel,
        *,
        chip_columns: tuple[str, ...],
        table_font_pt: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.model = model
        self.proxy = proxy
        proxy.setSourceModel(model)

        self.title_label = QLabel(objectName="paneTitle")
        self.summary_label = QLabel(objectName="paneSummary")
        self.summary_label.setProperty("muted", True)
        self.filter_edit = QLineEdit(objectName="paneFilter")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setPlaceholderText(self.tr("Filter"))
        self.filter_edit.setMinimumWidth(220)
        self.filter_edit.textChanged.connect(proxy.setFilterFixedString)

        header = QWidget(objectName="paneHeader")
        row = QHBoxLayout(header)
        row.setContentsMargins(10, 6, 8, 6)
        row.setSpacing(14)
        row.addWidget(self.title_label)
        row.addWidget(self.summary_label, 1)
        row.addWidget(self.filter_edit)

        self.view = QTableView(self)
        self.view.setModel(proxy)
        self.view.setSortingEnabled(True)
        self.view.horizontalHeader().setSortIndicatorClearable(True)
        self.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # the service's own order
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setAlternatingRowColors(True)
        self.view.setShowGrid(False)
        self.view.setWordWrap(False)
        self.view.setCornerButtonEnabled(False)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setHighlightSections(False)
        self.view.horizontalHeader().setDefaultAlignment(
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        )
        self._chips = ChipDelegate(self.view)
        for key in chip_columns:
            self.view.setItemDelegateForColumn(model.column_index(key), self._chips)
        self.filter_edit.returnPressed.connect(self.focus_table)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(header)
        layout.addWidget(self.view, 1)

        self.set_table_font(table_font_pt)
        self._default_header = self.header_state()

    def set_table_font(self, point_size: int) -> None:
        font = theme.table_font(point_size)
        self.view.setFont(font)
        title_font = self.title_label.font()
        title_font.setPointSize(point_size)
        self.title_label.setFont(title_font)
        metrics = QFontMetrics(font)
        # Dense but calm (DESIGN.md §1b): a line and a third, so a 1080-pixel screen shows
        # a dozen and more incidents and units at the large table font.
        self.view.verticalHeader().setDefaultSectionSize(int(metrics.height() * ROW_HEIGHT))
        header = self.view.horizontalHeader()
        digit = metrics.horizontalAdvance("0")
        header.setMinimumSectionSize(digit * 3)
        for i, column in enumerate(self.model.COLUMNS):
            header.resizeSection(i, digit * (column.width_chars + COLUMN_PADDING_CHARS))
            if column.stretch:
                header.setSectionResizeMode(i, QHeaderView.ResizeMode.Stretch)

    def focus_table(self) -> None:
        self.view.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if not self.view.selectionModel().hasSelection() and self.proxy.rowCount() > 0:
            self.view.selectRow(0)

    def select_id(self, entity_id: int) -> bool:
        """Make the row of ``entity_id`` the current and only selected row, scrolled into
        view; False when the model lacks it or the pane's filter hides it."""
        row = self.model.row_of(entity_id)
        if row is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():  # hidden by the pane's filter
            return False
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        self.view.selectionModel().setCurrentIndex(index, flags)
        self.view.scrollTo(index)
        return True

    def focus_filter(self) -> None:
        self.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_edit.selectAll()

    def header_state(self) -> bytes:
        return bytes(self.view.horizontalHeader().saveState().data())

    def restore_header_state(self, state: bytes) -> bool:
        return bool(state) and self.view.horizontalHeader().restoreState(QByteArray(state))

    def reset_header(self) -> None:
        self.view.horizontalHeader().restoreState(QByteArray(self._default_header))
