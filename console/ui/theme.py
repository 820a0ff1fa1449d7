"""Light and dark themes, the colours of priorities and statuses, and the fonts.

DESIGN.md §1b: priorities follow the Chinese alert convention (紧急 red, 较紧急 orange,
一般 yellow, 非紧急 blue); unit statuses read available green, dispatched / en route
amber, on scene blue, busy purple, off duty grey, on loan teal. The dark theme is the
default: a command room runs all night, and a dim screen is calm at 3 a.m.

The status colours of a hue differ in lightness (备勤 light green, 巡逻 dark green; 已派
light amber, 途中 dark orange; 到场 mid blue, 处置中 light lavender), so every pair stays
apart for deuteranopes and protanopes too: tests/ui/test_status_palette.py simulates both
(colorspacious, CAM02-UCS) and keeps every pair at least 10 ΔE apart, and each chip's text
at 4.5:1 or more.

Views never hold colours: models and delegates ask ``current()`` when they paint, so a
theme switch is only a repaint.
"""

from __future__ import annotations

from dataclasses import dataclass
from string import Template

from PySide6.QtGui import QColor, QFont, QFontDatabase, QPalette
from PySide6.QtWidgets import QApplication

from console.domain.incidents import Priority
from console.domain.units import UnitStatus
from console.paths import resources_dir

# First installed family wins. Noto Sans CJK / Source Han Sans and WenQuanYi on Linux
# (Kylin, UOS), Microsoft YaHei on Windows. Qt falls back per glyph after these.
CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Microsoft YaHei",
    "Microsoft YaHei UI",
    "PingFang SC",
)

UI_FONT_PT = 11


@dataclass(frozen=True)
class Theme:
    name: str
    window: str
    base: str
    alt_base: str
    header: str
    button: str
    border: str
    text: str
    muted: str
    highlight: str
    highlight_text: str
    accent: str
    overdue: str  # text of an overdue countdown
    overdue_pulse: str  # background an overdue cell pulses to
    in_time: str  # a countdown stopped by an arrival in time
    priority: dict[str, str]
    status: dict[str, str]

    def chip(self, key: str) -> QColor | None:
        """Colour of a chip key such as ``priority:urgent`` or ``status:available``."""
        kind, _, code = key.partition(":")
        table = self.priority if kind == "priority" else self.status if kind == "status" else {}
        value = table.get(code)
        return QColor(value) if value else None


DARK = Theme(
    name="dark",
    window="#14181d",
    base="#191e24",
    alt_base="#1d232a",
    header="#222931",
    button="#252c35",
    border="#2d343e",
    text="#dde3ea",
    muted="#8e99a7",
    highlight="#2b4a6e",
    highlight_text="#ffffff",
    accent="#5b9be0",
    overdue="#ff6259",
    overdue_pulse="#4d1f1f",
    in_time="#55c882",
    priority={
        Priority.URGENT: "#d93a36",
        Priority.HIGH: "#ea7b2a",
        Priority.NORMAL: "#e3c23e",
        Priority.LOW: "#3c7fd8",
    },
    status={
        UnitStatus.AVAILABLE: "#4cd07d",
        UnitStatus.PATROLLING: "#2e8049",
        UnitStatus.DISPATCHED: "#f7d04a",
        UnitStatus.EN_ROUTE: "#b85c00",
        UnitStatus.ON_SCENE: "#2f6ad6",
        UnitStatus.BUSY: "#c6a6ff",
        UnitStatus.OFF_DUTY: "#6b7480",
        UnitStatus.ON_LOAN: "#25c6c8",
    },
)

LIGHT = Theme(
    name="light",
    window="#eceff3",
    base="#ffffff",
    alt_base="#f4f6f8",
    header="#e2e7ec",
    button="#f7f8fa",
    border="#cfd6de",
    text="#1b222a",
    muted="#5d6977",
    highlight="#c9ddf4",
    highlight_text="#0d1824",
    accent="#1f6fd0",
    overdue="#c62828",
    overdue_pulse="#fbdcd9",
    in_time="#2e7d32",
    priority={
        Priority.URGENT: "#d32f2f",
        Priority.HIGH: "#ef6c00",
        Priority.NORMAL: "#f2c200",
        Priority.LOW: "#1e6fd0",
    },
    status={
        UnitStatus.AVAILABLE: "#3bb36a",
        UnitStatus.PATROLLING: "#155c31",
        UnitStatus.DISPATCHED: "#f2c12e",
        UnitStatus.EN_ROUTE: "#b35600",
        UnitStatus.ON_SCENE: "#2a66c8",
        UnitStatus.BUSY: "#b48ef0",
        UnitStatus.OFF_DUTY: "#a9b0b9",
        UnitStatus.ON_LOAN: "#0b7d82",
    },
)

THEMES = {DARK.name: DARK, LIGHT.name: LIGHT}

_current = DARK


def current() -> Theme:
    return _current


def other(name: str) -> str:
    return LIGHT.name if name == DARK.name else DARK.name


def contrast_text(background: QColor) -> QColor:
    """Black or white, whichever reads better on ``background`` (relative luminance)."""

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    lum = (
        0.2126 * channel(background.redF())
        + 0.7152 * channel(background.greenF())
        + 0.0722 * channel(background.blueF())
    )
    return QColor("#111111") if lum > 0.3 else QColor("#ffffff")


def _palette(t: Theme) -> QPalette:
    p = QPalette()
    role = QPalette.ColorRole
    for r, value in (
        (role.Window, t.window),
        (role.WindowText, t.text),
        (role.Base, t.base),
        (role.AlternateBase, t.alt_base),
        (role.ToolTipBase, t.header),
        (role.ToolTipText, t.text),
        (role.PlaceholderText, t.muted),
        (role.Text, t.text),
        (role.Button, t.button),
        (role.ButtonText, t.text),
        (role.BrightText, t.overdue),
        (role.Highlight, t.highlight),
        (role.HighlightedText, t.highlight_text),
        (role.Link, t.accent),
        (role.Mid, t.border),
        (role.Midlight, t.header),
        (role.Dark, t.window),
        (role.Shadow, "#000000"),
    ):
        p.setColor(r, QColor(value))
    disabled = QPalette.ColorGroup.Disabled
    for r in (role.WindowText, role.Text, role.ButtonText):
        p.setColor(disabled, r, QColor(t.muted))
    return p


def style_sheet(t: Theme) -> str:
    template = Template((resources_dir() / "themes" / "console.qss").read_text("utf-8"))
    return template.substitute({k: v for k, v in vars(t).items() if isinstance(v, str)})


def apply_theme(app: QApplication, name: str) -> Theme:
    """Make ``name`` the application's theme (unknown names fall back to dark)."""
    global _current
    _current = THEMES.get(name, DARK)
    app.setPalette(_palette(_current))
    app.setStyleSheet(style_sheet(_current))
    return _current


def cjk_family() -> str | None:
    for family in CJK_FAMILIES:
        if QFontDatabase.hasFamily(family):
            return family
    return None


def apply_fonts(app: QApplication) -> QFont:
    """A CJK-capable interface font, so Chinese never shows as boxes."""
    font = QFont(app.font())
    family = cjk_family()
    if family:
        font.setFamilies([family])
    font.setPointSize(UI_FONT_PT)
    app.setFont(font)
    return font


def table_font(point_size: int) -> QFont:
    """The large font of the queue and the unit board, with tabular digits so ticking
    clocks do not jitter."""
    font = QFont(QApplication.font())
    font.setPointSize(point_size)
    font.setFeature(QFont.Tag("tnum"), 1)
    return font
