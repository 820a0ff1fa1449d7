"""The demo's users sign in with the passwords the README gives, and nothing else."""

from __future__ import annotations

import pytest

from console.demo.passwords import DEMO_PASSWORDS
from console.domain.people import UserRole
from console.services.accounts import authenticate
from console.services.station import open_station
from console.services.unit_of_work import ServiceError


def test_demo_users_have_the_documented_passwords(demo_store):
    url, _ = demo_store
    ctx = open_station(url)
    try:
        roles = {
            name: authenticate(ctx, name, password).role
            for name, password in DEMO_PASSWORDS.items()
        }
        assert roles == {
            "duty": UserRole.DUTY_OFFICER,
            "duty2": UserRole.DUTY_OFFICER,
            "chief": UserRole.CHIEF,
        }
        with pytest.raises(ServiceError):
            authenticate(ctx, "duty", "")  # the demo's duty user has a password
        with pytest.raises(ServiceError):
            authenticate(ctx, "chief", DEMO_PASSWORDS["duty"])
    finally:
        ctx.close()
