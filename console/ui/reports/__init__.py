"""Report exports that need Qt: the PDF writer and the export dialog with progress."""
