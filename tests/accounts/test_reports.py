"""収支予算書 / 収支決算書 / 現金出納簿 as the city receives them: headers, labels, formulas whose
recalculated values equal the app's totals, dates, page setup, the PDF."""

from __future__ import annotations

import datetime as dt
from datetime import date
from pathlib import Path

import pytest

from app.domain.fiscal_year import FiscalYear
from app.services.accounts.analysis import budget_vs_actual
from app.services.accounts.ledger import ledger_rows
from app.services.demo.create import create_demo
from app.services.reports import export_report
from app.services.settings import PRINT_STAMP_BOXES, write_setting

TODAY = date(2026, 11, 29)
CLOSED = FiscalYear(2025)  # closed in the demo, with a 補正予算
CURRENT = FiscalYear(2026)


@pytest.fixture
def demo(db):
    create_demo(db, "みどり野地域協働体", today=TODAY)
    return db


def _sheet(path: Path, name: str):
    from openpyxl import load_workbook

    return load_workbook(path)[name]


def _rows_by_label(ws, column: int = 1) -> dict[str, int]:
    """Label → row; 款・項・目 are indented with full-width spaces, the last row of a name wins
    (a 目 comes after the 款 of the same name)."""
    return {ws.cell(r, column).value.strip(): r for r in range(1, ws.max_row + 1)
            if isinstance(ws.cell(r, column).value, str)}


BOOK = "指定管理(市民センター管理運営)"  # the demo's first 会計, named in the titles beside the other two


def _cash(db) -> int:
    from app.services.accounts.books import list_accounts

    return next(a.id for a in list_accounts(db) if a.kind == "cash")


def _header_row(ws, first: str) -> tuple[int, list[str]]:
    for r in range(1, 15):
        if ws.cell(r, 1).value == first:
            return r, [ws.cell(r, c).value for c in range(1, ws.max_column + 1)]
    raise AssertionError("no header row")


def test_settlement_xlsx_has_the_form_staff_know(demo, tmp_path) -> None:
    path = export_report(demo, "settlement", CLOSED, "xlsx", tmp_path / "s.xlsx")
    ws = _sheet(path, "収支決算書")
    assert ws["A1"].value == f"令和7年度 みどり野地域協働体 {BOOK} 収支決算書"
    header, headers = _header_row(ws, "費目")
    assert headers == ["費目", "予算額", "決算額", "増減・残額", "備考"]
    rows = _rows_by_label(ws)
    for label in ("収入の部", "支出の部", "収入合計", "支出合計", "次年度繰越金"):
        assert label in rows
    assert ws.cell(rows["収入合計"], 3).value.startswith("=C")  # the sum of the 款 rows
    assert ws.cell(rows["次年度繰越金"], 3).value == f"=C{rows['収入合計']}-C{rows['支出合計']}"
    assert ws.cell(rows["光熱水費"], 4).value == f"=B{rows['光熱水費']}-C{rows['光熱水費']}"
    assert ws.cell(rows["光熱水費"], 3).number_format.startswith("#,##0")
    assert int(ws.page_setup.paperSize) == 9 and (ws.page_setup.fitToWidth or 1) == 1  # 9 = A4; absent = 1 (OOXML)
    assert ws.cell(rows["事業費"], 5).value == "予算超過"  # the demo's 補正 left 事業費 overspent


def test_budget_xlsx_shows_the_supplementary_budget(demo, tmp_path) -> None:
    ws = _sheet(export_report(demo, "budget", CLOSED, "xlsx", tmp_path / "b.xlsx"), "収支予算書")
    assert ws["A1"].value == f"令和7年度 みどり野地域協働体 {BOOK} 収支予算書"
    _row, headers = _header_row(ws, "費目")
    assert headers == ["費目", "当初予算額", "補正額", "予算額", "前年度決算額", "増減", "備考"]
    rows = _rows_by_label(ws)
    assert ws.cell(rows["修繕費"], 3).value == 900_000  # 第1号補正
    assert ws.cell(rows["修繕費"], 4).value == f"=B{rows['修繕費']}+C{rows['修繕費']}"
    assert {"収入合計", "支出合計", "差引残額"} <= set(rows)
    assert ws.page_setup.orientation == "landscape"


@pytest.mark.libreoffice
@pytest.mark.parametrize("kind", ["settlement", "budget"])
def test_recalculated_statement_totals_equal_the_apps_totals(demo, tmp_path, kind) -> None:
    from openpyxl import load_workbook

    from tests.helpers.libreoffice import recalculated

    path = export_report(demo, kind, CLOSED, "xlsx", tmp_path / "in" / f"{kind}.xlsx")
    name = "収支決算書" if kind == "settlement" else "収支予算書"
    ws = load_workbook(recalculated(path, tmp_path / "out"), data_only=True)[name]
    rows = _rows_by_label(ws)
    _r, headers = _header_row(ws, "費目")
    col = {h: i for i, h in enumerate(headers, 1)}
    bva = budget_vs_actual(demo, CLOSED)
    budget_in = sum(r.budget for r in bva if r.kind == "income")
    budget_out = sum(r.budget for r in bva if r.kind == "expense")
    assert ws.cell(rows["収入合計"], col["予算額"]).value == budget_in
    assert ws.cell(rows["支出合計"], col["予算額"]).value == budget_out
    if kind == "settlement":
        actual_in = sum(r.actual for r in bva if r.kind == "income")
        actual_out = sum(r.actual for r in bva if r.kind == "expense")
        # what closing wrote into the next year, one 前年度繰越金 line per 口座
        carried = sum(r.entry.amount for r in ledger_rows(demo, CURRENT) if r.entry.source == "carry_forward")
        assert ws.cell(rows["収入合計"], col["決算額"]).value == actual_in
        assert ws.cell(rows["支出合計"], col["決算額"]).value == actual_out
        assert ws.cell(rows["次年度繰越金"], col["決算額"]).value == actual_in - actual_out == carried
        assert ws.cell(rows["支出合計"], col["増減・残額"]).value == budget_out - actual_out
        assert ws.cell(rows["収入合計"], col["増減・残額"]).value == actual_in - budget_in
        split = load_workbook(recalculated(path, tmp_path / "out"), data_only=True)["繰越金の内訳"]
        assert split.cell(split.max_row, 2).value == carried  # 口座 by 口座, they add up
    else:
        assert ws.cell(rows["差引残額"], col["予算額"]).value == budget_in - budget_out


@pytest.mark.libreoffice
def test_recalculated_ledger_balances_and_subtotals_equal_the_apps(demo, tmp_path) -> None:
    from openpyxl import load_workbook

    from tests.helpers.libreoffice import recalculated

    path = export_report(demo, "ledger", CLOSED, "xlsx", tmp_path / "in" / "ledger.xlsx")
    ws = load_workbook(recalculated(path, tmp_path / "out"), data_only=True)["現金出納簿"]
    header, headers = _header_row(ws, "日付")
    col = {h: i for i, h in enumerate(headers, 1)}
    entries = ledger_rows(demo, CLOSED, account_id=_cash(demo))  # the export's default 口座: 現金
    balances = []
    subtotals: dict[str, tuple[int, int]] = {}
    for r in range(header + 1, ws.max_row + 1):
        first = ws.cell(r, 1).value
        if isinstance(first, dt.datetime):
            balances.append(ws.cell(r, col["残高"]).value)
        elif isinstance(first, str):
            subtotals[first] = (ws.cell(r, col["収入"]).value, ws.cell(r, col["支出"]).value)
    assert balances == [e.balance for e in entries]
    april = [e.entry for e in entries if e.entry.entry_date.month == 4]
    assert subtotals["4月計"] == (sum(e.income for e in april), sum(e.expense for e in april))
    assert subtotals["合計"] == (sum(e.entry.income for e in entries), sum(e.entry.expense for e in entries))


def test_ledger_xlsx_headers_dates_and_monthly_subtotals(demo, tmp_path) -> None:
    ws = _sheet(export_report(demo, "ledger", CURRENT, "xlsx", tmp_path / "l.xlsx"), "現金出納簿")
    assert ws["A1"].value == f"令和8年度 みどり野地域協働体 {BOOK} 現金出納簿"
    header, headers = _header_row(ws, "日付")
    assert headers == ["日付", "証憑番号", "区分", "費目", "摘要", "相手先", "支払方法", "収入", "支出", "残高", "事業"]
    first = ws.cell(header + 1, 1)
    assert first.value == dt.datetime(2026, 4, 1) and first.number_format == "yyyy-mm-dd"
    assert ws.cell(header + 1, 4).value == "前年度繰越金"
    labels = [ws.cell(r, 1).value for r in range(header + 1, ws.max_row + 1) if isinstance(ws.cell(r, 1).value, str)]
    assert labels[:3] == ["4月計", "5月計", "6月計"] and labels[-1] == "合計"
    assert ws.cell(header + 2, 10).value == f"=J{header + 1}+H{header + 2}-I{header + 2}"
    assert ws.page_setup.orientation == "landscape"


def test_public_ledger_leaves_out_the_counterparty(demo, tmp_path) -> None:
    ws = _sheet(export_report(demo, "ledger", CURRENT, "xlsx", tmp_path / "l.xlsx", "public"), "現金出納簿")
    _row, headers = _header_row(ws, "日付")
    assert "相手先" not in headers


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def _embedded_fonts(path: Path) -> set[str]:
    from pypdf import PdfReader

    fonts = set()
    for page in PdfReader(path).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            for desc in [font.get("/FontDescriptor")] + [
                f.get_object().get("/FontDescriptor") for f in font.get("/DescendantFonts", [])
            ]:
                if desc is not None and "/FontFile2" in desc.get_object():
                    fonts.add(str(font["/BaseFont"]))
    return fonts


def test_settlement_pdf_with_chart_page_numbers_embedded_font_and_stamp_boxes(demo, tmp_path) -> None:
    write_setting(demo, PRINT_STAMP_BOXES, ("会長", "会計", "監事"))
    path = export_report(demo, "settlement", CLOSED, "pdf", tmp_path / "s.pdf")
    text = _pdf_text(path)
    for words in ("令和7年度 みどり野地域協働体", f"{BOOK} 収支決算書", "収入合計", "支出合計", "次年度繰越金",
                  "予算額と決算額（支出）", "会長", "監事", "1 / ", "監査報告書",
                  "適正に処理されていることを認めます"):
        assert words in text
    carried = sum(r.entry.amount for r in ledger_rows(demo, CURRENT) if r.entry.source == "carry_forward")
    assert f"{carried:,}" in text
    assert any("IPAexGothic" in f for f in _embedded_fonts(path))


def test_stamp_boxes_only_when_the_setting_asks(demo, tmp_path) -> None:
    text = _pdf_text(export_report(demo, "budget", CLOSED, "pdf", tmp_path / "b.pdf"))
    assert "収支予算書" in text and "会計" not in text


def test_ledger_pdf_pages_are_numbered(demo, tmp_path) -> None:
    text = _pdf_text(export_report(demo, "ledger", CLOSED, "pdf", tmp_path / "l.pdf"))
    assert "現金出納簿" in text and "4月計" in text and "1 / " in text
