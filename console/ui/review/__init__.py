"""The station chief's review pane (复盘): the debrief window, its charts and tables."""

from .charts import draw_all_charts
from .window import ReviewWindow

__all__ = ["ReviewWindow", "draw_all_charts"]
