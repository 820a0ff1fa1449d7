"""normalise_address: one comparable form for the ways people write the same door."""

from __future__ import annotations

import pytest

from console.domain.addresses import normalise_address


@pytest.mark.parametrize(
    "typed",
    [
        "中山路18号",
        "中山路 18 号",
        "中山路１８号",
        "中山路18",
        " 中山路18號 ",
        "中山路\u300018号",
        "中山路18弄",
        "中山路18室",
    ],
)
def test_the_same_door_however_it_is_typed(typed):
    assert normalise_address(typed) == "中山路18"


@pytest.mark.parametrize(
    ("typed", "normalised"),
    [
        ("中山路18-1号", "中山路18-1"),
        ("中山路18－1号", "中山路18-1"),
        ("中山路18—1号", "中山路18-1"),
        ("中山路18号3室", "中山路18号3"),  # only a closing unit word goes
        ("ＡＢＣ大厦Ｂ座", "abc大厦b座"),
        ("新街口", "新街口"),
        ("号", "号"),  # not after a number: kept
        ("", ""),
    ],
)
def test_numbers_dashes_and_letters(typed, normalised):
    assert normalise_address(typed) == normalised
