"""会計 (books) and their 口座 (現金, 預金, 積立金・基金): which exist, the defaults, adding and removing.

`--book` defaults to the first 会計 and `--account` to its 現金; every service that takes a
`book_id=None` means that default, so a body with one 会計 never has to choose.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypedDict

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session

# the 口座 kinds live in app.domain (the change history names them too); re-exported for the area
from app.domain.bookkeeping import ACCOUNT_KINDS as ACCOUNT_KINDS
from app.domain.bookkeeping import BANK as BANK
from app.domain.bookkeeping import CASH as CASH
from app.domain.bookkeeping import FUND as FUND
from app.domain.fiscal_year import FiscalYear
from app.domain.kana import normalize_text
from app.domain.money import parse_yen
from app.domain.validation import Problem, ValidationError
from app.services.accounts.common import (
    CARRY_FORWARD,
    EXPENSE,
    INCOME,
    category_key,
    ensure_year_record,
    require_open,
)
from app.services.changes import BOOKS, CATEGORIES, LEDGER, MONEY_ACCOUNTS, Changes, Result
from app.services.records import (
    check_fields_as_left,
    check_version,
    existing,
    latest_change,
    put_back_at,
    refusing_lost_races,
    values_conflict,
)
from app.storage.database import Database
from app.storage.models import Book, Category, LedgerEntry, MoneyAccount

LABEL_KINDS = {"現金": CASH, "預金": BANK, "銀行": BANK, "積立金": FUND, "基金": FUND,
               "cash": CASH, "bank": BANK, "fund": FUND}
# the book of one 口座 as staff call it (a fund's is plainly its 出納帳)
LEDGER_FORMS = {CASH: "現金出納簿", BANK: "預金出納帳", FUND: "出納帳"}
NAME_MAX = 60


@dataclass(frozen=True)
class BookInfo:
    id: int
    name: str
    funded_by_city: bool  # 提出対象
    sort_order: int
    version: int = 0  # the row version when read: a rename names it (refused when saved since)


@dataclass(frozen=True)
class AccountInfo:
    id: int
    book_id: int
    name: str
    kind: str  # cash | bank | fund
    bank_name: str = ""
    branch: str = ""
    account_type: str = ""
    number: str = ""
    purpose: str = ""
    target_year: int | None = None
    sort_order: int = 0
    version: int = 0  # the row version when read: a change names it (refused when saved since)

    @property
    def kind_label(self) -> str:
        return ACCOUNT_KINDS[self.kind]

    @property
    def masked_number(self) -> str:
        """Public outputs show only the last 3 digits: 「****567」."""
        digits = self.number.replace("-", "").replace(" ", "")
        return "*" * max(0, len(digits) - 3) + digits[-3:] if digits else ""

    def bank_text(self, public: bool = True) -> str:
        """「ゆうちょ銀行 八四八支店 普通 ****567」 (the full number only when `public` is False)."""
        number = self.masked_number if public else self.number
        return " ".join(p for p in (self.bank_name, self.branch, self.account_type, number) if p)


def _book_info(b: Book) -> BookInfo:
    return BookInfo(b.id, b.name, b.funded_by_city, b.sort_order, b.version)


def account_info(a: MoneyAccount) -> AccountInfo:
    return AccountInfo(a.id, a.book_id, a.name, a.kind, a.bank_name, a.branch, a.account_type, a.number,
                       a.purpose, a.target_year, a.sort_order, a.version)


# --- defaults inside a transaction -------------------------------------------------------------


def _books(session: Session) -> list[Book]:
    return list(session.scalars(select(Book).order_by(Book.sort_order, Book.id)))


def resolve_book(session: Session, book_id: int | None = None) -> Book:
    """The 会計 asked for, or the first one."""
    if book_id is not None:
        return existing(session, Book, book_id)
    books = _books(session)
    if not books:
        raise ValidationError("会計が登録されていません")
    return books[0]


def funded_book(session: Session) -> Book:
    """The 会計 the city funds (提出対象): the submission, 集計 and 自己評価 read it. A body with one
    会計 submits that one whatever its flag says."""
    books = _books(session)
    if not books:
        raise ValidationError("会計が登録されていません")
    return next((b for b in books if b.funded_by_city), books[0])


def resolve_account(session: Session, book_id: int | None = None, account_id: int | None = None) -> MoneyAccount:
    """The 口座 asked for, else the 会計's 現金 (its first 口座 when it has no cash)."""
    if account_id is not None:
        return existing(session, MoneyAccount, account_id)
    book = resolve_book(session, book_id)
    accounts = list(session.scalars(select(MoneyAccount).where(MoneyAccount.book_id == book.id)
                                    .order_by(MoneyAccount.sort_order, MoneyAccount.id)))
    if not accounts:
        raise ValidationError(f"会計「{book.name}」に口座がありません。先に口座を登録してください")
    return next((a for a in accounts if a.kind == CASH), accounts[0])


def ledger_title_in(session: Session, account: MoneyAccount) -> str:
    """「現金出納簿『現金』」, 「預金出納帳『普通預金_ゆうちょ』」: where entries of `account` are booked, with
    the 会計 before it when the body keeps several (「一般会計の預金出納帳『…』」)."""
    several = (session.scalar(select(func.count(Book.id))) or 0) > 1
    book = f"{existing(session, Book, account.book_id).name}の" if several else ""
    return f"{book}{LEDGER_FORMS.get(account.kind, '出納帳')}『{account.name}』"


def ledger_title(db: Database, *, book_id: int | None = None, account_id: int | None = None) -> str:
    """ledger_title_in for the 口座 asked for (default: the 会計's 現金), as resolve_account finds it."""
    with db.session() as session:
        return ledger_title_in(session, resolve_account(session, book_id, account_id))


def book_account_ids(session: Session, book_id: int | None) -> list[int]:
    book = resolve_book(session, book_id)
    return list(session.scalars(select(MoneyAccount.id).where(MoneyAccount.book_id == book.id)))


# --- reading -----------------------------------------------------------------------------------


def list_books(db: Database) -> list[BookInfo]:
    with db.session() as session:
        return [_book_info(b) for b in _books(session)]


def default_book(db: Database) -> BookInfo:
    with db.session() as session:
        return _book_info(resolve_book(session))


def submission_book(db: Database) -> BookInfo:
    with db.session() as session:
        return _book_info(funded_book(session))


def find_book(db: Database, name: str | None) -> BookInfo:
    """By name (whatever its width or spaces), or the first 会計 when `name` is None."""
    with db.session() as session:
        if name is None:
            return _book_info(resolve_book(session))
        key = category_key(name)
        for b in _books(session):
            if category_key(b.name) == key:
                return _book_info(b)
        names = "、".join(b.name for b in _books(session))
        raise ValidationError(Problem("book", f"会計「{name}」はありません（登録されている会計: {names}）"))


def book_name(db: Database, book_id: int | None) -> str:
    """The 会計's name (the first 会計's for None), as the export options take it."""
    with db.session() as session:
        return resolve_book(session, book_id).name


def list_accounts(db: Database, book_id: int | None = None, *, all_books: bool = False) -> list[AccountInfo]:
    with db.session() as session:
        query = select(MoneyAccount).order_by(MoneyAccount.sort_order, MoneyAccount.id)
        if not all_books:
            query = query.where(MoneyAccount.book_id == resolve_book(session, book_id).id)
        return [account_info(a) for a in session.scalars(query)]


def find_account(db: Database, book_id: int | None, name: str | None) -> AccountInfo:
    """By name within the 会計, or its 現金 when `name` is None."""
    with db.session() as session:
        if name is None:
            return account_info(resolve_account(session, book_id))
        book = resolve_book(session, book_id)
        key = category_key(name)
        accounts = list(session.scalars(select(MoneyAccount).where(MoneyAccount.book_id == book.id)))
        for a in accounts:
            if category_key(a.name) == key:
                return account_info(a)
        names = "、".join(a.name for a in accounts)
        raise ValidationError(Problem("account", f"会計「{book.name}」に口座「{name}」はありません（口座: {names}）"))


# --- changing ----------------------------------------------------------------------------------


def _clean(value: str, label: str, required: bool = True, limit: int = NAME_MAX) -> str:
    clean = normalize_text(value or "")
    if required and not clean:
        raise ValidationError(Problem("name", f"{label}を入力してください"))
    if len(clean) > limit:
        raise ValidationError(Problem("name", f"{label}は{limit}文字以内で入力してください"))
    return clean


def _new_book_categories(session: Session, book: Book) -> None:
    """A new 会計 starts with one 款 per side and the 前年度繰越金 目 that closing writes to."""
    income = Category(book_id=book.id, kind=INCOME, name="収入", heading=True, sort_order=0, retired=False, role="")
    expense = Category(book_id=book.id, kind=EXPENSE, name="支出", heading=True, sort_order=0, retired=False, role="")
    session.add_all([income, expense])
    session.flush()
    session.add(Category(book_id=book.id, parent_id=income.id, kind=INCOME, name="前年度繰越金", heading=False,
                         sort_order=10, retired=False, role=CARRY_FORWARD))


def add_book(db: Database, name: str, *, funded_by_city: bool = False, with_cash: bool = True) -> Result[BookInfo]:
    """A new 会計 with its 款 (収入・支出), a 前年度繰越金 目 and (by default) a 現金 口座."""
    with db.session.begin() as session:
        clean = _clean(name, "会計名")
        if any(category_key(b.name) == category_key(clean) for b in _books(session)):
            raise ValidationError(Problem("name", f"会計「{clean}」は既にあります"))
        last = session.scalar(select(func.max(Book.sort_order))) or 0
        book = Book(name=clean, funded_by_city=funded_by_city, sort_order=last + 10)
        session.add(book)
        session.flush()
        if funded_by_city:  # one 提出対象 at a time: the city funds one 会計
            for other in _books(session):
                if other.id != book.id and other.funded_by_city:
                    other.funded_by_city = False
        _new_book_categories(session, book)
        if with_cash:
            session.add(MoneyAccount(book_id=book.id, name="現金", kind=CASH, sort_order=10))
        session.flush()
        return Result(_book_info(book), Changes.of(BOOKS, book.id) | Changes.of(CATEGORIES) | Changes.of(MONEY_ACCOUNTS))


def rename_book(db: Database, book_id: int, name: str, *, version: int | None = None) -> Result[BookInfo]:
    """`version`: the 会計's version the form was filled from — refused (EditConflict, who changed
    what and when) when another PC or window saved the 会計 since; None: not checked."""
    with refusing_lost_races(db, Book, book_id), db.session.begin() as session:
        book = resolve_book(session, book_id)
        clean = _clean(name, "会計名")
        check_version(session, book, version)
        if any(category_key(b.name) == category_key(clean) and b.id != book.id for b in _books(session)):
            raise ValidationError(Problem("name", f"会計「{clean}」は既にあります"))
        book.name = clean
        session.flush()
        return Result(_book_info(book), Changes.of(BOOKS, book.id))


def set_funded_book(db: Database, book_id: int, *, expected: int | None = None) -> Result[BookInfo]:
    """Make `book_id` the 提出対象 (and no other). `expected`: the 提出対象 the screen showed (its
    id) — refused (EditConflict, who made which 会計 the 提出対象 and when) when another PC or window
    changed it since; None: not checked."""
    with db.session.begin() as session:
        book = resolve_book(session, book_id)
        current = funded_book(session)
        if expected is not None and current.id not in (expected, book.id):
            shown = session.get(Book, expected)
            line = f"・提出対象: {shown.name if shown else '（削除された会計）'} → {current.name}"
            last = latest_change(session, Book.__tablename__, owner=("funded_by_city", True))
            raise values_conflict("提出対象の会計", last, [line], current.id)
        for b in _books(session):
            b.funded_by_city = b.id == book.id
        return Result(_book_info(book), Changes.of(BOOKS))


def delete_book(db: Database, book_id: int) -> Result[BookInfo]:
    with db.session.begin() as session:
        book = resolve_book(session, book_id)
        if len(_books(session)) == 1:
            raise ValidationError("会計が一つだけのときは削除できません")
        account_ids = book_account_ids(session, book.id)
        if account_ids and session.scalar(select(exists().where(LedgerEntry.account_id.in_(account_ids)))):
            raise ValidationError(f"会計「{book.name}」には記帳があるため削除できません")
        info = _book_info(book)
        for a in session.scalars(select(MoneyAccount).where(MoneyAccount.book_id == book.id)):
            session.delete(a)
        for c in sorted(session.scalars(select(Category).where(Category.book_id == book.id)),
                        key=lambda c: c.parent_id is None):  # children before their 款
            session.delete(c)
        session.flush()
        session.delete(book)
        return Result(info, Changes.of(BOOKS) | Changes.of(MONEY_ACCOUNTS) | Changes.of(CATEGORIES))


@dataclass(frozen=True)
class AccountInput:
    name: str
    kind: str = CASH
    bank_name: str = ""
    branch: str = ""
    account_type: str = ""
    number: str = ""
    purpose: str = ""
    target_year: int | None = None


class _AccountValues(TypedDict):
    """An AccountInput checked and cleaned: the MoneyAccount columns it sets."""

    name: str
    kind: str
    bank_name: str
    branch: str
    account_type: str
    number: str
    purpose: str
    target_year: int | None


def _check_account(session: Session, book: Book, inp: AccountInput,
                   exclude_id: int | None = None) -> _AccountValues:
    problems: list[Problem] = []
    name = normalize_text(inp.name or "")
    if not name:
        problems.append(Problem("name", "口座名を入力してください"))
    elif len(name) > NAME_MAX:
        problems.append(Problem("name", f"口座名は{NAME_MAX}文字以内で入力してください"))
    elif any(category_key(a.name) == category_key(name) and a.id != exclude_id
             for a in session.scalars(select(MoneyAccount).where(MoneyAccount.book_id == book.id))):
        problems.append(Problem("name", f"会計「{book.name}」に口座「{name}」は既にあります"))
    kind = LABEL_KINDS.get(normalize_text(inp.kind or ""), "")
    if not kind:
        problems.append(Problem("kind", "口座の種類は現金・預金・積立金のどれかです"))
    number = normalize_text(inp.number or "")
    if number and not number.replace("-", "").replace(" ", "").isdigit():
        problems.append(Problem("number", f"口座番号「{number}」は数字で入力してください"))
    if problems:
        raise ValidationError(problems)
    return _AccountValues(name=name, kind=kind, bank_name=normalize_text(inp.bank_name or ""),
                          branch=normalize_text(inp.branch or ""), account_type=normalize_text(inp.account_type or ""),
                          number=number, purpose=normalize_text(inp.purpose or ""), target_year=inp.target_year)


def add_account(db: Database, inp: AccountInput, *, book_id: int | None = None, opening: object = None,
                year: FiscalYear | None = None, account_id: int | None = None,
                version: int | None = None) -> Result[AccountInfo]:
    """A new 口座 in the 会計. `opening` (with `year`) is its balance when the books begin: written
    as that year's 前年度繰越金 in this 口座, as closing would have carried it. `account_id`: a 口座
    put back under its id (the redo of its addition, the undo of its deletion), counting on from
    `version` (records.put_back_at) so the undo and redo steps around it still find their own."""
    with db.session.begin() as session:
        book = resolve_book(session, book_id)
        values = _check_account(session, book, inp)
        amount = 0
        if opening not in (None, ""):
            if year is None:
                raise ValidationError(Problem("year", "開始残高には年度を指定してください（--year）"))
            try:
                amount = parse_yen(opening)
            except ValueError as exc:
                raise ValidationError(Problem("opening", f"開始残高: {exc}")) from exc
            require_open(session, year, {book.id})
        last = session.scalar(select(func.max(MoneyAccount.sort_order)).where(MoneyAccount.book_id == book.id)) or 0
        account = MoneyAccount(id=account_id, book_id=book.id, sort_order=last + 10, **values)
        session.add(account)
        session.flush()
        if account_id is not None:
            put_back_at(session, account, version)
        changes = Changes.of(MONEY_ACCOUNTS, account.id)
        if amount and year is not None:  # (an amount is only read with its year)
            entry = write_opening_balance(session, account, year, amount)
            changes = changes | Changes.of(LEDGER, entry.id)
        return Result(account_info(account), changes)


def write_opening_balance(session: Session, account: MoneyAccount, year: FiscalYear, amount: int, *,
                          description: str = "開始残高", numbers_taken: int = 0) -> LedgerEntry:
    """The 口座's balance at the start of `year` as its 前年度繰越金 line (4/1). Its 証憑番号 follows
    the year's highest and `numbers_taken` (numbers an import is about to use)."""
    ensure_year_record(session, year)
    category = session.scalars(select(Category).where(Category.book_id == account.book_id,
                                                       Category.role == CARRY_FORWARD)).first()
    if category is None:
        raise ValidationError("費目「前年度繰越金」が見つかりません")
    highest = session.scalar(select(func.max(LedgerEntry.voucher_no)).where(LedgerEntry.year == year.year)) or 0
    entry = LedgerEntry(year=year.year, entry_date=year.start, direction=INCOME, category_id=category.id,
                        account_id=account.id, kind="", amount=amount, voucher_no=max(highest, numbers_taken) + 1,
                        source=CARRY_FORWARD, description=description, counterparty="", payment_method="現金")
    session.add(entry)
    session.flush()
    return entry


def update_account(db: Database, account_id: int, inp: AccountInput, *,
                   version: int | None = None) -> Result[AccountInfo]:
    """`version`: the 口座's version the form was filled from — refused (EditConflict, who changed
    what and when) when another PC or window saved the 口座 since; None: not checked."""
    with refusing_lost_races(db, MoneyAccount, account_id), db.session.begin() as session:
        account = resolve_account(session, account_id=account_id)
        check_version(session, account, version)
        values = _check_account(session, existing(session, Book, account.book_id), inp, exclude_id=account.id)
        used = session.scalar(select(exists().where(LedgerEntry.account_id == account.id)))
        if used and values["kind"] != account.kind and CASH in (values["kind"], account.kind):
            raise ValidationError(Problem("kind", "記帳のある口座は現金と預金の間で種類を変えられません"))
        for key, value in values.items():
            setattr(account, key, value)
        session.flush()
        return Result(account_info(account), Changes.of(MONEY_ACCOUNTS, account.id))


# what a 口座 stores (its place in the list aside): an undo or redo that takes it away compares these
ACCOUNT_FIELDS = ("book_id", "name", "kind", "bank_name", "branch", "account_type", "number", "purpose",
                  "target_year")


def delete_account(db: Database, account_id: int, *, with_opening: bool = False,
                   expected: AccountInfo | None = None) -> Result[AccountInfo]:
    """Only a 口座 without entries can go. `with_opening`: its opening balance (前年度繰越金 lines)
    goes with it — the undo of adding it; any other entry still keeps it. `expected`: the 口座 as an
    undo step left it (the undo of its addition, the redo of its deletion) — refused, nothing
    changed, when another PC or window changed it since (EditConflict: who, when, what)."""
    with db.session.begin() as session:
        account = resolve_account(session, account_id=account_id)
        check_fields_as_left(session, account, expected, ACCOUNT_FIELDS)
        entries = list(session.scalars(select(LedgerEntry).where(LedgerEntry.account_id == account.id)))
        if any(not (with_opening and e.source == CARRY_FORWARD) for e in entries):
            raise ValidationError(f"口座「{account.name}」には記帳があるため削除できません")
        for year in {e.year for e in entries}:
            require_open(session, FiscalYear(year), {account.book_id})
        info = account_info(account)
        changes = Changes.of(MONEY_ACCOUNTS, account_id) | Changes.of(LEDGER, *(e.id for e in entries))
        for e in entries:
            session.delete(e)
        session.flush()
        session.delete(account)
        return Result(info, changes)
