"""Run cards and ranking, on plain data."""

from __future__ import annotations

import math

import pytest

from console.domain.recommend import Candidate, RunCards, SkillNeed, Tier, recommend
from console.services.dispatch import load_run_cards

CARDS = RunCards.from_data(
    {
        "default": {"units": 1},
        "categories": [
            {"category": "dispute", "units": 1, "kinds": ["car"]},
            {"category": "traffic", "units": 1, "needs": [{"skill": "traffic"}]},
            {"category": "criminal.robbery", "units": 2, "needs": [{"skill": "armed"}]},
        ],
        "keywords": [{"keyword": "持刀", "units": 2, "needs": [{"skill": "armed"}]}],
    }
)


def unit(uid, eta, kind="car", status="available", skills=()):
    return Candidate(uid, f"U{uid}", kind, status, frozenset(skills), eta, eta * 8.0)


UNITS = [
    unit(1, 60, "foot"),
    unit(2, 90),
    unit(3, 200, skills=("armed",)),
    unit(4, 120, "falcon", skills=("traffic",)),
    unit(5, 30, status="on_scene", skills=("armed", "traffic")),
    unit(6, math.inf),
]


def ids(rec):
    return [s.unit_id for s in rec.suggestions]


def test_cards_are_chosen_by_subtype_then_parent_then_default():
    assert CARDS.for_incident("dispute.neighbour").key == "dispute"
    assert CARDS.for_incident("criminal.robbery").units == 2
    assert CARDS.for_incident("assist.lockout").key == "default"
    knife = CARDS.for_incident("order.fight", "一人持刀")
    assert knife.units == 2 and knife.needs == (SkillNeed("armed", 1),)


def test_the_shipped_run_cards_load_and_say_what_the_issue_asks():
    cards = load_run_cards()
    assert cards.for_incident("dispute.neighbour").kinds == ("car",)
    assert cards.for_incident("order.fight", "对方持刀").needs[0].skill == "armed"
    assert cards.for_incident("traffic.collision").needs[0].skill == "traffic"


def test_dispute_takes_cars_only_by_eta():
    rec = recommend(UNITS, CARDS.for_incident("dispute.family"), seconds_left=100)
    assert ids(rec) == [2, 3]  # foot, falcon gone; on scene and unreachable too
    assert rec.excluded == {"kind": 2, "status": 1, "unreachable": 1}
    assert [s.meets_deadline for s in rec.suggestions] == [True, False]
    assert not rec.none_in_time


def test_knife_takes_the_fastest_armed_unit_and_the_fastest_other():
    rec = recommend(UNITS, CARDS.for_incident("order.fight", "持刀"), seconds_left=300)
    assert [s.unit_id for s in rec.team] == [1, 3]
    assert ids(rec) == [1, 3, 2, 4]  # team first, then the rest by ETA
    assert rec.team[1].tier == Tier.SPECIALIST and rec.team[0].tier == Tier.GENERAL


def test_traffic_needs_the_traffic_skill():
    rec = recommend(UNITS, CARDS.for_incident("traffic.collision"), seconds_left=None)
    assert [s.unit_id for s in rec.team] == [4]
    assert rec.team[0].skills_matched == ("traffic",)
    assert all(s.meets_deadline for s in rec.suggestions)


def test_unmet_needs_and_no_unit_in_time_offer_the_branch():
    no_armed = [u for u in UNITS if "armed" not in u.skills]
    rec = recommend(no_armed, CARDS.for_incident("criminal.robbery"), seconds_left=20)
    assert rec.unmet_needs == (SkillNeed("armed", 1),)
    assert rec.none_in_time and rec.offer_branch
    lonely = recommend([UNITS[1]], CARDS.for_incident("criminal.robbery"), seconds_left=600)
    assert lonely.units_short == 1 and lonely.offer_branch


def test_bad_cards_are_refused():
    with pytest.raises(ValueError):
        RunCards.from_data({"categories": [{"category": "x", "units": 0}]})


def test_what_is_left_of_a_card_once_units_are_sent():
    from console.domain.recommend import RunCard

    knife = CARDS.for_incident("order.fight", "一人持刀")  # two units, one armed
    assert knife.less([]) == knife
    unarmed = knife.less([frozenset()])
    assert (unarmed.units, unarmed.needs) == (1, (SkillNeed("armed", 1),))
    armed = knife.less([frozenset({"armed"})])
    assert (armed.units, armed.needs) == (1, ())
    assert knife.less([frozenset(), frozenset()]).units == 0  # both places filled
    # Never more needs than places: two skills, one place left.
    card = RunCard("x", 2, (), (SkillNeed("armed"), SkillNeed("first_aid")))
    left = card.less([frozenset()])
    assert left.units == 1 and sum(n.count for n in left.needs) == 1
    # The rest of the card is what the team proposes.
    rec = recommend(UNITS, unarmed, seconds_left=100)
    assert [s.unit_id for s in rec.team] == [3]


def test_card_progress_shortfall_and_waiver():
    from console.domain.recommend import CardProgress

    assert CardProgress(2, 0).short == 2 and CardProgress(2, 0).outstanding == 2
    assert CardProgress(2, 2).short == 0 and not CardProgress(2, 2).waived
    one_short = CardProgress(2, 1, waived_short=1)
    assert one_short.waived and one_short.outstanding == 0
    assert CardProgress(2, 0, waived_short=1).outstanding == 2  # a unit stood down since
    assert CardProgress(3, 1, waived_short=1).outstanding == 2  # the card asks for more now
    assert not CardProgress(2, 3, waived_short=1).waived  # more than enough: nothing waived
