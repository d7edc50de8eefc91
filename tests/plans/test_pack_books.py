"""A body that keeps two 会計 (the first, and a 特別会計): next year's 予算（案） is made, edited,
approved and printed per 会計, and the 議案書 carries one 決算報告 (with its 監査報告) and one
予算（案） per 会計, each on the 目次 with the page it starts on."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from app.cli import main
from app.domain.directions import EXPENSE, INCOME
from app.services.accounts.books import add_book, list_accounts, list_books
from app.services.accounts.budget_drafts import budget_drafts
from app.services.accounts.budgets import current_budget, save_budget
from app.services.accounts.categories import add_category, list_categories
from app.services.accounts.ledger import EntryInput, add_entries
from app.services.projects.approval import NeedsConfirmation, approve_plan
from app.services.projects.plans import make_next_plan
from app.services.reports import export_report
from tests.helpers.libreoffice import needs_soffice, recalculated
from tests.helpers.pdf_text import (
    all_text,
    check_pages_numbered_and_not_blank,
    check_totals_not_alone,
    pdf_pages,
)
from tests.plans.conftest import FY2025, FY2026
from tests.plans.test_pack import _contents

SPECIAL = "特別会計"


@pytest.fixture
def two_books_db(officers_db):
    """officers_db, and a 特別会計 with a budget (会費 収入 120,000 = 積立金 支出 120,000) and an
    entry of 令和7年度; next year's drafts made."""
    db, ids = officers_db
    special = add_book(db, SPECIAL).value
    fee = add_category(db, INCOME, "特別会費", book_id=special.id).value.id
    fund = add_category(db, EXPENSE, "積立金", book_id=special.id).value.id
    save_budget(db, FY2025, {fee: 120_000, fund: 120_000}, book_id=special.id)
    cash = list_accounts(db, special.id)[0]
    add_entries(db, FY2025, [EntryInput(date(2025, 6, 1), INCOME, fee, 90_000, "特別会費", account_id=cash.id)])
    make_next_plan(db, FY2025)
    return db, {**ids, "special": special.id, "fee": fee, "fund": fund}


def _first_book(db) -> str:
    return list_books(db)[0].name


def test_each_book_gets_its_own_draft_from_its_own_budget(two_books_db) -> None:
    db, ids = two_books_db
    drafts = {d.book_name: d for d in budget_drafts(db, FY2026)}
    assert list(drafts) == [_first_book(db), SPECIAL]
    special = {ln.name: (ln.amount, ln.previous_budget) for ln in drafts[SPECIAL].lines}
    assert special["特別会費"] == (120_000, 120_000) and special["積立金"] == (120_000, 120_000)
    first = {ln.name: ln.amount for ln in drafts[_first_book(db)].lines}
    assert first["会費"] == 200_000 and "特別会費" not in first
    assert drafts[SPECIAL].balance().balanced and drafts[SPECIAL].balance().label == "特別会計の予算（案）"


def test_approval_makes_each_books_draft_its_initial_budget(two_books_db) -> None:
    from app.services.accounts.budget_drafts import save_budget_draft

    db, ids = two_books_db
    save_budget_draft(db, FY2026, {ids["fee"]: 150_000})  # 特別会計: 収入 150,000, 支出 120,000
    with pytest.raises(NeedsConfirmation) as asked:
        approve_plan(db, FY2026, date(2026, 5, 16))
    assert [p.message for p in asked.value.problems] == [
        "特別会計の予算（案）の収入合計（150,000円）と支出合計（120,000円）が一致しません（収入が支出より30,000円多い）。"
        "予備費などで収支を合わせてください。"]
    approve_plan(db, FY2026, date(2026, 5, 16), confirmed=True)
    special = current_budget(db, FY2026, book_id=ids["special"])
    assert special is not None and special.label == "当初予算"
    assert {k: v for k, v in special.amounts.items() if v} == {ids["fee"]: 150_000, ids["fund"]: 120_000}
    first = current_budget(db, FY2026)
    cats = {c.name: c.id for c in list_categories(db)}
    assert first is not None and first.amounts[cats["会費"]] == 200_000 and ids["fee"] not in first.amounts
    assert budget_drafts(db, FY2026) == []


def test_plan_next_names_the_books_it_drafted(officers_db, db_target, capsys) -> None:
    db, _ = officers_db
    special = add_book(db, SPECIAL).value
    fee = add_category(db, INCOME, "特別会費", book_id=special.id).value.id
    save_budget(db, FY2025, {fee: 10_000}, book_id=special.id)
    assert main(["plan", "next", "--db", str(db_target), "--year", "2025"]) == 0
    assert f"予算（案）も作りました（{_first_book(db)}・{SPECIAL}）" in capsys.readouterr().out


def test_the_pack_has_a_settlement_and_a_budget_per_book_on_the_contents(two_books_db, tmp_path: Path) -> None:
    db, _ = two_books_db
    first = _first_book(db)
    pages = pdf_pages(export_report(db, "pack", FY2025, "pdf", tmp_path / "pack.pdf", "public"))
    contents = _contents(pages)
    assert list(contents) == [
        "第1号議案 令和7年度 事業報告", "第2号議案 令和7年度 決算報告・監査報告",
        f"{first} 決算報告・監査報告", f"{SPECIAL} 決算報告・監査報告",
        "第3号議案 令和8年度 役員改選（案）", "第4号議案 令和8年度 事業計画（案）", "第5号議案 令和8年度 予算（案）",
        f"{first} 予算（案）", f"{SPECIAL} 予算（案）",
    ]

    def page_text(number: int) -> str:
        return "".join(ln.text for ln in pages[number - 1]).replace(" ", "")

    # each 会計's 決算書 starts on the page its 目次 line says, titled by the 会計; its 監査報告 follows
    for book in (first, SPECIAL):
        start = contents[f"{book} 決算報告・監査報告"]
        assert f"令和7年度ひばり野地域協働体{book}収支決算書" in page_text(start)
        assert f"{book}監査報告書" in page_text(start + 1)
        budget = contents[f"{book} 予算（案）"]
        assert f"令和8年度{book}収支予算（案）" in page_text(budget)
    assert contents[f"{first} 決算報告・監査報告"] == contents["第2号議案 令和7年度 決算報告・監査報告"]
    assert contents[f"{SPECIAL} 予算（案）"] > contents[f"{first} 予算（案）"]
    special_budget = page_text(contents[f"{SPECIAL} 予算（案）"])
    assert "特別会費" in special_budget and "積立金" in special_budget and "光熱水費" not in special_budget
    check_pages_numbered_and_not_blank(pages)
    assert check_totals_not_alone(pages, ("事業名", "費目", "種類", "監査報告書"), ("合計", "収入合計", "支出合計")) >= 8
    assert "90,000" in all_text(pages)  # the 特別会計's 決算額


def test_a_book_not_used_in_the_year_gets_no_settlement(two_books_db, tmp_path: Path) -> None:
    """A 会計 opened for later (no budget, no money, nothing held) prints no empty 決算報告."""
    db, _ = two_books_db
    add_book(db, "記念事業会計")
    contents = _contents(pdf_pages(export_report(db, "pack", FY2025, "pdf", tmp_path / "pack.pdf", "public")))
    assert f"{SPECIAL} 決算報告・監査報告" in contents
    assert not any(line.startswith("記念事業会計") for line in contents)


@needs_soffice
def test_the_workbook_has_a_sheet_per_book_and_its_totals_recalculate(two_books_db, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    db, _ = two_books_db
    first = _first_book(db)
    out = export_report(db, "pack", FY2025, "xlsx", tmp_path / "pack.xlsx")
    names = load_workbook(out).sheetnames
    assert f"第5号 予算 {SPECIAL}"[:31] in names and f"第2号 決算報告 {SPECIAL}"[:31] in names
    contents = [r[0] for r in load_workbook(out)["目次"].iter_rows(values_only=True) if r[0]]
    assert f"　{SPECIAL} 予算（案）" in contents and f"　{first} 決算報告・監査報告" in contents
    computed = load_workbook(recalculated(out, tmp_path / "lo"), data_only=True)
    drafts = {d.book_name: d.balance() for d in budget_drafts(db, FY2026)}
    for book in (first, SPECIAL):
        rows = list(computed[f"第5号 予算 {book}"[:31]].iter_rows(values_only=True))
        header = next(r for r in rows if "予算額" in r)
        value = {r[0]: r[header.index("予算額")] for r in rows if r[0]}
        assert value["収入合計"] == drafts[book].income and value["支出合計"] == drafts[book].expense


def test_the_window_edits_every_books_draft_with_a_balance_each(qtbot, open_window, two_books_db, db_target) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QPushButton

    from tests.helpers.qt_typing import replace_text
    from tests.plans.test_plan_window import _when_modal
    from tests.projects.test_ui import _open_section

    db, ids = two_books_db
    first = _first_book(db)
    window = open_window(db_target, date(2026, 4, 10))
    _open_section(qtbot, window, "事業・会議")
    assert window.ctx.fiscal_year == FY2026
    seen: list[str] = []

    def edit(dialog: QDialog) -> None:
        labels = [f.label for f in dialog.fields]
        assert any(label.startswith(f"{first}・収入・会費") for label in labels)
        field = next(f.name for f in dialog.fields if f.label.startswith(f"{SPECIAL}・収入・特別会費\n　前年度 120,000円・"))
        replace_text(qtbot, dialog.findChild(QLineEdit, f"field_{field}"), "150,000")
        seen.append(dialog.findChild(QLabel, "budget_draft_balance").text())
        qtbot.mouseClick(dialog.findChild(QPushButton, "entry_save"), Qt.MouseButton.LeftButton)

    _when_modal(qtbot, edit)
    qtbot.mouseClick(window.findChild(QPushButton, "plan_budget"), Qt.MouseButton.LeftButton)
    assert seen[0].splitlines() == [
        f"{first}　収入合計 1,000,000円　支出合計 1,000,000円　差引 0円",
        f"{SPECIAL}　収入合計 150,000円　支出合計 120,000円　差引 30,000円（収支が合っていません）"]
    drafts = {d.book_name: {ln.name: ln.amount for ln in d.lines} for d in budget_drafts(db, FY2026)}
    assert drafts[SPECIAL]["特別会費"] == 150_000 and drafts[first]["会費"] == 200_000
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # the closed dialog hands the keyboard back
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # 元に戻す
    drafts = {d.book_name: {ln.name: ln.amount for ln in d.lines} for d in budget_drafts(db, FY2026)}
    assert drafts[SPECIAL]["特別会費"] == 120_000
