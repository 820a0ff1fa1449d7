"""The one registry of the console's options, stored with QSettings.

Every option is declared here once, with its key, default, type and a translatable title.
Two groups: *preferences* the user chooses (theme, language, text size) and *state* the
window remembers by itself (geometry, dock layout, column widths). The file carries a
version; ``UPGRADES`` turns an older file into the current shape when it is opened.

Settings live in an INI file under the user's config folder (``XDG_CONFIG_HOME`` on
Linux), the same format on every platform, so support staff can read or delete it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from platformdirs import user_config_path
from PySide6.QtCore import QT_TRANSLATE_NOOP, QByteArray, QSettings

from console.paths import APP_NAME

T = TypeVar("T")

PREFERENCES = "preferences"
STATE = "state"

SETTINGS_VERSION = 1
VERSION_KEY = "meta/version"


@dataclass(frozen=True)
class Option(Generic[T]):
    group: str  # PREFERENCES or STATE
    name: str
    default: T
    type: type
    title: str  # English source text; translate with context "Settings"
    choices: tuple[T, ...] = ()
    minimum: int | None = None
    maximum: int | None = None

    @property
    def key(self) -> str:
        return f"{self.group}/{self.name}"


REGISTRY: dict[str, Option[Any]] = {}


def _declare(option: Option[T]) -> Option[T]:
    if option.key in REGISTRY:
        raise ValueError(f"option {option.key} declared twice")
    REGISTRY[option.key] = option
    return option


# --- preferences -------------------------------------------------------------------------

THEME = _declare(
    Option(
        PREFERENCES,
        "theme",
        "dark",
        str,
        QT_TRANSLATE_NOOP("Settings", "Colour theme"),
        choices=("dark", "light"),
    )
)
LANGUAGE = _declare(
    Option(
        PREFERENCES,
        "language",
        "zh_CN",
        str,
        QT_TRANSLATE_NOOP("Settings", "Interface language"),
        choices=("zh_CN", "en"),
    )
)
TABLE_FONT_PT = _declare(
    Option(
        PREFERENCES,
        "table_font_pt",
        14,
        int,
        QT_TRANSLATE_NOOP("Settings", "Text size of the queue and unit board (points)"),
        minimum=9,
        maximum=28,
    )
)

STATION_STORE = _declare(  # the first-run screen's choice (issue 8)
    Option(
        PREFERENCES,
        "station_store",
        "",
        str,
        QT_TRANSLATE_NOOP(
            "Settings",
            "Station database opened at start: a SQLite file, a PostgreSQL URL, or 'demo' (empty: ask)",
        ),
    )
)

MAP_TILE_URL = _declare(
    Option(
        PREFERENCES,
        "map_tile_url",
        "",
        str,
        QT_TRANSLATE_NOOP(
            "Settings",
            "Map base layer: intranet tile server URL template ({z}/{x}/{y}); empty draws the roads",
        ),
    )
)

URGENT_SOUND = _declare(
    Option(
        PREFERENCES,
        "urgent_sound",
        True,
        bool,
        QT_TRANSLATE_NOOP("Settings", "Sound once when a new urgent incident arrives"),
    )
)
DUPLICATE_PHONE_MIN = _declare(
    Option(
        PREFERENCES,
        "duplicate_phone_min",
        30,
        int,
        QT_TRANSLATE_NOOP("Settings", "Possible duplicate: same phone within (minutes)"),
        minimum=1,
        maximum=720,
    )
)
DUPLICATE_NEARBY_MIN = _declare(
    Option(
        PREFERENCES,
        "duplicate_nearby_min",
        15,
        int,
        QT_TRANSLATE_NOOP("Settings", "Possible duplicate: same category nearby within (minutes)"),
        minimum=1,
        maximum=720,
    )
)
DUPLICATE_NEARBY_M = _declare(
    Option(
        PREFERENCES,
        "duplicate_nearby_m",
        200,
        int,
        QT_TRANSLATE_NOOP("Settings", "Possible duplicate: nearby means within (metres)"),
        minimum=10,
        maximum=5000,
    )
)

# Unit board (issue 4): when a unit's clock is flagged stale.
STALE_POSITION_S = _declare(
    Option(
        PREFERENCES,
        "stale_position_s",
        300,
        int,
        QT_TRANSLATE_NOOP("Settings", "A unit's position is stale after (seconds)"),
        minimum=30,
        maximum=3600,
    )
)
STALE_DISPATCHED_MIN = _declare(
    Option(
        PREFERENCES,
        "stale_dispatched_min",
        3,
        int,
        QT_TRANSLATE_NOOP("Settings", "Flag a unit dispatched but not en route after (minutes)"),
        minimum=1,
        maximum=60,
    )
)
STALE_EN_ROUTE_MIN = _declare(
    Option(
        PREFERENCES,
        "stale_en_route_min",
        20,
        int,
        QT_TRANSLATE_NOOP("Settings", "Flag a unit en route after (minutes)"),
        minimum=1,
        maximum=240,
    )
)
STALE_ON_SCENE_MIN = _declare(
    Option(
        PREFERENCES,
        "stale_on_scene_min",
        60,
        int,
        QT_TRANSLATE_NOOP("Settings", "Flag a unit on scene after (minutes)"),
        minimum=5,
        maximum=720,
    )
)
STALE_BUSY_MIN = _declare(
    Option(
        PREFERENCES,
        "stale_busy_min",
        90,
        int,
        QT_TRANSLATE_NOOP("Settings", "Flag a unit busy after (minutes)"),
        minimum=5,
        maximum=720,
    )
)

# The review's task-point score (issue 7): one weight per term of PointWeights, whose
# defaults are the seeds' 任务积分制; see console/domain/review/results.py.
POINT_WEIGHTS = {
    name: _declare(
        Option(PREFERENCES, f"review_points_{name}", default, float, title, minimum=0, maximum=100)
    )
    for name, default, title in (
        ("incident", 1.0, QT_TRANSLATE_NOOP("Settings", "Task points per incident handled")),
        ("urgent_incident", 1.0, QT_TRANSLATE_NOOP("Settings", "Extra points per urgent incident")),
        ("on_scene_hour", 0.5, QT_TRANSLATE_NOOP("Settings", "Task points per hour on scene")),
        ("rostered_hour", 0.0, QT_TRANSLATE_NOOP("Settings", "Task points per hour rostered")),
        ("night_shift", 2.0, QT_TRANSLATE_NOOP("Settings", "Task points per night shift")),
        ("weekend_shift", 1.0, QT_TRANSLATE_NOOP("Settings", "Task points per weekend shift")),
        ("support_duty", 2.0, QT_TRANSLATE_NOOP("Settings", "Task points per support duty")),
    )
}

# --- remembered window state -------------------------------------------------------------

WINDOW_GEOMETRY = _declare(
    Option(
        STATE,
        "window_geometry",
        b"",
        bytes,
        QT_TRANSLATE_NOOP("Settings", "Main window position and size"),
    )
)
WINDOW_STATE = _declare(
    Option(
        STATE,
        "window_state",
        b"",
        bytes,
        QT_TRANSLATE_NOOP("Settings", "Layout of the docked panes"),
    )
)
ROSTER_GEOMETRY = _declare(
    Option(
        STATE,
        "roster_geometry",
        b"",
        bytes,
        QT_TRANSLATE_NOOP("Settings", "Roster window position and size"),
    )
)
QUEUE_HEADER = _declare(
    Option(
        STATE, "queue_header", b"", bytes, QT_TRANSLATE_NOOP("Settings", "Incident queue columns")
    )
)
UNITS_HEADER = _declare(
    Option(STATE, "units_header", b"", bytes, QT_TRANSLATE_NOOP("Settings", "Unit board columns"))
)

# Upgrade functions by the version they upgrade *from*: UPGRADES[1] turns a version-1 file
# into version 2. Each gets the open QSettings and may rename or drop keys.
UPGRADES: dict[int, Callable[[QSettings], None]] = {}


def default_path() -> Path:
    return user_config_path(APP_NAME, appauthor=False) / "console.ini"


class Settings:
    """Typed access to the registry's options in one settings file."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._qs = QSettings(str(self.path), QSettings.Format.IniFormat)
        self._upgrade()

    @property
    def version(self) -> int:
        return _to_int(self._qs.value(VERSION_KEY), 0)

    def _upgrade(self) -> None:
        if not self._qs.allKeys():  # a new file starts at the current version
            self._qs.setValue(VERSION_KEY, SETTINGS_VERSION)
            return
        version = self.version
        # A newer console's file is read as far as it fits and left as it is.
        while version < SETTINGS_VERSION:
            step = UPGRADES.get(version)
            if step is not None:
                step(self._qs)
            version += 1
            self._qs.setValue(VERSION_KEY, version)

    def value(self, option: Option[T]) -> T:
        raw = self._qs.value(option.key)
        if raw is None:
            return option.default
        value = _convert(raw, option)
        if value is None or not _acceptable(value, option):
            return option.default
        return value

    def set_value(self, option: Option[T], value: T) -> None:
        if not isinstance(value, option.type) or not _acceptable(value, option):
            raise ValueError(f"{value!r} is not a valid value for {option.key}")
        self._qs.setValue(option.key, QByteArray(value) if option.type is bytes else value)

    def reset(self, option: Option[Any]) -> None:
        self._qs.remove(option.key)

    def reset_group(self, group: str) -> None:
        for option in REGISTRY.values():
            if option.group == group:
                self._qs.remove(option.key)

    def sync(self) -> None:
        self._qs.sync()


def _acceptable(value: Any, option: Option[Any]) -> bool:
    if option.choices and value not in option.choices:
        return False
    if option.minimum is not None and value < option.minimum:
        return False
    return not (option.maximum is not None and value > option.maximum)


def _to_int(raw: Any, fallback: int | None) -> int | None:
    try:
        return int(raw)
    except (TypeError, ValueError):
        return fallback


def _convert(raw: Any, option: Option[Any]) -> Any:
    """QSettings' INI format hands back strings; turn them into the option's type."""
    if option.type is bytes:
        if isinstance(raw, QByteArray):
            return bytes(raw.data())
        return raw if isinstance(raw, bytes) else None
    if option.type is bool:
        if isinstance(raw, bool):
            return raw
        return str(raw).lower() in ("true", "1", "yes")
    if option.type is int:
        return _to_int(raw, None)
    if option.type is float:
        try:
            return float(raw)
        except (TypeError, ValueError):
            return None
    if option.type is str:
        return str(raw)
    return raw
