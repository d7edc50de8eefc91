"""The cash book read by window, for books of 100,000 entries: one query gives the order of the
lines and the running balance (an SQL window function, on SQLite and PostgreSQL alike), and the
lines themselves are read only for the rows a screen shows. A search is one more query that answers
which lines match; nothing of the whole book is built as Python objects."""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, String, and_, case, cast, false, func, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from app.domain.directions import DIRECTION_LABELS, INCOME
from app.domain.fiscal_year import FiscalYear
from app.services.accounts.common import ENTRY_KIND_LABELS
from app.services.accounts.ledger import Entry, entry_rows, scope_accounts
from app.storage.database import Database
from app.storage.models import Category, LedgerEntry, MoneyAccount, Project

Q = TypeVar("Q", bound=Select[*tuple[Any, ...]])

# the cash book's order (ledger.entry_order): date, then 証憑番号, then the id
_ORDER = (LedgerEntry.entry_date, LedgerEntry.voucher_no, LedgerEntry.id)


@dataclass(frozen=True)
class BookScope:
    """Which book is shown: the year, the 会計 (None: the first) and one 口座 (None: every 口座)."""

    year: FiscalYear
    book_id: int | None = None
    account_id: int | None = None


@dataclass(frozen=True)
class BookIndex:
    """The lines of a book in order: `ids[i]` is the entry on line i and `balances[i]` the balance
    after it. Compact arrays: 100,000 lines take under 2 MB."""

    ids: array[int]
    balances: array[int]

    def __len__(self) -> int:
        return len(self.ids)


@dataclass(frozen=True)
class BookFacts:
    """What the screen shows beside the lines, each answered by the database, not by the lines."""

    has_projects: bool  # some expense names a 事業: the 事業 column is worth its width
    account_count: int  # 口座 appearing in the book: one means the 口座 column would repeat itself
    counterparties: list[str]  # for the form's completer


def book_index(db: Database, scope: BookScope) -> BookIndex:
    """Every line's entry id and running balance, in the cash book's order, in one query."""
    signed = case((LedgerEntry.direction == INCOME, LedgerEntry.amount), else_=-LedgerEntry.amount)
    running = func.sum(signed).over(order_by=_ORDER, rows=(None, 0))
    with db.session() as session:
        query = select(LedgerEntry.id, running).order_by(*_ORDER)
        result: Iterable[tuple[int, int]] = session.execute(_in_scope(session, query, scope))
        ids, balances = array("q"), array("q")
        for entry_id, balance in result:
            ids.append(entry_id)
            balances.append(int(balance))
    return BookIndex(ids, balances)


def matching_ids(db: Database, scope: BookScope, text: str) -> set[int]:
    """The entries of the book whose shown text contains `text` (case aside): 摘要, 相手先, 費目,
    事業, 口座, 支払方法, 区分, the date (2025/04/01), the 証憑番号 and the amount (1,200 or 1200)."""
    needle = text.strip()
    if not needle:
        return set()
    with db.session() as session:
        # SQLite's LIKE already ignores ASCII case; lower() on every row would double the time
        plain = session.get_bind().dialect.name == "sqlite"

        def has(column: ColumnElement[str] | InstrumentedAttribute[str]) -> ColumnElement[bool]:
            return column.contains(needle, autoescape=True) if plain else column.icontains(needle, autoescape=True)

        # names live in small tables: the ids whose name matches, not a join on every entry
        matches: list[ColumnElement[bool]] = [
            has(LedgerEntry.description), has(LedgerEntry.counterparty), has(LedgerEntry.payment_method),
            LedgerEntry.category_id.in_(select(Category.id).where(has(Category.name))),
            LedgerEntry.project_id.in_(select(Project.id).where(has(Project.name))),
            LedgerEntry.account_id.in_(select(MoneyAccount.id).where(has(MoneyAccount.name))),
            cast(LedgerEntry.entry_date, String).contains(needle.replace("/", "-"), autoescape=True),
            _kind_labelled(needle),
        ]
        digits = needle.replace(",", "")
        if digits.isdigit():
            matches.append(cast(LedgerEntry.amount, String).contains(digits))
            matches.append(LedgerEntry.voucher_no == int(digits))
        return set(session.scalars(_in_scope(session, select(LedgerEntry.id).where(or_(*matches)), scope)))


def entries_by_id(db: Database, scope: BookScope, ids: Iterable[int]) -> dict[int, Entry]:
    """The entries among `ids` as stored now (the lines a screen is about to show)."""
    wanted = list(ids)
    if not wanted:
        return {}
    with db.session() as session:
        accounts = scope_accounts(session, scope.book_id, scope.account_id)
        return {e.id: e for e in entry_rows(session, scope.year, accounts, wanted)}


def book_facts(db: Database, scope: BookScope) -> BookFacts:
    with db.session() as session:
        has_projects = session.scalar(_in_scope(
            session, select(LedgerEntry.id).where(LedgerEntry.project_id.is_not(None)).limit(1), scope)) is not None
        account_count = session.scalar(select(func.count()).select_from(_in_scope(
            session, select(LedgerEntry.account_id).distinct(), scope).subquery())) or 0
        names = session.scalars(_in_scope(
            session, select(LedgerEntry.counterparty).where(LedgerEntry.counterparty != "").distinct(), scope))
        return BookFacts(has_projects, int(account_count), sorted(names))


def positions_of(index: BookIndex, ids: set[int]) -> list[int]:
    """The lines (in order) whose entry is among `ids`."""
    return [i for i, entry_id in enumerate(index.ids) if entry_id in ids]


def _in_scope(session: Session, query: Q, scope: BookScope) -> Q:
    accounts: Sequence[int] = scope_accounts(session, scope.book_id, scope.account_id)
    return query.where(LedgerEntry.year == scope.year.year, LedgerEntry.account_id.in_(accounts))


def _kind_labelled(needle: str) -> ColumnElement[bool]:
    """区分 is not stored as text: the (kind, direction) pairs whose label contains the search."""
    pairs = [(kind, direction) for (kind, direction), label in ENTRY_KIND_LABELS.items() if needle in label]
    pairs += [("", direction) for direction, label in DIRECTION_LABELS.items() if needle in label]
    if not pairs:
        return false()
    return or_(*(and_(LedgerEntry.kind == kind, LedgerEntry.direction == direction) for kind, direction in pairs))
