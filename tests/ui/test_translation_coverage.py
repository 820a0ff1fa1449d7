"""Every text the zh_CN interface shows is translated (issue 8).

The main window opens on the demo station in zh_CN; a walker collects what the officer can
read: the window title, menus and their actions, dock titles, labels, buttons, group
titles, placeholders, combo-box items, tab texts, the header texts of the item models, and
tooltips. A text fails when it still holds English words: a source string the catalogue
does not translate, or a text that never went through Qt translation. Proper names and
codes (SQLite, F2, A01, file paths …) are allowed by an explicit list.

A recording translator, installed beneath the console's, sees exactly the look-ups no
catalogue answered, so a failure names the context and source string to add.

This test fails until the catalogues are brought up to date at the end of a change (the
lead runs ``python -m console.ui.i18n update`` and fills them in). The companion tests show
it catches an untranslated string, and that with every string translated it passes.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication, Qt, QTranslator
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDockWidget,
    QFileDialog,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QMenu,
    QTabBar,
    QWidget,
)

from console.services.station import open_station
from console.ui.app import prepare_application

from .conftest import open_window

# Words that stay as they are in the Chinese interface: product and format names, key
# names, units. Anything with a digit in it is a code (A01, F2, 110) and always allowed.
ALLOWED_WORDS = {
    "English",  # each language is named in its own language in View > Language
    "SQLite",
    "PostgreSQL",
    "OpenStreetMap",
    "OSM",
    "ODbL",
    "Leaflet",
    "GPS",
    "PDF",
    "CSV",
    "Excel",
    "XLSX",
    "xlsx",  # file patterns: Excel (*.xlsx)
    "pdf",
    "csv",
    "URL",
    "ID",
    "Ctrl",
    "Shift",
    "Alt",
    "Esc",
    "Enter",
    "Del",
    "Tab",
    "Space",
    "km",
}
ENGLISH_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]")
PATH_OR_URL = re.compile(r"(?:[a-z][a-z0-9+.-]*://\S+|(?:[A-Za-z]:)?(?:[\\/][^\s\\/·]+)+[\\/]?)")
TIME_ZONE = re.compile(r"\b[A-Z][a-z]+/[A-Z][A-Za-z_]+\b")  # IANA names: Asia/Shanghai
TAG = re.compile(r"<[^>]+>")
PLACEHOLDER = re.compile(r"\{[^}]*\}|%n|%L?\d")


def english_words(text: str) -> list[str]:
    """The words of ``text`` that read as untranslated English."""
    plain = html.unescape(TAG.sub(" ", text)).replace("&", "")
    plain = PATH_OR_URL.sub(" ", TIME_ZONE.sub(" ", plain))
    return [
        w
        for w in ENGLISH_WORD.findall(plain)
        if w not in ALLOWED_WORDS and not any(c.isdigit() for c in w)
    ]


class LookupRecorder(QTranslator):
    """Installed first, so Qt asks it only when no catalogue had the string: it records
    those look-ups and answers nothing, so the source string shows."""

    def __init__(self) -> None:
        super().__init__()
        self.missed: set[tuple[str, str]] = set()

    def isEmpty(self) -> bool:  # noqa: N802 (Qt's name)
        return False

    def translate(self, context, source, disambiguation=None, n=-1):  # noqa: D102
        if source and english_words(PLACEHOLDER.sub(" ", source)):
            self.missed.add((context, source))
        return None  # a null string: "not found" (an empty one would be the translation)


class TranslateEverything(QTranslator):
    """A stand-in for complete catalogues: every source string (but those of the contexts
    in ``skip``) gets a Chinese text that keeps its placeholders, so formatting works."""

    def __init__(self, skip: frozenset[str] = frozenset()) -> None:
        super().__init__()
        self.skip = skip

    def isEmpty(self) -> bool:  # noqa: N802
        return False

    def translate(self, context, source, disambiguation=None, n=-1):  # noqa: D102
        if not source or context in self.skip:
            return None
        return " ".join(["译文", *PLACEHOLDER.findall(source)])


def _shown(widget: QWidget, window: QWidget) -> bool:
    return widget.isVisibleTo(window) and widget.window() is window


def _menu_texts(menu: QMenu, where: str) -> Iterator[tuple[str, str]]:
    yield f"{where} (menu title)", menu.title()
    for action in menu.actions():
        if action.isSeparator() or not action.isVisible():
            continue
        label = f"{where} > {action.text()}"
        yield label, action.text()
        yield f"{label} (tooltip)", action.toolTip()
        yield f"{label} (status tip)", action.statusTip()
        if action.menu() is not None:
            yield from _menu_texts(action.menu(), label)


def _widget_texts(widget: QWidget) -> Iterator[tuple[str, str]]:
    where = f"{type(widget).__name__} {widget.objectName() or ''}".strip()
    yield f"{where} (tooltip)", widget.toolTip()
    yield f"{where} (status tip)", widget.statusTip()
    if isinstance(widget, QDockWidget):
        yield f"{where} (title)", widget.windowTitle()
    if isinstance(widget, QLabel):
        yield where, widget.text()
    if isinstance(widget, QAbstractButton):
        yield where, widget.text()
    if isinstance(widget, QGroupBox):
        yield where, widget.title()
    if isinstance(widget, QLineEdit):
        yield f"{where} (placeholder)", widget.placeholderText()
    if isinstance(widget, QComboBox):
        for i in range(widget.count()):
            yield f"{where} item {i}", widget.itemText(i)
    if isinstance(widget, QListWidget):  # e.g. the roster's findings
        for i in range(widget.count()):
            yield f"{where} item {i}", widget.item(i).text()
    if isinstance(widget, QTabBar):
        for i in range(widget.count()):
            yield f"{where} tab {i}", widget.tabText(i)
            yield f"{where} tab {i} (tooltip)", widget.tabToolTip(i)
    if isinstance(widget, QHeaderView) and widget.model() is not None:
        model = widget.model()  # the header texts of a table's or tree's item model
        for section in range(widget.count()):
            if widget.isSectionHidden(section):
                continue
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                value = model.headerData(section, widget.orientation(), role)
                if isinstance(value, str):
                    yield f"{where} header {section}", value
    for action in widget.actions():
        if not action.isSeparator() and action.isVisible():
            yield f"{where} action", action.text()
            yield f"{where} action (tooltip)", action.toolTip()


def visible_texts(window: QMainWindow) -> list[tuple[str, str]]:
    """(where, text) of everything the officer can read in ``window`` and its menus; each
    dock tabbed behind another is brought to the front in turn to be read."""
    texts = [("window title", window.windowTitle())]
    for action in window.menuBar().actions():
        if action.menu() is not None and action.isVisible():
            texts.extend(_menu_texts(action.menu(), action.text()))
    seen: set[int] = set()

    def collect() -> None:
        for widget in [window, *window.findChildren(QWidget)]:
            address = shiboken6.getCppPointer(widget)[0]  # id() of a wrapper is reused
            if address in seen or not (widget is window or _shown(widget, window)):
                continue
            seen.add(address)
            texts.extend(_widget_texts(widget))

    collect()
    for dock in window.findChildren(QDockWidget):
        if not dock.isHidden():
            dock.raise_()
            QCoreApplication.processEvents()
            collect()
    return [(where, text) for where, text in texts if text]


def untranslated(window: QMainWindow) -> list[str]:
    return sorted(
        {
            f"{where}: {text!r} (English: {', '.join(words)})"
            for where, text in visible_texts(window)
            if (words := english_words(text))
        }
    )


def _shows(source: str, problems: list[str]) -> bool:
    """Whether the source string (its placeholders filled anyhow) is in a problem text."""
    parts = [re.escape(p) for p in PLACEHOLDER.split(source.replace("&", ""))]
    pattern = re.compile(".*".join(parts), re.DOTALL)
    return any(pattern.search(p.replace("\\n", "\n")) for p in problems)


@pytest.fixture
def demo_window(qtbot, qapp, demo_store, ui_settings):
    """A function opening the main window on the demo station in zh_CN, with translators
    installed beneath the catalogues (``below``, asked last) or above them (``above``)."""
    ctx = open_station(demo_store[0])
    windows: list[QMainWindow] = []
    installed: list[QTranslator] = []

    def open_it(below=(), above=()) -> QMainWindow:
        for translator in below:
            qapp.installTranslator(translator)
        prepare_application(qapp, ui_settings)  # zh_CN is the default language
        for translator in above:
            qapp.installTranslator(translator)
        installed.extend([*below, *above])
        window = open_window(qtbot, ctx, ui_settings)
        windows.append(window)
        return window

    yield open_it
    for window in windows:
        window.close()
    for translator in installed:  # the session's QApplication serves other tests next
        qapp.removeTranslator(translator)
    ctx.close()


def test_every_visible_text_of_the_chinese_interface_is_translated(demo_window):
    recorder = LookupRecorder()
    window = demo_window(below=[recorder])
    problems = untranslated(window)
    missing = "\n".join(f"  [{c}] {s!r}" for c, s in sorted(recorder.missed) if _shows(s, problems))
    assert not problems, (
        f"{len(problems)} texts of the zh_CN interface are not translated:\n  "
        + "\n  ".join(problems)
        + f"\nsource strings the catalogues lack (context, source):\n{missing}"
    )


def _dialog_texts(dialog: QWidget) -> list[str]:
    texts = []
    for widget in [dialog, *dialog.findChildren(QWidget)]:
        if widget.isVisibleTo(dialog):
            texts.extend(f"{where}: {text!r}" for where, text in _widget_texts(widget) if text)
    return [t for t in texts if english_words(t.split(": ", 1)[1])]


def test_qts_own_file_dialog_is_chinese(qtbot, demo_window):
    """Qt's file dialog (the one the exports open when there is no native one): its labels
    come from Qt's qtbase catalogue, and from the console's where that one lacks them."""
    window = demo_window()
    dialog = QFileDialog(window, "导出")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setNameFilters(["Excel (*.xlsx)"])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    problems = _dialog_texts(dialog)
    assert not problems, "Qt's file dialog shows English:\n  " + "\n  ".join(problems)


def _demo_roster(window):
    """The roster pane on the demo station's roster, with its findings listed."""
    window.roster_dock.show()
    window.roster_dock.raise_()
    pane = window.roster_dock.pane
    QCoreApplication.processEvents()
    return pane


def test_the_roster_findings_are_chinese(qtbot, demo_window):
    window = demo_window()
    pane = _demo_roster(window)
    qtbot.waitUntil(lambda: pane.findings.count() > 0, timeout=20_000)
    texts = [pane.findings.item(i).text() for i in range(pane.findings.count())]
    # Each kind of soft finding as the list words it, whether or not the demo has one now.
    from console.services.rosters import RULE_TITLES, Finding
    from console.ui.roster.findings import finding_text

    for rule, key in (("cover_under", "post=指挥长"), ("cover_over", ""), ("fair_nights", "<=5")):
        finding = Finding(False, rule, RULE_TITLES[rule], "P001", "一班民警1", None, None, "",
                          5, 1, key)  # fmt: skip
        texts.append(finding_text(finding, pane.view.problem))
    problems = [t for t in texts if english_words(t)]
    assert not problems, "findings in English:\n  " + "\n  ".join(problems)


def test_the_roster_workbook_is_chinese(qtbot, demo_window, tmp_path):
    """The exported roster: sheet names (whole, within Excel's 31 characters), headers and
    every cell."""
    from openpyxl import load_workbook

    from console.reports.xlsx import write_xlsx
    from console.ui.roster.report import roster_tables

    window = demo_window()
    pane = _demo_roster(window)
    qtbot.waitUntil(lambda: pane.findings.count() > 0, timeout=20_000)
    tables = roster_tables(pane.view)
    path = tmp_path / "roster.xlsx"
    write_xlsx(path, tables)
    book = load_workbook(path, read_only=True)
    assert book.sheetnames == [t.title[:31] for t in tables]
    assert all(len(t.title) <= 31 for t in tables), [t.title for t in tables]
    problems = [f"sheet {name!r}" for name in book.sheetnames if english_words(name)]
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            for value in row:
                if isinstance(value, str) and english_words(value):
                    problems.append(f"{sheet.title}: {value!r}")
    assert not problems, "the roster workbook holds English:\n  " + "\n  ".join(problems)


def test_an_untranslated_string_is_caught(demo_window):
    window = demo_window(above=[TranslateEverything(skip=frozenset({"CoverageProbe"}))])
    probe = QLabel(QCoreApplication.translate("CoverageProbe", "Units on patrol"))
    probe.setObjectName("coverageProbe")
    window.statusBar().addWidget(probe)
    probe.show()
    problems = untranslated(window)
    assert any("coverageProbe" in p and "Units on patrol" in p for p in problems), problems


def test_with_every_string_translated_the_walk_finds_nothing(demo_window):
    """What the first test will see once the catalogues are complete: proper names, codes,
    paths and the station's own data pass; the walk reaches menus, docks and headers."""
    window = demo_window(above=[TranslateEverything()])
    texts = visible_texts(window)
    problems = untranslated(window)
    kinds = " ".join(where for where, _ in texts)
    for reached in ("menu title", "QDockWidget", "header", "tooltip", "QLabel"):
        assert reached in kinds, f"the walk never read a {reached}"
    assert not problems, "texts that never went through Qt translation:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("警情队列", []),
        ("SQLite · /tmp/pytest-of-root/demo/demo.sqlite3", []),
        ("派警 (F8)", []),
        ("Ctrl+I 打开警情", []),
        ("A01 巡逻车", []),
        ("<b>新街口派出所</b>", []),
        ("English", []),
        ("Units on patrol", ["Units", "on", "patrol"]),
        ("&Dispatch", ["Dispatch"]),
        ("已派警 3 units", ["units"]),
    ],
)
def test_english_words_allows_names_codes_and_paths_only(text, words):
    assert english_words(text) == words
