"""年度の締め per 会計: each 会計 closes, carries its balance and reopens on its own; the others stay
open for entries. Closing without a 会計 still closes every one that is open."""

from __future__ import annotations

from datetime import date

import pytest

from app.domain.fiscal_year import FiscalYear
from app.domain.validation import ValidationError
from app.services.accounts.books import add_book, list_accounts
from app.services.accounts.budgets import save_budget
from app.services.accounts.categories import add_category, list_categories
from app.services.accounts.closing import close_year, reopen_year, year_status
from app.services.accounts.ledger import EntryInput, add_entry, ledger_rows
from app.services.accounts.transfers import TransferInput, add_transfer
from app.services.submission.checks_accounts import check_year_closed

FY = FiscalYear(2025)


@pytest.fixture
def two_books(db):
    """一般会計 (the 提出対象) with 100,000円 of 会費 and a 特別会計 with 30,000円 of its own income."""
    special = add_book(db, "特別会計").value
    general_cash = next(a for a in list_accounts(db) if a.kind == "cash")
    special_cash = list_accounts(db, special.id)[0]
    fee = _category(db, None, "会費")
    add_entry(db, FY, EntryInput(date(2025, 4, 10), fee.kind, fee.id, 100_000, account_id=general_cash.id))
    income = add_category(db, "income", "寄付金", book_id=special.id).value
    add_entry(db, FY, EntryInput(date(2025, 4, 11), "income", income.id, 30_000, account_id=special_cash.id))
    return general_cash, special, special_cash, income


def _category(db, book_id, name):
    return next(c for c in list_categories(db, book_id=book_id) if c.name == name)


def _carried(db, year, book_id=None) -> list[int]:
    return [r.entry.amount for r in ledger_rows(db, year, book_id=book_id) if r.entry.source == "carry_forward"]


def test_closing_one_book_leaves_the_other_open(db, two_books) -> None:
    general_cash, special, special_cash, income = two_books
    assert close_year(db, FY, "決算承認", book_id=special.id, backup=False).value == 30_000
    assert year_status(db, FY, book_id=special.id).closed
    assert not year_status(db, FY).closed  # the year as a whole: 一般会計 is still open
    assert year_status(db, FY).closed_books == ("特別会計",) and year_status(db, FY).open_books == ("一般会計",)
    # only the closed 会計 carried its balance into the next year
    assert _carried(db, FY.next(), special.id) == [30_000]
    assert _carried(db, FY.next()) == []
    # 一般会計 takes entries and a budget; the 特別会計 refuses them, naming itself
    fee = _category(db, None, "会費")
    add_entry(db, FY, EntryInput(date(2025, 5, 1), fee.kind, fee.id, 5_000, account_id=general_cash.id))
    save_budget(db, FY, {fee.id: 120_000})
    with pytest.raises(ValidationError, match="会計「特別会計」は締められているため変更できません"):
        add_entry(db, FY, EntryInput(date(2025, 5, 2), "income", income.id, 1_000, account_id=special_cash.id))
    with pytest.raises(ValidationError, match="会計「特別会計」は締められている"):
        save_budget(db, FY, {income.id: 30_000}, book_id=special.id)
    # a 繰出・繰入 writes into both 会計: refused while one of them is closed
    with pytest.raises(ValidationError, match="会計「特別会計」は締められている"):
        add_transfer(db, FY, TransferInput(date(2025, 5, 3), general_cash.id, special_cash.id, 10_000))
    assert ledger_rows(db, FY, book_id=special.id)[-1].balance == 30_000


def test_each_book_reopens_on_its_own_and_closing_all_closes_what_is_open(db, two_books) -> None:
    _general_cash, special, special_cash, income = two_books
    close_year(db, FY, "特別会計の決算", book_id=special.id, backup=False)
    with pytest.raises(ValidationError, match="会計「特別会計」は既に締められています"):
        close_year(db, FY, book_id=special.id, backup=False)
    # closing without a 会計 closes the rest (一般会計) and carries only its balance
    assert close_year(db, FY, "総会で承認", backup=False).value == 100_000
    assert year_status(db, FY).closed
    assert sorted(_carried(db, FY.next()) + _carried(db, FY.next(), special.id)) == [30_000, 100_000]
    with pytest.raises(ValidationError, match="既に締められています"):
        close_year(db, FY, backup=False)
    reopen_year(db, FY, "特別会計の記帳漏れ", book_id=special.id)
    assert not year_status(db, FY, book_id=special.id).closed
    general = year_status(db, FY, book_id=_general_cash.book_id)
    assert general.closed and [e.label for e in general.events] == ["締め"]  # its own history only
    add_entry(db, FY, EntryInput(date(2025, 6, 1), "income", income.id, 2_000, account_id=special_cash.id))
    with pytest.raises(ValidationError, match="会計「特別会計」は締められていません"):
        reopen_year(db, FY, "二度目", book_id=special.id)
    assert close_year(db, FY, "再承認", book_id=special.id, backup=False).value == 32_000
    assert _carried(db, FY.next(), special.id) == [32_000]


def test_submission_asks_for_the_closing_of_the_book_the_city_funds(db, two_books) -> None:
    _general_cash, special, _special_cash, _income = two_books
    close_year(db, FY, book_id=special.id, backup=False)  # not the 提出対象 (一般会計)
    assert "締められていません" in check_year_closed(db, FY)[0].message
    close_year(db, FY, book_id=_general_cash.book_id, backup=False)
    assert check_year_closed(db, FY) == []
