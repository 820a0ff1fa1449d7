"""What the station chief's review (复盘) returns: plain frozen dataclasses, safe between threads.

Units, everywhere in this module:
- durations are **seconds** (float) unless a field name ends in ``_hours`` or ``_minutes``;
- times are timezone-aware UTC ``datetime``; days and weeks are **station-local** dates;
- rates are fractions **0..1** (``None`` when the denominator is zero; shown as "—").

Field names are stable: the review UI (charts, debrief window, exports) reads them. New
fields may be added; existing ones are not renamed or removed.

Benchmark hook: tests/benchmarks/bench_review.py times ``charts_ms`` by calling
``console.ui.review.charts.draw_all_charts(debrief)`` (draws every chart of a Debrief
offscreen and returns the images).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum


class DelayPart(StrEnum):
    """The parts an incident's time is split into, in the order they happen."""

    ANSWERING = "answering"  # 接听: first ring (received_at) -> call picked up (answered_at)
    ENTRY = "entry"  # 录入: picked up -> intake saved (entered_at)
    DISPATCH = "dispatch"  # 派警: saved -> first unit ordered (first_dispatched_at)
    TRAVEL = "travel"  # 途中: first unit ordered -> first unit on scene (first_arrived_at)
    ON_SCENE = "on_scene"  # 处置: first unit on scene -> incident closed (closed_at)
    CALLBACK = "callback"  # 回访: closed -> reporter called back (called_back_at)


# The parts that lead up to arrival: the ones that can make an incident late.
RESPONSE_PARTS = (DelayPart.ANSWERING, DelayPart.ENTRY, DelayPart.DISPATCH, DelayPart.TRAVEL)


@dataclass(frozen=True)
class PartTiming:
    """One part of an incident's delay, measured against its target.

    ``seconds`` is None when the step was not recorded or not reached (never answered on
    record, never dispatched, diverted, transferred before arrival, still open …).
    ``start``/``end`` are the stamps measured between: when an earlier stamp is missing
    (e.g. no ``answered_at`` for a walk-in) the part starts at the latest earlier stamp
    that exists and its target grows by the missing part's target.
    ``target_seconds`` is None where the part has no target (on-scene work, low grades).
    """

    part: DelayPart
    seconds: float | None
    target_seconds: float | None
    start: datetime | None = None
    end: datetime | None = None

    @property
    def over_seconds(self) -> float | None:
        """Seconds past the target (negative: inside it); None without time or target."""
        if self.seconds is None or self.target_seconds is None:
            return None
        return self.seconds - self.target_seconds

    @property
    def on_target(self) -> bool | None:
        """True inside the target, False over it, None when it cannot be judged."""
        over = self.over_seconds
        return None if over is None else over <= 0


@dataclass(frozen=True)
class DelayBreakdown:
    """An incident's time from first ring to arrival (and on to callback), part by part.

    ``response_seconds``: first ring -> first unit on scene (None if no unit arrived).
    ``arrival_target_seconds``: arrival_deadline - received_at (None: by appointment).
    ``late``: True if the first unit arrived after the deadline, or none had arrived by the
    deadline and the incident still waited for one when the review was made; None for
    grades without a deadline.
    ``late_part``: for late incidents, the part that made it late — the response part
    that overran its own target by the most seconds; if no unit arrived, the step that
    never happened (dispatch if never dispatched, else travel). None when not late.
    """

    incident_id: int
    number: str
    received_at: datetime
    priority: str  # Priority value
    category_code: str
    grid_id: int | None
    status: str  # IncidentStatus value
    answering: PartTiming
    entry: PartTiming
    dispatch: PartTiming
    travel: PartTiming
    on_scene: PartTiming
    callback: PartTiming
    response_seconds: float | None
    arrival_target_seconds: float | None
    late: bool | None
    late_part: DelayPart | None

    @property
    def parts(self) -> tuple[PartTiming, ...]:
        return (
            self.answering,
            self.entry,
            self.dispatch,
            self.travel,
            self.on_scene,
            self.callback,
        )

    def part(self, which: DelayPart) -> PartTiming:
        return getattr(self, which.value)


@dataclass(frozen=True)
class ReviewTargets:
    """Targets each part is marked against (seconds). Documented choices:

    - answering 15 s: NENA call-answering standard (90 % of calls within 15 s);
    - entry 60 s: DESIGN.md's "under 30 seconds of typing" plus the listening around it;
    - dispatch: 60 s for 紧急 (NFPA 1225 processing time), 120 s 较紧急, 300 s 一般,
      none for 非紧急 (by appointment);
    - travel: whatever the arrival deadline leaves after the earlier parts' targets,
      so the response parts' targets add up to the deadline (grid- and grade-specific);
    - callback 24 h: the day's calls are called back by 日清零;
    - on scene: no target (it is the work itself).
    """

    answering_s: float = 15.0
    entry_s: float = 60.0
    dispatch_s: Mapping[str, float | None] = field(
        default_factory=lambda: {"urgent": 60.0, "high": 120.0, "normal": 300.0, "low": None}
    )
    callback_s: float = 24 * 3600.0


@dataclass(frozen=True)
class RateFigure:
    """A rate with what it was computed from, so the chief can check it (0..1)."""

    numerator: int
    denominator: int

    @property
    def rate(self) -> float | None:
        return self.numerator / self.denominator if self.denominator else None


@dataclass(frozen=True)
class ReviewRates:
    """The main rates of a period (each a RateFigure; see review.rates for definitions).

    first_response 首接率: of incidents a unit reached, those where a unit of the first
        dispatch (ordered at first_dispatched_at) was on scene — no re-dispatch needed.
    closure 办结率: settled (closed, called back, transferred) over incidents the station
        had to handle (all received except diverted to 12345 and calls closed as duplicates).
    callback 回访率: called back over closed (closed + called back).
    satisfaction 满意率: (满意 + 基本满意) over callbacks with a satisfaction recorded.
    on_time_arrival 按时到场率: first unit on scene by the deadline, over incidents with a
        deadline that a unit reached or that were late without arrival.
    """

    first_response: RateFigure
    closure: RateFigure
    callback: RateFigure
    satisfaction: RateFigure
    on_time_arrival: RateFigure


@dataclass(frozen=True)
class ArrivalDistribution:
    """Response times (first ring -> first unit on scene) of one grade, against its target.

    ``bin_edges_seconds`` has len(counts) + 1 edges (60 s bins up to the cap, then one
    open "and over" bin whose upper edge is the largest value). ``target_seconds`` is the
    grade's usual deadline (the most common one among its incidents; grids may differ,
    ``on_time`` counts each against its own deadline). Percentiles are None when empty.
    ``priority`` is a Priority value, or "all" for every grade with a deadline.
    """

    priority: str
    count: int
    on_time: int
    target_seconds: float | None
    mean_seconds: float | None
    p50_seconds: float | None
    p90_seconds: float | None
    bin_edges_seconds: tuple[float, ...]
    counts: tuple[int, ...]


@dataclass(frozen=True)
class CategoryPriorityCount:
    """Incidents of one category (top-level 警情类别) and grade."""

    category_code: str
    category_zh: str
    category_en: str
    priority: str
    count: int


@dataclass(frozen=True)
class DailyClearance:
    """日清零 of one station-local day: is everything closed and called back, or explained?

    ``pending_open``: still open; ``pending_callback``: closed, not called back;
    ``explained``: pending ones with a clearance note. ``cleared`` when every pending
    one is explained (or none is pending).
    """

    day: date
    received: int
    pending_open: int
    pending_callback: int
    explained: int

    @property
    def pending(self) -> int:
        return self.pending_open + self.pending_callback

    @property
    def cleared(self) -> bool:
        return self.pending <= self.explained


@dataclass(frozen=True)
class HourWeekdayMatrix:
    """Incidents received per station-local weekday (0 Monday … 6 Sunday) and hour (0-23).

    ``counts[weekday][hour]``.
    """

    counts: tuple[tuple[int, ...], ...]

    @property
    def total(self) -> int:
        return sum(map(sum, self.counts))


@dataclass(frozen=True)
class UnitStatusTime:
    """Seconds a unit spent in each status during the period.

    The store keeps no unit status history (only the current status), so this is derived
    from assignments: ``dispatched_seconds`` ordered -> arrived (已派/途中), ``on_scene_seconds``
    arrived -> cleared (到场/处置中), ``on_duty_seconds`` from approved roster entries naming
    the unit (None when no approved roster covers the period), ``available_seconds`` =
    on duty minus committed (None without roster), where overlapping orders count once;
    ``dispatched_seconds``/``on_scene_seconds`` add each order's own time. Times run up
    to the end of the period or the moment of the review, whichever is earlier.
    """

    unit_id: int
    call_sign: str
    home_grid_id: int | None
    incidents: int
    dispatched_seconds: float
    on_scene_seconds: float
    on_duty_seconds: float | None
    available_seconds: float | None

    @property
    def committed_seconds(self) -> float:
        return self.dispatched_seconds + self.on_scene_seconds


@dataclass(frozen=True)
class CoverageGap:
    """A stretch when a grid had fewer available units than Grid.min_available_units (警力冰点).

    ``available_units`` is the lowest count during the stretch. Derived from assignments
    (units of the grid committed to incidents) and, where approved, the roster (units on
    duty); without a roster every unit of the grid is taken to be on duty.
    """

    grid_id: int
    grid_name: str
    start: datetime
    end: datetime
    available_units: int
    min_available_units: int

    @property
    def seconds(self) -> float:
        return (self.end - self.start).total_seconds()


@dataclass(frozen=True)
class GridCoverage:
    """Coverage of one grid over the period: its gaps and their total length (seconds)."""

    grid_id: int
    grid_name: str
    min_available_units: int
    units: int
    gap_seconds: float
    gaps: tuple[CoverageGap, ...]


@dataclass(frozen=True)
class UnitWorkload:
    """One unit's load over the period (for the 忙闲不均 chart)."""

    unit_id: int
    call_sign: str
    incidents: int
    on_scene_seconds: float
    committed_seconds: float


@dataclass(frozen=True)
class PointWeights:
    """Weights of the task-point score (任务积分制); the UI stores them as settings.

    points = incident * incidents + urgent_incident * urgent incidents
           + on_scene_hour * hours on scene + rostered_hour * hours rostered
           + night_shift * night shifts + weekend_shift * weekend shifts
           + support_duty * support duties
    """

    incident: float = 1.0
    urgent_incident: float = 1.0  # on top of ``incident``
    on_scene_hour: float = 0.5
    rostered_hour: float = 0.0
    night_shift: float = 2.0
    weekend_shift: float = 1.0
    support_duty: float = 2.0


@dataclass(frozen=True)
class OfficerWorkload:
    """One officer's duty and load over the period, with the task-point score.

    From approved roster entries (shift per day, with the unit the officer rode with)
    joined with that unit's assignments during the shift. ``worked_hours``: the part of
    rostered shifts already over when the review was made (no attendance is recorded).
    ``night_shifts``: shifts of a night shift type; ``weekend_shifts``: shifts starting on
    a local Saturday or Sunday; ``support_duties``: entries whose post is a support post.
    ``points_detail`` names each term of the score (weight x amount) for transparency.
    """

    officer_id: int
    name: str
    badge_number: str
    shifts: int
    rostered_hours: float
    worked_hours: float
    incidents: int
    urgent_incidents: int
    on_scene_seconds: float
    night_shifts: int
    weekend_shifts: int
    support_duties: int
    points: float
    points_detail: Mapping[str, float]


@dataclass(frozen=True)
class WeeklyRates:
    """One station-local week (Monday ``week_start``) of the trend chart."""

    week_start: date
    incidents: int
    rates: ReviewRates
    p90_response_seconds: float | None  # 90th percentile, grades with a deadline


@dataclass(frozen=True)
class PartSummary:
    """How one delay part did over the period (seconds; None when never measured)."""

    part: DelayPart
    measured: int
    over_target: int
    median_seconds: float | None
    p90_seconds: float | None
    late_because: int  # late incidents whose late_part is this part


@dataclass(frozen=True)
class Debrief:
    """The shift debrief (复盘) of incidents received in [start, end), optionally some grids.

    ``late_incidents`` are listed with their breakdown, most late first (at most
    ``late_listed_max``; ``late_total`` counts all). ``arrival`` holds one distribution per
    grade with a deadline plus "all". ``notes`` are English sentences about what could not
    be measured (e.g. no unit status history); the UI translates them by their text.
    """

    start: datetime
    end: datetime
    grid_ids: tuple[int, ...] | None
    generated_at: datetime
    timezone: str
    incidents: int
    targets: ReviewTargets
    rates: ReviewRates
    by_priority: Mapping[str, int]
    by_category: tuple[CategoryPriorityCount, ...]
    arrival: Mapping[str, ArrivalDistribution]
    parts: tuple[PartSummary, ...]
    late_total: int
    late_incidents: tuple[DelayBreakdown, ...]
    daily_clearance: tuple[DailyClearance, ...]
    hour_weekday: HourWeekdayMatrix
    unit_status: tuple[UnitStatusTime, ...]
    coverage: tuple[GridCoverage, ...]
    unit_workload: tuple[UnitWorkload, ...]
    officer_workload: tuple[OfficerWorkload, ...]
    weekly: tuple[WeeklyRates, ...]
    point_weights: PointWeights
    notes: tuple[str, ...] = ()
    late_listed_max: int = 500


@dataclass(frozen=True)
class IncidentSelection:
    """What a chart bar stands for, to list its incidents (click-through).

    Every given field narrows the selection; None leaves it open. ``weekday``/``hour`` are
    station-local (as in HourWeekdayMatrix); ``response_from_s``/``response_to_s`` select a
    histogram bin [from, to) of response seconds; ``unit_id`` incidents the unit was sent
    to; ``officer_id`` incidents the officer's rostered unit was sent to during the shift;
    ``week_start`` a station-local week; ``late_only`` late ones; ``late_part`` late ones
    made late by that part.
    """

    start: datetime
    end: datetime
    grid_ids: tuple[int, ...] | None = None
    priority: str | None = None
    category_code: str | None = None
    weekday: int | None = None
    hour: int | None = None
    response_from_s: float | None = None
    response_to_s: float | None = None
    unit_id: int | None = None
    officer_id: int | None = None
    day: date | None = None
    week_start: date | None = None
    late_only: bool = False
    late_part: DelayPart | None = None
    limit: int = 1000
