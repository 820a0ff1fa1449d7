"""``console user passwd USERNAME --db URL``: set a user's sign-in password.

The new password is read from standard input: typed twice without echo at a terminal,
or the first line of a pipe for scripts (``printf 'secret-2026\\n' | console user passwd
chief --db …``). Exit codes: 0 set, 2 bad input (one line ``console: error: …``).
"""

from __future__ import annotations

import argparse
import dataclasses
import getpass
import sys
from typing import NoReturn

EXIT_OK, EXIT_USAGE = 0, 2

# Whoever can reach the store can change it anyway: the command acts as an administrator,
# and the audit names it.
COMMAND_ACTOR_NAME = "console user passwd"


class UsageError(Exception):
    """One line for the user; exits with EXIT_USAGE."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="console user", description="sign-in users")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)
    passwd = sub.add_parser("passwd", help="set a user's password (read from standard input)")
    passwd.add_argument("username")
    passwd.add_argument("--db", metavar="URL", required=True)
    return p


def _read_password() -> str:
    if sys.stdin.isatty():
        first = getpass.getpass("New password: ")
        if getpass.getpass("Again: ") != first:
            raise UsageError("the two passwords differ")
        return first
    line = sys.stdin.readline()
    if not line:
        raise UsageError("no password on standard input")
    return line.rstrip("\r\n")


def _passwd(args: argparse.Namespace) -> int:
    from console.domain.people import UserRole
    from console.services.accounts import set_password
    from console.services.context import Actor
    from console.services.station import StationUnavailable, open_station
    from console.services.unit_of_work import ServiceError

    password = _read_password()
    try:
        ctx = open_station(args.db)
    except StationUnavailable as exc:
        raise UsageError(str(exc)) from None
    try:
        admin = dataclasses.replace(
            ctx, actor=Actor(None, COMMAND_ACTOR_NAME, COMMAND_ACTOR_NAME, UserRole.ADMIN)
        )
        set_password(admin, args.username, password)
    except ServiceError as exc:
        raise UsageError(str(exc)) from None
    finally:
        ctx.close()
    print(f"console: password set for {args.username}", file=sys.stderr)
    return EXIT_OK


def run(argv: list[str]) -> int:
    try:
        args = _parser().parse_args(argv)
        return _passwd(args)
    except UsageError as exc:
        print(f"console: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
