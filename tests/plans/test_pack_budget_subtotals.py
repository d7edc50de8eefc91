"""The 議案書's 予算（案） shows the 会計's 款・項 with their subtotals, as the 収支予算書 does: each 款・項
line is the sum of the lines under it (a formula in the workbook), and the totals count each 目 once."""

from __future__ import annotations

from openpyxl import load_workbook

from app.services.accounts.budgets import save_budget
from app.services.accounts.categories import add_category
from app.services.accounts.common import EXPENSE
from app.services.projects.plans import make_next_plan
from app.services.reports import export_report
from tests.helpers.pdf_text import all_text, pdf_pages
from tests.plans.conftest import FY2025


def _office_costs(db, cats) -> None:
    kan = add_category(db, EXPENSE, "事務費", heading=True).value
    kou = add_category(db, EXPENSE, "事務局費", heading=True, parent_id=kan.id).value
    copies = add_category(db, EXPENSE, "コピー代", parent_id=kou.id).value
    stamps = add_category(db, EXPENSE, "切手代", parent_id=kou.id).value
    save_budget(db, FY2025, {cats["会費"]: 200_000, cats["光熱水費"]: 150_000, copies.id: 30_000, stamps.id: 20_000})
    make_next_plan(db, FY2025)


def test_the_draft_budget_in_the_pack_has_kan_and_kou_subtotals(year_db, cats, tmp_path) -> None:
    db, _ids = year_db
    _office_costs(db, cats)
    ws = load_workbook(export_report(db, "pack", FY2025, "xlsx", tmp_path / "pack.xlsx"))["第5号 予算"]
    header = next(r for r in range(1, 20) if ws.cell(r, 1).value == "費目")
    column = next(c for c in range(1, ws.max_column + 1) if ws.cell(header, c).value == "予算額")
    rows = {ws.cell(r, 1).value.strip(): r for r in range(header + 1, ws.max_row + 1)
            if isinstance(ws.cell(r, 1).value, str)}
    assert rows["事務費"] < rows["事務局費"] < rows["コピー代"] < rows["切手代"]
    letter = ws.cell(header, column).column_letter
    assert ws.cell(rows["事務局費"], column).value == f"={letter}{rows['コピー代']}+{letter}{rows['切手代']}"
    assert ws.cell(rows["事務費"], column).value == f"={letter}{rows['事務局費']}"
    # 支出合計 adds the 款 (each 目 once), not the 目 under them again
    total = ws.cell(rows["支出合計"], column).value
    assert f"{letter}{rows['事務費']}" in total and f"{letter}{rows['コピー代']}" not in total
    text = all_text(pdf_pages(export_report(db, "pack", FY2025, "pdf", tmp_path / "pack.pdf")))
    assert "事務局費" in text and "50,000" in text  # the 項's sum on the printed page
