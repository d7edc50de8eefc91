"""estimated readings: ふりがな guessed on import are marked 推定 in the 名簿 until staff edit them

Revision ID: 0013_estimated_readings
Revises: 0012_row_versions
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0013_estimated_readings"
down_revision = "0012_row_versions"
branch_labels = None
depends_on = None

TABLES = ("member_organisation", "person")


def upgrade() -> None:
    # a plain ADD COLUMN with a default: every existing row stays, with its reading as typed (not 推定)
    for table in TABLES:
        op.add_column(table, sa.Column("furigana_estimated", sa.Boolean(), server_default=sa.false(),
                                       nullable=False))


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("furigana_estimated")
