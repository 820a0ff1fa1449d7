"""standard address: pinyin initials for search

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-08 09:00:00.000000
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

_BATCH = 2000


def upgrade() -> None:
    with op.batch_alter_table('standard_address', schema=None) as batch_op:
        batch_op.add_column(sa.Column('search_initials', sa.String(length=200), nullable=True))

    # Fill the addresses already in the book (the same function the console writes with).
    from console.domain.addresses import initials

    table = sa.table(
        'standard_address',
        sa.column('id', sa.Integer),
        sa.column('text', sa.String),
        sa.column('search_initials', sa.String),
    )
    conn = op.get_bind()
    rows = conn.execute(sa.select(table.c.id, table.c.text)).all()
    for start in range(0, len(rows), _BATCH):
        chunk = rows[start : start + _BATCH]
        conn.execute(
            table.update()
            .where(table.c.id == sa.bindparam('row_id'))
            .values(search_initials=sa.bindparam('value')),
            [{'row_id': row_id, 'value': initials(text)} for row_id, text in chunk],
        )


def downgrade() -> None:
    with op.batch_alter_table('standard_address', schema=None) as batch_op:
        batch_op.drop_column('search_initials')
