"""The PDF writer: opens, holds the Chinese title and every table row, repeats the
header on each page, embeds a CJK font; cancelled, it leaves nothing."""

from __future__ import annotations

import subprocess

import pytest
from PySide6.QtGui import QColor, QImage, QPainter

from console.reports import ExportCancelled, ReportTable
from console.ui.reports.pdf import write_pdf

from .test_exports import LATE, pdf_text


def _pages(path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True)
    return int(
        next(line.split()[-1] for line in info.stdout.splitlines() if line.startswith("Pages:"))
    )


def _chart() -> QImage:
    image = QImage(800, 300, QImage.Format.Format_ARGB32)
    image.fill(QColor("#ffffff"))
    painter = QPainter(image)
    painter.fillRect(50, 50, 200, 200, QColor("#d93a36"))
    painter.end()
    return image


def test_pdf_opens_with_the_chinese_title_and_table(qapp, tmp_path):
    path = tmp_path / "复盘.pdf"
    write_pdf(
        path, "夜班复盘 2026-11-20 20:00—08:00", ["首接率 98.5% 门口 长期 车辆", _chart(), LATE]
    )
    text = pdf_text(path)
    assert "夜班复盘 2026-11-20 20:00—08:00" in text
    assert "首接率 98.5% 门口 长期 车辆" in text
    for row in LATE.rows:
        assert row[0] in text
    assert "两人在店外打架" in text
    # Copying and searching give the ideographs, not the look-alike radicals that share
    # their glyphs in Noto Sans CJK (人 ⼈, 门 ⻔, 首 ⾸), even without normalising.
    raw = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
    assert "首接率 98.5% 门口 长期 车辆" in raw.stdout.decode("utf-8")
    assert "两人在店外打架" in raw.stdout.decode("utf-8")
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    cjk = [line for line in fonts.stdout.splitlines() if "CJK" in line]
    assert cjk and all(" yes " in line for line in cjk)  # embedded


def test_long_tables_paginate_with_the_header_on_every_page(qapp, tmp_path):
    table = ReportTable(
        "全部警情", ["警情编号", "说明"], [[f"N{i:05d}", "巡逻"] for i in range(400)]
    )
    path = tmp_path / "long.pdf"
    write_pdf(path, "长表", [table], landscape=True)
    pages = _pages(path)
    assert pages >= 5
    text = pdf_text(path)
    assert text.count("警情编号") == pages  # the header row repeats on each page
    assert all(f"N{i:05d}" in text for i in range(400))


@pytest.mark.parametrize("cancel_at", [0, 100])
def test_cancelled_pdf_leaves_no_file(qapp, tmp_path, cancel_at):
    table = ReportTable("全部警情", ["警情编号"], [[i] for i in range(400)])
    with pytest.raises(ExportCancelled):
        write_pdf(
            tmp_path / "x.pdf", "长表", [table], progress=lambda done, total: done < cancel_at
        )
    assert list(tmp_path.iterdir()) == []
