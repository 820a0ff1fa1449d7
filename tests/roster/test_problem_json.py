"""The problem format: files round-trip, bad input gets one line naming the field, and the
JSON Schema in resources/roster documents exactly what the reader accepts."""

from __future__ import annotations

import copy
import json
import re
from datetime import date
from pathlib import Path

import pytest

from console.domain.roster import ProblemError, RosterProblem
from console.domain.roster.presets import preset_problem

RESOURCES = Path(__file__).resolve().parents[2] / "resources" / "roster"
SCHEMA = json.loads((RESOURCES / "roster-problem.schema.json").read_text(encoding="utf-8"))
EXAMPLE = json.loads((RESOURCES / "example-small-station.json").read_text(encoding="utf-8"))


def test_round_trip_of_the_example():
    p = RosterProblem.from_json(EXAMPLE)
    assert p.days == 7 and len(p.staff) == 8
    assert p.member("A2").leave == (date(2025, 4, 30),)
    assert p.shift("N").night and not p.shift("D").night
    assert RosterProblem.from_json(json.loads(json.dumps(p.to_json()))) == p


def test_chinese_role_names_and_defaults():
    data = copy.deepcopy(EXAMPLE)
    data["staff"].append({"id": "X", "role": "辅警", "team": "一组"})
    del data["shift_types"][1]["night"]
    p = RosterProblem.from_json(data)
    assert p.member("X").role.value == "auxiliary" and p.member("X").name == "X"
    assert p.shift("N").night  # 20:00 + 12 h is on duty at 03:00


def broken(path: str, value) -> dict:
    data = copy.deepcopy(EXAMPLE)
    *parents, last = re.findall(r"[^.\[\]]+", path)
    target = data
    for part in parents:
        target = target[int(part)] if part.isdigit() else target[part]
    if value is KeyError:
        del target[last]
    else:
        target[int(last) if last.isdigit() else last] = value
    return data


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        ("days", 0, "days: expected a whole number >= 1, got 0"),
        ("start_date", "2025-13-01", "start_date: expected a date like 2025-03-01"),
        ("staff[2].role", "chief", "staff[2].role: expected police (民警) or auxiliary (辅警)"),
        ("staff[2].max_minutes", -5, "staff[2].max_minutes: expected a whole number >= 0, got -5"),
        ("staff[2].min_minutes", 99999, "staff[2].min_minutes: more than max_minutes"),
        ("staff[2].team", KeyError, "staff[2].team: missing"),
        ("staff[2].shoe_size", 42, "staff[2].shoe_size: unknown field"),
        ("staff[1].id", "P1", "staff[1].id: 'P1' is used twice"),
        ("staff[0].max_shifts", {"X": 1}, "staff[0].max_shifts: unknown shift type 'X'"),
        ("shift_types[0].start", "8 o'clock", "shift_types[0].start: expected a time of day"),
        ("shift_types[0].minutes", 1500, "shift_types[0].minutes: a shift lasts at most 1440"),
        (
            "shift_types[1].not_followed_by",
            ["Z"],
            "shift_types[1].not_followed_by[0]: unknown shift",
        ),
        ("requests[0].staff", "Z9", "requests[0].staff: unknown staff member 'Z9'"),
        (
            "requests[0].date",
            "2025-06-01",
            "requests[0].date: 2025-06-01 is outside 2025-04-28..2025-05-04",
        ),
        ("requests[1].weight", 1.5, "requests[1].weight: expected a whole number >= 0"),
        ("cover[0].shift", "Q", "cover[0].shift: unknown shift type 'Q'"),
        ("cover[0].post", "指挥长", "cover[0].post: '指挥长' is the commander post"),
        ("rules.commander.shifts", [], "rules.commander.shifts: name at least one shift type"),
        ("rules.fairness_weight", 2_000_000, "rules.fairness_weight: at most 1000000"),
        ("format", "something-else", "format: expected 'station-roster-problem'"),
    ],
)
def test_bad_input_names_the_field(path, value, message):
    with pytest.raises(ProblemError) as caught:
        RosterProblem.from_json(broken(path, value))
    text = str(caught.value)
    assert text.startswith(message) and "\n" not in text


def test_not_an_object():
    with pytest.raises(ProblemError, match="^problem: expected an object, got a list"):
        RosterProblem.from_json([])


# -- the schema, checked with a small validator of the keywords it uses ----------------------


def conforms(value, schema, where="$") -> list[str]:
    if "$ref" in schema:
        schema = SCHEMA["$defs"][schema["$ref"].rsplit("/", 1)[1]]
    errors = []
    kinds = schema.get("type")
    if kinds is not None:
        kinds = [kinds] if isinstance(kinds, str) else kinds
        python = {
            "object": dict,
            "array": list,
            "string": str,
            "boolean": bool,
            "null": type(None),
            "integer": int,
            "number": (int, float),
        }
        ok = any(
            isinstance(value, python[k])
            and not (k in ("integer", "number") and isinstance(value, bool))
            for k in kinds
        )
        if not ok:
            return [f"{where}: {value!r} is not {kinds}"]
    if "const" in schema and value != schema["const"]:
        errors.append(f"{where}: not {schema['const']!r}")
    if "enum" in schema and value not in schema["enum"]:
        errors.append(f"{where}: {value!r} not in enum")
    if "oneOf" in schema and sum(not conforms(value, s, where) for s in schema["oneOf"]) != 1:
        errors.append(f"{where}: matches not exactly one of oneOf")
    if isinstance(value, str) and "pattern" in schema and not re.search(schema["pattern"], value):
        errors.append(f"{where}: {value!r} does not match {schema['pattern']}")
    if isinstance(value, int | float) and not isinstance(value, bool):
        if "minimum" in schema and value < schema["minimum"]:
            errors.append(f"{where}: below minimum")
        if "maximum" in schema and value > schema["maximum"]:
            errors.append(f"{where}: above maximum")
    if isinstance(value, dict):
        for key in schema.get("required", []):
            if key not in value:
                errors.append(f"{where}.{key}: required")
        properties = schema.get("properties", {})
        for key, item in value.items():
            if key in properties:
                errors += conforms(item, properties[key], f"{where}.{key}")
            elif schema.get("additionalProperties") is False:
                errors.append(f"{where}.{key}: not in the schema")
            elif isinstance(schema.get("additionalProperties"), dict):
                errors += conforms(item, schema["additionalProperties"], f"{where}.{key}")
    if isinstance(value, list):
        if len(value) < schema.get("minItems", 0):
            errors.append(f"{where}: too few items")
        for i, item in enumerate(value):
            errors += conforms(item, schema.get("items", {}), f"{where}[{i}]")
    return errors


def test_example_and_generated_problems_conform_to_the_schema():
    assert conforms(EXAMPLE, SCHEMA) == []
    generated = preset_problem("五班三运转", 15, date(2025, 3, 3), 10)
    assert conforms(json.loads(json.dumps(generated.to_json())), SCHEMA) == []
    assert (
        conforms(json.loads(json.dumps(RosterProblem.from_json(EXAMPLE).to_json())), SCHEMA) == []
    )


def test_the_schema_lists_exactly_the_fields_the_reader_accepts():
    """Every field the schema documents is read, and every field written is documented."""
    p = RosterProblem.from_json(EXAMPLE)
    written = p.to_json()
    top = SCHEMA["properties"]
    assert set(written) <= set(top)
    nested = {
        "shift_types": written["shift_types"][0],
        "staff": max(written["staff"], key=len),
        "requests": written["requests"][0],
        "cover": written["cover"][0],
    }
    for key, sample in nested.items():
        documented = set(top[key]["items"]["properties"])
        assert set(sample) <= documented, key
        for field in documented - set(sample):  # documented but not written: must be read
            data = copy.deepcopy(EXAMPLE)
            data[key][0][field] = None
            RosterProblem.from_json(data)  # an unknown field would raise
    assert set(written["rules"]) <= set(top["rules"]["properties"])
    assert set(written["rules"]["commander"]) == set(
        top["rules"]["properties"]["commander"]["properties"]
    )
    with pytest.raises(ProblemError, match="unknown field"):
        RosterProblem.from_json(EXAMPLE | {"undocumented": 1})


@pytest.mark.parametrize("path", sorted(RESOURCES.glob("example-*.json")), ids=lambda p: p.name)
def test_every_example_file_reads_and_conforms(path):
    data = json.loads(path.read_text(encoding="utf-8"))
    assert conforms(data, SCHEMA) == []
    RosterProblem.from_json(data)
