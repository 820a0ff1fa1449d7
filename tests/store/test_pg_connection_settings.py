"""PostgreSQL connections notice a peer that vanished without closing the socket."""

from __future__ import annotations

from console.store.engine import PG_DEAD_PEER_SETTINGS, make_engine, normalise_url


def test_store_connections_carry_keepalives_and_a_tcp_user_timeout(empty_pg_url):
    engine = make_engine(normalise_url(empty_pg_url))
    try:
        with engine.connect() as conn:
            params = conn.connection.driver_connection.info.get_parameters()
    finally:
        engine.dispose()
    for name, value in PG_DEAD_PEER_SETTINGS.items():
        assert params.get(name) == str(value), (name, params)
