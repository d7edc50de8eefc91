"""年度の締め: closing carries the balance forward as the next year's 前年度繰越金; a closed year is
read-only until it is reopened with a reason, and every closing and reopening is kept."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from app.domain.fiscal_year import FiscalYear
from app.domain.kana import normalize_text
from app.domain.money import format_yen
from app.domain.validation import Problem, ValidationError
from app.services.accounts.books import resolve_book
from app.services.accounts.common import CARRY_FORWARD, INCOME, closed_books, ensure_year_record, is_closed
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
    closed: bool  # the 会計 asked about (or, for the year as a whole, every 会計) is closed
    balance: int  # 収入合計 − 支出合計 now
    events: list[ClosingEvent]
    closed_books: tuple[str, ...] = ()  # the names of the 会計 closed so far, in their order
    open_books: tuple[str, ...] = ()


def _books(session: Session) -> list[Book]:
    return list(session.scalars(select(Book).order_by(Book.sort_order, Book.id)))


def year_status(db: Database, year: FiscalYear, *, book_id: int | None = None) -> YearStatus:
    """The year's closing state for one 会計 (its own events and those made for every 会計), or
    with book_id=None for the year as a whole: closed when every 会計 is."""
    with db.session() as session:
        query = select(YearClosingEvent).where(YearClosingEvent.year == year.year)
        if book_id is not None:
            query = query.where(or_(YearClosingEvent.book_id == book_id, YearClosingEvent.book_id.is_(None)))
        events = [ClosingEvent(e.action, e.at, e.reason, e.balance)
                  for e in session.scalars(query.order_by(YearClosingEvent.id))]
        closed = closed_books(session, year)
        books = _books(session)
        return YearStatus(year, is_closed(session, year, book_id), year_balance(session, year, book_id), events,
                          tuple(b.name for b in books if b.id in closed),
                          tuple(b.name for b in books if b.id not in closed))


def is_year_closed(db: Database, year: FiscalYear, *, book_id: int | None = None) -> bool:
    with db.session() as session:
        return is_closed(session, year, book_id)


def closing_warnings(db: Database, year: FiscalYear, *, book_id: int | None = None) -> list[str]:
    """What the 年度締め asks staff to confirm: each 預金 (of the 会計, or of any) without a
    matching passbook check at the year end."""
    with db.session() as session:
        return unreconciled_accounts(session, year, book_id, all_books=book_id is None)


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
        carried.category_id = category.id if category is not None else None  # (not None: checked above)
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


def close_year(db: Database, year: FiscalYear, reason: str = "", *, book_id: int | None = None,
               backup: bool = True, confirm_warnings: bool = False) -> Result[int]:
    """Close `year` for the 会計 `book_id` — or, without one, for every 会計 still open — and write
    each of its 口座's balance as its 前年度繰越金 income of the next year (on 4/1). Returns the
    balance carried forward (of the 会計 closed). `closing_warnings` (a 預金 not reconciled at the
    year end) must be confirmed with `confirm_warnings`. A 年度締め前 backup is made once the year
    can be closed (`backup=False` only where the file is being built, as the demo does)."""
    with db.session.begin() as session:
        closed = closed_books(session, year)
        if book_id is None:
            books = [b for b in _books(session) if b.id not in closed]
            if not books:
                raise ValidationError(f"{year.label}は既に締められています")
        else:
            book = resolve_book(session, book_id)
            if book.id in closed:
                raise ValidationError(f"{year.label}の会計「{book.name}」は既に締められています")
            books = [book]
        following = year.next()
        shut_next = closed_books(session, following) & {b.id for b in books}
        if shut_next:
            raise ValidationError(
                f"{following.label}が締められているため、繰越金を書き込めません。先に{following.label}の締めを解除してください。"
            )
        _check_balances(session, year, books)
        warnings = [w for b in books for w in unreconciled_accounts(session, year, b.id, all_books=False)]
        if warnings and not confirm_warnings:
            raise ValidationError("次の点を確かめてから締めてください（確認して締めることもできます）:\n"
                                  + "\n".join(warnings))
        if backup:  # nothing written yet in this transaction: the copy is the file as it was
            backup_before_change(db, REASON_YEAR_CLOSE)
        ensure_year_record(session, following)
        clean = normalize_text(reason)
        balance = 0
        for b in books:
            carried = _carry_forward(session, year, following, b)
            session.add(YearClosingEvent(year=year.year, book_id=b.id, action="close", reason=clean, balance=carried))
            balance += carried
    # the year's state (read-only now), the next year's 前年度繰越金 line, perhaps the next year itself
    return Result(balance, Changes.of(CLOSING) | Changes.of(LEDGER) | Changes.of(YEARS))


def reopen_year(db: Database, year: FiscalYear, reason: str, *, book_id: int | None = None) -> Changes:
    """Make a closed year editable again — for the 会計 `book_id`, or every closed 会計 without
    one; the reason is required and kept with the history."""
    clean = normalize_text(reason)
    if not clean:
        raise ValidationError(Problem("reason", "締めを解除する理由を入力してください"))
    with db.session.begin() as session:
        closed = closed_books(session, year)
        if book_id is None:
            books = [b for b in _books(session) if b.id in closed]
            if not books:
                raise ValidationError(f"{year.label}は締められていません")
        else:
            book = resolve_book(session, book_id)
            if book.id not in closed:
                raise ValidationError(f"{year.label}の会計「{book.name}」は締められていません")
            books = [book]
        for b in books:
            session.add(YearClosingEvent(year=year.year, book_id=b.id, action="reopen", reason=clean, balance=None))
    return Changes.of(CLOSING)
