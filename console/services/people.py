"""Who acted, as a duty officer names them: the person's name and 警号 (badge number).

A signed-in user (AppUser) linked to an officer (AppUser.officer_id) is named by the
officer's name and badge; an account without an officer keeps its own display name and
has no badge. Every screen that says who did something reads it from here."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from console.domain.people import UserRole
from console.store.models import AppUser, Officer

from .context import Actor


@dataclass(frozen=True)
class Person:
    name: str
    badge: str | None = None


def _query():
    return select(
        AppUser.id,
        AppUser.username,
        AppUser.display_name,
        AppUser.role,
        Officer.name,
        Officer.badge_number,
    ).outerjoin(Officer, Officer.id == AppUser.officer_id)


def user_people(s: Session, user_ids: Iterable[int | None] | None = None) -> dict[int, Person]:
    """The people behind ``user_ids`` (every user when None), by user id."""
    query = _query()
    if user_ids is not None:
        wanted = {i for i in user_ids if i is not None}
        if not wanted:
            return {}
        query = query.where(AppUser.id.in_(wanted))
    return {row[0]: Person(row[4] or row[2], row[5]) for row in s.execute(query)}


def actor_for(s: Session, username: str) -> Actor | None:
    """The actor of ``username`` (any state), named as ``user_people`` names them."""
    row = s.execute(_query().where(AppUser.username == username)).first()
    if row is None:
        return None
    return Actor(row[0], row[1], row[4] or row[2], UserRole(row[3]), row[5])
