"""Report exports without Qt: tables to XLSX (openpyxl) and CSV (UTF-8 with BOM).

The PDF writer needs Qt's painter and lives in ``console.ui.reports``. Every writer takes
an optional ``progress(done, total) -> bool``; returning False cancels, the writer raises
``ExportCancelled`` and no file (not even a partial one) is left at the target.
"""

from .atomic import ExportCancelled
from .csv_export import write_csv
from .table import ReportTable, cell_text


def __getattr__(name: str):
    # openpyxl takes a fifth of a second to load: only when an XLSX is written.
    if name == "write_xlsx":
        from .xlsx import write_xlsx

        return write_xlsx
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["ExportCancelled", "ReportTable", "cell_text", "write_csv", "write_xlsx"]
