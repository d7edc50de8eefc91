"""more row versions: 区分, 役職, 評価の視点 and 実施年次指標 count their updates too

Several PCs edit these lists at once on a server: like the tables of 0012_row_versions, each row
counts its saves in `version`, so a save over someone else's is refused instead of overwritten.
Existing rows start at 1.

Revision ID: 0019_more_row_versions
Revises: 0018_meeting_place
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0019_more_row_versions"
down_revision = "0018_meeting_place"
branch_labels = None
depends_on = None

VERSIONED_TABLES = ("member_kind", "office_post", "criteria_set", "rolling_target")


def upgrade() -> None:
    for table in VERSIONED_TABLES:
        op.add_column(table, sa.Column("version", sa.Integer(), server_default=sa.text("1"), nullable=False))


def downgrade() -> None:
    for table in reversed(VERSIONED_TABLES):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("version")
