"""Where the console finds its own files and keeps the user's."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from platformdirs import user_data_path

APP_NAME = "station-console"


def install_root() -> Path:
    """The folder holding ``console/``, ``resources/`` and ``db/`` (repo or bundle)."""
    bundle = getattr(sys, "_MEIPASS", None)  # PyInstaller one-folder bundle
    if bundle:
        return Path(bundle)
    return Path(__file__).resolve().parent.parent


def resources_dir() -> Path:
    return install_root() / "resources"


def migrations_dir() -> Path:
    return install_root() / "db"


def user_data_dir() -> Path:
    override = os.environ.get("CONSOLE_DATA_DIR")
    return Path(override) if override else user_data_path(APP_NAME, appauthor=False)


def demo_database_path() -> Path:
    return user_data_dir() / "demo-station.sqlite3"


def geodata_dir() -> Path:
    """Shared OpenStreetMap extracts: ``CONSOLE_GEODATA``, a bundled copy, or ../shared/geodata."""
    override = os.environ.get("CONSOLE_GEODATA")
    if override:
        return Path(override)
    bundled = resources_dir() / "geodata"
    if bundled.is_dir():
        return bundled
    return install_root().parent / "shared" / "geodata"


def default_osm_extract() -> Path:
    return geodata_dir() / "nanjing_xinjiekou.osm"
