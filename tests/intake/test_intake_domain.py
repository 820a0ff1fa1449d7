"""Intake validation, grading, escalation tags and duplicate matching: pure domain rules."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from console.domain.classifier_text import classifier_text
from console.domain.duplicates import (
    CallFacts,
    DuplicateReason,
    DuplicateRule,
    distance_m,
    find_duplicates,
)
from console.domain.grading import EscalationTag, grade, match_tags, tags_from_data
from console.domain.incidents import IncidentSource, Priority
from console.domain.intake import (
    MAX_NARRATIVE,
    IntakeDraft,
    IntakeInvalid,
    ValidIntake,
    normalise_phone,
    validate_intake,
)
from console.paths import migrations_dir

GOOD = IntakeDraft(
    source="call_110",
    caller_name="张先生",
    caller_phone="138 1234 5678",
    address_text="新街口 中山路 18号",
    category_code="order.fight",
    priority="urgent",
    narrative="两人在店门口打架，一人持刀",
)


def draft(**changes) -> IntakeDraft:
    return IntakeDraft(**{**GOOD.__dict__, **changes})


def test_a_good_call_is_cleaned():
    valid = validate_intake(GOOD)
    assert valid.caller_phone == "13812345678"
    assert valid.priority is Priority.URGENT and valid.source is IncidentSource.CALL_110


@pytest.mark.parametrize(
    "phone",
    ["+86 138-1234-5678", "0086 13812345678", "025-8451 2345", "110", "12345", "（025）84512345"],
)
def test_phone_numbers_in_their_usual_shapes(phone):
    assert validate_intake(draft(caller_phone=phone)).caller_phone == normalise_phone(phone)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"caller_phone": "12"}, "caller_phone"),
        ({"caller_phone": "abc"}, "caller_phone"),
        ({"caller_phone": "138123456789999"}, "caller_phone"),
        ({"caller_phone": "📞13812345678"}, "caller_phone"),
        ({"caller_phone": ""}, "caller_phone"),  # a 110 call needs it
        ({"address_text": "   "}, "address"),
        ({"narrative": ""}, "narrative"),
        ({"narrative": "打" * 10_000}, "narrative"),
        ({"narrative": "打架\x00持刀"}, "narrative"),
        ({"caller_name": "张\x1b[31m"}, "caller_name"),
        ({"address_text": "中山路\x0718号"}, "address"),
        ({"category_code": ""}, "category"),
        ({"priority": "extreme"}, "priority"),
        ({"source": "pigeon"}, "source"),
    ],
)
def test_bad_fields_are_named(changes, field):
    with pytest.raises(IntakeInvalid) as info:
        validate_intake(draft(**changes))
    assert field in info.value.fields
    assert all(p.message for p in info.value.problems)


def test_walk_in_needs_no_phone_and_a_point_needs_no_address():
    valid = validate_intake(
        draft(source="walk_in", caller_phone="", address_text="", has_point=True)
    )
    assert valid.caller_phone is None and valid.address_text is None


def test_sql_looking_text_and_emoji_are_kept_as_typed():
    text = "'; DROP TABLE incident; -- 有人打架😡"
    assert validate_intake(draft(narrative=text)).narrative == text


def test_the_narrative_limit_message_gives_the_numbers():
    with pytest.raises(IntakeInvalid) as info:
        validate_intake(draft(narrative="x" * 10_000))
    assert (
        "10000" in info.value.problems[0].message
        and str(MAX_NARRATIVE) in info.value.problems[0].message
    )


# An alphabet of what intake meets: digits (half and full width), letters, CJK, phone
# punctuation, SQL quotes, emoji, control characters, separators and a lone surrogate.
_ALPHABET = list(
    "0123456789０１８abcXYZ +-()（）'\";%_中山路号弄室打架持刀没有人\n\t\x00\x07\x1b\x7f\x85"
    "\u2028\u3000\ufeff\ud800😡📞👍🏻"
)
_text = st.text(alphabet=st.sampled_from(_ALPHABET), max_size=30)
_fields = st.one_of(
    _text, st.sampled_from(["", "13812345678", "025 8451 2345", "中山路18号", "110"])
)
_drafts = st.builds(
    IntakeDraft,
    source=st.one_of(st.sampled_from([s.value for s in IncidentSource]), _text),
    caller_name=_fields,
    caller_phone=_fields,
    address_text=_fields,
    category_code=_fields,
    priority=st.one_of(st.sampled_from([p.value for p in Priority]), _text),
    narrative=st.one_of(
        st.text(max_size=60),  # anything Unicode holds
        st.text(alphabet=st.sampled_from(_ALPHABET), max_size=120),
        # Near and past the length limit, cheaply: a short piece repeated.
        st.builds(lambda piece, n: piece * n, _text.filter(bool), st.integers(60, 2100)),
    ),
    has_point=st.booleans(),
)
FUZZ_BATCH = 10
FUZZ_EXAMPLES = 1_000  # x FUZZ_BATCH = 10,000 generated intakes in this one test


@settings(max_examples=FUZZ_EXAMPLES, deadline=None, database=None)
@given(st.lists(_drafts, min_size=FUZZ_BATCH, max_size=FUZZ_BATCH))
def test_fuzzed_intake_is_either_clean_or_refused_with_named_fields(drafts):
    for d in drafts:
        check_one_fuzzed_draft(d)


def check_one_fuzzed_draft(d: IntakeDraft) -> None:
    try:
        valid = validate_intake(d)
    except IntakeInvalid as exc:
        assert exc.problems and all(p.field and p.message for p in exc.problems)
        return
    assert isinstance(valid, ValidIntake)
    for text in (valid.caller_name, valid.address_text, valid.narrative):
        if text:
            assert text == text.strip()
            assert not any(ord(c) < 32 and c not in "\n\t" for c in text)
    assert 0 < len(valid.narrative) <= MAX_NARRATIVE
    assert valid.caller_phone is None or valid.caller_phone.isdigit()
    assert valid.address_text or d.has_point


# --- grading ---------------------------------------------------------------------------


def shipped_tags() -> list[EscalationTag]:
    data = json.loads((migrations_dir() / "reference" / "escalation_tags.json").read_text("utf-8"))
    return tags_from_data(data["tags"])


def test_knife_raises_a_fight_to_urgent_and_alerts_the_commander():
    g = grade(Priority.HIGH, "两人在店门口打架，一人持刀", shipped_tags())
    assert g.priority is Priority.URGENT and g.alert_commander
    assert [t.word for t in g.tags] == ["持刀"]


def test_without_a_tag_the_category_default_stands():
    g = grade(Priority.LOW, "楼上装修噪音太大", shipped_tags())
    assert g.priority is Priority.LOW and not g.raised and not g.alert_commander


def test_a_tag_never_lowers_the_grade():
    g = grade(Priority.URGENT, "门口有人聚集", shipped_tags())
    assert g.priority is Priority.URGENT and g.alert_commander


def test_a_negated_tag_does_not_count_but_a_later_one_does():
    tags = shipped_tags()
    assert match_tags("对方没有持刀", tags) == []
    assert [t.word for t in match_tags("未见持刀，后来对方持刀追砍", tags)] == ["持刀"]


def test_aliases_match():
    assert [t.word for t in match_tags("孩子走失半小时了", shipped_tags())] == ["儿童走失"]


# --- duplicates ------------------------------------------------------------------------

T0 = datetime(2026, 11, 22, 0, 14, tzinfo=UTC)


def facts(id_, minutes, phone=None, lon=118.78, lat=32.04, category="order.fight"):
    return CallFacts(id_, T0 + timedelta(minutes=minutes), phone, lon, lat, category)


def test_same_phone_within_thirty_minutes():
    new = facts(None, 10, phone="13812345678", lon=None, lat=None)
    found = find_duplicates(
        new,
        [facts(1, 0, phone="13812345678", lon=119.0), facts(2, -25, phone="13812345678")],
        DuplicateRule(),
    )
    assert [m.incident_id for m in found] == [1]
    assert found[0].reasons == (DuplicateReason.SAME_PHONE,)


def test_nearby_same_category_within_fifteen_minutes():
    near = 0.001  # about 110 m north
    new = facts(None, 10)
    earlier = [
        facts(1, 0, lat=32.04 + near),
        facts(2, 0, lat=32.04 + 3 * near),  # 330 m: too far
        facts(3, 0, category="traffic.jam"),  # another kind
        facts(4, -10),  # 20 minutes earlier
        facts(5, 0, category="order"),  # the top level of the same family
    ]
    found = find_duplicates(new, earlier, DuplicateRule())
    assert sorted(m.incident_id for m in found) == [1, 5]


def test_thresholds_are_settings():
    rule = DuplicateRule(phone_window=timedelta(minutes=5))
    new = facts(None, 10, phone="13812345678", lon=None, lat=None)
    assert find_duplicates(new, [facts(1, 0, phone="13812345678")], rule) == []


def test_distance():
    assert 105 < distance_m(118.78, 32.04, 118.78, 32.041) < 115


def test_classifier_text_drops_numbers_and_the_formula():
    assert classifier_text("报警人称中山路 18号 有人打架") == "中山路0有人打架"
