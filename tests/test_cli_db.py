"""`console db upgrade|current` on both backends, from the command line."""

from __future__ import annotations

from console.store.migrations import head_revision
from tests.test_cli_bad_db import run_console


def test_upgrade_then_current(empty_store_url):
    head = head_revision()
    result = run_console("db", "current", "--db", empty_store_url)
    if empty_store_url.startswith("sqlite"):  # a missing file is not created by `current`
        assert result.returncode == 2
    else:
        assert (result.returncode, result.stdout.strip()) == (0, "- (empty)")
    result = run_console("db", "upgrade", "--db", empty_store_url)
    assert (result.returncode, result.stdout.strip()) == (0, f"schema empty -> {head}")
    result = run_console("db", "upgrade", "--db", empty_store_url)
    assert (result.returncode, result.stdout.strip()) == (0, f"schema already at {head}")
    result = run_console("db", "current", "--db", empty_store_url)
    assert (result.returncode, result.stdout.strip()) == (0, f"{head} (up to date)")
