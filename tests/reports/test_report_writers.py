"""Reports: model formulas, the xlsx writer (read back + LibreOffice recalculation), the PDF writer."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app.reports import (
    Add,
    BarChart,
    Column,
    Diff,
    Ref,
    Report,
    ReportError,
    SumOf,
    Table,
    formula_mismatches,
)

INCOME = [("指定管理料（市からの管理費）", 5_000_000, 5_000_000), ("地域協働体活動費補助金", 1_200_000, 1_150_000),
          ("施設使用料", 300_000, 412_300), ("会費", 250_000, 248_000), ("前年度繰越金", 180_000, 180_452)]
EXPENSE = [("人件費", 3_600_000, 3_540_000), ("消耗品費", 400_000, 433_120), ("光熱水費", 900_000, 871_004),
           ("修繕費", 300_000, 0), ("事業費", 1_500_000, 1_322_000)]
TEXTS = ["=1+2", "+81", "-5", "@x"]


def settlement() -> Report:
    """収支決算書 the way a feature engineer would build it."""
    t = Table("収支決算書", [
        Column("item", "費目", "text", 30), Column("budget", "予算額", "yen", 14),
        Column("actual", "決算額", "yen", 14), Column("diff", "差額", "yen", 14), Column("note", "備考", "text", 24),
    ])
    for part, items, p in (("収入の部", INCOME, "in"), ("支出の部", EXPENSE, "out")):
        t.section(part)
        for i, (name, budget, actual) in enumerate(items):
            t.add(item=name, budget=budget, actual=actual, id=f"{p}{i}",
                  formulas={"diff": Diff(Ref("budget"), Ref("actual"))})
        t.add(item=f"{part[:2]}合計", style="total", id=f"{p}_total",
              formulas={k: SumOf(k, f"{p}0", f"{p}{len(items) - 1}") for k in ("budget", "actual", "diff")})
    t.add(item="次年度繰越金", style="total", id="carry",
          formulas={k: Diff(Ref(k, "in_total"), Ref(k, "out_total")) for k in ("budget", "actual")})
    t.rows[3].values["note"] = "=1+2"  # a note that looks like a formula must stay text
    return Report("令和7年度 収支決算書", [t], ["○○地域協働体", "令和8年4月30日 作成"],
                  stamp_boxes=["会長", "会計", "監事"], metadata={"format": "1", "fiscal_year": "2025"},
                  meta_sheet=True)


def members(n: int = 120) -> Report:
    t = Table("構成団体", [
        Column("no", "番号", "int", 6), Column("name", "団体名", "text", 26), Column("kana", "フリガナ", "text", 22),
        Column("joined", "加入日", "date", 12), Column("phone", "電話番号", "text", 14),
        Column("households", "世帯数", "int", 8), Column("rate", "加入率", "percent", 8), Column("grade", "評価", "grade", 6),
    ])
    for i in range(n):
        t.add(no=i + 1, name=f"第{i + 1}自治会" + ("（旧・山目地区の集落公民館組織を含む）" if i % 7 == 0 else ""),
              kana=f"だい{i + 1}じちかい", joined=dt.date(2020, 4, 1) + dt.timedelta(days=i),
              phone=TEXTS[i % 4] if i < 4 else f"0191-2{i % 10}-{i:04d}", households=1000 * i - 5000,
              rate=i / 200, grade="ABCD"[i % 4], id=f"m{i}")
    t.add(name="合計", households=sum(1000 * i - 5000 for i in range(n)), style="total",
          formulas={"households": SumOf("households", "m0", f"m{n - 1}")})
    chart = BarChart("地区別世帯数", ["一関", "花泉", "大東", "千厩"], [("令和6年度", [120, 80, -5, 0]),
                                                                    ("令和7年度", [130, 85, 40, 12])], "世帯")
    return Report("令和7年度 構成団体名簿", [t], ["○○地域協働体", "令和7年4月1日現在"],
                  contains_personal_data=True, charts=[chart])


# --- model ----------------------------------------------------------------------------------


def test_formula_values_filled_and_checked():
    t = settlement().tables[0]
    assert formula_mismatches(t) == []
    rows = {r.id: r for r in t.rows if r.id}
    income = sum(a for _, _, a in INCOME)
    expense = sum(a for _, _, a in EXPENSE)
    assert rows["in_total"].values["actual"] == income
    assert rows["carry"].values["actual"] == income - expense
    rows["carry"].values["actual"] += 1  # the app's value and the formula disagree
    assert len(formula_mismatches(t)) == 1


def test_running_balance_with_add_and_diff():
    t = Table("出納簿", [Column("in", "収入", "yen"), Column("out", "支出", "yen"), Column("bal", "残高", "yen")])
    t.add({"in": 1000, "out": 0, "bal": 1000}, id="r0")
    t.add({"in": 0, "out": 300}, id="r1", formulas={"bal": Diff(Add(Ref("bal", "r0"), Ref("in")), Ref("out"))})
    assert t.rows[1].values["bal"] == 700
    with pytest.raises(ReportError):
        t.add({"in": 1}, id="r1")
    with pytest.raises(ReportError):
        t.add({"in": 1}, formulas={"bal": Ref("bal", "nope")})


def test_import_is_light():
    code = ("import sys, app.reports, app.importing; "
            "bad = [m for m in sys.modules if m.split('.')[0] in ('openpyxl', 'reportlab', 'PySide6')]; "
            "print(bad); sys.exit(1 if bad else 0)")
    root = Path(__file__).resolve().parents[2]
    r = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


# --- xlsx -----------------------------------------------------------------------------------


def test_xlsx_layout_formats_and_print_setup(tmp_path):
    from openpyxl import load_workbook

    from app.reports import write_xlsx

    path = write_xlsx(settlement(), tmp_path / "決算.xlsx")
    wb = load_workbook(path)
    assert wb.sheetnames == ["収支決算書", "_meta"]
    assert wb["_meta"].sheet_state == "hidden"
    assert {r[0].value: r[1].value for r in wb["_meta"].iter_rows()} == {"format": "1", "fiscal_year": "2025"}
    ws = wb["収支決算書"]
    assert ws["A1"].value == "令和7年度 収支決算書" and ws["A1"].font.b
    assert ws["A2"].value == "○○地域協働体"
    header = 5
    assert [c.value for c in ws[header]] == ["費目", "予算額", "決算額", "差額", "備考"]
    assert ws["A6"].value == "収入の部"
    assert ws["B7"].value == 5_000_000 and ws["B7"].number_format == "#,##0;[Red]△#,##0"
    assert ws["D7"].value == "=B7-C7"
    assert ws["B12"].value == "=SUM(B7:B11)"  # 収入合計
    assert ws["C19"].value == "=SUM(C14:C18)"  # 支出合計
    assert ws["C20"].value == "=C12-C19"  # 次年度繰越金
    assert ws["E9"].value == "=1+2" and ws["E9"].data_type == "s"
    assert ws.page_setup.paperSize == 9 and ws.page_setup.orientation == "portrait"
    assert (ws.page_setup.fitToWidth or 1) == 1 and ws.page_setup.fitToHeight == 0  # absent = 1 (OOXML)
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == "$5:$5"
    assert ws.freeze_panes == "A6"
    assert str(ws.print_area).endswith("$A$1:$E$20")
    assert ws.oddFooter.center.text == "&P / &N"
    assert 30 <= ws.column_dimensions["A"].width < 31  # Excel shows 30 (stored with its cell padding, 30.71)
    props = {p.name: p.value for p in wb.custom_doc_props}
    assert props["fiscal_year"] == "2025"


def test_xlsx_text_safety_dates_personal_data(tmp_path):
    from openpyxl import load_workbook

    from app.reports import write_xlsx

    report = members()
    report.landscape = True
    path = write_xlsx(report, tmp_path / "m.xlsx")
    wb = load_workbook(path)
    ws = wb["構成団体"]
    assert ws["A2"].value == "個人情報を含みます"
    assert wb.properties.keywords == "個人情報を含みます"
    assert ws.page_setup.orientation == "landscape"
    header = 6
    assert ws.cell(header, 2).value == "団体名"
    for i, text in enumerate(TEXTS):
        cell = ws.cell(header + 1 + i, 5)
        assert cell.value == text and cell.data_type == "s"
    assert ws.cell(header + 5, 5).value == "0191-24-0004"  # phone numbers stay text
    assert ws.cell(header + 1, 4).value == dt.datetime(2020, 4, 1)
    assert ws.cell(header + 1, 4).number_format == "yyyy-mm-dd"
    assert ws.cell(header + 1, 7).number_format == "0.0%"
    assert "地区別世帯数" in wb.sheetnames


def test_xlsx_formula_cells_carry_the_apps_totals_as_cached_values(tmp_path):
    """A reader that does not recalculate (data_only, viewers, pandas) sees the totals, not blanks."""
    from openpyxl import load_workbook

    from app.reports import write_xlsx

    report = settlement()
    path = write_xlsx(report, tmp_path / "s.xlsx")
    formulas = load_workbook(path)["収支決算書"]
    values = load_workbook(path, data_only=True)["収支決算書"]
    checked = 0
    for n, row in enumerate(report.tables[0].rows, 6):
        for col, key in enumerate(("budget", "actual", "diff"), 2):
            if key in row.formulas:
                assert str(formulas.cell(n, col).value).startswith("=")
                assert values.cell(n, col).value == row.values[key], (n, key)
                checked += 1
    assert checked >= 15


@pytest.mark.libreoffice
def test_xlsx_formulas_recalculate_to_the_apps_totals(tmp_path):
    from openpyxl import load_workbook

    from app.reports import write_xlsx
    from tests.helpers.libreoffice import recalculated

    report = settlement()
    path = write_xlsx(report, tmp_path / "in" / "s.xlsx")
    cached = load_workbook(path, data_only=True)["収支決算書"]
    ws = load_workbook(recalculated(path, tmp_path / "out"), data_only=True)["収支決算書"]
    table = report.tables[0]
    checked = 0
    for n, row in enumerate(table.rows, 6):
        for col, key in enumerate(("budget", "actual", "diff"), 2):
            if key in row.formulas:
                # LibreOffice's recalculation, the cached value written and the app's figure agree
                assert ws.cell(n, col).value == cached.cell(n, col).value == row.values[key], (n, key)
                checked += 1
    assert checked >= 15


@pytest.mark.libreoffice
def test_xlsx_fits_page_width_in_libreoffice(tmp_path):
    from pypdf import PdfReader

    from app.reports import write_xlsx
    from tests.helpers.libreoffice import convert

    path = write_xlsx(members(), tmp_path / "in" / "members.xlsx")
    pdf = convert(path, "pdf", tmp_path / "out")
    reader = PdfReader(pdf)
    first = reader.pages[0].extract_text()
    assert "フリガナ" in first and "評価" in first  # the last column is on the first page
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "lo")],
                       check=True)


def test_xlsx_10000_rows_with_their_total_formula(tmp_path):
    """A year's cash book in one sheet (its speed is measured in benchmarks/bench_reports.py)."""
    from openpyxl import load_workbook

    from app.reports import write_xlsx

    t = Table("出納簿", [Column("d", "日付", "date"), Column("t", "摘要", "text", 30), Column("y", "金額", "yen")])
    for i in range(10_000):
        t.add(d=dt.date(2025, 4, 1), t=f"消耗品 {i}", y=i, id=f"r{i}")
    t.add(t="合計", style="total", formulas={"y": SumOf("y", "r0", "r9999")})
    write_xlsx(Report("出納簿", [t]), tmp_path / "big.xlsx")
    ws = load_workbook(tmp_path / "big.xlsx").active
    cells = [row for row in ws.iter_rows(values_only=True) if row[1] == "合計"]
    assert len(cells) == 1 and str(cells[0][2]).startswith("=SUM(")


# --- pdf ------------------------------------------------------------------------------------


def _fonts(reader) -> list[dict]:
    fonts = []
    for page in reader.pages:
        res = page["/Resources"].get_object()
        for font in res.get("/Font", {}).values():
            fonts.append(font.get_object())
        for xobj in res.get("/XObject", {}).values():  # charts may be forms
            xres = xobj.get_object().get("/Resources")
            if xres is not None:
                fonts += [f.get_object() for f in xres.get_object().get("/Font", {}).values()]
    return fonts


def test_pdf_text_pages_and_embedded_font(tmp_path):
    from pypdf import PdfReader

    from app.reports import write_pdf

    report = members(120)
    path = write_pdf(report, tmp_path / "m.pdf")
    reader = PdfReader(path)
    n = len(reader.pages)
    assert n >= 3
    text = reader.pages[0].extract_text()
    assert "令和7年度 構成団体名簿" in text
    assert "個人情報を含みます" in text
    assert f"1 / {n}" in text and f"{n} / {n}" in reader.pages[-1].extract_text()
    assert "団体名" in reader.pages[1].extract_text()  # header repeated
    all_text = "".join(p.extract_text() for p in reader.pages)
    assert "△5,000" in all_text and "地区別世帯数" in all_text
    fonts = _fonts(reader)
    assert fonts
    for font in fonts:
        assert font["/Subtype"] != "/Type0" or "/FontFile2" in str(font)  # no bare CID font
        if font["/BaseFont"] == "/ZapfDingbats" or font["/BaseFont"] == "/Helvetica":
            continue
        assert "IPAexGothic" in font["/BaseFont"]
        assert "/FontFile2" in font["/FontDescriptor"].get_object()


def test_pdf_settlement_with_stamps_renders(tmp_path):
    from pypdf import PdfReader

    from app.reports import write_pdf

    path = write_pdf(settlement(), tmp_path / "s.pdf")
    text = PdfReader(path).pages[0].extract_text()
    for word in ("収支決算書", "会長", "会計", "監事", "収入の部", "次年度繰越金", "5,000,000", "1 / 1"):
        assert word in text
    assert re.search(r"△\s*33,120", text)  # 消耗品費 差額 400,000 − 433,120
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-r", "60", "-png", str(path), str(tmp_path / "page")], check=True)
        assert list(tmp_path.glob("page*.png"))


@pytest.mark.parametrize("fmt", ["xlsx", "pdf"])
def test_source_date_epoch_makes_the_same_data_the_same_bytes(tmp_path, monkeypatch, fmt) -> None:
    """Reproducible files (`kyodo db copy` round trips compare exports byte for byte): with
    SOURCE_DATE_EPOCH the creation time is that moment, not the clock's; without it, the clock's."""
    import time
    import zipfile

    from app.reports import write_pdf, write_xlsx

    write = write_xlsx if fmt == "xlsx" else write_pdf
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01 00:00 UTC
    first = write(settlement(), tmp_path / f"a.{fmt}").read_bytes()
    time.sleep(1.1)  # the stamps have whole seconds
    assert write(settlement(), tmp_path / f"b.{fmt}").read_bytes() == first
    if fmt == "xlsx":
        with zipfile.ZipFile(tmp_path / "a.xlsx") as z:
            assert "<dcterms:created xsi:type=\"dcterms:W3CDTF\">2026-01-01T00:00:00Z<" in z.read("docProps/core.xml").decode()
    else:
        assert b"D:20260101000000" in first
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert write(settlement(), tmp_path / f"c.{fmt}").read_bytes() != first
