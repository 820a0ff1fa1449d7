"""Sign-in (登录): who acts at this workstation, proven by a password.

Passwords are stored as argon2id hashes (argon2-cffi, the library's default parameters);
a hash made with older parameters is replaced on the next successful sign-in.

Rules:
- Unknown user, inactive user and wrong password are refused with one and the same message,
  so the dialog never tells which user names exist.
- A user without a password hash cannot sign in, except the built-in duty user (值班员,
  ``DEMO_USERNAME``) with an empty password: a station that never set passwords keeps
  working as before. Once the duty user has a password it is required like anyone else's.
- Signing in re-points the workstation's ``StationContext.actor`` in place, so every pane
  holding the context writes (and is audited) as the new user from then on; signing out
  returns to the built-in duty user.
- Setting a password is done by the user themself or an administrator (the command line
  acts as an administrator: whoever can reach the store can change it anyway). The audit
  entry names the user, never the password or its hash.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import select

from console.domain.people import UserRole
from console.store.models import AppUser

from . import validation as checks
from .context import DEMO_USERNAME, Actor, StationContext
from .messages import QT_TRANSLATE_NOOP
from .people import actor_for, user_people
from .unit_of_work import ServiceError, unit_of_work

MIN_PASSWORD_LENGTH = 8
# argon2 hashes whatever it is given; a cap keeps a pasted novel from costing seconds.
MAX_PASSWORD_LENGTH = 256

USERNAME_CHARS = 50  # AppUser.username

SIGN_IN_REFUSED = QT_TRANSLATE_NOOP("services", "Wrong user name or password.")

_hasher = PasswordHasher()  # library defaults (RFC 9106 low-memory profile)


@dataclass(frozen=True)
class UserChoice:
    """One active user as the sign-in dialog lists them."""

    username: str
    display_name: str  # the person's name (the officer's, when the account is linked)
    role: UserRole
    has_password: bool
    badge: str | None = None  # 警号


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    """An argon2id hash of ``password``, with a random salt: two calls give different
    strings. A fixed ``salt`` is only for the demo's published passwords, so the same seed
    builds the same store byte for byte."""
    return _hasher.hash(password, salt=salt)


def verify_password(password_hash: str, password: str) -> bool:
    """True when ``password`` matches ``password_hash``; False for a mismatch or a damaged hash."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


@cache
def _decoy_hash() -> str:
    # Verified against when the user does not exist, so a refusal takes as long either way.
    return _hasher.hash("decoy password, never stored")


def list_users(ctx: StationContext) -> list[UserChoice]:
    """The active users, by display name: the sign-in dialog's list."""
    with ctx.reading() as s:
        rows = s.execute(
            select(AppUser.id, AppUser.username, AppUser.role, AppUser.password_hash)
            .where(AppUser.active.is_(True))
            .order_by(AppUser.display_name, AppUser.id)
        ).all()
        people = user_people(s, [r.id for r in rows])
        return [
            UserChoice(
                r.username,
                people[r.id].name,
                UserRole(r.role),
                r.password_hash is not None,
                people[r.id].badge,
            )
            for r in rows
        ]


def authenticate(ctx: StationContext, username: str, password: str) -> Actor:
    """The actor ``username`` proves to be with ``password``; ServiceError(SIGN_IN_REFUSED)
    otherwise. Does not change ``ctx`` (see ``sign_in``)."""
    _check_credentials(username, password)
    with ctx.reading() as s:
        user = s.scalar(select(AppUser).where(AppUser.username == username.strip()))
        found = (
            None
            if user is None or not user.active
            else (actor_for(s, user.username), user.password_hash)
        )
    if found is None:
        verify_password(_decoy_hash(), password)
        raise ServiceError(SIGN_IN_REFUSED)
    actor, stored = found
    if stored is None:
        if actor.username == DEMO_USERNAME and password == "":
            return actor
        raise ServiceError(SIGN_IN_REFUSED)
    if not verify_password(stored, password):
        raise ServiceError(SIGN_IN_REFUSED)
    if _hasher.check_needs_rehash(stored):
        _store_hash(dataclasses.replace(ctx, actor=actor), actor.username, password, "user.rehash")
    return actor


def sign_in(ctx: StationContext, username: str, password: str) -> Actor:
    """Authenticate and make the user this workstation's actor; audited as ``user.sign_in``."""
    return switch_actor(ctx, authenticate(ctx, username, password))


def switch_actor(ctx: StationContext, actor: Actor, *, reason: str | None = None) -> Actor:
    """Make ``actor`` — one that ``authenticate`` has just returned, never one built by
    hand — this workstation's actor; audited as ``user.sign_in`` (with ``reason``, e.g.
    the handover that made them the duty officer here)."""
    checks.instance("actor", actor, Actor)
    reason = checks.text("reason", reason, max_len=200, optional=True)
    signed_in = dataclasses.replace(ctx, actor=actor)
    with unit_of_work(signed_in, "user.sign_in", "app_user", actor.user_id) as work:
        work.detail = {"previous": ctx.actor.username}
        if reason:
            work.detail["reason"] = reason
    ctx.actor = actor
    return actor


def _check_credentials(username: object, password: object) -> None:
    checks.text("username", username, max_len=USERNAME_CHARS)
    checks.secret("password", password, max_len=MAX_PASSWORD_LENGTH)


def builtin_actor(ctx: StationContext) -> Actor:
    """The built-in duty user every workstation acts as when nobody is signed in."""
    with ctx.reading() as s:
        actor = actor_for(s, DEMO_USERNAME)
        return actor or Actor(None, DEMO_USERNAME, DEMO_USERNAME, UserRole.DUTY_OFFICER)


def sign_out(ctx: StationContext) -> Actor:
    """Return the workstation to the built-in duty user; audited as ``user.sign_out``."""
    previous = ctx.actor
    if previous.user_id is not None:
        with unit_of_work(ctx, "user.sign_out", "app_user", previous.user_id):
            pass
    ctx.actor = builtin_actor(ctx)
    return ctx.actor


def set_password(ctx: StationContext, username: str, new_password: str) -> None:
    """Give ``username`` a new password (at least MIN_PASSWORD_LENGTH characters). The
    actor must be that user or an administrator."""
    checks.text("username", username, max_len=USERNAME_CHARS, required=True)
    checks.secret("password", new_password, max_len=None)  # the length rules follow
    if len(new_password) < MIN_PASSWORD_LENGTH:
        raise ServiceError(
            QT_TRANSLATE_NOOP("services", "A password needs at least {count} characters."),
            count=MIN_PASSWORD_LENGTH,
        )
    if len(new_password) > MAX_PASSWORD_LENGTH:
        raise ServiceError(
            QT_TRANSLATE_NOOP("services", "A password may have at most {count} characters."),
            count=MAX_PASSWORD_LENGTH,
        )
    if ctx.actor.role is not UserRole.ADMIN and ctx.actor.username != username:
        raise ServiceError(
            QT_TRANSLATE_NOOP("services", "Only an administrator can set another user's password.")
        )
    _store_hash(ctx, username, new_password, "user.set_password")


def _store_hash(ctx: StationContext, username: str, password: str, action: str) -> None:
    new_hash = hash_password(password)  # outside the transaction: hashing takes a while
    with unit_of_work(ctx, action, "app_user") as work:
        user = work.session.scalar(select(AppUser).where(AppUser.username == username))
        if user is None:
            raise ServiceError(
                QT_TRANSLATE_NOOP("services", "There is no user {username}."), username=username
            )
        user.password_hash = new_hash
        work.entity_id = str(user.id)
        work.detail = {"username": username}  # never the password nor its hash
        work.changed("app_user", user.id)
