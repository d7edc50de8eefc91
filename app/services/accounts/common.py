"""What the 管理費 services share: directions, payment methods, the closed-year guard."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

# the pure rules live in app.domain; re-exported (`X as X`) because the area imports them from here too
from app.domain.bookkeeping import ENTRY_KIND_LABELS as ENTRY_KIND_LABELS
from app.domain.bookkeeping import REFUND as REFUND
from app.domain.bookkeeping import TRANSFER as TRANSFER
from app.domain.bookkeeping import category_key as category_key
from app.domain.bookkeeping import entry_kind_label as entry_kind_label
from app.domain.bookkeeping import settlement_period_end as settlement_period_end
from app.domain.bookkeeping import year_range_text as year_range_text
from app.domain.directions import DIRECTION_LABELS as DIRECTION_LABELS
from app.domain.directions import DIRECTIONS as DIRECTIONS
from app.domain.directions import EXPENSE as EXPENSE
from app.domain.directions import INCOME as INCOME
from app.domain.fiscal_year import FiscalYear
from app.domain.validation import ValidationError
from app.services.records import existing
from app.storage.models import Book, FiscalYearRecord, MoneyAccount, YearClosingEvent

LABEL_DIRECTIONS = {"収入": INCOME, "支出": EXPENSE, "入金": INCOME, "出金": EXPENSE, "収": INCOME, "支": EXPENSE,
                    "戻入": INCOME, "戻出": EXPENSE, "振替入": INCOME, "振替出": EXPENSE}
REFUND_LABELS = ("戻入", "戻出")  # 区分 of a refund line (money back on a 費目 of the other side)
PAYMENT_METHODS = ("現金", "口座振替", "振込")
CARRY_FORWARD = "carry_forward"  # Category.role and LedgerEntry.source of 前年度繰越金
TRANSFER_IN, TRANSFER_OUT = "transfer_in", "transfer_out"  # Category.role of 繰入金 / 繰出金
RESERVE = "reserve"  # Category.role of 予備費 (予備費充用 moves budget from it)


def closed_books(session: Session, year: FiscalYear) -> set[int]:
    """The 会計 closed for `year`: per 会計, its latest closing event decides; an event without a
    会計 (made when closing covered every 会計 at once) counts for each of them."""
    books = list(session.scalars(select(Book.id)))
    closed: set[int] = set()
    for action, book_id in session.execute(
        select(YearClosingEvent.action, YearClosingEvent.book_id)
        .where(YearClosingEvent.year == year.year)
        .order_by(YearClosingEvent.id)
    ):
        for b in books if book_id is None else [book_id]:
            if action == "close":
                closed.add(b)
            else:
                closed.discard(b)
    return closed


def is_closed(session: Session, year: FiscalYear, book_id: int | None = None) -> bool:
    """Is the 会計 `book_id` closed for `year`; without one, is every 会計 (the whole year) closed."""
    closed = closed_books(session, year)
    if book_id is not None:
        return book_id in closed
    books = set(session.scalars(select(Book.id)))
    return bool(books) and books <= closed


def require_open(session: Session, year: FiscalYear, book_ids: Iterable[int | None] | None = None) -> None:
    """Closed years are read-only until reopened on purpose (with a reason) — each 会計 on its
    own: a write into the 会計 `book_ids` is refused when one of them is closed. Without
    `book_ids` any closed 会計 refuses (a write that does not say where it goes)."""
    closed = closed_books(session, year)
    if not closed:
        return
    wanted = set(session.scalars(select(Book.id))) if book_ids is None else {b for b in book_ids if b is not None}
    shut = sorted(closed & wanted)
    if not shut:
        return
    several = session.execute(select(func.count(Book.id))).scalar_one() > 1
    where = f"の会計「{existing(session, Book, shut[0]).name}」" if several else ""
    raise ValidationError(
        f"{year.label}{where}は締められているため変更できません。変更するには理由を入力して年度の締めを解除してください。"
    )


def require_open_accounts(session: Session, year: FiscalYear, account_ids: Iterable[int | None]) -> None:
    """require_open for the 会計 that hold these 口座."""
    ids = {a for a in account_ids if a is not None}
    books = set(session.scalars(select(MoneyAccount.book_id).where(MoneyAccount.id.in_(ids)))) if ids else set()
    require_open(session, year, books if ids else None)


def ensure_year_record(session: Session, year: FiscalYear) -> None:
    if session.get(FiscalYearRecord, year.year) is None:
        from app.services.fiscal_years import check_new_year

        check_new_year(year)
        session.add(FiscalYearRecord(year=year.year))
        session.flush()


