"""The columns of every review table, once: the window's models and the exported
reports (PDF, XLSX, CSV) are both made from them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication

from console.domain.incidents import Priority
from console.domain.review.results import (
    CoverageGap,
    DailyClearance,
    Debrief,
    DelayBreakdown,
    DelayPart,
    GridCoverage,
    OfficerWorkload,
    PartTiming,
    UnitStatusTime,
)

from ..vocabulary import incident_status_name, priority_name
from .labels import DASH, duration, local, local_text, part_name, percent, rate_name
from .records import Column

translate = QCoreApplication.translate


@dataclass(frozen=True)
class Names:
    """What the tables need to name codes: the station's zone, categories and grids."""

    tz: ZoneInfo
    categories: Mapping[str, str] = field(default_factory=dict)  # code -> "治安/打架斗殴"
    grids: Mapping[int, str] = field(default_factory=dict)

    def category(self, code: str) -> str:
        return self.categories.get(code, code)

    def grid(self, grid_id: int | None) -> str:
        return "" if grid_id is None else self.grids.get(grid_id, str(grid_id))


def _span(seconds: float | None) -> timedelta | None:
    return None if seconds is None else timedelta(seconds=round(seconds))


def _hours(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds / 3600, 1)


def _part_column(part: DelayPart) -> Column:
    def timing(b: DelayBreakdown) -> PartTiming:
        return b.part(part)

    def tip(b: DelayBreakdown) -> str | None:
        t = timing(b)
        if t.target_seconds is None:
            return None
        return translate("ReviewTable", "Target {target}").format(
            target=_text_span(t.target_seconds)
        )

    return Column(
        part_name(part),
        lambda b: _span(timing(b).seconds),
        warn=lambda b: "bad" if timing(b).on_target is False else None,
        tooltip=tip,
    )


def _text_span(seconds: float) -> str:
    return duration(seconds)


def _lateness(b: DelayBreakdown) -> timedelta | None:
    if b.response_seconds is None or b.arrival_target_seconds is None:
        return None
    return _span(b.response_seconds - b.arrival_target_seconds)


def incident_columns(names: Names, *, with_verdict: bool = False) -> list[Column]:
    """An incident and its delay breakdown, part by part against its targets."""
    columns = [
        Column(translate("ReviewTable", "No."), lambda b: b.number),
        Column(
            translate("ReviewTable", "Received"),
            lambda b: local(b.received_at, names.tz),
            text=lambda b: local_text(b.received_at, names.tz),
        ),
        Column(
            translate("ReviewTable", "Priority"),
            lambda b: Priority(b.priority).rank,
            text=lambda b: priority_name(b.priority),
            export_text=True,
        ),
        Column(translate("ReviewTable", "Category"), lambda b: names.category(b.category_code)),
        Column(translate("ReviewTable", "Grid"), lambda b: names.grid(b.grid_id)),
        Column(translate("ReviewTable", "Status"), lambda b: incident_status_name(b.status)),
        *(
            _part_column(p)
            for p in (DelayPart.ANSWERING, DelayPart.ENTRY, DelayPart.DISPATCH, DelayPart.TRAVEL)
        ),
        Column(
            translate("ReviewTable", "Arrival"),
            lambda b: _span(b.response_seconds),
            text=lambda b: DASH if b.response_seconds is None else _text_span(b.response_seconds),
            warn=lambda b: "bad" if b.late else None,
        ),
        Column(translate("ReviewTable", "Target"), lambda b: _span(b.arrival_target_seconds)),
        Column(
            translate("ReviewTable", "Over by"),
            _lateness,
            text=lambda b: (
                _text_span(_lateness(b).total_seconds())
                if _lateness(b) is not None and _lateness(b).total_seconds() > 0
                else (
                    translate("ReviewTable", "no arrival")
                    if b.late and b.response_seconds is None
                    else ""
                )
            ),
        ),
        Column(
            translate("ReviewTable", "Made late by"),
            lambda b: part_name(b.late_part),
            warn=lambda b: "bad" if b.late_part is not None else None,
        ),
        _part_column(DelayPart.ON_SCENE),
        _part_column(DelayPart.CALLBACK),
    ]
    if with_verdict:
        columns.insert(
            3,
            Column(
                translate("ReviewTable", "On time"),
                lambda b: None if b.late is None else not b.late,
                text=lambda b: (
                    DASH
                    if b.late is None
                    else (
                        translate("ReviewTable", "late")
                        if b.late
                        else translate("ReviewTable", "on time")
                    )
                ),
                warn=lambda b: "bad" if b.late else ("good" if b.late is False else None),
            ),
        )
    return columns


@dataclass(frozen=True)
class CategoryRow:
    code: str
    name: str
    counts: Mapping[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def category_rows(debrief: Debrief, zh: bool) -> list[CategoryRow]:
    rows: dict[str, dict[str, int]] = {}
    names: dict[str, str] = {}
    for c in debrief.by_category:
        names[c.category_code] = c.category_zh if zh else c.category_en
        rows.setdefault(c.category_code, {})[c.priority] = c.count
    out = [CategoryRow(code, names[code], counts) for code, counts in rows.items()]
    return sorted(out, key=lambda r: -r.total)


def category_columns() -> list[Column]:
    return [
        Column(translate("ReviewTable", "Category"), lambda r: r.name),
        *(Column(priority_name(p), lambda r, p=p: r.counts.get(p.value, 0)) for p in Priority),
        Column(translate("ReviewTable", "Total"), lambda r: r.total),
    ]


def part_columns() -> list[Column]:
    return [
        Column(translate("ReviewTable", "Step"), lambda p: part_name(p.part)),
        Column(translate("ReviewTable", "Measured"), lambda p: p.measured),
        Column(
            translate("ReviewTable", "Over target"),
            lambda p: p.over_target,
            warn=lambda p: "warn" if p.measured and p.over_target / p.measured > 0.1 else None,
        ),
        Column(translate("ReviewTable", "Median"), lambda p: _span(p.median_seconds)),
        Column(translate("ReviewTable", "90th percentile"), lambda p: _span(p.p90_seconds)),
        Column(
            translate("ReviewTable", "Made late"),
            lambda p: p.late_because,
            warn=lambda p: "bad" if p.late_because else None,
        ),
    ]


def clearance_columns() -> list[Column]:
    def state(d: DailyClearance) -> str:
        if not d.pending:
            return translate("ReviewTable", "cleared")
        if d.cleared:
            return translate("ReviewTable", "explained")
        return translate("ReviewTable", "{n} open").format(n=d.pending - d.explained)

    return [
        Column(translate("ReviewTable", "Day"), lambda d: d.day),
        Column(translate("ReviewTable", "Incidents"), lambda d: d.received),
        Column(translate("ReviewTable", "Not closed"), lambda d: d.pending_open),
        Column(translate("ReviewTable", "Not called back"), lambda d: d.pending_callback),
        Column(translate("ReviewTable", "Explained"), lambda d: d.explained),
        Column(
            translate("ReviewTable", "Daily clearance"),
            state,
            warn=lambda d: "good" if d.cleared else "bad",
        ),
    ]


def unit_status_columns(names: Names) -> list[Column]:
    def load(u: UnitStatusTime) -> float | None:
        if not u.on_duty_seconds:
            return None
        return round(u.committed_seconds / u.on_duty_seconds, 3)

    return [
        Column(translate("ReviewTable", "Unit"), lambda u: u.call_sign),
        Column(translate("ReviewTable", "Home grid"), lambda u: names.grid(u.home_grid_id)),
        Column(translate("ReviewTable", "Incidents"), lambda u: u.incidents),
        Column(
            translate("ReviewTable", "Dispatched / en route (h)"),
            lambda u: _hours(u.dispatched_seconds),
        ),
        Column(
            translate("ReviewTable", "On scene / busy (h)"), lambda u: _hours(u.on_scene_seconds)
        ),
        Column(translate("ReviewTable", "On duty (h)"), lambda u: _hours(u.on_duty_seconds)),
        Column(translate("ReviewTable", "Available (h)"), lambda u: _hours(u.available_seconds)),
        Column(
            translate("ReviewTable", "Committed"),
            load,
            text=lambda u: percent(load(u)),
            export_text=True,
        ),
    ]


def coverage_columns() -> list[Column]:
    def longest(g: GridCoverage) -> timedelta | None:
        return _span(max((x.seconds for x in g.gaps), default=None))

    return [
        Column(translate("ReviewTable", "Grid"), lambda g: g.grid_name),
        Column(translate("ReviewTable", "Units"), lambda g: g.units),
        Column(translate("ReviewTable", "Minimum available"), lambda g: g.min_available_units),
        Column(
            translate("ReviewTable", "Gaps"),
            lambda g: len(g.gaps),
            warn=lambda g: "warn" if g.gaps else None,
        ),
        Column(translate("ReviewTable", "Time below minimum"), lambda g: _span(g.gap_seconds)),
        Column(translate("ReviewTable", "Longest gap"), longest),
    ]


def gap_columns(tz: ZoneInfo) -> list[Column]:
    return [
        Column(translate("ReviewTable", "Grid"), lambda g: g.grid_name),
        Column(
            translate("ReviewTable", "From"),
            lambda g: local(g.start, tz),
            text=lambda g: local_text(g.start, tz),
        ),
        Column(
            translate("ReviewTable", "To"),
            lambda g: local(g.end, tz),
            text=lambda g: local_text(g.end, tz),
        ),
        Column(translate("ReviewTable", "Length"), lambda g: _span(g.seconds)),
        Column(
            translate("ReviewTable", "Available units"),
            lambda g: g.available_units,
            warn=lambda g: "bad" if g.available_units == 0 else "warn",
        ),
        Column(translate("ReviewTable", "Minimum"), lambda g: g.min_available_units),
    ]


def officer_columns() -> list[Column]:
    terms = point_term_names()

    def detail(o: OfficerWorkload) -> str:
        return " + ".join(
            f"{terms.get(k, k)} {v:.1f}".replace(".0 ", " ").removesuffix(".0")
            for k, v in o.points_detail.items()
            if v
        )

    return [
        Column(translate("ReviewTable", "Officer"), lambda o: o.name),
        Column(translate("ReviewTable", "Badge"), lambda o: o.badge_number),
        Column(translate("ReviewTable", "Shifts"), lambda o: o.shifts),
        Column(translate("ReviewTable", "Rostered (h)"), lambda o: round(o.rostered_hours, 1)),
        Column(translate("ReviewTable", "Worked (h)"), lambda o: round(o.worked_hours, 1)),
        Column(translate("ReviewTable", "Incidents"), lambda o: o.incidents),
        Column(translate("ReviewTable", "Urgent"), lambda o: o.urgent_incidents),
        Column(translate("ReviewTable", "On scene (h)"), lambda o: _hours(o.on_scene_seconds)),
        Column(translate("ReviewTable", "Night shifts"), lambda o: o.night_shifts),
        Column(translate("ReviewTable", "Weekend shifts"), lambda o: o.weekend_shifts),
        Column(translate("ReviewTable", "Support duty"), lambda o: o.support_duties),
        Column(translate("ReviewTable", "Points"), lambda o: round(o.points, 1)),
        Column(translate("ReviewTable", "How the points add up"), detail),
    ]


def weekly_columns() -> list[Column]:
    def rate(key: str):
        return lambda w: getattr(w.rates, key).rate

    return [
        Column(translate("ReviewTable", "Week of"), lambda w: w.week_start),
        Column(translate("ReviewTable", "Incidents"), lambda w: w.incidents),
        *(
            Column(
                rate_name(k),
                rate(k),
                text=lambda w, k=k: percent(getattr(w.rates, k).rate),
                export_text=True,
            )
            for k in ("on_time_arrival", "first_response", "closure", "satisfaction")
        ),
        Column(translate("ReviewTable", "Arrival P90"), lambda w: _span(w.p90_response_seconds)),
    ]


def point_term_names() -> dict[str, str]:
    """The score's terms by their PointWeights field names, translated."""
    return {
        "incident": translate("ReviewTable", "incidents"),
        "urgent_incident": translate("ReviewTable", "urgent incidents"),
        "on_scene_hour": translate("ReviewTable", "hours on scene"),
        "rostered_hour": translate("ReviewTable", "hours rostered"),
        "night_shift": translate("ReviewTable", "night shifts"),
        "weekend_shift": translate("ReviewTable", "weekend shifts"),
        "support_duty": translate("ReviewTable", "support duties"),
    }


def all_gaps(debrief: Debrief) -> list[CoverageGap]:
    return sorted((g for c in debrief.coverage for g in c.gaps), key=lambda g: g.start)
