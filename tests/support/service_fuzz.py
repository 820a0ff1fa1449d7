"""Fuzzing every writing service with hostile and wrongly typed arguments (issue 13, part 4).

Each target calls one public write service with arguments chosen by ``choose`` (a
``random.Random.choice`` here, a Hypothesis ``data.draw(sampled_from(...))`` in the test
suite) from lists that mix plausible values (so calls get deep into the service and some
succeed) with hostile ones: control characters, NUL, lone surrogates, 1 MB of text,
integers beyond 64 bits, NaN, naive and far-off datetimes, and values of the wrong type.

A call either works or is refused (``ServiceError``, or the domain's own field refusals
``IntakeInvalid`` / ``TransitionRefused`` that the screens translate the same way);
anything else is a crash, named by exception type and service.

``fuzz_services(url, count, seed)`` builds a small station in the store at ``url`` and runs
``count`` calls; ``tests/benchmarks/bench_faults.py`` prints its figures.
"""

from __future__ import annotations

import dataclasses
import math
import random
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any, TypeVar

from sqlalchemy import JSON, String, Text, select

from console.domain.clock import FixedClock
from console.domain.incidents import IncidentSource, Priority, Satisfaction
from console.domain.intake import IntakeDraft, IntakeInvalid
from console.domain.lifecycle import IncidentAction, TransitionRefused
from console.domain.people import RosterStatus, UserRole
from console.domain.roster.calendar import CellEdit
from console.domain.units import UnitStatus
from console.services import (
    accounts,
    dispatch,
    grid_targets,
    handover,
    incident_lifecycle,
    intake,
    rosters,
    unit_positions,
    unit_status,
)
from console.services.context import Actor, StationContext
from console.services.station import open_station, upgrade_store
from console.services.unit_of_work import ServiceError
from console.store.audit import verify_chain
from console.store.models import AppUser, Base
from tests.support.duty_station import TODAY, add_roster, add_shift_types_and_user
from tests.support.station_factory import NOW, build_small_station

T = TypeVar("T")
Choose = Callable[[Sequence[Any]], Any]

REFUSALS = (ServiceError, IntakeInvalid, TransitionRefused)


class _Odd:
    """An object of no expected type, with a str() that works."""

    def __repr__(self) -> str:
        return "<odd>"


MEGABYTE = "警" * 1_000_000
WRONG_TYPES: tuple[Any, ...] = (
    None,
    0,
    -1,
    1.5,
    math.nan,
    True,
    b"bytes\x00",
    [],
    {},
    ("a", 1),
    _Odd(),
    datetime(2026, 11, 22, 6, 30),
    date(2026, 11, 22),
    Priority.URGENT,
)
HOSTILE_TEXT: tuple[str, ...] = (
    "",
    "   ",
    "\x00",
    "报警\x00人",
    "line\x1b[31mred\x1b[0m",
    "\ud800",
    "a\udfffb",
    "\u2028",
    "\x7f\x9f",
    "x" * 33,
    "x" * 201,
    "字" * 2001,
    "y" * 100_000,
    MEGABYTE,
    "tab\tand\nnewline",
    "'; DROP TABLE incident; --",
    "%s %(x)s {0} {field}",
    "\ufeff\u200b零宽",
    "😀" * 10,
)
HUGE_INTS: tuple[int, ...] = (0, -1, -(2**63), 2**31, 2**63, 2**64, 10**30, 10**5000)
HOSTILE_FLOATS: tuple[float, ...] = (math.nan, math.inf, -math.inf, 1e308, -0.0)


def _moments() -> tuple[Any, ...]:
    plus14 = timezone(timedelta(hours=14))
    minus12 = timezone(timedelta(hours=-12))
    return (
        NOW,
        NOW - timedelta(minutes=3),
        NOW + timedelta(minutes=3),
        NOW - timedelta(days=2),
        datetime.max.replace(tzinfo=plus14),
        datetime.max - timedelta(days=1),
        (datetime.max - timedelta(hours=1)).replace(tzinfo=UTC),
        datetime.min.replace(tzinfo=minus12),
        datetime.min.replace(tzinfo=UTC),
        datetime(1970, 1, 1, tzinfo=UTC),
        datetime(9999, 12, 31, 23, 59, tzinfo=plus14),
        datetime(2026, 11, 22, 6, 30),  # naive
    )


MOMENTS = _moments()


@dataclass
class Env:
    """What the prepared station holds: ids to aim plausible values at."""

    incidents: list[int]
    units: list[int]
    grids: list[int]
    rosters: list[int]
    draft_roster: int
    officers: list[int]
    duty: Actor
    chief: Actor
    admin: Actor
    shift_starts: list[datetime]


def _ids(*plausible: int) -> tuple[Any, ...]:
    return (*plausible, *HUGE_INTS, 999_999, *WRONG_TYPES, "1", 1.0)


def _texts(*plausible: Any) -> tuple[Any, ...]:
    return (*plausible, *HOSTILE_TEXT, *WRONG_TYPES)


_HASHABLE_IDS = tuple(v for v in _ids() if isinstance(v, Hashable))
VERSIONS: tuple[Any, ...] = (1, 1, 2, 3, 0, *HUGE_INTS, None, "1", 1.0, True, math.nan)


def _draft(c: Choose) -> Any:
    return c(
        (
            lambda: IntakeDraft(
                source=c(_texts(*(s.value for s in IncidentSource))),
                caller_name=c(_texts("张三", "")),
                caller_phone=c(_texts("13800000000", "025-8888 1234", "+8613912345678")),
                address_text=c(_texts("中山路18号", "汉中路2号", "")),
                category_code=c(_texts("order.fight", "dispute.neighbour", "assist.lockout")),
                priority=c(_texts(*(p.value for p in Priority))),
                narrative=c(_texts("有人打架", "邻居吵闹\n第二行")),
                has_point=c((False, True, None, 1, "yes")),
            ),
            lambda: c(WRONG_TYPES),
            lambda: IntakeDraft(caller_phone="13800000000", category_code="order.fight"),
        )
    )()


def _record_incident(ctx: StationContext, c: Choose, env: Env) -> Any:
    return intake.record_incident(
        ctx,
        _draft(c),
        address_id=c((None, None, *_ids(1, 2))),
        point=c(
            (
                None,
                None,
                (118.777, 32.037),
                (118.0, 32.0),
                (math.nan, 32.0),
                (math.inf, -math.inf),
                (10**400, 1),
                ("118", "32"),
                (1, 2, 3),
                "118,32",
                [118.777, 32.037],
                *WRONG_TYPES,
            )
        ),
        received_at=c((None, *MOMENTS, *WRONG_TYPES)),
        answered_at=c((None, *MOMENTS, *WRONG_TYPES)),
        duplicate_of=c((None, None, *_ids(*env.incidents))),
        suggestion=c(
            (
                None,
                {"category": "order.fight"},
                {"text": "\x00"},
                {"text": "\ud800"},
                {"deep": [[[[[[[[[[1]]]]]]]]]]},
                {1: "int key"},
                {"n": math.nan},
                {"big": 2**70},
                {"long": "x" * 10_000},
                {"odd": _Odd()},
                *WRONG_TYPES,
            )
        ),
    )


def _dispatch(ctx: StationContext, c: Choose, env: Env) -> Any:
    return dispatch.dispatch(
        ctx,
        c(_ids(*env.incidents)),
        c(_ids(*env.units)),
        tier=c((1, 2, 3, 0, 4, True, 1.0, "1", None, 2**64, 10**5000, math.nan)),
        expected_unit_version=c(VERSIONS),
    )


def _unit_arrived(ctx: StationContext, c: Choose, env: Env) -> Any:
    return dispatch.unit_arrived(ctx, c(_ids(*env.units)), expected_version=c((None, *VERSIONS)))


def _unit_cleared(ctx: StationContext, c: Choose, env: Env) -> Any:
    return dispatch.unit_cleared(
        ctx,
        c(_ids(*env.units)),
        expected_version=c((None, *VERSIONS)),
        to=c((UnitStatus.AVAILABLE, UnitStatus.OFF_DUTY, "available", "nope", *WRONG_TYPES)),
    )


def _close_incident(ctx: StationContext, c: Choose, env: Env) -> Any:
    return dispatch.close_incident(
        ctx,
        c(_ids(*env.incidents)),
        c(_texts("resolved", "advice", "duplicate")),
        expected_version=c((None, *VERSIONS)),
    )


def _branch_support(ctx: StationContext, c: Choose, env: Env) -> Any:
    return dispatch.request_branch_support(
        ctx, c(_ids(*env.incidents)), c(_texts("人手不足", "需要增援\n两车"))
    )


def _waive_run_card(ctx: StationContext, c: Choose, env: Env) -> Any:
    return dispatch.waive_run_card_shortfall(
        ctx,
        c(_ids(*env.incidents)),
        c(_texts("其余警力均在处置", "分局已知悉\n先到一车")),
        expected_version=c((None, *VERSIONS)),
    )


def _change_status(ctx: StationContext, c: Choose, env: Env) -> Any:
    return incident_lifecycle.change_status(
        ctx,
        c(_ids(*env.incidents)),
        c((*IncidentAction, "close", "fly", *WRONG_TYPES)),
        expected_version=c(VERSIONS),
        disposition=c((None, *_texts("resolved"))),
        satisfaction=c((None, *Satisfaction, "satisfied", "meh", *WRONG_TYPES)),
        reason=c((None, *_texts("非警务，转12345"))),
        squad=c((None, *_texts("刑警队", "交警队"))),
        level=c((None, "branch", "city", *_texts())),
    )


def _add_note(ctx: StationContext, c: Choose, env: Env) -> Any:
    return incident_lifecycle.add_note(
        ctx,
        c(_ids(*env.incidents)),
        c(_texts("报警人已联系", "两行\n备注")),
        kind=c(("note", "clearance_note", "other", *WRONG_TYPES)),
    )


def _change_priority(ctx: StationContext, c: Choose, env: Env) -> Any:
    return incident_lifecycle.change_priority(
        ctx,
        c(_ids(*env.incidents)),
        c((*Priority, "urgent", "sky-high", *WRONG_TYPES)),
        expected_version=c(VERSIONS),
    )


def _set_unit_status(ctx: StationContext, c: Choose, env: Env) -> Any:
    return unit_status.set_unit_status(
        ctx,
        c(_ids(*env.units)),
        c((*UnitStatus, "available", "asleep", *WRONG_TYPES)),
        expected_version=c(VERSIONS),
    )


COORDINATES: tuple[Any, ...] = (118.78, 32.04, 0.0, -180.0, 180.5, 91.0, math.inf, math.nan, 1e308)


def _report_positions(ctx: StationContext, c: Choose, env: Env) -> Any:
    def report() -> Any:
        return c(
            (
                unit_positions.PositionReport(
                    c(_ids(*env.units)),
                    c(COORDINATES + WRONG_TYPES),
                    c(COORDINATES + WRONG_TYPES),
                    c(MOMENTS),
                    c((None, 90.0, -720.0, math.nan, *WRONG_TYPES)),
                ),
                *WRONG_TYPES,
            )
        )

    return unit_positions.report_positions(
        ctx, c(([report() for _ in range(c((1, 2, 3)))], (), *WRONG_TYPES))
    )


def _shift_start(c: Choose, env: Env) -> Any:
    return c((*env.shift_starts, *env.shift_starts, *MOMENTS, *WRONG_TYPES))


def _save_notes(ctx: StationContext, c: Choose, env: Env) -> Any:
    fn = c((handover.save_notes, handover.confirm_outgoing))
    return fn(
        ctx, _shift_start(c, env), c(_texts("一切正常", "交接\n两行", "")), c((None, *VERSIONS))
    )


def _confirm_incoming(ctx: StationContext, c: Choose, env: Env) -> Any:
    return handover.confirm_incoming(
        ctx,
        _shift_start(c, env),
        c(VERSIONS),
        username=c(_texts("duty2", "chief", "nobody")),
        password=c(_texts("night-shift-2026", "wrong")),
    )


def _sign_in(ctx: StationContext, c: Choose, env: Env) -> Any:
    return accounts.sign_in(
        ctx, c(_texts("duty", "chief", "nobody")), c(_texts("", "chief-pass-2026", "x" * 300))
    )


def _set_password(ctx: StationContext, c: Choose, env: Env) -> Any:
    return accounts.set_password(
        ctx, c(_texts("duty", "duty2", "nobody")), c(_texts("long-enough-2026", "short"))
    )


def _switch_actor(ctx: StationContext, c: Choose, env: Env) -> Any:
    return accounts.switch_actor(
        ctx, c((env.duty, env.chief, *WRONG_TYPES)), reason=c((None, *_texts("handover 1")))
    )


def _grid_minutes(c: Choose) -> Any:
    return c(
        (
            {p: 15 for p in Priority},
            {Priority.URGENT: 5, Priority.HIGH: 10, Priority.NORMAL: None, Priority.LOW: None},
            {"urgent": 5, "high": 10, "normal": 20, "low": 30},
            {Priority.URGENT: None},
            {p: c((0, 241, 2**64, 10**5000, math.nan, "5", 5.0, True, None)) for p in Priority},
            {"sky": 5},
            {_Odd(): 5},
            *WRONG_TYPES,
        )
    )


def _set_grid_targets(ctx: StationContext, c: Choose, env: Env) -> Any:
    if c((True, False)):
        return grid_targets.set_grid_targets(ctx, c(_ids(*env.grids)), _grid_minutes(c))
    return grid_targets.set_many_grid_targets(
        ctx,
        c(
            (
                {g: _grid_minutes(c) for g in env.grids},
                {c(_HASHABLE_IDS): _grid_minutes(c)},
                *WRONG_TYPES,
            )
        ),
    )


def _days(c: Choose) -> Any:
    return c((TODAY, TODAY + timedelta(days=10), date(1, 1, 1), date(9999, 12, 31), *WRONG_TYPES))


def _new_draft(ctx: StationContext, c: Choose, env: Env) -> Any:
    return rosters.new_draft_from_preset(
        ctx,
        c(_texts(*rosters.preset_names())),
        _days(c),
        c((7, 1, 92, 0, 93, -1, 2**64, 10**5000, True, 7.0, "7", None)),
        c(
            (
                (),
                (TODAY,),
                [TODAY, TODAY],
                (date(9999, 1, 1),),
                ("2026-11-22",),
                [TODAY] * 400,
                None,
                "x",
            )
        ),
    )


def _cell_edits(c: Choose, env: Env) -> Any:
    staff = [str(o) for o in env.officers]
    edit = CellEdit(
        c((*staff, *_texts())),
        _days(c),
        c((None, "day", "night", *_texts())),
        c((None, "street", "commander", *_texts())),
    )
    return c(([edit], [edit] * 3, [], [_Odd()], None, "edit", [edit] * 200_001, (edit,)))


def _apply_cell_edits(ctx: StationContext, c: Choose, env: Env) -> Any:
    return rosters.apply_cell_edits(
        ctx,
        c(_ids(env.draft_roster, *env.rosters)),
        _cell_edits(c, env),
        expected_version=c(VERSIONS),
    )


def _approve_roster(ctx: StationContext, c: Choose, env: Env) -> Any:
    return rosters.approve_roster(
        ctx,
        c(_ids(env.draft_roster, *env.rosters)),
        expected_version=c(VERSIONS),
        replace=c((False, True, None, 1, "yes")),
    )


def _copy_as_draft(ctx: StationContext, c: Choose, env: Env) -> Any:
    return rosters.copy_as_draft(ctx, c(_ids(env.draft_roster, *env.rosters)))


def _record_solution(ctx: StationContext, c: Choose, env: Env) -> Any:
    return rosters.record_solution(
        ctx, c(_ids(env.draft_roster)), c(WRONG_TYPES), expected_version=c(VERSIONS)
    )


def _save_draft(ctx: StationContext, c: Choose, env: Env) -> Any:
    return rosters.save_draft(
        ctx,
        c(WRONG_TYPES),
        c(([], None, "x", [_Odd()])),
        summary=c((None, {"a": 1}, {"b": "\x00"}, *WRONG_TYPES)),
        name=c((None, *_texts("排班"))),
    )


# (service name, call, weight): the slow ones (password hashing) are called less often.
TARGETS: tuple[tuple[str, Callable[[StationContext, Choose, Env], Any], int], ...] = (
    ("intake.record_incident", _record_incident, 6),
    ("dispatch.dispatch", _dispatch, 3),
    ("dispatch.unit_arrived", _unit_arrived, 2),
    ("dispatch.unit_cleared", _unit_cleared, 2),
    ("dispatch.close_incident", _close_incident, 3),
    ("dispatch.request_branch_support", _branch_support, 3),
    ("dispatch.waive_run_card_shortfall", _waive_run_card, 3),
    ("incident_lifecycle.change_status", _change_status, 5),
    ("incident_lifecycle.add_note", _add_note, 3),
    ("incident_lifecycle.change_priority", _change_priority, 2),
    ("unit_status.set_unit_status", _set_unit_status, 3),
    ("unit_positions.report_positions", _report_positions, 2),
    ("handover.save_notes", _save_notes, 3),
    ("handover.confirm_incoming", _confirm_incoming, 1),
    ("accounts.sign_in", _sign_in, 1),
    ("accounts.set_password", _set_password, 1),
    ("accounts.switch_actor", _switch_actor, 1),
    ("grid_targets.set_grid_targets", _set_grid_targets, 2),
    ("rosters.new_draft_from_preset", _new_draft, 2),
    ("rosters.apply_cell_edits", _apply_cell_edits, 2),
    ("rosters.approve_roster", _approve_roster, 1),
    ("rosters.copy_as_draft", _copy_as_draft, 1),
    ("rosters.record_solution", _record_solution, 1),
    ("rosters.save_draft", _save_draft, 1),
)
TARGET_NAMES = tuple(name for name, _, _ in TARGETS)
_WEIGHTED = tuple(t for t in TARGETS for _ in range(t[2]))


def prepare_station(url: str) -> tuple[StationContext, Env]:
    """Schema, reference data and the small station (with shift types, a second duty
    officer, a chief, an administrator and an approved and a draft roster) in ``url``;
    a context acting as the built-in duty officer at the station's fixed time."""
    upgrade_store(url)
    small = build_small_station(url)
    duty_station = add_shift_types_and_user(url)
    approved = add_roster(
        url,
        duty_station,
        [("王建国", TODAY, "day", "street", "巡01")],
        status=RosterStatus.APPROVED,
    )
    draft = add_roster(
        url,
        duty_station,
        [("张伟", TODAY, "night", "commander", None)],
        status=RosterStatus.DRAFT,
        start=TODAY + timedelta(days=30),
        end=TODAY + timedelta(days=36),
        name="草稿排班",
    )
    ctx = open_station(url, clock=FixedClock(NOW))
    with ctx.writing() as s, s.begin():
        s.get(AppUser, duty_station.second_user_id).password_hash = accounts.hash_password(
            "night-shift-2026"
        )
        chief = AppUser(username="chief", display_name="所长", role=UserRole.CHIEF.value)
        admin = AppUser(username="it", display_name="信息员", role=UserRole.ADMIN.value)
        s.add_all([chief, admin])
        s.flush()
        chief_actor = Actor(chief.id, chief.username, chief.display_name, UserRole.CHIEF)
        admin_actor = Actor(admin.id, admin.username, admin.display_name, UserRole.ADMIN)
    env = Env(
        incidents=[*small.open_incident_ids, *small.closed_incident_ids],
        units=list(small.unit_ids),
        grids=list(small.grid_ids),
        rosters=[approved],
        draft_roster=draft,
        officers=sorted(duty_station.officer_ids.values()),
        duty=ctx.actor,
        chief=chief_actor,
        admin=admin_actor,
        # Local 08:00 and 20:00 (the station's day and night shifts) around NOW.
        shift_starts=[
            datetime(2026, 11, 22, 0, 0, tzinfo=UTC),
            datetime(2026, 11, 22, 12, 0, tzinfo=UTC),
            datetime(2026, 11, 21, 12, 0, tzinfo=UTC),
        ],
    )
    return ctx, env


PLAUSIBLE_SHARE = 0.85
OK = "ok"
REFUSED = "refused"


def call_once(
    base: StationContext, env: Env, choose: Choose, target: str | None = None
) -> tuple[str, str]:
    """One fuzzed call: (service name, OK, REFUSED or the crash kind "Type in service").
    The acting user (duty officer, chief, administrator) is chosen too."""
    name, fn, _ = next(t for t in TARGETS if t[0] == target) if target else choose(_WEIGHTED)
    ctx = dataclasses.replace(base, actor=choose((env.duty, env.chief, env.admin)))
    try:
        fn(ctx, choose, env)
    except REFUSALS as exc:
        try:
            str(exc)  # the refusal itself must be printable
        except Exception as inner:  # noqa: BLE001
            return name, f"{type(inner).__name__} in {name} (message)"
        return name, REFUSED
    except Exception as exc:  # noqa: BLE001 (every other exception is a crash)
        return name, f"{type(exc).__name__} in {name}"
    return name, OK


def store_problems(ctx: StationContext) -> list[str]:
    """What is wrong in the store after fuzzing: a broken audit chain, and text columns
    holding NUL, lone surrogates or more characters than the column allows."""
    problems = []
    with ctx.reading() as s:
        broken = verify_chain(s)
        if broken is not None:
            problems.append(f"audit chain broken: {broken}")
        for table in Base.metadata.sorted_tables:
            for column in table.columns:
                if isinstance(column.type, JSON):
                    for (value,) in s.execute(select(column).where(column.is_not(None))):
                        text = repr(value)
                        if "\\x00" in text or "\\ud8" in text or len(text) > 50_000:
                            problems.append(f"{table.name}.{column.name} holds NUL or is huge")
                    continue
                if not isinstance(column.type, String | Text):
                    continue
                limit = getattr(column.type, "length", None)
                for (value,) in s.execute(select(column).where(column.is_not(None))):
                    if "\x00" in value or any("\ud800" <= ch <= "\udfff" for ch in value):
                        problems.append(f"{table.name}.{column.name} holds NUL or a surrogate")
                    elif limit is not None and len(value) > limit:
                        problems.append(f"{table.name}.{column.name} over {limit} characters")
    return sorted(set(problems))


def fuzz_services(url: str, count: int, seed: int) -> dict:
    """Prepare a station in the store at ``url`` and make ``count`` fuzzed service calls.

    Returns {"inputs", "crashes", "crash_kinds"} (kinds sorted, each "Type in service"),
    with "ok" and "refused" counts, "store_problems" (see :func:`store_problems`; empty
    when the store is intact) and "per_service" call counts."""
    ctx, env = prepare_station(url)
    rng = random.Random(seed)

    def choose(options: Sequence[Any]) -> Any:
        # Every list starts with plausible values: mostly those, so calls reach deep into
        # the services (and some succeed), else anything in the list.
        if rng.random() < PLAUSIBLE_SHARE:
            return options[rng.randrange(min(len(options), 3))]
        return rng.choice(options)

    outcomes: dict[str, int] = {}
    kinds: set[str] = set()
    per_service: dict[str, int] = {}
    try:
        for _ in range(count):
            name, outcome = call_once(ctx, env, choose, rng.choice(_WEIGHTED)[0])
            per_service[name] = per_service.get(name, 0) + 1
            if outcome not in (OK, REFUSED):
                kinds.add(outcome)
                outcome = "crash"
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
        problems = store_problems(ctx)
    finally:
        ctx.close()
    return {
        "inputs": count,
        "crashes": outcomes.get("crash", 0),
        "crash_kinds": sorted(kinds),
        "ok": outcomes.get(OK, 0),
        "refused": outcomes.get(REFUSED, 0),
        "store_problems": problems,
        "per_service": dict(sorted(per_service.items())),
    }
