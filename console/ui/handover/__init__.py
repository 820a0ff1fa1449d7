"""Handover (交接班): the dialog and the status bar's prompt."""
