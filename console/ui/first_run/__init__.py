"""The first-run screen (issue 8): choose the station's store on a new workstation."""

from .dialog import DEMO_CHOICE, FirstRunDialog, new_station_path
from .launch import run_with_first_run

__all__ = ["DEMO_CHOICE", "FirstRunDialog", "new_station_path", "run_with_first_run"]
