"""row versions for 備品 and 流用: their forms save against the version they were filled from

Several PCs edit the 財産目録's 備品 and correct 流用・予備費充用 at once on a server: like the tables of
0012_row_versions and 0019_more_row_versions, each row counts its saves in `version`, so a save
over someone else's is refused instead of overwritten. Existing rows start at 1.

Revision ID: 0020_equipment_move_versions
Revises: 0019_more_row_versions
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0020_equipment_move_versions"
down_revision = "0019_more_row_versions"
branch_labels = None
depends_on = None

VERSIONED_TABLES = ("equipment", "budget_move")


def upgrade() -> None:
    for table in VERSIONED_TABLES:
        op.add_column(table, sa.Column("version", sa.Integer(), server_default=sa.text("1"), nullable=False))


def downgrade() -> None:
    for table in reversed(VERSIONED_TABLES):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("version")
