"""The console's libpq password file: one line per server login, escaped as libpq reads
it, replaced in place, other lines kept, never readable by others; the URL it leaves."""

from __future__ import annotations

import psycopg
import pytest
from sqlalchemy.engine import make_url

from console.services.pg_passfile import password_in, store_password, without_password
from console.services.station_setup import url_to_remember


def test_a_password_with_colons_and_backslashes_reads_back_and_replaces_its_line(tmp_path):
    path = tmp_path / "pgpass"
    path.write_text("# kept comment\nother:5432:db:someone:theirs\n")
    url = make_url("postgresql://duty:a%3Ab%5Cc@db.station.local/console")
    store_password(path, url)
    assert password_in(path, url) == "a:b\\c"
    assert "db.station.local:5432:console:duty:a\\:b\\\\c" in path.read_text().splitlines()
    store_password(path, url.set(password="new"))
    lines = path.read_text().splitlines()
    assert lines[:2] == ["# kept comment", "other:5432:db:someone:theirs"]
    assert lines[2:] == ["db.station.local:5432:console:duty:new"]  # one line per login
    assert path.stat().st_mode & 0o777 == 0o600
    assert not list(tmp_path.glob(".pgpass-*"))  # no temporary file left behind


def test_the_remembered_url_names_the_file_and_keeps_other_parameters(tmp_path):
    path = tmp_path / "my data" / "pgpass"
    bare = without_password("postgresql://duty:s3cret@10.1.2.3:5433/console?sslmode=require", path)
    assert "s3cret" not in bare
    url = make_url(bare)
    assert url.password is None and url.port == 5433
    assert dict(url.query) == {"sslmode": "require", "passfile": str(path)}
    assert password_in(path, url) == "s3cret"


@pytest.mark.parametrize(
    "db", ["/var/lib/console/station.sqlite3", "postgresql://duty@10.1.2.3/console"]
)
def test_a_store_without_a_password_is_remembered_as_it_is(tmp_path, db, monkeypatch):
    monkeypatch.setenv("CONSOLE_DATA_DIR", str(tmp_path))
    assert url_to_remember(db) == db
    assert not (tmp_path / "pgpass").exists()


def test_libpq_itself_reads_the_file(tmp_path, pg_server):
    """libpq's own parser, not ours, finds the line for host, port, database and user (and
    accepts the file's mode); the server test in tests/ui/test_first_run.py logs in with it."""
    url = make_url(pg_server.url()).set(password="pw")
    bare = without_password(url.render_as_string(hide_password=False), tmp_path / "pgpass")
    conninfo = make_url(bare)
    with psycopg.connect(
        host=conninfo.host,
        port=conninfo.port,
        dbname=conninfo.database,
        user=conninfo.username,
        passfile=conninfo.query["passfile"],
    ) as conn:
        assert conn.info.password == "pw"  # PQpass: what libpq took from the file
