"""The export behind a progress dialog: it writes on a worker thread, Cancel leaves no
file, a failure comes back as one line; any Qt table model exports what it shows."""

from __future__ import annotations

from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QStandardItem, QStandardItemModel

from console.reports import ReportTable
from console.ui.reports.export import export_report
from console.ui.reports.from_model import table_from_model
from console.ui.reports.progress import run_export

BIG = ReportTable("大表", ["序号", "内容"], [[i, f"第{i}行"] for i in range(20_000)])


def test_export_writes_the_file(qtbot, tmp_path):
    outcome = export_report(None, tmp_path / "big.xlsx", "大表", [BIG])
    assert outcome.written and not outcome.cancelled and outcome.error is None
    assert load_workbook(tmp_path / "big.xlsx")["大表"].max_row == 20_001


def test_cancel_in_the_dialog_leaves_no_file(qtbot, tmp_path):
    dialogs = []

    def press_cancel_when_shown(dialog) -> None:
        dialogs.append(dialog)
        dialog.cancel()  # before the first row: the first progress report answers False

    outcome = export_report(
        None, tmp_path / "big.csv", "大表", [BIG], on_dialog=press_cancel_when_shown
    )
    assert dialogs and outcome.cancelled and not outcome.written
    assert list(tmp_path.iterdir()) == []


def test_cancel_midway_leaves_no_file(qtbot, tmp_path):
    seen: list[int] = []

    def job(progress) -> None:
        from console.reports import write_xlsx

        def watching(done, total):
            seen.append(done)
            return progress(done, total)

        write_xlsx(tmp_path / "big.xlsx", [BIG], progress=watching)

    def cancel_after_a_while(dialog) -> None:
        from PySide6.QtCore import QTimer

        timer = QTimer(dialog)
        timer.timeout.connect(lambda: dialog.cancel() if len(seen) > 5 else None)
        timer.start(5)

    outcome = run_export(None, tmp_path / "big.xlsx", job, on_dialog=cancel_after_a_while)
    assert outcome.cancelled
    assert 0 < max(seen) < len(BIG.rows)
    assert list(tmp_path.iterdir()) == []


def test_a_failed_export_says_why(qtbot, tmp_path):
    outcome = export_report(None, tmp_path / "no-such-folder" / "x.csv", "t", [BIG])
    assert not outcome.written and not outcome.cancelled
    assert outcome.error
    outcome = export_report(None, tmp_path / "two.csv", "t", [BIG, BIG])
    assert outcome.error and "XLSX" in outcome.error


def test_a_table_model_exports_what_it_shows(qapp):
    model = QStandardItemModel(2, 2)
    model.setHorizontalHeaderLabels(["编号", "状态"])
    for r, (number, status) in enumerate([("N1", "迟到"), ("N2", "按时")]):
        model.setItem(r, 0, QStandardItem(number))
        item = QStandardItem(status)
        if status == "迟到":
            item.setData(QColor("#f8d7da"), Qt.ItemDataRole.BackgroundRole)
        model.setItem(r, 1, item)
    table = table_from_model(model, "警情")
    assert table.columns == ["编号", "状态"]
    assert table.rows == [["N1", "迟到"], ["N2", "按时"]]
    assert table.fills == [[None, "#f8d7da"], [None, None]]
