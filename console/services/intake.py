"""Intake (接警): the category dictionary and escalation tags for the form, address
completion and location, the suggested grade, and recording a new incident."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from console.domain.addresses import (
    Place,
    house_number_after,
    is_initials_query,
    normalise_address,
    number_of,
    rank_places,
)
from console.domain.grading import EscalationTag, Grade, grade, tags_from_data
from console.domain.incidents import (
    IncidentStatus,
    Priority,
    arrival_deadline,
    incident_number,
)
from console.domain.intake import MAX_ADDRESS, IntakeDraft, validate_intake
from console.domain.lifecycle import IncidentAction, apply_action
from console.paths import migrations_dir, user_data_dir
from console.store.models import (
    Category,
    Grid,
    Incident,
    IncidentEvent,
    KeyPlace,
    RoadNode,
    RoadSegment,
    StandardAddress,
)

from . import validation as checks
from .context import StationContext
from .grid_targets import minutes_of
from .messages import QT_TRANSLATE_NOOP
from .unit_of_work import ChangeSet, ServiceError, unit_of_work

# How far back a call may have come in before the form was saved (the form was opened
# when the phone rang); anything else is taken as "now".
MAX_TYPING_TIME = timedelta(hours=1)
_NUMBER_ATTEMPTS = 5


@dataclass(frozen=True)
class CategoryChoice:
    code: str
    parent_code: str | None
    name_zh: str
    name_en: str
    parent_zh: str | None
    parent_en: str | None
    apco_type: str | None
    default_priority: str
    police_matter: bool


@dataclass(frozen=True)
class AddressMatch:
    id: int | None  # None: a point with no standard address (a map click far from doors)
    text: str
    lon: float
    lat: float
    grid_id: int | None
    grid_name: str | None
    kind: str = "address"  # "address" | "key_place" | "road" | "point" (where it came from)


@dataclass(frozen=True)
class RecordedIncident:
    id: int
    number: str
    priority: str
    status: str
    arrival_deadline: datetime | None
    grid_name: str | None
    alert_commander: bool
    tags: tuple[str, ...]
    duplicate_of_number: str | None


# --- the dictionary and the tags -------------------------------------------------------


def category_choices(ctx: StationContext) -> list[CategoryChoice]:
    """Active categories in dictionary order; top levels carry no parent."""
    with ctx.reading() as s:
        rows = list(
            s.scalars(select(Category).where(Category.active).order_by(Category.sort_order))
        )
    by_code = {c.code: c for c in rows}
    out = []
    for c in rows:
        parent = by_code.get(c.parent_code) if c.parent_code else None
        out.append(
            CategoryChoice(
                c.code,
                c.parent_code,
                c.name_zh,
                c.name_en,
                parent.name_zh if parent else None,
                parent.name_en if parent else None,
                c.apco_type,
                c.default_priority,
                c.police_matter,
            )
        )
    return out


def escalation_tags_path() -> Path:
    """The station's own list if it has one (data folder), else the shipped one."""
    own = user_data_dir() / "escalation_tags.json"
    return own if own.is_file() else migrations_dir() / "reference" / "escalation_tags.json"


def escalation_tags() -> list[EscalationTag]:
    data = json.loads(escalation_tags_path().read_text("utf-8"))
    return tags_from_data(data["tags"])


def suggest_grade(
    ctx: StationContext,
    category_code: str,
    narrative: str,
    tags: list[EscalationTag] | None = None,
) -> Grade:
    """The category's default priority, raised by escalation tags in the narrative."""
    with ctx.reading() as s:
        default = s.scalar(select(Category.default_priority).where(Category.code == category_code))
    base = Priority(default) if default else Priority.NORMAL
    return grade(base, narrative, escalation_tags() if tags is None else tags)


# --- addresses and grids ---------------------------------------------------------------


def _grid_names(s) -> dict[int, str]:
    return dict(s.execute(select(Grid.id, Grid.name)).all())


def complete_address(ctx: StationContext, text: str, limit: int = 12) -> list[AddressMatch]:
    """Standard addresses matching what was typed, best first.

    Tolerant of spaces, full-width digits and a missing 号/弄/室; when nothing matches
    the whole text, leading words are dropped (a caller's "新街口 中山路 18号" names
    the area first).
    """
    words = text.split()
    with ctx.reading() as s:
        grids = _grid_names(s)
        for start in range(max(1, len(words))):
            key = normalise_address("".join(words[start:]) if words else text)
            if not key:
                return []
            found = _lookup(s, ctx.station_id, key, limit)
            if found:
                return [_match(a, grids) for a in found]
    return []


def _lookup(s, station_id: int, key: str, limit: int) -> list[StandardAddress]:
    base = select(StandardAddress).where(StandardAddress.station_id == station_id)
    exact = list(s.scalars(base.where(StandardAddress.normalised_text == key)))
    if len(exact) >= limit:
        return exact[:limit]
    seen = {a.id for a in exact}
    # Pinyin initials ("zsl18" for 中山路18号) are searched as well as the text itself.
    column = StandardAddress.search_initials if is_initials_query(key) else None
    found = StandardAddress.normalised_text.contains(key, autoescape=True)
    if column is not None:
        found = found | column.contains(key, autoescape=True)
    rest = list(
        s.scalars(
            base.where(found)
            .order_by(func.length(StandardAddress.normalised_text), StandardAddress.normalised_text)
            .limit(limit * 4)
        )
    )

    def starts(a: StandardAddress) -> bool:
        return a.normalised_text.startswith(key) or (
            column is not None and (a.search_initials or "").startswith(key)
        )

    # Addresses that start with the text come before those that merely contain it.
    rest.sort(key=lambda a: (not starts(a), len(a.normalised_text)))
    return (exact + [a for a in rest if a.id not in seen])[:limit]


def _landmarks(s, station_id: int) -> list[Place]:
    """The station's key places and named roads (one point per road: the junction nearest
    the middle of its junctions), for placing a spoken address the book does not hold."""
    places = [
        Place.of("key_place", name, lon, lat, grid_id=grid_id)
        for name, lon, lat, grid_id in s.execute(
            select(KeyPlace.name, KeyPlace.lon, KeyPlace.lat, KeyPlace.grid_id)
            .where(KeyPlace.station_id == station_id)
            .order_by(KeyPlace.id)
        )
        if name
    ]
    nodes: dict[str, list[tuple[float, float]]] = {}
    for name, lon, lat in s.execute(
        select(RoadSegment.name, RoadNode.lon, RoadNode.lat)
        .join(RoadNode, RoadNode.id == RoadSegment.from_node_id)
        .where(RoadSegment.station_id == station_id, RoadSegment.name.is_not(None))
    ):
        if name and name.strip():
            nodes.setdefault(name, []).append((lon, lat))
    for name, points in sorted(nodes.items()):
        cx = sum(p[0] for p in points) / len(points)
        cy = sum(p[1] for p in points) / len(points)
        lon, lat = min(points, key=lambda p: (p[0] - cx) ** 2 + (p[1] - cy) ** 2)
        places.append(Place.of("road", name, lon, lat))
    return places


def find_places(ctx: StationContext, text: str, limit: int = 8) -> list[AddressMatch]:
    """Where a spoken address the book does not hold may be: the best partial matches
    among the address book, the key places and the road names, best first.

    For "中山路200号" on a 中山路 whose numbers stop at 150, the nearest number on that
    street (中山路150号) comes first; "新街口地铁站旁边" finds the key place 新街口站;
    pinyin initials ("xjk") work as well as 汉字. The typed text is not changed: the
    caller's words stay the incident's address, the match only places it.
    """
    text = checks.text("address", text, max_len=MAX_ADDRESS)
    limit = int(checks.number("limit", limit, low=1, high=50))
    key = normalise_address(text)
    if not key:
        return []
    out: list[AddressMatch] = []
    with ctx.reading() as s:
        grids = _grid_names(s)
        ranked = rank_places(text, _landmarks(s, ctx.station_id), limit=limit)
        # A road said with a number: the door with the nearest number on it.
        if not is_initials_query(key):
            for road in (p for p in ranked if p.kind == "road"):
                number = house_number_after(text, road.name)
                door = _nearest_number(s, ctx.station_id, road.name, number) if number else None
                if door is not None:
                    out.append(_match(door, grids))
    out += complete_address(ctx, text, limit=limit)
    for p in ranked:
        grid_id = p.grid_id
        if grid_id is None:
            inside = grid_at(ctx, p.lon, p.lat)
            grid_id = inside[0] if inside else None
        out.append(AddressMatch(None, p.name, p.lon, p.lat, grid_id, grids.get(grid_id), p.kind))
    seen: set[tuple[int | None, str]] = set()
    unique = []
    for m in out:
        if (m.id, m.text) not in seen:
            seen.add((m.id, m.text))
            unique.append(m)
    return unique[:limit]


def _nearest_number(s, station_id: int, street: str, number: int) -> StandardAddress | None:
    rows = list(
        s.scalars(
            select(StandardAddress).where(
                StandardAddress.station_id == station_id, StandardAddress.street == street
            )
        )
    )
    numbered = [(n, a) for a in rows if (n := number_of(a.house_number)) is not None]
    if not numbered:
        return None
    # The same side of the street first (odd or even), then the nearest number.
    return min(numbered, key=lambda na: (na[0] % 2 != number % 2, abs(na[0] - number)))[1]


def _match(a: StandardAddress, grids: dict[int, str]) -> AddressMatch:
    return AddressMatch(a.id, a.text, a.lon, a.lat, a.grid_id, grids.get(a.grid_id))


def address_by_id(ctx: StationContext, address_id: int) -> AddressMatch | None:
    with ctx.reading() as s:
        a = s.get(StandardAddress, address_id)
        if a is None or a.station_id != ctx.station_id:
            return None
        return _match(a, _grid_names(s))


def grid_at(ctx: StationContext, lon: float, lat: float) -> tuple[int, str] | None:
    """The station's grid containing the point, or None outside the jurisdiction."""
    from shapely.geometry import Point, shape  # only when a point is located

    point = Point(lon, lat)
    with ctx.reading() as s:
        for gid, name, boundary in s.execute(
            select(Grid.id, Grid.name, Grid.boundary).where(Grid.station_id == ctx.station_id)
        ):
            try:
                if shape(boundary).covers(point):
                    return gid, name
            except (ValueError, TypeError, KeyError, AttributeError):
                continue  # a damaged boundary cannot hold anything
    return None


def nearest_address(ctx: StationContext, lon: float, lat: float) -> AddressMatch:
    """The standard address nearest to a point (a map click), with the point's grid.

    Refuses a point outside every grid of the jurisdiction. Beyond 150 m of any door
    the point stands by itself, described by its grid.
    """
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise ServiceError(QT_TRANSLATE_NOOP("services", "That point is not on the earth."))
    inside = grid_at(ctx, lon, lat)
    if inside is None:
        raise ServiceError(
            QT_TRANSLATE_NOOP(
                "services",
                "The point {lon:.5f}, {lat:.5f} lies outside every grid of the station: "
                "hand the call to the station responsible for it.",
            ),
            lon=lon,
            lat=lat,
        )
    from console.domain.duplicates import distance_m

    with ctx.reading() as s:
        d = 0.004
        rows = list(
            s.scalars(
                select(StandardAddress).where(
                    StandardAddress.station_id == ctx.station_id,
                    StandardAddress.lon.between(lon - d, lon + d),
                    StandardAddress.lat.between(lat - d, lat + d),
                )
            )
        )
        best = min(rows, key=lambda a: distance_m(lon, lat, a.lon, a.lat), default=None)
        if best is not None and distance_m(lon, lat, best.lon, best.lat) <= 150:
            return AddressMatch(best.id, best.text, lon, lat, inside[0], inside[1])
    return AddressMatch(None, f"{inside[1]} ({lon:.5f}, {lat:.5f})", lon, lat, *inside)


# --- recording -------------------------------------------------------------------------


def _refuse_unlocatable(text: str) -> ServiceError:
    return ServiceError(
        QT_TRANSLATE_NOOP(
            "services",
            "{address} is not in the address book: pick an address from the list or the place on the map.",
        ),
        address=text[:60],
    )


def _next_number(s, ctx: StationContext, received: datetime) -> str:
    day = received.astimezone(ctx.timezone).date()
    prefix = f"{day:%Y%m%d}-"
    # A range on the unique index (a LIKE would scan every incident the station ever had).
    last = s.scalar(
        select(func.max(Incident.number)).where(
            Incident.number >= prefix, Incident.number < f"{prefix}~"
        )
    )
    serial = int(last.split("-")[1]) + 1 if last else 1
    return incident_number(day, serial)


def record_incident(
    ctx: StationContext,
    draft: IntakeDraft,
    *,
    address_id: int | None = None,
    point: tuple[float, float] | None = None,
    received_at: datetime | None = None,
    answered_at: datetime | None = None,
    duplicate_of: int | None = None,
    suggestion: dict[str, Any] | None = None,
) -> tuple[RecordedIncident, ChangeSet]:
    """Validate and store a new incident in one transaction.

    The location comes from a picked standard address, else a point (map click), else
    an exact match of the typed address in the address book; anything else is refused.
    With ``duplicate_of`` the call is linked to that incident and closed as a duplicate.

    Three times are kept: ``received_at`` the first ring (the deadline counts from it),
    ``answered_at`` when the officer picked the call up, and the moment of saving
    (entered). Without telephony the panel passes its opening time as the ring and the
    answer defaults to the ring; a ring time from a telephone system may come earlier.
    They must run ring <= answer <= now, else the call is refused.
    """
    _check_draft(draft)
    address_id = checks.ident("address", address_id, optional=True)
    point = _check_point(point)
    received_at = checks.moment("received_at", received_at, optional=True)
    answered_at = checks.moment("answered_at", answered_at, optional=True)
    duplicate_of = checks.ident("duplicate_of", duplicate_of, optional=True)
    suggestion = checks.detail("suggestion", suggestion, optional=True)
    valid = validate_intake(draft)
    now = ctx.clock.now()
    received, answered = _call_times(received_at, answered_at, now, ctx.timezone)
    tags = escalation_tags()
    for attempt in range(_NUMBER_ATTEMPTS):
        try:
            return _record(
                ctx,
                valid,
                address_id,
                point,
                (received, answered, now),
                duplicate_of,
                tags,
                suggestion,
            )
        except IntegrityError:
            # Another workstation took the same daily serial a moment earlier.
            if attempt == _NUMBER_ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


# The draft as the form sends it: text in every field. The domain (console/domain/intake.py)
# then refuses, field by field, text too long or with control characters; the category
# code it only trims, so its characters and length are checked here.
_DRAFT_TEXT = (
    ("source", "source"),
    ("caller_name", "caller_name"),
    ("caller_phone", "caller_phone"),
    ("address_text", "address"),
    ("priority", "priority"),
    ("narrative", "narrative"),
)
CATEGORY_CHARS = 32  # Category.code


def _check_draft(draft: object) -> None:
    checks.instance("draft", draft, IntakeDraft)
    for attr, name in _DRAFT_TEXT:
        checks.instance(name, getattr(draft, attr), str)
    checks.text("category", draft.category_code, max_len=CATEGORY_CHARS)  # type: ignore[attr-defined]
    checks.instance("has_point", draft.has_point, bool)  # type: ignore[attr-defined]


def _check_point(point: object) -> tuple[float, float] | None:
    """A map point (lon, lat) of two finite numbers, or None."""
    if point is None:
        return None
    if not isinstance(point, tuple | list) or len(point) != 2:
        raise checks.refuse(checks.WRONG_KIND, "point")
    lon = checks.number("point", point[0], low=-180, high=180)
    lat = checks.number("point", point[1], low=-90, high=90)
    return lon, lat


def _call_times(
    received_at: datetime | None, answered_at: datetime | None, now: datetime, tz
) -> tuple[datetime, datetime]:
    """(ring, answer) checked against each other and the moment of saving."""
    stale = now - MAX_TYPING_TIME
    if received_at is not None and received_at < stale and (answered_at or received_at) < stale:
        # A form left open for over an hour: its opening time says nothing about this call.
        return now, now
    received = received_at or answered_at or now
    answered = answered_at or received
    if not received <= answered <= now:
        raise ServiceError(
            QT_TRANSLATE_NOOP(
                "services",
                "The call's times are out of order: it rang at {ring}, was answered at "
                "{answer} and is saved at {saved}; the ring comes first and neither may "
                "be later than saving.",
            ),
            ring=f"{received.astimezone(tz):%H:%M:%S}",
            answer=f"{answered.astimezone(tz):%H:%M:%S}",
            saved=f"{now.astimezone(tz):%H:%M:%S}",
        )
    return received, answered


def _record(ctx, valid, address_id, point, times, duplicate_of, tags, suggestion):
    received, answered, now = times
    with unit_of_work(ctx, "incident.record", "incident") as work:
        s = work.session
        category = s.get(Category, valid.category_code)
        if category is None or not category.active:
            raise ServiceError(
                QT_TRANSLATE_NOOP("services", "Category {code} is not in the dictionary."),
                code=valid.category_code,
            )
        location = _locate(ctx, s, valid.address_text, address_id, point)
        grid = s.get(Grid, location.grid_id) if location.grid_id else None
        minutes = minutes_of(grid)  # this grid's targets: town and suburb differ
        graded = grade(Priority(category.default_priority), valid.narrative, tags)
        original = None
        if duplicate_of is not None:
            original = s.get(Incident, duplicate_of)
            if original is None or original.station_id != ctx.station_id:
                raise ServiceError(
                    QT_TRANSLATE_NOOP("services", "Incident {incident_id} does not exist."),
                    incident_id=duplicate_of,
                )
        incident = Incident(
            station_id=ctx.station_id,
            number=_next_number(s, ctx, received),
            received_at=received,
            answered_at=answered,
            entered_at=now,
            source=valid.source.value,
            caller_name=valid.caller_name,
            caller_phone=valid.caller_phone,
            # The book's spelling when the address was picked or typed as in the book; what
            # was typed (the caller's words) when a point placed it (map, nearest match).
            address_text=location.text
            if location.id and point is None
            else (valid.address_text or location.text),
            address_id=location.id,
            lon=location.lon,
            lat=location.lat,
            grid_id=location.grid_id,
            category_code=category.code,
            priority=valid.priority.value,
            narrative=valid.narrative,
            status=IncidentStatus.RECEIVED.value,
            arrival_deadline=arrival_deadline(received, valid.priority, minutes),
            duplicate_of_id=original.id if original else None,
            version=1,
        )
        s.add(incident)
        s.flush()
        detail: dict[str, Any] = {
            "source": valid.source.value,
            "priority": valid.priority.value,
            "suggested_priority": graded.priority.value,
            "tags": [t.word for t in graded.tags],
            "typed_address": valid.address_text,
        }
        if point is not None and location.id is not None:
            detail["nearest_address"] = location.text  # the door nearest the placed point
        if suggestion:
            detail["suggestion"] = suggestion
        events = [
            IncidentEvent(
                incident_id=incident.id,
                at=received,
                kind="received",
                to_status="received",
                actor_user_id=ctx.actor.user_id,
                detail=detail,
            )
        ]
        if graded.alert_commander:
            events.append(
                IncidentEvent(
                    incident_id=incident.id,
                    at=now,
                    kind="commander_alerted",
                    actor_user_id=ctx.actor.user_id,
                    detail={"tags": [t.word for t in graded.tags if t.alert_commander]},
                )
            )
        if original is not None:
            step = apply_action(
                IncidentStatus.RECEIVED, IncidentAction.CLOSE, now, disposition="duplicate"
            )
            incident.status = step.to_status.value
            incident.closed_at = now
            incident.disposition_code = "duplicate"
            events.append(
                IncidentEvent(
                    incident_id=incident.id,
                    at=now,
                    kind=step.to_status.value,
                    from_status="received",
                    to_status=step.to_status.value,
                    actor_user_id=ctx.actor.user_id,
                    detail={"disposition": "duplicate", "duplicate_of": original.id},
                )
            )
            s.add(
                IncidentEvent(
                    incident_id=original.id,
                    at=now,
                    kind="duplicate_call",
                    actor_user_id=ctx.actor.user_id,
                    detail={
                        "incident_id": incident.id,
                        "number": incident.number,
                        "caller_phone": valid.caller_phone,
                    },
                )
            )
            work.changed("incident", original.id, "update")
        s.add_all(events)
        work.entity_id = str(incident.id)
        work.detail = {
            "number": incident.number,
            "category": category.code,
            "priority": valid.priority.value,
            "duplicate_of": original.id if original else None,
        }
        work.changed("incident", incident.id, "insert")
        recorded = RecordedIncident(
            id=incident.id,
            number=incident.number,
            priority=incident.priority,
            status=incident.status,
            arrival_deadline=incident.arrival_deadline,
            grid_name=grid.name if grid else None,
            alert_commander=graded.alert_commander,
            tags=tuple(t.word for t in graded.tags),
            duplicate_of_number=original.number if original else None,
        )
    return recorded, work.change_set


def _locate(ctx, s, address_text, address_id, point) -> AddressMatch:
    if address_id is not None:
        a = s.get(StandardAddress, address_id)
        if a is None or a.station_id != ctx.station_id:
            raise _refuse_unlocatable(address_text or str(address_id))
        grid_id = a.grid_id
        if grid_id is None:
            inside = grid_at(ctx, a.lon, a.lat)
            grid_id = inside[0] if inside else None
        return AddressMatch(a.id, a.text, a.lon, a.lat, grid_id, None)
    if point is not None:
        return nearest_address(ctx, *point)
    key = normalise_address(address_text or "")
    a = s.scalar(
        select(StandardAddress).where(
            StandardAddress.station_id == ctx.station_id, StandardAddress.normalised_text == key
        )
    )
    if a is None:
        matches = complete_address(ctx, address_text or "", limit=2)
        if matches and key.endswith(normalise_address(matches[0].text)):
            return _locate(ctx, s, address_text, matches[0].id, None)
        raise _refuse_unlocatable(address_text or "")
    return AddressMatch(a.id, a.text, a.lon, a.lat, a.grid_id, None)


def station_grids(ctx: StationContext) -> list[tuple[int, str]]:
    """(id, name) of the station's grids, in code order (for filters and forms)."""
    with ctx.reading() as s:
        return [
            (gid, name)
            for gid, name in s.execute(
                select(Grid.id, Grid.name)
                .where(Grid.station_id == ctx.station_id)
                .order_by(Grid.code)
            )
        ]
