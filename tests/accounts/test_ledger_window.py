"""The cash book read by window (issue 18): the order and running balance come from one SQL query
(a window function) and must equal the book as the reports compute it, for the whole 会計 and for
one 口座; a search answers which lines match what the table shows."""

from __future__ import annotations

from datetime import date

import pytest

from app.domain.fiscal_year import FiscalYear
from app.services.accounts.books import AccountInput, add_account, list_accounts
from app.services.accounts.categories import list_categories
from app.services.accounts.common import REFUND
from app.services.accounts.ledger import EntryInput, add_entries, ledger_rows
from app.services.accounts.ledger_window import (
    BookScope,
    book_facts,
    book_index,
    entries_by_id,
    matching_ids,
    positions_of,
)
from app.services.accounts.transfers import TransferInput, add_transfer

FY = FiscalYear(2025)


@pytest.fixture
def book(db):
    """A mixed book: income, expenses on two days with several 証憑, a 戻入, and a transfer to the bank."""
    bank = add_account(db, AccountInput("ゆうちょ", "bank")).value.id
    cats = {c.name: c for c in list_categories(db)}
    fee, power, rent = cats["会費"], cats["光熱水費"], cats["施設使用料"]

    def line(d: date, category, amount: int, description: str, **kw) -> EntryInput:
        return EntryInput(d, kw.pop("direction", category.kind), category.id, amount, description, **kw)

    add_entries(db, FY, [
        line(date(2025, 4, 10), fee, 120_000, "年会費 4月分", counterparty="山田太郎"),
        line(date(2025, 5, 2), power, 8_640, "電気料 4月分", counterparty="東北電力"),
        line(date(2025, 4, 10), rent, 3_000, "和室 使用料"),  # the same day as the first: 証憑 order
        line(date(2025, 6, 1), power, 1_200, "電気料 過払い分 100%返金", counterparty="東北電力",
             direction="income", kind=REFUND),
    ])
    add_transfer(db, FY, TransferInput(date(2025, 5, 20), _cash(db), bank, 50_000, "預け入れ"))
    return bank


def _cash(db) -> int:
    return next(a.id for a in list_accounts(db) if a.kind == "cash")


@pytest.mark.parametrize("which", ["book", "cash", "bank"])
def test_the_sql_running_balance_equals_the_books_balance(db, book, which) -> None:
    account = {"book": None, "cash": _cash(db), "bank": book}[which]
    expected = ledger_rows(db, FY, account_id=account)
    index = book_index(db, BookScope(FY, None, account))
    assert list(index.ids) == [r.entry.id for r in expected]
    assert list(index.balances) == [r.balance for r in expected]
    assert len(index) == (6 if which == "book" else 5 if which == "cash" else 1)


def test_entries_are_read_only_for_the_ids_asked(db, book) -> None:
    index = book_index(db, BookScope(FY))
    wanted = list(index.ids[1:3])
    entries = entries_by_id(db, BookScope(FY), wanted)
    assert sorted(entries) == sorted(wanted)
    assert {e.description for e in entries.values()} == {"和室 使用料", "電気料 4月分"}


def _found(db, text: str, account: int | None = None) -> list[str]:
    scope = BookScope(FY, None, account)
    index = book_index(db, scope)
    entries = entries_by_id(db, scope, index.ids)
    return [entries[index.ids[i]].description for i in positions_of(index, matching_ids(db, scope, text))]


@pytest.mark.parametrize(("text", "found"), [
    ("電気", ["電気料 4月分", "電気料 過払い分 100%返金"]),  # 摘要
    ("東北電力", ["電気料 4月分", "電気料 過払い分 100%返金"]),  # 相手先
    ("会費", ["年会費 4月分"]),  # 費目 and 摘要
    ("施設使用", ["和室 使用料"]),  # 費目 only
    ("2025/04/10", ["年会費 4月分", "和室 使用料"]),  # the date as the table shows it
    ("8,640", ["電気料 4月分"]),  # the amount as shown
    ("120000", ["年会費 4月分"]),  # or as typed
    ("戻入", ["電気料 過払い分 100%返金"]),  # 区分
    ("100%", ["電気料 過払い分 100%返金"]),  # % is a character, not a wildcard
    ("ゆうちょ", ["預け入れ", "預け入れ"]),  # 口座 (and 振替 both halves name it)
    ("該当なし", []),
])
def test_search_finds_what_the_table_shows(db, book, text, found) -> None:
    assert _found(db, text) == found


def test_search_keeps_to_the_chosen_account(db, book) -> None:
    assert _found(db, "預け入れ", account=book) == ["預け入れ"]


def test_book_facts_say_which_columns_are_worth_showing(db, book) -> None:
    whole = book_facts(db, BookScope(FY))
    assert whole.account_count == 2 and not whole.has_projects
    assert whole.counterparties == ["ゆうちょ", "山田太郎", "東北電力", "現金"]  # a transfer names the other 口座
    assert book_facts(db, BookScope(FY, None, book)).account_count == 1
