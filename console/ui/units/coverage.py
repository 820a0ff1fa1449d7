"""How coverage levels (警力冰点) look: the four warning colours and their names."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from console.domain.unit_alerts import CoverageLevel

from ..service_message import service_message

__all__ = ["COVERAGE_COLOURS", "COVERAGE_NAMES", "coverage_level_name", "service_message"]

# (background, text): 黑 none, 红 short, 蓝 thin, 绿 sufficient — the same on both themes,
# since they are warning colours, not decoration.
COVERAGE_COLOURS: dict[CoverageLevel, tuple[str, str]] = {
    CoverageLevel.NONE: ("#000000", "#ffffff"),
    CoverageLevel.SHORT: ("#d32f2f", "#ffffff"),
    CoverageLevel.THIN: ("#1f63c6", "#ffffff"),
    CoverageLevel.SUFFICIENT: ("#2e8b57", "#ffffff"),
}

COVERAGE_NAMES = {
    CoverageLevel.NONE: QT_TRANSLATE_NOOP("Coverage", "black: no unit can go"),
    CoverageLevel.SHORT: QT_TRANSLATE_NOOP("Coverage", "red: short of units"),
    CoverageLevel.THIN: QT_TRANSLATE_NOOP("Coverage", "blue: thin, one call empties it"),
    CoverageLevel.SUFFICIENT: QT_TRANSLATE_NOOP("Coverage", "green: sufficient"),
}


def coverage_level_name(level: CoverageLevel) -> str:
    return QCoreApplication.translate("Coverage", COVERAGE_NAMES[level])
