"""Station-local calendar of UTC epoch seconds, vectorised and correct across DST changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import numpy as np

_HOUR = 3600


def local_seconds(epochs: np.ndarray, tz: ZoneInfo) -> np.ndarray:
    """Epoch seconds shifted by the station's UTC offset at each moment.

    Offsets only change on whole hours (or halves) in practice, so one zoneinfo lookup per
    UTC hour of the span covers any number of moments.
    """
    if len(epochs) == 0:
        return epochs.astype(np.float64)
    hours = np.floor(epochs / _HOUR).astype(np.int64)
    first = int(hours.min())
    return epochs + _hourly_offsets(tz, first, int(hours.max()))[hours - first]


@lru_cache(maxsize=16)
def _hourly_offsets(tz: ZoneInfo, first_hour: int, last_hour: int) -> np.ndarray:
    """UTC offset (seconds) of each UTC hour from ``first_hour`` to ``last_hour``."""
    return np.array(
        [
            datetime.fromtimestamp(h * _HOUR, UTC).astimezone(tz).utcoffset().total_seconds()
            for h in range(first_hour, last_hour + 1)
        ]
    )


_EPOCH_DAY = date(1970, 1, 1)


def local_day_numbers(epochs: np.ndarray, tz: ZoneInfo) -> np.ndarray:
    """Station-local day of each moment, as days since 1970-01-01."""
    return np.floor(local_seconds(epochs, tz) / 86400).astype(np.int64)


def day_of(number: int) -> date:
    return _EPOCH_DAY + timedelta(days=int(number))


def weekday_hour(epochs: np.ndarray, tz: ZoneInfo) -> tuple[np.ndarray, np.ndarray]:
    """(weekday 0=Monday … 6=Sunday, hour 0-23) of each moment, station-local."""
    local = local_seconds(epochs, tz)
    days = np.floor(local / 86400).astype(np.int64)
    hours = (np.floor(local / _HOUR).astype(np.int64)) % 24
    return (days + 3) % 7, hours  # 1970-01-01 was a Thursday


def week_starts(epochs: np.ndarray, tz: ZoneInfo) -> np.ndarray:
    """Day number of the station-local Monday starting each moment's week."""
    days = local_day_numbers(epochs, tz)
    return days - (days + 3) % 7
