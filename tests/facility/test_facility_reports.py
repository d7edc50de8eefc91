"""施設利用状況 (年報・月報) and 指定管理業務報告書: what the exported files say."""

from __future__ import annotations

from datetime import date

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from app.cli import main
from app.domain.fiscal_year import FiscalYear
from app.services.facility import bookings as svc
from app.services.facility.calendar import set_closed, weekly_closed
from app.services.facility.report_data import save_year_note
from tests.helpers.libreoffice import recalculated

FY = FiscalYear(2025)


@pytest.fixture
def used(db, rooms, users):
    """June 2025: 5 Mondays closed; 会議室1 used on two days (3 slots), 和室 once; one cancelled."""
    set_closed(db, {d: r for d, r in weekly_closed(FY, 0).items() if d.month == 6})
    made = []
    for day, room, slots, user in ((date(2025, 6, 3), "会議室1", ("午前", "午後"), "囲碁の会"),
                                   (date(2025, 6, 4), "会議室1", ("夜間",), "第一自治会"),
                                   (date(2025, 6, 5), "和室", ("午後",), "ブルーベル")):
        made += svc.book(db, svc.BookingRequest(day, rooms[room], slots, users[user]))[0]
    svc.record_use(db, {b.id: 10 for b in made})
    gone = svc.book(db, svc.BookingRequest(date(2025, 6, 6), rooms["会議室1"], ("午前",), users["囲碁の会"]))[0]
    svc.cancel(db, [gone[0].id], date(2025, 6, 1), "中止")
    save_year_note(db, FY, "6月 空調点検\n9月 屋根修繕", "和室の畳を替えてほしい")
    return db


def test_monthly_usage_pdf_says_the_figures_of_the_month(tmp_path, used, db_target):
    out = tmp_path / "june.pdf"
    assert main(["export", "usage", "--db", str(db_target), "--year", "2025", "--month", "6", "--format", "pdf",
                 "--out", str(out)]) == 0
    text = "\n".join(p.extract_text() for p in PdfReader(out).pages)
    assert "施設利用状況（6月報）" in text
    # 会議室1: 2 visits, 20 people, 3 of 75 open slots (25 open days × 3) = 4.0%, fees 2,000 (囲碁の会 2 slots; the 自治会 free: 1,000 減免)
    words = text.split()
    at = words.index("会議室1")
    assert words[at:at + 8] == ["会議室1", "2", "20", "3", "75", "4.0%", "2,000", "1,000"]  # 使用料, 減免額


def test_yearly_usage_workbook_totals_are_formulas_libreoffice_agrees_with(tmp_path, used, db_target):
    out = tmp_path / "year.xlsx"
    assert main(["export", "usage", "--db", str(db_target), "--year", "2025", "--format", "xlsx", "--out", str(out)]) == 0
    ws = load_workbook(out)["利用件数"]
    total_row = next(r for r in ws.iter_rows() if r[0].value == "合計")
    june = total_row[3]  # 部屋, 4月, 5月, 6月
    assert str(june.value).startswith("=SUM(")
    computed = load_workbook(recalculated(out, tmp_path / "lo"), data_only=True)["利用件数"]
    row = next(r for r in computed.iter_rows() if r[0].value == "合計")
    assert row[3].value == 3  # June: 2 visits to 会議室1, 1 to 和室


def test_the_yearly_report_carries_usage_money_projects_and_the_notes(tmp_path, used, db_target):
    out = tmp_path / "report.pdf"
    assert main(["export", "facility-report", "--db", str(db_target), "--year", "2025", "--format", "pdf",
                 "--out", str(out)]) == 0
    text = "\n".join(p.extract_text() for p in PdfReader(out).pages)
    for heading in ("指定管理業務報告書", "1 施設の利用状況", "2 管理運営費の収支", "3 自主事業",
                    "4 施設の維持管理・利用者の声", "6月 空調点検", "和室の畳を替えてほしい"):
        assert heading in text


def test_month_is_refused_for_reports_that_have_none(tmp_path, used, db_target, capsys):
    out = tmp_path / "m.pdf"
    assert main(["export", "members", "--db", str(db_target), "--year", "2025", "--month", "6", "--format", "pdf",
                 "--out", str(out)]) == 1
    assert "月ごとの出力（--month）はありません" in capsys.readouterr().err
    assert not out.exists()


def test_the_yearly_report_settles_the_funded_book_not_the_first(tmp_path, used, db_target):
    from app.services.accounts.books import add_book, list_accounts
    from app.services.accounts.categories import add_category, list_categories
    from app.services.accounts.ledger import EntryInput, add_entry

    general = {c.name: c.id for c in list_categories(used)}  # 一般会計, the first 会計
    add_entry(used, FY, EntryInput(date(2025, 6, 10), "income", general["会費"], 98_765))
    managed = add_book(used, "指定管理（市民センター管理運営）", funded_by_city=True).value
    heading = add_category(used, "income", "指定管理収入", heading=True, book_id=managed.id).value
    fees = add_category(used, "income", "施設使用料", parent_id=heading.id, book_id=managed.id).value
    cash = list_accounts(used, managed.id)[0].id
    add_entry(used, FY, EntryInput(date(2025, 6, 30), "income", fees.id, 12_345, account_id=cash))
    out = tmp_path / "report.pdf"
    assert main(["export", "facility-report", "--db", str(db_target), "--year", "2025", "--format", "pdf",
                 "--out", str(out)]) == 0
    text = "\n".join(p.extract_text() for p in PdfReader(out).pages)
    money = text[text.index("2 管理運営費の収支"):text.index("3 自主事業")]
    assert "施設使用料" in money and "12,345" in money
    assert "98,765" not in text and "会費" not in money


def _row(ws, first: str) -> list:
    return [c.value for c in next(r for r in ws.iter_rows() if r[0].value == first)]


def test_the_rate_is_a_formula_over_the_slots_that_libreoffice_recalculates(tmp_path, used, db_target):
    out = tmp_path / "june.xlsx"
    assert main(["export", "usage", "--db", str(db_target), "--year", "2025", "--month", "6", "--format", "xlsx",
                 "--out", str(out)]) == 0
    ws = load_workbook(out).worksheets[0]
    header = next(r for r in ws.iter_rows(values_only=True) if r[0] == "部屋")
    rate = header.index("稼働率")
    assert header[rate - 2:rate] == ("使用コマ", "開館コマ")
    room, total = _row(ws, "会議室1"), _row(ws, "合計")
    assert str(room[rate]).startswith("=") and "/" in str(room[rate])
    assert str(total[rate]).startswith("=") and "/" in str(total[rate])
    computed = load_workbook(recalculated(out, tmp_path / "lo"), data_only=True).worksheets[0]
    room, total = _row(computed, "会議室1"), _row(computed, "合計")
    assert room[rate - 2:rate + 1] == [3, 75, 0.04]  # 3 slots of 25 open days × 3
    # the total counts the rooms toward 稼働率: 会議室1 75 + 和室 50 open slots, 4 used
    assert total[rate - 2:rate + 1] == [4, 125, 0.032]


def test_the_yearly_report_as_a_workbook(tmp_path, used, db_target):
    out = tmp_path / "report.xlsx"
    assert main(["export", "facility-report", "--db", str(db_target), "--year", "2025", "--format", "xlsx",
                 "--out", str(out)]) == 0
    wb = load_workbook(out)
    assert wb.sheetnames[:4] == ["1 施設の利用状況", "2 管理運営費の収支", "3 自主事業", "4 維持管理・利用者の声"]
    usage = wb["1 施設の利用状況"]
    header = next(r for r in usage.iter_rows(values_only=True) if r[0] == "部屋")
    room = dict(zip(header, _row(usage, "会議室1"), strict=False))
    assert (room["利用件数"], room["利用者数"], room["使用コマ"], room["使用料"], room["減免額"]) == (2, 20, 3, 2000, 1000)
    assert str(_row(usage, "合計")[header.index("利用件数")]).startswith("=SUM(")
    notes = {r[0]: r[1] for r in wb["4 維持管理・利用者の声"].iter_rows(values_only=True)}
    assert notes["施設の維持管理（点検・修繕）"] == "6月 空調点検\n9月 屋根修繕"
    assert notes["利用者の声"] == "和室の畳を替えてほしい"
    money = [r[0] for r in wb["2 管理運営費の収支"].iter_rows(values_only=True)]
    assert "収入の部" in money and "支出の部" in money and "収入合計" in money


def test_the_monthly_rates_are_formulas_over_the_slots_that_libreoffice_recalculates(tmp_path, used, db_target):
    out = tmp_path / "year.xlsx"
    assert main(["export", "usage", "--db", str(db_target), "--year", "2025", "--format", "xlsx", "--out", str(out)]) == 0
    ws = load_workbook(out)["稼働率"]
    header = next(r for r in ws.iter_rows(values_only=True) if r[0] == "部屋")
    june = header.index("6月")
    rows = [r for r in ws.iter_rows() if r[0].value == "会議室1"]
    rate, used_slots, open_slots = rows  # the rate, then its 使用コマ and 開館コマ below
    assert str(rate[june].value).startswith("=") and "/" in str(rate[june].value)
    assert rate[june].number_format.endswith("%") and not used_slots[june].number_format.endswith("%")
    assert (used_slots[june].value, open_slots[june].value) == (3, 75)
    total = next(r for r in ws.iter_rows() if r[0].value == "合計")
    assert str(total[june].value).startswith("=")
    app_values = load_workbook(out, data_only=True)["稼働率"]  # the values the app computed, cached
    computed = load_workbook(recalculated(out, tmp_path / "lo"), data_only=True)["稼働率"]
    formulas = [c.coordinate for r in ws.iter_rows() for c in r if str(c.value).startswith("=")]
    assert len(formulas) > 12
    for at in formulas:
        assert computed[at].value == pytest.approx(app_values[at].value), at
    assert computed[rate[june].coordinate].value == pytest.approx(0.04)  # 3 of 75
    assert computed[total[june].coordinate].value == pytest.approx(0.032)  # 4 of 125 (会議室1 + 和室)
