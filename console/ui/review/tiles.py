"""The headline figures of a debrief, each in a tile read from across the room."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from .. import theme


class FigureTile(QFrame):
    def __init__(self, caption: str, *, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.caption_label = QLabel(caption)
        self.caption_label.setProperty("muted", True)
        self.value_label = QLabel("—")
        font = self.value_label.font()
        font.setPointSize(22)
        font.setBold(True)
        self.value_label.setFont(font)
        self.detail_label = QLabel("")
        self.detail_label.setProperty("muted", True)
        for label in (self.caption_label, self.value_label, self.detail_label):
            label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.setSpacing(0)
        layout.addWidget(self.caption_label)
        layout.addWidget(self.value_label)
        layout.addWidget(self.detail_label)

    def set_figure(self, value: str, detail: str = "", state: str | None = None) -> None:
        """``state``: "good" (green), "bad" (red) or None (plain)."""
        self.value_label.setText(value)
        self.detail_label.setText(detail)
        t = theme.current()
        color = {"good": t.in_time, "bad": t.overdue}.get(state or "")
        self.value_label.setStyleSheet(f"color: {color};" if color else "")

    @property
    def value(self) -> str:
        return self.value_label.text()


class TileRow(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tiles: dict[str, FigureTile] = {}
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(8)

    def add(self, key: str, caption: str) -> FigureTile:
        tile = FigureTile(caption, object_name=f"tile_{key}", parent=self)
        self.tiles[key] = tile
        self._layout.addWidget(tile, 1)
        return tile
