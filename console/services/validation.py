"""Argument checks at the door of every writing service.

A service call may come from a screen, the command line, an importer or a script; whatever
it is given, it either works or refuses with a ``ServiceError`` naming the field, before
the store is touched. Nothing is cleaned silently: text with control characters, lone
surrogates (which no database can encode) or too many characters is refused, never
trimmed. Multi-line text keeps newlines and tabs.

``field`` is the argument's name in code (``disposition``, ``reason`` …); the interface
translates known field names (context "IntakeField") and shows others as they are.
"""

from __future__ import annotations

import enum
import math
import re
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any, TypeVar

from .messages import QT_TRANSLATE_NOOP
from .unit_of_work import ServiceError

# Record ids and versions are INTEGER columns: 32-bit on PostgreSQL (the event, audit and
# change tables' BIGINT ids are never a service's argument). JSON numbers stay in 64 bits.
MAX_ID = 2**31 - 1
MAX_VERSION = 2**31 - 1
MAX_JSON_INT = 2**63 - 1
# Free text with no column length of its own (reasons, notes): what an officer types.
MAX_FREE_TEXT = 2000
# Times a station can mean: anything outside is a typing or clock error.
EARLIEST_YEAR = 2000
LATEST_YEAR = 2100
_EARLIEST = datetime(EARLIEST_YEAR, 1, 1, tzinfo=UTC)
_LATEST = datetime(LATEST_YEAR, 1, 1, tzinfo=UTC)
# Structured detail (JSON) a caller may attach: small and shallow.
MAX_DETAIL_CHARS = 4000
MAX_DETAIL_DEPTH = 6

# Control characters (Unicode Cc), line and paragraph separators, and lone surrogates.
# Newline and tab are allowed in multi-line text.
_UNSAFE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_UNSAFE_TEXT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
# What a secret (a password) may not hold: NUL and lone surrogates cannot be hashed.
_UNSAFE_SECRET = re.compile("[\x00\ud800-\udfff]")

WRONG_KIND = QT_TRANSLATE_NOOP(
    "services", "The {field} has a value of the wrong kind; it cannot be stored."
)
EMPTY = QT_TRANSLATE_NOOP("services", "The {field} is empty.")
TOO_LONG = QT_TRANSLATE_NOOP("services", "The {field} is longer than {limit} characters.")
CONTROL = QT_TRANSLATE_NOOP("services", "The {field} contains control characters; type it again.")
BAD_ID = QT_TRANSLATE_NOOP("services", "The {field} is not a valid record number.")
BAD_VERSION = QT_TRANSLATE_NOOP("services", "The {field} is not a valid version number.")
OUT_OF_RANGE = QT_TRANSLATE_NOOP(
    "services", "The {field} must be a whole number from {low} to {high}."
)
BAD_NUMBER = QT_TRANSLATE_NOOP("services", "The {field} must be a number from {low} to {high}.")
NO_TIME_ZONE = QT_TRANSLATE_NOOP("services", "The {field} needs a time zone.")
BAD_TIME = QT_TRANSLATE_NOOP("services", "The {field} must lie between the years {low} and {high}.")
NOT_ALLOWED = QT_TRANSLATE_NOOP("services", "The {field} is not one of the allowed values.")
TOO_MANY = QT_TRANSLATE_NOOP("services", "The {field} has more than {limit} entries.")

E = TypeVar("E", bound=enum.Enum)


def refuse(template: str, field: str, **params: object) -> ServiceError:
    return ServiceError(template, field=field, **params)


def shown(value: object, limit: int = 20) -> str:
    """A short, printable rendering of a refused value for a message (never raises)."""
    try:
        if isinstance(value, int) and abs(value) >= 10**limit:
            return "…"
        out = str(value)
    except Exception:  # noqa: BLE001 (any object may be passed in)
        return "…"
    out = _UNSAFE_LINE.sub("?", out[:limit])
    return out


def text(
    field: str,
    value: object,
    *,
    max_len: int,
    required: bool = False,
    multiline: bool = False,
    optional: bool = False,
) -> Any:
    """``value`` as given when it is a str of at most ``max_len`` characters without control
    characters or lone surrogates (newline and tab allowed when ``multiline``). ``required``:
    not blank. ``optional``: None passes as None."""
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise refuse(WRONG_KIND, field)
    if len(value) > max_len:
        raise refuse(TOO_LONG, field, limit=max_len)
    if (_UNSAFE_TEXT if multiline else _UNSAFE_LINE).search(value) is not None:
        raise refuse(CONTROL, field)
    if required and not value.strip():
        raise refuse(EMPTY, field)
    return value


def secret(field: str, value: object, *, max_len: int | None) -> str:
    """A password: any characters but NUL and lone surrogates, at most ``max_len`` (None:
    the caller checks the length with its own message)."""
    if not isinstance(value, str):
        raise refuse(WRONG_KIND, field)
    if max_len is not None and len(value) > max_len:
        raise refuse(TOO_LONG, field, limit=max_len)
    if _UNSAFE_SECRET.search(value) is not None:
        raise refuse(CONTROL, field)
    return value


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def ident(field: str, value: object, *, optional: bool = False) -> Any:
    """A record id: a whole number from 1 to 2**31-1 (None too when ``optional``)."""
    if value is None and optional:
        return None
    if not _whole(value) or not 1 <= value <= MAX_ID:  # type: ignore[operator]
        raise refuse(BAD_ID, field)
    return int(value)  # type: ignore[call-overload]


def version(field: str, value: object, *, optional: bool = False) -> Any:
    """An optimistic-concurrency version: a whole number from 0 to 2**31-1."""
    if value is None and optional:
        return None
    if not _whole(value) or not 0 <= value <= MAX_VERSION:  # type: ignore[operator]
        raise refuse(BAD_VERSION, field)
    return int(value)  # type: ignore[call-overload]


def integer(field: str, value: object, *, low: int, high: int) -> int:
    if not _whole(value) or not low <= value <= high:  # type: ignore[operator]
        raise refuse(OUT_OF_RANGE, field, low=low, high=high)
    return int(value)  # type: ignore[call-overload]


def number(field: str, value: object, *, low: float, high: float) -> float:
    """A finite real number within [low, high] (not a bool)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise refuse(BAD_NUMBER, field, low=low, high=high)
    try:
        as_float = float(value)
    except OverflowError:
        raise refuse(BAD_NUMBER, field, low=low, high=high) from None
    if not math.isfinite(as_float) or not low <= as_float <= high:
        raise refuse(BAD_NUMBER, field, low=low, high=high)
    return as_float


def flag(field: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise refuse(WRONG_KIND, field)
    return value


def moment(field: str, value: object, *, optional: bool = False) -> Any:
    """A timezone-aware datetime between EARLIEST_YEAR and LATEST_YEAR."""
    if value is None and optional:
        return None
    if not isinstance(value, datetime):
        raise refuse(WRONG_KIND, field)
    try:
        offset = value.utcoffset()
    except (TypeError, ValueError, OverflowError):
        offset = None
    if offset is None:
        raise refuse(NO_TIME_ZONE, field)
    try:
        in_range = _EARLIEST <= value.astimezone(UTC) < _LATEST
    except (OverflowError, ValueError, TypeError):
        in_range = False
    if not in_range:
        raise refuse(BAD_TIME, field, low=EARLIEST_YEAR, high=LATEST_YEAR)
    return value


def day(field: str, value: object) -> date:
    """A calendar date (not a datetime) between EARLIEST_YEAR and LATEST_YEAR."""
    if not isinstance(value, date) or isinstance(value, datetime):
        raise refuse(WRONG_KIND, field)
    if not EARLIEST_YEAR <= value.year < LATEST_YEAR:
        raise refuse(BAD_TIME, field, low=EARLIEST_YEAR, high=LATEST_YEAR)
    return value


def choice(field: str, value: object, kind: type[E], *, optional: bool = False) -> Any:
    """A member of the enum ``kind``, given as the member or its value."""
    if value is None and optional:
        return None
    if isinstance(value, kind):
        return value
    if isinstance(value, str):
        for member in kind:
            if member.value == value:
                return member
    raise refuse(NOT_ALLOWED, field)


def one_of(field: str, value: object, allowed: Sequence[object]) -> Any:
    """``value`` when it is exactly one of ``allowed`` (of the same type)."""
    for a in allowed:
        if type(value) is type(a) and value == a:
            return value
    raise refuse(NOT_ALLOWED, field)


def instance(field: str, value: object, kind: type | tuple[type, ...]) -> Any:
    if not isinstance(value, kind):
        raise refuse(WRONG_KIND, field)
    return value


def sequence(field: str, value: object, *, max_len: int) -> Sequence[Any]:
    """A list or tuple (not text) of at most ``max_len`` entries."""
    if not isinstance(value, list | tuple):
        raise refuse(WRONG_KIND, field)
    if len(value) > max_len:
        raise refuse(TOO_MANY, field, limit=max_len)
    return value


def mapping(field: str, value: object, *, max_len: int) -> Mapping[Any, Any]:
    if not isinstance(value, Mapping):
        raise refuse(WRONG_KIND, field)
    if len(value) > max_len:
        raise refuse(TOO_MANY, field, limit=max_len)
    return value


def detail(field: str, value: object, *, optional: bool = False) -> Any:
    """Structured detail stored as JSON: a dict of str keys holding text, whole or finite
    numbers, booleans, None, lists and dicts; small, shallow and free of control
    characters (PostgreSQL's JSON refuses NUL and lone surrogates)."""
    if value is None and optional:
        return None
    if not isinstance(value, dict):
        raise refuse(WRONG_KIND, field)
    budget = [MAX_DETAIL_CHARS]
    _json_value(field, value, 0, budget)
    return value


def _json_value(field: str, value: object, depth: int, budget: list[int]) -> None:
    if depth > MAX_DETAIL_DEPTH:
        raise refuse(WRONG_KIND, field)
    if value is None or isinstance(value, bool):
        budget[0] -= 5
    elif isinstance(value, int):
        if not -MAX_JSON_INT - 1 <= value <= MAX_JSON_INT:
            raise refuse(WRONG_KIND, field)
        budget[0] -= 20
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise refuse(WRONG_KIND, field)
        budget[0] -= 25
    elif isinstance(value, str):
        text(field, value, max_len=MAX_DETAIL_CHARS, multiline=True)
        budget[0] -= len(value) + 2
    elif isinstance(value, list | tuple):
        for item in value:
            _json_value(field, item, depth + 1, budget)
            if budget[0] < 0:
                break
    elif isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise refuse(WRONG_KIND, field)
            _json_value(field, key, depth + 1, budget)
            _json_value(field, item, depth + 1, budget)
            if budget[0] < 0:
                break
    else:
        raise refuse(WRONG_KIND, field)
    if budget[0] < 0:
        raise refuse(TOO_LONG, field, limit=MAX_DETAIL_CHARS)
