"""年度の締め: closing carries the balance forward as the next year's 前年度繰越金; a closed year is
read-only until it is reopened with a reason, and every closing and reopening is kept."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from app.domain.fiscal_year import FiscalYear
from app.domain.kana import normalize_text
from app.domain.money import format_yen
from app.domain.validation import Problem, ValidationError
from app.services.accounts.common import CARRY_FORWARD, INCOME, ensure_year_record, is_closed
from app.services.accounts.ledger import year_balance
from app.services.backups import REASON_YEAR_CLOSE, backup_before_change
from app.services.changes import CLOSING, LEDGER, YEARS, Changes, Result
from app.storage.database import Database
from app.storage.models import Category, LedgerEntry, YearClosingEvent


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


def year_status(db: Database, year: FiscalYear) -> YearStatus:
    with db.session() as session:
        events = [
            ClosingEvent(e.action, e.at, e.reason, e.balance)
            for e in session.scalars(
                select(YearClosingEvent).where(YearClosingEvent.year == year.year).order_by(YearClosingEvent.id)
            )
        ]
        return YearStatus(year, is_closed(session, year), year_balance(session, year), events)


def is_year_closed(db: Database, year: FiscalYear) -> bool:
    with db.session() as session:
        return is_closed(session, year)


def close_year(db: Database, year: FiscalYear, reason: str = "", *, backup: bool = True) -> Result[int]:
    """Close `year` and write its balance as the 前年度繰越金 income of the next year (on 4/1).
    Returns the balance carried forward. A 年度締め前 backup is made once the year can be closed
    (`backup=False` only where the file is being built, as the demo does)."""
    with db.session.begin() as session:
        if is_closed(session, year):
            raise ValidationError(f"{year.label}は既に締められています")
        following = year.next()
        if is_closed(session, following):
            raise ValidationError(
                f"{following.label}が締められているため、繰越金を書き込めません。先に{following.label}の締めを解除してください。"
            )
        balance = year_balance(session, year)
        if balance < 0:
            raise ValidationError(
                f"{year.label}の残高が{format_yen(balance)}です。支出が収入を上回っているため締められません。記帳を確かめてください。"
            )
        if backup:  # nothing written yet in this transaction: the copy is the file as it was
            backup_before_change(db, REASON_YEAR_CLOSE)
        ensure_year_record(session, following)
        category = session.scalars(select(Category).where(Category.role == CARRY_FORWARD)).first()
        if category is None:
            raise ValidationError("費目「前年度繰越金」が見つかりません")
        carried = session.scalars(
            select(LedgerEntry).where(LedgerEntry.year == following.year, LedgerEntry.source == CARRY_FORWARD)
        ).first()
        if balance == 0:
            if carried is not None:
                session.delete(carried)
        else:
            if carried is None:
                number = (session.scalar(
                    select(func.max(LedgerEntry.voucher_no)).where(LedgerEntry.year == following.year)
                ) or 0) + 1
                carried = LedgerEntry(year=following.year, voucher_no=number, source=CARRY_FORWARD,
                                      direction=INCOME, payment_method="現金", counterparty="")
                session.add(carried)
            carried.entry_date = following.start
            carried.category_id = category.id
            carried.amount = balance
            carried.description = f"{year.label}より繰越"
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
