"""現金出納簿: entries with automatic 証憑番号, checks on dates and amounts, and the running balance."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TypedDict

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from app.domain.bookkeeping import check_entry_date, parse_voucher_no, resolve_name
from app.domain.fiscal_year import FiscalYear
from app.domain.kana import normalize_text
from app.domain.money import parse_yen
from app.domain.validation import Problem, ValidationError
from app.services.accounts.common import (
    CARRY_FORWARD,
    DIRECTION_LABELS,
    DIRECTIONS,
    EXPENSE,
    INCOME,
    PAYMENT_METHODS,
    REFUND,
    TRANSFER,
    ensure_year_record,
    entry_kind_label,
    require_open_accounts,
)
from app.services.changes import LEDGER, Changes, Result
from app.services.records import (
    check_fields_as_left,
    check_version,
    existing,
    gone,
    put_back_at,
    refusing_lost_races,
)
from app.storage.database import Database
from app.storage.models import Category, LedgerEntry, MoneyAccount, Project

TEXT_MAX = 200
COUNTERPARTY_MAX = 100


@dataclass(frozen=True, slots=True)  # an import holds one per row (200,000 in a big cash book)
class EntryInput:
    """What the form or an import row gives. `amount` may be text as typed; `voucher_no` None =
    the next free number. `settlement_period` says explicitly that an April–May date belongs to
    the previous fiscal year (出納整理期間)."""

    entry_date: date | None
    direction: str
    category_id: int | None
    amount: object
    description: str = ""
    counterparty: str = ""
    voucher_no: int | str | None = None  # None or blank: the next free number
    payment_method: str = "現金"
    settlement_period: bool = False
    project_id: int | None = None  # the 事業 an expense was spent on (its 決算額 sums these)
    account_id: int | None = None  # the 口座 the money moved in; None = the 会計's 現金
    # "" ordinary; "refund": 戻入 (money back on a 支出 費目, `direction` income) or 戻出
    # (money paid back on a 収入 費目, `direction` expense) — netted against the 費目
    kind: str = ""
    # As typed in a form, when no id is given: a 費目 decides 収入/支出 by itself (see _by_name)
    category_name: str = ""
    project_name: str = ""
    # The version of the entry a correction was typed over (None: a new entry, an import): a save
    # refused as EditConflict when someone else saved the entry since.
    version: int | None = None


@dataclass(frozen=True)
class Entry:
    id: int
    year: int
    entry_date: date
    direction: str
    category_id: int | None  # None: a half of a transfer between 口座 of one 会計
    category_name: str
    amount: int
    description: str
    counterparty: str
    voucher_no: int
    payment_method: str
    source: str = ""
    project_id: int | None = None
    project_name: str = ""  # display
    account_id: int = 0
    account_name: str = ""
    kind: str = ""  # "" | "refund" | "transfer"
    transfer_id: int | None = None
    # as read: a correction names it, and is refused if someone saved the entry since (not part of
    # what the entry says: equal entries are equal whatever their version)
    version: int = field(default=1, compare=False)

    @property
    def is_transfer(self) -> bool:
        return self.kind == TRANSFER

    @property
    def is_refund(self) -> bool:
        return self.kind == REFUND

    @property
    def kind_label(self) -> str:
        """区分 as the cash book shows it: 収入/支出, 戻入/戻出, 振替."""
        return entry_kind_label(self.kind, self.direction) or DIRECTION_LABELS[self.direction]

    @property
    def signed_amount(self) -> int:
        """What the entry adds to its 費目's 決算額: a refund counts against it."""
        return -self.amount if self.kind == REFUND else self.amount

    @property
    def income(self) -> int:
        return self.amount if self.direction == INCOME else 0

    @property
    def expense(self) -> int:
        return 0 if self.direction == INCOME else self.amount

    @property
    def direction_label(self) -> str:
        return DIRECTION_LABELS[self.direction]

    def as_input(self, year: FiscalYear) -> EntryInput:
        return EntryInput(self.entry_date, self.direction, self.category_id, self.amount, self.description,
                          self.counterparty, self.voucher_no, self.payment_method,
                          settlement_period=not year.contains(self.entry_date), project_id=self.project_id,
                          account_id=self.account_id, kind=self.kind, version=self.version)


@dataclass(frozen=True)
class LedgerRow:
    """One line of the cash book as shown: the entry and the balance after it."""

    entry: Entry
    balance: int

    # flat attributes for table views and exports (None rather than 0: the cell stays blank)
    @property
    def entry_date(self) -> date:
        return self.entry.entry_date

    @property
    def income(self) -> int | None:
        return self.entry.income or None

    @property
    def expense(self) -> int | None:
        return self.entry.expense or None


# --- validation --------------------------------------------------------------------------------


ENTRY_LABEL = "記帳"  # one line of the 現金出納簿 (the table's own label names the whole book)


class EntryValues(TypedDict):
    """An EntryInput checked and cleaned: the LedgerEntry columns it sets (voucher_no None: the next
    free number, given when stored; amount None only when a problem says why)."""

    year: int
    entry_date: date | None
    direction: str
    category_id: int | None
    description: str
    counterparty: str
    amount: int | None
    voucher_no: int | None
    payment_method: str
    project_id: int | None
    account_id: int | None
    kind: str


def validate_entry(
    session: Session,
    year: FiscalYear,
    inp: EntryInput,
    *,
    entry_id: int | None = None,
    categories: dict[int, Category] | None = None,
    taken_vouchers: set[int] | None = None,
) -> tuple[EntryValues, list[Problem]]:
    """The normalised column values for a LedgerEntry, and every problem found (field names as in
    EntryInput). `taken_vouchers` lets bulk imports check numbers without a query per row."""
    problems: list[Problem] = []
    account = _entry_account(session, inp.account_id, problems)
    inp = _by_name(session, year, inp, categories, problems, account.book_id if account else None)
    message = check_entry_date(year, inp.entry_date, inp.settlement_period)
    if message:
        problems.append(Problem("entry_date", message))
    if inp.direction not in DIRECTIONS:
        problems.append(Problem("direction", "区分は収入か支出を選んでください"))
    if inp.kind not in ("", REFUND):
        problems.append(Problem("kind", "振替は「振替」から入力してください（収入・支出・戻入・戻出のどれかです）"))
    category = None
    if inp.category_id is None:
        if not inp.category_name.strip():
            problems.append(Problem("category_id", "費目を選んでください"))
    else:
        category = (categories or {}).get(inp.category_id) or session.get(Category, inp.category_id)
        if category is None:
            problems.append(Problem("category_id", str(gone(Category, inp.category_id))))
        elif category.heading:
            problems.append(Problem("category_id", f"「{category.name}」は款・項の見出しです。その下の目を選んでください"))
        elif account is not None and category.book_id != account.book_id:
            problems.append(Problem("category_id", f"費目「{category.name}」はこの口座の会計の費目ではありません"))
        elif inp.direction in DIRECTIONS:
            problems += _side_problems(category, inp)
    amount = None
    try:
        amount = parse_yen(inp.amount, allow_zero=False)  # whole yen, ≥ 1
    except ValueError as exc:
        problems.append(Problem("amount", str(exc)))
    description = normalize_text(inp.description)
    counterparty = normalize_text(inp.counterparty)
    if len(description) > TEXT_MAX:
        problems.append(Problem("description", f"摘要は{TEXT_MAX}文字以内で入力してください"))
    if len(counterparty) > COUNTERPARTY_MAX:
        problems.append(Problem("counterparty", f"相手先は{COUNTERPARTY_MAX}文字以内で入力してください"))
    method = normalize_text(inp.payment_method) or "現金"
    if method not in PAYMENT_METHODS:
        problems.append(Problem("payment_method", f"支払方法は{'・'.join(PAYMENT_METHODS)}のどれかです"))
    voucher = None
    try:
        voucher = parse_voucher_no(inp.voucher_no)  # blank: the next free number
    except ValueError as exc:
        problems.append(Problem("voucher_no", str(exc)))
    if voucher is not None:
        if taken_vouchers is not None:
            taken = voucher in taken_vouchers
        else:
            query = select(LedgerEntry.id).where(LedgerEntry.year == year.year, LedgerEntry.voucher_no == voucher)
            taken = any(i != entry_id for i in session.scalars(query))
        if taken:
            problems.append(Problem("voucher_no", f"証憑番号 {voucher} は{year.label}で既に使われています"))
    message = _check_project(session, year, inp)
    if message:
        problems.append(Problem("project_id", message))
    values = EntryValues(
        year=year.year, entry_date=inp.entry_date, direction=inp.direction, category_id=inp.category_id,
        description=description, counterparty=counterparty, amount=amount, voucher_no=voucher,
        payment_method=method, project_id=inp.project_id, account_id=account.id if account else None,
        kind=inp.kind,
    )
    return values, problems


def _by_name(session: Session, year: FiscalYear, inp: EntryInput, categories: dict[int, Category] | None,
             problems: list[Problem], book_id: int | None) -> EntryInput:  # fmt: skip
    """A 費目 (目 of the 口座's 会計) and a 事業 given by name (as typed: the same name, or the only
    one containing it) → ids; the 費目 decides 収入/支出. Retired 費目 are found too: an old entry
    keeps its own (adding a new entry with one is refused later)."""
    named = inp
    if inp.category_id is None and inp.category_name.strip():
        every = [c for c in (list((categories or {}).values()) or list(session.scalars(select(Category))))
                 if not c.heading and (book_id is None or c.book_id == book_id)]
        active = [c for c in every if not c.retired and c.role != CARRY_FORWARD]
        name = resolve_name(inp.category_name, [c.name for c in active]) or resolve_name(
            inp.category_name, [c.name for c in every])
        category = next((c for c in every if c.name == name), None)
        if category is None:
            problems.append(Problem("category_id", f"費目「{inp.category_name.strip()}」は登録されていません"))
        else:
            named = replace(named, category_id=category.id, direction=inp.direction or category.kind)
    if inp.project_id is None and inp.project_name.strip():
        names = dict(session.execute(select(Project.name, Project.id).where(Project.year == year.year)).all())
        name = resolve_name(inp.project_name, names)
        if name is None:
            problems.append(Problem(
                "project_id", f"事業「{inp.project_name.strip()}」はこの年度の事業にありません（候補から選んでください）"))
        else:
            named = replace(named, project_id=names[name])
    return named


def _entry_account(session: Session, account_id: int | None, problems: list[Problem]) -> MoneyAccount | None:
    from app.services.accounts.books import resolve_account

    try:
        return resolve_account(session, account_id=account_id)
    except ValidationError as exc:
        problems.append(Problem("account_id", str(exc)))
        return None


def _side_problems(category: Category, inp: EntryInput) -> list[Problem]:
    """An ordinary entry's 費目 is on its own side; a refund's on the other (戻入 on a 支出 費目)."""
    if inp.kind == REFUND:
        if category.kind == inp.direction:
            word = "戻入は支出の費目" if inp.direction == INCOME else "戻出は収入の費目"
            return [Problem("category_id", f"{word}に対して記帳します（費目「{category.name}」は"
                                           f"{DIRECTION_LABELS[category.kind]}の費目です）")]
        return []
    if category.kind != inp.direction:
        return [Problem(
            "category_id",
            f"費目「{category.name}」は{DIRECTION_LABELS[category.kind]}の費目です（区分は{DIRECTION_LABELS[inp.direction]}）",
        )]
    return []


def refund_warning(db: Database, year: FiscalYear, inp: EntryInput, entry_id: int | None = None) -> str | None:
    """A 戻入 larger than what was spent on its 費目 to its date (or a 戻出 larger than what came in):
    a warning to confirm, not an error (the purchase may be in last year's books)."""
    day = inp.entry_date
    if inp.kind != REFUND or day is None:
        return None
    try:
        amount = parse_yen(inp.amount, allow_zero=False)
    except ValueError:
        return None
    with db.session() as session:
        if inp.category_id is None:  # as typed in the window's form: the 費目 by name, in the 口座's 会計
            account = _entry_account(session, inp.account_id, [])
            inp = _by_name(session, year, inp, None, [], account.book_id if account else None)
        if inp.category_id is None:
            return None  # no such 費目: saving says so
        category = session.get(Category, inp.category_id)
        if category is None:
            return None
        so_far = booked_on_category(session, year, category.id, day, {entry_id} if entry_id else set())
    return refund_excess(category, amount, day, so_far)


def booked_on_category(session: Session, year: FiscalYear, category_id: int, day: date,
                       excluding: Collection[int] = ()) -> int:
    """What the 費目 holds on `day` (its entries to that date, net of their 戻入/戻出), leaving out
    the entries `excluding` (the one being edited, the ones an import replaces)."""
    signed = case((LedgerEntry.kind == REFUND, -LedgerEntry.amount), else_=LedgerEntry.amount)
    query = select(func.coalesce(func.sum(signed), 0)).where(
        LedgerEntry.year == year.year, LedgerEntry.category_id == category_id, LedgerEntry.entry_date <= day)
    if excluding:
        query = query.where(LedgerEntry.id.not_in(list(excluding)))
    return int(session.scalar(query) or 0)


def refund_excess(category: Category, amount: int, day: date, so_far: int) -> str | None:
    """The warning for a 戻入 of `amount` on `day` when the 費目 held only `so_far` (None: it fits)."""
    if amount <= so_far:
        return None
    word, done = ("戻入", "支出") if category.kind == EXPENSE else ("戻出", "収入")
    return (f"{word} {amount:,}円は、費目「{category.name}」の{day:%Y/%m/%d}までの{done}（{so_far:,}円）"
            "より大きくなっています。金額と費目を確かめてください")


def _check_project(session: Session, year: FiscalYear, inp: EntryInput) -> str | None:
    """None when the entry may count towards the 決算額 of its project, else a Japanese message."""
    if inp.project_id is None:
        return None
    project = session.get(Project, inp.project_id)
    if project is None:
        return str(gone(Project, inp.project_id))
    if project.year != year.year:
        return f"事業「{project.name}」は{FiscalYear(project.year).label}の事業です。{year.label}の事業を選んでください"
    if (inp.direction == INCOME) != (inp.kind == REFUND):  # an expense, or the 戻入 of one
        return f"事業「{project.name}」に結びつけられるのは支出だけです（事業の決算額になります）"
    return None


def _next_voucher(session: Session, year: FiscalYear) -> int:
    return (session.scalar(select(func.max(LedgerEntry.voucher_no)).where(LedgerEntry.year == year.year)) or 0) + 1


def next_voucher_no(db: Database, year: FiscalYear) -> int:
    with db.session() as session:
        return _next_voucher(session, year)


def _entry(session: Session, e: LedgerEntry, category_name: str | None = None) -> Entry:
    project = session.get(Project, e.project_id) if e.project_id is not None else None
    account = session.get(MoneyAccount, e.account_id)
    if category_name is None:
        category = session.get(Category, e.category_id) if e.category_id is not None else None
        category_name = category.name if category else ""
    return Entry(e.id, e.year, e.entry_date, e.direction, e.category_id, category_name, e.amount, e.description,
                 e.counterparty, e.voucher_no, e.payment_method, e.source, e.project_id,
                 project.name if project else "", e.account_id, account.name if account else "", e.kind,
                 e.transfer_id, e.version)


def _load(session: Session, entry_id: int) -> LedgerEntry:
    return existing(session, LedgerEntry, entry_id, label=ENTRY_LABEL)


def entry_changes(*entries: Entry) -> Changes:
    """The entries' rows. (A project's 決算額 is read from the cash book: screens showing it read LEDGER.)"""
    return Changes.of(LEDGER, *(e.id for e in entries))


# --- use cases ---------------------------------------------------------------------------------


def add_entry(db: Database, year: FiscalYear, inp: EntryInput) -> Result[Entry]:
    added = add_entries(db, year, [inp])
    return Result(added.value[0], added.changes)


def add_entries(db: Database, year: FiscalYear, inputs: Sequence[EntryInput]) -> Result[list[Entry]]:
    """All or nothing: one transaction; a ValidationError names the row (1-based) of each problem
    when several are given. Entries without a 証憑番号 get the next free numbers in order."""
    with db.session.begin() as session:
        entries = add_entries_in(session, year, inputs)
    return Result(entries, entry_changes(*entries))


def add_entries_in(session: Session, year: FiscalYear, inputs: Sequence[EntryInput]) -> list[Entry]:
    """add_entries inside a transaction the caller holds (imports combine it with updates)."""
    categories = {c.id: c for c in session.scalars(select(Category))}
    objects = _insert_entries(session, year, inputs, categories, keep=True)
    return [_entry(session, e, categories[e.category_id].name if e.category_id is not None else "")
            for e in objects]


def import_entries_in(session: Session, year: FiscalYear, inputs: Sequence[EntryInput]) -> None:
    """add_entries_in for an import of any size: the same checks and numbering, the entries written
    and let go of WRITE_EVERY at a time, so a 200,000-row 出納簿 is never held as objects at once."""
    _insert_entries(session, year, inputs, {c.id: c for c in session.scalars(select(Category))}, keep=False)


WRITE_EVERY = 2000  # entries per flush of a bulk insert


def _insert_entries(session: Session, year: FiscalYear, inputs: Sequence[EntryInput], categories: dict[int, Category],
                    *, keep: bool) -> list[LedgerEntry]:
    """Check every input (raising a ValidationError naming each problem, 「n件目: …」) and insert them
    in order, a blank 証憑番号 numbered after the highest one taken; the objects when `keep`. Within
    the caller's transaction: a problem found after some were flushed still leaves nothing."""
    if any(inp.account_id is None for inp in inputs):  # the 現金 of the first 会計, looked up once
        from app.services.accounts.books import resolve_account

        cash = resolve_account(session).id
        inputs = [inp if inp.account_id is not None else replace(inp, account_id=cash) for inp in inputs]
    require_open_accounts(session, year, {inp.account_id for inp in inputs})
    ensure_year_record(session, year)
    taken = set(session.scalars(select(LedgerEntry.voucher_no).where(LedgerEntry.year == year.year)))
    number = max(taken | set(_given_numbers(inputs)), default=0)  # blanks come after every number given
    problems: list[Problem] = []
    kept: list[LedgerEntry] = []
    for start in range(0, len(inputs), WRITE_EVERY):
        batch: list[LedgerEntry] = []
        for n, inp in enumerate(inputs[start:start + WRITE_EVERY], start + 1):
            values, found = validate_entry(session, year, inp, categories=categories, taken_vouchers=taken)
            cat = categories.get(values["category_id"]) if values["category_id"] is not None else None
            if cat is not None and cat.retired:
                found.append(Problem("category_id", f"費目「{cat.name}」は廃止されています"))
            if values["voucher_no"] is not None:
                taken.add(values["voucher_no"])
            prefix = f"{n}件目: " if len(inputs) > 1 else ""
            problems += [Problem(p.field, prefix + p.message) for p in found]
            if problems:
                continue  # checked to the end to name every problem; nothing more is written
            if values["voucher_no"] is None:
                number += 1
                values["voucher_no"] = number
            batch.append(LedgerEntry(**values, source=""))
        if problems:
            continue
        session.add_all(batch)
        session.flush()
        if keep:
            kept += batch
        else:
            for entry in batch:
                session.expunge(entry)
    if problems:
        raise ValidationError(problems)
    return kept


def _given_numbers(inputs: Sequence[EntryInput]) -> Iterable[int]:
    for inp in inputs:
        try:
            number = parse_voucher_no(inp.voucher_no)
        except ValueError:
            continue  # validate_entry names it
        if number is not None:
            yield number


def update_entry(db: Database, entry_id: int, inp: EntryInput) -> Result[Entry]:
    with refusing_lost_races(db, LedgerEntry, entry_id), db.session.begin() as session:
        entry = update_entry_in(session, entry_id, inp)
    return Result(entry, entry_changes(entry))


def update_entry_in(session: Session, entry_id: int, inp: EntryInput) -> Entry:
    e = _load(session, entry_id)
    check_version(session, e, inp.version)  # saved elsewhere since the form was filled?
    year = FiscalYear(e.year)
    require_open_accounts(session, year, {e.account_id, inp.account_id})
    if e.source == CARRY_FORWARD:
        raise ValidationError("前年度繰越金の行は前年度の締めで作られます。前年度の締めを解除して直してください。")
    if e.kind == TRANSFER:
        raise ValidationError("振替の行は振替として直してください（削除して入力し直せます）")
    values, problems = validate_entry(session, year, inp, entry_id=entry_id)
    category = session.get(Category, values["category_id"]) if values["category_id"] else None
    if category is not None and category.retired and category.id != e.category_id:
        problems.append(Problem("category_id", f"費目「{category.name}」は廃止されています"))
    if problems:
        raise ValidationError(problems)
    if values["voucher_no"] is None:
        values["voucher_no"] = e.voucher_no
    for key, value in values.items():
        setattr(e, key, value)
    session.flush()
    return _entry(session, e, category.name if category else "")


# what a 記帳 stores (its version aside, and the names it shows of others): an undo or redo that takes
# it away compares these with the entry as the step left it
ENTRY_FIELDS = ("year", "entry_date", "direction", "category_id", "amount", "description", "counterparty",
                "voucher_no", "payment_method", "source", "project_id", "account_id", "kind", "transfer_id")


def delete_entry(db: Database, entry_id: int, *, expected: Entry | None = None) -> Result[Entry]:
    """Returns what was deleted, so that undo can put it back with restore_entry. `expected`: the
    entry as an undo step left it (the undo of its addition, the redo of its deletion) — refused,
    nothing changed, when another PC or window changed it since (EditConflict: who, when, what)."""
    with db.session.begin() as session:
        e = _load(session, entry_id)
        check_fields_as_left(session, e, expected, ENTRY_FIELDS)
        require_open_accounts(session, FiscalYear(e.year), {e.account_id})
        if e.source == CARRY_FORWARD:
            raise ValidationError("前年度繰越金の行は削除できません（前年度の締めで作られます）")
        if e.kind == TRANSFER:
            raise ValidationError("振替の行は振替として削除してください（両方の口座から消えます）")
        entry = _entry(session, e)
        session.delete(e)
    return Result(entry, entry_changes(entry))


def restore_entry(db: Database, entry: Entry) -> Result[Entry]:
    """Put a deleted entry back with its id and 証憑番号 (undo of delete)."""
    with db.session.begin() as session:
        restored = restore_entry_in(session, entry)
    return Result(restored, entry_changes(restored))


def restore_entry_in(session: Session, entry: Entry) -> Entry:
    """restore_entry inside a transaction the caller holds (施設 fees put back with their bookings)."""
    require_open_accounts(session, FiscalYear(entry.year), {entry.account_id})
    project_id = entry.project_id if entry.project_id and session.get(Project, entry.project_id) else None
    row = LedgerEntry(
        id=entry.id, year=entry.year, entry_date=entry.entry_date, direction=entry.direction,
        category_id=entry.category_id, description=entry.description, counterparty=entry.counterparty,
        amount=entry.amount, voucher_no=entry.voucher_no, payment_method=entry.payment_method,
        source=entry.source, project_id=project_id, account_id=entry.account_id, kind=entry.kind,
    )
    session.add(row)
    put_back_at(session, row, entry.version)  # the undo/redo steps around it name these versions
    session.flush()
    if project_id is None:  # its 事業 went meanwhile: back without it
        return replace(entry, version=row.version, project_id=None, project_name="")
    return replace(entry, version=row.version)


def get_entry(db: Database, entry_id: int) -> Entry:
    with db.session() as session:
        e = _load(session, entry_id)
        return _entry(session, e)


def entry_rows(session: Session, year: FiscalYear, account_ids: Sequence[int] | None,
               ids: Iterable[int] | None = None) -> Iterable[Entry]:
    """The year's entries of the given 口座 (None: every 口座) in date order; only `ids` when given."""
    # plain tuples, not ORM objects: 50,000 entries load in a fraction of a second
    query = (
        select(LedgerEntry.id, LedgerEntry.year, LedgerEntry.entry_date, LedgerEntry.direction,
               LedgerEntry.category_id, func.coalesce(Category.name, ""), LedgerEntry.amount,
               LedgerEntry.description, LedgerEntry.counterparty, LedgerEntry.voucher_no,
               LedgerEntry.payment_method, LedgerEntry.source, LedgerEntry.project_id,
               func.coalesce(Project.name, ""), LedgerEntry.account_id, MoneyAccount.name, LedgerEntry.kind,
               LedgerEntry.transfer_id, LedgerEntry.version)
        .outerjoin(Category, Category.id == LedgerEntry.category_id)
        .outerjoin(Project, Project.id == LedgerEntry.project_id)
        .join(MoneyAccount, MoneyAccount.id == LedgerEntry.account_id)
        .where(LedgerEntry.year == year.year)
        .order_by(LedgerEntry.entry_date, LedgerEntry.voucher_no, LedgerEntry.id)
    )
    if ids is not None:
        query = query.where(LedgerEntry.id.in_(list(ids)))
    if account_ids is not None:
        query = query.where(LedgerEntry.account_id.in_(account_ids))
    for row in session.execute(query):
        yield Entry(*row)


def scope_accounts(session: Session, book_id: int | None, account_id: int | None) -> list[int]:
    from app.services.accounts.books import book_account_ids

    return [account_id] if account_id is not None else book_account_ids(session, book_id)


def list_entries(db: Database, year: FiscalYear, *, book_id: int | None = None, account_id: int | None = None,
                 all_books: bool = False) -> list[Entry]:
    """The entries of one 口座, or of every 口座 of the 会計 (default: the first 会計)."""
    with db.session() as session:
        scope = None if all_books else scope_accounts(session, book_id, account_id)
        return list(entry_rows(session, year, scope))


def entry_order(entry: Entry) -> tuple[date, int, int]:
    """The cash book's order: date, then 証憑番号."""
    return entry.entry_date, entry.voucher_no, entry.id


def with_balances(entries: Iterable[Entry]) -> list[LedgerRow]:
    """Entries (in the cash book's order) with the balance after each line. The year opens at 0; the
    previous year's balance arrives as the 前年度繰越金 income line(s) written by closing (one per 口座)."""
    balance = 0
    rows = []
    for entry in entries:
        balance += entry.amount if entry.direction == INCOME else -entry.amount
        rows.append(LedgerRow(entry, balance))
    return rows


def ledger_rows(db: Database, year: FiscalYear, *, book_id: int | None = None,
                account_id: int | None = None) -> list[LedgerRow]:
    """The book in date order with the balance after each line — of the one 口座, or of the whole
    会計 (every 口座 together)."""
    return with_balances(list_entries(db, year, book_id=book_id, account_id=account_id))


def account_balances_in(session: Session, year: FiscalYear, account_ids: Sequence[int] | None = None,
                        on_date: date | None = None) -> dict[int, int]:
    """The balance of each 口座 at the end of `year` (or after the entries dated `on_date` and earlier)."""
    signed = case((LedgerEntry.direction == INCOME, LedgerEntry.amount), else_=-LedgerEntry.amount)
    query = (select(LedgerEntry.account_id, func.coalesce(func.sum(signed), 0))
             .where(LedgerEntry.year == year.year).group_by(LedgerEntry.account_id))
    if account_ids is not None:
        query = query.where(LedgerEntry.account_id.in_(account_ids))
    if on_date is not None:
        query = query.where(LedgerEntry.entry_date <= on_date)
    found = {k: int(v) for k, v in session.execute(query).all()}
    return {k: found.get(k, 0) for k in (account_ids if account_ids is not None else found)}


def year_balance(session: Session, year: FiscalYear, book_id: int | None = None) -> int:
    """The 会計's money at the end of the year: every 口座 together (transfers between them cancel)."""
    return sum(account_balances_in(session, year, scope_accounts(session, book_id, None)).values())


def last_entry_date(db: Database, year: FiscalYear) -> date | None:
    """The date of the most recently written entry: the form starts there."""
    with db.session() as session:
        return session.scalar(
            select(LedgerEntry.entry_date).where(LedgerEntry.year == year.year).order_by(LedgerEntry.id.desc()).limit(1)
        )
