"""Export a report (tables, charts, paragraphs) to the format its file name asks for:
PDF with everything, XLSX with every table as a sheet, CSV with one table."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from console.reports import ReportTable, write_csv, write_xlsx
from console.reports.atomic import Progress

from .pdf import Block, write_pdf
from .progress import ExportOutcome, run_export

FORMAT_FILTERS = {
    "pdf": "PDF (*.pdf)",
    "xlsx": "Excel (*.xlsx)",
    "csv": "CSV (*.csv)",
}


def write_report(
    path: str | Path,
    title: str,
    blocks: Sequence[Block],
    *,
    landscape: bool = False,
    progress: Progress | None = None,
) -> None:
    """Write ``blocks`` to ``path`` in the format of its suffix (.pdf, .xlsx, .csv)."""
    suffix = Path(path).suffix.lower()
    tables = [b for b in blocks if isinstance(b, ReportTable)]
    if suffix == ".pdf":
        write_pdf(path, title, blocks, landscape=landscape, progress=progress)
    elif suffix == ".xlsx":
        write_xlsx(path, tables, progress=progress)
    elif suffix == ".csv":
        if len(tables) != 1:
            raise ValueError(
                QCoreApplication.translate("Reports", "A CSV file holds one table; choose XLSX.")
            )
        write_csv(path, tables[0], progress=progress)
    else:
        raise ValueError(
            QCoreApplication.translate("Reports", "Unknown export format: {suffix}").format(
                suffix=suffix or "?"
            )
        )


def export_report(
    parent: QWidget | None,
    path: str | Path,
    title: str,
    blocks: Sequence[Block],
    *,
    landscape: bool = False,
    on_dialog: Callable[[QProgressDialog], None] | None = None,
) -> ExportOutcome:
    """Write the report behind a progress dialog that can cancel it."""
    return run_export(
        parent,
        path,
        lambda progress: write_report(path, title, blocks, landscape=landscape, progress=progress),
        on_dialog=on_dialog,
    )


def choose_export_path(
    parent: QWidget | None, suggested_name: str, formats: Sequence[str] = ("pdf", "xlsx", "csv")
) -> Path | None:
    """Ask where to save; the chosen filter's suffix is added when the name has none."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    filters = [FORMAT_FILTERS[f] for f in formats]
    name, chosen = QFileDialog.getSaveFileName(
        parent,
        QCoreApplication.translate("Reports", "Export"),
        str(Path(folder or Path.home()) / f"{suggested_name}.{formats[0]}"),
        ";;".join(filters),
    )
    if not name:
        return None
    path = Path(name)
    if path.suffix.lower().lstrip(".") not in formats:
        suffix = formats[filters.index(chosen)] if chosen in filters else formats[0]
        path = path.with_name(f"{path.name}.{suffix}")
    return path


def export_with_dialogs(
    parent: QWidget | None,
    title: str,
    blocks: Sequence[Block] | Callable[[str], Sequence[Block]],
    *,
    suggested_name: str,
    formats: Sequence[str] = ("pdf", "xlsx", "csv"),
    landscape: bool = False,
) -> ExportOutcome | None:
    """Ask for a file, export to it with progress, and say what happened. ``blocks`` may
    be a function of the chosen format, so charts are only drawn for a PDF."""
    path = choose_export_path(parent, suggested_name, formats)
    if path is None:
        return None
    content = blocks(path.suffix.lower().lstrip(".")) if callable(blocks) else blocks
    outcome = export_report(parent, path, title, content, landscape=landscape)
    if outcome.error is not None:
        QMessageBox.warning(
            parent,
            QCoreApplication.translate("Reports", "Export"),
            QCoreApplication.translate(
                "Reports", "The report could not be written: {reason}"
            ).format(reason=outcome.error),
        )
    return outcome
