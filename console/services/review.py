"""The station chief's review (复盘): the debrief of a period and the incidents behind a chart.

Reads only the columns the review needs, for the incidents received in the period (the
``received_at`` index), straight into numpy columns (review_columns: times as epoch
seconds, enumerations as small integer codes). The debrief reads the two halves of the
period's incidents and the units' side (roster, then the orders, found through the time
index alone and narrowed to the period's incidents in numpy) side by side on three
connections: SQLite and numpy do most of the work outside the GIL, so two cores share
it. The Python-heavy pieces (the listed breakdowns, unit figures, officer workload) go
to whichever thread is free. Everything else is array arithmetic in console.domain.review;
nothing loops over incidents, orders or roster entries in Python except the few hundred
late incidents listed with their breakdown.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from console.domain.incidents import OPEN_STATUSES, IncidentStatus, Priority
from console.domain.people import RosterStatus
from console.domain.review.columns import (
    PRIORITIES,
    SATISFACTIONS,
    STATUSES,
    IncidentColumns,
    distinct,
)
from console.domain.review.delays import (
    LATE,
    PARTS,
    DelayArrays,
    IncidentLabel,
    breakdowns_at,
    compute_delays,
)
from console.domain.review.figures import (
    arrival_distributions,
    daily_clearance,
    hour_weekday,
    part_summaries,
    weekly_trend,
)
from console.domain.review.local_time import day_of, weekday_hour
from console.domain.review.officers import SUPPORT_POSTS, ShiftColumns, officer_workloads
from console.domain.review.rates import review_rates
from console.domain.review.results import (
    CategoryPriorityCount,
    Debrief,
    DelayBreakdown,
    GridCoverage,
    IncidentSelection,
    PointWeights,
    ReviewTargets,
    UnitStatusTime,
)
from console.domain.review.units import (
    AssignmentColumns,
    DutySpans,
    GridInfo,
    UnitInfo,
    busy_spans,
    coverage_gaps,
    unit_status_times,
    unit_workloads,
)
from console.store.models import (
    Assignment,
    Category,
    Grid,
    Incident,
    IncidentEvent,
    Officer,
    Roster,
    RosterEntry,
    ShiftType,
    Unit,
)

from .context import StationContext
from .messages import QT_TRANSLATE_NOOP
from .review_columns import Col, read_columns

LATE_LISTED_MAX = 500

# How arrival time is measured, the one definition of every arrival figure (the header's
# P90, the histogram, the weekly table): said on screen with them.
ARRIVAL_NOTE = QT_TRANSLATE_NOOP(
    "ReviewNote",
    "Arrival time runs from the first ring to the first unit on scene, for every incident "
    "with an arrival deadline; P90: nine in ten arrived within it.",
)

# Sentences about what the store cannot tell; the UI translates them (context ReviewNote).
NOTES = (
    ARRIVAL_NOTE,
    QT_TRANSLATE_NOOP(
        "ReviewNote",
        "Unit status history is not stored: time in each status is derived from assignments "
        "(dispatched, arrived, cleared).",
    ),
)
NO_ROSTER_NOTE = QT_TRANSLATE_NOOP(
    "ReviewNote",
    "No approved roster covers the period: every unit counts as on duty, and officer "
    "workload is empty.",
)


def debrief(
    ctx: StationContext,
    start: datetime,
    end: datetime,
    grid_ids: Sequence[int] | None = None,
    *,
    targets: ReviewTargets | None = None,
    weights: PointWeights | None = None,
) -> Debrief:
    """The debrief of incidents received in [start, end), in the given grids (all if None)."""
    targets = targets or ReviewTargets()
    weights = weights or PointWeights()
    grids = tuple(grid_ids) if grid_ids is not None else None
    as_of = ctx.clock.now()
    tz = ctx.timezone
    span = (start.timestamp(), end.timestamp())
    now = as_of.timestamp()
    # The incidents and the units' side (orders, roster, unit figures) are worked out side
    # by side on separate connections: the database works outside the GIL and numpy mostly
    # does too, so on two cores the debrief waits for the longer side, not for both.
    with ThreadPoolExecutor(max_workers=2) as pool, ctx.reading() as s:
        pending = pool.submit(_units_side, ctx, start, end, grids)
        period = _PeriodReader(s, ctx, start, end, grids)
        read = _HalvedRead(pool, ctx, period, targets, as_of)
        # Queued behind the later half: read while this thread works on the incidents.
        noted = pool.submit(_clearance_noted, ctx, start, end, grids)
        columns, delays = read.columns_and_delays()
        late_rows = _late_order(columns, delays, now)
        late_total = len(late_rows)
        late_rows = late_rows[:LATE_LISTED_MAX]
        # The listed breakdowns (mostly Python objects) on a free thread meanwhile.
        listed = pool.submit(_late_list, ctx, columns, delays, late_rows)
        by_category = period.category_counts(columns)
        # Whatever does not need the orders, while the other side may still be reading.
        arrival = arrival_distributions(columns, delays)
        parts = part_summaries(delays)
        explained = np.isin(columns.incident_id, noted.result())
        clearance = daily_clearance(columns, explained, tz)
        by_hour = hour_weekday(columns, tz)
        units = pending.result()
        assignments = _of_incidents(units.orders, columns.incident_id)
        # Unit figures on the other thread while this one links orders to incidents.
        unit_figures = pool.submit(_unit_figures, units, assignments, grids, span, now)
        columns, assignments = _linked(columns, assignments)
        officers = pool.submit(officer_workloads, units.shifts, assignments, now, weights)
        rates = review_rates(columns, delays)
        weekly = weekly_trend(columns, delays, tz)
        officer_workload = officers.result()
        status_times, coverage = unit_figures.result()
        late_incidents = listed.result()

    by_priority = {
        p: int(np.count_nonzero(columns.priority == i)) for i, p in enumerate(PRIORITIES)
    }
    notes = NOTES if units.duty is not None else (*NOTES, NO_ROSTER_NOTE)
    return Debrief(
        start=start,
        end=end,
        grid_ids=grids,
        generated_at=as_of,
        timezone=tz.key,
        incidents=len(columns),
        targets=targets,
        rates=rates,
        by_priority=by_priority,
        by_category=by_category,
        arrival=arrival,
        parts=parts,
        late_total=late_total,
        late_incidents=late_incidents,
        daily_clearance=clearance,
        hour_weekday=by_hour,
        unit_status=status_times,
        coverage=coverage,
        unit_workload=unit_workloads(status_times),
        officer_workload=officer_workload,
        weekly=weekly,
        point_weights=weights,
        notes=notes,
        late_listed_max=LATE_LISTED_MAX,
    )


def incidents_for(
    ctx: StationContext,
    selection: IncidentSelection,
    *,
    targets: ReviewTargets | None = None,
) -> tuple[DelayBreakdown, ...]:
    """The incidents behind a chart bar, oldest first, each with its delay breakdown."""
    targets = targets or ReviewTargets()
    as_of = ctx.clock.now()
    tz = ctx.timezone
    start, end = selection.start, selection.end
    if selection.day is not None:
        start, end = _clip(start, end, *_local_days(selection.day, 1, tz))
    if selection.week_start is not None:
        start, end = _clip(start, end, *_local_days(selection.week_start, 7, tz))
    with ctx.reading() as s:
        period = _PeriodReader(s, ctx, start, end, selection.grid_ids)
        wheres: list[Any] = []
        if selection.priority is not None:
            wheres.append(Incident.priority == selection.priority)
        if selection.category_code is not None:
            code = selection.category_code
            wheres.append(
                (Incident.category_code == code) | Incident.category_code.like(f"{code}.%")
            )
        if selection.unit_id is not None:
            wheres.append(
                Incident.id.in_(
                    select(Assignment.incident_id).where(Assignment.unit_id == selection.unit_id)
                )
            )
        columns = period.incidents(wheres)
        assignments = period.assignments(wheres)
        columns, assignments = _linked(columns, assignments)
        delays = compute_delays(columns, targets, as_of)
        keep = np.ones(len(columns), dtype=bool)
        if selection.officer_id is not None:
            keep &= np.isin(
                columns.incident_id, _officer_incident_ids(period, selection.officer_id, tz)
            )
        if selection.weekday is not None or selection.hour is not None:
            weekday, hour = weekday_hour(columns.received, tz)
            if selection.weekday is not None:
                keep &= weekday == selection.weekday
            if selection.hour is not None:
                keep &= hour == selection.hour
        if selection.response_from_s is not None:
            keep &= delays.response >= selection.response_from_s
            if selection.priority is None:  # the "all grades" histogram: graded ones only
                keep &= ~np.isnan(columns.deadline)
        if selection.response_to_s is not None:
            keep &= delays.response < selection.response_to_s
        if selection.late_only or selection.late_part is not None:
            keep &= delays.late == LATE
        if selection.late_part is not None:
            keep &= delays.late_part == PARTS.index(selection.late_part)
        rows = np.flatnonzero(keep)
        rows = rows[np.argsort(columns.received[rows], kind="stable")][: selection.limit]
        labels = _labels(s, columns.incident_id[rows])
    return breakdowns_at(delays, columns, rows, labels)


# --- reading the period -----------------------------------------------------------------


class _PeriodReader:
    """The queries of one period, on one session, with the database computing epochs."""

    def __init__(
        self,
        s: Session,
        ctx: StationContext,
        start: datetime,
        end: datetime,
        grid_ids: tuple[int, ...] | None,
        categories: dict[str, Any] | None = None,
    ) -> None:
        self.s = s
        self.ctx = ctx
        self.start, self.end = start, end
        self.grid_ids = grid_ids
        self._categories = categories

    def in_period(self, wheres: Sequence[Any] = ()) -> list[Any]:
        conditions = [
            Incident.station_id + 0 == self.ctx.station_id,  # the time index, not the station's
            Incident.received_at >= self.start,
            Incident.received_at < self.end,
            *wheres,
        ]
        if self.grid_ids is not None:
            conditions.append(Incident.grid_id.in_(self.grid_ids or (-1,)))
        return conditions

    def categories(self) -> dict[str, Any]:
        """The category dictionary by code (small; read once per reader)."""
        if self._categories is None:
            self._categories = {
                c.code: c
                for c in self.s.execute(
                    select(
                        Category.code, Category.parent_code, Category.name_zh, Category.name_en
                    ).order_by(Category.code)
                )
            }
        return self._categories

    def incidents(self, wheres: Sequence[Any] = ()) -> IncidentColumns:
        i = Incident
        (
            incident_id,
            received,
            answered,
            entered,
            dispatched,
            arrived,
            closed,
            called_back,
            deadline,
            priority,
            status,
            satisfaction,
            disposition,
            category,
        ) = read_columns(
            self.s,
            [
                Col(i.id, "int"),
                *(
                    Col(c, "time")
                    for c in (
                        i.received_at,
                        i.answered_at,
                        i.entered_at,
                        i.first_dispatched_at,
                        i.first_arrived_at,
                        i.closed_at,
                        i.called_back_at,
                        i.arrival_deadline,
                    )
                ),
                Col(i.priority, "code", PRIORITIES),
                Col(i.status, "code", STATUSES),
                Col(i.satisfaction, "code", SATISFACTIONS),
                Col(i.disposition_code, "code", ("duplicate",)),
                # Coded here so counting by category needs no second pass over the period.
                Col(i.category_code, "code", tuple(self.categories())),
            ],
            self.in_period(wheres),
            Incident.__table__,
        )
        return IncidentColumns(
            incident_id=incident_id,
            received=received,
            answered=answered,
            entered=entered,
            dispatched=dispatched,
            arrived=arrived,
            closed=closed,
            called_back=called_back,
            deadline=deadline,
            priority=priority.astype(np.int8),
            status=status.astype(np.int8),
            satisfaction=satisfaction.astype(np.int8),
            duplicate=disposition == 0,
            first_unit_arrived=np.zeros(len(incident_id), dtype=bool),
            category=category,
        )

    def assignments(self, wheres: Sequence[Any] = ()) -> AssignmentColumns:
        """The orders of the period's incidents; ``urgent`` and ``first_order`` are filled
        in from the incidents by ``_linked`` (cheaper in numpy than in the join)."""
        return self._orders(self.in_period(wheres))

    def category_counts(self, columns: IncidentColumns) -> tuple[CategoryPriorityCount, ...]:
        """Counts per top-level category and grade."""
        categories = self.categories()
        codes = tuple(categories)
        top = []
        for code in codes:
            while categories[code].parent_code in categories:
                code = categories[code].parent_code
            top.append(code)
        tops = tuple(dict.fromkeys(top))
        top_index = np.array([tops.index(t) for t in top] + [-1], dtype=np.int64)
        known = (columns.category >= 0) & (columns.priority >= 0)
        cell = top_index[columns.category[known]] * len(PRIORITIES) + columns.priority[known]
        counts = np.bincount(cell, minlength=len(tops) * len(PRIORITIES))
        rows = [
            CategoryPriorityCount(
                category_code=tops[i // len(PRIORITIES)],
                category_zh=categories[tops[i // len(PRIORITIES)]].name_zh,
                category_en=categories[tops[i // len(PRIORITIES)]].name_en,
                priority=PRIORITIES[i % len(PRIORITIES)],
                count=int(n),
            )
            for i, n in enumerate(counts)
            if n
        ]
        return tuple(sorted(rows, key=lambda r: (-r.count, r.category_code, r.priority)))

    def clearance_noted(self) -> np.ndarray:
        """Ids of the incidents with a clearance note (only pending ones can need one)."""
        pending = [s.value for s in OPEN_STATUSES] + [IncidentStatus.CLOSED.value]
        ids = self.s.scalars(
            select(IncidentEvent.incident_id)
            .distinct()
            .where(
                IncidentEvent.kind == "clearance_note",
                IncidentEvent.incident_id.in_(
                    select(Incident.id).where(*self.in_period([Incident.status.in_(pending)]))
                ),
            )
        ).all()
        return np.array(ids, dtype=np.int64)

    def orders_in_time(self) -> AssignmentColumns:
        """The orders of the incidents received in the period's time, at any station and in
        any grid: the join then stays in the time index (no incident row is read), and
        ``_of_incidents`` keeps those of the period's own incidents."""
        return self._orders([Incident.received_at >= self.start, Incident.received_at < self.end])

    def _orders(self, wheres: Sequence[Any]) -> AssignmentColumns:
        """Orders joined to their incidents under ``wheres``, as columns."""
        a = Assignment
        incident_id, unit_id, ordered, arrived, cleared, cancelled = read_columns(
            self.s,
            [
                Col(a.incident_id, "int"),
                Col(a.unit_id, "int"),
                Col(a.ordered_at, "time"),
                Col(a.arrived_at, "time"),
                Col(a.cleared_at, "time"),
                Col(a.cancelled_at, "time"),
            ],
            wheres,
            Assignment.__table__.join(Incident.__table__, Incident.id == Assignment.incident_id),
        )
        n = len(incident_id)
        return AssignmentColumns(
            incident_id=incident_id,
            unit_id=unit_id,
            ordered=ordered,
            arrived=arrived,
            cleared=cleared,
            cancelled=cancelled,
            urgent=np.zeros(n, dtype=bool),
            first_order=np.zeros(n, dtype=bool),
        )

    def units_and_grids(self) -> tuple[list[UnitInfo], list[GridInfo]]:
        """All the station's units and grids (``_selected`` keeps those reviewed)."""
        grids = [
            GridInfo(g.id, g.name, g.min_available_units)
            for g in self.s.execute(
                select(Grid.id, Grid.name, Grid.min_available_units)
                .where(Grid.station_id == self.ctx.station_id)
                .order_by(Grid.code)
            )
        ]
        units = [
            UnitInfo(u.id, u.call_sign, u.home_grid_id)
            for u in self.s.execute(
                select(Unit.id, Unit.call_sign, Unit.home_grid_id)
                .where(Unit.station_id == self.ctx.station_id)
                .order_by(Unit.call_sign)
            )
        ]
        return units, grids

    def roster(self, tz) -> tuple[DutySpans | None, ShiftColumns]:
        """Shifts of the approved rosters in the period (the latest approved wins a day).

        Returns None for the units' duty when no approved roster covers any day."""
        first = self.start.astimezone(tz).date() - timedelta(days=1)  # night shifts
        last = self.end.astimezone(tz).date()
        rosters = self.s.execute(
            select(Roster.id, Roster.start_date, Roster.end_date)
            .where(
                Roster.station_id == self.ctx.station_id,
                Roster.status == RosterStatus.APPROVED.value,
                Roster.start_date <= last,
                Roster.end_date >= first,
            )
            .order_by(Roster.approved_at.desc().nulls_last(), Roster.id.desc())
        ).all()
        if not rosters:
            return None, ShiftColumns.empty()
        entries = (
            RosterEntry.roster_id.in_([r.id for r in rosters]),
            RosterEntry.day >= first,
            RosterEntry.day <= last,
        )
        result = self.s.connection().execute(
            select(
                RosterEntry.roster_id,
                RosterEntry.officer_id,
                RosterEntry.day,
                RosterEntry.post,
                func.coalesce(RosterEntry.unit_id, -1),
                ShiftType.start_minute,
                ShiftType.duration_min,
                ShiftType.is_night,
            )
            .join(ShiftType, ShiftType.id == RosterEntry.shift_type_id)
            .where(*entries)
        )
        try:  # the driver's tuples: a day is ISO text on SQLite, a date on PostgreSQL
            rows = result.cursor.fetchall()
        finally:
            result.close()
        if not rows:
            return _no_duty(), ShiftColumns.empty()
        roster_id, officer_id, day, post, unit_id, minute, duration, night = zip(*rows, strict=True)
        # Names once per officer, not once per entry.
        names = {
            o.id: (o.name, o.badge_number)
            for o in self.s.execute(
                select(Officer.id, Officer.name, Officer.badge_number).where(
                    Officer.id.in_(select(RosterEntry.officer_id).where(*entries))
                )
            )
        }
        # Each distinct day's text (or date) parsed once, not once per entry.
        distinct_days = list(dict.fromkeys(day))
        parsed = np.array(distinct_days, dtype="datetime64[D]").astype(np.int64).tolist()
        day_number = dict(zip(distinct_days, parsed, strict=True))
        numbers = np.fromiter(map(day_number.__getitem__, day), np.int64, len(day))
        # The few distinct days and shift times get their calendar work in Python.
        days, day_index = np.unique(numbers, return_inverse=True)
        winners = []  # per distinct day: the most recently approved roster covering it
        for number in days.tolist():
            d = day_of(number)
            winners.append(next(x.id for x in rosters if x.start_date <= d <= x.end_date))
        times = list(zip(numbers.tolist(), minute, duration, strict=True))
        span_of = {t: _shift_span(day_of(t[0]), t[1], t[2], tz) for t in dict.fromkeys(times)}
        begin, end, weekend = np.array(list(map(span_of.__getitem__, times))).T
        lo, hi = self.start.timestamp(), self.end.timestamp()
        keep = (np.array(roster_id) == np.array(winners)[day_index.ravel()]) & (
            (end > lo) & (begin < hi)
        )
        shifts = ShiftColumns(
            officer_id=np.array(officer_id, dtype=np.int64)[keep],
            unit_id=np.array(unit_id, dtype=np.int64)[keep],
            start=begin[keep],
            end=end[keep],
            is_night=np.array(night, dtype=bool)[keep],
            weekend=weekend[keep] > 0,
            support=np.fromiter(map(SUPPORT_POSTS.__contains__, post), bool, len(rows))[keep],
            names=names,
        )
        with_unit = shifts.unit_id >= 0
        duty = DutySpans(
            unit_id=shifts.unit_id[with_unit],
            start=np.maximum(shifts.start[with_unit], lo),
            end=np.minimum(shifts.end[with_unit], hi),
        )
        return duty, shifts


class _HalvedRead:
    """The period's incidents and their delay breakdown, the later half read and worked
    out on another connection while this thread does the earlier one (the reads are
    mostly the database's own work, outside the GIL; the breakdown is row by row). Earlier
    half first: the rows come in the order of one read of the period."""

    def __init__(
        self,
        pool: ThreadPoolExecutor,
        ctx: StationContext,
        period: _PeriodReader,
        targets: ReviewTargets,
        as_of: datetime,
    ):
        self.period = period
        self.targets, self.as_of = targets, as_of
        self.middle = period.start + (period.end - period.start) / 2
        self.categories = period.categories()
        self.later = pool.submit(
            _read_incidents,
            ctx,
            self.middle,
            period.end,
            period.grid_ids,
            self.categories,
            targets,
            as_of,
        )

    def columns_and_delays(self) -> tuple[IncidentColumns, DelayArrays]:
        p = self.period
        earlier = _PeriodReader(
            p.s, p.ctx, p.start, self.middle, p.grid_ids, self.categories
        ).incidents()
        halves = [(earlier, compute_delays(earlier, self.targets, self.as_of))]
        halves.append(self.later.result())
        return (
            IncidentColumns.joined([c for c, _ in halves]),
            DelayArrays.joined([d for _, d in halves]),
        )


def _read_incidents(
    ctx: StationContext,
    start: datetime,
    end: datetime,
    grids: tuple[int, ...] | None,
    categories: dict[str, Any],
    targets: ReviewTargets,
    as_of: datetime,
) -> tuple[IncidentColumns, DelayArrays]:
    with ctx.reading() as s:
        columns = _PeriodReader(s, ctx, start, end, grids, categories).incidents()
    return columns, compute_delays(columns, targets, as_of)


def _clearance_noted(
    ctx: StationContext, start: datetime, end: datetime, grids: tuple[int, ...] | None
) -> np.ndarray:
    with ctx.reading() as s:
        return _PeriodReader(s, ctx, start, end, grids).clearance_noted()


def _labels(s: Session, ids: np.ndarray) -> dict[int, IncidentLabel]:
    """Number, category and grid of the given incidents (for their breakdowns)."""
    wanted = [int(i) for i in ids]
    labels: dict[int, IncidentLabel] = {}
    for chunk in range(0, len(wanted), 900):  # SQLite's bound-parameter limit
        for incident_id, number, code, grid_id in s.execute(
            select(Incident.id, Incident.number, Incident.category_code, Incident.grid_id).where(
                Incident.id.in_(wanted[chunk : chunk + 900])
            )
        ):
            labels[incident_id] = IncidentLabel(number, code, grid_id)
    return labels


def _shift_span(day: date, minute: int, duration: int, tz) -> tuple[float, float, float]:
    """(start, end, 1.0 if it starts on a weekend) of a shift, in the station's calendar."""
    begin = datetime.combine(day, time(0), tzinfo=tz) + timedelta(minutes=minute)
    end = begin + timedelta(minutes=duration)
    return begin.timestamp(), end.timestamp(), float(begin.weekday() >= 5)


def _no_duty() -> DutySpans:
    none = np.zeros(0)
    return DutySpans(none.astype(np.int64), none, none)


@dataclasses.dataclass(frozen=True)
class _UnitsSide:
    """What the debrief's second connection reads: it needs no incident figures."""

    orders: AssignmentColumns  # orders_in_time: not yet narrowed to the period's incidents
    duty: DutySpans | None
    shifts: ShiftColumns
    units: list[UnitInfo]  # all the station's
    grids: list[GridInfo]


def _units_side(
    ctx: StationContext, start: datetime, end: datetime, grids: tuple[int, ...] | None
) -> _UnitsSide:
    with ctx.reading() as s:
        period = _PeriodReader(s, ctx, start, end, grids)
        # The roster first: mostly Python work, done while the other threads' reads run
        # in the database (outside the GIL); then this thread's own long read.
        duty, shifts = period.roster(ctx.timezone)
        units, grid_infos = period.units_and_grids()
        orders = period.orders_in_time()
    return _UnitsSide(orders, duty, shifts, units, grid_infos)


def _late_list(
    ctx: StationContext, columns: IncidentColumns, delays: DelayArrays, rows: np.ndarray
) -> tuple[DelayBreakdown, ...]:
    with ctx.reading() as s:
        labels = _labels(s, columns.incident_id[rows])
    return breakdowns_at(delays, columns, rows, labels)


def _of_incidents(a: AssignmentColumns, incident_ids: np.ndarray) -> AssignmentColumns:
    """The orders of the given incidents."""
    ids = np.sort(incident_ids)  # a sorted search: several times cheaper than np.isin here
    pos = np.clip(np.searchsorted(ids, a.incident_id), 0, max(len(ids) - 1, 0))
    keep = ids[pos] == a.incident_id if len(ids) else np.zeros(len(a), dtype=bool)
    if keep.all():
        return a
    return AssignmentColumns(
        **{f.name: getattr(a, f.name)[keep] for f in dataclasses.fields(AssignmentColumns)}
    )


def _unit_figures(
    side: _UnitsSide,
    assignments: AssignmentColumns,
    grid_ids: tuple[int, ...] | None,
    span: tuple[float, float],
    now: float,
) -> tuple[tuple[UnitStatusTime, ...], tuple[GridCoverage, ...]]:
    """Time in each status and coverage gaps, over the units and grids reviewed: the
    grids chosen (all if None) and the units at home in them or sent to their incidents."""
    grids = [g for g in side.grids if grid_ids is None or g.grid_id in grid_ids]
    sent = set(distinct(assignments.unit_id).tolist())
    wanted = {g.grid_id for g in grids}
    units = [
        u for u in side.units if grid_ids is None or u.unit_id in sent or u.home_grid_id in wanted
    ]
    busy = busy_spans(assignments, now)
    return (
        unit_status_times(assignments, units, span, now, side.duty, busy),
        coverage_gaps(assignments, units, grids, span, now, side.duty, busy),
    )


def _linked(
    columns: IncidentColumns, a: AssignmentColumns
) -> tuple[IncidentColumns, AssignmentColumns]:
    """Join orders to their incidents in numpy: an order is urgent with its incident and
    of the first dispatch when ordered at the incident's first_dispatched_at (the lifecycle
    stamps both from the same moment); an incident counts for 首接率 when a unit of its
    first dispatch got to the scene."""
    if len(columns) == 0 or len(a) == 0:
        return columns, a
    order = np.argsort(columns.incident_id)
    pos = np.clip(np.searchsorted(columns.incident_id[order], a.incident_id), 0, len(order) - 1)
    row = order[pos]
    found = columns.incident_id[row] == a.incident_id
    urgent = found & (columns.priority[row] == PRIORITIES.index(Priority.URGENT.value))
    # 2 ms: SQLite's julianday path rounds to whole milliseconds.
    first = found & (np.abs(a.ordered - columns.dispatched[row]) < 0.002)
    a = dataclasses.replace(a, urgent=urgent, first_order=first)
    reached = first & ~np.isnan(a.arrived)
    flags = np.isin(columns.incident_id, a.incident_id[reached])
    return dataclasses.replace(columns, first_unit_arrived=flags), a


def _late_order(columns: IncidentColumns, delays: DelayArrays, as_of: float) -> np.ndarray:
    """Rows of late incidents, the latest (most seconds past the deadline) first."""
    rows = np.flatnonzero(delays.late == LATE)
    reached = np.where(np.isnan(columns.arrived[rows]), as_of, columns.arrived[rows])
    lateness = reached - columns.deadline[rows]
    return rows[np.argsort(-lateness, kind="stable")]


def _local_days(day: date, n: int, tz) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time(0), tzinfo=tz)
    return start.astimezone(UTC), (start + timedelta(days=n)).astimezone(UTC)


def _clip(a0: datetime, a1: datetime, b0: datetime, b1: datetime) -> tuple[datetime, datetime]:
    return max(a0, b0), min(a1, b1)


def _officer_incident_ids(period: _PeriodReader, officer_id: int, tz) -> np.ndarray:
    """Incidents the officer's rostered unit was ordered to during the officer's shifts and
    not recalled from (as OfficerWorkload.incidents counts them)."""
    _, shifts = period.roster(tz)
    mine = np.flatnonzero((shifts.officer_id == officer_id) & (shifts.unit_id >= 0))
    a = period.assignments()
    rows = np.zeros(len(a), dtype=bool)
    for k in mine.tolist():  # the officer's own shifts: a few dozen
        rows |= (
            (a.unit_id == shifts.unit_id[k])
            & (a.ordered >= shifts.start[k])
            & (a.ordered < shifts.end[k])
        )
    return distinct(a.incident_id[rows & np.isnan(a.cancelled)])


__all__ = ["debrief", "incidents_for"]
