"""links: 担当部会 and a meeting's 部会 to the 名簿's committees, cash-book entries to projects

Revision ID: 0008_links
Revises: 0006_submission
Create Date: 2026-11-29

SQLite adds a column with a foreign key only by copying the table (batch mode). Copying `project`
drops the old table, and with foreign keys on that cascades to its evaluations and their grades,
so they are kept aside in temporary tables and put back. Existing 部会 names are linked where they
match a committee of the register (ignoring character width and spaces); names that match none
stay as text.
"""

import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "0008_links"
down_revision = "0006_submission"
branch_labels = None
depends_on = None

# (table, column, referred table); `project` before ledger_entry refers to it
LINKS = (
    ("project", "committee_id", "committee"),
    ("meeting", "committee_id", "committee"),
    ("ledger_entry", "project_id", "project"),
)
KEPT_ASIDE = ("evaluation", "evaluation_grade")  # rows that dropping `project` would cascade away


def _add_link(table: str, column: str, referred: str) -> None:
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.add_column(sa.Column(column, sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f(f"ix_{table}_{column}"), [column], unique=False)
        batch_op.create_foreign_key(
            batch_op.f(f"fk_{table}_{column}_{referred}"), referred, [column], ["id"], ondelete="SET NULL"
        )


def _key(name: str) -> str:
    return unicodedata.normalize("NFKC", name or "").replace(" ", "").strip()


def _link_committee_names() -> None:
    bind = op.get_bind()
    committees = {
        _key(name): (cid, name) for cid, name in bind.execute(sa.text("SELECT id, name FROM committee"))
    }
    for table in ("project", "meeting"):
        rows = bind.execute(sa.text(f"SELECT id, committee FROM {table} WHERE committee <> ''")).all()
        for row_id, text in rows:
            match = committees.get(_key(text))
            if match is not None:
                bind.execute(
                    sa.text(f"UPDATE {table} SET committee_id = :cid, committee = :name WHERE id = :id"),
                    {"cid": match[0], "name": match[1], "id": row_id},
                )


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        for table in KEPT_ASIDE:
            op.execute(f"CREATE TEMP TABLE kept_{table} AS SELECT * FROM {table}")
    for table, column, referred in LINKS:
        _add_link(table, column, referred)
    if sqlite:
        for table in KEPT_ASIDE:  # parents first; rows that survived are not inserted twice
            op.execute(
                f"INSERT INTO {table} SELECT * FROM temp.kept_{table} "
                f"WHERE id NOT IN (SELECT id FROM {table})"
            )
            op.execute(f"DROP TABLE temp.kept_{table}")
    _link_committee_names()


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        for table in KEPT_ASIDE:
            op.execute(f"CREATE TEMP TABLE kept_{table} AS SELECT * FROM {table}")
    for table, column, referred in reversed(LINKS):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(batch_op.f(f"fk_{table}_{column}_{referred}"), type_="foreignkey")
            batch_op.drop_index(batch_op.f(f"ix_{table}_{column}"))
            batch_op.drop_column(column)
    if sqlite:
        for table in KEPT_ASIDE:
            op.execute(
                f"INSERT INTO {table} SELECT * FROM temp.kept_{table} "
                f"WHERE id NOT IN (SELECT id FROM {table})"
            )
            op.execute(f"DROP TABLE temp.kept_{table}")
