"""submission: editions of the yearly submission and their files

Revision ID: 0006_submission
Revises: 0005_safety
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_submission"
down_revision = "0005_safety"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "submission",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("edition", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("folder", sa.Text(), nullable=False),
        sa.Column("content_sha256", sa.String(length=64), nullable=False),
        sa.Column("data_sha256", sa.String(length=64), nullable=False),
        sa.Column("figures_json", sa.Text(), nullable=False),
        sa.Column("accepted_warnings", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["year"], ["fiscal_year.year"], name=op.f("fk_submission_year_fiscal_year")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_submission")),
        sa.UniqueConstraint("year", "edition", name=op.f("uq_submission_year")),
    )
    with op.batch_alter_table("submission", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_submission_year"), ["year"], unique=False)

    op.create_table(
        "submission_file",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("submission_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["submission_id"],
            ["submission.id"],
            name=op.f("fk_submission_file_submission_id_submission"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_submission_file")),
    )
    with op.batch_alter_table("submission_file", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_submission_file_submission_id"), ["submission_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("submission_file", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_submission_file_submission_id"))

    op.drop_table("submission_file")
    with op.batch_alter_table("submission", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_submission_year"))

    op.drop_table("submission")
