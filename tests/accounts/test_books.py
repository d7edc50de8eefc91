"""会計・口座: balances per 口座 and in total, transfers outside every total, refunds netted,
款・項・目 with subtotals, 流用, passbook checks, and closing per 口座."""

from __future__ import annotations

from datetime import date

import pytest

from app.domain.fiscal_year import FiscalYear
from app.domain.validation import ValidationError
from app.services.accounts.analysis import budget_vs_actual, statement_lines, totals
from app.services.accounts.books import (
    AccountInput,
    add_account,
    add_book,
    delete_account,
    delete_book,
    list_accounts,
    list_books,
    submission_book,
)
from app.services.accounts.budget_moves import move_budget
from app.services.accounts.budgets import save_budget
from app.services.accounts.categories import add_category, list_categories, set_category_parent
from app.services.accounts.closing import close_year, closing_warnings
from app.services.accounts.common import EXPENSE, INCOME, REFUND, RESERVE
from app.services.accounts.ledger import EntryInput, add_entry, ledger_rows, list_entries, refund_warning
from app.services.accounts.reconciliation import reconciliation_status, record_passbook_balance
from app.services.accounts.transfers import TransferInput, add_transfer, delete_transfer
from app.services.changes import LEDGER, MONEY_ACCOUNTS

FY = FiscalYear(2025)


@pytest.fixture
def cats(db) -> dict[str, int]:
    return {c.name: c.id for c in list_categories(db)}


@pytest.fixture
def bank(db) -> int:
    return add_account(db, AccountInput("ゆうちょ", "bank", bank_name="ゆうちょ銀行", branch="八四八",
                                        account_type="普通", number="1234567")).value.id


def _cash(db) -> int:
    return next(a.id for a in list_accounts(db) if a.kind == "cash")


def _entry(db, cats, d, name, amount, **kw):
    kind = next(c.kind for c in list_categories(db) if c.name == name)
    return add_entry(db, FY, EntryInput(d, kw.pop("direction", kind), cats[name], amount, **kw))


def _balances(db, year=FY) -> dict[str, int]:
    rows = {}
    for a in list_accounts(db):
        shown = ledger_rows(db, year, account_id=a.id)
        rows[a.name] = shown[-1].balance if shown else 0
    return rows


def test_a_new_database_has_one_book_with_cash_and_the_categories_under_two_kan(db) -> None:
    books = list_books(db)
    assert [(b.name, b.funded_by_city) for b in books] == [("一般会計", True)]
    assert [(a.name, a.kind) for a in list_accounts(db)] == [("現金", "cash")]
    tree = list_categories(db, include_headings=True)
    assert [(c.name, c.level_label) for c in tree if c.heading] == [("収入", "款"), ("支出", "款")]
    assert all(c.parent_id is not None and c.level_label == "目" for c in tree if not c.heading)


def test_opening_balance_and_running_balance_per_account_and_in_total(db, cats) -> None:
    add_account(db, AccountInput("A銀行", "bank", bank_name="A銀行"), opening="300,000", year=FY)
    _entry(db, cats, date(2025, 4, 10), "会費", 50_000)
    assert _balances(db) == {"現金": 50_000, "A銀行": 300_000}
    total = ledger_rows(db, FY)
    assert [r.balance for r in total] == [300_000, 350_000]
    assert total[0].entry.category_name == "前年度繰越金" and total[0].entry.account_name == "A銀行"


def test_transfer_moves_money_between_accounts_and_counts_in_no_total(db, cats, bank) -> None:
    _entry(db, cats, date(2025, 4, 10), "会費", 120_000)
    before = totals(budget_vs_actual(db, FY), INCOME), totals(budget_vs_actual(db, FY), EXPENSE)
    result = add_transfer(db, FY, TransferInput(date(2025, 4, 11), _cash(db), bank, "100,000"))
    assert result.value.label == "預け入れ"
    assert result.changes.touches(LEDGER)
    assert _balances(db) == {"現金": 20_000, "ゆうちょ": 100_000}
    assert ledger_rows(db, FY)[-1].balance == 120_000  # the 会計 as a whole holds the same money
    after = totals(budget_vs_actual(db, FY), INCOME), totals(budget_vs_actual(db, FY), EXPENSE)
    assert after == before
    halves = [e for e in list_entries(db, FY) if e.is_transfer]
    assert [(e.account_name, e.kind_label, e.amount) for e in halves] == [
        ("現金", "振替出", 100_000), ("ゆうちょ", "振替入", 100_000)]
    delete_transfer(db, result.value.id)
    assert _balances(db) == {"現金": 120_000, "ゆうちょ": 0}


def test_a_transfer_to_the_same_account_is_refused_and_changes_nothing(db, cats) -> None:
    with pytest.raises(ValidationError, match="同じ口座「現金」"):
        add_transfer(db, FY, TransferInput(date(2025, 4, 11), _cash(db), _cash(db), 1000))
    assert list_entries(db, FY) == []


def test_transfer_between_books_is_kuridashi_and_kuriire_entered_once(db, cats) -> None:
    special = add_book(db, "特別会計（積立金）").value
    fund_cash = list_accounts(db, special.id)[0]
    _entry(db, cats, date(2025, 4, 10), "会費", 200_000)
    add_transfer(db, FY, TransferInput(date(2025, 5, 1), _cash(db), fund_cash.id, 80_000))
    general = {r.name: r.actual for r in budget_vs_actual(db, FY)}
    other = {r.name: r.actual for r in budget_vs_actual(db, FY, book_id=special.id)}
    assert general["繰出金"] == 80_000 and other["繰入金"] == 80_000
    assert totals(budget_vs_actual(db, FY, book_id=special.id), INCOME)[1] == 80_000
    assert ledger_rows(db, FY, book_id=special.id)[-1].balance == 80_000


def test_refund_is_netted_in_every_total(db, cats) -> None:
    _entry(db, cats, date(2025, 4, 10), "会費", 100_000)
    _entry(db, cats, date(2025, 4, 12), "消耗品費", 30_000)
    refund = add_entry(db, FY, EntryInput(date(2025, 4, 20), INCOME, cats["消耗品費"], 4_000, kind=REFUND,
                                          description="返品")).value
    assert refund.kind_label == "戻入"
    row = next(r for r in budget_vs_actual(db, FY) if r.name == "消耗品費")
    assert row.actual == 26_000
    assert ledger_rows(db, FY)[-1].balance == 74_000
    expense = totals(budget_vs_actual(db, FY), EXPENSE)[1]
    income = totals(budget_vs_actual(db, FY), INCOME)[1]
    assert income - expense == 74_000  # the settlement agrees with the cash


def test_refund_rules_wrong_side_refused_and_too_large_warned(db, cats) -> None:
    with pytest.raises(ValidationError, match="戻入は支出の費目"):
        add_entry(db, FY, EntryInput(date(2025, 4, 20), INCOME, cats["会費"], 4_000, kind=REFUND))
    assert list_entries(db, FY) == []
    too_large = EntryInput(date(2025, 4, 20), INCOME, cats["消耗品費"], 4_000, kind=REFUND)
    assert "より大きく" in refund_warning(db, FY, too_large)
    _entry(db, cats, date(2025, 4, 12), "消耗品費", 30_000)
    assert refund_warning(db, FY, too_large) is None


def test_tree_subtotals_equal_the_sum_of_their_moku(db, cats) -> None:
    kan = add_category(db, EXPENSE, "事務費", heading=True).value
    kou = add_category(db, EXPENSE, "事務局費", heading=True, parent_id=kan.id).value
    a = add_category(db, EXPENSE, "コピー代", parent_id=kou.id).value
    b = add_category(db, EXPENSE, "切手代", parent_id=kou.id).value
    with pytest.raises(ValidationError, match="3段まで"):
        add_category(db, EXPENSE, "深すぎる項", heading=True, parent_id=kou.id)
    save_budget(db, FY, {a.id: 10_000, b.id: 5_000})
    _entry(db, cats, date(2025, 4, 10), "会費", 100_000)
    add_entry(db, FY, EntryInput(date(2025, 4, 11), EXPENSE, a.id, 3_000))
    add_entry(db, FY, EntryInput(date(2025, 4, 12), EXPENSE, b.id, 2_000))
    lines = {(x.name, x.level_label): x for x in statement_lines(db, FY)}
    assert (lines["事務局費", "項"].budget, lines["事務局費", "項"].actual) == (15_000, 5_000)
    assert (lines["事務費", "款"].budget, lines["事務費", "款"].actual) == (15_000, 5_000)
    assert lines["事務費", "款"].child_ids == (kou.id,)


def test_a_used_category_cannot_move_to_the_other_side(db, cats) -> None:
    _entry(db, cats, date(2025, 4, 10), "会費", 100_000)
    income_kan = next(c for c in list_categories(db, include_headings=True) if c.heading and c.kind == INCOME)
    expense_kan = next(c for c in list_categories(db, include_headings=True) if c.heading and c.kind == EXPENSE)
    with pytest.raises(ValidationError, match="支出の側へは移せません"):
        set_category_parent(db, cats["会費"], expense_kan.id)
    assert next(c for c in list_categories(db) if c.name == "会費").parent_id == income_kan.id


def test_budget_transfer_within_a_kou_with_reason_and_reserve(db, cats) -> None:
    save_budget(db, FY, {cats["消耗品費"]: 50_000, cats["燃料費"]: 100_000})
    with pytest.raises(ValidationError, match="理由"):
        move_budget(db, FY, cats["燃料費"], cats["消耗品費"], 20_000, "")
    move_budget(db, FY, cats["燃料費"], cats["消耗品費"], 20_000, "灯油が値下がりしたため")
    rows = {r.name: r for r in budget_vs_actual(db, FY)}
    assert (rows["消耗品費"].budget, rows["消耗品費"].moved) == (70_000, 20_000)
    assert (rows["燃料費"].budget, rows["燃料費"].moved) == (80_000, -20_000)
    with pytest.raises(ValidationError, match="残額"):
        move_budget(db, FY, cats["燃料費"], cats["消耗品費"], 90_000, "足りない")
    other_kou = add_category(db, EXPENSE, "事業費の項", heading=True,
                             parent_id=next(c.id for c in list_categories(db, include_headings=True)
                                            if c.heading and c.kind == EXPENSE)).value
    elsewhere = add_category(db, EXPENSE, "講師謝礼", parent_id=other_kou.id).value
    with pytest.raises(ValidationError, match="同じ項"):
        move_budget(db, FY, cats["燃料費"], elsewhere.id, 1_000, "別の項")
    reserve = add_category(db, EXPENSE, "予備費", role=RESERVE).value
    save_budget(db, FY, {cats["消耗品費"]: 50_000, cats["燃料費"]: 100_000, reserve.id: 30_000})
    moved = move_budget(db, FY, reserve.id, elsewhere.id, 10_000, "講師の追加")
    assert moved.value.kind == "予備費充用"
    assert next(r for r in budget_vs_actual(db, FY) if r.name == "講師謝礼").budget == 10_000


def test_a_budget_transfer_is_corrected_in_place_and_keeps_its_id_through_undo(db, cats) -> None:
    from app.services.accounts import operations as ops
    from app.services.accounts.budget_moves import list_budget_moves, update_budget_move

    save_budget(db, FY, {cats["消耗品費"]: 50_000, cats["燃料費"]: 100_000})
    add = ops.AddBudgetMove(db, FY, cats["燃料費"], cats["消耗品費"], 20_000, "灯油が値下がりしたため")
    add.apply()
    first = add.added
    # what the move took is given back before the new amount is checked: 100,000 can go, not more
    with pytest.raises(ValidationError, match="残額は100,000円です"):
        update_budget_move(db, first.id, cats["燃料費"], cats["消耗品費"], 100_001, "全部")
    correction = ops.correct_budget_move(db, first, cats["燃料費"], cats["消耗品費"], 100_000, "全部", None)
    correction.apply()
    rows = {r.name: r.budget for r in budget_vs_actual(db, FY)}
    assert (rows["燃料費"], rows["消耗品費"]) == (0, 150_000)
    correction.revert()  # 元に戻す ×2 (the undo of the recording takes the move only as it left it)
    add.revert()
    assert list_budget_moves(db, FY) == []
    add.apply()  # redo: the same record, which later steps name
    assert [(m.id, m.amount) for m in list_budget_moves(db, FY)] == [(first.id, 20_000)]
    take_back = ops.DeleteBudgetMove(db, add.added)
    take_back.apply()
    take_back.revert()
    assert [m.id for m in list_budget_moves(db, FY)] == [first.id]


def test_deleting_an_account_or_book_with_entries_is_refused(db, cats, bank) -> None:
    special = add_book(db, "特別会計").value
    add_transfer(db, FY, TransferInput(date(2025, 4, 11), bank, list_accounts(db, special.id)[0].id, 0 + 1))
    with pytest.raises(ValidationError, match="記帳があるため"):
        delete_account(db, bank)
    with pytest.raises(ValidationError, match="記帳があるため"):
        delete_book(db, special.id)
    assert len(list_books(db)) == 2 and len(list_accounts(db)) == 2


def test_funded_book_is_what_the_submission_reads(db) -> None:
    add_book(db, "指定管理（市民センター管理運営）", funded_by_city=True)
    assert submission_book(db).name.startswith("指定管理")
    assert [b.funded_by_city for b in list_books(db)] == [False, True]


def test_passbook_check_shows_the_difference_and_entries_since_the_last_match(db, cats, bank) -> None:
    add_transfer(db, FY, TransferInput(date(2025, 4, 11), _cash(db), bank, 50_000))
    first = record_passbook_balance(db, FY, bank, date(2025, 4, 30), "50,000")
    assert first.value.matches and first.changes.touches(MONEY_ACCOUNTS)
    add_transfer(db, FY, TransferInput(date(2025, 5, 11), _cash(db), bank, 7_000))
    second = record_passbook_balance(db, FY, bank, date(2025, 5, 31), 57_500, "利息").value
    assert (second.book_balance, second.difference) == (57_000, 500)
    status = reconciliation_status(db, FY, bank)
    assert [e.amount for e in status.since_last_match] == [7_000]
    with pytest.raises(ValidationError, match="現金です"):
        record_passbook_balance(db, FY, _cash(db), date(2025, 5, 31), 1)


def test_closing_warns_about_an_unreconciled_bank_and_carries_each_account(db, cats, bank) -> None:
    _entry(db, cats, date(2025, 4, 10), "会費", 100_000)
    add_transfer(db, FY, TransferInput(date(2025, 4, 11), _cash(db), bank, 60_000))
    assert closing_warnings(db, FY) and "ゆうちょ" in closing_warnings(db, FY)[0]
    with pytest.raises(ValidationError, match="通帳との照合がありません"):
        close_year(db, FY, backup=False)
    record_passbook_balance(db, FY, bank, FY.end, 60_000)
    assert closing_warnings(db, FY) == []
    assert close_year(db, FY, backup=False).value == 100_000
    assert _balances(db, FY.next()) == {"現金": 40_000, "ゆうちょ": 60_000}


def test_fund_balance_is_carried_from_year_to_year(db, cats) -> None:
    fund = add_account(db, AccountInput("施設改修積立金", "fund", purpose="調理室の改修",
                                        target_year=2027)).value
    _entry(db, cats, date(2025, 4, 10), "会費", 100_000)
    add_transfer(db, FY, TransferInput(date(2025, 6, 1), _cash(db), fund.id, 30_000))
    close_year(db, FY, backup=False, confirm_warnings=True)
    add_transfer(db, FY.next(), TransferInput(date(2026, 6, 1), _cash(db), fund.id, 30_000))
    assert _balances(db, FY.next())["施設改修積立金"] == 60_000
