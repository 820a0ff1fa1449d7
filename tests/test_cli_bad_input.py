"""Bad files and arguments on the command line (issue 13, part 4): one line on stderr, exit
2, and nothing created or changed by accident."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.test_cli_bad_db import assert_one_line_error, run_console, window


def test_dev_null_is_not_a_store(tmp_path):
    for result in (
        run_console("db", "upgrade", "--db", os.devnull),
        run_console("db", "current", "--db", os.devnull),
        window(os.devnull, tmp_path),
    ):
        assert_one_line_error(result, "not a regular file")


@pytest.mark.parametrize("name", ["a#b.sqlite3", "c?mode=ro.sqlite3", "p%41.sqlite3"])
def test_sqlite_path_is_taken_literally(tmp_path, name):
    target = tmp_path / name
    assert run_console("db", "upgrade", "--db", str(target)).returncode == 0
    result = run_console("db", "current", "--db", str(target))
    assert result.returncode == 0, result.stderr
    assert "up to date" in result.stdout
    # Only the store itself (and SQLite's own -wal/-shm beside it): no stray files.
    names = {p.name for p in tmp_path.iterdir()}
    assert names <= {name, f"{name}-wal", f"{name}-shm"}, names


def test_db_current_leaves_an_empty_file_alone(tmp_path):
    empty = tmp_path / "empty.sqlite3"
    empty.touch()
    result = run_console("db", "current", "--db", str(empty))
    assert (result.returncode, result.stdout.strip()) == (0, "- (empty)")
    assert empty.stat().st_size == 0
    assert {p.name for p in tmp_path.iterdir()} == {"empty.sqlite3"}


def test_empty_db_argument_is_refused(tmp_path):
    assert_one_line_error(window("", tmp_path), "empty database URL")
    assert not (tmp_path / "shot.png").exists()


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://bob:s3cret-pw@localhost:notaport/station",
        "postgresql://bob:s3cret-pw@[::1/station",
    ],
)
def test_malformed_postgresql_url_never_shows_the_password(url, tmp_path):
    for result in (run_console("db", "current", "--db", url), window(url, tmp_path)):
        assert_one_line_error(result)
        assert "s3cret-pw" not in result.stderr + result.stdout


# --- roster solve ----------------------------------------------------------------------------

EXAMPLE = (
    Path(__file__).resolve().parents[1] / "resources" / "roster" / "example-small-station.json"
)


def _solve(problem: Path, tmp_path: Path, *extra: str):
    return run_console("roster", "solve", str(problem), "--out", str(tmp_path / "out.json"), *extra)


def test_deeply_nested_json(tmp_path):
    problem = tmp_path / "nested.json"
    problem.write_text("[" * 100_000 + "]" * 100_000)
    assert_one_line_error(_solve(problem, tmp_path, "--time-limit", "5"), "nested too deeply")
    assert not (tmp_path / "out.json").exists()


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("--time-limit", "inf"), "--time-limit"),
        (("--time-limit", "nan"), "--time-limit"),
        (("--time-limit", "-1"), "--time-limit"),
        (("--time-limit", "5", "--workers", "100000"), "--workers"),
        (("--time-limit", "5", "--workers", "0"), "--workers"),
    ],
)
def test_solve_arguments(tmp_path, args, fragment):
    assert_one_line_error(_solve(EXAMPLE, tmp_path, *args), fragment)
    assert not (tmp_path / "out.json").exists()


def test_problem_over_the_stated_size_is_refused_before_building(tmp_path):
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    template = data["staff"][0]
    data["staff"] = [{**template, "id": f"p{i}", "name": f"p{i}"} for i in range(2008)]
    data["days"] = 366
    data.pop("requests", None)
    problem = tmp_path / "huge.json"
    problem.write_text(json.dumps(data), encoding="utf-8")
    assert_one_line_error(_solve(problem, tmp_path, "--time-limit", "5"), "too large", "12,000")
    assert not (tmp_path / "out.json").exists()


def test_not_a_problem_shape(tmp_path):
    problem = tmp_path / "odd.json"
    problem.write_text(json.dumps({"days": "many", "staff": {"a": 1}}), encoding="utf-8")
    assert_one_line_error(_solve(problem, tmp_path, "--time-limit", "5"))
