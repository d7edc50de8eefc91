"""Every printed form, read back from its PDF: the layout rules of issue 11 「Paper」 and long text
(issue 14 「Text that fits」).

The demo database gets 500-character texts in its free-text fields (住所, 備考, 摘要, 目標, 議題, 成果 …)
written straight into the file, as an old database or an import before the limits could hold them.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from app.cli import main
from app.domain.fiscal_year import FiscalYear
from app.reports.model import NUMERIC_KINDS, Report
from tests.helpers.pdf_text import (
    all_text,
    check_intact,
    check_no_line_starts_with_kinsoku,
    check_pages_numbered_and_not_blank,
    check_totals_not_alone,
    pdf_pages,
)

YEAR = FiscalYear.current().previous()  # the demo's last closed year, the one an office submits
# A long text with what must not break inside it: a phone number, a postal code, a date, an amount,
# and 。、」） that must not start a line.
SENTENCE = "市民センターの利用について、電話0191-52-9719（代表）へ。〒029-0803「地域の会」は令和7年4月1日から1,234,567円で運営する。"
LONG = (SENTENCE * 12)[:500]
ATOMS_IN_LONG = ("0191-52-9719", "〒029-0803", "令和7年4月1日", "1,234,567円")
PHONE_OR_POSTAL = re.compile(r"^〒?\d{2,5}-\d{1,4}(-\d{3,4})?$")

# the free-text fields filled at 500 characters (String columns at their own size)
LONG_FIELDS = {
    "member_organisation": {"address": LONG, "note": LONG},
    "person": {"address": LONG, "note": LONG},
    "ledger_entry": {"description": LONG, "counterparty": LONG[:100]},
    "budget_line": {"note": LONG},
    "project": {"goal": LONG},
    "meeting": {"agenda": LONG, "decisions": LONG},
    "evaluation": {"outcome": LONG, "issues": LONG, "improvements": LONG},
    "evaluation_grade": {"comment": LONG},
}


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("forms") / "demo.sqlite"
    assert main(["demo", "--db", str(db)]) == 0
    con = sqlite3.connect(db)
    with con:
        for table, values in LONG_FIELDS.items():
            sets = ", ".join(f"{k} = ?" for k in values)
            # the first rows and rows from the middle (the demo adds its three years in order)
            con.execute(f"UPDATE {table} SET {sets} WHERE id IN (SELECT id FROM {table} ORDER BY id LIMIT 3)"
                        f" OR id IN (SELECT id FROM {table} ORDER BY id LIMIT 3"
                        f" OFFSET (SELECT count(*) / 2 FROM {table}))", list(values.values()))
    con.close()
    return db


def _export(db: Path, kind: str, out: Path) -> Path:
    path = out / f"{kind}.pdf"
    assert main(["export", kind, "--db", str(db), "--year", str(YEAR.year), "--format", "pdf",
                 "--out", str(path)]) == 0
    return path


def _report(db: Path, kind: str) -> Report:
    from app.services.reports import build_report
    from app.storage.database import open_database

    database = open_database(db, migrate=False)
    try:
        return build_report(database, kind, YEAR)
    finally:
        database.close()


def _atoms(report: Report) -> set[str]:
    """Values that must print whole: amounts, counts, dates, phone numbers and postal codes."""
    from app.reports.pdf_writer import format_cell

    atoms: set[str] = set(ATOMS_IN_LONG)
    for table in report.tables:
        for row in table.rows:
            if row.style == "section":
                continue
            for c in table.columns:
                value = row.values.get(c.key)
                if value is None:
                    continue
                if c.kind in NUMERIC_KINDS or c.kind == "date":
                    atoms.add(format_cell(value, c.kind, report.date_style))
                elif isinstance(value, str) and PHONE_OR_POSTAL.match(value):
                    atoms.add(value)
    return atoms


# kind → (headings that must appear, the first column's heading, total labels)
FORMS = {
    "members": (["構成団体", "個人会員", "電話", "郵便番号", "世帯数", "退会日", "備考"], "区分", []),
    "officers": (["役員", "部会", "役職", "任期開始", "住所"], "役職", []),
    "budget": (["収入の部", "支出の部", "予算額", "前年度決算額", "増減"], "費目", ["収入合計", "支出合計", "差引残額"]),
    "settlement": (["収入の部", "支出の部", "予算額", "決算額", "増減・残額"], ("費目", "監査報告書"), ["収入合計", "支出合計", "次年度繰越金"]),
    "ledger": (["日付", "証憑番号", "摘要", "収入", "支出", "残高"], "日付", ["合計", *(f"{m}月計" for m in range(1, 13))]),
    "evaluation": (["事業名", "評価の視点", "コメント", "成果", "課題", "改善策"], ("事業名", "種類"), ["合計"]),
}


@pytest.mark.parametrize("kind", list(FORMS))
def test_form_pdf_layout_rules(demo_db, tmp_path, kind):
    headings, first_header, totals = FORMS[kind]
    path = _export(demo_db, kind, tmp_path)
    pages = pdf_pages(path)
    text = all_text(pages)

    check_pages_numbered_and_not_blank(pages)
    for heading in headings:
        assert heading in text, f"{kind}: heading 「{heading}」 is missing"
    assert check_intact(pages, _atoms(_report(demo_db, kind))) >= 5
    check_no_line_starts_with_kinsoku(pages)
    if totals:
        assert check_totals_not_alone(pages, first_header, totals) >= 1


def test_budget_pdf_heads_the_previous_year_column_as_such(demo_db, tmp_path):
    pages = pdf_pages(_export(demo_db, "budget", tmp_path))
    header_line = [ln.text for ln in pages[0]]
    assert "前年度決算額" in header_line
    assert "決算額" not in header_line  # the bare word would say this year's settlement


def test_long_text_wraps_and_splits_across_pages(demo_db, tmp_path):
    """A 500-character 備考 and 住所 print in full, wrapped within their column (no LayoutError)."""
    pages = pdf_pages(_export(demo_db, "members", tmp_path))
    columns: dict[int, str] = {}  # each column's lines, page after page, joined
    for page in pages:
        for ln in page:
            columns[round(ln.x)] = columns.get(round(ln.x), "") + ln.text
    holding = [x for x, text in columns.items() if LONG in text]
    assert len(holding) >= 2  # the 住所 and the 備考 columns hold every character, in order
    assert len(pages) > 3


def _check_title_blocks_say_each_thing_once(workbook: Path) -> None:
    """Above each sheet's table: no line twice, one 作成 date (the 提出 stamp's)."""
    from openpyxl import load_workbook

    wb = load_workbook(workbook)
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        block = []
        for (value, *_rest) in ws.iter_rows(max_col=2, values_only=True):
            if _rest and _rest[0] is not None:
                break  # the table's header row
            if value:
                block.append(value)
        assert len(block) == len(set(block)), (ws.title, block)
        assert len([line for line in block if "作成" in line]) == 1, (ws.title, block)


def test_submission_pdfs_follow_the_same_rules(demo_db, tmp_path):
    out = tmp_path / "sub"
    assert main(["submit", "--db", str(demo_db), "--year", str(YEAR.year), "--out", str(out),
                 "--accept-warnings"]) == 0
    pdfs = sorted(out.glob("*.pdf"))
    assert len(pdfs) >= 6
    _check_title_blocks_say_each_thing_once(next(out.glob("*_提出書類_*.xlsx")))
    for pdf in pdfs:
        pages = pdf_pages(pdf)
        check_pages_numbered_and_not_blank(pages)
        check_no_line_starts_with_kinsoku(pages)
        check_intact(pages, ATOMS_IN_LONG if "事業実績" in pdf.name else [])


WAREKI_DATE = re.compile(r"(令和|平成)(元|\d{1,2})年\d{1,2}月\d{1,2}日")
SLASH_DATE = re.compile(r"\b20\d\d/\d{1,2}/\d{1,2}\b")


@pytest.mark.parametrize("kind", ["ledger", "members", "budget"])
def test_dates_print_in_the_one_chosen_style(demo_db, tmp_path, kind):
    import shutil

    from app.services.settings import DATE_STYLE, write_setting
    from app.storage.database import open_database

    text = all_text(pdf_pages(_export(demo_db, kind, tmp_path)))
    assert WAREKI_DATE.search(text) and not SLASH_DATE.search(text)  # 和暦 by default, everywhere

    copy = tmp_path / "slash.sqlite"
    shutil.copy(demo_db, copy)
    db = open_database(copy, migrate=False)
    write_setting(db, DATE_STYLE, "slash")
    db.close()
    text = all_text(pdf_pages(_export(copy, kind, tmp_path / "slash")))
    assert SLASH_DATE.search(text)
    assert not WAREKI_DATE.search(text.replace(LONG, "")), WAREKI_DATE.search(text)


def test_chart_labels_do_not_overlap(demo_db, tmp_path):
    from tests.helpers.pdf_text import check_no_overlap

    pages = pdf_pages(_export(demo_db, "settlement", tmp_path))
    chart_pages = [p for p in pages if any("予算額と決算額" in ln.text for ln in p)]
    assert chart_pages
    for page in chart_pages:
        check_no_overlap(page)


@pytest.mark.parametrize("kind", ["budget", "settlement", "ledger", "evaluation"])
def test_xlsx_totals_are_readable_without_recalculation(demo_db, tmp_path, kind):
    """Every formula cell holds the app's figure as its cached value (openpyxl data_only)."""
    from openpyxl import load_workbook

    path = tmp_path / f"{kind}.xlsx"
    assert main(["export", kind, "--db", str(demo_db), "--year", str(YEAR.year), "--format", "xlsx",
                 "--out", str(path)]) == 0
    formulas, values = load_workbook(path), load_workbook(path, data_only=True)
    checked = 0
    for table in _report(demo_db, kind).tables:
        ws, cached = formulas[table.name[:31]], values[table.name[:31]]
        header = next(r for r in range(1, 12) if ws.cell(r, 1).value == table.columns[0].header)
        for n, row in enumerate(table.rows, header + 1):
            for col, c in enumerate(table.columns, 1):
                if c.key in row.formulas:
                    assert str(ws.cell(n, col).value).startswith("="), (table.name, n, c.header)
                    assert cached.cell(n, col).value == row.values[c.key], (table.name, n, c.header)
                    checked += 1
    assert checked >= 3


@pytest.mark.parametrize("kind", ["budget", "settlement"])
def test_public_profile_is_refused_where_it_means_nothing(demo_db, tmp_path, capsys, kind):
    out = tmp_path / f"{kind}.pdf"
    code = main(["export", kind, "--db", str(demo_db), "--year", str(YEAR.year), "--format", "pdf",
                 "--out", str(out), "--profile", "public"])
    assert code == 2  # a usage error: the option does not apply to this form
    assert "公表用（--profile public）はありません" in capsys.readouterr().err
    assert not out.exists()


def test_public_ledger_leaves_out_the_counterparties(demo_db, tmp_path):
    """The one accounts form where 公表用 means something: 相手先 are often private persons."""
    out = tmp_path / "ledger.pdf"
    assert main(["export", "ledger", "--db", str(demo_db), "--year", str(YEAR.year), "--format", "pdf",
                 "--out", str(out), "--profile", "public"]) == 0
    text = all_text(pdf_pages(out))
    assert "相手先" not in text and "個人情報を含みます" not in text
