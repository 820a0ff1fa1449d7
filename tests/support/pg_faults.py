"""Server faults for a ``ThrowawayPostgres``: restart, stop and start it again.

Only for a server a test or benchmark started for itself: never the session-wide one
other tests share. The server's output goes to its log file (without ``-l`` a restarted
postmaster would keep pg_ctl's pipes open and pg_ctl's caller would wait forever).
"""

from __future__ import annotations

import subprocess

from .pg_server import ThrowawayPostgres


def _pg_ctl(server: ThrowawayPostgres, *args: str) -> None:
    cmd = [
        str(server.bin / "pg_ctl"),
        "-D",
        str(server.data),
        "-l",
        str(server.root / "server.log"),
        "-w",
        "-t",
        "60",
        *args,
    ]
    if server._as_postgres:
        cmd = ["runuser", "-u", "postgres", "--", *cmd]
    out = subprocess.run(
        cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=120
    )
    if out.returncode:
        raise RuntimeError(f"pg_ctl {' '.join(args)} failed: {out.stdout.decode(errors='replace')}")


def restart(server: ThrowawayPostgres) -> None:
    """``pg_ctl restart -m fast``: every connection is cut; returns once it accepts again."""
    _pg_ctl(server, "-m", "fast", "restart")


def stop(server: ThrowawayPostgres) -> None:
    """``pg_ctl stop -m fast``: returns once the server is down."""
    _pg_ctl(server, "-m", "fast", "stop")


def start(server: ThrowawayPostgres) -> None:
    """``pg_ctl start`` with the options it first started with; returns once it accepts."""
    _pg_ctl(server, "-o", _first_options(server), "start")


def _first_options(server: ThrowawayPostgres) -> str:
    # postmaster.opts holds the command line the server first started with.
    words = [w.strip('"') for w in (server.data / "postmaster.opts").read_text().split()[1:]]
    kept: list[str] = []
    skip = False
    for word in words:
        if skip:
            skip = False
        elif word == "-D":
            skip = True  # pg_ctl passes its own -D
        else:
            kept.append(word)
    return " ".join(kept)
