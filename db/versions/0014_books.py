"""books: 会計, 口座, transfers, refunds, 款・項・目, 流用, passbook checks, 備品

Revision ID: 0014_books
Revises: 0013_estimated_readings
Create Date: 2026-12-01

Existing data becomes one 会計 「一般会計」 with one 口座 「現金」: every entry moves into that 口座,
every budget into that 会計, and the flat 費目 become 目 under one 款 per side (「収入」「支出」).
The 会計 is marked 提出対象 (funded_by_city): until now it was the one book the submission and the
city's 集計 read, and it holds the 指定管理料 beside the body's own activities, so calling it
「指定管理」 would misname the rest. New columns are filled through a temporary server default,
which a second copy of the table removes (the models set the values themselves).
"""

import sqlalchemy as sa
from alembic import op

revision = "0014_books"
down_revision = "0013_estimated_readings"
branch_labels = None
depends_on = None

TABLES_WITH_DEFAULTS = {"account_category": ("book_id", "heading"), "budget_version": ("book_id",),
                        "ledger_entry": ("account_id", "kind")}


def _drop_defaults() -> None:
    for table, columns in TABLES_WITH_DEFAULTS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in columns:
                batch_op.alter_column(column, server_default=None)


def _first_book_and_cash() -> tuple[int, int]:
    """The 一般会計 and its 現金 (ids from the database: a PostgreSQL sequence must count them)."""
    bind = op.get_bind()
    bind.execute(sa.text("INSERT INTO account_book (name, funded_by_city, sort_order) VALUES (:n, :f, 10)"),
                 {"n": "一般会計", "f": True})
    book_id = bind.execute(sa.text("SELECT id FROM account_book WHERE name = :n"), {"n": "一般会計"}).scalar_one()
    bind.execute(sa.text(
        "INSERT INTO money_account (book_id, name, kind, bank_name, branch, account_type, number, purpose,"
        " sort_order) VALUES (:b, :n, 'cash', '', '', '', '', '', 10)"), {"b": book_id, "n": "現金"})
    cash_id = bind.execute(sa.text("SELECT id FROM money_account WHERE book_id = :b"), {"b": book_id}).scalar_one()
    return book_id, cash_id


def _group_under_two_kan(book_id: int) -> None:
    """One 款 per side; every existing 費目 becomes a 目 under it."""
    bind = op.get_bind()
    for kind, name in (("income", "収入"), ("expense", "支出")):
        bind.execute(sa.text(
            "INSERT INTO account_category (book_id, parent_id, heading, kind, name, sort_order, retired, role)"
            " VALUES (:b, NULL, :t, :kind, :name, 0, :f, '')"),
            {"b": book_id, "t": True, "kind": kind, "name": name, "f": False})
        kan = bind.execute(sa.text(
            "SELECT id FROM account_category WHERE kind = :kind AND heading = :t"), {"kind": kind, "t": True}
        ).scalar_one()
        bind.execute(sa.text("UPDATE account_category SET parent_id = :p WHERE kind = :kind AND heading = :f"),
                     {"p": kan, "kind": kind, "f": False})


def upgrade() -> None:
    op.create_table(
        "account_book",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("funded_by_city", sa.Boolean(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.Column("updated_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_book")),
        sa.UniqueConstraint("name", name=op.f("uq_account_book_name")),
    )
    op.create_table(
        "equipment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("book_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("bought_on", sa.Date(), nullable=True),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("place", sa.String(length=100), nullable=False),
        sa.Column("disposed_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.Column("updated_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.ForeignKeyConstraint(
            ["book_id"], ["account_book.id"], name=op.f("fk_equipment_book_id_account_book")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_equipment")),
    )
    with op.batch_alter_table("equipment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_equipment_book_id"), ["book_id"], unique=False)

    op.create_table(
        "money_account",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("book_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("bank_name", sa.String(length=60), nullable=False),
        sa.Column("branch", sa.String(length=60), nullable=False),
        sa.Column("account_type", sa.String(length=20), nullable=False),
        sa.Column("number", sa.String(length=30), nullable=False),
        sa.Column("purpose", sa.Text(), nullable=False),
        sa.Column("target_year", sa.Integer(), nullable=True),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.Column("updated_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.ForeignKeyConstraint(
            ["book_id"], ["account_book.id"], name=op.f("fk_money_account_book_id_account_book")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_money_account")),
        sa.UniqueConstraint("book_id", "name", name=op.f("uq_money_account_book_id")),
    )
    with op.batch_alter_table("money_account", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_money_account_book_id"), ["book_id"], unique=False)

    op.create_table(
        "budget_move",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("from_category_id", sa.Integer(), nullable=False),
        sa.Column("to_category_id", sa.Integer(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("on_date", sa.Date(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.Column("updated_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.ForeignKeyConstraint(
            ["from_category_id"],
            ["account_category.id"],
            name=op.f("fk_budget_move_from_category_id_account_category"),
        ),
        sa.ForeignKeyConstraint(
            ["to_category_id"],
            ["account_category.id"],
            name=op.f("fk_budget_move_to_category_id_account_category"),
        ),
        sa.ForeignKeyConstraint(["year"], ["fiscal_year.year"], name=op.f("fk_budget_move_year_fiscal_year")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_budget_move")),
    )
    with op.batch_alter_table("budget_move", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_budget_move_year"), ["year"], unique=False)

    op.create_table(
        "ledger_transfer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("on_date", sa.Date(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("from_account_id", sa.Integer(), nullable=False),
        sa.Column("to_account_id", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["from_account_id"],
            ["money_account.id"],
            name=op.f("fk_ledger_transfer_from_account_id_money_account"),
        ),
        sa.ForeignKeyConstraint(
            ["to_account_id"],
            ["money_account.id"],
            name=op.f("fk_ledger_transfer_to_account_id_money_account"),
        ),
        sa.ForeignKeyConstraint(
            ["year"], ["fiscal_year.year"], name=op.f("fk_ledger_transfer_year_fiscal_year")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ledger_transfer")),
    )
    with op.batch_alter_table("ledger_transfer", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_ledger_transfer_from_account_id"), ["from_account_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_ledger_transfer_to_account_id"), ["to_account_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_ledger_transfer_year"), ["year"], unique=False)

    op.create_table(
        "passbook_check",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("on_date", sa.Date(), nullable=False),
        sa.Column("balance", sa.BigInteger(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.Column("updated_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["money_account.id"],
            name=op.f("fk_passbook_check_account_id_money_account"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["year"], ["fiscal_year.year"], name=op.f("fk_passbook_check_year_fiscal_year")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_passbook_check")),
    )
    with op.batch_alter_table("passbook_check", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_passbook_check_account_id"), ["account_id"], unique=False)

    op.create_table(
        "settlement_note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["account_category.id"],
            name=op.f("fk_settlement_note_category_id_account_category"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["year"], ["fiscal_year.year"], name=op.f("fk_settlement_note_year_fiscal_year")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_settlement_note")),
        sa.UniqueConstraint("year", "category_id", name=op.f("uq_settlement_note_year")),
    )
    book_id, cash_id = _first_book_and_cash()
    with op.batch_alter_table("account_category", schema=None) as batch_op:
        batch_op.add_column(sa.Column("book_id", sa.Integer(), nullable=False, server_default=str(book_id)))
        batch_op.add_column(sa.Column("parent_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("heading", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.drop_constraint(batch_op.f("uq_account_category_name"), type_="unique")
        batch_op.create_index(batch_op.f("ix_account_category_book_id"), ["book_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_account_category_parent_id"), ["parent_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_account_category_parent_id_account_category"),
            "account_category",
            ["parent_id"],
            ["id"],
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_account_category_book_id_account_book"), "account_book", ["book_id"], ["id"]
        )

    with op.batch_alter_table("budget_version", schema=None) as batch_op:
        batch_op.add_column(sa.Column("book_id", sa.Integer(), nullable=False, server_default=str(book_id)))
        batch_op.drop_constraint(batch_op.f("uq_budget_version_year"), type_="unique")
        batch_op.create_unique_constraint(
            batch_op.f("uq_budget_version_book_id"), ["book_id", "year", "number"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_budget_version_book_id_account_book"), "account_book", ["book_id"], ["id"]
        )

    with op.batch_alter_table("ledger_entry", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("account_id", sa.Integer(), nullable=False, server_default=str(cash_id))
        )
        batch_op.add_column(
            sa.Column("kind", sa.String(length=10), nullable=False, server_default=sa.text("''"))
        )
        batch_op.add_column(sa.Column("transfer_id", sa.Integer(), nullable=True))
        batch_op.alter_column("category_id", existing_type=sa.INTEGER(), nullable=True)
        batch_op.create_index("ix_ledger_entry_account_year", ["account_id", "year"], unique=False)
        batch_op.create_index(batch_op.f("ix_ledger_entry_transfer_id"), ["transfer_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_ledger_entry_account_id_money_account"), "money_account", ["account_id"], ["id"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_ledger_entry_transfer_id_ledger_transfer"),
            "ledger_transfer",
            ["transfer_id"],
            ["id"],
            ondelete="CASCADE",
        )

    _group_under_two_kan(book_id)
    _drop_defaults()


def downgrade() -> None:
    # back to one flat list: transfers and the 款 headings go (a 0008 database knows neither)
    op.execute("DELETE FROM ledger_entry WHERE category_id IS NULL")
    op.execute("UPDATE account_category SET parent_id = NULL")
    op.get_bind().execute(sa.text("DELETE FROM account_category WHERE heading = :t"), {"t": True})
    with op.batch_alter_table("ledger_entry", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_ledger_entry_transfer_id_ledger_transfer"), type_="foreignkey"
        )
        batch_op.drop_constraint(batch_op.f("fk_ledger_entry_account_id_money_account"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_ledger_entry_transfer_id"))
        batch_op.drop_index("ix_ledger_entry_account_year")
        batch_op.alter_column("category_id", existing_type=sa.INTEGER(), nullable=False)
        batch_op.drop_column("transfer_id")
        batch_op.drop_column("kind")
        batch_op.drop_column("account_id")

    with op.batch_alter_table("budget_version", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_budget_version_book_id_account_book"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("uq_budget_version_book_id"), type_="unique")
        batch_op.create_unique_constraint(batch_op.f("uq_budget_version_year"), ["year", "number"])
        batch_op.drop_column("book_id")

    with op.batch_alter_table("account_category", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_account_category_book_id_account_book"), type_="foreignkey")
        batch_op.drop_constraint(
            batch_op.f("fk_account_category_parent_id_account_category"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_account_category_parent_id"))
        batch_op.drop_index(batch_op.f("ix_account_category_book_id"))
        batch_op.create_unique_constraint(batch_op.f("uq_account_category_name"), ["name"])
        batch_op.drop_column("heading")
        batch_op.drop_column("parent_id")
        batch_op.drop_column("book_id")

    op.drop_table("settlement_note")
    with op.batch_alter_table("passbook_check", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_passbook_check_account_id"))

    op.drop_table("passbook_check")
    with op.batch_alter_table("ledger_transfer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ledger_transfer_year"))
        batch_op.drop_index(batch_op.f("ix_ledger_transfer_to_account_id"))
        batch_op.drop_index(batch_op.f("ix_ledger_transfer_from_account_id"))

    op.drop_table("ledger_transfer")
    with op.batch_alter_table("budget_move", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_budget_move_year"))

    op.drop_table("budget_move")
    with op.batch_alter_table("money_account", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_money_account_book_id"))

    op.drop_table("money_account")
    with op.batch_alter_table("equipment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_equipment_book_id"))

    op.drop_table("equipment")
    op.drop_table("account_book")
