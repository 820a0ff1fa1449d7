"""Reading typed fields out of decoded JSON, with errors that name the field.

A station chief who edits a problem file by hand gets one line such as
``staff[3].max_minutes: expected a whole number >= 0, got -5`` instead of a traceback.
"""

from __future__ import annotations

from datetime import date, time
from typing import Any

_MISSING: Any = object()


class ProblemError(ValueError):
    """A roster problem or solution that cannot be used; the message is one line for the user."""


class Fields:
    """One JSON object being read; every getter knows the object's path for its messages."""

    def __init__(self, data: Any, path: str, allowed: set[str] | None = None) -> None:
        if not isinstance(data, dict):
            raise ProblemError(f"{path or 'problem'}: expected an object, got {_kind(data)}")
        self.data = data
        self.path = path
        if allowed is not None:
            unknown = sorted(set(data) - allowed)
            if unknown:
                raise ProblemError(f"{self.at(unknown[0])}: unknown field")

    def at(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def has(self, key: str) -> bool:
        return self.data.get(key) is not None

    def raw(self, key: str, default: Any = _MISSING) -> Any:
        value = self.data.get(key)
        if value is None:
            if default is _MISSING:
                raise ProblemError(f"{self.at(key)}: missing")
            return default
        return value

    def text(self, key: str, default: Any = _MISSING) -> Any:
        value = self.raw(key, default)
        if value is default and default is not _MISSING:
            return value
        if not isinstance(value, str) or not value.strip():
            raise ProblemError(f"{self.at(key)}: expected a non-empty string, got {value!r}")
        return value.strip()

    def integer(self, key: str, default: Any = _MISSING, minimum: int = 0) -> Any:
        value = self.raw(key, default)
        if value is default and default is not _MISSING:
            return value
        return whole_number(value, self.at(key), minimum)

    def number(self, key: str, default: Any = _MISSING, minimum: float = 0.0) -> Any:
        value = self.raw(key, default)
        if value is default and default is not _MISSING:
            return value
        if isinstance(value, bool) or not isinstance(value, int | float) or value < minimum:
            raise ProblemError(f"{self.at(key)}: expected a number >= {minimum:g}, got {value!r}")
        return float(value)

    def boolean(self, key: str, default: Any = _MISSING) -> Any:
        value = self.raw(key, default)
        if not isinstance(value, bool):
            raise ProblemError(f"{self.at(key)}: expected true or false, got {value!r}")
        return value

    def day(self, key: str, default: Any = _MISSING) -> Any:
        value = self.raw(key, default)
        if value is default and default is not _MISSING:
            return value
        return parse_day(value, self.at(key))

    def clock_time(self, key: str) -> time:
        value = self.raw(key)
        try:
            hours, minutes = (int(part) for part in str(value).split(":"))
            return time(hours, minutes)
        except (ValueError, TypeError):
            raise ProblemError(
                f"{self.at(key)}: expected a time of day like 08:00, got {value!r}"
            ) from None

    def items(self, key: str, default: Any = _MISSING) -> list[Any]:
        value = self.raw(key, default)
        if not isinstance(value, list):
            raise ProblemError(f"{self.at(key)}: expected a list, got {_kind(value)}")
        return value

    def texts(self, key: str) -> tuple[str, ...]:
        values = self.items(key, [])
        for i, value in enumerate(values):
            if not isinstance(value, str) or not value.strip():
                raise ProblemError(f"{self.at(key)}[{i}]: expected a non-empty string")
        return tuple(v.strip() for v in values)

    def days(self, key: str) -> tuple[date, ...]:
        values = self.items(key, [])
        return tuple(sorted({parse_day(v, f"{self.at(key)}[{i}]") for i, v in enumerate(values)}))


def whole_number(value: Any, where: str, minimum: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ProblemError(f"{where}: expected a whole number >= {minimum}, got {value!r}")
    return value


def parse_day(value: Any, where: str) -> date:
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise ProblemError(f"{where}: expected a date like 2025-03-01, got {value!r}") from None


def _kind(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "a string"}.get(type(value), repr(value))
