"""現金出納簿: entries with automatic 証憑番号, checks on dates and amounts, and the running balance."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from sqlalchemy import func, select
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
    INCOME,
    PAYMENT_METHODS,
    ensure_year_record,
    require_open,
)
from app.services.changes import LEDGER, Changes, Result
from app.services.records import check_version, refusing_lost_races
from app.storage.database import Database
from app.storage.models import Category, LedgerEntry, Project

TEXT_MAX = 200
COUNTERPARTY_MAX = 100


@dataclass(frozen=True)
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
    category_id: int
    category_name: str
    amount: int
    description: str
    counterparty: str
    voucher_no: int
    payment_method: str
    source: str = ""
    project_id: int | None = None
    project_name: str = ""  # display
    # as read: a correction names it, and is refused if someone saved the entry since (not part of
    # what the entry says: equal entries are equal whatever their version)
    version: int = field(default=1, compare=False)

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
                          version=self.version)


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


def validate_entry(
    session: Session,
    year: FiscalYear,
    inp: EntryInput,
    *,
    entry_id: int | None = None,
    categories: dict[int, Category] | None = None,
    taken_vouchers: set[int] | None = None,
) -> tuple[dict, list[Problem]]:
    """The normalised column values for a LedgerEntry, and every problem found (field names as in
    EntryInput). `taken_vouchers` lets bulk imports check numbers without a query per row."""
    problems: list[Problem] = []
    inp = _by_name(session, year, inp, categories, problems)
    message = check_entry_date(year, inp.entry_date, inp.settlement_period)
    if message:
        problems.append(Problem("entry_date", message))
    if inp.direction not in DIRECTIONS:
        problems.append(Problem("direction", "区分は収入か支出を選んでください"))
    category = None
    if inp.category_id is None:
        if not inp.category_name.strip():
            problems.append(Problem("category_id", "費目を選んでください"))
    else:
        category = (categories or {}).get(inp.category_id) or session.get(Category, inp.category_id)
        if category is None:
            problems.append(Problem("category_id", "その費目は登録されていません"))
        elif inp.direction in DIRECTIONS and category.kind != inp.direction:
            problems.append(Problem(
                "category_id",
                f"費目「{category.name}」は{DIRECTION_LABELS[category.kind]}の費目です（区分は{DIRECTION_LABELS[inp.direction]}）",
            ))
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
    values = dict(
        year=year.year, entry_date=inp.entry_date, direction=inp.direction, category_id=inp.category_id,
        description=description, counterparty=counterparty, amount=amount, voucher_no=voucher,
        payment_method=method, project_id=inp.project_id,
    )
    return values, problems


def _by_name(session: Session, year: FiscalYear, inp: EntryInput, categories: dict[int, Category] | None,
             problems: list[Problem]) -> EntryInput:  # fmt: skip
    """A 費目 and a 事業 given by name (as typed: the same name, or the only one containing it) → ids;
    the 費目 decides 収入/支出. Retired 費目 are found too: an old entry keeps its own (adding a new
    entry with one is refused later)."""
    found = {}
    if inp.category_id is None and inp.category_name.strip():
        every = list((categories or {}).values()) or list(session.scalars(select(Category)))
        active = [c for c in every if not c.retired and c.role != CARRY_FORWARD]
        name = resolve_name(inp.category_name, [c.name for c in active]) or resolve_name(
            inp.category_name, [c.name for c in every])
        category = next((c for c in every if c.name == name), None)
        if category is None:
            problems.append(Problem("category_id", f"費目「{inp.category_name.strip()}」は登録されていません"))
        else:
            found.update(category_id=category.id, direction=inp.direction or category.kind)
    if inp.project_id is None and inp.project_name.strip():
        names = dict(session.execute(select(Project.name, Project.id).where(Project.year == year.year)).all())
        name = resolve_name(inp.project_name, names)
        if name is None:
            problems.append(Problem(
                "project_id", f"事業「{inp.project_name.strip()}」はこの年度の事業にありません（候補から選んでください）"))
        else:
            found["project_id"] = names[name]
    return replace(inp, **found) if found else inp


def _check_project(session: Session, year: FiscalYear, inp: EntryInput) -> str | None:
    """None when the entry may count towards the 決算額 of its project, else a Japanese message."""
    if inp.project_id is None:
        return None
    project = session.get(Project, inp.project_id)
    if project is None:
        return "その事業は登録されていません（削除された可能性があります）"
    if project.year != year.year:
        return f"事業「{project.name}」は{FiscalYear(project.year).label}の事業です。{year.label}の事業を選んでください"
    if inp.direction == INCOME:
        return f"事業「{project.name}」に結びつけられるのは支出だけです（事業の決算額になります）"
    return None


def _next_voucher(session: Session, year: FiscalYear) -> int:
    return (session.scalar(select(func.max(LedgerEntry.voucher_no)).where(LedgerEntry.year == year.year)) or 0) + 1


def next_voucher_no(db: Database, year: FiscalYear) -> int:
    with db.session() as session:
        return _next_voucher(session, year)


def _entry(session: Session, e: LedgerEntry, category_name: str) -> Entry:
    project = session.get(Project, e.project_id) if e.project_id is not None else None
    return Entry(e.id, e.year, e.entry_date, e.direction, e.category_id, category_name, e.amount, e.description,
                 e.counterparty, e.voucher_no, e.payment_method, e.source, e.project_id,
                 project.name if project else "", e.version)


def _load(session: Session, entry_id: int) -> LedgerEntry:
    e = session.get(LedgerEntry, entry_id)
    if e is None:
        raise ValidationError("その記帳は見つかりません（削除されたか、別の画面で変更されました）")
    return e


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
    require_open(session, year)
    ensure_year_record(session, year)
    categories = {c.id: c for c in session.scalars(select(Category))}
    taken = set(session.scalars(select(LedgerEntry.voucher_no).where(LedgerEntry.year == year.year)))
    rows: list[dict] = []
    problems: list[Problem] = []
    for n, inp in enumerate(inputs, 1):
        values, found = validate_entry(session, year, inp, categories=categories, taken_vouchers=taken)
        cat = categories.get(values["category_id"]) if values["category_id"] is not None else None
        if cat is not None and cat.retired:
            found.append(Problem("category_id", f"費目「{cat.name}」は廃止されています"))
        if values["voucher_no"] is not None:
            taken.add(values["voucher_no"])
        prefix = f"{n}件目: " if len(inputs) > 1 else ""
        problems += [Problem(p.field, prefix + p.message) for p in found]
        rows.append(values)
    if problems:
        raise ValidationError(problems)
    number = max(taken, default=0)
    objects = []
    for values in rows:
        if values["voucher_no"] is None:
            number += 1
            values["voucher_no"] = number
        objects.append(LedgerEntry(**values, source=""))
    session.add_all(objects)
    session.flush()
    return [_entry(session, e, categories[e.category_id].name) for e in objects]


def update_entry(db: Database, entry_id: int, inp: EntryInput) -> Result[Entry]:
    with refusing_lost_races(db, LedgerEntry, entry_id), db.session.begin() as session:
        entry = update_entry_in(session, entry_id, inp)
    return Result(entry, entry_changes(entry))


def update_entry_in(session: Session, entry_id: int, inp: EntryInput) -> Entry:
    e = _load(session, entry_id)
    check_version(session, e, inp.version)  # saved elsewhere since the form was filled?
    year = FiscalYear(e.year)
    require_open(session, year)
    if e.source == CARRY_FORWARD:
        raise ValidationError("前年度繰越金の行は前年度の締めで作られます。前年度の締めを解除して直してください。")
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


def delete_entry(db: Database, entry_id: int) -> Result[Entry]:
    """Returns what was deleted, so that undo can put it back with restore_entry."""
    with db.session.begin() as session:
        e = _load(session, entry_id)
        require_open(session, FiscalYear(e.year))
        if e.source == CARRY_FORWARD:
            raise ValidationError("前年度繰越金の行は削除できません（前年度の締めで作られます）")
        entry = _entry(session, e, session.get(Category, e.category_id).name)
        session.delete(e)
    return Result(entry, entry_changes(entry))


def restore_entry(db: Database, entry: Entry) -> Result[Entry]:
    """Put a deleted entry back with its id and 証憑番号 (undo of delete)."""
    with db.session.begin() as session:
        require_open(session, FiscalYear(entry.year))
        project_id = entry.project_id if entry.project_id and session.get(Project, entry.project_id) else None
        row = LedgerEntry(
            id=entry.id, year=entry.year, entry_date=entry.entry_date, direction=entry.direction,
            category_id=entry.category_id, description=entry.description, counterparty=entry.counterparty,
            amount=entry.amount, voucher_no=entry.voucher_no, payment_method=entry.payment_method,
            source=entry.source, project_id=project_id,
        )
        session.add(row)
        session.flush()
        restored = replace(entry, version=row.version)  # a row put back counts its versions afresh
    return Result(restored, entry_changes(restored))


def get_entry(db: Database, entry_id: int) -> Entry:
    with db.session() as session:
        e = _load(session, entry_id)
        return _entry(session, e, session.get(Category, e.category_id).name)


def _entry_rows(session: Session, year: FiscalYear, ids: Iterable[int] | None = None) -> Iterable[Entry]:
    # plain tuples, not ORM objects: 50,000 entries load in a fraction of a second
    query = (
        select(LedgerEntry.id, LedgerEntry.year, LedgerEntry.entry_date, LedgerEntry.direction,
               LedgerEntry.category_id, Category.name, LedgerEntry.amount, LedgerEntry.description,
               LedgerEntry.counterparty, LedgerEntry.voucher_no, LedgerEntry.payment_method, LedgerEntry.source,
               LedgerEntry.project_id, func.coalesce(Project.name, ""), LedgerEntry.version)
        .join(Category, Category.id == LedgerEntry.category_id)
        .outerjoin(Project, Project.id == LedgerEntry.project_id)
        .where(LedgerEntry.year == year.year)
        .order_by(LedgerEntry.entry_date, LedgerEntry.voucher_no, LedgerEntry.id)
    )
    if ids is not None:
        query = query.where(LedgerEntry.id.in_(list(ids)))
    for row in session.execute(query):
        yield Entry(*row)


def list_entries(db: Database, year: FiscalYear) -> list[Entry]:
    with db.session() as session:
        return list(_entry_rows(session, year))


def entries_of(db: Database, year: FiscalYear, ids: Iterable[int]) -> list[Entry]:
    """The year's entries among `ids` as stored now (ids deleted or of another year are left out):
    what a screen re-reads after a change names those ids."""
    with db.session() as session:
        return list(_entry_rows(session, year, ids))


def entry_order(entry: Entry) -> tuple[date, int, int]:
    """The cash book's order: date, then 証憑番号."""
    return entry.entry_date, entry.voucher_no, entry.id


def with_balances(entries: Iterable[Entry]) -> list[LedgerRow]:
    """Entries (in the cash book's order) with the balance after each line. The year opens at 0; the
    previous year's balance arrives as the 前年度繰越金 income line written by closing."""
    balance = 0
    rows = []
    for entry in entries:
        balance += entry.amount if entry.direction == INCOME else -entry.amount
        rows.append(LedgerRow(entry, balance))
    return rows


def ledger_rows(db: Database, year: FiscalYear) -> list[LedgerRow]:
    """The cash book in date order with the balance after each line."""
    return with_balances(list_entries(db, year))


def year_balance(session: Session, year: FiscalYear) -> int:
    totals = dict(
        session.execute(
            select(LedgerEntry.direction, func.coalesce(func.sum(LedgerEntry.amount), 0))
            .where(LedgerEntry.year == year.year)
            .group_by(LedgerEntry.direction)
        ).all()
    )
    return int(totals.get(INCOME, 0)) - int(totals.get("expense", 0))


def last_entry_date(db: Database, year: FiscalYear) -> date | None:
    """The date of the most recently written entry: the form starts there."""
    with db.session() as session:
        return session.scalar(
            select(LedgerEntry.entry_date).where(LedgerEntry.year == year.year).order_by(LedgerEntry.id.desc()).limit(1)
        )
