"""Qt widgets, item models and dialogs, one folder per pane. Never imports the store."""
