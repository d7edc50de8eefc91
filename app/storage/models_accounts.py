"""管理費: categories (費目), budgets with 補正 versions, the cash book (現金出納簿), year closings."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.domain.bookkeeping import entry_kind_label
from app.domain.directions import DIRECTION_LABELS
from app.storage.base import Base, Timestamped, Versioned
from app.storage.history import Audited


class Category(Versioned, Audited, Timestamped, Base):
    """An income or expense category. Retired rather than deleted once entries use it."""

    __tablename__ = "account_category"
    __label__ = "費目"
    __field_labels__ = {"name": "費目名", "kind": "区分", "sort_order": "並び順", "retired": "廃止"}
    __value_labels__ = {"kind": DIRECTION_LABELS}

    id: Mapped[int] = mapped_column(primary_key=True)
    book_id: Mapped[int] = mapped_column(ForeignKey("account_book.id"), index=True)
    # 款 → 項 → 目: a heading (款・項) groups the rows under it; entries and budgets are on 目
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("account_category.id"), index=True)
    heading: Mapped[bool] = mapped_column(Boolean, default=False)
    kind: Mapped[str] = mapped_column(String(10))  # "income" | "expense"
    name: Mapped[str] = mapped_column(String(60))  # unique among the 目 (and among the headings) of a 会計
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    retired: Mapped[bool] = mapped_column(Boolean, default=False)
    # "carry_forward" marks 前年度繰越金, which year closing writes; "transfer_in"/"transfer_out" the
    # 繰入金/繰出金 of transfers between 会計; "reserve" the 予備費; "" for ordinary categories
    role: Mapped[str] = mapped_column(String(20), default="")


class BudgetVersion(Versioned, Audited, Timestamped, Base):
    """当初予算 (number 0) and 補正予算 第n号 (number n) of a fiscal year; the latest one is in force."""

    __tablename__ = "budget_version"
    __label__ = "予算"
    __table_args__ = (UniqueConstraint("book_id", "year", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    book_id: Mapped[int] = mapped_column(ForeignKey("account_book.id"))
    year: Mapped[int] = mapped_column(ForeignKey("fiscal_year.year"))
    number: Mapped[int] = mapped_column(Integer)
    adopted_on: Mapped[date | None] = mapped_column(Date)  # 議決日
    note: Mapped[str] = mapped_column(Text, default="")


class BudgetLine(Versioned, Audited, Base):
    __tablename__ = "budget_line"
    __label__ = "予算額"
    __field_labels__ = {"amount": "予算額", "note": "備考"}
    __money_fields__ = frozenset({"amount"})
    __table_args__ = (UniqueConstraint("version_id", "category_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("budget_version.id", ondelete="CASCADE"))
    category_id: Mapped[int] = mapped_column(ForeignKey("account_category.id"), index=True)
    amount: Mapped[int] = mapped_column(BigInteger, default=0)
    note: Mapped[str] = mapped_column(Text, default="")  # 備考


class LedgerEntry(Versioned, Audited, Timestamped, Base):
    """One line of the 現金出納簿. `year` is the fiscal year it is booked in: usually the year of
    its date, but April–May entries of the 出納整理期間 may belong to the previous year."""

    __tablename__ = "ledger_entry"
    __label__ = "現金出納簿"
    __field_labels__ = {
        "entry_date": "日付",
        "direction": "区分",
        "category_id": "費目",
        "description": "摘要",
        "counterparty": "相手先",
        "amount": "金額",
        "voucher_no": "証憑番号",
        "payment_method": "支払方法",
        "project_id": "事業",
        "kind": "区分（戻入・戻出・振替）",
    }
    __value_labels__ = {"direction": DIRECTION_LABELS, "source": {"carry_forward": "年度の締め（繰越）"}}
    __value_labels_with__ = {"kind": ("direction", entry_kind_label)}  # 戻入 or 戻出 as its direction says
    __money_fields__ = frozenset({"amount"})
    __table_args__ = (
        UniqueConstraint("year", "voucher_no"),
        # the book's order with what the running balance needs: the window's query reads the index alone
        Index("ix_ledger_entry_book_order", "year", "entry_date", "voucher_no", "id", "account_id", "direction",
              "amount"),
        Index("ix_ledger_entry_account_year", "account_id", "year"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(ForeignKey("fiscal_year.year"))
    entry_date: Mapped[date] = mapped_column(Date)
    # which way the money moved in its 口座: "income" (in) | "expense" (out)
    direction: Mapped[str] = mapped_column(String(10))
    # None only for a transfer between 口座 of one 会計 (neither income nor expense)
    category_id: Mapped[int | None] = mapped_column(ForeignKey("account_category.id"), index=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("money_account.id"))
    # "" ordinary; "refund" 戻入/戻出 (money back that lowers its 費目); "transfer" a half of a Transfer
    kind: Mapped[str] = mapped_column(String(10), default="")
    transfer_id: Mapped[int | None] = mapped_column(
        ForeignKey("ledger_transfer.id", ondelete="CASCADE"), index=True)
    description: Mapped[str] = mapped_column(Text, default="")  # 摘要
    counterparty: Mapped[str] = mapped_column(String(100), default="")  # 相手先
    amount: Mapped[int] = mapped_column(BigInteger)  # whole yen, > 0
    voucher_no: Mapped[int] = mapped_column(Integer)  # 証憑番号, unique within the year
    payment_method: Mapped[str] = mapped_column(String(10), default="現金")  # 現金/口座振替/振込
    source: Mapped[str] = mapped_column(String(20), default="")  # "carry_forward" when closing wrote it
    # the 事業 an expense was spent on: the project's 決算額 becomes the sum of its linked entries
    project_id: Mapped[int | None] = mapped_column(ForeignKey("project.id", ondelete="SET NULL"), index=True)


class YearClosingEvent(Base):
    """Every closing and reopening of a fiscal year, kept with its reason; the latest one decides.
    Each 会計 closes on its own (book_id); an event without one (made before 会計 closed apart)
    applies to every 会計."""

    __tablename__ = "year_closing_event"
    __label__ = "年度の締め"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(ForeignKey("fiscal_year.year"), index=True)
    book_id: Mapped[int | None] = mapped_column(ForeignKey("account_book.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(String(10))  # "close" | "reopen"
    at: Mapped[datetime] = mapped_column(DateTime, server_default=func.current_timestamp())
    reason: Mapped[str] = mapped_column(Text, default="")
    balance: Mapped[int | None] = mapped_column(BigInteger)  # carried forward (close only)
