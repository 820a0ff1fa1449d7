"""`console user passwd USERNAME --db URL`: the password from standard input, set and
audited without the secret; bad input ends in one line and exit code 2."""

from __future__ import annotations

import os
import subprocess
import sys

from sqlalchemy import select

from console.services.accounts import authenticate
from console.services.station import open_station
from console.store.models import AuditEntry
from tests.test_cli_bad_db import ROOT, assert_one_line_error


def passwd(*args: str, stdin: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "console", "user", "passwd", *args],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
    )


def test_passwd_sets_the_password_from_stdin(small_station_url):
    result = passwd("duty", "--db", small_station_url, stdin="duty-pass-2026\n")
    assert result.returncode == 0, result.stderr
    ctx = open_station(small_station_url)
    try:
        assert authenticate(ctx, "duty", "duty-pass-2026").username == "duty"
        with ctx.reading() as s:
            entry = s.execute(
                select(AuditEntry.actor_name, AuditEntry.detail).where(
                    AuditEntry.action == "user.set_password"
                )
            ).one()
        assert entry.actor_name == "console user passwd"
        assert "duty-pass-2026" not in str(entry.detail) and "argon2" not in str(entry.detail)
    finally:
        ctx.close()


def test_passwd_refuses_bad_input_with_one_line(small_station_url, tmp_path):
    assert_one_line_error(
        passwd("duty", "--db", small_station_url, stdin="short\n"), "at least 8 characters"
    )
    assert_one_line_error(
        passwd("nobody", "--db", small_station_url, stdin="long enough pass\n"), "no user nobody"
    )
    assert_one_line_error(passwd("duty", "--db", small_station_url, stdin=""), "no password")
    assert_one_line_error(passwd("duty", stdin="long enough pass\n"), "--db")
    missing = f"sqlite:///{tmp_path / 'missing.sqlite3'}"
    assert_one_line_error(passwd("duty", "--db", missing, stdin="long enough pass\n"))
    # Nothing was set by any of them: the built-in user still signs in without a password.
    ctx = open_station(small_station_url)
    try:
        assert authenticate(ctx, "duty", "").username == "duty"
    finally:
        ctx.close()
