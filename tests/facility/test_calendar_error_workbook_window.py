"""施設 > 予約の取り込み… with a month-calendar workbook that has mistakes: the preview names each
sheet and cell, 「エラー一覧を保存…」 writes the workbook with the cells at fault marked and their
messages beside them, and that workbook, fixed, imports."""

from __future__ import annotations

from datetime import date

from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFileDialog,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QWidget,
)

from app.services.facility.bookings import list_bookings
from app.storage.database import open_database
from tests.facility.test_booking_import_window import _guarded, _preview_rows, _summary
from tests.facility.test_calendar_error_workbook import ROOM, _marked, bad_calendar
from tests.facility.test_facility_window import _open_facility
from tests.helpers.qt_dialogs import answer_message_box, in_dialog, when_modal
from tests.helpers.qt_typing import type_text


def _read(qtbot, dialog: QWidget, path) -> None:
    field = dialog.findChild(QLineEdit, "import_path")
    field.clear()
    type_text(qtbot, field, str(path))
    qtbot.keyClick(field, Qt.Key.Key_Return)  # 「読み込んで確認」


def test_save_the_error_workbook_of_a_month_calendar_and_import_it_fixed(qtbot, open_window, db, db_path, rooms,
                                                                          users, tmp_path):
    source = bad_calendar(tmp_path / "予定表.xlsx")
    saved = tmp_path / "直す予定表.xlsx"
    db.close()
    window = open_window(db_path)
    _open_facility(qtbot, window)
    seen: dict[str, object] = {}
    told: list[str] = []

    def save_in_file_dialog(chooser: QFileDialog) -> None:
        seen["suggested"] = chooser.selectedFiles()[0]
        chooser.selectFile(str(saved))  # (typing into Qt's own file dialog offscreen leaves 保存 greyed)
        buttons = chooser.findChild(QDialogButtonBox, "buttonBox")
        qtbot.mouseClick(buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)  # 保存

    def run(dialog: QWidget) -> None:
        _read(qtbot, dialog, source)
        seen["summary"] = _summary(dialog)
        seen["rows"] = [r for r in _preview_rows(dialog) if r[0] == "エラー"]
        seen["places"] = [r[1] for r in _preview_rows(dialog)]
        view = dialog.findChild(QTableView, "import_preview")
        seen["heading"] = view.model().headerData(1, Qt.Orientation.Horizontal)
        seen["whole"] = view.columnWidth(1) >= view.sizeHintForColumn(1)  # 「2025年５月分 X9」 not cut to 「2025年…」
        errors = dialog.findChild(QPushButton, "import_save_errors")
        seen["could_commit"] = dialog.findChild(QPushButton, "import_commit").isEnabled()
        when_modal(save_in_file_dialog, QFileDialog)
        answer_message_box(QMessageBox.StandardButton.Ok, told)
        qtbot.mouseClick(errors, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(told))
        dialog.reject()

    failures: list[BaseException] = []
    in_dialog("import_commit", _guarded(run, failures))
    qtbot.mouseClick(window.findChild(QPushButton, "facility_import"), Qt.MouseButton.LeftButton)
    if failures:
        raise failures[0]

    summary = str(seen["summary"])
    assert summary.startswith("エラーがあるため取り込めません。エラー一覧を保存して直してください。")
    assert "月ごとの予定表として2か月分のシートを読みました（2025年5月、2025年6月。" in summary
    assert "シート『2025年５月分』 セルX9（5月22日 夜間・和室）: 和室は「夜間」には貸し出していません" in summary
    # the rows come from two sheets: each row's sheet and cell, where a row of one sheet shows its number
    assert seen["heading"] == "シート・セル" and seen["whole"]
    assert [r[1] for r in seen["rows"]] == ["2025年５月分 X9", "2025年６月分 L5"]
    assert sorted(seen["places"]) == ["2025年５月分 O4", "2025年５月分 V7", "2025年５月分 X9", "2025年６月分 C4",
                                      "2025年６月分 L5"]
    assert [r[-1] for r in seen["rows"]] == [  # the table's メッセージ says where each one is
        "シート『2025年５月分』 セルX9: 和室は「夜間」には貸し出していません",
        f"シート『2025年６月分』 セルB5: {ROOM}",
    ]
    assert not seen["could_commit"]
    assert str(seen["suggested"]).endswith("予定表_エラー一覧.xlsx")
    assert told == [f"保存しました:\n{saved}\n先頭の「エラー一覧」のシートと、赤いセルのメモを見て直し、もう一度取り込んでください。"]

    wb = load_workbook(saved)
    assert wb.sheetnames[0] == "エラー一覧"
    assert _marked(wb["2025年５月分"], "X9") == (True, "和室は「夜間」には貸し出していません")
    assert _marked(wb["2025年６月分"], "B5") == (True, ROOM)
    assert _marked(wb["2025年５月分"], "O4") == (False, None)

    # fixed in that workbook, it imports through the same dialog
    wb["2025年５月分"]["X8"], wb["2025年５月分"]["X9"] = "囲碁の会", None
    wb["2025年６月分"]["B5"] = "和室"
    wb.save(saved)
    done: list[str] = []

    def again(dialog: QWidget) -> None:
        _read(qtbot, dialog, saved)
        commit = dialog.findChild(QPushButton, "import_commit")
        qtbot.waitUntil(commit.isEnabled)
        answer_message_box(QMessageBox.StandardButton.Ok, done)
        qtbot.mouseClick(commit, Qt.MouseButton.LeftButton)

    in_dialog("import_commit", _guarded(again, failures))
    qtbot.mouseClick(window.findChild(QPushButton, "facility_import"), Qt.MouseButton.LeftButton)
    if failures:
        raise failures[0]
    assert done == ["5件の予約を取り込みました。"]
    reopened = open_database(db_path)
    try:
        got = [(b.used_on, b.slot, b.room_name) for b in list_bookings(reopened, date(2025, 5, 1), date(2025, 6, 30))]
    finally:
        reopened.close()
    assert (date(2025, 5, 22), "夜間", "会議室1") in got and (date(2025, 6, 10), "午前", "和室") in got and len(got) == 5
