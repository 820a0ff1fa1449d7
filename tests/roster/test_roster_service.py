"""The roster services on both backends: a draft from a preset round-trips through the
store, edits are version-checked and checked by the independent checker, approval is the
chief's and refuses broken rosters and overlaps, a solved roster is stored."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from console.domain.roster import check
from console.domain.roster.calendar import CellEdit
from console.services import rosters
from console.services.station import open_station
from console.services.unit_of_work import ConflictError, ServiceError
from console.store.models import AuditEntry, Change, RosterEntry, ShiftType

from .station import PRESET, START, acting, build_roster_station


@pytest.fixture
def station(store_url):
    return build_roster_station(store_url)


@pytest.fixture
def ctx(station):
    context = open_station(station.url)
    yield context
    context.close()


def _count(ctx, query) -> int:
    with ctx.reading() as s:
        return s.scalar(query)


def test_a_draft_from_a_preset_round_trips(ctx):
    problem = rosters.build_problem(ctx, PRESET, START, 14)
    assert len(problem.staff) == 18 and list(problem.teams()) == ["一班", "二班", "三班"]
    assert problem.rules.commander is not None  # the station has qualified 民警
    roster = rosters.starting_roster(problem)
    roster_id = rosters.save_draft(ctx, problem, roster, summary={"source": "test"})

    view = rosters.load_roster(ctx, roster_id)
    assert view.header.status == "draft" and view.header.version == 1
    assert view.header.created_at is not None
    assert view.problem == problem  # the stored problem reads back the same
    assert view.assignments == tuple(sorted(roster))
    assert view.summary == {"source": "test"}
    assert view.check.cost == check(problem, roster).cost
    assert [h.id for h in rosters.list_rosters(ctx)] == [roster_id]
    # the preset's shift types were added to the station with colours
    with ctx.reading() as s:
        codes = dict(s.execute(select(ShiftType.code, ShiftType.colour)).all())
    assert set(codes) == {"D", "N"} and all(codes.values())
    assert _count(ctx, select(func.count()).select_from(RosterEntry)) == len(roster)
    assert (
        _count(
            ctx,
            select(func.count())
            .select_from(AuditEntry)
            .where(AuditEntry.action == "roster.save_draft"),
        )
        == 1
    )
    assert (
        _count(ctx, select(func.count()).select_from(Change).where(Change.entity == "roster")) == 1
    )


def test_an_edit_is_stored_checked_and_version_guarded(ctx):
    roster_id = rosters.new_draft_from_preset(ctx, PRESET, START, 14)
    view = rosters.load_roster(ctx, roster_id)
    assert not view.check.breaks  # the greedy rotation keeps every hard rule
    # a night (20:00-08:00) and then the day shift at 08:00: no rest at all
    member = next(m for m in view.problem.staff if not m.is_police)
    edits = (CellEdit(member.id, START, "N"), CellEdit(member.id, START + timedelta(days=1), "D"))
    after = rosters.apply_cell_edits(ctx, roster_id, edits, expected_version=1)

    assert after.header.version == 2
    cells = {(a.staff, a.day): a.shift for a in after.assignments}
    assert cells[member.id, START] == "N" and cells[member.id, START + timedelta(days=1)] == "D"
    rest = [f for f in after.check.breaks if f.rule == "min_rest"]
    assert [(f.staff, f.staff_name, f.day) for f in rest] == [(member.id, member.name, START)]
    assert rest[0].title == "Too little rest between shifts"

    with pytest.raises(ConflictError):  # someone else's stale version
        rosters.apply_cell_edits(
            ctx, roster_id, (CellEdit(member.id, START, None),), expected_version=1
        )
    cleared = rosters.apply_cell_edits(
        ctx, roster_id, (CellEdit(member.id, START, None),), expected_version=2
    )
    assert (member.id, START) not in {(a.staff, a.day) for a in cleared.assignments}
    assert not [f for f in cleared.check.breaks if f.rule == "min_rest"]


def test_edits_outside_the_roster_are_refused(ctx):
    roster_id = rosters.new_draft_from_preset(ctx, PRESET, START, 7)
    member = rosters.load_roster(ctx, roster_id).problem.staff[0]
    for edit in (
        CellEdit(member.id, START - timedelta(days=1), "D"),
        CellEdit("999999", START, "D"),
        CellEdit(member.id, START, "X"),
    ):
        with pytest.raises(ServiceError):
            rosters.apply_cell_edits(ctx, roster_id, (edit,), expected_version=1)
    assert rosters.load_roster(ctx, roster_id).header.version == 1


def test_a_broken_rule_blocks_approval_and_only_the_chief_approves(ctx, station):
    roster_id = rosters.new_draft_from_preset(ctx, PRESET, START, 14)
    duty = acting(ctx, station.duty)
    chief = acting(ctx, station.chief)
    with pytest.raises(ServiceError, match="Only the station chief"):
        rosters.approve_roster(duty, roster_id, expected_version=1)

    member = rosters.load_roster(ctx, roster_id).problem.staff[3]
    broken = rosters.apply_cell_edits(
        ctx,
        roster_id,
        (CellEdit(member.id, START, "N"), CellEdit(member.id, START + timedelta(days=1), "D")),
        expected_version=1,
    )
    assert broken.check.breaks
    with pytest.raises(ServiceError, match="hard rules") as refused:
        rosters.approve_roster(chief, roster_id, expected_version=2)
    assert refused.value.params["count"] == len(broken.check.breaks)
    assert rosters.load_roster(ctx, roster_id).header.status == "draft"

    fixed = rosters.apply_cell_edits(
        ctx,
        roster_id,
        [rosters_cell for rosters_cell in _undo(broken, member.id)],
        expected_version=2,
    )
    assert not fixed.check.breaks
    approved = rosters.approve_roster(chief, roster_id, expected_version=3)
    assert approved.header.status == "approved"
    assert approved.header.approved_by == "李所长" and approved.header.approved_at is not None
    with pytest.raises(ServiceError, match="read-only"):  # approved means read-only
        rosters.apply_cell_edits(
            ctx, roster_id, (CellEdit(member.id, START, None),), expected_version=4
        )


def _undo(view, staff):
    """Put the staff member's first two days back as the greedy rotation had them."""
    greedy = {(a.staff, a.day): a for a in rosters.starting_roster(view.problem)}
    for day in (START, START + timedelta(days=1)):
        a = greedy.get((staff, day))
        yield CellEdit(staff, day, a.shift if a else None, a.post if a else None)


def test_overlapping_approvals_replace_only_when_asked_or_copied(ctx, station):
    chief = acting(ctx, station.chief)
    first = rosters.new_draft_from_preset(ctx, PRESET, START, 14)
    rosters.approve_roster(chief, first, expected_version=1)

    other = rosters.new_draft_from_preset(ctx, PRESET, START + timedelta(days=7), 14)
    with pytest.raises(rosters.OverlapError) as overlap:
        rosters.approve_roster(chief, other, expected_version=1)
    assert overlap.value.params["other_id"] == first
    assert rosters.load_roster(ctx, other).header.status == "draft"

    # a copy of the approved roster replaces it without asking
    copy = rosters.copy_as_draft(ctx, first)
    copied = rosters.load_roster(ctx, copy)
    assert copied.assignments == rosters.load_roster(ctx, first).assignments
    rosters.approve_roster(chief, copy, expected_version=1)
    assert rosters.load_roster(ctx, first).header.status == "draft"  # sent back
    assert rosters.load_roster(ctx, copy).header.status == "approved"

    # and the other one when the chief says so
    rosters.approve_roster(chief, other, expected_version=1, replace=True)
    statuses = {h.id: h.status for h in rosters.list_rosters(ctx)}
    assert statuses == {first: "draft", copy: "draft", other: "approved"}


def test_a_solved_roster_is_stored_with_its_summary(ctx):
    roster_id = rosters.new_draft_from_preset(ctx, PRESET, START, 7)
    view = rosters.load_roster(ctx, roster_id)
    progress = []
    solution = rosters.solve_problem(
        view.problem,
        time_limit=10,
        workers=1,
        hint=view.assignments,
        on_progress=lambda *p: progress.append(p),
    )
    assert solution.has_roster and progress
    stored = rosters.record_solution(ctx, roster_id, solution, expected_version=1)
    assert stored.assignments == tuple(sorted(solution.assignments))
    assert stored.check.cost == solution.objective
    assert stored.summary["source"] == "solver" and stored.summary["status"] == solution.status


def test_a_roster_stored_without_a_problem_is_still_checked(ctx, station):
    """Rosters written elsewhere (the demo's) have no problem: one is read from the store."""
    roster_id = rosters.new_draft_from_preset(ctx, PRESET, START, 7)
    from console.store.engine import make_engine, normalise_url, session_factory
    from console.store.models import Roster

    engine = make_engine(normalise_url(station.url))
    with session_factory(engine).begin() as s:
        s.get(Roster, roster_id).problem = None
    engine.dispose()
    view = rosters.load_roster(ctx, roster_id)
    assert len(view.problem.staff) == 18 and {t.id for t in view.problem.shift_types} == {"D", "N"}
    assert len(view.assignments) > 0
    assert not view.check.breaks  # the commander post is a named post, not a broken rule


def test_presets_with_the_same_shift_codes_but_other_hours_live_side_by_side(ctx):
    twelve = rosters.new_draft_from_preset(ctx, PRESET, START, 7)  # D = 08:00 for 12 h
    eight = rosters.new_draft_from_preset(ctx, "四班三运转", START, 7)  # D = 08:00 for 8 h
    with ctx.reading() as s:
        codes = {
            code: (start, minutes)
            for code, start, minutes in s.execute(
                select(ShiftType.code, ShiftType.start_minute, ShiftType.duration_min)
            )
        }
    assert codes["D"] == (480, 720) and codes["D-8h"] == (480, 480)
    for roster_id, preset in ((twelve, PRESET), (eight, "四班三运转")):
        view = rosters.load_roster(ctx, roster_id)
        assert view.problem.rotation == preset
        assert view.assignments == rosters.starting_roster(view.problem)


def test_without_qualified_commanders_the_rule_is_left_out(station, ctx):
    from console.store.engine import make_engine, normalise_url, session_factory
    from console.store.models import Officer

    engine = make_engine(normalise_url(station.url))
    with session_factory(engine).begin() as s:
        for officer in s.scalars(select(Officer)):
            officer.skills = [k for k in officer.skills if k != "commander"]
    engine.dispose()
    problem = rosters.build_problem(ctx, PRESET, START, 14)
    assert problem.rules.commander is None
    roster = rosters.starting_roster(problem)
    # every auxiliary still works: the team's 民警 are with them on the street
    working = {a.staff for a in roster}
    assert {m.id for m in problem.staff} == working
    assert check(problem, roster).ok
