"""Command line: ``console [--demo | --db URL] …``, ``console db …``, ``console demo-data …``.

Every failure the user can cause ends in one line on stderr and a non-zero exit code.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import UTC, datetime
from pathlib import Path

EXIT_USAGE = 2


class CommandError(Exception):
    """One line for the user; exits with EXIT_USAGE."""


def _window_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="console",
        description="Station command console (派出所综合指挥室). "
        "Other commands: 'console db upgrade|current --db URL', 'console demo-data --db URL', "
        "'console classifier train|evaluate --db URL', 'console roster solve|preset|check …', "
        "'console user passwd NAME --db URL'.",
    )
    where = p.add_mutually_exclusive_group()
    where.add_argument(
        "--demo", action="store_true", help="open the built-in demo station (built on first use)"
    )
    where.add_argument(
        "--db", metavar="URL", help="SQLite file path or postgresql://user@host/dbname"
    )
    p.add_argument(
        "--screenshot", metavar="PATH", type=Path, help="render the window to a PNG and exit"
    )
    p.add_argument(
        "--after", metavar="SECONDS", type=float, default=0.0, help="wait before the screenshot"
    )
    p.add_argument("--theme", choices=["dark", "light"], help="colour theme (remembered)")
    p.add_argument("--lang", choices=["zh_CN", "en"], help="interface language (remembered)")
    return p


def _tool_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="console")
    sub = p.add_subparsers(dest="command", required=True)
    db = sub.add_parser("db", help="schema migrations")
    db_sub = db.add_subparsers(dest="db_command", required=True)
    for name, text in (
        ("upgrade", "create or upgrade the schema to this version"),
        ("current", "show the schema revision of a store"),
    ):
        cmd = db_sub.add_parser(name, help=text)
        cmd.add_argument("--db", metavar="URL", required=True)
    demo = sub.add_parser("demo-data", help="build the demo station from OpenStreetMap data")
    demo.add_argument("--db", metavar="URL", required=True)
    demo.add_argument("--seed", type=int, default=1)
    demo.add_argument(
        "--osm", metavar="FILE", type=Path, help="OSM XML extract (default: Nanjing Xinjiekou)"
    )
    demo.add_argument("--now", metavar="ISO_TIME", help="end of the history (default: this hour)")
    classifier = sub.add_parser("classifier", help="the offline narrative classifier")
    classifier_sub = classifier.add_subparsers(dest="classifier_command", required=True)
    for name, text in (
        ("train", "train on the station's history and save the model"),
        ("evaluate", "accuracy on the held-back newest part of the history (JSON last line)"),
    ):
        cmd = classifier_sub.add_parser(name, help=text)
        cmd.add_argument("--db", metavar="URL", required=True)
    return p


def _run_db(args: argparse.Namespace) -> int:
    from console.services.station import StationUnavailable, store_revision, upgrade_store

    try:
        if args.db_command == "upgrade":
            before, after = upgrade_store(args.db)
            print(
                f"schema {before or 'empty'} -> {after}"
                if before != after
                else f"schema already at {after}"
            )
        else:
            current, head = store_revision(args.db)
            state = (
                "up to date"
                if current == head
                else ("empty" if current is None else f"head is {head}")
            )
            print(f"{current or '-'} ({state})")
    except StationUnavailable as exc:
        raise CommandError(str(exc)) from None
    return 0


def _parse_now(text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise CommandError(
            f"--now must be an ISO time like 2026-11-22T08:00+08:00, not {text!r}"
        ) from None
    if value.tzinfo is None:
        raise CommandError("--now needs a time zone, e.g. 2026-11-22T08:00+08:00")
    return value


def _run_demo_data(args: argparse.Namespace) -> int:
    from console.demo import DemoDataError
    from console.demo.builder import build_demo_station
    from console.services.station import StationUnavailable

    try:
        report = build_demo_station(
            args.db, seed=args.seed, osm_path=args.osm, now=_parse_now(args.now)
        )
    except (DemoDataError, StationUnavailable) as exc:
        raise CommandError(str(exc)) from None
    print(report.summary())
    return 0


def _run_classifier(args: argparse.Namespace) -> int:
    import json

    from console.services import classifier
    from console.services.station import StationUnavailable, open_station
    from console.services.unit_of_work import ServiceError

    try:
        ctx = open_station(args.db)
    except StationUnavailable as exc:
        raise CommandError(str(exc)) from None
    try:
        if args.classifier_command == "train":
            evaluation, path = classifier.train(ctx)
            print(f"model saved to {path}")
        else:
            evaluation = classifier.evaluate(ctx)
        print(json.dumps(evaluation.as_json()))
    except ServiceError as exc:
        raise CommandError(str(exc)) from None
    finally:
        ctx.close()
    return 0


def _ensure_demo_store() -> str:
    """The demo store's path, building it on first use; a failed build leaves no file behind."""
    from console.demo import DemoDataError
    from console.demo.builder import build_demo_station
    from console.paths import demo_database_path
    from console.services.station import StationUnavailable, upgrade_store

    path = demo_database_path()
    try:
        if path.exists():
            upgrade_store(str(path))  # an older console's demo file is brought up to date
            return str(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        print(f"console: building the demo station in {path} (first run) …", file=sys.stderr)
        try:
            # History ends this minute, so the open calls on screen are minutes old, not hours.
            build_demo_station(
                str(path), seed=1, now=datetime.now(UTC).replace(second=0, microsecond=0)
            )
        except BaseException:
            for leftover in (
                path,
                path.with_name(path.name + "-wal"),
                path.with_name(path.name + "-shm"),
            ):
                leftover.unlink(missing_ok=True)
            raise
    except (DemoDataError, StationUnavailable) as exc:
        raise CommandError(str(exc)) from None
    return str(path)


def _has_display() -> bool:
    if os.environ.get("QT_QPA_PLATFORM"):
        return True
    if sys.platform.startswith("linux"):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


def _run_window(args: argparse.Namespace) -> int:
    if args.after < 0:
        raise CommandError("--after must be zero or more seconds")
    if args.screenshot is not None:
        if not args.screenshot.parent.resolve().is_dir():
            raise CommandError(
                f"folder does not exist for the screenshot: {args.screenshot.parent}"
            )
        if not _has_display():
            os.environ["QT_QPA_PLATFORM"] = "offscreen"  # a picture needs no screen
    elif not _has_display():
        raise CommandError(
            "no display: run it in a desktop session, under xvfb-run, or headless with "
            "QT_QPA_PLATFORM=offscreen and --screenshot out.png"
        )
    if args.db is not None and not args.db.strip():
        raise CommandError(
            "--db is an empty database URL: give a SQLite file path or postgresql://user@host/db "
            "(leave --db out to open the remembered station)"
        )
    if not args.demo and not args.db:
        # No store named: the remembered one, or the first-run screen (issue 8).
        from console.ui.first_run import run_with_first_run

        return run_with_first_run(
            _ensure_demo_store,
            screenshot=args.screenshot,
            after=args.after,
            theme=args.theme,
            lang=args.lang,
        )
    db = _ensure_demo_store() if args.demo else args.db

    from console.services.station import StationUnavailable, open_station

    try:
        ctx = open_station(db)
    except StationUnavailable as exc:
        raise CommandError(str(exc)) from None
    from console.ui.app import run_console

    try:
        return run_console(
            ctx, screenshot=args.screenshot, after=args.after, theme=args.theme, lang=args.lang
        )
    finally:
        ctx.close()


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv and argv[0] == "roster":  # roster solve|preset|check: its own parser
            from console.roster_command import run as run_roster

            return run_roster(argv[1:])
        if argv and argv[0] == "user":  # user passwd USERNAME --db URL
            from console.user_command import run as run_user

            return run_user(argv[1:])
        if argv and argv[0] in ("db", "demo-data", "classifier"):
            args = _tool_parser().parse_args(argv)
            if args.command == "classifier":
                return _run_classifier(args)
            return _run_db(args) if args.command == "db" else _run_demo_data(args)
        return _run_window(_window_parser().parse_args(argv))
    except CommandError as exc:
        print(f"console: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
