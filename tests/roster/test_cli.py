"""``console roster solve | preset | check`` through console.roster_command.run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from console.roster_command import run

from .test_problem_json import conforms

RESOURCES = Path(__file__).resolve().parents[2] / "resources" / "roster"
EXAMPLE = RESOURCES / "example-small-station.json"
SOLUTION_SCHEMA = json.loads((RESOURCES / "roster-solution.schema.json").read_text("utf-8"))


def test_solve_prints_progress_and_one_json_line_last(tmp_path, capsys):
    out = tmp_path / "solution.json"
    code = run(
        [
            "solve",
            str(EXAMPLE),
            "--time-limit",
            "10",
            "--workers",
            "1",
            "--seed",
            "2",
            "--out",
            str(out),
        ]
    )
    lines = capsys.readouterr().out.strip().splitlines()
    assert code == 0
    assert any(line.startswith("progress ") for line in lines)
    last = json.loads(lines[-1])
    assert set(last) == {"objective", "bound", "gap", "status", "seconds"}
    assert last["status"] == "OPTIMAL" and last["gap"] == 0.0
    saved = json.loads(out.read_text(encoding="utf-8"))
    assert conforms(saved, SOLUTION_SCHEMA) == []
    assert saved["objective"] == last["objective"]
    assert saved["assignments"] and sum(v["cost"] for v in saved["violations"]) == last["objective"]

    assert run(["check", str(EXAMPLE), str(out)]) == 0
    checked = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert checked == {"hard_breaks": 0, "cost": last["objective"]}


def test_infeasible_problem_prints_reasons_and_exits_1(tmp_path, capsys):
    problem = RESOURCES / "example-infeasible-commander.json"
    out = tmp_path / "solution.json"
    assert run(["solve", str(problem), "--time-limit", "5", "--out", str(out)]) == 1
    lines = capsys.readouterr().out.strip().splitlines()
    assert json.loads(lines[-1])["status"] == "INFEASIBLE"
    reasons = [line for line in lines if line.startswith("infeasible: ")]
    assert reasons and "05-01, 05-02" in reasons[0] and "王建国" in reasons[0]
    saved = json.loads(out.read_text(encoding="utf-8"))
    assert saved["reasons"][0]["rule"] == "commander" and conforms(saved, SOLUTION_SCHEMA) == []


def test_preset_writes_a_problem_and_its_starting_roster(tmp_path, capsys):
    problem, roster = tmp_path / "p.json", tmp_path / "r.json"
    code = run(
        [
            "preset",
            "five-team-three-shift",
            "--staff",
            "20",
            "--start",
            "2025-03-03",
            "--days",
            "10",
            "--out",
            str(problem),
            "--roster-out",
            str(roster),
        ]
    )
    assert code == 0 and "五班三运转" in capsys.readouterr().out
    assert json.loads(problem.read_text(encoding="utf-8"))["rotation"] == "五班三运转"
    assert run(["check", str(problem), str(roster)]) == 0
    assert json.loads(capsys.readouterr().out.splitlines()[-1])["hard_breaks"] == 0


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["solve", "missing.json", "--time-limit", "1", "--out", "{tmp}/s.json"],
            "problem not found: missing.json",
        ),
        (
            ["solve", "{bad}", "--time-limit", "1", "--out", "{tmp}/s.json"],
            "not JSON: line 1 column",
        ),
        (
            ["solve", "{wrong}", "--time-limit", "1", "--out", "{tmp}/s.json"],
            "staff[0].role: expected police",
        ),
        (
            ["solve", str(EXAMPLE), "--time-limit", "0", "--out", "{tmp}/s.json"],
            "--time-limit must be more than 0",
        ),
        (
            ["solve", str(EXAMPLE), "--time-limit", "1", "--out", "{tmp}/no/such/s.json"],
            "folder does not exist",
        ),
        (
            ["solve", str(EXAMPLE), "--out", "{tmp}/s.json"],
            "the following arguments are required: --time-limit",
        ),
        (
            [
                "preset",
                "六班",
                "--staff",
                "10",
                "--start",
                "2025-03-03",
                "--days",
                "3",
                "--out",
                "{tmp}/p.json",
            ],
            "unknown rotation preset",
        ),
        (
            [
                "preset",
                "做一休二",
                "--staff",
                "10",
                "--start",
                "March",
                "--days",
                "3",
                "--out",
                "{tmp}/p.json",
            ],
            "--start must be a date",
        ),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(tmp_path, capsys, argv, message):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    wrong = tmp_path / "wrong.json"
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    data["staff"][0]["role"] = "chief"
    wrong.write_text(json.dumps(data), encoding="utf-8")
    argv = [a.format(tmp=tmp_path, bad=bad, wrong=wrong) for a in argv]
    assert run(argv) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("console: error: ") and message in err[0]
    assert not (tmp_path / "s.json").exists()
