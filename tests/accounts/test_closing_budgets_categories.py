"""Year closing and carry-forward, budgets with 補正 versions, categories that retire."""

from __future__ import annotations

from datetime import date

import pytest

from app.domain.validation import ValidationError
from app.services.accounts.analysis import budget_vs_actual
from app.services.accounts.budgets import current_budget, list_budget_versions, save_budget
from app.services.accounts.categories import (
    add_category,
    delete_category,
    list_categories,
    set_category_retired,
)
from app.services.accounts.closing import close_year, reopen_year, year_status
from app.services.accounts.ledger import EntryInput, delete_entry, ledger_rows, update_entry
from tests.accounts.conftest import FY


def test_closing_carries_the_balance_forward_as_next_years_income(db, book) -> None:
    book(date(2025, 4, 10), "指定管理料（市からの管理費）", 500_000)
    book(date(2026, 3, 31), "光熱水費", 123_456)
    assert close_year(db, FY, "総会で承認").value == 376_544
    [carried] = ledger_rows(db, FY.next())
    assert (carried.entry.entry_date, carried.entry.category_name, carried.entry.amount) == (
        date(2026, 4, 1), "前年度繰越金", 376_544)
    # the next year's own entries continue from the carried balance
    book(date(2026, 4, 2), "光熱水費", 76_544, year=FY.next())
    assert ledger_rows(db, FY.next())[-1].balance == 300_000
    carry = {r.name: r.actual for r in budget_vs_actual(db, FY.next())}["前年度繰越金"]
    assert carry == 376_544


def test_closing_twice_after_reopening_updates_the_carry_forward(db, book) -> None:
    book(date(2025, 4, 10), "会費", 10_000)
    close_year(db, FY)
    reopen_year(db, FY, "領収書の記帳漏れ")
    book(date(2026, 3, 1), "消耗品費", 1_000)
    close_year(db, FY, "再承認")
    carried = [r.entry for r in ledger_rows(db, FY.next())]
    assert [(e.category_name, e.amount) for e in carried] == [("前年度繰越金", 9_000)]
    status = year_status(db, FY)
    assert status.closed
    assert [(e.action, e.reason) for e in status.events] == [
        ("close", ""), ("reopen", "領収書の記帳漏れ"), ("close", "再承認")]


def test_closed_year_refuses_every_edit_until_reopened_with_a_reason(db, book, cats) -> None:
    e = book(date(2025, 4, 10), "会費", 10_000)
    close_year(db, FY)
    with pytest.raises(ValidationError, match="締められているため変更できません"):
        book(date(2025, 5, 1), "会費", 1)
    with pytest.raises(ValidationError, match="締められている"):
        update_entry(db, e.id, EntryInput(date(2025, 4, 10), "income", cats["会費"], 20_000))
    with pytest.raises(ValidationError, match="締められている"):
        delete_entry(db, e.id)
    with pytest.raises(ValidationError, match="締められている"):
        save_budget(db, FY, {cats["会費"]: 1})
    with pytest.raises(ValidationError, match="理由"):
        reopen_year(db, FY, "  ")
    assert [r.entry.amount for r in ledger_rows(db, FY)] == [10_000]
    reopen_year(db, FY, "誤りの訂正")
    book(date(2025, 5, 1), "会費", 1)
    assert len(ledger_rows(db, FY)) == 2


def test_carry_forward_line_cannot_be_edited_by_hand(db, book, cats) -> None:
    book(date(2025, 4, 10), "会費", 10_000)
    close_year(db, FY)
    [carried] = ledger_rows(db, FY.next())
    with pytest.raises(ValidationError, match="前年度繰越金"):
        delete_entry(db, carried.entry.id)


def test_a_year_cannot_close_into_a_closed_next_year(db, book) -> None:
    book(date(2025, 4, 10), "会費", 10_000)
    close_year(db, FY)
    close_year(db, FY.next())
    reopen_year(db, FY, "訂正")
    with pytest.raises(ValidationError, match="令和8年度が締められているため"):
        close_year(db, FY)


def test_budget_versions_the_latest_is_in_force(db, cats, book) -> None:
    save_budget(db, FY, {cats["修繕費"]: 300_000, cats["会費"]: 270_000}, adopted_on=date(2025, 4, 20))
    save_budget(db, FY, {cats["修繕費"]: 1_200_000, cats["会費"]: 270_000}, note="ボイラー修理")
    versions = list_budget_versions(db, FY)
    assert [v.label for v in versions] == ["当初予算", "第1号補正予算"]
    assert versions[0].amounts[cats["修繕費"]] == 300_000  # the 当初予算 is kept as it was
    assert current_budget(db, FY).amounts[cats["修繕費"]] == 1_200_000
    book(date(2025, 11, 12), "修繕費", 1_300_000)
    row = {r.name: r for r in budget_vs_actual(db, FY)}["修繕費"]
    assert (row.budget, row.actual, row.remaining, row.over_budget) == (1_200_000, 1_300_000, -100_000, True)
    assert row.rate == pytest.approx(1_300_000 / 1_200_000)


def test_budget_amounts_must_be_whole_yen(db, cats) -> None:
    with pytest.raises(ValidationError, match="修繕費"):
        save_budget(db, FY, {cats["修繕費"]: "12.5"})
    assert list_budget_versions(db, FY) == []


def test_category_in_use_retires_but_is_not_deleted(db, cats, book) -> None:
    book(date(2025, 4, 1), "雑費", 100)
    with pytest.raises(ValidationError, match="廃止"):
        delete_category(db, cats["雑費"])
    set_category_retired(db, cats["雑費"], True)
    with pytest.raises(ValidationError, match="廃止されています"):
        book(date(2025, 4, 2), "雑費", 100)
    # history stays: the retired category still shows where it has entries
    assert {r.name: r.actual for r in budget_vs_actual(db, FY)}["雑費"] == 100
    new = add_category(db, "expense", "研修費").value
    delete_category(db, new.id)
    assert "研修費" not in {c.name for c in list_categories(db)}
    with pytest.raises(ValidationError, match="既にあります"):
        add_category(db, "expense", "光熱水費")
