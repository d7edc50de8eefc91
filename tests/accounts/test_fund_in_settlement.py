"""A fund (積立金・基金) is shown in the settlement: its balance is a line of the 収支決算書's
次年度繰越金の内訳 beside the cash, and the lines add up to the 次年度繰越金 (LibreOffice agrees)."""

from __future__ import annotations

from datetime import date

import pytest
from openpyxl import load_workbook

from app.services.accounts.books import AccountInput, add_account, list_accounts
from app.services.accounts.transfers import TransferInput, add_transfer
from app.services.reports import export_report
from tests.accounts.conftest import FY
from tests.helpers.libreoffice import recalculated


@pytest.mark.libreoffice
def test_the_funds_balance_is_a_line_of_the_carried_money(db, book, tmp_path) -> None:
    fund = add_account(db, AccountInput("施設改修積立金", "fund", purpose="調理室の改修", target_year=2027),
                       opening=40_000, year=FY).value
    cash = next(a.id for a in list_accounts(db) if a.kind == "cash")
    book(date(2025, 4, 10), "会費", 100_000)
    book(date(2025, 4, 12), "消耗品費", 8_000)
    add_transfer(db, FY, TransferInput(date(2025, 6, 1), cash, fund.id, 30_000))  # 積立: no expense
    path = export_report(db, "settlement", FY, "xlsx", tmp_path / "in" / "settlement.xlsx")
    wb = load_workbook(recalculated(path, tmp_path / "out"), data_only=True)
    split = {ws_row[0]: ws_row[1] for ws_row in wb["繰越金の内訳"].iter_rows(values_only=True) if ws_row[0]}
    assert split["施設改修積立金"] == 70_000 and split["現金"] == 100_000 - 8_000 - 30_000
    statement = {r[0]: r for r in wb["収支決算書"].iter_rows(values_only=True) if r[0]}
    carried = statement["次年度繰越金"][2]  # 費目, 予算額, 決算額
    assert split["計（次年度繰越金）"] == carried == 40_000 + 100_000 - 8_000
