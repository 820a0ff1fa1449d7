"""Running the Alembic migrations in ``db/`` and checking a store's schema against the code."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import OperationalError

from console.paths import migrations_dir

from .engine import StoreError, describe, first_line

if TYPE_CHECKING:
    from alembic.config import Config

# The newest migration in db/versions. Opening a store compares against this constant, so a
# normal start-up never imports Alembic (about 0.3 s); a test keeps it equal to Alembic's head.
SCHEMA_HEAD = "0004"


def alembic_config(engine: Engine | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    if engine is not None:
        cfg.set_main_option(
            "sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%")
        )
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "db/versions holds no migration"
    return head


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return {rev.revision for rev in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def current_revision(engine: Engine) -> str | None:
    try:
        with engine.connect() as conn:
            if not inspect(conn).has_table("alembic_version"):
                return None
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except OperationalError as exc:
        raise StoreError(
            f"cannot connect to {describe(engine.url)}: {first_line(exc.orig)}"
        ) from None


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision`` in one transaction per step."""
    _refuse_unknown(engine)
    from alembic import command

    cfg = alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def downgrade(engine: Engine, revision: str) -> None:
    from alembic import command

    cfg = alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)


def _refuse_unknown(engine: Engine) -> None:
    current = current_revision(engine)
    if current is None:
        with engine.connect() as conn:
            tables = set(inspect(conn).get_table_names())
        if tables - {"alembic_version"}:
            raise StoreError(f"{describe(engine.url)} is not a station console database")
        return
    if current is not None and current not in known_revisions():
        raise StoreError(
            f"{describe(engine.url)} has schema {current}, newer than this console "
            f"(knows up to {head_revision()}); install the newer console"
        )


def check_schema(engine: Engine) -> None:
    """Refuse a store that is not a console store, or whose schema differs from the code."""
    current = current_revision(engine)
    where = describe(engine.url)
    if current is None:
        with engine.connect() as conn:
            empty = not inspect(conn).get_table_names()
        if empty:
            raise StoreError(f"{where} is empty (set it up with: console db upgrade --db {where})")
        raise StoreError(f"{where} is not a station console database")
    if current == SCHEMA_HEAD:
        return
    _refuse_unknown(engine)
    head = head_revision()
    if current != head:
        raise StoreError(
            f"{where} has an older schema ({current}); upgrade it with: console db upgrade --db {where}"
        )
