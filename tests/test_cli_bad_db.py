"""Every bad --db value: one clear line, a non-zero exit, and nothing created by accident."""

from __future__ import annotations

import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def run_console(*args: str, env_extra: dict | None = None) -> subprocess.CompletedProcess:
    import os

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", **(env_extra or {}))
    return subprocess.run(
        [sys.executable, "-m", "console", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )


def assert_one_line_error(result: subprocess.CompletedProcess, *fragments: str) -> None:
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("console: error: ")
    for fragment in fragments:
        assert fragment in lines[0]


def window(db: str, tmp_path: Path) -> subprocess.CompletedProcess:
    return run_console("--db", db, "--screenshot", str(tmp_path / "shot.png"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_missing_file_is_not_created(tmp_path):
    target = tmp_path / "nope.sqlite3"
    for result in (
        window(str(target), tmp_path),
        run_console("db", "current", "--db", str(target)),
    ):
        assert_one_line_error(result, "not found", str(target))
    assert not target.exists()
    assert not (tmp_path / "shot.png").exists()


def test_missing_folder(tmp_path):
    target = tmp_path / "no" / "such" / "dir.sqlite3"
    assert_one_line_error(
        run_console("db", "upgrade", "--db", str(target)), "folder does not exist"
    )
    assert not (tmp_path / "no").exists()


def test_a_folder_is_not_a_database(tmp_path):
    assert_one_line_error(window(str(tmp_path), tmp_path), "is a folder")


def test_corrupt_and_foreign_files(tmp_path):
    text_file = tmp_path / "notes.sqlite3"
    text_file.write_text("交接班记录：一切正常\n" * 50, encoding="utf-8")
    assert_one_line_error(window(str(text_file), tmp_path), "not a SQLite database")

    damaged = tmp_path / "damaged.sqlite3"
    con = sqlite3.connect(damaged)
    con.executescript("CREATE TABLE t(x); " + "INSERT INTO t VALUES (randomblob(3000));" * 20)
    con.close()
    data = bytearray(damaged.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # smash the schema page after the header
    damaged.write_bytes(bytes(data))
    assert_one_line_error(window(str(damaged), tmp_path), "damaged")

    foreign = tmp_path / "other-app.sqlite3"
    con = sqlite3.connect(foreign)
    con.execute("CREATE TABLE songs(title TEXT)")
    con.commit()
    con.close()
    before = foreign.read_bytes()
    assert_one_line_error(window(str(foreign), tmp_path), "not a station console database")
    assert foreign.read_bytes() == before


def test_empty_sqlite_file_and_schema_without_station(tmp_path):
    empty = tmp_path / "empty.sqlite3"
    empty.touch()
    assert_one_line_error(window(str(empty), tmp_path), "is empty", "console db upgrade")
    assert run_console("db", "upgrade", "--db", str(empty)).returncode == 0
    assert_one_line_error(window(str(empty), tmp_path), "holds no station")


def test_newer_schema_than_the_code(tmp_path):
    store = tmp_path / "future.sqlite3"
    assert run_console("db", "upgrade", "--db", str(store)).returncode == 0
    con = sqlite3.connect(store)
    con.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    con.commit()
    con.close()
    for result in (window(str(store), tmp_path), run_console("db", "upgrade", "--db", str(store))):
        assert_one_line_error(result, "newer than this console")
    con = sqlite3.connect(store)
    assert con.execute("SELECT version_num FROM alembic_version").fetchone() == (
        "9999_from_the_future",
    )
    con.close()


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("mysql://root@localhost/station", "unsupported database 'mysql'"),
        ("sqlite://", "in-memory"),
        ("postgresql://postgres@localhost:notaport/x", "not a database URL"),
        ("   ", "empty database URL"),
    ],
)
def test_malformed_urls(value, fragment, tmp_path):
    assert_one_line_error(window(value, tmp_path), fragment)


def test_unreachable_server():
    url = f"postgresql://postgres@127.0.0.1:{_free_port()}/station"
    assert_one_line_error(run_console("db", "current", "--db", url), "cannot connect", "127.0.0.1")


def test_missing_database_on_a_real_server_is_not_created(pg_server, tmp_path):
    import psycopg

    url = pg_server.url("no_such_station")
    assert_one_line_error(window(url, tmp_path), "cannot connect", "no_such_station")
    with psycopg.connect(pg_server.url(), autocommit=True) as conn:
        names = {r[0] for r in conn.execute("SELECT datname FROM pg_database")}
    assert "no_such_station" not in names


def test_no_display_says_how_to_run_it(tmp_path):
    import os

    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    result = subprocess.run(
        [sys.executable, "-m", "console", "--db", str(tmp_path / "x.sqlite3")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert_one_line_error(result, "no display", "QT_QPA_PLATFORM=offscreen")


def test_bad_option_values(tmp_path):
    result = run_console(
        "--db", str(tmp_path / "x"), "--after", "-1", "--screenshot", str(tmp_path / "a.png")
    )
    assert_one_line_error(result, "--after")
    result = run_console("demo-data", "--db", str(tmp_path / "d.sqlite3"), "--now", "yesterday")
    assert_one_line_error(result, "--now")
    assert not (tmp_path / "d.sqlite3").exists()


def test_upgrade_refuses_a_foreign_postgresql_database(empty_pg_url):
    import psycopg

    with psycopg.connect(
        empty_pg_url.replace("postgresql+psycopg", "postgresql"), autocommit=True
    ) as conn:
        conn.execute("CREATE TABLE invoices (id int)")
    assert_one_line_error(
        run_console("db", "upgrade", "--db", empty_pg_url), "not a station console database"
    )
    with psycopg.connect(empty_pg_url, autocommit=True) as conn:
        tables = {
            r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname='public'")
        }
    assert tables == {"invoices"}
