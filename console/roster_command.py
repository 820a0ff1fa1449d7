"""``console roster …``: solve a roster problem, generate one from a rotation preset, or
check a roster against its problem.

    console roster solve PROBLEM.json --time-limit S [--workers N] [--seed N] \\
        [--hint ROSTER.json] --out SOLUTION.json
    console roster preset NAME --staff N --start DATE --days D --out PROBLEM.json \\
        [--roster-out ROSTER.json]
    console roster check PROBLEM.json SOLUTION.json

``solve`` prints a progress line for each better roster and, last, one JSON line
``{"objective", "bound", "gap", "status", "seconds"}``. Exit codes: 0 a roster was found
(OPTIMAL or FEASIBLE), 1 none was (INFEASIBLE, with reasons printed, or UNKNOWN when
time ran out first), 2 bad input (one line ``console: error: …``): also a problem past
the size cap, and one whose model took the whole time limit to build (the time limit
counts from the start, building included). Ctrl-C stops the search and keeps the best
roster found so far.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import threading
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

from console.domain.roster import ProblemError, RosterProblem, RosterSolver, check
from console.domain.roster.limits import ProblemTooLarge, SolveRefused, too_large
from console.domain.roster.presets import PRESETS, find_preset, preset_problem, rotation_roster
from console.domain.roster.roster import RosterSolution, assignments_from_json

EXIT_OK, EXIT_NO_ROSTER, EXIT_USAGE = 0, 1, 2
# What one solve may ask for (resources/roster/README.md). The size cap is the solver's
# own (console/domain/roster/limits.py); it is checked here on the raw JSON too, before a
# large problem is even read in.
MAX_TIME_LIMIT_S = 24 * 3600
MAX_WORKERS = 64


class UsageError(Exception):
    """One line for the user; exits with EXIT_USAGE."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="console roster", description="duty roster (排班)")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)
    solve = sub.add_parser("solve", help="solve a roster problem with CP-SAT")
    solve.add_argument("problem", type=Path, metavar="PROBLEM.json")
    solve.add_argument("--time-limit", type=float, required=True, metavar="S")
    solve.add_argument("--workers", type=int, default=2, metavar="N")
    solve.add_argument("--seed", type=int, default=0, metavar="N")
    solve.add_argument(
        "--hint",
        type=Path,
        metavar="ROSTER.json",
        help="starting roster (default: the problem's rotation, if it names one)",
    )
    solve.add_argument("--out", type=Path, required=True, metavar="SOLUTION.json")
    names = ", ".join(f"{p.name} ({p.alias})" for p in PRESETS.values())
    preset = sub.add_parser("preset", help=f"problem from a rotation preset: {names}")
    preset.add_argument("name", metavar="NAME")
    preset.add_argument("--staff", type=int, required=True, metavar="N")
    preset.add_argument("--start", required=True, metavar="DATE")
    preset.add_argument("--days", type=int, required=True, metavar="D")
    preset.add_argument("--out", type=Path, required=True, metavar="PROBLEM.json")
    preset.add_argument(
        "--roster-out",
        type=Path,
        metavar="ROSTER.json",
        help="also write the rotation's starting roster",
    )
    checker = sub.add_parser("check", help="check a roster with the independent checker")
    checker.add_argument("problem", type=Path, metavar="PROBLEM.json")
    checker.add_argument("solution", type=Path, metavar="SOLUTION.json")
    return p


def run(argv: list[str]) -> int:
    """Runs ``console roster`` with ``argv`` (without the leading "roster")."""
    try:
        args = _parser().parse_args(argv)
        return {"solve": _solve, "preset": _preset, "check": _check}[args.command](args)
    except UsageError as exc:
        print(f"console: error: {exc}", file=sys.stderr)
        return EXIT_USAGE


def _read_json(path: Path, what: str) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except RecursionError:
        raise UsageError(f"{path}: not JSON a roster can hold: nested too deeply") from None
    except FileNotFoundError:
        raise UsageError(f"{what} not found: {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read {what} {path}: {exc}") from None
    except json.JSONDecodeError as exc:
        raise UsageError(
            f"{path}: not JSON: line {exc.lineno} column {exc.colno}: {exc.msg}"
        ) from None
    except ValueError as exc:  # e.g. a number of more than 4,300 digits
        raise UsageError(f"{path}: not JSON a roster can hold: {exc}") from None


def _load_problem(path: Path) -> RosterProblem:
    data = _read_json(path, "problem")
    _check_size(path, data)
    try:
        return RosterProblem.from_json(data)
    except ProblemError as exc:
        raise UsageError(f"{path}: {exc}") from None
    except (RecursionError, TypeError, KeyError, ValueError, AttributeError) as exc:
        raise UsageError(f"{path}: not a roster problem ({type(exc).__name__})") from None


def _check_size(path: Path, data: Any) -> None:
    """Refuse a problem too large to build within a time limit, before building it."""
    if not isinstance(data, dict):
        return  # from_json names what is wrong
    staff, days = data.get("staff"), data.get("days")
    count = len(staff) if isinstance(staff, list) else 0
    if isinstance(days, int) and not isinstance(days, bool) and too_large(count, days):
        raise UsageError(f"{path}: {ProblemTooLarge(count, days)}")


def _writable(path: Path) -> None:
    if not path.parent.resolve().is_dir():
        raise UsageError(f"folder does not exist: {path.parent}")


def _write_json(path: Path, data: Any) -> None:
    """Written beside the target and renamed, so a reader never sees half a file."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_text(
            json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        os.replace(temporary, path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise UsageError(f"cannot write {path}: {exc}") from None


def _solve(args: argparse.Namespace) -> int:
    if not math.isfinite(args.time_limit) or not 0 < args.time_limit <= MAX_TIME_LIMIT_S:
        raise UsageError(f"--time-limit must be more than 0 and at most {MAX_TIME_LIMIT_S} seconds")
    if not 1 <= args.workers <= MAX_WORKERS:
        raise UsageError(f"--workers must be from 1 to {MAX_WORKERS}")
    _writable(args.out)
    problem = _load_problem(args.problem)
    hint = None
    if args.hint is not None:
        try:
            hint = assignments_from_json(_read_json(args.hint, "hint"))
        except ProblemError as exc:
            raise UsageError(f"{args.hint}: {exc}") from None
    print(
        f"roster: {len(problem.staff)} staff, {problem.days} days from {problem.start_date}, "
        f"{len(problem.shift_types)} shift types; {args.workers} workers, "
        f"{args.time_limit:g} s",
        flush=True,
    )

    def progress(seconds: float, objective: float, bound: float) -> None:
        gap = 0.0 if objective <= bound else (objective - bound) / max(abs(objective), 1e-9)
        print(
            f"progress {seconds:7.2f} s  objective {objective:.0f}  bound {bound:.0f}  "
            f"gap {gap:.2%}",
            flush=True,
        )

    solver = RosterSolver(
        problem,
        time_limit=args.time_limit,
        workers=args.workers,
        seed=args.seed,
        hint=hint,
        on_progress=progress,
    )
    try:
        solution = _solve_interruptibly(solver)
    except SolveRefused as exc:  # past the size cap, or the build took the whole time limit
        raise UsageError(f"{args.problem}: {exc}") from None
    for reason in solution.reasons:
        print(f"infeasible: {reason.text}", flush=True)
    for violation in solution.violations[:20]:
        print(f"violation: {violation.describe()}")
    if len(solution.violations) > 20:
        print(f"violation: … {len(solution.violations) - 20} more in {args.out}")
    _write_json(args.out, solution.to_json())
    print(json.dumps(solution.summary(), ensure_ascii=False), flush=True)
    return EXIT_OK if solution.has_roster else EXIT_NO_ROSTER


def _solve_interruptibly(solver: RosterSolver) -> RosterSolution:
    """Solves on a worker thread so that Ctrl-C can stop the search and keep its roster."""
    result: list[RosterSolution | BaseException] = []
    finished = threading.Event()

    def work() -> None:
        try:
            result.append(solver.solve())
        except BaseException as exc:  # handed to the main thread below
            result.append(exc)
        finally:
            finished.set()

    worker = threading.Thread(target=work, name="roster-solver")
    worker.start()
    # Event.wait, not Thread.join: a join interrupted by Ctrl-C can leave the thread
    # looking finished while it still runs.
    while True:
        try:
            if finished.wait(0.2):
                break
        except KeyboardInterrupt:
            print("stopping: keeping the best roster so far …", file=sys.stderr, flush=True)
            solver.stop()
    worker.join()
    if isinstance(result[0], BaseException):
        raise result[0]
    return result[0]


def _preset(args: argparse.Namespace) -> int:
    try:
        preset = find_preset(args.name)
        start = date.fromisoformat(args.start)
    except ProblemError as exc:
        raise UsageError(str(exc)) from None
    except ValueError:
        raise UsageError(f"--start must be a date like 2025-03-01, not {args.start!r}") from None
    if not 1 <= args.days <= 366:
        raise UsageError("--days must be between 1 and 366")
    _writable(args.out)
    if args.roster_out is not None:
        _writable(args.roster_out)
    try:
        problem = preset_problem(preset, args.staff, start, args.days)
    except ProblemError as exc:
        raise UsageError(str(exc)) from None
    _write_json(args.out, problem.to_json())
    roster = rotation_roster(problem, preset)
    if args.roster_out is not None:
        _write_json(
            args.roster_out,
            {
                "format": "station-roster-start",
                "rotation": preset.name,
                "assignments": [a.to_json() for a in roster],
            },
        )
    teams = len(set(m.team for m in problem.staff))
    print(
        f"{preset.name}: {len(problem.staff)} staff in {teams} teams, {problem.days} days "
        f"from {start}, {len(roster)} shifts in the rotation -> {args.out}"
    )
    return EXIT_OK


def _check(args: argparse.Namespace) -> int:
    problem = _load_problem(args.problem)
    try:
        assignments = assignments_from_json(_read_json(args.solution, "solution"))
    except ProblemError as exc:
        raise UsageError(f"{args.solution}: {exc}") from None
    report = check(problem, assignments)
    for b in report.breaks:
        print(f"break: {b.describe()}")
    for v in report.violations:
        print(f"violation: {v.describe()}")
    print(json.dumps({"hard_breaks": len(report.breaks), "cost": report.cost}))
    return EXIT_OK if report.ok else EXIT_NO_ROSTER
