"""row versions: optimistic versioning of every edited table (several PCs on one server)

Each edited row counts its updates in `version`; a save names the version its form was filled
from, so a change someone else saved meanwhile is refused instead of overwritten. Existing rows
start at 1.

Revision ID: 0012_row_versions
Revises: 0011_plans
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0012_row_versions"
down_revision = "0011_plans"
branch_labels = None
depends_on = None

VERSIONED_TABLES = (
    "body",
    "member_organisation",
    "person",
    "officer_term",
    "committee",
    "account_category",
    "budget_version",
    "budget_line",
    "ledger_entry",
    "project",
    "meeting",
    "evaluation",
    "evaluation_grade",
    "room",
    "facility_user",
    "booking",
    "year_plan",
    "budget_draft_line",
    "officer_proposal",
    "meeting_motion",
)


def upgrade() -> None:
    for table in VERSIONED_TABLES:
        op.add_column(table, sa.Column("version", sa.Integer(), server_default=sa.text("1"), nullable=False))


def downgrade() -> None:
    for table in reversed(VERSIONED_TABLES):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("version")
