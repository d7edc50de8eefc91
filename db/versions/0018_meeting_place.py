"""meeting place: a meeting's 会場, so that a 総会 entered in advance gives the 議案書's cover its place

Revision ID: 0018_meeting_place
Revises: 0017_book_order_index
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0018_meeting_place"
down_revision = "0017_book_order_index"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # existing meetings keep every value and get an empty 会場
    with op.batch_alter_table("meeting") as batch:
        batch.add_column(sa.Column("place", sa.String(length=200), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("meeting") as batch:
        batch.drop_column("place")
