"""会計 (books) and 口座 (cash and bank accounts, funds), transfers between them, passbook checks,
budget moves (流用・予備費充用) and 備品 for the 財産目録."""

from __future__ import annotations

from datetime import date

from sqlalchemy import BigInteger, Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.domain.bookkeeping import ACCOUNT_KINDS
from app.storage.base import Base, Timestamped, Versioned
from app.storage.history import Audited


class Book(Versioned, Audited, Timestamped, Base):
    """A 会計: 一般会計, 指定管理, 特別会計… Each has its own 費目 tree, budget, entries and settlement."""

    __tablename__ = "account_book"
    __label__ = "会計"
    __field_labels__ = {"name": "会計名", "funded_by_city": "提出対象", "sort_order": "並び順"}

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    # 提出対象: the 会計 the city funds — the submission, 集計 and 自己評価 use it
    funded_by_city: Mapped[bool] = mapped_column(Boolean, default=False)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class MoneyAccount(Versioned, Audited, Timestamped, Base):
    """A 口座 of a 会計: 現金, a bank account (預金) or a fund (積立金・基金). Every entry is in one."""

    __tablename__ = "money_account"
    __label__ = "口座"
    __field_labels__ = {"name": "口座名", "kind": "種類", "bank_name": "金融機関", "branch": "支店",
                        "account_type": "預金種別", "number": "口座番号", "purpose": "目的",
                        "target_year": "目標年度"}
    __value_labels__ = {"kind": ACCOUNT_KINDS}
    __table_args__ = (UniqueConstraint("book_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    book_id: Mapped[int] = mapped_column(ForeignKey("account_book.id"), index=True)
    name: Mapped[str] = mapped_column(String(60))
    kind: Mapped[str] = mapped_column(String(10))  # "cash" | "bank" | "fund"
    bank_name: Mapped[str] = mapped_column(String(60), default="")
    branch: Mapped[str] = mapped_column(String(60), default="")
    account_type: Mapped[str] = mapped_column(String(20), default="")  # 普通 / 当座 / 定期 / 通常貯金
    number: Mapped[str] = mapped_column(String(30), default="")  # masked in public outputs
    purpose: Mapped[str] = mapped_column(Text, default="")  # fund: what the money is set aside for
    target_year: Mapped[int | None] = mapped_column(Integer)  # fund: the fiscal year it is meant for
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class Transfer(Audited, Base):
    """One movement of money between two 口座 (預け入れ, 引き出し, 口座間振替, 積立, 取崩) or two 会計
    (繰入・繰出). Its two halves are ledger entries (one out, one in) that point here."""

    __tablename__ = "ledger_transfer"
    __label__ = "振替"
    __field_labels__ = {"on_date": "日付", "amount": "金額", "from_account_id": "出金する口座",
                        "to_account_id": "入金する口座", "description": "摘要"}
    __money_fields__ = frozenset({"amount"})

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(ForeignKey("fiscal_year.year"), index=True)
    on_date: Mapped[date] = mapped_column(Date)
    amount: Mapped[int] = mapped_column(BigInteger)
    from_account_id: Mapped[int] = mapped_column(ForeignKey("money_account.id"), index=True)
    to_account_id: Mapped[int] = mapped_column(ForeignKey("money_account.id"), index=True)
    description: Mapped[str] = mapped_column(Text, default="")


class PassbookCheck(Audited, Timestamped, Base):
    """通帳との照合: the passbook's balance on a date, as the 監事 and the 会計 read it."""

    __tablename__ = "passbook_check"
    __label__ = "通帳との照合"
    __field_labels__ = {"on_date": "照合日", "balance": "通帳残高", "note": "備考"}
    __money_fields__ = frozenset({"balance"})

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("money_account.id", ondelete="CASCADE"), index=True)
    year: Mapped[int] = mapped_column(ForeignKey("fiscal_year.year"))
    on_date: Mapped[date] = mapped_column(Date)
    balance: Mapped[int] = mapped_column(BigInteger)
    note: Mapped[str] = mapped_column(Text, default="")


class BudgetMove(Versioned, Audited, Timestamped, Base):
    """流用 (between 目 of one 項) or 予備費充用 (from the 予備費 to a 目), with its reason."""

    __tablename__ = "budget_move"
    __label__ = "予算の流用"
    __field_labels__ = {"amount": "金額", "reason": "理由", "on_date": "日付", "kind": "種類",
                        "from_category_id": "流用元の目", "to_category_id": "流用先の目"}
    __money_fields__ = frozenset({"amount"})

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(ForeignKey("fiscal_year.year"), index=True)
    kind: Mapped[str] = mapped_column(String(10))  # "流用" | "予備費充用"
    from_category_id: Mapped[int] = mapped_column(ForeignKey("account_category.id"))
    to_category_id: Mapped[int] = mapped_column(ForeignKey("account_category.id"))
    amount: Mapped[int] = mapped_column(BigInteger)
    on_date: Mapped[date | None] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text, default="")


class SettlementNote(Audited, Base):
    """備考 staff type for a 目 on the 収支決算書 (the budget's 備考 are on its lines)."""

    __tablename__ = "settlement_note"
    __label__ = "決算の備考"
    __table_args__ = (UniqueConstraint("year", "category_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(ForeignKey("fiscal_year.year"))
    category_id: Mapped[int] = mapped_column(ForeignKey("account_category.id", ondelete="CASCADE"))
    note: Mapped[str] = mapped_column(Text, default="")


class Equipment(Versioned, Audited, Timestamped, Base):
    """備品 over the set value, for the 財産目録."""

    __tablename__ = "equipment"
    __label__ = "備品"
    __field_labels__ = {"name": "品名", "bought_on": "購入日", "amount": "金額", "place": "保管場所",
                        "disposed_on": "処分日"}
    __money_fields__ = frozenset({"amount"})

    id: Mapped[int] = mapped_column(primary_key=True)
    book_id: Mapped[int] = mapped_column(ForeignKey("account_book.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    bought_on: Mapped[date | None] = mapped_column(Date)
    amount: Mapped[int] = mapped_column(BigInteger, default=0)
    place: Mapped[str] = mapped_column(String(100), default="")
    disposed_on: Mapped[date | None] = mapped_column(Date)
