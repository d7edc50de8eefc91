"""An error workbook from a CSV: 名簿 > Excelから取り込む… with a Shift_JIS CSV that has a wrong row —
「エラー一覧を保存…」 writes an .xlsx of the CSV's rows (every cell text: phone numbers keep their 0),
the cell at fault red with its message as a comment and an エラー column; fixed in that workbook, it
imports. The same from the command line (`kyodo members import … --errors FILE.xlsx`)."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFileDialog,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from app.cli import main as kyodo
from app.importing.error_workbook import BAD_COLOUR, COMMENT_AUTHOR
from app.services.members.organisations import list_organisations
from app.storage.database import open_database
from tests.helpers.qt_dialogs import answer_message_box, in_dialog, when_modal
from tests.helpers.qt_typing import type_text

CSV = (
    "令和7年度 構成団体名簿\r\n"
    "区分,名称,ふりがな,代表者,電話,郵便番号,加入日,備考\r\n"
    "自治会,上野原自治会,うえのはらじちかい,佐藤 一郎,0191-21-0001,029-0001,2010/4/1,\r\n"
    "自治会,髙橋自治会,たかはしじちかい,髙橋 花子,0191-21-0002,021-0884,2025/02/30,=会長宅\r\n"
    "老人クラブ,寿会,ことぶきかい,,,,2012/4/1,\r\n"
)
WRONG = "2025/02/30 は存在しない日付です"


def shift_jis_csv(path: Path) -> Path:
    path.write_bytes(CSV.encode("cp932"))
    return path


def _check_marked(saved: Path) -> None:
    """The CSV's rows at their own row numbers, all text; G4 (加入日) red with its message, the エラー column."""
    wb = load_workbook(saved)
    assert wb.sheetnames == ["名簿"]
    ws = wb.active
    assert [c.value for c in ws[2]] == ["区分", "名称", "ふりがな", "代表者", "電話", "郵便番号", "加入日", "備考", "エラー"]
    assert (ws["E3"].value, ws["F4"].value, ws["G3"].value) == ("0191-21-0001", "021-0884", "2010/4/1")
    assert ws["H4"].value == "=会長宅" and ws["H4"].data_type == "s"  # text, never a formula
    assert all(c.data_type == "s" and c.number_format == "@" for row in ws.iter_rows(min_row=3, max_col=8)
               for c in row if c.value is not None)
    bad = ws["G4"]
    assert bad.value == "2025/02/30" and bad.fill.fgColor.rgb.endswith(BAD_COLOUR)
    assert bad.comment is not None and bad.comment.text == WRONG and bad.comment.author == COMMENT_AUTHOR
    assert ws["I4"].value == f"加入日: {WRONG}" and ws["I4"].fill.fgColor.rgb.endswith(BAD_COLOUR)
    assert ws["I3"].value is None and not ws["G3"].fill.fgColor.rgb.endswith(BAD_COLOUR) and ws["G3"].comment is None
    assert ws.freeze_panes == "A3"


def _fix(saved: Path, fixed: Path) -> None:
    """What the user does in Excel: the date typed again, the file saved under a name of its own."""
    wb = load_workbook(saved)
    wb.active["G4"] = "2025/4/1"
    wb.save(fixed)


def _names(db_path: Path) -> dict[str, str | None]:
    db = open_database(db_path)
    try:
        return {o.name: o.phone for o in list_organisations(db)}
    finally:
        db.close()


def test_save_the_error_workbook_of_a_csv_in_the_window_and_import_it_fixed(qtbot, open_window, db_path,
                                                                             tmp_path) -> None:
    source = shift_jis_csv(tmp_path / "名簿.csv")
    saved = tmp_path / "直す名簿.xlsx"
    window = open_window(db_path)
    nav = window.nav
    qtbot.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton, pos=nav.visualItemRect(nav.item(1)).center())
    page = window.findChild(QWidget, "members_page")
    seen: dict[str, object] = {}
    told: list[str] = []
    failures: list[BaseException] = []

    def save_in_file_dialog(chooser: QFileDialog) -> None:
        seen["suggested"] = chooser.selectedFiles()[0]
        chooser.selectFile(str(saved))  # (typing into Qt's own file dialog offscreen leaves 保存 greyed)
        buttons = chooser.findChild(QDialogButtonBox, "buttonBox")
        qtbot.mouseClick(buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)

    def read(dialog: QWidget, path: Path) -> None:
        field = dialog.findChild(QLineEdit, "import_path")
        field.clear()
        type_text(qtbot, field, str(path))
        qtbot.keyClick(field, Qt.Key.Key_Return)  # 「読み込んで確認」

    def guarded(actions):
        def run(dialog: QWidget) -> None:
            try:
                actions(dialog)
            except BaseException as exc:  # a failing step closes the dialog: a modal left open would hang
                failures.append(exc)
                dialog.reject()
        return run

    def save_errors(dialog: QWidget) -> None:
        read(dialog, source)
        seen["summary"] = dialog.findChild(QPlainTextEdit, "import_summary").toPlainText()
        seen["could_commit"] = dialog.findChild(QPushButton, "import_commit").isEnabled()
        errors = dialog.findChild(QPushButton, "import_save_errors")
        seen["could_save"] = errors.isEnabled()
        when_modal(save_in_file_dialog, QFileDialog)
        answer_message_box(QMessageBox.StandardButton.Ok, told)
        qtbot.mouseClick(errors, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(told))
        dialog.reject()

    in_dialog("import_commit", guarded(save_errors))
    qtbot.mouseClick(page.findChild(QPushButton, "members_import"), Qt.MouseButton.LeftButton)
    if failures:
        raise failures[0]
    summary = str(seen["summary"])
    assert summary.startswith("エラーがあるため取り込めません。エラー一覧を保存して直してください。")
    assert f"4行目 G列（加入日）: {WRONG}" in summary and "文字コード: Shift_JIS" in summary
    assert seen["could_save"] and not seen["could_commit"]
    assert str(seen["suggested"]).endswith("名簿_エラー一覧.xlsx")
    assert told == [f"保存しました:\n{saved}\nエラー列を見て直し、元の CSV ではなく、このファイルを取り込んでください。"]
    _check_marked(saved)

    fixed = tmp_path / "直した名簿.xlsx"
    _fix(saved, fixed)
    done: list[str] = []

    def import_fixed(dialog: QWidget) -> None:
        read(dialog, fixed)
        commit = dialog.findChild(QPushButton, "import_commit")
        qtbot.waitUntil(commit.isEnabled)
        answer_message_box(QMessageBox.StandardButton.Ok, done)
        qtbot.mouseClick(commit, Qt.MouseButton.LeftButton)

    in_dialog("import_commit", guarded(import_fixed))
    qtbot.mouseClick(page.findChild(QPushButton, "members_import"), Qt.MouseButton.LeftButton)
    if failures:
        raise failures[0]
    assert done and done[0].startswith("取り込みました（新規 3件")
    window.close()
    assert _names(db_path) == {"上野原自治会": "0191-21-0001", "髙橋自治会": "0191-21-0002", "寿会": ""}


def test_members_import_errors_from_a_csv_writes_a_workbook_that_imports_fixed(db, db_target, tmp_path,
                                                                              capsys) -> None:
    source = shift_jis_csv(tmp_path / "名簿.csv")
    saved = tmp_path / "直す名簿.xlsx"
    db.close()
    assert kyodo(["members", "import", str(source), "--db", str(db_target), "--errors", str(saved)]) == 1
    said = capsys.readouterr().err
    assert (f"エラー一覧を保存しました: {saved}（エラーの印を見て直し、このファイルをそのまま取り込み直せます。"
            "元の CSV ではなく、この .xlsx を取り込んでください）") in said
    assert "何も変更していません" in said
    _check_marked(saved)

    # imported unfixed, its error workbook is the same (one エラー column, the same mark)
    again = tmp_path / "もう一度.xlsx"
    assert kyodo(["members", "import", str(saved), "--db", str(db_target), "--errors", str(again)]) == 1
    _check_marked(again)

    fixed = tmp_path / "直した名簿.xlsx"
    _fix(saved, fixed)
    capsys.readouterr()
    assert kyodo(["members", "import", str(fixed), "--db", str(db_target)]) == 0
    assert "取り込みました（新規 3件" in capsys.readouterr().out


def test_a_csvs_error_workbook_prints_one_page_wide_with_every_message_readable(db, db_target, tmp_path) -> None:
    # three problems in one row: its エラー cell holds three lines, so the row is three lines tall (they
    # spilled over the next row), and the sheet prints landscape, one page wide, headers on every page
    from openpyxl import load_workbook

    source = tmp_path / "m.csv"
    source.write_text("氏名,電話,メール,加入日\r\n千葉 一郎,0191-XX-2222,b@example,2020/13/1\r\n", encoding="cp932")
    saved = tmp_path / "直す.xlsx"
    db.close()
    assert kyodo(["members", "import", str(source), "--db", str(db_target), "--errors", str(saved)]) == 1
    ws = load_workbook(saved).active
    message = ws["E2"].value
    assert message.count("\n") == 2 and ws.row_dimensions[2].height >= 3 * 15
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToHeight == 0  # (width: 1, the default)
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.print_title_rows == "$1:$1"
