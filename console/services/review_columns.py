"""Whole query results as numpy columns, for the review's period reads (~100,000 rows).

One row per Python tuple costs more than the query itself at that size (a million float
objects for the incidents alone), so each backend hands the rows over in its cheapest way:

- PostgreSQL computes epochs (``extract(epoch ...)``) and the driver's plain tuples go
  straight into one float array;
- SQLite has the period folded into one text per column (``group_concat``; timestamps
  as bytes, which numpy reads without a decode): timestamps
  in SQLAlchemy's fixed-width storage text (``YYYY-MM-DD HH:MM:SS.ffffff``, naive UTC),
  parsed by numpy's ISO-8601 reader in C; integers comma-separated; enumerations of a
  few values coded by CASE as one character per row, those of many values (categories)
  sent as their text and coded in Python (SQLite tries a CASE's values one by one, a
  third of the whole read for fifty categories). Should a stored timestamp not have that exact width
  (written by hand, say), the read is done again with SQLite's julianday() instead,
  which counts whole milliseconds.

Times come back as UTC epoch seconds (float, NaN for NULL) equal to
``datetime.timestamp()`` of the ORM's value (to the millisecond on the julianday path).
tests/review/test_review_columns.py holds both backends to that.
"""

from __future__ import annotations

import itertools
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from sqlalchemy import Double, LargeBinary, case, cast, func, literal_column, select
from sqlalchemy.orm import Session

# SQLAlchemy's SQLite DATETIME storage format: always with microseconds, naive UTC.
_STAMP_WIDTH = 26
# Stands for NULL in the fixed-width text: a moment no incident can have.
_NULL_STAMP = "0001-01-01 00:00:00.000000"
_CODE_0 = 0x30  # enumeration codes travel as one character each, from "0" up
# Enumerations with more values than this travel as text (see the module's docstring).
_CASE_MAX = 8
_TEXT_SEPARATOR = "\x1f"  # between the texts of such a column (ASCII unit separator)


@dataclass(frozen=True)
class Col:
    """One column of a period read: ``kind`` is "time" (epoch seconds), "int" (NULL ->
    ``null``) or "code" (index of the text in ``values``, -1 for NULL or unknown)."""

    expr: Any
    kind: str
    values: tuple[str, ...] = ()
    null: int = -1


def read_columns(s: Session, cols: Sequence[Col], where: Sequence[Any], froms: Any) -> list:
    """The columns of the rows of ``froms`` matching ``where``, as numpy arrays, in one
    (unspecified but common) row order: float64 for times, int64 for ints, int16 for codes.
    """
    if s.get_bind().dialect.name == "sqlite":
        fast = _sqlite_texts(s, cols, where, froms)
        if fast is not None:
            return fast
    return _tuples(s, cols, where, froms)


def epoch_seconds(s: Session, column: Any) -> Any:
    """SQL for seconds since 1970 (UTC) of a time column, as a float; NULL stays NULL."""
    if s.get_bind().dialect.name == "sqlite":  # naive UTC text; julianday keeps the µs
        return (func.julianday(column) - 2440587.5) * 86400.0
    return cast(func.extract("epoch", column), Double)


def _tuples(s: Session, cols: Sequence[Col], where: Sequence[Any], froms: Any) -> list:
    """Through the driver's tuples: codes computed by CASE, times by the database."""
    sqlite = s.get_bind().dialect.name == "sqlite"
    exprs = []
    for c in cols:
        if c.kind == "time":
            exprs.append(epoch_seconds(s, c.expr))
        elif c.kind == "int":
            exprs.append(func.coalesce(c.expr, c.null))
        else:
            exprs.append(case({v: i for i, v in enumerate(c.values)}, value=c.expr, else_=-1))
    result = s.connection().execute(select(*exprs).select_from(froms).where(*where))
    try:
        rows = result.cursor.fetchall()
    finally:
        result.close()
    m = np.array(rows, dtype=np.float64).reshape(len(rows), len(cols))
    if sqlite:  # SQLite's date functions count whole milliseconds; drop the float noise
        times = [i for i, c in enumerate(cols) if c.kind == "time"]
        m[:, times] = np.round(m[:, times], 3)
    return [_typed(m[:, i], c) for i, c in enumerate(cols)]


def _typed(values: np.ndarray, c: Col) -> np.ndarray:
    if c.kind == "time":
        return values
    return values.astype(np.int64 if c.kind == "int" else np.int16)


def _sqlite_texts(s: Session, cols: Sequence[Col], where: Sequence[Any], froms: Any):
    """One aggregate row of one text per column; None if a timestamp is not fixed-width.

    Constants are written into the SQL, not bound: SQLite copies a bound value into
    every row it evaluates, which costs a third of the whole read here.
    """
    exprs: list[Any] = [func.count()]
    for c in cols:
        value = c.expr
        if c.kind == "time":
            if _nullable(value):
                value = func.coalesce(value, _sql_text(_NULL_STAMP))
            # As bytes: numpy reads them as they come, with no text decoded and encoded.
            exprs.append(cast(func.group_concat(value, _sql_text("")), LargeBinary))
        elif c.kind == "int":
            if _nullable(value):
                value = func.coalesce(value, literal_column(str(int(c.null))))
            exprs.append(func.group_concat(value, _sql_text(",")))
        elif _as_text(c):  # the text itself, NULL as the empty text
            if _nullable(value):
                value = func.coalesce(value, _sql_text(""))
            exprs.append(func.group_concat(value, _sql_text(_TEXT_SEPARATOR)))
        else:  # one character per row: chr(_CODE_0 + code), _CODE_0 - 1 for none
            whens = {_sql_text(v): _sql_text(chr(_CODE_0 + i)) for i, v in enumerate(c.values)}
            coded = case(whens, value=value, else_=_sql_text(chr(_CODE_0 - 1)))
            exprs.append(func.group_concat(coded, _sql_text("")))
    result = s.connection().execute(select(*exprs).select_from(froms).where(*where))
    try:
        n, *texts = result.cursor.fetchone()
    finally:
        result.close()
    if n == 0:
        return [_typed(np.zeros(0), c) for c in cols]
    columns = []
    for c, text in zip(cols, texts, strict=True):
        if c.kind == "time":
            stamps = _stamps(text, n)
            if stamps is None:
                return None
            columns.append(stamps)
        elif c.kind == "int":
            columns.append(np.fromstring(text, dtype=np.int64, sep=","))
        elif _as_text(c):
            codes = _text_codes(text, n, c.values)
            if codes is None:
                return None
            columns.append(codes)
        else:
            chars = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
            columns.append(chars.astype(np.int16) - _CODE_0)
    return columns


def _as_text(c: Col) -> bool:
    """Whether a "code" column travels as text: many values, none of them empty (NULL
    is sent as the empty text) or holding the separator."""
    return (
        c.kind == "code"
        and len(c.values) > _CASE_MAX
        and all(v and _TEXT_SEPARATOR not in v for v in c.values)
    )


def _text_codes(text: str, n: int, values: tuple[str, ...]) -> np.ndarray | None:
    """Codes of ``n`` separated texts (-1 for one not in ``values``); None if a stored
    text held the separator itself."""
    texts = (text or "").split(_TEXT_SEPARATOR)  # SQLite gives NULL for one empty text
    if len(texts) != n:
        return None
    index = {v: i for i, v in enumerate(values)}
    return np.array(list(map(index.get, texts, itertools.repeat(-1, n))), dtype=np.int16)


def _nullable(expr: Any) -> bool:
    return getattr(expr, "nullable", True)


def _sql_text(value: str) -> Any:
    """A text constant written into the statement (quotes doubled, as SQL escapes them)."""
    return literal_column("'" + value.replace("'", "''") + "'")


def _stamps(raw: bytes, n: int) -> np.ndarray | None:
    """Epoch seconds of ``n`` concatenated fixed-width stamps, None if they are not that."""
    if len(raw) != n * _STAMP_WIDTH:
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # numpy only warns about a time-zone suffix
        try:
            stamps = np.frombuffer(raw, dtype=f"S{_STAMP_WIDTH}").astype("datetime64[us]")
        except (ValueError, UserWarning, DeprecationWarning):
            return None
    micros = stamps.astype(np.int64)
    null = stamps == np.datetime64(_NULL_STAMP.replace(" ", "T"), "us")
    return np.where(null, np.nan, micros / 1e6)
