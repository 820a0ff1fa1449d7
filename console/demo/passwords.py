"""The demo station's sign-in passwords (documented in the README; never for a real station)."""

from __future__ import annotations

import hashlib

from sqlalchemy import update
from sqlalchemy.orm import Session

from console.services.accounts import hash_password
from console.store.models import AppUser

DEMO_PASSWORDS = {
    "duty": "demo-duty-2026",  # 值班员, the built-in user
    "duty2": "demo-duty2-2026",  # 值班员（二）
    "chief": "demo-chief-2026",  # 所长
}


def set_demo_passwords(session: Session) -> None:
    """Give the demo's users their passwords (argon2 with the library's default cost:
    three hashes, about half a second). The passwords are public, so each salt comes from
    the user name: the same seed still builds the same store."""
    for username, password in DEMO_PASSWORDS.items():
        salt = hashlib.sha256(f"console demo {username}".encode()).digest()[:16]
        session.execute(
            update(AppUser)
            .where(AppUser.username == username)
            .values(password_hash=hash_password(password, salt=salt))
        )
