"""Typed SQLAlchemy models for the words of the domain (shared/DESIGN.md §2).

Times are ``UTCDateTime`` (aware, UTC). Points are WGS84 longitude/latitude pairs, as GPS
and OpenStreetMap give them. Columns holding personal data carry ``info={"sensitive": True}``
so exports, logs and audit details can leave them out.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    Double,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from console.domain.addresses import initials
from console.domain.incidents import IncidentSource, IncidentStatus, Priority, Satisfaction
from console.domain.people import OfficerRole, RosterStatus, UserRole
from console.domain.units import UnitKind, UnitStatus

from .base import Base, UTCDateTime

SENSITIVE = {"sensitive": True}

# SQLite only autoincrements an INTEGER PRIMARY KEY; PostgreSQL gets a 64-bit sequence.
BigId = BigInteger().with_variant(Integer(), "sqlite")


def _one_of(column: str, values: type[StrEnum]) -> CheckConstraint:
    allowed = ", ".join(f"'{v.value}'" for v in values)
    return CheckConstraint(f"{column} IN ({allowed})", name=f"{column}_valid")


class Station(Base):
    """派出所; a parent links it to its branch (分局) and city command (市局)."""

    __tablename__ = "station"
    __table_args__ = (
        CheckConstraint("level IN ('station', 'branch', 'city')", name="level_valid"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    level: Mapped[str] = mapped_column(String(16), default="station")
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("station.id"))
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Shanghai")
    center_lon: Mapped[float | None] = mapped_column(Double)
    center_lat: Mapped[float | None] = mapped_column(Double)
    # Where the geography came from, shown with its licence credit (e.g. OSM, ODbL).
    data_source: Mapped[str | None] = mapped_column(String(200))
    data_credit: Mapped[str | None] = mapped_column(String(200))

    parent: Mapped[Station | None] = relationship(remote_side=[id])
    grids: Mapped[list[Grid]] = relationship(back_populates="station")


class Grid(Base):
    """网格 / 责任区: a patrol area with its own units and arrival target."""

    __tablename__ = "grid"
    __table_args__ = (UniqueConstraint("station_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("station.id"), index=True)
    code: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(100))
    boundary: Mapped[dict[str, Any]] = mapped_column(JSON)  # GeoJSON Polygon geometry
    arrival_target_min: Mapped[int] = mapped_column(Integer, default=5)
    # Deadlines of the other grades for this grid, {"high": 10, "normal": 15, "low": null}
    # (null: by appointment); a grade not named keeps the town default.
    arrival_minutes: Mapped[dict[str, int | None] | None] = mapped_column(JSON)
    min_available_units: Mapped[int] = mapped_column(Integer, default=2)

    station: Mapped[Station] = relationship(back_populates="grids")


class RoadNode(Base):
    """A junction or shape point of the road network (from OSM node ids)."""

    __tablename__ = "road_node"

    id: Mapped[int] = mapped_column(primary_key=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("station.id"), index=True)
    osm_id: Mapped[int | None] = mapped_column(BigInteger)
    lon: Mapped[float] = mapped_column(Double)
    lat: Mapped[float] = mapped_column(Double)


class RoadSegment(Base):
    """A drivable edge between two road nodes, with its polyline for drawing."""

    __tablename__ = "road_segment"

    id: Mapped[int] = mapped_column(primary_key=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("station.id"), index=True)
    from_node_id: Mapped[int] = mapped_column(ForeignKey("road_node.id"), index=True)
    to_node_id: Mapped[int] = mapped_column(ForeignKey("road_node.id"), index=True)
    osm_way_id: Mapped[int | None] = mapped_column(BigInteger)
    name: Mapped[str | None] = mapped_column(String(100))
    road_class: Mapped[str] = mapped_column(String(32))  # OSM highway=* value
    oneway: Mapped[bool] = mapped_column(Boolean, default=False)
    length_m: Mapped[float] = mapped_column(Double)
    max_speed_kmh: Mapped[float | None] = mapped_column(Double)  # None: speed by road class
    geometry: Mapped[list[list[float]]] = mapped_column(JSON)  # [[lon, lat], ...]


class KeyPlace(Base):
    """重点部位: schools, hospitals, stations and the like."""

    __tablename__ = "key_place"

    id: Mapped[int] = mapped_column(primary_key=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("station.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))  # school, hospital, subway_station …
    name: Mapped[str] = mapped_column(String(200))
    lon: Mapped[float] = mapped_column(Double)
    lat: Mapped[float] = mapped_column(Double)
    grid_id: Mapped[int | None] = mapped_column(ForeignKey("grid.id"))
    osm_id: Mapped[str | None] = mapped_column(String(32))


class StandardAddress(Base):
    """标准地址: the address book used to locate and de-duplicate calls."""

    __tablename__ = "standard_address"
    __table_args__ = (UniqueConstraint("station_id", "normalised_text"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("station.id"), index=True)
    text: Mapped[str] = mapped_column(String(200))
    normalised_text: Mapped[str] = mapped_column(String(200), index=True)
    street: Mapped[str | None] = mapped_column(String(100))
    house_number: Mapped[str | None] = mapped_column(String(32))
    lon: Mapped[float] = mapped_column(Double)
    lat: Mapped[float] = mapped_column(Double)
    grid_id: Mapped[int | None] = mapped_column(ForeignKey("grid.id"), index=True)
    # Pinyin initials of the text ("zsl18" for 中山路18号), so "zsl18" finds it; filled
    # whenever an address is written (the builder, an import) and by migration 0003.
    search_initials: Mapped[str | None] = mapped_column(
        String(200), default=lambda context: initials(context.get_current_parameters()["text"])
    )


class Team(Base):
    """A team of the rotation (e.g. one of five in 五班三运转)."""

    __tablename__ = "team"
    __table_args__ = (UniqueConstraint("station_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("station.id"), index=True)
    code: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(100))

    officers: Mapped[list[Officer]] = relationship(back_populates="team")


class Officer(Base):
    __tablename__ = "officer"
    __table_args__ = (_one_of("role", OfficerRole),)

    id: Mapped[int] = mapped_column(primary_key=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("station.id"), index=True)
    badge_number: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(50))
    role: Mapped[str] = mapped_column(String(16))  # OfficerRole
    skills: Mapped[list[str]] = mapped_column(JSON, default=list)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("team.id"), index=True)
    phone: Mapped[str | None] = mapped_column(String(32), info=SENSITIVE)
    home_address: Mapped[str | None] = mapped_column(String(200), info=SENSITIVE)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    team: Mapped[Team | None] = relationship(back_populates="officers")


class Unit(Base):
    """处警单元: a deployable team on shift. ``version`` guards every status change."""

    __tablename__ = "unit"
    __table_args__ = (_one_of("kind", UnitKind), _one_of("status", UnitStatus))

    id: Mapped[int] = mapped_column(primary_key=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("station.id"), index=True)
    call_sign: Mapped[str] = mapped_column(String(32), unique=True)
    kind: Mapped[str] = mapped_column(String(16))  # UnitKind
    skills: Mapped[list[str]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(16), default=UnitStatus.OFF_DUTY.value)
    status_since: Mapped[datetime] = mapped_column(UTCDateTime)
    lon: Mapped[float | None] = mapped_column(Double)
    lat: Mapped[float | None] = mapped_column(Double)
    heading_deg: Mapped[float | None] = mapped_column(Double)
    position_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    home_grid_id: Mapped[int | None] = mapped_column(ForeignKey("grid.id"))
    current_incident_id: Mapped[int | None] = mapped_column(ForeignKey("incident.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)

    crew: Mapped[list[UnitCrew]] = relationship(back_populates="unit", cascade="all, delete-orphan")


class UnitCrew(Base):
    __tablename__ = "unit_crew"

    unit_id: Mapped[int] = mapped_column(
        ForeignKey("unit.id", ondelete="CASCADE"), primary_key=True
    )
    officer_id: Mapped[int] = mapped_column(ForeignKey("officer.id"), primary_key=True)
    is_leader: Mapped[bool] = mapped_column(Boolean, default=False)

    unit: Mapped[Unit] = relationship(back_populates="crew")
    officer: Mapped[Officer] = relationship()


class Category(Base):
    """警情类别: the station-editable category dictionary (top level and subtypes)."""

    __tablename__ = "category"
    __table_args__ = (_one_of("default_priority", Priority),)

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    parent_code: Mapped[str | None] = mapped_column(ForeignKey("category.code"))
    name_zh: Mapped[str] = mapped_column(String(50))
    name_en: Mapped[str] = mapped_column(String(80))
    apco_type: Mapped[str | None] = mapped_column(String(80))  # nearest APCO 2.103 type
    default_priority: Mapped[str] = mapped_column(String(16), default=Priority.NORMAL.value)
    police_matter: Mapped[bool] = mapped_column(Boolean, default=True)  # False: divert to 12345
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Incident(Base):
    """警情. Transition timestamps are written by the lifecycle, never typed."""

    __tablename__ = "incident"
    __table_args__ = (
        _one_of("source", IncidentSource),
        _one_of("priority", Priority),
        _one_of("status", IncidentStatus),
        CheckConstraint(
            "satisfaction IS NULL OR satisfaction IN ("
            + ", ".join(f"'{s.value}'" for s in Satisfaction)
            + ")",
            name="satisfaction_valid",
        ),
        Index("ix_incident_status_received", "status", "received_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("station.id"), index=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)  # first ring
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # call picked up
    entered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    source: Mapped[str] = mapped_column(String(16))
    caller_name: Mapped[str | None] = mapped_column(String(50), info=SENSITIVE)
    caller_phone: Mapped[str | None] = mapped_column(String(32), index=True, info=SENSITIVE)
    address_text: Mapped[str | None] = mapped_column(String(200))
    address_id: Mapped[int | None] = mapped_column(ForeignKey("standard_address.id"))
    lon: Mapped[float | None] = mapped_column(Double)
    lat: Mapped[float | None] = mapped_column(Double)
    grid_id: Mapped[int | None] = mapped_column(ForeignKey("grid.id"), index=True)
    category_code: Mapped[str] = mapped_column(ForeignKey("category.code"), index=True)
    priority: Mapped[str] = mapped_column(String(16))
    narrative: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default=IncidentStatus.RECEIVED.value)
    arrival_deadline: Mapped[datetime | None] = mapped_column(UTCDateTime)
    first_dispatched_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    first_arrived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    disposition_code: Mapped[str | None] = mapped_column(String(32))
    called_back_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    satisfaction: Mapped[str | None] = mapped_column(String(20))
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("incident.id"))
    # How many units short of its run card the officer accepted (a waiver; its reason is on
    # the timeline); None: no waiver. See console.domain.recommend.CardProgress.
    units_short_waived: Mapped[int | None] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer, default=1)

    events: Mapped[list[IncidentEvent]] = relationship(
        back_populates="incident", order_by="IncidentEvent.at", cascade="all, delete-orphan"
    )
    assignments: Mapped[list[Assignment]] = relationship(
        back_populates="incident", cascade="all, delete-orphan"
    )


class IncidentEvent(Base):
    """One line of an incident's timeline (status change, note, call, link …)."""

    __tablename__ = "incident_event"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    incident_id: Mapped[int] = mapped_column(
        ForeignKey("incident.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    kind: Mapped[str] = mapped_column(String(32))
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str | None] = mapped_column(String(16))
    actor_user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    incident: Mapped[Incident] = relationship(back_populates="events")


class Assignment(Base):
    """A unit ordered to an incident, in a reinforcement tier (1 全科, 2 专科, 3 分局支援)."""

    __tablename__ = "assignment"
    __table_args__ = (CheckConstraint("tier BETWEEN 1 AND 3", name="tier_valid"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    incident_id: Mapped[int] = mapped_column(
        ForeignKey("incident.id", ondelete="CASCADE"), index=True
    )
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    tier: Mapped[int] = mapped_column(Integer, default=1)
    ordered_at: Mapped[datetime] = mapped_column(UTCDateTime)
    arrived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cleared_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ordered_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))

    incident: Mapped[Incident] = relationship(back_populates="assignments")
    unit: Mapped[Unit] = relationship()


class ShiftType(Base):
    __tablename__ = "shift_type"
    __table_args__ = (UniqueConstraint("station_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("station.id"), index=True)
    code: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(50))
    start_minute: Mapped[int] = mapped_column(Integer)  # minutes after local midnight
    duration_min: Mapped[int] = mapped_column(Integer)
    is_night: Mapped[bool] = mapped_column(Boolean, default=False)
    colour: Mapped[str | None] = mapped_column(String(9))


class Roster(Base):
    __tablename__ = "roster"
    __table_args__ = (_one_of("status", RosterStatus),)

    id: Mapped[int] = mapped_column(primary_key=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("station.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default=RosterStatus.DRAFT.value)
    approved_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The roster problem (resources/roster/roster-problem.schema.json) the entries answer,
    # so edits are checked against the same rules, and the solver's summary.
    problem: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    solve_summary: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    entries: Mapped[list[RosterEntry]] = relationship(
        back_populates="roster", cascade="all, delete-orphan"
    )


class RosterEntry(Base):
    __tablename__ = "roster_entry"
    __table_args__ = (UniqueConstraint("roster_id", "officer_id", "day", "shift_type_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    roster_id: Mapped[int] = mapped_column(ForeignKey("roster.id", ondelete="CASCADE"), index=True)
    officer_id: Mapped[int] = mapped_column(ForeignKey("officer.id"), index=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    shift_type_id: Mapped[int] = mapped_column(ForeignKey("shift_type.id"))
    post: Mapped[str | None] = mapped_column(String(32))  # e.g. commander, street, desk
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))

    roster: Mapped[Roster] = relationship(back_populates="entries")


class Handover(Base):
    """交接班: the report of one shift change, confirmed by the outgoing and incoming officers."""

    __tablename__ = "handover"
    __table_args__ = (UniqueConstraint("station_id", "shift_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("station.id"), index=True)
    shift_start: Mapped[datetime] = mapped_column(UTCDateTime)  # the incoming shift's start
    shift_type_id: Mapped[int | None] = mapped_column(ForeignKey("shift_type.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    report: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    notes: Mapped[str] = mapped_column(Text, default="")
    outgoing_user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    outgoing_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    incoming_user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    incoming_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)


class AppUser(Base):
    """A person who signs in to the console (duty officer, commander, chief, admin)."""

    __tablename__ = "app_user"
    __table_args__ = (_one_of("role", UserRole),)

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(50), unique=True)
    display_name: Mapped[str] = mapped_column(String(50))
    role: Mapped[str] = mapped_column(String(16))
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("officer.id"))
    password_hash: Mapped[str | None] = mapped_column(String(200), info=SENSITIVE)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class AuditEntry(Base):
    """One link of the audit chain: ``hash`` covers this entry and ``prev_hash``."""

    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor_user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    actor_name: Mapped[str] = mapped_column(String(50))
    action: Mapped[str] = mapped_column(String(64))
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str | None] = mapped_column(String(32))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)


class Change(Base):
    """The change feed: one row per entity touched by a committed service transaction."""

    __tablename__ = "change"

    seq: Mapped[int] = mapped_column(BigId, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(16))  # insert, update, delete
    origin: Mapped[str | None] = mapped_column(String(64))  # workstation that made it
