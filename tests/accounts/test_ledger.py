"""The cash book: amounts, dates at the year's edges, 証憑番号, running balance, sums."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, timedelta

import pytest

from app.domain.validation import ValidationError
from app.services.accounts.analysis import budget_vs_actual, monthly_totals
from app.services.accounts.ledger import (
    EntryInput,
    add_entries,
    add_entry,
    delete_entry,
    ledger_rows,
    restore_entry,
    update_entry,
)
from app.services.changes import LEDGER, Changes
from tests.accounts.conftest import FY


def test_running_balance_follows_the_dates(db, book) -> None:
    book(date(2025, 5, 1), "光熱水費", 3_000)
    book(date(2025, 4, 1), "指定管理料（市からの管理費）", 100_000)
    book(date(2025, 6, 1), "修繕費", 20_000)
    rows = ledger_rows(db, FY)
    assert [(r.entry.entry_date.month, r.balance) for r in rows] == [(4, 100_000), (5, 97_000), (6, 77_000)]


@pytest.mark.parametrize("d", [date(2025, 4, 1), date(2026, 3, 31)])
def test_first_and_last_day_belong_to_the_year(db, book, d) -> None:
    book(d, "会費", 1)
    assert [r.entry.entry_date for r in ledger_rows(db, FY)] == [d]


@pytest.mark.parametrize("d", [date(2025, 3, 31), date(2026, 4, 1)])
def test_a_day_outside_the_year_is_refused_with_a_message(db, book, d) -> None:
    with pytest.raises(ValidationError) as exc:
        book(d, "会費", 1_000)
    assert f"{d:%Y/%m/%d} は令和7年度" in str(exc.value)
    assert ledger_rows(db, FY) == []


def test_settlement_period_entries_need_the_explicit_flag(db, book) -> None:
    with pytest.raises(ValidationError, match="出納整理期間"):
        book(date(2026, 5, 20), "光熱水費", 5_000)
    entry = book(date(2026, 5, 20), "光熱水費", 5_000, settlement_period=True)
    assert entry.year == 2025
    with pytest.raises(ValidationError, match="期間外"):  # June is past the 出納整理期間
        book(date(2026, 6, 1), "光熱水費", 5_000, settlement_period=True)
    months = {r.name: r for r in monthly_totals(db, FY)}
    assert months["光熱水費"].settlement_period == 5_000 and sum(months["光熱水費"].months) == 0


@pytest.mark.parametrize("amount, expected", [(1, 1), ("1", 1), ("１，２３４円", 1234), (999_999_999_999_999, 999_999_999_999_999)])
def test_one_yen_and_very_large_amounts_are_kept_exactly(db, book, amount, expected) -> None:
    book(date(2025, 4, 1), "会費", amount)
    [row] = ledger_rows(db, FY)
    assert row.entry.amount == expected and isinstance(row.entry.amount, int)
    assert row.balance == expected


@pytest.mark.parametrize(
    "amount, message",
    [(0, "1円以上"), ("0", "1円以上"), (12.5, "整数"), ("12.5", "整数"), (-300, "以上"), ("-300", "以上"),
     ("1.2e3", "読めません"), ("千円", "読めません"), ("", "空"), (None, "空"), (True, "読めません")],
)
def test_bad_amounts_are_refused(db, book, amount, message) -> None:
    with pytest.raises(ValidationError, match=message):
        book(date(2025, 4, 1), "会費", amount)
    assert ledger_rows(db, FY) == []


def test_category_must_match_the_direction(db, cats) -> None:
    with pytest.raises(ValidationError, match="支出の費目"):
        add_entry(db, FY, EntryInput(date(2025, 4, 1), "income", cats["光熱水費"], 100))


def test_payment_method_is_one_of_three(db, book) -> None:
    assert book(date(2025, 4, 1), "光熱水費", 100, payment_method="口座振替").payment_method == "口座振替"
    with pytest.raises(ValidationError, match="現金・口座振替・振込"):
        book(date(2025, 4, 1), "光熱水費", 100, payment_method="カード")


def test_voucher_numbers_count_up_per_year_and_stay_unique(db, book) -> None:
    assert [book(date(2025, 4, d), "会費", 10).voucher_no for d in (1, 2, 3)] == [1, 2, 3]
    assert book(date(2026, 4, 1), "会費", 10, year=FY.next()).voucher_no == 1  # a new year starts at 1
    assert book(date(2025, 4, 4), "会費", 10, voucher_no=10).voucher_no == 10
    assert book(date(2025, 4, 5), "会費", 10).voucher_no == 11
    with pytest.raises(ValidationError, match="証憑番号 2 は令和7年度で既に使われています"):
        book(date(2025, 4, 6), "会費", 10, voucher_no=2)


def test_edit_delete_and_undo_of_delete(db, book, cats) -> None:
    e = book(date(2025, 4, 1), "光熱水費", 1_000)
    updated = update_entry(db, e.id, EntryInput(date(2025, 4, 2), "expense", cats["燃料費"], "2,500", "灯油"))
    changed = updated.value
    assert (changed.category_name, changed.amount, changed.voucher_no) == ("燃料費", 2_500, e.voucher_no)
    assert updated.changes == Changes.of(LEDGER, e.id)  # what the screens re-read: that one row
    deleted = delete_entry(db, e.id)
    gone = deleted.value
    assert deleted.changes == Changes.of(LEDGER, e.id)
    assert ledger_rows(db, FY) == []
    assert restore_entry(db, gone).changes == Changes.of(LEDGER, e.id)
    assert [r.entry for r in ledger_rows(db, FY)] == [gone]


def test_sums_by_month_and_category_match_independent_arithmetic(db, cats) -> None:
    rng = random.Random(7)
    names = ["指定管理料（市からの管理費）", "施設使用料", "光熱水費", "燃料費", "修繕費", "人件費"]
    kinds = {"指定管理料（市からの管理費）": "income", "施設使用料": "income"}
    inputs, expected = [], defaultdict(int)
    for _ in range(600):
        d = FY.start + timedelta(days=rng.randint(0, 364))
        name = rng.choice(names)
        amount = rng.randint(1, 3_000_000)
        inputs.append(EntryInput(d, kinds.get(name, "expense"), cats[name], amount))
        expected[(name, d.month)] += amount
    add_entries(db, FY, inputs)
    order = [4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3]
    for row in monthly_totals(db, FY):
        assert row.months == [expected[(row.name, m)] for m in order], row.name
    by_category = {r.name: r.actual for r in budget_vs_actual(db, FY)}
    for name in names:
        assert by_category[name] == sum(v for (n, _m), v in expected.items() if n == name)
    income = sum(v for (n, _m), v in expected.items() if n in kinds)
    assert ledger_rows(db, FY)[-1].balance == income - (sum(expected.values()) - income)


def test_ten_thousand_entries_in_one_year(db, cats) -> None:
    inputs = [
        EntryInput(FY.start + timedelta(days=i % 365), "income" if i % 4 == 0 else "expense",
                   cats["施設使用料"] if i % 4 == 0 else cats["消耗品費"], 1_000 + i)
        for i in range(10_000)
    ]
    add_entries(db, FY, inputs)
    rows = ledger_rows(db, FY)
    assert len(rows) == 10_000
    assert sorted(r.entry.voucher_no for r in rows) == list(range(1, 10_001))
    income = sum(1_000 + i for i in range(10_000) if i % 4 == 0)
    expense = sum(1_000 + i for i in range(10_000) if i % 4)
    assert rows[-1].balance == income - expense
    months = {r.name: r for r in monthly_totals(db, FY)}
    assert months["施設使用料"].total == income and months["消耗品費"].total == expense


def test_a_batch_with_one_bad_entry_writes_nothing(db, cats) -> None:
    good = EntryInput(date(2025, 4, 1), "expense", cats["光熱水費"], 100)
    bad = EntryInput(date(2025, 4, 1), "expense", cats["光熱水費"], "12.5")
    with pytest.raises(ValidationError, match="2件目"):
        add_entries(db, FY, [good, bad])
    assert ledger_rows(db, FY) == []
