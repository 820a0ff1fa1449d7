"""Report exports without Qt: tables to XLSX (openpyxl) and CSV (UTF-8 with BOM).

The PDF writer needs Qt's painter and lives in ``console.ui.reports``. Every writer takes
an optional ``progress(done, total) -> bool``; returning False cancels, the writer raises
``ExportCancelled`` and no file (not even a partial one) is left at the target.
"""

from .atomic import ExportCancelled
from .csv_export import write_csv
from .table import ReportTable, cell_text
from .xlsx import write_xlsx

__all__ = ["ExportCancelled", "ReportTable", "cell_text", "write_csv", "write_xlsx"]
