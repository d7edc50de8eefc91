"""The cash-book rules the entry form used to apply itself, now the service's: 証憑番号 as typed,
費目 and 事業 by name (the 費目 decides 収入/支出), retired 費目; and undo at the service level."""

from __future__ import annotations

from datetime import date

import pytest

from app.domain.bookkeeping import check_entry_date, parse_voucher_no, resolve_name
from app.domain.validation import ValidationError
from app.services.accounts.categories import set_category_retired
from app.services.accounts.ledger import EntryInput, add_entry, ledger_rows, update_entry
from app.services.accounts.operations import AddEntry, DeleteEntry
from app.services.changes import LEDGER, Changes
from app.services.projects.projects import ProjectData, create_project
from tests.accounts.conftest import FY


def typed(when: date, category: str, amount: str, voucher: str = "", project: str = "") -> EntryInput:
    """An entry as the form hands it over: names and the 証憑番号 as text."""
    return EntryInput(when, "", None, amount, "摘要", voucher_no=voucher, category_name=category,
                      project_name=project)


def test_names_as_typed_resolve_to_the_category_and_its_direction(db) -> None:
    entry = add_entry(db, FY, typed(date(2025, 4, 1), "光熱", "1,200")).value
    assert (entry.category_name, entry.direction, entry.amount) == ("光熱水費", "expense", 1_200)
    income = add_entry(db, FY, typed(date(2025, 4, 2), "指定管理料(市からの管理費)", "500000")).value
    assert (income.category_name, income.direction) == ("指定管理料（市からの管理費）", "income")
    with pytest.raises(ValidationError, match="費目「宝くじ」は登録されていません"):
        add_entry(db, FY, typed(date(2025, 4, 3), "宝くじ", "100"))


def test_voucher_number_as_typed(db) -> None:
    assert add_entry(db, FY, typed(date(2025, 4, 1), "光熱水費", "100", voucher="１２")).value.voucher_no == 12
    for bad in ("0", "-3", "1.5", "十"):
        with pytest.raises(ValidationError, match="証憑番号は1以上の整数で入力してください"):
            add_entry(db, FY, typed(date(2025, 4, 1), "光熱水費", "100", voucher=bad))
    assert [r.entry.voucher_no for r in ledger_rows(db, FY)] == [12]  # nothing else was written


def test_retired_category_is_refused_for_new_entries_but_kept_on_old_ones(db, cats) -> None:
    old = add_entry(db, FY, typed(date(2025, 4, 1), "雑費", "300")).value
    set_category_retired(db, cats["雑費"], True)
    with pytest.raises(ValidationError, match="費目「雑費」は廃止されています"):
        add_entry(db, FY, typed(date(2025, 4, 2), "雑費", "300"))
    edited = update_entry(db, old.id, typed(date(2025, 4, 1), "雑費", "350", voucher=str(old.voucher_no))).value
    assert (edited.category_name, edited.amount) == ("雑費", 350)


def test_project_by_name_of_the_year(db) -> None:
    project_id = create_project(db, FY, ProjectData(name="見守り活動", item_code="2-2")).value
    entry = add_entry(db, FY, typed(date(2025, 6, 1), "事業費", "5000", project="見守り")).value
    assert (entry.project_id, entry.project_name) == (project_id, "見守り活動")
    with pytest.raises(ValidationError, match="事業「夏祭り」はこの年度の事業にありません"):
        add_entry(db, FY, typed(date(2025, 6, 2), "事業費", "5000", project="夏祭り"))


def test_pure_rules_live_in_the_domain() -> None:
    assert check_entry_date(FY, date(2026, 5, 31), settlement_period=True) is None  # 出納整理期間
    assert "出納整理期間" in check_entry_date(FY, date(2026, 5, 31), settlement_period=False)
    assert "期間外" in check_entry_date(FY, date(2026, 6, 1), settlement_period=True)
    assert parse_voucher_no(" ") is None and parse_voucher_no("７") == 7
    assert resolve_name("委託料(清掃", ["委託料（清掃）", "委託料（警備）"]) == "委託料（清掃）"
    assert resolve_name("委託料", ["委託料（清掃）", "委託料（警備）"]) is None  # two match: no guess


def test_add_entry_operation_undoes_and_redoes_under_the_same_number(db) -> None:
    operation = AddEntry(db, FY, typed(date(2025, 4, 1), "光熱水費", "800"))
    first = operation.apply()
    entry = operation.entry
    assert first == Changes.of(LEDGER, entry.id) and operation.label == f"記帳（証憑番号 {entry.voucher_no}）"
    assert operation.revert() == Changes.of(LEDGER, entry.id)
    assert ledger_rows(db, FY) == []
    operation.apply()  # redo
    assert [(r.entry.id, r.entry.voucher_no) for r in ledger_rows(db, FY)] == [(entry.id, entry.voucher_no)]
    delete = DeleteEntry(db, entry)
    delete.apply()
    delete.revert()
    assert [r.entry for r in ledger_rows(db, FY)] == [entry]
