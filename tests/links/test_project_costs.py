"""A project's 決算額 from the cash-book entries linked to it, and the 事業 column of the ledger sheet."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from openpyxl import load_workbook

from app.domain.fiscal_year import FiscalYear
from app.domain.validation import ValidationError
from app.importing import RowStatus
from app.services.accounts.categories import list_categories
from app.services.accounts.ledger import EntryInput, add_entry, ledger_rows, update_entry
from app.services.accounts.ledger_import import commit_ledger_import, preview_ledger_import
from app.services.projects.evaluation import evaluation_sheet
from app.services.projects.projects import (
    ProjectData,
    create_project,
    delete_project,
    get_project,
    restore_project,
)
from app.services.reports import export_report
from tests.projects.conftest import FY2025


def _category(db, name: str) -> int:
    return next(c.id for c in list_categories(db) if c.name == name)


def _expense(db, project_id: int | None, amount: int, day: int = 1, text: str = "見守り用品"):
    return add_entry(db, FY2025, EntryInput(date(2025, 6, day), "expense", _category(db, "事業費"), amount, text,
                                            project_id=project_id)).value


def _cost_evidence(db, project_id: int) -> list[str]:
    sheet = evaluation_sheet(db, FY2025)
    return next(pe for pe in sheet.projects if pe.project.id == project_id).evidence.lines("cost")


def _sheet_evidence(db, tmp_path, project_name: str) -> str:
    ws = load_workbook(export_report(db, "evaluation", FY2025, "xlsx", tmp_path / "e.xlsx"))["事業評価"]
    return next(r[5] for r in ws.iter_rows(values_only=True) if r[0] == project_name and "決算額" in (r[5] or ""))


def test_linked_entries_make_the_settled_cost_and_unlinking_restores_the_entered_one(year_db, tmp_path) -> None:
    db, ids = year_db
    watch = ids["watch"]  # budget 50,000, 決算額 entered 40,000
    assert _cost_evidence(db, watch) == ["予算額 50,000円 → 決算額 40,000円（入力）・執行率 80.0%"]
    first = _expense(db, watch, 12_000)
    second = _expense(db, watch, 16_500, day=2)
    _expense(db, None, 9_999, day=3, text="事務局の消耗品")  # not linked: not counted

    project = get_project(db, watch)
    assert (project.settled_cost, project.cost_source, project.settled_text) == (28_500, "出納簿", "28,500円（出納簿）")
    assert _cost_evidence(db, watch) == ["予算額 50,000円 → 決算額 28,500円（出納簿）・執行率 57.0%"]
    assert _sheet_evidence(db, tmp_path, "見守り活動") == "予算額 50,000円 → 決算額 28,500円（出納簿）・執行率 57.0%"

    for entry in (first, second):
        update_entry(db, entry.id, replace(entry.as_input(FY2025), project_id=None))
    project = get_project(db, watch)
    assert (project.settled_cost, project.cost_source) == (40_000, "入力")
    assert _sheet_evidence(db, tmp_path, "見守り活動") == "予算額 50,000円 → 決算額 40,000円（入力）・執行率 80.0%"


def test_only_expenses_of_the_projects_year_can_be_linked(year_db) -> None:
    db, ids = year_db
    with pytest.raises(ValidationError) as caught:
        add_entry(db, FY2025, EntryInput(date(2025, 6, 1), "income", _category(db, "雑収入"), 500, "参加費",
                                         project_id=ids["watch"]))
    assert caught.value.for_field("project_id") == [
        "事業「見守り活動」に結びつけられるのは支出だけです（事業の決算額になります）"]
    later = create_project(db, FiscalYear(2026), ProjectData(name="来年度の事業", item_code="1-1")).value
    with pytest.raises(ValidationError) as caught:
        _expense(db, later, 1_000)
    assert "令和8年度の事業です。令和7年度の事業を選んでください" in caught.value.for_field("project_id")[0]
    assert ledger_rows(db, FY2025) == []


def test_deleting_a_project_unlinks_its_entries_and_undo_links_them_again(year_db) -> None:
    db, ids = year_db
    entry = _expense(db, ids["watch"], 12_000)
    deleted = delete_project(db, ids["watch"]).value
    assert ledger_rows(db, FY2025)[0].entry.project_id is None  # the entry stays in the cash book
    restore_project(db, deleted)
    assert ledger_rows(db, FY2025)[0].entry.project_name == "見守り活動"
    assert get_project(db, entry.project_id).settled_cost == 12_000


def _with_project_cell(path, row_of_entry: int, name: str):
    wb = load_workbook(path)
    ws = wb["現金出納簿"]
    header = next(r for r in range(1, 10) if ws.cell(r, 1).value == "日付")
    column = next(c for c in range(1, ws.max_column + 1) if ws.cell(header, c).value == "事業")
    ws.cell(header + row_of_entry, column).value = name
    wb.save(path)
    return header + row_of_entry, ws.cell(header, column).column_letter


def test_the_ledger_sheet_carries_the_project_there_and_back(year_db, tmp_path) -> None:
    db, ids = year_db
    first = _expense(db, ids["watch"], 12_000)
    _expense(db, None, 3_000, day=2, text="消耗品")
    path = export_report(db, "ledger", FY2025, "xlsx", tmp_path / "ledger.xlsx")

    update_entry(db, first.id, replace(first.as_input(FY2025), project_id=None))  # unlinked meanwhile
    preview = preview_ledger_import(db, path, FY2025)
    assert [r.status for r in preview.rows] == [RowStatus.UPDATE, RowStatus.UNCHANGED]
    assert preview.rows[0].data.project_name == "見守り活動"
    commit_ledger_import(db, FY2025, preview)
    assert [r.entry.project_name for r in ledger_rows(db, FY2025)] == ["見守り活動", ""]
    assert get_project(db, ids["watch"]).settled_cost == 12_000

    excel_row, letter = _with_project_cell(path, 2, "存在しない事業")
    preview = preview_ledger_import(db, path, FY2025)
    assert preview.has_errors
    assert str(preview.rows[1].issues[0]) == (
        f"{excel_row}行目 K列（事業）: 事業「存在しない事業」は令和7年度の事業にありません（事業・会議で登録するか、空欄にしてください）")
    assert preview.rows[1].issues[0].column == letter
    with pytest.raises(ValidationError):
        commit_ledger_import(db, FY2025, preview)
    assert [r.entry.project_name for r in ledger_rows(db, FY2025)] == ["見守り活動", ""]
