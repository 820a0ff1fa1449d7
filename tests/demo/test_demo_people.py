"""The demo's accounts are people of the station: the built-in duty user, the second duty
officer and the chief are 民警 with a name and 警号, so the screens name them (item 9)."""

from __future__ import annotations

from console.services.accounts import list_users
from console.services.rosters import list_rosters
from console.services.station import open_station


def test_the_demo_accounts_have_names_and_badges(demo_store):
    url, _ = demo_store
    ctx = open_station(url)
    try:
        assert ctx.actor.badge and ctx.actor.display_name != "值班员"
        users = {u.username: u for u in list_users(ctx)}
        assert {"duty", "duty2", "chief"} <= set(users)
        assert all(users[n].badge for n in ("duty", "duty2", "chief"))
        assert len({users[n].display_name for n in ("duty", "duty2", "chief")}) == 3
        approved = next(h for h in list_rosters(ctx) if h.approved)
        assert approved.approved_by == users["chief"].display_name
        assert approved.approved_by_badge == users["chief"].badge
    finally:
        ctx.close()
