"""The roster pane (排班): the calendar editor, the solver with its live chart, approval
and export."""
