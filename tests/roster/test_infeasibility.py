"""An infeasible problem is explained by rule, days and people, not by a solver code."""

from __future__ import annotations

from datetime import timedelta

from console.domain.roster import CommanderRule

from .helpers import AUXILIARY, MONDAY, cover, person, problem, solve


def day(i: int):
    return MONDAY + timedelta(days=i)


def test_no_qualified_commander_on_some_days():
    staff = [
        person("P1", skills=("commander",), leave=(day(2), day(3))),
        person("P2", skills=("commander",), leave=(day(2), day(3), day(4))),
        person("P3"),
    ]
    p = problem(staff, days=5, commander=CommanderRule(("D",)))
    s = solve(p)
    assert s.status == "INFEASIBLE" and not s.assignments
    (reason,) = s.reasons
    assert reason.rule == "commander"
    assert reason.days == (day(2), day(3))
    assert set(reason.staff) == {"P1", "P2"}
    assert "03-05, 03-06" in reason.text and "P1" in reason.text


def test_nobody_qualified_to_command():
    p = problem(
        [person("P"), person("A", AUXILIARY, skills=("commander",))],
        days=2,
        commander=CommanderRule(("D",)),
    )
    (reason,) = solve(p).reasons
    assert reason.rule == "commander" and "commander" in reason.text


def test_hours_demanded_beyond_what_leave_leaves():
    leave = tuple(day(i) for i in range(1, 5))
    p = problem([person("P", min_minutes=4 * 480, leave=leave)], days=6)
    (reason,) = solve(p).reasons
    assert reason.rule == "min_minutes"
    assert reason.staff == ("P",) and reason.days == leave
    assert "2 free days" in reason.text


def test_team_without_a_police_officer():
    staff = [person("P", team="一班"), person("A", AUXILIARY, team="二班", min_minutes=480)]
    p = problem(staff, days=3, police_per_team_on_street=True)
    (reason,) = solve(p).reasons
    assert reason.rule == "police_on_street" and reason.staff == ("A",)
    assert "二班" in reason.text


def test_conflict_between_one_persons_rules_is_found_by_the_solver():
    # four shifts in five days, never more than three in a row, and any break two days long:
    # no pattern fits, though each rule alone (and the hours) can be met
    staff = [
        person("S", min_minutes=4 * 480, max_consecutive_work=3, min_consecutive_off=2),
        person("T", min_minutes=480),
    ]
    p = problem(staff, days=5, cover_rows=[cover("D", 1)])
    s = solve(p)
    assert s.status == "INFEASIBLE"
    head, *reasons = s.reasons
    assert head.rule == "conflict"
    assert {r.rule for r in reasons} == {
        "min_minutes",
        "max_consecutive_work",
        "min_consecutive_off",
    }
    assert all(r.staff == ("S",) for r in reasons)


def test_conflict_across_people_names_the_team_and_the_days():
    # the team's only 民警 must command every day, so its auxiliary can never go out,
    # yet the auxiliary must work two shifts
    staff = [
        person("P", team="一班", skills=("commander",)),
        person("A", AUXILIARY, team="一班", min_minutes=960),
        person("Q", team="二班"),
    ]
    p = problem(staff, days=3, police_per_team_on_street=True, commander=CommanderRule(("D",)))
    s = solve(p)
    assert s.status == "INFEASIBLE"
    rules = {r.rule: r for r in s.reasons}
    assert {"police_on_street", "min_minutes"} <= set(rules)
    assert rules["min_minutes"].staff == ("A",)
    assert "一班" in rules["police_on_street"].text and rules["police_on_street"].days
