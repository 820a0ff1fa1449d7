"""Sign-in on both backends: passwords hashed with argon2, one refusal for every wrong
answer, the workstation's actor re-pointed (and the writes after it audited under the new
user), sign out, setting passwords and rehashing old hashes."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from console.domain.people import UserRole
from console.services import accounts
from console.services.accounts import (
    SIGN_IN_REFUSED,
    authenticate,
    list_users,
    set_password,
    sign_in,
    sign_out,
)
from console.services.context import DEMO_USERNAME, Actor
from console.services.station import open_station
from console.services.unit_of_work import ServiceError
from console.store.models import AppUser, AuditEntry

CHIEF_PASSWORD = "chief-pass-2026"


@pytest.fixture
def ctx(small_station_url):
    ctx = open_station(small_station_url)
    with ctx.writing() as s, s.begin():
        s.add_all(
            [
                AppUser(
                    username="chief",
                    display_name="李所长",
                    role=UserRole.CHIEF.value,
                    password_hash=accounts.hash_password(CHIEF_PASSWORD),
                    active=True,
                ),
                AppUser(
                    username="gone",
                    display_name="调走的",
                    role=UserRole.DUTY_OFFICER.value,
                    password_hash=accounts.hash_password("gone-pass-2026"),
                    active=False,
                ),
                AppUser(
                    username="nopass",
                    display_name="没密码",
                    role=UserRole.DUTY_OFFICER.value,
                    active=True,
                ),
            ]
        )
    yield ctx
    ctx.close()


def audit_rows(ctx):
    with ctx.reading() as s:
        return list(s.execute(select(AuditEntry.actor_name, AuditEntry.action, AuditEntry.detail)))


def stored_hash(ctx, username):
    with ctx.reading() as s:
        return s.scalar(select(AppUser.password_hash).where(AppUser.username == username))


def test_hashes_are_argon2_and_salted():
    one, two = accounts.hash_password("same words"), accounts.hash_password("same words")
    assert one.startswith("$argon2id$") and one != two
    assert accounts.verify_password(one, "same words")
    assert not accounts.verify_password(one, "other words")
    assert not accounts.verify_password("not a hash", "same words")


def test_right_password_signs_in_and_later_writes_are_audited_under_the_chief(ctx):
    assert ctx.actor.username == DEMO_USERNAME
    actor = sign_in(ctx, "chief", CHIEF_PASSWORD)
    assert actor.username == "chief" and actor.role is UserRole.CHIEF
    assert ctx.actor == actor  # the workstation's context itself now acts as the chief
    set_password(ctx, "chief", "a-new-chief-pass")  # a write after signing in
    rows = audit_rows(ctx)
    assert ("chief", "user.sign_in", {"previous": DEMO_USERNAME}) in rows
    assert ("chief", "user.set_password", {"username": "chief"}) in rows
    assert authenticate(ctx, "chief", "a-new-chief-pass").username == "chief"


@pytest.mark.parametrize(
    ("username", "password"),
    [
        ("chief", "wrong password"),
        ("nobody", CHIEF_PASSWORD),
        ("gone", "gone-pass-2026"),  # right password, inactive user
        ("nopass", ""),  # no password set: only the built-in duty user may come in so
        ("chief", ""),
    ],
)
def test_every_refusal_says_the_same_and_changes_nothing(ctx, username, password):
    before = (ctx.actor, audit_rows(ctx))
    with pytest.raises(ServiceError) as refused:
        sign_in(ctx, username, password)
    assert refused.value.template == SIGN_IN_REFUSED
    assert str(refused.value) == "Wrong user name or password."
    assert refused.value.params == {}
    assert (ctx.actor, audit_rows(ctx)) == before


def test_the_builtin_duty_user_without_a_password_signs_in_with_an_empty_one(ctx):
    sign_in(ctx, "chief", CHIEF_PASSWORD)
    assert sign_in(ctx, DEMO_USERNAME, "").username == DEMO_USERNAME
    with pytest.raises(ServiceError):
        sign_in(ctx, DEMO_USERNAME, "anything")
    # Once it has a password, the empty one no longer works.
    ctx.actor = Actor(None, "admin", "admin", UserRole.ADMIN)
    set_password(ctx, DEMO_USERNAME, "duty-pass-2026")
    with pytest.raises(ServiceError):
        authenticate(ctx, DEMO_USERNAME, "")
    assert authenticate(ctx, DEMO_USERNAME, "duty-pass-2026").username == DEMO_USERNAME


def test_sign_out_returns_to_the_builtin_duty_user(ctx):
    sign_in(ctx, "chief", CHIEF_PASSWORD)
    actor = sign_out(ctx)
    assert actor.username == DEMO_USERNAME and actor.role is UserRole.DUTY_OFFICER
    assert ctx.actor == actor and actor.user_id is not None
    assert ("chief", "user.sign_out", {}) in audit_rows(ctx)


def test_set_password_checks_length_and_who_asks_and_keeps_secrets_out_of_the_audit(ctx):
    with pytest.raises(ServiceError, match="at least 8"):
        set_password(ctx, DEMO_USERNAME, "short")
    # The duty officer may not set the chief's password.
    with pytest.raises(ServiceError, match="Only an administrator"):
        set_password(ctx, "chief", "takeover-pass")
    assert authenticate(ctx, "chief", CHIEF_PASSWORD).username == "chief"
    ctx.actor = Actor(None, "admin", "admin", UserRole.ADMIN)
    with pytest.raises(ServiceError, match="no user"):
        set_password(ctx, "nobody", "long enough pass")
    set_password(ctx, "nopass", "now-has-one-1")
    new_hash = stored_hash(ctx, "nopass")
    assert new_hash.startswith("$argon2id$")
    for _name, _action, detail in audit_rows(ctx):
        assert "now-has-one-1" not in str(detail) and new_hash not in str(detail)
    assert authenticate(ctx, "nopass", "now-has-one-1").username == "nopass"


def test_list_users_shows_the_active_users(ctx):
    users = {u.username: u for u in list_users(ctx)}
    assert set(users) == {DEMO_USERNAME, "chief", "nopass"}
    assert users["chief"].has_password and users["chief"].role is UserRole.CHIEF
    assert not users[DEMO_USERNAME].has_password


def test_an_old_hash_is_replaced_on_sign_in(ctx):
    weak = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash("old-params-pass")
    with ctx.writing() as s, s.begin():
        s.scalar(select(AppUser).where(AppUser.username == "nopass")).password_hash = weak
    assert authenticate(ctx, "nopass", "old-params-pass").username == "nopass"
    renewed = stored_hash(ctx, "nopass")
    assert renewed != weak and not PasswordHasher().check_needs_rehash(renewed)
    assert ("nopass", "user.rehash", {"username": "nopass"}) in audit_rows(ctx)
    assert authenticate(ctx, "nopass", "old-params-pass").username == "nopass"
