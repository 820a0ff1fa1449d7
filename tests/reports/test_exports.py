"""Exports read back: XLSX with openpyxl, CSV with its byte-order mark, PDF through
pdftotext; a cancelled export leaves no file, not even a partial one."""

from __future__ import annotations

import csv
import shutil
import subprocess
import unicodedata
from datetime import UTC, datetime, timedelta

import pytest
from openpyxl import load_workbook

from console.reports import ExportCancelled, ReportTable, write_csv, write_xlsx

LATE = ReportTable(
    title="迟到警情",
    columns=["警情编号", "等级", "到场用时", "接警时间", "说明"],
    rows=[
        [
            "20261120-0001",
            "紧急",
            412.5,
            datetime(2026, 11, 20, 22, 14, 5),
            "两人在店外打架，一人持刀",
        ],
        ["20261120-0002", "一般", 1200, None, 'quote " and, comma'],
        [
            "20261120-0003",
            "较紧急",
            timedelta(minutes=11, seconds=3),
            datetime(2026, 11, 20, 23, 0, tzinfo=UTC),
            "",
        ],
    ],
    fills=[["#f8d7da", None, None, None, None], [None] * 5, [None, "#ffe5b4", None, None, None]],
)


def _big(rows: int) -> ReportTable:
    return ReportTable("大表", ["序号", "内容"], [[i, f"第{i}行"] for i in range(rows)])


def test_xlsx_reads_back_with_one_sheet_per_table(tmp_path):
    path = tmp_path / "复盘.xlsx"
    write_xlsx(path, [LATE, _big(3), ReportTable("迟到警情", ["a"], [])])
    book = load_workbook(path)
    assert book.sheetnames == ["迟到警情", "大表", "迟到警情 (2)"]
    sheet = book["迟到警情"]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0] == LATE.columns
    assert values[1][:3] == ["20261120-0001", "紧急", 412.5]
    assert values[1][3] == datetime(2026, 11, 20, 22, 14, 5)
    assert values[2][2] == 1200 and values[2][3] is None
    assert values[3][2] == timedelta(minutes=11, seconds=3)
    assert values[3][3] == datetime(2026, 11, 20, 23, 0)  # wall time kept, zone dropped
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.bold
    assert sheet["A2"].fill.fgColor.rgb.endswith("F8D7DA")
    assert sheet["B4"].fill.fgColor.rgb.endswith("FFE5B4")
    assert sheet["B2"].fill.fill_type is None
    # The narrative column is wider than the grade column: widths follow the content.
    assert sheet.column_dimensions["E"].width > sheet.column_dimensions["B"].width
    assert [[c.value for c in r] for r in book["大表"].iter_rows()][1:] == [
        [0, "第0行"],
        [1, "第1行"],
        [2, "第2行"],
    ]


def test_csv_reads_back_with_its_bom(tmp_path):
    path = tmp_path / "late.csv"
    write_csv(path, LATE)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel opens it as UTF-8 because of this
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == LATE.columns
    assert rows[1] == [
        "20261120-0001",
        "紧急",
        "412.5",
        "2026-11-20 22:14:05",
        "两人在店外打架，一人持刀",
    ]
    assert rows[2] == ["20261120-0002", "一般", "1200", "", 'quote " and, comma']
    assert rows[3][2] == "11:03"
    assert len(rows) == 4


def test_progress_counts_up_to_the_total(tmp_path):
    seen: list[tuple[int, int]] = []
    write_csv(tmp_path / "big.csv", _big(2000), progress=lambda d, t: seen.append((d, t)) or True)
    assert seen[-1] == (2000, 2000)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert len(seen) > 3


@pytest.mark.parametrize("writer", ["csv", "xlsx"])
@pytest.mark.parametrize("cancel_at", [0, 500, 2000])
def test_cancel_leaves_no_file(tmp_path, writer, cancel_at):
    target = tmp_path / f"out.{writer}"

    def progress(done: int, total: int) -> bool:
        return done < cancel_at

    with pytest.raises(ExportCancelled):
        if writer == "csv":
            write_csv(target, _big(2000), progress=progress)
        else:
            write_xlsx(target, [_big(2000)], progress=progress)
    assert list(tmp_path.iterdir()) == []


def test_cancel_keeps_an_older_file_untouched(tmp_path):
    target = tmp_path / "out.csv"
    target.write_text("older report", encoding="utf-8")
    with pytest.raises(ExportCancelled):
        write_csv(target, _big(2000), progress=lambda done, total: done < 1000)
    assert target.read_text(encoding="utf-8") == "older report"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_a_failed_write_leaves_no_temporary_file(tmp_path):
    bad = ReportTable("坏", ["a"], [[object()]])  # written as its text: fine
    write_xlsx(tmp_path / "ok.xlsx", [bad])

    class Boom(Exception):
        pass

    def progress(done, total):
        if done >= 100:
            raise Boom
        return True

    with pytest.raises(Boom):
        write_xlsx(tmp_path / "x.xlsx", [_big(1000)], progress=progress)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ok.xlsx"]


def pdf_text(path) -> str:
    """The PDF's text layer, compatibility-normalised: the embedded Noto Sans CJK maps a
    few ideographs (首, 人 …) to their look-alike Kangxi radicals, which NFKC folds back."""
    assert shutil.which("pdftotext"), "pdftotext missing: packaging/setup.sh installs poppler-utils"
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True)
    return unicodedata.normalize("NFKC", out.stdout.decode("utf-8"))
