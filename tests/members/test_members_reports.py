"""The 名簿 and 役員名簿 as the user receives them: xlsx cells value by value, PDF text."""

from __future__ import annotations

from datetime import date, datetime

from openpyxl import load_workbook
from pypdf import PdfReader

from app.cli import main as kyodo
from app.domain.fiscal_year import FiscalYear
from app.domain.wareki import format_wareki
from app.services.demo.create import create_demo
from app.services.members.organisations import Organisation, save_organisation
from app.services.reports import export_report
from app.storage.database import Database
from tests.members.conftest import DEMO_TODAY, kind_id

YEAR = FiscalYear(2025)


def _rows(ws) -> list[tuple]:
    return [r for r in ws.iter_rows(values_only=True)]


def _header_index(rows: list[tuple], first: str) -> int:
    return next(i for i, r in enumerate(rows) if r[0] == first)


def test_full_workbook_cells(small_register: Database, tmp_path) -> None:
    db = small_register
    save_organisation(db, Organisation(kind_id=kind_id(db, "その他団体"), name="=SUM(A1)", furigana="あいうえお"))
    out = export_report(db, "members", YEAR, "xlsx", tmp_path / "m.xlsx", "full")
    wb = load_workbook(out)
    assert [ws.title for ws in wb.worksheets if ws.sheet_state == "visible"] == ["構成団体", "個人会員"]
    ws = wb["構成団体"]
    rows = _rows(ws)
    assert rows[0][0] == "令和7年度 会員名簿"
    assert "試験地域協働体" in [r[0] for r in rows[:6]]
    assert f"作成日 {format_wareki(date.today())}" in [r[0] for r in rows[:6]]
    h = _header_index(rows, "区分")
    assert rows[h] == ("区分", "名称", "ふりがな", "代表者", "代表者名の公表の同意", "電話", "郵便番号", "住所",
                       "世帯数", "会員数", "加入日", "退会日", "備考")  # fmt: skip
    # 五十音 order by ふりがな: あいうえお, うえのはら…, ことぶき…
    assert [r[1] for r in rows[h + 1:]] == ["=SUM(A1)", "上野原自治会", "寿会"]
    assert rows[h + 2] == ("自治会", "上野原自治会", "うえのはらじちかい", None, "いいえ", "0191-21-0001", "029-0001",
                           None, 120, None, datetime(2010, 4, 1), None, None)  # fmt: skip
    formula_cell = ws.cell(h + 2, 2)
    assert formula_cell.data_type == "s" and formula_cell.value == "=SUM(A1)"  # text, never a formula
    assert ws.cell(h + 3, 6).data_type == "s"  # phone as text, leading zero kept
    assert ws.cell(h + 3, 11).is_date
    assert ws.print_title_rows == f"${h + 1}:${h + 1}"
    assert int(ws.page_setup.paperSize) == 9 and int(ws.page_setup.fitToWidth or 1) == 1  # A4, one page wide (absent = 1, the OOXML default)
    people = _rows(wb["個人会員"])
    p = _header_index(people, "氏名")
    assert people[p][:3] == ("氏名", "ふりがな", "所属団体")
    assert [r[0] for r in people[p + 1:]] == ["髙橋 一郎", "山﨑 花子"]
    assert people[p + 1][3] == "090-1234-5678" and people[p + 1][6] == "ichiro@example.jp"
    assert people[p + 1][9] == "はい" and people[p + 2][9] == "いいえ"


def test_public_profile_has_no_contact_data_and_only_consenting_people(small_register: Database, tmp_path) -> None:
    out = export_report(small_register, "members", YEAR, "xlsx", tmp_path / "p.xlsx", "public")
    wb = load_workbook(out)
    everything = [v for ws in wb.worksheets for r in ws.iter_rows(values_only=True) for v in r if v is not None]
    for header in ("電話", "郵便番号", "住所", "メール"):
        assert header not in everything
    for private in ("0191-21-0001", "029-0001", "090-1234-5678", "ichiro@example.jp", "山﨑 花子"):
        assert private not in everything
    assert "髙橋 一郎" in everything and "上野原自治会" in everything
    assert "個人情報を含みます" not in everything


def test_pdf_title_block_repeated_header_and_page_numbers(db: Database, tmp_path) -> None:
    create_demo(db, today=DEMO_TODAY)
    assert kyodo.__name__  # the same export the command line runs
    out = export_report(db, "members", FiscalYear(2026), "pdf", tmp_path / "m.pdf", "full")
    pages = [page.extract_text() for page in PdfReader(out).pages]
    assert len(pages) >= 3
    assert "令和8年度 会員名簿" in pages[0] and "みどり野地域協働体" in pages[0]
    assert f"作成日 {format_wareki(date.today())}" in pages[0]
    for n, text in enumerate(pages, 1):
        assert f"{n} / {len(pages)}" in text
        assert "ふりがな" in text  # the header row is repeated on every page
    assert "0191-" in "".join(pages)  # the full list has phone numbers …
    public = export_report(db, "members", FiscalYear(2026), "pdf", tmp_path / "pub.pdf", "public")
    text = "".join(p.extract_text() for p in PdfReader(public).pages)
    assert "0191-" not in text and "example.jp" not in text and "岩手県" not in text  # … the public one none


def test_officers_list_follows_the_april_change(db: Database, tmp_path) -> None:
    create_demo(db, today=DEMO_TODAY)
    chairs = {}
    for year in (2024, 2025):
        out = export_report(db, "officers", FiscalYear(year), "xlsx", tmp_path / f"o{year}.xlsx", "full")
        rows = _rows(load_workbook(out)["役員"])
        h = _header_index(rows, "役職")
        assert rows[h][:6] == ("役職", "氏名", "ふりがな", "所属団体", "任期開始", "任期終了")
        chairs[year] = [r for r in rows[h + 1:] if r[0] == "会長"]
    assert len(chairs[2024]) == 1 and chairs[2024][0][5] == datetime(2025, 3, 31)
    assert len(chairs[2025]) == 1 and chairs[2025][0][4] == datetime(2025, 4, 1)
    assert chairs[2024][0][1] != chairs[2025][0][1]
    out = export_report(db, "officers", FiscalYear(2025), "xlsx", tmp_path / "pub.xlsx", "public")
    wb = load_workbook(out)
    assert [r[0] for r in _rows(wb["部会"]) if r[0] and r[0].endswith("部会")][1:] == [
        "総務部会", "生涯学習部会", "福祉部会", "環境・安全部会"]  # fmt: skip
    headers = [v for r in _rows(wb["役員"]) for v in r]
    assert "電話" not in headers and "住所" not in headers
