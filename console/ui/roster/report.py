"""A roster as report tables (console.reports): the calendar with each cell in its shift's
colour, the counts against cover, and every finding of the checker, for XLSX and PDF."""

from __future__ import annotations

from collections import Counter
from datetime import tzinfo

from PySide6.QtCore import QCoreApplication, QLocale

from console.domain.roster.calendar import cover_targets, shift_counts
from console.reports.table import ReportTable
from console.services.rosters import RosterView

from ..people import person_label
from ..vocabulary import rotation_name, shift_name
from .findings import finding_text, post_mark

SHORT_FILL = "#f4b6b2"
BROKEN_FILL = "#f8d7da"


def roster_title(view: RosterView, tz: tzinfo | None = None) -> str:
    h = view.header
    title = QCoreApplication.translate(
        "RosterReport", "Duty roster {name}, {start} to {end}"
    ).format(name=rotation_name(h.name), start=h.start_date.isoformat(), end=h.end_date.isoformat())
    return title


def approval_line(view: RosterView, tz: tzinfo | None = None) -> str:
    h = view.header
    if h.approved and h.approved_at is not None:
        at = h.approved_at.astimezone(tz) if tz else h.approved_at
        return QCoreApplication.translate("RosterReport", "Approved by {name} at {at}").format(
            name=person_label(h.approved_by, h.approved_by_badge) or "?",
            at=at.strftime("%Y-%m-%d %H:%M"),
        )
    return QCoreApplication.translate(
        "RosterReport", "Draft, version {version}: not approved"
    ).format(version=h.version)


def _day_header(day, with_month: bool = True) -> str:
    weekday = QLocale().dayName(day.isoweekday(), QLocale.FormatType.NarrowFormat)
    top = f"{day.month}-{day.day}" if with_month else str(day.day)
    return f"{top} {weekday}"


def _day_headers(days) -> list[str]:
    return [_day_header(d, with_month=i == 0 or d.day == 1) for i, d in enumerate(days)]


def calendar_table(view: RosterView, first: int = 0, count: int | None = None) -> ReportTable:
    """The calendar, or ``count`` of its days from day ``first`` (a PDF page holds two weeks)."""
    p = view.problem
    dates = p.dates[first : None if count is None else first + count]
    cells = {(a.staff, a.day): a for a in view.assignments}
    broken = {(f.staff, f.day) for f in view.check.findings if f.hard and f.staff and f.day}
    minutes = {t.id: t.minutes for t in p.shift_types}
    names = {t.id: shift_name(t.name) for t in p.shift_types}
    columns = [
        QCoreApplication.translate("RosterReport", "Team"),
        QCoreApplication.translate("RosterReport", "Name"),
    ]
    columns += _day_headers(dates) + [
        QCoreApplication.translate("RosterReport", "Shifts"),
        QCoreApplication.translate("RosterReport", "Hours"),
    ]
    rows, fills = [], []
    for team in p.teams():
        for m in (m for m in p.staff if m.team == team):
            row: list[object] = [m.team, m.name]
            fill: list[str | None] = [None, None]
            worked = 0
            total = 0
            for day in dates:
                a = cells.get((m.id, day))
                if a is None:
                    row.append("")
                    fill.append(BROKEN_FILL if (m.id, day) in broken else None)
                    continue
                worked += 1
                total += minutes.get(a.shift, 0)
                row.append(names.get(a.shift, a.shift)[:1] + post_mark(a.post, p))
                fill.append(view.shift_colours.get(a.shift))
            row += [worked, round(total / 60, 1)]
            fill += [None, None]
            rows.append(row)
            fills.append(fill)
    title = QCoreApplication.translate("RosterReport", "Calendar")
    if count is not None:
        title += f" {dates[0].isoformat()} – {dates[-1].isoformat()}"
    return ReportTable(title, columns, rows, fills)


def cover_table(view: RosterView) -> ReportTable:
    p = view.problem
    targets = cover_targets(p)
    counts: Counter = shift_counts(view.assignments)
    rows, fills = [], []
    for t in p.shift_types:
        row: list[object] = [shift_name(t.name)]
        fill: list[str | None] = [None]
        for day in p.dates:
            n, target = counts.get((day, t.id), 0), targets.get((day, t.id))
            row.append(f"{n}/{target}" if target is not None else str(n))
            fill.append(SHORT_FILL if target is not None and n < target else None)
        rows.append(row)
        fills.append(fill)
    return ReportTable(
        QCoreApplication.translate("RosterReport", "On duty against cover"),
        [QCoreApplication.translate("RosterReport", "Shift"), *_day_headers(p.dates)],
        rows,
        fills,
    )


def findings_table(view: RosterView) -> ReportTable:
    rows, fills = [], []
    for f in view.check.findings:
        rows.append(
            [
                QCoreApplication.translate("RosterReport", "hard rule broken")
                if f.hard
                else QCoreApplication.translate("RosterReport", "soft rule"),
                finding_text(f, view.problem),
                f.cost or None,
            ]
        )
        fills.append([BROKEN_FILL if f.hard else None, None, None])
    if not rows:
        rows.append(
            [
                QCoreApplication.translate("RosterReport", "none"),
                QCoreApplication.translate(
                    "RosterReport", "No rule is broken and nothing is priced."
                ),
                0,
            ]
        )
        fills.append([None, None, None])
    return ReportTable(
        QCoreApplication.translate("RosterReport", "Rules broken, cost {cost}").format(
            cost=view.check.cost
        ),
        [
            QCoreApplication.translate("RosterReport", "Kind"),
            QCoreApplication.translate("RosterReport", "What"),
            QCoreApplication.translate("RosterReport", "Cost"),
        ],
        rows,
        fills,
    )


def roster_tables(view: RosterView) -> list[ReportTable]:
    return [calendar_table(view), cover_table(view), findings_table(view)]


PDF_DAYS = 14  # days of the calendar per table in a PDF: names stay readable on A4


def roster_blocks(view: RosterView, tz: tzinfo | None = None) -> list[object]:
    """What a PDF of the roster holds: the approval line, the calendar two weeks at a time,
    the counts against cover and the findings."""
    days = view.problem.days
    calendars = [calendar_table(view, k, PDF_DAYS) for k in range(0, days, PDF_DAYS)]
    return [approval_line(view, tz), *calendars, cover_table(view), findings_table(view)]
