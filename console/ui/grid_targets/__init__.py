"""Arrival targets per grid (各网格到场时限): a small dialog opened from the File menu."""

from .dialog import GridTargetsDialog, add_grid_targets_action

__all__ = ["GridTargetsDialog", "add_grid_targets_action"]
