"""The demo station: a believable police station built from real OpenStreetMap data.

``build_demo_station`` (in :mod:`console.demo.builder`) fills an empty store with a
jurisdiction, its grids, roads, key places and address book, the station's people and
units, and 90 days of incident history ending at a chosen moment.
"""

from .errors import DemoDataError

__all__ = ["DemoDataError"]
