"""備考 as staff type them: the budget line's 備考 prints in the 収支予算書's 備考 column; the 決算の備考
of a 目 prints in the 収支決算書's (before the budget's 備考 and the automatic 予算超過), is refused
in a closed year, on a 款・項, and over another PC's change, and a blank one is no 備考."""

from __future__ import annotations

from datetime import date

import pytest

from app.domain.fiscal_year import FiscalYear
from app.domain.validation import ValidationError
from app.services.accounts.analysis import budget_vs_actual
from app.services.accounts.budgets import save_budget
from app.services.accounts.categories import list_categories
from app.services.accounts.closing import close_year
from app.services.accounts.ledger import EntryInput, add_entry
from app.services.accounts.operations import save_settlement_note as note_step
from app.services.accounts.settlement_notes import save_settlement_note
from app.services.changes import BUDGETS
from app.services.records import EditConflict
from app.services.reports import export_report

FY = FiscalYear(2025)


@pytest.fixture
def cats(db) -> dict[str, int]:
    return {c.name: c.id for c in list_categories(db)}


def _note_cells(path, sheet: str) -> dict[str, str | None]:
    """費目 → its 備考 cell, found by the header row."""
    from openpyxl import load_workbook

    ws = load_workbook(path)[sheet]
    header = next(r for r in range(1, 15) if ws.cell(r, 1).value == "費目")
    column = next(c for c in range(1, ws.max_column + 1) if ws.cell(header, c).value == "備考")
    return {ws.cell(r, 1).value.strip(): ws.cell(r, column).value
            for r in range(header + 1, ws.max_row + 1) if isinstance(ws.cell(r, 1).value, str)}


def _pdf_text(path) -> str:
    from pypdf import PdfReader

    return "\n".join(p.extract_text() for p in PdfReader(path).pages)


def test_the_budget_lines_notes_print_in_the_budgets_note_column(db, cats, tmp_path) -> None:
    save_budget(db, FY, {cats["会費"]: 120_000, cats["光熱水費"]: 80_000},
                notes={cats["光熱水費"]: "電気料金の値上げ分を見込む"})
    notes = _note_cells(export_report(db, "budget", FY, "xlsx", tmp_path / "b.xlsx"), "収支予算書")
    assert notes["光熱水費"] == "電気料金の値上げ分を見込む"
    assert not notes["会費"]
    assert "電気料金の値上げ分を見込む" in _pdf_text(export_report(db, "budget", FY, "pdf", tmp_path / "b.pdf"))


def test_the_settlement_note_prints_before_the_budgets_and_over_budget(db, cats, tmp_path) -> None:
    save_budget(db, FY, {cats["会費"]: 120_000, cats["光熱水費"]: 10_000, cats["消耗品費"]: 5_000},
                notes={cats["光熱水費"]: "予算の備考"})
    add_entry(db, FY, EntryInput(date(2025, 4, 1), "income", cats["会費"], 120_000))
    add_entry(db, FY, EntryInput(date(2025, 5, 1), "expense", cats["光熱水費"], 12_000))
    add_entry(db, FY, EntryInput(date(2025, 5, 1), "expense", cats["消耗品費"], 9_000))
    before = _note_cells(export_report(db, "settlement", FY, "xlsx", tmp_path / "s0.xlsx"), "収支決算書")
    assert (before["光熱水費"], before["消耗品費"]) == ("予算の備考", "予算超過")

    result = save_settlement_note(db, FY, cats["光熱水費"], "  冬の暖房で増  ")
    assert result.value == "冬の暖房で増" and result.changes.touches(BUDGETS)
    save_settlement_note(db, FY, cats["消耗品費"], "コピー用紙をまとめ買い")
    after = _note_cells(export_report(db, "settlement", FY, "xlsx", tmp_path / "s1.xlsx"), "収支決算書")
    assert (after["光熱水費"], after["消耗品費"]) == ("冬の暖房で増", "コピー用紙をまとめ買い")
    text = _pdf_text(export_report(db, "settlement", FY, "pdf", tmp_path / "s1.pdf"))
    assert "冬の暖房で増" in text and "コピー用紙をまとめ買い" in text

    save_settlement_note(db, FY, cats["消耗品費"], "")  # blank: back to what the app says by itself
    assert next(r for r in budget_vs_actual(db, FY) if r.name == "消耗品費").settlement_note == ""
    again = _note_cells(export_report(db, "settlement", FY, "xlsx", tmp_path / "s2.xlsx"), "収支決算書")
    assert again["消耗品費"] == "予算超過"


def test_settlement_note_refusals_change_nothing(db, cats) -> None:
    save_settlement_note(db, FY, cats["光熱水費"], "冬の暖房で増")
    with pytest.raises(EditConflict) as refused:
        save_settlement_note(db, FY, cats["光熱水費"], "私の備考", shown="")
    message = str(refused.value)
    assert "費目「光熱水費」の決算の備考は、開いた後に" in message and "に変更しました（保存していません）" in message
    assert "相手の備考: 「冬の暖房で増」" in message and "あなたの入力: 「私の備考」" in message
    assert refused.value.current == "冬の暖房で増"  # saving over it names what it is now
    save_settlement_note(db, FY, cats["光熱水費"], "私の備考", shown=refused.value.current)
    assert next(r for r in budget_vs_actual(db, FY) if r.name == "光熱水費").settlement_note == "私の備考"
    save_settlement_note(db, FY, cats["光熱水費"], "冬の暖房で増")
    heading = next(c for c in list_categories(db, include_headings=True) if c.heading)
    with pytest.raises(ValidationError, match="款・項の見出し"):
        save_settlement_note(db, FY, heading.id, "見出しの備考")
    with pytest.raises(ValidationError, match="100文字以内"):
        save_settlement_note(db, FY, cats["光熱水費"], "あ" * 101)
    add_entry(db, FY, EntryInput(date(2025, 4, 1), "income", cats["会費"], 1_000))
    close_year(db, FY, "決算承認")
    with pytest.raises(ValidationError, match="締められている"):
        save_settlement_note(db, FY, cats["光熱水費"], "締めた後の備考")
    assert next(r for r in budget_vs_actual(db, FY) if r.name == "光熱水費").settlement_note == "冬の暖房で増"


def test_the_settlement_note_step_is_undone_and_redone(db, cats) -> None:
    def note() -> str:
        return next(r for r in budget_vs_actual(db, FY) if r.name == "光熱水費").settlement_note

    step = note_step(db, FY, (cats["光熱水費"], "光熱水費"), "", "冬の暖房で増")
    step.apply()
    assert note() == "冬の暖房で増"
    step.revert()
    assert note() == ""
    step.apply()
    assert note() == "冬の暖房で増"
