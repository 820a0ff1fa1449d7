"""Rotation presets: the cycles as stations run them, problems generated from them, and
their starting rosters."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import replace
from datetime import date, timedelta

import pytest

from console.domain.roster import ProblemError, RosterProblem, check
from console.domain.roster.baseline import greedy_rotation
from console.domain.roster.presets import PRESETS, find_preset, preset_problem, rotation_roster

from .helpers import solve

START = date(2025, 3, 3)


def test_five_teams_three_shifts_cycle_by_hand():
    p = preset_problem("五班三运转", 15, START, 10)
    roster = rotation_roster(p, "五班三运转")
    first_team = p.staff[0]
    days = {(a.day - START).days: a.shift for a in roster if a.staff == first_team.id}
    assert [days.get(d, "-") for d in range(10)] == list("DDEE-NN---")
    second = next(m for m in p.staff if m.team == "二班")
    days = {(a.day - START).days: a.shift for a in roster if a.staff == second.id}
    assert [days.get(d, "-") for d in range(10)] == list("EE-NN---DD")


@pytest.mark.parametrize("name", list(PRESETS))
def test_every_shift_has_exactly_one_team_every_day(name):
    preset = PRESETS[name]
    p = preset_problem(name, preset.teams * 4, START, 2 * len(preset.cycle))
    teams_on = defaultdict(set)
    for a in rotation_roster(p, name):
        teams_on[a.day, a.shift].add(p.member(a.staff).team)
    for day in p.dates:
        for t in p.shift_types:
            assert len(teams_on[day, t.id]) == 1, (day, t.id)


@pytest.mark.parametrize("name", list(PRESETS))
def test_the_rotation_keeps_every_hard_rule_and_meets_cover(name):
    preset = PRESETS[name]
    p = preset_problem(name, preset.teams * 4, START, 3 * len(preset.cycle))
    report = check(p, rotation_roster(p, name))
    assert report.ok, [b.describe() for b in report.breaks]
    assert not [v for v in report.violations if v.rule.startswith("cover")]
    commander_posts = [a for a in rotation_roster(p, name) if a.post == "指挥长"]
    assert len(commander_posts) == p.days * len(p.shift_types)


def test_preset_shapes():
    assert {p.alias for p in PRESETS.values()} == {
        "five-team-three-shift",
        "four-team-three-shift",
        "three-team-two-shift",
        "one-on-two-off",
    }
    assert find_preset("one-on-two-off").name == "做一休二"
    one_on = preset_problem("做一休二", 6, START, 6)
    assert one_on.rules.max_shift_hours == 24 and one_on.shift_types[0].minutes == 1440
    two = preset_problem("三班两运转", 9, START, 6)
    assert [t.minutes for t in two.shift_types] == [720, 720]
    team = [m for m in preset_problem("五班三运转", 150, START, 30).staff if m.team == "一班"]
    assert len(team) == 30
    assert sum(m.is_police for m in team) == 10
    assert sum("commander" in m.skills for m in team) == 2
    with pytest.raises(ProblemError, match="known: 五班三运转"):
        find_preset("六班四运转")
    with pytest.raises(ProblemError, match="at least 10 people"):
        preset_problem("五班三运转", 9, START, 10)


def test_problem_names_its_rotation_and_it_round_trips():
    p = preset_problem("四班三运转", 12, START, 8)
    assert p.rotation == "四班三运转"
    again = RosterProblem.from_json(json.loads(json.dumps(p.to_json(), ensure_ascii=False)))
    assert again == p
    data = p.to_json() | {"rotation": "六班四运转"}
    with pytest.raises(ProblemError, match="^rotation: unknown rotation preset"):
        RosterProblem.from_json(data)
    data = p.to_json() | {"rotation": "做一休二"}
    with pytest.raises(ProblemError, match="^rotation: 做一休二 uses shift types W"):
        RosterProblem.from_json(data)


def test_greedy_rotation_takes_out_leave_and_replaces_the_commander():
    p = preset_problem("五班三运转", 15, START, 10)
    commander = p.staff[0]
    assert "commander" in commander.skills
    staff = list(p.staff)
    staff[0] = replace(commander, leave=(START, START + timedelta(days=1)), min_minutes=0)
    p = replace(p, staff=tuple(staff))
    roster = greedy_rotation(p, "五班三运转")
    assert not [
        a for a in roster if a.staff == commander.id and a.day in (START, START + timedelta(1))
    ]
    report = check(p, roster)
    assert report.ok, [b.describe() for b in report.breaks]
    stand_in = {a.staff for a in roster if a.day == START and a.post == "指挥长" and a.shift == "D"}
    assert len(stand_in) == 1 and stand_in != {commander.id}


def test_solver_starts_from_the_rotation_and_improves_on_it():
    p = preset_problem("三班两运转", 12, START, 12)
    wishes = p.staff[3].id  # someone asks for the first two days off
    from console.domain.roster import Request

    p = replace(
        p,
        requests=(
            Request(wishes, START, False, 40),
            Request(wishes, START + timedelta(1), False, 40),
        ),
    )
    rotation_cost = check(p, greedy_rotation(p, "三班两运转")).cost
    s = solve(p, seconds=10)
    assert s.has_roster and s.objective <= rotation_cost
    assert s.progress and s.progress[0][1] <= rotation_cost  # the first roster is the rotation
