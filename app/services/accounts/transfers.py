"""振替: money moving between 口座 (預け入れ, 引き出し, 口座間振替, 積立, 取崩) or between 会計 (繰入・繰出).

A transfer is one record (`Transfer`) with two halves in the cash books: out of one 口座, into the
other. Between 口座 of one 会計 the halves have no 費目 and count in no total; between two 会計 the
giving one books it as 繰出金 (支出) and the receiving one as 繰入金 (収入) — entered once, here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain.bookkeeping import check_entry_date
from app.domain.fiscal_year import FiscalYear
from app.domain.kana import normalize_text
from app.domain.money import parse_yen
from app.domain.validation import Problem, ValidationError
from app.services.accounts.books import BANK, CASH, FUND, resolve_account
from app.services.accounts.common import (
    EXPENSE,
    INCOME,
    TRANSFER,
    TRANSFER_IN,
    TRANSFER_OUT,
    ensure_year_record,
    require_open,
    require_open_accounts,
)
from app.services.accounts.ledger import Entry, _entry
from app.services.changes import LEDGER, Changes, Result
from app.services.records import check_fields_as_left, existing
from app.storage.database import Database
from app.storage.models import Category, LedgerEntry, MoneyAccount, Transfer

# the 目 a transfer between 会計 is booked on, created under the first 款 of its side when missing
BOOK_TRANSFER_CATEGORIES = {TRANSFER_OUT: (EXPENSE, "繰出金"), TRANSFER_IN: (INCOME, "繰入金")}


@dataclass(frozen=True)
class TransferInput:
    on_date: date | None
    from_account_id: int | None
    to_account_id: int | None
    amount: object
    description: str = ""
    settlement_period: bool = False


@dataclass(frozen=True)
class TransferInfo:
    id: int
    year: int
    on_date: date
    amount: int
    from_account_id: int
    from_account: str
    to_account_id: int
    to_account: str
    description: str
    between_books: bool
    entries: tuple[Entry, Entry]  # (out, in)

    @property
    def label(self) -> str:
        return transfer_label(self.from_kind, self.to_kind, self.between_books)

    from_kind: str = CASH
    to_kind: str = CASH


def transfer_label(from_kind: str, to_kind: str, between_books: bool) -> str:
    """What staff call it: 預け入れ (現金→預金), 引き出し (預金→現金), 積立 / 取崩, 繰出, 口座間振替."""
    if between_books:
        return "会計間の繰入・繰出"
    if to_kind == FUND:
        return "積立"
    if from_kind == FUND:
        return "取崩"
    if from_kind == CASH and to_kind == BANK:
        return "預け入れ"
    if from_kind == BANK and to_kind == CASH:
        return "引き出し"
    return "口座間振替"


def _book_transfer_category(session: Session, book_id: int, role: str) -> Category:
    kind, name = BOOK_TRANSFER_CATEGORIES[role]
    category = session.scalars(select(Category).where(Category.book_id == book_id, Category.role == role)).first()
    if category is not None:
        return category
    parent = session.scalar(select(Category.id).where(
        Category.book_id == book_id, Category.kind == kind, Category.heading, Category.parent_id.is_(None))
        .order_by(Category.sort_order, Category.id).limit(1))
    last = session.scalar(select(func.max(Category.sort_order)).where(Category.book_id == book_id)) or 0
    category = Category(book_id=book_id, parent_id=parent, heading=False, kind=kind, name=name,
                        sort_order=last + 10, retired=False, role=role)
    session.add(category)
    session.flush()
    return category


def _next_vouchers(session: Session, year: FiscalYear) -> tuple[int, int]:
    n = (session.scalar(select(func.max(LedgerEntry.voucher_no)).where(LedgerEntry.year == year.year)) or 0) + 1
    return n, n + 1


def _validate(session: Session, year: FiscalYear, inp: TransferInput) -> tuple[MoneyAccount, MoneyAccount, int]:
    problems: list[Problem] = []
    message = check_entry_date(year, inp.on_date, inp.settlement_period)
    if message:
        problems.append(Problem("on_date", message))
    accounts: list[MoneyAccount | None] = []  # None: not given, or gone (a problem says which)
    for key, label, account_id in (("from_account_id", "出金元", inp.from_account_id),
                                   ("to_account_id", "入金先", inp.to_account_id)):
        if account_id is None:
            problems.append(Problem(key, f"{label}の口座を選んでください"))
            accounts.append(None)
            continue
        try:
            accounts.append(resolve_account(session, account_id=account_id))
        except ValidationError as exc:
            problems.append(Problem(key, f"{label}: {exc}"))
            accounts.append(None)
    source, target = accounts
    if source is not None and target is not None and source.id == target.id:
        problems.append(Problem("to_account_id", f"出金元と入金先が同じ口座「{source.name}」です。別の口座を選んでください"))
    amount = 0
    try:
        amount = parse_yen(inp.amount, allow_zero=False)
    except ValueError as exc:
        problems.append(Problem("amount", str(exc)))
    if problems or source is None or target is None:
        raise ValidationError(problems)
    return source, target, amount


def add_transfer(db: Database, year: FiscalYear, inp: TransferInput) -> Result[TransferInfo]:
    with db.session.begin() as session:
        info = add_transfer_in(session, year, inp)
        return Result(info, Changes.of(LEDGER, *(e.id for e in info.entries)))


def add_transfer_in(session: Session, year: FiscalYear, inp: TransferInput, *,
                    vouchers: tuple[int, int] | None = None) -> TransferInfo:
    source, target, amount = _validate(session, year, inp)
    require_open(session, year, {source.book_id, target.book_id})  # a 繰入・繰出 writes into both 会計
    ensure_year_record(session, year)
    between = source.book_id != target.book_id
    out_category = _book_transfer_category(session, source.book_id, TRANSFER_OUT).id if between else None
    in_category = _book_transfer_category(session, target.book_id, TRANSFER_IN).id if between else None
    text = normalize_text(inp.description) or transfer_label(source.kind, target.kind, between)
    transfer = Transfer(year=year.year, on_date=inp.on_date, amount=amount, from_account_id=source.id,
                        to_account_id=target.id, description=text)
    session.add(transfer)
    session.flush()
    out_no, in_no = vouchers or _next_vouchers(session, year)
    halves = [
        LedgerEntry(year=year.year, entry_date=inp.on_date, direction=EXPENSE, category_id=out_category,
                    account_id=source.id, kind=TRANSFER, transfer_id=transfer.id, amount=amount,
                    voucher_no=out_no, description=text, counterparty=target.name, payment_method="振込"
                    if BANK in (source.kind, target.kind) else "現金", source=""),
        LedgerEntry(year=year.year, entry_date=inp.on_date, direction=INCOME, category_id=in_category,
                    account_id=target.id, kind=TRANSFER, transfer_id=transfer.id, amount=amount,
                    voucher_no=in_no, description=text, counterparty=source.name, payment_method="振込"
                    if BANK in (source.kind, target.kind) else "現金", source=""),
    ]
    session.add_all(halves)
    session.flush()
    return _info(session, transfer)


def _info(session: Session, t: Transfer) -> TransferInfo:
    halves = sorted(session.scalars(select(LedgerEntry).where(LedgerEntry.transfer_id == t.id)),
                    key=lambda e: e.direction != EXPENSE)
    source, target = existing(session, MoneyAccount, t.from_account_id), existing(session, MoneyAccount, t.to_account_id)
    return TransferInfo(t.id, t.year, t.on_date, t.amount, source.id, source.name, target.id, target.name,
                        t.description, source.book_id != target.book_id,
                        (_entry(session, halves[0]), _entry(session, halves[1])), source.kind, target.kind)


def get_transfer(db: Database, transfer_id: int) -> TransferInfo:
    with db.session() as session:
        t = existing(session, Transfer, transfer_id)
        return _info(session, t)


def list_transfers(db: Database, year: FiscalYear) -> list[TransferInfo]:
    with db.session() as session:
        return [_info(session, t) for t in session.scalars(
            select(Transfer).where(Transfer.year == year.year).order_by(Transfer.on_date, Transfer.id))]


# what a 振替 stores (the names of its 口座 aside): an undo or redo that takes it away compares these
TRANSFER_FIELDS = ("year", "on_date", "amount", "from_account_id", "to_account_id", "description")


def delete_transfer(db: Database, transfer_id: int, *, expected: TransferInfo | None = None) -> Result[TransferInfo]:
    """Both halves go with the record; returns what was deleted so that undo can put it back.
    `expected`: the 振替 as an undo step left it (the undo of its addition, the redo of its deletion)
    — refused, nothing changed, when it is another one since (another PC took it back and entered
    a different 振替 under its number: EditConflict, who and when)."""
    with db.session.begin() as session:
        t = existing(session, Transfer, transfer_id)
        check_fields_as_left(session, t, expected, TRANSFER_FIELDS)
        require_open_accounts(session, FiscalYear(t.year), {t.from_account_id, t.to_account_id})
        info = _info(session, t)
        for e in session.scalars(select(LedgerEntry).where(LedgerEntry.transfer_id == t.id)):
            session.delete(e)
        session.delete(t)
        return Result(info, Changes.of(LEDGER, *(e.id for e in info.entries)))


def restore_transfer(db: Database, info: TransferInfo) -> Result[TransferInfo]:
    """Undo of delete: the same record with its 証憑番号."""
    year = FiscalYear(info.year)
    with db.session.begin() as session:
        restored = add_transfer_in(session, year, TransferInput(
            info.on_date, info.from_account_id, info.to_account_id, info.amount, info.description,
            settlement_period=not year.contains(info.on_date)),
            vouchers=(info.entries[0].voucher_no, info.entries[1].voucher_no))
        return Result(restored, Changes.of(LEDGER, *(e.id for e in restored.entries)))

