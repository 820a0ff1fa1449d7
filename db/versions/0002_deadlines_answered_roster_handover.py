"""grid deadlines, call answered time, roster problem, handover

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 03:35:53.877489
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('handover',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('station_id', sa.Integer(), nullable=False),
    sa.Column('shift_start', sa.DateTime(timezone=True), nullable=False),
    sa.Column('shift_type_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('report', sa.JSON(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('outgoing_user_id', sa.Integer(), nullable=True),
    sa.Column('outgoing_confirmed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('incoming_user_id', sa.Integer(), nullable=True),
    sa.Column('incoming_confirmed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['incoming_user_id'], ['app_user.id'], name=op.f('fk_handover_incoming_user_id_app_user')),
    sa.ForeignKeyConstraint(['outgoing_user_id'], ['app_user.id'], name=op.f('fk_handover_outgoing_user_id_app_user')),
    sa.ForeignKeyConstraint(['shift_type_id'], ['shift_type.id'], name=op.f('fk_handover_shift_type_id_shift_type')),
    sa.ForeignKeyConstraint(['station_id'], ['station.id'], name=op.f('fk_handover_station_id_station')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_handover')),
    sa.UniqueConstraint('station_id', 'shift_start', name=op.f('uq_handover_station_id'))
    )
    with op.batch_alter_table('handover', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_handover_station_id'), ['station_id'], unique=False)

    with op.batch_alter_table('grid', schema=None) as batch_op:
        batch_op.add_column(sa.Column('arrival_minutes', sa.JSON(), nullable=True))

    with op.batch_alter_table('incident', schema=None) as batch_op:
        batch_op.add_column(sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True))

    with op.batch_alter_table('roster', schema=None) as batch_op:
        batch_op.add_column(sa.Column('created_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('problem', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('solve_summary', sa.JSON(), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('roster', schema=None) as batch_op:
        batch_op.drop_column('solve_summary')
        batch_op.drop_column('problem')
        batch_op.drop_column('created_at')

    with op.batch_alter_table('incident', schema=None) as batch_op:
        batch_op.drop_column('answered_at')

    with op.batch_alter_table('grid', schema=None) as batch_op:
        batch_op.drop_column('arrival_minutes')

    with op.batch_alter_table('handover', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_handover_station_id'))

    op.drop_table('handover')
