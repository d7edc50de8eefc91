"""facility: rooms (貸館), their users, bookings and the centre's closed days

Revision ID: 0010_facility
Revises: 0008_links
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0010_facility"
down_revision = "0008_links"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "facility_year_note",
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("maintenance", sa.Text(), nullable=False),
        sa.Column("voices", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.Column("updated_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.PrimaryKeyConstraint("year", name=op.f("pk_facility_year_note")),
    )
    op.create_table(
        "closed_day",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("reason", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.Column("updated_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_closed_day")),
    )
    op.create_table(
        "room",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=True),
        sa.Column("slots", sa.String(length=200), nullable=False),
        sa.Column("fee_per_slot", sa.Integer(), nullable=False),
        sa.Column("counts_for_rate", sa.Boolean(), nullable=False),
        sa.Column("retired", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.Column("updated_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_room")),
        sa.UniqueConstraint("name", name=op.f("uq_room_name")),
    )
    op.create_table(
        "facility_user",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("furigana", sa.String(length=200), nullable=False),
        sa.Column("contact_person", sa.String(length=100), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("exemption", sa.String(length=10), nullable=False),
        sa.Column("exemption_reason", sa.String(length=200), nullable=False),
        sa.Column("aliases", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.Column("updated_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["member_organisation.id"],
            name=op.f("fk_facility_user_organisation_id_member_organisation"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_facility_user")),
        sa.UniqueConstraint("name", name=op.f("uq_facility_user_name")),
    )
    with op.batch_alter_table("facility_user", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_facility_user_organisation_id"), ["organisation_id"], unique=False
        )

    op.create_table(
        "booking",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("used_on", sa.Date(), nullable=False),
        sa.Column("room_id", sa.Integer(), nullable=False),
        sa.Column("slot", sa.String(length=20), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(length=200), nullable=False),
        sa.Column("expected_people", sa.Integer(), nullable=True),
        sa.Column("actual_people", sa.Integer(), nullable=True),
        sa.Column("fee", sa.Integer(), nullable=False),
        sa.Column("full_fee", sa.Integer(), nullable=False),
        sa.Column("fee_reason", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("cancelled_on", sa.Date(), nullable=True),
        sa.Column("cancel_reason", sa.String(length=200), nullable=False),
        sa.Column("group_key", sa.String(length=40), nullable=False),
        sa.Column("series_key", sa.String(length=40), nullable=False),
        sa.Column("ledger_entry_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.Column("updated_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.ForeignKeyConstraint(
            ["ledger_entry_id"],
            ["ledger_entry.id"],
            name=op.f("fk_booking_ledger_entry_id_ledger_entry"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(["room_id"], ["room.id"], name=op.f("fk_booking_room_id_room")),
        sa.ForeignKeyConstraint(
            ["user_id"], ["facility_user.id"], name=op.f("fk_booking_user_id_facility_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_booking")),
    )
    with op.batch_alter_table("booking", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_booking_ledger_entry_id"), ["ledger_entry_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_booking_room_id"), ["room_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_booking_used_on"), ["used_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_booking_user_id"), ["user_id"], unique=False)
        batch_op.create_index(
            "uq_booking_room_day_slot",
            ["room_id", "used_on", "slot"],
            unique=True,
            sqlite_where=sa.text("status <> '取消'"),
            postgresql_where=sa.text("status <> '取消'"),
        )


def downgrade() -> None:
    with op.batch_alter_table("booking", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_booking_room_day_slot",
            sqlite_where=sa.text("status <> '取消'"),
            postgresql_where=sa.text("status <> '取消'"),
        )
        batch_op.drop_index(batch_op.f("ix_booking_user_id"))
        batch_op.drop_index(batch_op.f("ix_booking_used_on"))
        batch_op.drop_index(batch_op.f("ix_booking_room_id"))
        batch_op.drop_index(batch_op.f("ix_booking_ledger_entry_id"))

    op.drop_table("booking")
    with op.batch_alter_table("facility_user", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_facility_user_organisation_id"))

    op.drop_table("facility_user")
    op.drop_table("room")
    op.drop_table("closed_day")
    op.drop_table("facility_year_note")
