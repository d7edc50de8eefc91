"""通帳との照合: a 預金's passbook balance on a date against the book, and what came since the last match.

The book balance on a date is the 口座's balance after every entry of the fiscal year dated that day
or earlier (the year opens with its 前年度繰越金 line), so a 監事 can compare it with the passbook line
by line. The year closing warns about a 預金 without a matching check at the year end.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.fiscal_year import FiscalYear
from app.domain.kana import normalize_text
from app.domain.money import format_yen, parse_yen
from app.domain.validation import Problem, ValidationError
from app.services.accounts.books import BANK, FUND, resolve_account, resolve_book
from app.services.accounts.common import ensure_year_record, settlement_period_end
from app.services.accounts.ledger import Entry, account_balances_in, entry_rows
from app.services.changes import MONEY_ACCOUNTS, Changes, Result
from app.services.records import existing
from app.storage.database import Database
from app.storage.models import MoneyAccount, PassbookCheck


@dataclass(frozen=True)
class Reconciliation:
    id: int
    account_id: int
    account_name: str
    on_date: date
    passbook_balance: int
    book_balance: int
    note: str = ""

    @property
    def difference(self) -> int:
        """通帳残高 − 帳簿残高: 0 when they agree."""
        return self.passbook_balance - self.book_balance

    @property
    def matches(self) -> bool:
        return self.difference == 0


@dataclass(frozen=True)
class ReconciliationStatus:
    account_id: int
    account_name: str
    checks: list[Reconciliation]  # oldest first
    since_last_match: list[Entry]  # entries after the last matching check (all of the year when none)
    book_balance: int  # now (end of year)
    last_match: date | None = None  # the date of the last check that agreed with the book

    @property
    def since_label(self) -> str:
        """「前回の一致（2025/06/30）以降」, or 「年度の初めから」 when no check agreed yet."""
        return f"前回の一致（{self.last_match:%Y/%m/%d}）以降" if self.last_match else "年度の初めから（一致した照合なし）"


def _book_balance(session: Session, year: FiscalYear, account_id: int, on_date: date) -> int:
    return account_balances_in(session, year, [account_id], on_date)[account_id]


def _reconciliation(session: Session, year: FiscalYear, check: PassbookCheck, name: str) -> Reconciliation:
    return Reconciliation(check.id, check.account_id, name, check.on_date, check.balance,
                          _book_balance(session, year, check.account_id, check.on_date), check.note)


def record_passbook_balance(db: Database, year: FiscalYear, account_id: int, on_date: date | None,
                            balance: object, note: str = "") -> Result[Reconciliation]:
    """Record what the passbook says on `on_date`; returns it beside the book balance and the difference."""
    problems: list[Problem] = []
    if on_date is None:
        problems.append(Problem("on_date", "照合日を入力してください"))
    elif not (year.start <= on_date <= settlement_period_end(year)):
        problems.append(Problem("on_date", f"照合日 {on_date:%Y/%m/%d} は{year.label}（出納整理期間を含む）の外です"))
    amount = 0
    try:
        amount = parse_yen(balance, allow_negative=False)
    except ValueError as exc:
        problems.append(Problem("balance", f"通帳残高: {exc}"))
    with db.session.begin() as session:
        account = resolve_account(session, account_id=account_id)
        if account.kind not in (BANK, FUND):
            problems.append(Problem("account_id", f"口座「{account.name}」は現金です。通帳との照合は預金の口座で行います"))
        if problems:
            raise ValidationError(problems)
        ensure_year_record(session, year)
        check = PassbookCheck(account_id=account.id, year=year.year, on_date=on_date, balance=amount,
                              note=normalize_text(note))
        session.add(check)
        session.flush()
        return Result(_reconciliation(session, year, check, account.name), Changes.of(MONEY_ACCOUNTS, account.id))


def delete_passbook_check(db: Database, check_id: int) -> Result[int]:
    with db.session.begin() as session:
        check = existing(session, PassbookCheck, check_id)
        account_id = check.account_id
        session.delete(check)
        return Result(check_id, Changes.of(MONEY_ACCOUNTS, account_id))


def reconciliation_status(db: Database, year: FiscalYear, account_id: int) -> ReconciliationStatus:
    with db.session() as session:
        account = resolve_account(session, account_id=account_id)
        checks = [_reconciliation(session, year, c, account.name) for c in session.scalars(
            select(PassbookCheck).where(PassbookCheck.account_id == account.id, PassbookCheck.year == year.year)
            .order_by(PassbookCheck.on_date, PassbookCheck.id))]
        last_match = next((c.on_date for c in reversed(checks) if c.matches), None)
        entries = [e for e in entry_rows(session, year, [account.id])
                   if last_match is None or e.entry_date > last_match]
        balance = account_balances_in(session, year, [account.id])[account.id]
        return ReconciliationStatus(account.id, account.name, checks, entries, balance, last_match)


def unreconciled_accounts(session: Session, year: FiscalYear, book_id: int | None = None,
                          all_books: bool = True) -> list[str]:
    """Japanese warnings for each 預金 whose book balance at the year end has no matching passbook check."""
    query = select(MoneyAccount).where(MoneyAccount.kind.in_((BANK, FUND))).order_by(MoneyAccount.book_id,
                                                                                    MoneyAccount.sort_order)
    if not all_books:
        query = query.where(MoneyAccount.book_id == resolve_book(session, book_id).id)
    warnings = []
    for account in session.scalars(query):
        checks = list(session.scalars(select(PassbookCheck).where(
            PassbookCheck.account_id == account.id, PassbookCheck.year == year.year,
            PassbookCheck.on_date >= year.end)))
        matched = any(_book_balance(session, year, account.id, c.on_date) == c.balance for c in checks)
        if not matched:
            balance = account_balances_in(session, year, [account.id])[account.id]
            if checks:
                warnings.append(f"口座「{account.name}」: 年度末の通帳残高が帳簿残高（{format_yen(balance)}）と合っていません")
            else:
                warnings.append(f"口座「{account.name}」: 年度末（{year.end:%Y/%m/%d}）の通帳との照合がありません"
                                f"（帳簿残高 {format_yen(balance)}）")
    return warnings
