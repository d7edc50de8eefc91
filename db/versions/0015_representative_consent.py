"""representative consent: 構成団体 say whether their 代表者 agreed to be named in public lists

Public lists (公表用 名簿, the 構成団体 sheet of a submission) show a 代表者 name only with this
consent, else 「（非公表）」. Existing rows start without consent: nothing becomes public by the upgrade.

Revision ID: 0015_representative_consent
Revises: 0014_books
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0015_representative_consent"
down_revision = "0014_books"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "member_organisation",
        sa.Column("representative_consent", sa.Boolean(), server_default=sa.false(), nullable=False),
    )


def downgrade() -> None:
    with op.batch_alter_table("member_organisation") as batch:
        batch.drop_column("representative_consent")
