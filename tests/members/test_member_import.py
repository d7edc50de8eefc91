"""Importing the 名簿 from Excel: round trip, messy sheets, errors, all-or-nothing."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from app.cli import main as kyodo
from app.domain.fiscal_year import FiscalYear
from app.domain.validation import ValidationError
from app.importing import RowStatus
from app.services.demo.create import create_demo
from app.services.members.importer import commit_member_import, preview_member_import
from app.services.members.organisations import list_organisations
from app.services.members.people import list_people
from app.services.reports import export_report
from app.storage.database import Database
from tests.members.conftest import DEMO_TODAY, snapshot, write_sheet
from tests.postgres_support import open_target

HEADERS = ["区分", "名称", "ふりがな", "代表者", "電話", "郵便番号", "住所", "世帯数", "会員数", "加入日", "退会日", "備考"]


def test_round_trip_export_then_import_reports_no_change_and_keeps_data_identical(db: Database, tmp_path) -> None:
    create_demo(db, today=DEMO_TODAY)
    out = export_report(db, "members", FiscalYear(2026), "xlsx", tmp_path / "roster.xlsx", "full")
    before = snapshot(db)
    for sheet, expected_rows in (("構成団体", 39), ("個人会員", 58)):
        preview = preview_member_import(db, out, sheet)
        assert [r.status for r in preview.rows] == [RowStatus.UNCHANGED] * expected_rows, preview.summary_lines()
        assert preview.summary_lines()[0] == f"新規 0件、更新 0件、変更なし {expected_rows}件、エラー 0件、警告 0件、読み飛ばし 0件"
        commit_member_import(db, preview)
    assert snapshot(db) == before


def test_any_order_synonyms_and_normalisation(db: Database, tmp_path) -> None:
    path = write_sheet(tmp_path / "messy.xlsx", [
        ["フリガナ", "団体名", "会員数", "種別", "加入日", "電話番号", "世帯数", "代表者名"],
        ["ｶﾐﾉﾊﾗｼﾞﾁｶｲ", "上野原　自治会", "２４０", "自治会", "R7.4.1", "０１９１－２１－２１１１", "120世帯", 123],
        [None, None, None, None, None, None, None, None],
        ["ヤマザキクラブ", "山﨑クラブ", 30, "老人クラブ", "令和7年4月1日", None, None, "髙橋 一郎"],
        ["ひがしまち", 4567, None, "その他団体", datetime(2025, 4, 1), None, None, None],
        ["にしまち", "西町の会", None, "その他団体", "2025-04-01", None, None, None],
        ["みなみまち", "南町の会", None, "その他団体", "2025/4/1", None, None, None],
    ])  # fmt: skip
    preview = preview_member_import(db, path)
    assert not preview.has_errors, preview.summary_lines()
    assert [r.row_number for r in preview.rows] == [4, 6, 7, 8, 9]  # the empty row 5 is skipped
    commit_member_import(db, preview)
    orgs = {o.name: o for o in list_organisations(db)}
    assert set(orgs) == {"上野原 自治会", "山﨑クラブ", "4567", "西町の会", "南町の会"}
    ueno = orgs["上野原 自治会"]
    assert (ueno.furigana, ueno.member_count, ueno.households) == ("かみのはらじちかい", 240, 120)
    assert ueno.phone == "0191-21-2111" and ueno.representative == "123"
    assert ueno.joined_on == date(2025, 4, 1)
    assert orgs["山﨑クラブ"].representative == "髙橋 一郎"  # 髙 and 﨑 are kept as typed
    assert {o.joined_on for o in orgs.values()} == {date(2025, 4, 1)}


def test_impossible_date_is_an_error_naming_row_and_column(db: Database, tmp_path) -> None:
    path = write_sheet(tmp_path / "bad.xlsx", [HEADERS, ["自治会", "A自治会", "えー", None, None, None, None, 10, None,
                                                       "2025/02/30", None, None]], title=None)  # fmt: skip
    preview = preview_member_import(db, path)
    # header in row 1, so the first data row is row 2
    assert "2行目 J列（加入日）: 2025/02/30 は存在しない日付です" in preview.summary_lines()
    assert preview.rows[0].status is RowStatus.ERROR


def test_message_uses_excel_row_number_below_a_title(db: Database, tmp_path) -> None:
    rows = [HEADERS, ["自治会", "A自治会", None, None, None, None, None, None, None, "2025/4/1", None, None],
            ["自治会", "B自治会", None, None, None, None, None, None, None, "2025/02/30", None, None]]  # fmt: skip
    preview = preview_member_import(db, write_sheet(tmp_path / "t.xlsx", rows))
    assert "5行目 J列（加入日）: 2025/02/30 は存在しない日付です" in preview.summary_lines()


def test_duplicated_rows_in_one_file_are_errors_naming_both_rows(db: Database, tmp_path) -> None:
    rows = [HEADERS,
            ["自治会", "下町自治会", "したまち", None, None, None, None, 50, None, None, None, None],
            ["老人クラブ", "下町自治会", "したまち", None, None, None, None, None, None, None, None, None],
            ["自治会", "下町 自治会", "シタマチ", None, None, None, None, 51, None, None, None, None]]  # fmt: skip
    preview = preview_member_import(db, write_sheet(tmp_path / "dup.xlsx", rows, title=None))
    statuses = [r.status for r in preview.rows]
    assert statuses == [RowStatus.ERROR, RowStatus.NEW, RowStatus.ERROR]  # other 区分 = another body
    lines = preview.summary_lines()
    assert "2行目: 4行目と同じ団体（名称・区分が同じ）です。どちらか一方にしてください" in lines
    assert "4行目: 2行目と同じ団体（名称・区分が同じ）です。どちらか一方にしてください" in lines


def test_unknown_kind_numbers_in_contact_columns_and_households_rule(db: Database, tmp_path) -> None:
    rows = [HEADERS,
            ["自治会連合", "X会", None, None, None, None, None, None, None, None, None, None],
            ["自治会", "Y自治会", None, None, 191212111, 290001, None, None, None, None, None, None],
            ["老人クラブ", "Z会", None, None, None, None, None, 40, None, None, None, None]]  # fmt: skip
    lines = preview_member_import(db, write_sheet(tmp_path / "x.xlsx", rows, title=None)).summary_lines()
    assert any(line.startswith("2行目 A列（区分）: 区分「自治会連合」は登録されていません") for line in lines)
    # numbers that lost their leading 0 are restored, the phone with a warning naming the cell
    assert "警告: 3行目 E列（電話）: 先頭の0が消えていたため補いました（191212111 → 0191212111）" in lines
    assert not any(line.startswith("3行目") for line in lines)
    assert any(line.startswith("4行目 H列（世帯数）: 世帯数は自治会・民区など") for line in lines)


def test_update_is_matched_on_normalised_name_and_kind(small_register: Database, tmp_path) -> None:
    db = small_register
    rows = [["区分", "名称", "電話", "世帯数"], ["自治会", "上野原 自治会", "0191-21-0001", 125]]
    preview = preview_member_import(db, write_sheet(tmp_path / "u.xlsx", rows, title=None))
    assert preview.rows[0].status is RowStatus.UPDATE
    assert preview.rows[0].data.change_text == "世帯数"
    commit_member_import(db, preview)
    org = next(o for o in list_organisations(db) if o.name == "上野原自治会")
    assert org.households == 125 and org.postal_code == "029-0001"  # a column the sheet lacks is kept


def test_people_sheet_with_consent_and_affiliation(small_register: Database, tmp_path) -> None:
    db = small_register
    rows = [["氏名", "フリガナ", "所属", "メールアドレス", "掲載同意"],
            ["見本 太郎", "ミホン タロウ", "寿会", "TARO@Example.JP", "○"],
            ["髙橋 一郎", "たかはし いちろう", None, "ichiro@example.jp", "はい"],
            ["見本 次郎", None, "存在しない会", None, "たぶん"]]  # fmt: skip
    preview = preview_member_import(db, write_sheet(tmp_path / "p.xlsx", rows, title=None))
    assert [r.status for r in preview.rows] == [RowStatus.NEW, RowStatus.UNCHANGED, RowStatus.ERROR]
    lines = preview.summary_lines()
    assert "4行目 C列（所属）: 所属団体「存在しない会」は構成団体の名簿にありません" in lines
    assert "4行目 E列（掲載同意）: 名簿掲載の同意「たぶん」は「はい」か「いいえ」で入力してください" in lines


def test_rejected_import_changes_nothing_in_service_and_command_line(small_register: Database, db_target, tmp_path,
                                                                      capsys) -> None:  # fmt: skip
    db = small_register
    rows = [HEADERS, ["自治会", "新しい自治会", None, None, None, None, None, 10, None, None, None, None],
            ["自治会", "上野原自治会", None, None, None, None, None, 999, None, None, None, None],
            ["自治会", "壊れた自治会", None, None, None, None, None, None, None, "2025/02/30", None, None]]  # fmt: skip
    path = write_sheet(tmp_path / "reject.xlsx", rows)
    before = snapshot(db)
    preview = preview_member_import(db, path)
    with pytest.raises(ValidationError, match="何も変更していません"):
        commit_member_import(db, preview)
    assert snapshot(db) == before
    db.close()
    assert kyodo(["members", "import", str(path), "--db", str(db_target)]) == 1
    stderr = capsys.readouterr().err
    assert "シート『名簿』 6行目 J列（加入日）: 2025/02/30 は存在しない日付です" in stderr
    assert "何も変更していません" in stderr
    reopened = open_target(db_target)
    assert snapshot(reopened) == before
    reopened.close()


def test_command_line_dry_run_then_commit(small_register: Database, db_target, tmp_path, capsys) -> None:
    small_register.close()
    rows = [HEADERS, ["民区", "川端民区", "かわばたみんく", None, None, None, None, 33, None, "令和7年4月1日", None, None]]
    path = write_sheet(tmp_path / "ok.xlsx", rows)
    assert kyodo(["members", "import", str(path), "--db", str(db_target), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "新規 1件、更新 0件、変更なし 0件、エラー 0件" in out and "--dry-run" in out
    assert kyodo(["members", "import", str(path), "--db", str(db_target), "--sheet", "名簿"]) == 0
    assert "取り込みました（新規 1件" in capsys.readouterr().out
    db = open_target(db_target)
    assert any(o.name == "川端民区" and o.households == 33 for o in list_organisations(db))
    db.close()


def test_error_workbook_has_an_error_column(db: Database, tmp_path) -> None:
    from openpyxl import load_workbook

    from app.importing import write_error_workbook

    rows = [HEADERS, ["自治会", "A自治会", None, None, None, None, None, None, None, "2025/02/30", None, None]]
    path = write_sheet(tmp_path / "e.xlsx", rows)
    preview = preview_member_import(db, path)
    out = write_error_workbook(path, preview, tmp_path / "errors.xlsx")
    ws = load_workbook(out).active
    assert ws.cell(3, len(HEADERS) + 1).value == "エラー"
    assert ws.cell(4, len(HEADERS) + 1).value == "加入日: 2025/02/30 は存在しない日付です"


def test_five_thousand_rows(db: Database, tmp_path: Path) -> None:
    rows = [HEADERS] + [
        ["自治会" if i % 2 else "その他団体", f"第{i}番の会", f"だい{i}ばんのかい", None, f"0191-21-{i % 10000:04d}",
         None, None, i % 300 if i % 2 else None, i % 50, "2025/4/1", None, None]
        for i in range(5000)
    ]  # fmt: skip
    preview = preview_member_import(db, write_sheet(tmp_path / "big.xlsx", rows))
    assert preview.counts[RowStatus.NEW] == 5000 and not preview.has_errors
    commit_member_import(db, preview)
    assert len(list_organisations(db)) == 5000
    again = preview_member_import(db, tmp_path / "big.xlsx")
    assert again.counts[RowStatus.UNCHANGED] == 5000
    assert list_people(db) == []
