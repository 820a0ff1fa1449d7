"""initial schema: station geography, people, units, incidents, roster, audit, change feed

Revision ID: 0001
Revises: 
Create Date: 2026-11-23 00:59:27.995131
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('category',
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('parent_code', sa.String(length=32), nullable=True),
    sa.Column('name_zh', sa.String(length=50), nullable=False),
    sa.Column('name_en', sa.String(length=80), nullable=False),
    sa.Column('apco_type', sa.String(length=80), nullable=True),
    sa.Column('default_priority', sa.String(length=16), nullable=False),
    sa.Column('police_matter', sa.Boolean(), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.CheckConstraint("default_priority IN ('urgent', 'high', 'normal', 'low')", name=op.f('ck_category_default_priority_valid')),
    sa.ForeignKeyConstraint(['parent_code'], ['category.code'], name=op.f('fk_category_parent_code_category')),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_category'))
    )
    op.create_table('change',
    sa.Column('seq', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('entity', sa.String(length=32), nullable=False),
    sa.Column('entity_id', sa.String(length=32), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('origin', sa.String(length=64), nullable=True),
    sa.PrimaryKeyConstraint('seq', name=op.f('pk_change'))
    )
    op.create_table('station',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('level', sa.String(length=16), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('center_lon', sa.Double(), nullable=True),
    sa.Column('center_lat', sa.Double(), nullable=True),
    sa.Column('data_source', sa.String(length=200), nullable=True),
    sa.Column('data_credit', sa.String(length=200), nullable=True),
    sa.CheckConstraint("level IN ('station', 'branch', 'city')", name=op.f('ck_station_level_valid')),
    sa.ForeignKeyConstraint(['parent_id'], ['station.id'], name=op.f('fk_station_parent_id_station')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_station')),
    sa.UniqueConstraint('code', name=op.f('uq_station_code'))
    )
    op.create_table('grid',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('station_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('boundary', sa.JSON(), nullable=False),
    sa.Column('arrival_target_min', sa.Integer(), nullable=False),
    sa.Column('min_available_units', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['station_id'], ['station.id'], name=op.f('fk_grid_station_id_station')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_grid')),
    sa.UniqueConstraint('station_id', 'code', name=op.f('uq_grid_station_id'))
    )
    with op.batch_alter_table('grid', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_grid_station_id'), ['station_id'], unique=False)

    op.create_table('road_node',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('station_id', sa.Integer(), nullable=False),
    sa.Column('osm_id', sa.BigInteger(), nullable=True),
    sa.Column('lon', sa.Double(), nullable=False),
    sa.Column('lat', sa.Double(), nullable=False),
    sa.ForeignKeyConstraint(['station_id'], ['station.id'], name=op.f('fk_road_node_station_id_station')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_road_node'))
    )
    with op.batch_alter_table('road_node', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_road_node_station_id'), ['station_id'], unique=False)

    op.create_table('shift_type',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('station_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.Column('start_minute', sa.Integer(), nullable=False),
    sa.Column('duration_min', sa.Integer(), nullable=False),
    sa.Column('is_night', sa.Boolean(), nullable=False),
    sa.Column('colour', sa.String(length=9), nullable=True),
    sa.ForeignKeyConstraint(['station_id'], ['station.id'], name=op.f('fk_shift_type_station_id_station')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_shift_type')),
    sa.UniqueConstraint('station_id', 'code', name=op.f('uq_shift_type_station_id'))
    )
    with op.batch_alter_table('shift_type', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_shift_type_station_id'), ['station_id'], unique=False)

    op.create_table('team',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('station_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.ForeignKeyConstraint(['station_id'], ['station.id'], name=op.f('fk_team_station_id_station')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_team')),
    sa.UniqueConstraint('station_id', 'code', name=op.f('uq_team_station_id'))
    )
    with op.batch_alter_table('team', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_team_station_id'), ['station_id'], unique=False)

    op.create_table('key_place',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('station_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('lon', sa.Double(), nullable=False),
    sa.Column('lat', sa.Double(), nullable=False),
    sa.Column('grid_id', sa.Integer(), nullable=True),
    sa.Column('osm_id', sa.String(length=32), nullable=True),
    sa.ForeignKeyConstraint(['grid_id'], ['grid.id'], name=op.f('fk_key_place_grid_id_grid')),
    sa.ForeignKeyConstraint(['station_id'], ['station.id'], name=op.f('fk_key_place_station_id_station')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_key_place'))
    )
    with op.batch_alter_table('key_place', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_key_place_station_id'), ['station_id'], unique=False)

    op.create_table('officer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('station_id', sa.Integer(), nullable=False),
    sa.Column('badge_number', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('skills', sa.JSON(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=True),
    sa.Column('phone', sa.String(length=32), nullable=True),
    sa.Column('home_address', sa.String(length=200), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.CheckConstraint("role IN ('police', 'auxiliary')", name=op.f('ck_officer_role_valid')),
    sa.ForeignKeyConstraint(['station_id'], ['station.id'], name=op.f('fk_officer_station_id_station')),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], name=op.f('fk_officer_team_id_team')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_officer')),
    sa.UniqueConstraint('badge_number', name=op.f('uq_officer_badge_number'))
    )
    with op.batch_alter_table('officer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_officer_station_id'), ['station_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_officer_team_id'), ['team_id'], unique=False)

    op.create_table('road_segment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('station_id', sa.Integer(), nullable=False),
    sa.Column('from_node_id', sa.Integer(), nullable=False),
    sa.Column('to_node_id', sa.Integer(), nullable=False),
    sa.Column('osm_way_id', sa.BigInteger(), nullable=True),
    sa.Column('name', sa.String(length=100), nullable=True),
    sa.Column('road_class', sa.String(length=32), nullable=False),
    sa.Column('oneway', sa.Boolean(), nullable=False),
    sa.Column('length_m', sa.Double(), nullable=False),
    sa.Column('max_speed_kmh', sa.Double(), nullable=True),
    sa.Column('geometry', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['from_node_id'], ['road_node.id'], name=op.f('fk_road_segment_from_node_id_road_node')),
    sa.ForeignKeyConstraint(['station_id'], ['station.id'], name=op.f('fk_road_segment_station_id_station')),
    sa.ForeignKeyConstraint(['to_node_id'], ['road_node.id'], name=op.f('fk_road_segment_to_node_id_road_node')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_road_segment'))
    )
    with op.batch_alter_table('road_segment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_road_segment_from_node_id'), ['from_node_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_road_segment_station_id'), ['station_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_road_segment_to_node_id'), ['to_node_id'], unique=False)

    op.create_table('standard_address',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('station_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.String(length=200), nullable=False),
    sa.Column('normalised_text', sa.String(length=200), nullable=False),
    sa.Column('street', sa.String(length=100), nullable=True),
    sa.Column('house_number', sa.String(length=32), nullable=True),
    sa.Column('lon', sa.Double(), nullable=False),
    sa.Column('lat', sa.Double(), nullable=False),
    sa.Column('grid_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['grid_id'], ['grid.id'], name=op.f('fk_standard_address_grid_id_grid')),
    sa.ForeignKeyConstraint(['station_id'], ['station.id'], name=op.f('fk_standard_address_station_id_station')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_standard_address')),
    sa.UniqueConstraint('station_id', 'normalised_text', name=op.f('uq_standard_address_station_id'))
    )
    with op.batch_alter_table('standard_address', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_standard_address_grid_id'), ['grid_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_standard_address_normalised_text'), ['normalised_text'], unique=False)
        batch_op.create_index(batch_op.f('ix_standard_address_station_id'), ['station_id'], unique=False)

    op.create_table('app_user',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=50), nullable=False),
    sa.Column('display_name', sa.String(length=50), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('officer_id', sa.Integer(), nullable=True),
    sa.Column('password_hash', sa.String(length=200), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.CheckConstraint("role IN ('duty_officer', 'commander', 'chief', 'admin')", name=op.f('ck_app_user_role_valid')),
    sa.ForeignKeyConstraint(['officer_id'], ['officer.id'], name=op.f('fk_app_user_officer_id_officer')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_app_user')),
    sa.UniqueConstraint('username', name=op.f('uq_app_user_username'))
    )
    op.create_table('incident',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('station_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=20), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('entered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('caller_name', sa.String(length=50), nullable=True),
    sa.Column('caller_phone', sa.String(length=32), nullable=True),
    sa.Column('address_text', sa.String(length=200), nullable=True),
    sa.Column('address_id', sa.Integer(), nullable=True),
    sa.Column('lon', sa.Double(), nullable=True),
    sa.Column('lat', sa.Double(), nullable=True),
    sa.Column('grid_id', sa.Integer(), nullable=True),
    sa.Column('category_code', sa.String(length=32), nullable=False),
    sa.Column('priority', sa.String(length=16), nullable=False),
    sa.Column('narrative', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('arrival_deadline', sa.DateTime(timezone=True), nullable=True),
    sa.Column('first_dispatched_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('first_arrived_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('disposition_code', sa.String(length=32), nullable=True),
    sa.Column('called_back_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('satisfaction', sa.String(length=20), nullable=True),
    sa.Column('duplicate_of_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("priority IN ('urgent', 'high', 'normal', 'low')", name=op.f('ck_incident_priority_valid')),
    sa.CheckConstraint("satisfaction IS NULL OR satisfaction IN ('satisfied', 'fairly_satisfied', 'dissatisfied')", name=op.f('ck_incident_satisfaction_valid')),
    sa.CheckConstraint("source IN ('call_110', 'walk_in', 'phone', 'sensor', 'transfer_in')", name=op.f('ck_incident_source_valid')),
    sa.CheckConstraint("status IN ('received', 'dispatched', 'on_scene', 'closed', 'called_back', 'diverted', 'transferred', 'escalated')", name=op.f('ck_incident_status_valid')),
    sa.ForeignKeyConstraint(['address_id'], ['standard_address.id'], name=op.f('fk_incident_address_id_standard_address')),
    sa.ForeignKeyConstraint(['category_code'], ['category.code'], name=op.f('fk_incident_category_code_category')),
    sa.ForeignKeyConstraint(['duplicate_of_id'], ['incident.id'], name=op.f('fk_incident_duplicate_of_id_incident')),
    sa.ForeignKeyConstraint(['grid_id'], ['grid.id'], name=op.f('fk_incident_grid_id_grid')),
    sa.ForeignKeyConstraint(['station_id'], ['station.id'], name=op.f('fk_incident_station_id_station')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_incident')),
    sa.UniqueConstraint('number', name=op.f('uq_incident_number'))
    )
    with op.batch_alter_table('incident', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_incident_caller_phone'), ['caller_phone'], unique=False)
        batch_op.create_index(batch_op.f('ix_incident_category_code'), ['category_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_incident_grid_id'), ['grid_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_incident_received_at'), ['received_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_incident_station_id'), ['station_id'], unique=False)
        batch_op.create_index('ix_incident_status_received', ['status', 'received_at'], unique=False)

    op.create_table('audit_entry',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor_user_id', sa.Integer(), nullable=True),
    sa.Column('actor_name', sa.String(length=50), nullable=False),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('entity', sa.String(length=32), nullable=False),
    sa.Column('entity_id', sa.String(length=32), nullable=True),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['actor_user_id'], ['app_user.id'], name=op.f('fk_audit_entry_actor_user_id_app_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_entry')),
    sa.UniqueConstraint('hash', name=op.f('uq_audit_entry_hash'))
    )
    op.create_table('incident_event',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('incident_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('from_status', sa.String(length=16), nullable=True),
    sa.Column('to_status', sa.String(length=16), nullable=True),
    sa.Column('actor_user_id', sa.Integer(), nullable=True),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['actor_user_id'], ['app_user.id'], name=op.f('fk_incident_event_actor_user_id_app_user')),
    sa.ForeignKeyConstraint(['incident_id'], ['incident.id'], name=op.f('fk_incident_event_incident_id_incident'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_incident_event'))
    )
    with op.batch_alter_table('incident_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_incident_event_incident_id'), ['incident_id'], unique=False)

    op.create_table('roster',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('station_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('approved_by_user_id', sa.Integer(), nullable=True),
    sa.Column('approved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("status IN ('draft', 'approved')", name=op.f('ck_roster_status_valid')),
    sa.ForeignKeyConstraint(['approved_by_user_id'], ['app_user.id'], name=op.f('fk_roster_approved_by_user_id_app_user')),
    sa.ForeignKeyConstraint(['station_id'], ['station.id'], name=op.f('fk_roster_station_id_station')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_roster'))
    )
    with op.batch_alter_table('roster', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_roster_station_id'), ['station_id'], unique=False)

    op.create_table('unit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('station_id', sa.Integer(), nullable=False),
    sa.Column('call_sign', sa.String(length=32), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('skills', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('status_since', sa.DateTime(timezone=True), nullable=False),
    sa.Column('lon', sa.Double(), nullable=True),
    sa.Column('lat', sa.Double(), nullable=True),
    sa.Column('heading_deg', sa.Double(), nullable=True),
    sa.Column('position_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('home_grid_id', sa.Integer(), nullable=True),
    sa.Column('current_incident_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("kind IN ('car', 'foot', 'one_plus_three', 'falcon')", name=op.f('ck_unit_kind_valid')),
    sa.CheckConstraint("status IN ('available', 'patrolling', 'dispatched', 'en_route', 'on_scene', 'busy', 'off_duty', 'on_loan')", name=op.f('ck_unit_status_valid')),
    sa.ForeignKeyConstraint(['current_incident_id'], ['incident.id'], name=op.f('fk_unit_current_incident_id_incident')),
    sa.ForeignKeyConstraint(['home_grid_id'], ['grid.id'], name=op.f('fk_unit_home_grid_id_grid')),
    sa.ForeignKeyConstraint(['station_id'], ['station.id'], name=op.f('fk_unit_station_id_station')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_unit')),
    sa.UniqueConstraint('call_sign', name=op.f('uq_unit_call_sign'))
    )
    with op.batch_alter_table('unit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_unit_station_id'), ['station_id'], unique=False)

    op.create_table('assignment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('incident_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('tier', sa.Integer(), nullable=False),
    sa.Column('ordered_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('arrived_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('cleared_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('cancelled_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('ordered_by_user_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('tier BETWEEN 1 AND 3', name=op.f('ck_assignment_tier_valid')),
    sa.ForeignKeyConstraint(['incident_id'], ['incident.id'], name=op.f('fk_assignment_incident_id_incident'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['ordered_by_user_id'], ['app_user.id'], name=op.f('fk_assignment_ordered_by_user_id_app_user')),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_assignment_unit_id_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assignment'))
    )
    with op.batch_alter_table('assignment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assignment_incident_id'), ['incident_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_assignment_unit_id'), ['unit_id'], unique=False)

    op.create_table('roster_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('roster_id', sa.Integer(), nullable=False),
    sa.Column('officer_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('shift_type_id', sa.Integer(), nullable=False),
    sa.Column('post', sa.String(length=32), nullable=True),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['officer_id'], ['officer.id'], name=op.f('fk_roster_entry_officer_id_officer')),
    sa.ForeignKeyConstraint(['roster_id'], ['roster.id'], name=op.f('fk_roster_entry_roster_id_roster'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['shift_type_id'], ['shift_type.id'], name=op.f('fk_roster_entry_shift_type_id_shift_type')),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_roster_entry_unit_id_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_roster_entry')),
    sa.UniqueConstraint('roster_id', 'officer_id', 'day', 'shift_type_id', name=op.f('uq_roster_entry_roster_id'))
    )
    with op.batch_alter_table('roster_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_roster_entry_day'), ['day'], unique=False)
        batch_op.create_index(batch_op.f('ix_roster_entry_officer_id'), ['officer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_roster_entry_roster_id'), ['roster_id'], unique=False)

    op.create_table('unit_crew',
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('officer_id', sa.Integer(), nullable=False),
    sa.Column('is_leader', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['officer_id'], ['officer.id'], name=op.f('fk_unit_crew_officer_id_officer')),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_unit_crew_unit_id_unit'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('unit_id', 'officer_id', name=op.f('pk_unit_crew'))
    )


def downgrade() -> None:
    op.drop_table('unit_crew')
    with op.batch_alter_table('roster_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_roster_entry_roster_id'))
        batch_op.drop_index(batch_op.f('ix_roster_entry_officer_id'))
        batch_op.drop_index(batch_op.f('ix_roster_entry_day'))

    op.drop_table('roster_entry')
    with op.batch_alter_table('assignment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assignment_unit_id'))
        batch_op.drop_index(batch_op.f('ix_assignment_incident_id'))

    op.drop_table('assignment')
    with op.batch_alter_table('unit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_unit_station_id'))

    op.drop_table('unit')
    with op.batch_alter_table('roster', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_roster_station_id'))

    op.drop_table('roster')
    with op.batch_alter_table('incident_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_incident_event_incident_id'))

    op.drop_table('incident_event')
    op.drop_table('audit_entry')
    with op.batch_alter_table('incident', schema=None) as batch_op:
        batch_op.drop_index('ix_incident_status_received')
        batch_op.drop_index(batch_op.f('ix_incident_station_id'))
        batch_op.drop_index(batch_op.f('ix_incident_received_at'))
        batch_op.drop_index(batch_op.f('ix_incident_grid_id'))
        batch_op.drop_index(batch_op.f('ix_incident_category_code'))
        batch_op.drop_index(batch_op.f('ix_incident_caller_phone'))

    op.drop_table('incident')
    op.drop_table('app_user')
    with op.batch_alter_table('standard_address', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_standard_address_station_id'))
        batch_op.drop_index(batch_op.f('ix_standard_address_normalised_text'))
        batch_op.drop_index(batch_op.f('ix_standard_address_grid_id'))

    op.drop_table('standard_address')
    with op.batch_alter_table('road_segment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_road_segment_to_node_id'))
        batch_op.drop_index(batch_op.f('ix_road_segment_station_id'))
        batch_op.drop_index(batch_op.f('ix_road_segment_from_node_id'))

    op.drop_table('road_segment')
    with op.batch_alter_table('officer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_officer_team_id'))
        batch_op.drop_index(batch_op.f('ix_officer_station_id'))

    op.drop_table('officer')
    with op.batch_alter_table('key_place', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_key_place_station_id'))

    op.drop_table('key_place')
    with op.batch_alter_table('team', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_team_station_id'))

    op.drop_table('team')
    with op.batch_alter_table('shift_type', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_shift_type_station_id'))

    op.drop_table('shift_type')
    with op.batch_alter_table('road_node', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_road_node_station_id'))

    op.drop_table('road_node')
    with op.batch_alter_table('grid', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_grid_station_id'))

    op.drop_table('grid')
    op.drop_table('station')
    op.drop_table('change')
    op.drop_table('category')
