"""施設 > 予約の取り込み… as staff use it: the hall's own Shift_JIS CSV log, with a title row and a
heading the program does not know, is read through the import window's column table; the columns
left out are named, the unregistered 利用団体 is created only when ticked, and the bookings appear."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTableWidget,
    QWidget,
)

from app.services.facility.bookings import list_bookings
from app.services.facility.users import list_users
from app.storage.database import open_database
from tests.facility.test_facility_window import _open_facility
from tests.helpers.qt_dialogs import answer_message_box, in_dialog
from tests.helpers.qt_typing import type_text

LOG = (
    "施設使用記録（令和7年度）\r\n"
    "利用日,時間帯,部屋,サークル名,人数,担当,備考\r\n"
    "2025/6/3,午前,会議室1,囲碁の会,10,佐藤,\r\n"
    "2025/6/3,午後,和室,ブルーベル,7,鈴木,鍵は事務室\r\n"
    "2025/6/10,夜間,会議室1,書道クラブ,9,佐藤,\r\n"
)


def _summary(dialog: QWidget) -> str:
    return dialog.findChild(QPlainTextEdit, "import_summary").toPlainText()


def _pick(qtbot, combo: QComboBox, label: str) -> None:
    """Open the list of a combo box and choose the item `label` with the keyboard, as a user does."""
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_F4)
    view = combo.view()
    qtbot.waitUntil(view.isVisible)
    qtbot.keyClick(view, Qt.Key.Key_Home)
    for _ in range(combo.findText(label)):
        qtbot.keyClick(view, Qt.Key.Key_Down)
    qtbot.keyClick(view, Qt.Key.Key_Return)


def _guarded(actions, failures: list[BaseException]):
    """The dialog's steps; a failing step closes the dialog (a modal left open would hang the test)."""
    def run(dialog: QWidget) -> None:
        try:
            actions(dialog)
        except BaseException as exc:
            failures.append(exc)
            dialog.reject()
    return run


def _preview_rows(dialog: QWidget) -> list[list[str]]:
    model = dialog.findChild(QTableView, "import_preview").model()
    return [[str(model.index(r, c).data() or "") for c in range(model.columnCount())] for r in range(model.rowCount())]


def test_a_shift_jis_log_with_a_title_row_is_imported_through_the_column_table(qtbot, open_window, db, db_path,
                                                                               rooms, users, tmp_path):
    log = tmp_path / "施設使用記録.csv"
    log.write_bytes(LOG.encode("cp932"))
    db.close()
    window = open_window(db_path)
    _open_facility(qtbot, window)
    seen: dict[str, object] = {}

    def run(dialog: QWidget) -> None:
        field = dialog.findChild(QWidget, "import_path")
        type_text(qtbot, field, str(log))
        qtbot.keyClick(field, Qt.Key.Key_Return)  # 「読み込んで確認」
        seen["first"] = _summary(dialog)
        table = dialog.findChild(QTableWidget, "import_columns")
        seen["headers"] = [table.item(r, 1).text() for r in range(table.rowCount())]
        _pick(qtbot, dialog.findChild(QComboBox, "import_field_D"), "利用団体")  # サークル名 holds the user
        qtbot.waitUntil(lambda: "新規 3件、更新 0件、変更なし 0件、エラー 0件" in _summary(dialog))
        seen["second"] = _summary(dialog)
        seen["rows"] = _preview_rows(dialog)
        commit = dialog.findChild(QPushButton, "import_commit")
        panel = dialog.findChild(QLabel, "import_unknown_users")
        errors = dialog.findChild(QPushButton, "import_save_errors")
        seen["unknown"] = (panel.isVisible(), panel.text(), commit.isEnabled(), errors.isEnabled())
        qtbot.mouseClick(dialog.findChild(QCheckBox, "import_add_users"), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(commit.isEnabled)
        answer_message_box(QMessageBox.StandardButton.Ok, seen.setdefault("told", []))  # type: ignore[arg-type]
        qtbot.mouseClick(commit, Qt.MouseButton.LeftButton)

    failures: list[BaseException] = []
    in_dialog("import_commit", _guarded(run, failures))
    qtbot.mouseClick(window.findChild(QPushButton, "facility_import"), Qt.MouseButton.LeftButton)
    if failures:
        raise failures[0]

    assert "利用団体（団体名・行事名）の列がありません" in seen["first"]
    assert "足りない項目がどの列にあるかを選んでください" in seen["first"]
    assert seen["headers"] == ["利用日", "時間帯", "部屋", "サークル名", "人数", "担当", "備考"]  # the title row is not a header
    second = seen["second"]
    assert "シート『施設使用記録』の2行目を見出しとして読みました" in second  # below the title row
    assert "文字コード: Shift_JIS" in second
    assert "取り込まない列（データあり）: F列（担当）、G列（備考）" in second
    assert "登録のない利用団体: 書道クラブ（1件）" in second
    assert [r[1] for r in seen["rows"]] == ["3", "4", "5"]  # one sheet: the rows as Excel numbers them
    assert [r[2:8] for r in seen["rows"]] == [
        ["2025/06/03", "午前", "会議室1", "囲碁の会", "10", ""],
        ["2025/06/03", "午後", "和室", "ブルーベル", "7", ""],
        ["2025/06/10", "夜間", "会議室1", "書道クラブ", "9", ""],
    ]
    visible, unknown, could_commit, error_workbook = seen["unknown"]
    assert visible and unknown == "登録のない利用団体: 書道クラブ（1件）" and not could_commit
    # no row of the file is wrong: the summary says what to do here, not to save an error workbook
    assert second.startswith("登録のない利用団体があるため、まだ取り込めません。") and not error_workbook
    assert seen["told"] == ["3件の予約を取り込みました。利用団体を1件登録しました。"]

    reopened = open_database(db_path)
    try:
        got = [(b.used_on, b.slot, b.room_name, b.user_name, b.actual_people)
               for b in list_bookings(reopened, date(2025, 6, 1), date(2025, 6, 30))]
        assert got == [(date(2025, 6, 3), "午前", "会議室1", "囲碁の会", 10), (date(2025, 6, 3), "午後", "和室", "ブルーベル", 7),
                       (date(2025, 6, 10), "夜間", "会議室1", "書道クラブ", 9)]
        assert "書道クラブ" in [u.name for u in list_users(reopened)]
    finally:
        reopened.close()
    users_table = window.findChild(QTableView, "facility_users_table")
    names = [users_table.model().index(r, 0).data() for r in range(users_table.model().rowCount())]
    assert "書道クラブ" in names  # the 利用団体 tab was told


def test_the_column_choice_is_remembered_for_the_next_log_with_the_same_headings(qtbot, open_window, db, db_path,
                                                                                 rooms, users, tmp_path):
    log = tmp_path / "施設使用記録.csv"
    log.write_bytes(LOG.encode("cp932"))
    db.close()
    window = open_window(db_path)
    _open_facility(qtbot, window)
    seen: list[str] = []

    def first(dialog: QWidget) -> None:
        field = dialog.findChild(QWidget, "import_path")
        type_text(qtbot, field, str(log))
        qtbot.keyClick(field, Qt.Key.Key_Return)
        _pick(qtbot, dialog.findChild(QComboBox, "import_field_D"), "利用団体")
        qtbot.waitUntil(lambda: "新規 3件" in _summary(dialog))
        dialog.reject()

    failures: list[BaseException] = []
    in_dialog("import_commit", _guarded(first, failures))
    qtbot.mouseClick(window.findChild(QPushButton, "facility_import"), Qt.MouseButton.LeftButton)

    def again(dialog: QWidget) -> None:
        field = dialog.findChild(QWidget, "import_path")
        type_text(qtbot, field, str(log))
        qtbot.keyClick(field, Qt.Key.Key_Return)
        seen.append(_summary(dialog))
        seen.append(dialog.findChild(QComboBox, "import_field_D").currentText())
        dialog.reject()

    in_dialog("import_commit", _guarded(again, failures))
    qtbot.mouseClick(window.findChild(QPushButton, "facility_import"), Qt.MouseButton.LeftButton)
    if failures:
        raise failures[0]
    assert "新規 3件" in seen[0] and "前回選んだ列の対応を使いました" in seen[0]
    assert seen[1] == "利用団体"
