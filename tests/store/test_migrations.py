"""One migration set, both backends: up, matches the models, down, up again."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from console.store import migrations
from console.store.engine import make_engine, normalise_url
from console.store.models import Base


def _diff(engine):
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        return compare_metadata(ctx, Base.metadata)


def test_upgrade_matches_models_and_downgrade_removes_everything(empty_store_url):
    engine = make_engine(normalise_url(empty_store_url), must_exist=False)
    try:
        migrations.upgrade(engine)
        assert migrations.current_revision(engine) == migrations.head_revision()
        assert _diff(engine) == []  # `alembic check` would find nothing to do
        tables = set(inspect(engine).get_table_names())
        assert set(Base.metadata.tables) <= tables

        migrations.downgrade(engine, "base")
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        assert migrations.current_revision(engine) is None

        migrations.upgrade(engine)
        assert _diff(engine) == []
    finally:
        engine.dispose()


def test_sqlite_store_uses_wal_foreign_keys_and_busy_timeout(empty_sqlite_url):
    engine = make_engine(normalise_url(empty_sqlite_url), must_exist=False)
    try:
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000
    finally:
        engine.dispose()


def test_schema_head_constant_matches_the_migration_scripts():
    assert migrations.head_revision() == migrations.SCHEMA_HEAD
