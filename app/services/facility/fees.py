"""使用料 to the books: the fees of rooms used, entered in the cash book in one step — one receipt per day
or per month, 施設使用料, with the 証憑番号 linked to the bookings it covers. Never retyped."""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.domain.directions import EXPENSE, INCOME
from app.domain.facility import BOOKED, USED
from app.domain.fiscal_year import FiscalYear
from app.domain.validation import ValidationError
from app.services.accounts.books import funded_book, resolve_account
from app.services.accounts.common import REFUND, require_open_accounts
from app.services.accounts.ledger import Entry, EntryInput, add_entries_in, get_entry, restore_entry_in
from app.services.changes import LEDGER, Changes
from app.services.facility.bookings import BOOKINGS
from app.storage.database import Database
from app.storage.models import Booking, Category, FacilityUser, LedgerEntry

FEE_CATEGORY = "施設使用料"


@dataclass(frozen=True)
class PostedFee:
    entry_date: date
    amount: int
    bookings: int
    voucher_no: int
    entry_id: int = 0
    booking_ids: tuple[int, ...] = ()  # the bookings the receipt covers


def unposted_fees(db: Database, fy: FiscalYear, month: int | None = None) -> dict[date, int]:
    """Fees of rooms used (利用済) and not yet in the cash book, per day."""
    with db.session() as session:
        totals: dict[date, int] = defaultdict(int)
        for b in session.scalars(_unposted(fy, month)):
            totals[b.used_on] += b.fee
        return dict(sorted(totals.items()))


def _unposted(fy: FiscalYear, month: int | None) -> Select[Booking]:
    first, last = fy.start, fy.end
    if month is not None:
        y = fy.year if month >= 4 else fy.year + 1
        first, last = date(y, month, 1), date(y, month, calendar.monthrange(y, month)[1])
    return (
        select(Booking)
        .where(Booking.used_on >= first, Booking.used_on <= last, Booking.status == USED,
               Booking.ledger_entry_id.is_(None), Booking.fee > 0)
        .order_by(Booking.used_on, Booking.id)
    )


def _fee_category(session: Session) -> Category:
    """施設使用料 of the 会計 the city funds (the centre's 指定管理 books)."""
    book = funded_book(session)
    category = session.scalar(select(Category).where(Category.name == FEE_CATEGORY, Category.kind == INCOME,
                                                     Category.book_id == book.id))
    if category is None or category.retired:
        raise ValidationError(f"収入の費目「{FEE_CATEGORY}」がありません。管理費の費目に追加してから記帳してください。")
    return category


def _post(session: Session, fy: FiscalYear, groups: dict[date, list[Booking]],
          label_of: Callable[[date], str] | None) -> tuple[list[PostedFee], Changes]:
    """One receipt per group, dated the group's last day of use (or of receipt); bookings linked to it."""
    category = _fee_category(session)
    keys = sorted(groups)
    inputs = [
        EntryInput(
            entry_date=key if label_of is None else groups[key][-1].used_on, direction=INCOME,
            category_id=category.id, amount=sum(b.fee for b in groups[key]),
            description=f"施設使用料（{label_of(groups[key][-1].used_on) if label_of else '前納'}・{len(groups[key])}件）",
            counterparty="利用団体", account_id=resolve_account(session, category.book_id).id,
        )
        for key in keys
    ]
    entries = add_entries_in(session, fy, inputs)
    posted = []
    for key, entry in zip(keys, entries, strict=True):
        for b in groups[key]:
            b.ledger_entry_id = entry.id
        posted.append(PostedFee(entry.entry_date, entry.amount, len(groups[key]), entry.voucher_no, entry.id,
                                tuple(b.id for b in groups[key])))
    booking_ids = (b.id for g in groups.values() for b in g)
    return posted, Changes.of(LEDGER, *(e.id for e in entries)) | Changes.of(BOOKINGS, *booking_ids)


def post_fees(db: Database, fy: FiscalYear, *, month: int | None = None, per: str = "day") -> tuple[list[PostedFee], Changes]:
    """Enter the unposted fees of rooms used as receipts (per="day": one per day; per="month": one per
    month, dated the month's last day of use). One transaction; nothing when there is nothing to post."""
    if per not in ("day", "month"):
        raise ValueError(per)
    with db.session.begin() as session:
        groups: dict[date, list[Booking]] = defaultdict(list)
        for b in session.scalars(_unposted(fy, month)):
            key = b.used_on if per == "day" else date(b.used_on.year, b.used_on.month, 1)
            groups[key].append(b)
        if not groups:
            return [], Changes()
        if per == "day":
            return _post(session, fy, groups, lambda d: f"{d.month}月{d.day}日分")
        return _post(session, fy, groups, lambda d: f"{d.month}月分")


@dataclass(frozen=True)
class FeeReceipt:
    """A receipt 使用料の記帳 wrote, as its undo takes it back and its redo writes it again."""

    entry: Entry
    booking_ids: tuple[int, ...]


def fee_receipts(db: Database, posted: Sequence[PostedFee]) -> list[FeeReceipt]:
    return [FeeReceipt(get_entry(db, p.entry_id), p.booking_ids) for p in posted]


def unpost_fees(db: Database, receipts: Sequence[FeeReceipt]) -> Changes:
    """The undo of 使用料の記帳: its receipts leave the cash book and their bookings count as not yet
    posted, in one step. Refused (nothing changed) when a receipt was changed or deleted since — in
    the cash book, or on another PC — or its year is closed."""
    with db.session.begin() as session:
        for r in receipts:
            row = session.get(LedgerEntry, r.entry.id)
            if row is None or row.version != r.entry.version:
                raise ValidationError(
                    f"出納簿の施設使用料（証憑番号 {r.entry.voucher_no}）は、その後に変更または削除されたため、"
                    "記帳を元に戻せません（出納簿で確かめてください）。")
            require_open_accounts(session, FiscalYear(row.year), {row.account_id})
            for b in session.scalars(select(Booking).where(Booking.ledger_entry_id == row.id)):
                b.ledger_entry_id = None
            session.delete(row)
        return _receipt_changes(receipts)


def repost_fees(db: Database, receipts: Sequence[FeeReceipt]) -> tuple[list[FeeReceipt], Changes]:
    """The redo: the same receipts again (same ids, same 証憑番号) for the same bookings. Refused when
    a booking was cancelled or posted meanwhile, or the 証憑番号 was given to another entry."""
    with db.session.begin() as session:
        again = []
        for r in receipts:
            rows = list(session.scalars(select(Booking).where(Booking.id.in_(r.booking_ids))))
            gone = len(rows) != len(r.booking_ids)
            if gone or any(b.ledger_entry_id is not None or b.status not in (BOOKED, USED) for b in rows):
                raise ValidationError(
                    "記帳し直す予約が、その後に取消・記帳・削除されたため、やり直せません（利用状況で未記帳の使用料を確かめてください）。")
            try:
                entry = restore_entry_in(session, r.entry)
            except IntegrityError as exc:
                raise ValidationError(
                    f"証憑番号 {r.entry.voucher_no} はその後に別の記帳で使われたため、使用料の記帳をやり直せません。") from exc
            for b in rows:
                b.ledger_entry_id = entry.id
            again.append(FeeReceipt(entry, r.booking_ids))
        return again, _receipt_changes(receipts)


def _receipt_changes(receipts: Sequence[FeeReceipt]) -> Changes:
    return (Changes.of(LEDGER, *(r.entry.id for r in receipts))
            | Changes.of(BOOKINGS, *(i for r in receipts for i in r.booking_ids)))


def receive_in_advance(db: Database, fy: FiscalYear, booking_ids: list[int], on: date) -> tuple[list[PostedFee], Changes]:
    """前納: the fee of bookings paid at the desk before the day of use, as one receipt dated `on`."""
    with db.session.begin() as session:
        rows = list(session.scalars(select(Booking).where(Booking.id.in_(booking_ids))))
        unpaid = [b for b in rows if b.ledger_entry_id is None and b.fee > 0 and b.status in (BOOKED, USED)]
        if not unpaid:
            raise ValidationError("受け取る使用料がありません（受領済み・免除・取消の予約です）")
        return _post(session, fy, {on: unpaid}, None)


def refund_fees_in(session: Session, paid: list[Booking], on: date) -> dict[int, Entry]:
    """返金（戻出）: the fees of cancelled bookings paid back on `on`, one 戻出 per receipt they came in
    on — money paid back on the 施設使用料 it came in on (the 費目's 決算額 nets it), from the same
    口座, naming the receipt's 証憑番号. Inside the caller's transaction (the cancelling); booking id →
    its refund entry.

    Databases from before this kept their refunds as payments of a 費目 of their own
    (「施設使用料返還金」): those entries stay as they were, an ordinary 支出 of that 費目."""
    by_receipt: dict[int, list[Booking]] = defaultdict(list)
    for b in paid:
        assert b.ledger_entry_id is not None
        by_receipt[b.ledger_entry_id].append(b)
    inputs = []
    for receipt_id, group in by_receipt.items():
        receipt = session.get(LedgerEntry, receipt_id)
        category = _refund_target(session, receipt)
        user = session.get(FacilityUser, group[0].user_id)
        first = group[0]
        what = f"{first.used_on.month}/{first.used_on.day} {first.slot}" if len(group) == 1 else f"{len(group)}件"
        voucher = f"・受領 証憑番号 {receipt.voucher_no}" if receipt is not None else ""
        inputs.append(EntryInput(
            entry_date=on, direction=EXPENSE, kind=REFUND, category_id=category.id, amount=sum(b.fee for b in group),
            description=f"施設使用料の返金（{what}の取消{voucher}）", counterparty=user.name if user else "利用団体",
            # paid back from the 口座 the fee came in to
            account_id=receipt.account_id if receipt is not None else resolve_account(session, category.book_id).id,
        ))
    entries = add_entries_in(session, FiscalYear.of(on), inputs)
    return {b.id: entry for entry, group in zip(entries, by_receipt.values(), strict=True) for b in group}


def _refund_target(session: Session, receipt: LedgerEntry | None) -> Category:
    """The income 費目 a refund is netted against: the one the fee came in on, or (that 費目 retired
    since, or the receipt gone) the 施設使用料 fees are posted to now."""
    category = session.get(Category, receipt.category_id) if receipt is not None else None
    if category is None or category.retired or category.kind != INCOME:
        return _fee_category(session)
    return category
