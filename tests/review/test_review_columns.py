"""The review's column reads (console.services.review_columns) equal what the ORM reads,
on both backends: epoch seconds computed by the database (PostgreSQL) or parsed from
SQLite's stored text equal ``datetime.timestamp()``, to the microsecond, around midnight
(UTC and station-local) and for NULLs; enumerations and integers come back coded."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from sqlalchemy import select, text, update

from console.domain.review.columns import PRIORITIES, SATISFACTIONS, STATUSES
from console.services.review_columns import Col, read_columns
from console.store.engine import make_engine, normalise_url, session_factory
from console.store.models import Incident
from tests.support.station_factory import build_small_station

TIMES = (
    "received_at",
    "answered_at",
    "entered_at",
    "first_dispatched_at",
    "first_arrived_at",
    "closed_at",
    "called_back_at",
    "arrival_deadline",
)

# Around UTC midnight, around Nanjing midnight (16:00 UTC), a leap day, whole seconds.
MOMENTS = [
    datetime(2026, 11, 9, 23, 59, 59, 999999, tzinfo=UTC),
    datetime(2026, 11, 10, 0, 0, 0, 0, tzinfo=UTC),
    datetime(2026, 11, 10, 0, 0, 0, 1, tzinfo=UTC),
    datetime(2026, 11, 10, 15, 59, 59, 500000, tzinfo=UTC),
    datetime(2026, 11, 10, 16, 0, 0, 250, tzinfo=UTC),
    datetime(2028, 2, 29, 23, 59, 59, 123456, tzinfo=UTC),
    datetime(1999, 12, 31, 23, 59, 59, 999000, tzinfo=UTC),
]


@pytest.fixture
def stamped(store_url):
    """Incidents whose stamps are MOMENTS shifted by a few seconds per column, with every
    other optional stamp NULL; yields (engine, ids)."""
    station = build_small_station(store_url)
    engine = make_engine(normalise_url(store_url))
    ids = []
    with session_factory(engine).begin() as s:
        for k, moment in enumerate(MOMENTS):
            stamps = {
                name: (
                    None
                    if name != "received_at" and (k + j) % 2
                    else moment + timedelta(seconds=j * 3.5)
                )
                for j, name in enumerate(TIMES)
            }
            incident = Incident(
                station_id=station.station_id,
                number=f"T{k:04d}",
                source="call_110",
                category_code="order.fight",
                priority=PRIORITIES[k % len(PRIORITIES)],
                status=STATUSES[k % len(STATUSES)],
                satisfaction=None if k % 2 else SATISFACTIONS[k % len(SATISFACTIONS)],
                grid_id=None if k == 3 else station.grid_ids[k % 2],
                narrative="",
                **stamps,
            )
            s.add(incident)
            s.flush()
            ids.append(incident.id)
    yield engine, ids
    engine.dispose()


def _read(engine, ids):
    with session_factory(engine)() as s:
        columns = read_columns(
            s,
            [
                Col(Incident.id, "int"),
                *(Col(getattr(Incident, name), "time") for name in TIMES),
                Col(Incident.priority, "code", PRIORITIES),
                Col(Incident.status, "code", STATUSES),
                Col(Incident.satisfaction, "code", SATISFACTIONS),
                Col(Incident.grid_id, "int", null=-1),
            ],
            [Incident.id.in_(ids)],
            Incident.__table__,
        )
        orm = {i.id: i for i in s.scalars(select(Incident).where(Incident.id.in_(ids)))}
    return columns, orm


def _expected(orm, order, name):
    values = [getattr(orm[i], name) for i in order]
    return np.array([np.nan if v is None else v.timestamp() for v in values])


def test_epochs_and_codes_equal_the_orm(stamped):
    engine, ids = stamped
    (incident_id, *rest), orm = _read(engine, ids)
    times, (priority, status, satisfaction, grid_id) = rest[: len(TIMES)], rest[len(TIMES) :]
    order = incident_id.tolist()
    assert sorted(order) == sorted(ids)
    assert incident_id.dtype == np.int64 and times[0].dtype == np.float64
    for name, values in zip(TIMES, times, strict=True):
        expected = _expected(orm, order, name)
        np.testing.assert_array_equal(values, expected, err_msg=name)  # exact, NaN for NULL
    assert np.isnan(times[1]).sum() == sum(orm[i].answered_at is None for i in order) > 0
    assert [PRIORITIES[c] for c in priority] == [orm[i].priority for i in order]
    assert [STATUSES[c] for c in status] == [orm[i].status for i in order]
    assert [None if c < 0 else SATISFACTIONS[c] for c in satisfaction] == [
        orm[i].satisfaction for i in order
    ]
    assert [None if g < 0 else g for g in grid_id.tolist()] == [orm[i].grid_id for i in order]


def test_empty_selection(stamped):
    engine, _ = stamped
    columns, _ = _read(engine, [-1])
    assert [len(c) for c in columns] == [0] * len(columns)


def test_sqlite_text_of_another_width_is_read_to_the_millisecond(empty_sqlite_url):
    """A stamp written by hand without microseconds takes the julianday() path."""
    from console.services.station import upgrade_store

    upgrade_store(empty_sqlite_url)
    engine = make_engine(normalise_url(empty_sqlite_url))
    station = build_small_station(empty_sqlite_url)
    try:
        with session_factory(engine).begin() as s:
            first = s.scalar(
                select(Incident.id).where(Incident.station_id == station.station_id).limit(1)
            )
            s.execute(
                update(Incident)
                .where(Incident.id == first)
                .values(closed_at=datetime(2026, 11, 10, 0, 0, 0, 123000, tzinfo=UTC))
            )
            s.execute(
                text("UPDATE incident SET answered_at = '2026-11-09 23:59:59' WHERE id = :i"),
                {"i": first},
            )
        ids = [first]
        (incident_id, *rest), orm = _read(engine, ids)
        answered, closed = rest[TIMES.index("answered_at")], rest[TIMES.index("closed_at")]
        assert answered.tolist() == [datetime(2026, 11, 9, 23, 59, 59, tzinfo=UTC).timestamp()]
        assert closed.tolist() == [orm[first].closed_at.timestamp()]
    finally:
        engine.dispose()


# More values than a CASE is worth: sent as text on SQLite (review_columns._as_text).
DISPOSITIONS = tuple(f"outcome_{k:02d}" for k in range(12))


@pytest.mark.parametrize("odd", ["", "has\x1fseparator"], ids=["plain", "separator"])
def test_many_valued_codes_equal_the_orm(stamped, odd):
    """Codes of a many-valued enumeration: NULL, unknown and empty texts are -1. A stored
    text holding the separator makes SQLite read the table again through the tuples."""
    from console.services.review_columns import _as_text

    engine, ids = stamped
    with session_factory(engine).begin() as s:
        categories = tuple(s.scalars(text("SELECT code FROM category ORDER BY code")))
        stored = [
            DISPOSITIONS[3],
            None,
            "unknown",
            DISPOSITIONS[11],
            DISPOSITIONS[0],
            odd,
            DISPOSITIONS[5],
        ]
        for k, (incident_id, disposition) in enumerate(zip(ids, stored, strict=True)):
            s.execute(
                update(Incident)
                .where(Incident.id == incident_id)
                .values(
                    disposition_code=disposition,
                    category_code=categories[(5 * k) % len(categories)],
                )
            )
    columns = [
        Col(Incident.category_code, "code", categories),
        Col(Incident.disposition_code, "code", DISPOSITIONS),
    ]
    assert all(_as_text(c) for c in columns)
    with session_factory(engine)() as s:
        incident_id, category, disposition = read_columns(
            s, [Col(Incident.id, "int"), *columns], [Incident.id.in_(ids)], Incident.__table__
        )
        orm = {i.id: i for i in s.scalars(select(Incident).where(Incident.id.in_(ids)))}
    order = incident_id.tolist()
    assert category.dtype == disposition.dtype == np.int16
    assert [categories[c] for c in category] == [orm[i].category_code for i in order]
    assert len(set(category.tolist())) == len(ids)
    expected = [
        DISPOSITIONS.index(orm[i].disposition_code)
        if orm[i].disposition_code in DISPOSITIONS
        else -1
        for i in order
    ]
    assert disposition.tolist() == expected
    assert sorted(expected) == [-1, -1, -1, 0, 3, 5, 11]


def test_one_many_valued_code_of_an_empty_text(stamped):
    engine, ids = stamped
    with session_factory(engine).begin() as s:
        s.execute(update(Incident).where(Incident.id == ids[0]).values(disposition_code=""))
    with session_factory(engine)() as s:
        (disposition,) = read_columns(
            s,
            [Col(Incident.disposition_code, "code", DISPOSITIONS)],
            [Incident.id == ids[0]],
            Incident.__table__,
        )
    assert disposition.tolist() == [-1]
