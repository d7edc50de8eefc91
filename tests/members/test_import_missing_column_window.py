"""A 名簿 whose name column has a heading the program does not know (issue 12): the window shows
the closest header row's columns, the user picks 名称 for that column, and the import goes on —
and the next file with the same headers is read that way from the start."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QWidget,
)

from tests.helpers.qt_dialogs import answer_message_box, in_dialog
from tests.helpers.qt_typing import type_text
from tests.members.conftest import write_sheet


def _summary(dialog: QWidget) -> str:
    return dialog.findChild(QPlainTextEdit, "import_summary").toPlainText()


def _import(qtbot, window, path, steps) -> None:
    def run(dialog: QWidget) -> None:
        field = dialog.findChild(QWidget, "import_path")
        type_text(qtbot, field, str(path))
        qtbot.keyClick(field, Qt.Key.Key_Return)  # 「読み込んで確認」
        steps(dialog)

    in_dialog("import_commit", run)
    qtbot.mouseClick(window.findChild(QPushButton, "members_import"), Qt.MouseButton.LeftButton)


def test_the_user_names_the_column_of_a_missing_field_and_it_is_remembered(qtbot, open_window, db_path, tmp_path):
    rows = [["会員氏名", "ふりがな", "電話"], ["岩渕 一男", "いわぶち かずお", "0191-21-0001"],
            ["鈴木 和子", "すずき かずこ", "0191-21-0002"]]
    path = write_sheet(tmp_path / "名簿.xlsx", rows, title=None)
    window = open_window(db_path)
    nav = window.nav
    qtbot.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton, pos=nav.visualItemRect(nav.item(1)).center())
    seen: list[str] = []

    def name_the_column(dialog: QWidget) -> None:
        seen.append(_summary(dialog))
        combo = dialog.findChild(QComboBox, "import_field_A")
        seen.append(combo.currentText())
        qtbot.mouseClick(combo, Qt.MouseButton.LeftButton)
        type_text(qtbot, QApplication.focusWidget(), "名称")
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: _summary(dialog).startswith("新規 2件"))
        answer_message_box(QMessageBox.StandardButton.Ok)  # 「取り込みました…」
        qtbot.mouseClick(dialog.findChild(QPushButton, "import_commit"), Qt.MouseButton.LeftButton)

    _import(qtbot, window, path, name_the_column)
    assert "見出しの行が見つかりません" in seen[0] and "足りない項目がどの列にあるか" in seen[0]
    assert seen[1] == "取り込まない"
    page = window.findChild(QWidget, "members_page")
    page.findChild(QWidget, "members_tabs").setCurrentIndex(1)
    people = page.findChild(QTableView, "people_table")
    assert [people.model().index(r, 0).data() for r in range(people.model().rowCount())] == ["岩渕 一男", "鈴木 和子"]

    rows.append(["菊池 翔", "きくち しょう", None])
    write_sheet(path, rows, title=None)  # next year's file, the same headers

    def look(dialog: QWidget) -> None:
        seen.append(_summary(dialog))
        seen.append(dialog.findChild(QComboBox, "import_field_A").currentText())
        dialog.reject()

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    _import(qtbot, window, path, look)
    assert seen[-2].startswith("新規 1件、更新 0件、変更なし 2件")
    assert "前回選んだ列の対応を使いました" in seen[-2] and seen[-1] == "名称"
