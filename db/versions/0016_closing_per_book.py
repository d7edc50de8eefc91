"""closing per book: each 会計 closes (年度の締め) and reopens on its own

year_closing_event gets book_id. Existing events keep no book: they closed every 会計 at once
and still apply to all of them, so every closed year stays closed by the upgrade.

Revision ID: 0016_closing_per_book
Revises: 0015_representative_consent
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0016_closing_per_book"
down_revision = "0015_representative_consent"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("year_closing_event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("book_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_year_closing_event_book_id"), ["book_id"], unique=False)
        batch_op.create_foreign_key(batch_op.f("fk_year_closing_event_book_id_account_book"), "account_book",
                                    ["book_id"], ["id"], ondelete="CASCADE")


def downgrade() -> None:
    with op.batch_alter_table("year_closing_event", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_year_closing_event_book_id_account_book"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_year_closing_event_book_id"))
        batch_op.drop_column("book_id")
