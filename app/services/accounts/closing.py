"""年度の締め: closing carries the balance forward as the next year's 前年度繰越金; a closed year is
read-only until it is reopened with a reason, and every closing and reopening is kept."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain.fiscal_year import FiscalYear
from app.domain.kana import normalize_text
from app.domain.money import format_yen
from app.domain.validation import Problem, ValidationError
from app.services.accounts.common import CARRY_FORWARD, INCOME, ensure_year_record, is_closed
from app.services.accounts.ledger import account_balances_in, year_balance
from app.services.accounts.reconciliation import unreconciled_accounts
from app.services.backups import REASON_YEAR_CLOSE, backup_before_change
from app.services.changes import CLOSING, LEDGER, YEARS, Changes, Result
from app.storage.database import Database
from app.storage.models import Book, Category, LedgerEntry, MoneyAccount, YearClosingEvent


@dataclass(frozen=True)
class ClosingEvent:
    action: str  # "close" | "reopen"
    at: datetime
    reason: str
    balance: int | None

    @property
    def label(self) -> str:
        return "締め" if self.action == "close" else "締めの解除"


@dataclass(frozen=True)
class YearStatus:
    year: FiscalYear
    closed: bool
    balance: int  # 収入合計 − 支出合計 now
    events: list[ClosingEvent]


def year_status(db: Database, year: FiscalYear, *, book_id: int | None = None) -> YearStatus:
    with db.session() as session:
        events = [
            ClosingEvent(e.action, e.at, e.reason, e.balance)
            for e in session.scalars(
                select(YearClosingEvent).where(YearClosingEvent.year == year.year).order_by(YearClosingEvent.id)
            )
        ]
        return YearStatus(year, is_closed(session, year), year_balance(session, year, book_id), events)


def is_year_closed(db: Database, year: FiscalYear) -> bool:
    with db.session() as session:
        return is_closed(session, year)


def closing_warnings(db: Database, year: FiscalYear) -> list[str]:
    """What the 年度締め asks staff to confirm: each 預金 without a matching passbook check at the year end."""
    with db.session() as session:
        return unreconciled_accounts(session, year)


def _carry_forward(session: Session, year: FiscalYear, following: FiscalYear, book: Book) -> int:
    """Write each 口座's balance as its 前年度繰越金 line of the next year (4/1); returns the 会計's total."""
    category = session.scalars(select(Category).where(Category.book_id == book.id,
                                                       Category.role == CARRY_FORWARD)).first()
    accounts = list(session.scalars(select(MoneyAccount).where(MoneyAccount.book_id == book.id)
                                    .order_by(MoneyAccount.sort_order, MoneyAccount.id)))
    balances = account_balances_in(session, year, [a.id for a in accounts])
    if any(balances.values()) and category is None:
        raise ValidationError(f"会計「{book.name}」の費目「前年度繰越金」が見つかりません")
    for account in accounts:
        balance = balances[account.id]
        carried = session.scalars(select(LedgerEntry).where(
            LedgerEntry.year == following.year, LedgerEntry.source == CARRY_FORWARD,
            LedgerEntry.account_id == account.id)).first()
        if balance == 0:
            if carried is not None:
                session.delete(carried)
            continue
        if carried is None:
            number = (session.scalar(
                select(func.max(LedgerEntry.voucher_no)).where(LedgerEntry.year == following.year)
            ) or 0) + 1
            carried = LedgerEntry(year=following.year, voucher_no=number, source=CARRY_FORWARD, kind="",
                                  direction=INCOME, payment_method="現金", counterparty="", account_id=account.id)
            session.add(carried)
        carried.entry_date = following.start
        carried.category_id = category.id
        carried.amount = balance
        carried.description = f"{year.label}より繰越"
    return sum(balances.values())


def _check_balances(session: Session, year: FiscalYear, books: list[Book]) -> None:
    problems = []
    for book in books:
        accounts = list(session.scalars(select(MoneyAccount).where(MoneyAccount.book_id == book.id)))
        balances = account_balances_in(session, year, [a.id for a in accounts])
        total = sum(balances.values())
        if total < 0:
            problems.append(f"{year.label}の残高が{format_yen(total)}です（会計「{book.name}」）。"
                            "支出が収入を上回っているため締められません。記帳を確かめてください。")
            continue
        for a in accounts:
            if balances[a.id] < 0:
                problems.append(f"口座「{a.name}」（会計「{book.name}」）の年度末残高が{format_yen(balances[a.id])}です。"
                                "振替や口座の選び間違いがないか確かめてください。")
    if problems:
        raise ValidationError("\n".join(problems))


def close_year(db: Database, year: FiscalYear, reason: str = "", *, backup: bool = True,
               confirm_warnings: bool = False) -> Result[int]:
    """Close `year` (every 会計) and write each 口座's balance as its 前年度繰越金 income of the next
    year (on 4/1). Returns the balance carried forward (all 会計 together). `closing_warnings` (a
    預金 not reconciled at the year end) must be confirmed with `confirm_warnings`. A 年度締め前
    backup is made once the year can be closed (`backup=False` only where the file is being built,
    as the demo does)."""
    with db.session.begin() as session:
        if is_closed(session, year):
            raise ValidationError(f"{year.label}は既に締められています")
        following = year.next()
        if is_closed(session, following):
            raise ValidationError(
                f"{following.label}が締められているため、繰越金を書き込めません。先に{following.label}の締めを解除してください。"
            )
        books = list(session.scalars(select(Book).order_by(Book.sort_order, Book.id)))
        _check_balances(session, year, books)
        warnings = unreconciled_accounts(session, year)
        if warnings and not confirm_warnings:
            raise ValidationError("次の点を確かめてから締めてください（確認して締めることもできます）:\n"
                                  + "\n".join(warnings))
        if backup:  # nothing written yet in this transaction: the copy is the file as it was
            backup_before_change(db, REASON_YEAR_CLOSE)
        ensure_year_record(session, following)
        balance = sum(_carry_forward(session, year, following, book) for book in books)
        session.add(YearClosingEvent(year=year.year, action="close", reason=normalize_text(reason), balance=balance))
    # the year's state (read-only now), the next year's 前年度繰越金 line, perhaps the next year itself
    return Result(balance, Changes.of(CLOSING) | Changes.of(LEDGER) | Changes.of(YEARS))


def reopen_year(db: Database, year: FiscalYear, reason: str) -> Changes:
    """Make a closed year editable again; the reason is required and kept with the history."""
    clean = normalize_text(reason)
    if not clean:
        raise ValidationError(Problem("reason", "締めを解除する理由を入力してください"))
    with db.session.begin() as session:
        if not is_closed(session, year):
            raise ValidationError(f"{year.label}は締められていません")
        session.add(YearClosingEvent(year=year.year, action="reopen", reason=clean, balance=None))
    return Changes.of(CLOSING)
