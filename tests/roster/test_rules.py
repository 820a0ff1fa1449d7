"""Each rule enforced by the solver on a problem small enough to work out by hand.

Every problem gives the solver a reason to break the rule (cover it could fill, a cost it
could avoid); the expected objective is the hand-computed optimum, and the independent
checker confirms the roster (assert_sound).
"""

from __future__ import annotations

from datetime import time, timedelta

from console.domain.roster import CommanderRule, Request, ShiftType

from .helpers import (
    AUXILIARY,
    DAY,
    EVENING,
    MONDAY,
    NIGHT,
    assert_sound,
    cover,
    days_worked,
    person,
    problem,
    solve,
    worked,
)


def day(i: int):
    return MONDAY + timedelta(days=i)


def runs(days: list[int]) -> list[int]:
    lengths: list[int] = []
    for i, d in enumerate(days):
        if i and d == days[i - 1] + 1:
            lengths[-1] += 1
        else:
            lengths.append(1)
    return lengths


def test_leave_is_never_worked():
    p = problem([person("P", leave=(day(1),))], days=3, cover_rows=[cover("D", 1)])
    s = solve(p)
    assert s.status == "OPTIMAL" and s.objective == 100  # day 1 goes uncovered
    assert days_worked(s, "P") == [0, 2]
    assert_sound(p, s)


def test_shift_longer_than_the_cap_is_not_worked():
    long_day = ShiftType("L", "长班", time(8, 0), 13 * 60)
    p = problem([person("P")], days=3, shifts=(long_day,), cover_rows=[cover("L", 1)])
    s = solve(p)
    assert s.objective == 300 and worked(s, "P") == []
    assert_sound(p, s)
    allowed = problem(
        [person("P")], days=3, shifts=(long_day,), cover_rows=[cover("L", 1)], max_shift_hours=13
    )
    assert solve(allowed).objective == 0


def test_most_shifts_of_a_type():
    p = problem(
        [person("P", max_shifts={"N": 1})],
        days=3,
        shifts=(DAY, NIGHT),
        cover_rows=[cover("N", 1), cover("D", 1, under=50)],
    )
    s = solve(p)
    # one night (the cap), day shifts on the other two days: two nights and one day missing
    assert s.objective == 2 * 100 + 50
    assert [t for _, t in worked(s, "P")].count("N") == 1
    assert_sound(p, s)


def test_least_and_most_minutes():
    idle = problem([person("P", min_minutes=960)], days=3, cover_rows=[cover("D", 0, over=10)])
    s = solve(idle)
    assert len(worked(s, "P")) == 2 and s.objective == 20  # must work 16 h, each shift is extra
    assert_sound(idle, s)
    busy = problem([person("P", max_minutes=960)], days=3, cover_rows=[cover("D", 1)])
    s = solve(busy)
    assert len(worked(s, "P")) == 2 and s.objective == 100
    assert_sound(busy, s)


def test_most_consecutive_working_days():
    p = problem([person("P", max_consecutive_work=3)], days=7, cover_rows=[cover("D", 1)])
    s = solve(p)
    assert s.objective == 100  # W W W - W W W is the best there is
    assert max(runs(days_worked(s, "P"))) <= 3
    assert_sound(p, s)


def test_least_consecutive_working_days():
    # only day 2 needs someone; every other day an extra person costs 30
    rows = [cover("D", 0, over=30), cover("D", 1, day=day(2))]
    p = problem([person("P", min_consecutive_work=2)], days=5, cover_rows=rows)
    s = solve(p)
    assert s.objective == 30  # day 2 alone is too short a run, so one neighbour comes too
    assert runs(days_worked(s, "P")) == [2] and 2 in days_worked(s, "P")
    assert_sound(p, s)
    single = problem([person("P")], days=5, cover_rows=rows)
    assert solve(single).objective == 0


def test_least_consecutive_days_off():
    staff = [person("P", max_consecutive_work=2, min_consecutive_off=2)]
    p = problem(staff, days=5, cover_rows=[cover("D", 1)])
    s = solve(p)
    assert s.objective == 200  # W W - W W would leave a single day off in the middle
    assert_sound(p, s)
    loose = problem([person("P", max_consecutive_work=2)], days=5, cover_rows=[cover("D", 1)])
    assert solve(loose).objective == 100


def test_most_weekends_worked():
    p = problem([person("P", max_weekends=1)], days=14, cover_rows=[cover("D", 1)])
    s = solve(p)
    assert s.objective == 200  # one of the two weekends is left uncovered
    weekend_days = [d for d in days_worked(s, "P") if day(d).weekday() >= 5]
    assert len({(day(d) - timedelta(days=day(d).weekday())) for d in weekend_days}) == 1
    assert_sound(p, s)


def test_forbidden_succession():
    evening = ShiftType("E", "中班", time(16, 0), 480, not_followed_by=("D",))
    rows = [cover("E", 1, day=day(0)), cover("D", 1, day=day(1))]
    p = problem([person("P")], days=2, shifts=(DAY, evening), cover_rows=rows)
    s = solve(p)
    assert s.objective == 100 and len(worked(s, "P")) == 1
    assert_sound(p, s)


def test_minimum_rest_between_shifts():
    rows = [cover("E", 1, day=day(0)), cover("N", 1, day=day(1))]  # E ends 24:00, N starts 00:00
    rested = problem(
        [person("P")], days=2, shifts=(EVENING, NIGHT), cover_rows=rows, min_rest_hours=8
    )
    s = solve(rested)
    assert s.objective == 100 and len(worked(s, "P")) == 1
    assert_sound(rested, s)
    unrested = problem([person("P")], days=2, shifts=(EVENING, NIGHT), cover_rows=rows)
    assert solve(unrested).objective == 0


def test_auxiliary_goes_out_with_a_police_officer_of_the_same_team():
    staff = [
        person("P", team="一班", leave=(day(1),)),
        person("A", AUXILIARY, team="一班"),
        person("Q", team="二班"),
    ]
    p = problem(staff, days=2, cover_rows=[cover("D", 3)], police_per_team_on_street=True)
    s = solve(p)
    # day 0: all three; day 1: P on leave, Q's team is not A's, so A stays in
    assert s.objective == 200
    assert days_worked(s, "A") == [0]
    assert_sound(p, s)


def test_the_commander_does_not_count_as_the_police_officer_on_the_street():
    commander = CommanderRule(("D",), max_consecutive_days=None)
    alone = [person("P", skills=("commander",)), person("A", AUXILIARY)]
    p = problem(
        alone,
        days=2,
        cover_rows=[cover("D", 2)],
        police_per_team_on_street=True,
        commander=commander,
    )
    s = solve(p)
    assert s.objective == 200 and days_worked(s, "A") == []
    assert_sound(p, s)
    with_partner = [*alone, person("P2")]
    p = problem(
        with_partner,
        days=2,
        cover_rows=[cover("D", 3)],
        police_per_team_on_street=True,
        commander=commander,
    )
    s = solve(p)
    assert s.objective == 0 and days_worked(s, "A") == [0, 1]
    assert_sound(p, s)


def test_commander_post_is_held_by_one_qualified_officer_every_day_in_rotation():
    staff = [
        person("P1", skills=("commander",)),
        person("P2", skills=("commander",)),
        person("P3"),  # not qualified
        person("A1", AUXILIARY, skills=("commander",)),  # an auxiliary cannot command
    ]
    rule = CommanderRule(("D",), max_consecutive_days=2)
    p = problem(staff, days=6, commander=rule, cover_rows=[cover("D", 0, over=5)])
    s = solve(p)
    holders = {(a.day - MONDAY).days: a.staff for a in s.assignments if a.post == "指挥长"}
    assert sorted(holders) == list(range(6))
    assert set(holders.values()) <= {"P1", "P2"}
    for d in range(4):  # nobody commands three days in a row
        assert len({holders[d], holders[d + 1], holders[d + 2]}) == 2
    assert s.objective == 6 * 5  # only the commander works: one person over a target of 0
    assert_sound(p, s)


def test_cover_by_skill_and_by_post():
    staff = [person("P1", skills=("driver",)), person("P2"), person("P3")]
    rows = [
        cover("D", 1, skill="driver"),
        cover("D", 1, under=50, post="前台"),
        cover("D", 0, over=1),
    ]
    p = problem(staff, days=1, cover_rows=rows)
    s = solve(p)
    # cheapest: the driver works and also takes the front desk post
    assert s.objective == 1
    assert [(a.staff, a.post) for a in s.assignments] == [("P1", "前台")]
    assert_sound(p, s)


def test_requests_are_weighed_against_cover():
    staff = [person("P")]
    heavy_wish = [Request("P", day(0), False, 150)]
    light_wish = [Request("P", day(0), False, 30)]
    for wish, works, cost in ((heavy_wish, False, 100), (light_wish, True, 30)):
        p = problem(staff, days=1, cover_rows=[cover("D", 1)], requests=wish)
        s = solve(p)
        assert bool(worked(s, "P")) is works and s.objective == cost
        assert_sound(p, s)
    shift_wish = [Request("P", day(0), True, 20, "N")]
    p = problem(
        staff,
        days=1,
        shifts=(DAY, NIGHT),
        cover_rows=[cover("D", 1, under=10)],
        requests=shift_wish,
    )
    s = solve(p)
    assert worked(s, "P") == [(0, "N")] and s.objective == 10
    assert_sound(p, s)


def test_nights_are_shared_fairly():
    staff = [person("P1"), person("P2"), person("P3")]
    rows = [cover("N", 1, over=5)]
    unfair_wish = [Request("P1", day(d), True, 1, "N") for d in range(4)]  # P1 would take all
    p = problem(
        staff, days=4, shifts=(NIGHT,), cover_rows=rows, requests=unfair_wish, fairness_weight=10
    )
    s = solve(p)
    nights = {m: len(worked(s, m)) for m in ("P1", "P2", "P3")}
    # a fair share is 4/3 nights, at most 2 each: P1 takes 2 and misses two of its wishes
    assert nights["P1"] == 2 and sum(nights.values()) == 4 and max(nights.values()) == 2
    assert s.objective == 2
    assert_sound(p, s)
    p = problem(staff, days=4, shifts=(NIGHT,), cover_rows=rows, requests=unfair_wish)
    assert len(worked(solve(p), "P1")) == 4
