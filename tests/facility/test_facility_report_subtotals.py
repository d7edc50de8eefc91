"""The 指定管理業務報告書's 「2 管理運営費の収支」 groups the 目 under their 款・項 with subtotals, as the
収支決算書 does: each 款・項 row is the sum of the rows under it (a formula), the part's total counts
each 目 once, and LibreOffice's recalculation gives the app's figures."""

from __future__ import annotations

from datetime import date

import pytest
from openpyxl import load_workbook

from app.cli import main
from app.domain.fiscal_year import FiscalYear
from app.services.accounts.budgets import save_budget
from app.services.accounts.categories import add_category, list_categories
from app.services.accounts.ledger import EntryInput, add_entry
from app.services.fiscal_years import ensure_current_year
from tests.helpers.libreoffice import recalculated

FY = FiscalYear(2025)
SHEET = "2 管理運営費の収支"


def _office_costs(db) -> None:
    """款 事務費 → 項 事務局費 → 目 コピー代 (budget 30,000, spent 4,500) and 切手代 (20,000, 840);
    光熱水費 (budget 150,000, spent 12,000) under the default 款 支出; 会費 80,000 received."""
    ensure_current_year(db, date(2025, 6, 1))
    cats = {c.name: c.id for c in list_categories(db)}
    kan = add_category(db, "expense", "事務費", heading=True).value
    kou = add_category(db, "expense", "事務局費", heading=True, parent_id=kan.id).value
    copies = add_category(db, "expense", "コピー代", parent_id=kou.id).value
    stamps = add_category(db, "expense", "切手代", parent_id=kou.id).value
    save_budget(db, FY, {cats["会費"]: 200_000, cats["光熱水費"]: 150_000, copies.id: 30_000, stamps.id: 20_000})
    for day, kind, category, amount in ((date(2025, 4, 5), "expense", copies.id, 3_000),
                                        (date(2025, 5, 5), "expense", copies.id, 1_500),
                                        (date(2025, 5, 6), "expense", stamps.id, 840),
                                        (date(2025, 6, 1), "expense", cats["光熱水費"], 12_000),
                                        (date(2025, 6, 2), "income", cats["会費"], 80_000)):
        add_entry(db, FY, EntryInput(day, kind, category, amount, "記帳"))


@pytest.mark.libreoffice
def test_the_yearly_report_money_has_kan_and_kou_subtotals(tmp_path, db, db_target) -> None:
    _office_costs(db)
    out = tmp_path / "report.xlsx"
    assert main(["export", "facility-report", "--db", str(db_target), "--year", "2025", "--format", "xlsx",
                 "--out", str(out)]) == 0
    ws = load_workbook(out)[SHEET]
    header = next(r for r in range(1, 20) if ws.cell(r, 1).value == "費目")
    col = {ws.cell(header, c).value: c for c in range(1, ws.max_column + 1)}
    rows = {ws.cell(r, 1).value: r for r in range(header + 1, ws.max_row + 1) if ws.cell(r, 1).value}
    # each 款, its 項, then its 目, indented by level
    assert rows["事務費"] < rows["　事務局費"] < rows["　　コピー代"] < rows["　　切手代"]
    assert rows["支出"] < rows["　光熱水費"]
    letter = ws.cell(header, col["決算額"]).column_letter
    assert ws.cell(rows["　事務局費"], col["決算額"]).value == \
        f"={letter}{rows['　　コピー代']}+{letter}{rows['　　切手代']}"
    assert ws.cell(rows["事務費"], col["決算額"]).value == f"={letter}{rows['　事務局費']}"
    total = ws.cell(rows["支出合計"], col["決算額"]).value
    assert f"{letter}{rows['　　コピー代']}" in total and f"{letter}{rows['事務費']}" not in total  # each 目 once

    computed = load_workbook(recalculated(out, tmp_path / "lo"), data_only=True)[SHEET]
    values = {computed.cell(r, 1).value: (computed.cell(r, col["予算額"]).value, computed.cell(r, col["決算額"]).value)
              for r in range(header + 1, computed.max_row + 1) if computed.cell(r, 1).value}
    assert values["　事務局費"] == values["事務費"] == (50_000, 5_340)
    assert values["支出合計"] == (200_000, 17_340)
    assert values["収入合計"][1] == 80_000
