"""名簿 files as offices have them (tests/fixtures/make_office_files.py): each is imported and the
records that result are checked, with the columns the summary names as not imported."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from app.cli import main as kyodo
from app.importing import RowStatus
from app.services.members.importer import commit_member_import, preview_member_import
from app.services.members.people import Member, list_people
from app.storage.database import Database, open_database


def imported(db: Database, path: Path, **kw) -> tuple[list[str], dict[str, Member]]:
    """Preview (its summary lines) and commit; the people by name afterwards."""
    preview = preview_member_import(db, path, **kw)
    lines = preview.column_lines() + preview.summary_lines(long_form=True)
    assert not preview.has_errors, lines
    commit_member_import(db, preview)
    return lines, {p.name: p for p in list_people(db)}


def unused_line(lines: list[str]) -> str:
    return next((line for line in lines if line.startswith("取り込まない列（データあり）")), "")


def test_club_roster_two_row_header_family_given_katakana_and_lost_zeros(db, office_files):
    lines, people = imported(db, office_files["01_スポーツ少年団名簿_二段見出し.xlsx"])
    assert "シート『名簿』の3〜4行目を見出しとして読みました" in lines
    assert set(people) == {"千葉 一郎", "小野寺 花子", "菅原 健太", "佐々木 美咲"}  # never a member named 姓
    assert people["千葉 一郎"].furigana == "ちば いちろう"  # セイ + メイ in カタカナ → ひらがな
    assert people["千葉 一郎"].phone == "0191212111" and people["小野寺 花子"].phone == "09012345678"
    assert people["菅原 健太"].phone == "0191-23-4567"
    assert "警告: シート『名簿』 5行目 H列（電話番号）: 先頭の0が消えていたため補いました（191212111 → 0191212111）" in lines
    assert unused_line(lines) == "取り込まない列（データあり）: F列（役職）、I列（班）"
    assert "  B列（氏名／姓） → 姓" in lines and "  C列（氏名／名） → 名" in lines


def test_address_book_best_sheet_below_a_form_area_split_address_and_local_phone(db, office_files):
    lines, people = imported(db, office_files["02_住所録_複数シート.xlsx"])
    assert "シート『住所録』の5行目を見出しとして読みました" in lines
    assert set(people) == {"高橋 修", "及川 恵子", "熊谷 勇"}  # not 登録数 (集計), not 阿部 正 (作成者)
    takahashi = people["高橋 修"]
    assert takahashi.furigana == "たかはし おさむ"  # ﾊﾝｶｸ reading
    assert takahashi.postal_code == "021-0884"  # 210884 as a number
    assert takahashi.address == "岩手県一関市大手町2-16"
    assert takahashi.phone == "0191-21-2111"  # 21-2111 + the 市外局番 setting
    assert takahashi.note == "班長 / 電話: 自宅"  # （自宅） is kept in 備考, not an error
    assert people["及川 恵子"].address == "岩手県一関市赤荻字雲南1-2 コーポ雲南101"
    assert people["熊谷 勇"].phone == "09098765432" and people["熊谷 勇"].postal_code == "021-0821"
    assert "警告: シート『住所録』 6行目 I列（電話）: 市外局番がないため 0191 を補いました（0191-21-2111）" in lines
    assert unused_line(lines) == "取り込まない列（データあり）: J列（世帯人数）"


def test_status_column_and_leaving_written_in_the_note(db, office_files):
    lines, people = imported(db, office_files["03_会員名簿_状態あり.xlsx"])
    assert people["伊藤 誠"].left_on == date(2025, 9, 30)  # 備考「退会（令和7年9月30日）」
    assert people["岩渕 一男"].left_on is None
    # 退会/退部 without a date: imported as active, but never in silence
    assert people["鈴木 和子"].left_on is None
    assert any(line.startswith("警告: シート『会員』 3行目 D列（状態）: 「退会」とありますが退会日が分からない") for line in lines)
    assert any(line.startswith("警告: シート『会員』 5行目 D列（状態）: 「退部」とありますが") for line in lines)
    assert people["菊池 翔"].note == "状態: 休会"
    assert unused_line(lines) == ""


def test_left_date_column_with_status(db, tmp_path):
    from tests.members.conftest import write_sheet

    path = write_sheet(tmp_path / "s.xlsx", [["氏名", "状態", "退会日"], ["鈴木 和子", "退会", "2025/6/1"],
                                             ["村上 由美", "退部", None]], title=None)
    lines, people = imported(db, path)
    assert people["鈴木 和子"].left_on == date(2025, 6, 1)
    assert any("3行目 B列（状態）: 「退部」とありますが" in line for line in lines)


def test_same_name_different_person_both_imported_and_reimport_is_unchanged(db, office_files):
    path = office_files["04_名簿_同姓同名.xlsx"]
    preview = preview_member_import(db, path)
    assert [r.status for r in preview.rows] == [RowStatus.NEW] * 3
    assert [str(w) for w in preview.warnings] == [
        "2行目: 3行目と同じ名前ですが、住所・電話などが違うため別の人として取り込みます",
        "3行目: 2行目と同じ名前ですが、住所・電話などが違うため別の人として取り込みます",
    ]
    # no reading column: one is suggested and marked 推定
    assert preview.rows[0].data.furigana == "さとう たけし（推定）"
    commit_member_import(db, preview)
    sato = {p.address for p in list_people(db) if p.name == "佐藤 健"}
    assert sato == {"一関市真柴字中田5", "一関市山目字前田1"}
    again = preview_member_import(db, path)
    assert [r.status for r in again.rows] == [RowStatus.UNCHANGED] * 3, again.summary_lines()


def test_true_duplicate_is_still_an_error(db, tmp_path):
    from tests.members.conftest import write_sheet

    path = write_sheet(tmp_path / "d.xlsx", [["氏名", "電話"], ["佐藤 健", "0191-21-1111"],
                                             ["佐藤 健", "0191-21-1111"]], title=None)
    preview = preview_member_import(db, path)
    assert [r.status for r in preview.rows] == [RowStatus.ERROR, RowStatus.ERROR]


def test_neighbourhood_address_book_statuses_postal_codes_and_namesakes(db, office_files):
    path = office_files["18_自治会住所録_世帯主と状態.xlsx"]
    lines, _people = imported(db, path)
    people = {(p.name, p.address): p for p in list_people(db)}
    assert "シート『住所録』の5行目を見出しとして読みました" in lines
    assert unused_line(lines) == "取り込まない列（データあり）: A列（班）、B列（世帯主）、C列（続柄）"
    first = people["佐藤 一郎", "一関市山目字前田1-1"]
    second = people["佐藤 一郎", "一関市山目字中野2-5"]  # the same name, another address: another person
    assert (first.furigana, first.postal_code, first.phone, first.note) == (
        "さとう いちろう", "021-0884", "0191-21-2111", "電話: 自宅")
    assert (second.postal_code, second.phone) == ("002-1884", "0191212111")
    # a 〒 that lost its 0s is repaired in the open, the cell named
    assert "警告: シート『住所録』 8行目 H列（〒）: 先頭の0が消えていたため補いました（21884 → 002-1884）" in lines
    assert "警告: シート『住所録』 6行目 H列（〒）: 先頭の0が消えていたため補いました（210884 → 021-0884）" in lines
    assert people["小野寺 勝", "一関市山目字中野3"].left_on == date(2025, 9, 30)  # 備考「R7.9.30退会」
    assert people["阿部 修", "一関市山目字泥田5"].left_on == date(2025, 9, 30)  # 転出, dated in 備考
    # 死亡 is never an active member in silence: without a date, a warning on the cell
    assert people["菅原 トシ", "一関市山目字泥田4"].left_on is None
    assert ("警告: シート『住所録』 10行目 K列（状態）: 「死亡」とありますが退会日が分からないため、在籍として取り込みます"
            "（退会日の列に日付を入れるか、取り込んだ後に画面で退会を記録してください）") in lines
    assert people["及川 恵", "一関市山目字泥田6"].note == "状態: 休会"
    # a note that speaks of leaving without this member having left: active, and said (its date was
    # taken as the 退会日: 2025-04-01 for a member who joined again that day)
    assert people["熊谷 誠", "一関市山目字町8"].left_on is None and people["熊谷 道子", "一関市山目字町8"].left_on is None
    assert ("警告: シート『住所録』 13行目 L列（備考）: 備考「令和6年退会、令和7年4月1日再入会」からは退会したと"
            "決められないため、在籍として取り込みます（退会なら退会日を入れてください）") in lines
    assert any(line.startswith("警告: シート『住所録』 14行目 L列（備考）: 備考「退会予定") for line in lines)
    again = preview_member_import(db, path)
    assert [r.status for r in again.rows] == [RowStatus.UNCHANGED] * 9, again.summary_lines()


def test_a_note_or_status_that_records_leaving_for_a_reason_is_left_and_plans_are_not(db, tmp_path):
    # 「希望」「予定」 elsewhere in the text (本人希望, 返金予定) do not undo the 退会 they explain; only
    # 退会予定・退会希望・退会取消, 再入会 and 退会者の… say the member has not left
    from tests.members.conftest import write_sheet

    rows = [["氏名", "状態", "備考"],
            ["阿部 一", None, "令和7年9月30日退会（本人希望）"],
            ["阿部 二", None, "退会（令和7年9月30日）。会費は返金予定"],
            ["阿部 三", "退会（本人希望・令和7年9月30日）", None],
            ["阿部 四", None, "本人希望により令和7年9月30日退会"],
            ["阿部 五", None, "退会予定（令和8年3月31日）"],
            ["阿部 六", None, "退会希望あり（令和7年9月30日に相談）"],
            ["阿部 七", None, "令和6年退会、令和7年4月1日再入会"],
            ["阿部 八", None, "退会者（令和7年9月30日）の後任"]]
    path = write_sheet(tmp_path / "s.xlsx", rows, title=None)
    lines, people = imported(db, path)
    left = {name: p.left_on for name, p in people.items()}
    assert left == {"阿部 一": date(2025, 9, 30), "阿部 二": date(2025, 9, 30), "阿部 三": date(2025, 9, 30),
                    "阿部 四": date(2025, 9, 30), "阿部 五": None, "阿部 六": None, "阿部 七": None,
                    "阿部 八": None}, lines
    assert sum("在籍として取り込みます" in line for line in lines) == 4, lines


def test_a_status_the_program_cannot_place_says_nothing_against_a_given_leaving_date(db, tmp_path):
    # 状態「退会者」 with a 退会日: stored as left on that day — the warning said 「在籍として取り込みます」
    from tests.members.conftest import write_sheet

    path = write_sheet(tmp_path / "d.xlsx", [["氏名", "状態", "退会日"], ["及川 一", "退会者", "2025/9/30"],
                                             ["及川 二", "退会者", None]], title=None)
    lines, people = imported(db, path)
    assert people["及川 一"].left_on == date(2025, 9, 30) and people["及川 二"].left_on is None
    assert [line for line in lines if "在籍として取り込みます" in line] == [
        "警告: シート『名簿』 3行目 B列（状態）: 状態「退会者」は在籍として取り込みます（退会なら退会日を入れてください）"]


@pytest.mark.parametrize("header", ["氏　名", "氏名（漢字）", "お名前"])
def test_a_name_header_as_forms_write_it_makes_a_list_of_people(db, tmp_path, header):
    # a sheet without 区分 whose name column says 氏名 however it is spaced or bracketed is a list of
    # people (it was taken for 構成団体: 「区分を入力してください」 on every row)
    from tests.members.conftest import write_sheet

    path = write_sheet(tmp_path / "p.xlsx", [[header, "ふりがな"], ["千葉 一", "ちば はじめ"]], title=None)
    _lines, people = imported(db, path)
    assert people["千葉 一"].furigana == "ちば はじめ"


def test_a_row_without_a_name_is_an_error_on_the_name_column(db, tmp_path):
    from tests.members.conftest import write_sheet

    path = write_sheet(tmp_path / "n.xlsx", [["姓", "名", "セイ", "メイ", "電話"], ["千葉", "一郎", "チバ", "イチロウ", None],
                                             [None, None, "ジンナイ", "タロウ", "0191-21-9999"]], title=None)
    preview = preview_member_import(db, path)
    assert [str(i) for i in preview.issues] == ["3行目 A列（姓）: 氏名を入力してください"]


def test_a_form_numbered_down_the_page_skips_the_rows_with_only_their_number(db, tmp_path):
    # a roster template numbered 1…8 with three people filled in: the rest are empty rows of the form
    # (they were 「氏名を入力してください」 each, and nothing could be imported)
    from tests.members.conftest import write_sheet

    rows = [["No", "氏名", "ふりがな", "班", "電話"], [1, "千葉 一", "ちば はじめ", "1班", None],
            [2, "千葉 二", "ちば じ", "1班", None], [3, "千葉 三", "ちば さん", "1班", None],
            [4, None, None, "1班", None], *[[n, None, None, None, None] for n in range(5, 9)]]
    path = write_sheet(tmp_path / "f.xlsx", rows, title=None)
    preview = preview_member_import(db, path)
    assert [r.status for r in preview.rows] == [RowStatus.NEW] * 3, preview.summary_lines()
    assert preview.skipped_lines() == ["読み飛ばし: 取り込む列が空の行 1行（5行目）",
                                       "読み飛ばし: 番号だけの行 4行（6、7、8、9行目）"]
    # a numbered row with something to import but no name is still an error
    rows[5][4] = "0191-21-0005"
    preview = preview_member_import(db, write_sheet(tmp_path / "g.xlsx", rows, title=None))
    assert [str(i) for i in preview.issues] == ["6行目 B列（氏名）: 氏名を入力してください"]


def test_csv_saved_by_excel_repairs_the_zeros_excel_dropped(db, office_files):
    lines, people = imported(db, office_files["19_名簿_Excelで保存したCSV.csv"])
    sheet = "シート『19_名簿_Excelで保存したCSV』"
    iwabuchi = people["岩渕 二郎"]
    assert (iwabuchi.postal_code, iwabuchi.phone, iwabuchi.address) == ("002-1884", "0191212111", "一関市大手町1,2")
    assert iwabuchi.note == "1行目\n2行目" and iwabuchi.furigana == "いわぶち じろう"
    assert f"警告: {sheet} 2行目 E列（電話番号）: 先頭の0が消えていたため補いました（191212111 → 0191212111）" in lines
    assert f"警告: {sheet} 3行目 C列（郵便番号）: 先頭の0が消えていたため補いました（210884 → 021-0884）" in lines
    suzuki = people["鈴木 三郎"]
    assert (suzuki.furigana, suzuki.postal_code, suzuki.left_on) == ("すずき さぶろう", "021-0884", date(2025, 9, 30))
    assert people["髙橋 ①子"].phone == "0191212111"  # with its 0: nothing to repair, no warning
    assert not any("4行目" in line for line in lines if line.startswith("警告"))
    assert unused_line(lines) == "取り込まない列（データあり）: F列（役職）"


@pytest.mark.parametrize("name, encoding", [("05_名簿_ShiftJIS.csv", "Shift_JIS"),
                                            ("06_名簿_UTF8_BOM.csv", "UTF-8")])
def test_csv_in_shift_jis_and_utf8_with_bom(db, office_files, name, encoding):
    lines, people = imported(db, office_files[name])
    assert f"文字コード: {encoding}" in lines
    assert people["阿部 京子"].furigana == "あべ きょうこ" and people["阿部 京子"].phone == "0191-26-1234"
    assert people["千葉 崇"].postal_code == "021-0012" and people["千葉 崇"].note == "役員候補"
    assert "吉田 茂" in people or "𠮷田 茂" in people


def test_school_export_csv_family_given_and_address_lines(db, office_files):
    lines, people = imported(db, office_files["07_学校システム出力.csv"])
    haruto = people["小野寺 陽斗"]
    assert haruto.furigana == "おのでら はると" and haruto.postal_code == "021-0031"
    assert haruto.address == "一関市青葉1-1-1 青葉ハイツ2号"
    assert people["千田 結衣"].address == "一関市青葉2-2-2"
    assert unused_line(lines) == "取り込まない列（データあり）: E列（学年）、F列（組）"


def test_macro_workbook_is_read_never_run(db, office_files):
    _lines, people = imported(db, office_files["08_名簿_マクロ付き.xlsm"])
    assert people["三浦 大地"].phone == "0191-33-1234"


def test_old_xls_is_read(db, tmp_path):
    from tests.fixtures.make_office_files import XLS_NAME, make_xls

    path = tmp_path / XLS_NAME
    if not make_xls(path):
        pytest.skip("LibreOffice (soffice) is not installed: no .xls can be made")
    lines, people = imported(db, path)
    assert "シート『名簿』の2行目を見出しとして読みました" in lines
    assert people["昆野 正"].furigana == "こんの ただし" and people["畠山 洋子"].phone == "0191-82-2222"


# --- the user's mapping ------------------------------------------------------------------------


def test_map_sends_columns_to_fields_and_to_the_note(db, office_files):
    path = office_files["01_スポーツ少年団名簿_二段見出し.xlsx"]
    lines, people = imported(db, path, mapping=["役職=備考", "班=備考"])
    assert people["千葉 一郎"].note == "役職: 団長 / 班: A"
    assert people["菅原 健太"].note == "班: B"
    assert "  F列（役職） → 備考（指定）" in lines
    assert unused_line(lines) == ""


def test_rest_to_note(db, office_files):
    lines, people = imported(db, office_files["07_学校システム出力.csv"], rest_to_note=True)
    assert people["小野寺 陽斗"].note == "学年: 3 / 組: 1"
    assert unused_line(lines) == ""


def test_map_not_imported_is_still_named(db, office_files):
    lines, _people = imported(db, office_files["01_スポーツ少年団名簿_二段見出し.xlsx"], mapping=["班=取り込まない"])
    assert "  I列（班） → 取り込まない（指定により取り込まない）　※データあり" in lines
    assert "I列（班）" in unused_line(lines)


@pytest.mark.parametrize("maps, message", [
    (["班=好きな色"], "項目「好きな色」はありません"),
    (["趣味=備考"], "見出し『趣味』がありません"),
    (["班=電話"], "同じ項目「電話」"),
    (["班"], "「見出し=項目」の形で"),
])
def test_bad_mapping_is_a_usage_error_and_imports_nothing(db_path, office_files, capsys, maps, message):
    open_database(db_path).close()
    args = ["members", "import", str(office_files["01_スポーツ少年団名簿_二段見出し.xlsx"]), "--db", str(db_path)]
    for m in maps:
        args += ["--map", m]
    assert kyodo(args) == 2
    err = capsys.readouterr().err
    assert message in err and "何も取り込んでいません" in err
    db = open_database(db_path)
    try:
        assert list_people(db) == []
    finally:
        db.close()


def test_map_header_not_in_the_sheet_is_a_usage_error_when_no_header_row_fits(db_path, tmp_path, capsys):
    # 会員氏名 is not a header the program knows: the user must say so, and a misspelt header is a
    # usage error naming the sheet's headers, not 「見出しの行が見つかりません」
    from tests.members.conftest import write_sheet

    open_database(db_path).close()
    path = write_sheet(tmp_path / "m.xlsx", [["会員番号", "会員氏名", "よみがな"], ["A-1", "三浦 大地", "みうら だいち"]],
                       title=None)
    args = ["members", "import", str(path), "--db", str(db_path), "--dry-run"]
    assert kyodo([*args, "--map", "会員名前=氏名"]) == 2
    err = capsys.readouterr().err
    assert "使い方の誤り: シート『名簿』に見出し『会員名前』がありません（1行目の見出し: 『会員番号』、『会員氏名』、『よみがな』）" in err
    assert kyodo([*args, "--map", "会員氏名=氏名"]) == 0


def test_dry_run_prints_sheet_header_and_every_column(db_path, office_files, capsys):
    open_database(db_path).close()
    path = office_files["02_住所録_複数シート.xlsx"]
    assert kyodo(["members", "import", str(path), "--db", str(db_path), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "シート『住所録』の5行目を見出しとして読みました" in out
    assert "  J列（世帯人数） → 取り込まない（一致する項目がない）　※データあり" in out
    assert "  E列（都道府県） → 都道府県" in out
    assert "新規 3件、更新 0件、変更なし 0件、エラー 0件、警告 4件、読み飛ばし 0件" in out
    assert "警告: シート『住所録』 6行目 D列（〒）: 先頭の0が消えていたため補いました（210884 → 021-0884）" in out


def test_body_roster_with_kinds_a_total_line_and_a_note_under_the_table(db, office_files):
    from app.services.members.organisations import list_organisations

    path = office_files["15_協働体名簿_前年度.xlsx"]
    assert preview_member_import(db, path).skipped_lines() == [
        "読み飛ばし: 合計の行 1行（15行目）",
        "読み飛ばし: 注記（※・注）だけの行 1行（17行目）",  # not a member without a name (an error)
    ]
    lines, people = imported(db, path)
    assert "シート『R6名簿』の4行目を見出しとして読みました" in lines
    assert unused_line(lines) == ""  # every column with data is imported
    organisations = {o.name: o for o in list_organisations(db)}
    assert len(organisations) == 6 and organisations["上野原自治会"].households == 120
    assert (organisations["上野原自治会"].kind_name, organisations["上野原自治会"].phone) == ("自治会", "0191211001")
    assert organisations["一関市消防団第5分団"].furigana_estimated
    assert set(people) == {"高橋 和夫", "及川 恵子", "熊谷 勇", "東海林 誠"}
    assert people["高橋 和夫"].phone == "09012340001" and people["高橋 和夫"].note == "会長"
    assert [p.furigana_estimated for p in (people["高橋 和夫"], people["熊谷 勇"])] == [False, True]


def test_a_name_column_the_program_does_not_know_is_named_with_map(db, tmp_path):
    from app.importing import ImportFileError
    from tests.members.conftest import write_sheet

    path = write_sheet(tmp_path / "s.xlsx", [["会員氏名", "ふりがな"], ["岩渕 一男", "いわぶち かずお"]], title=None)
    with pytest.raises(ImportFileError) as refused:
        preview_member_import(db, path)
    assert [c.header for c in refused.value.columns] == ["会員氏名", "ふりがな"]  # for the window's table
    lines, people = imported(db, path, mapping=["会員氏名=名称"])
    assert list(people) == ["岩渕 一男"]  # a person (the header says 氏名), not a 構成団体 without 区分
