"""The 名簿 section as staff use it: typing into dialogs, the list in 五十音 order, search, 退会, undo, import."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTableWidget,
    QWidget,
)

from app.services.members.organisations import Organisation, list_organisations, save_organisation
from app.services.members.people import list_people
from app.storage.database import open_database
from tests.helpers.qt_dialogs import answer_message_box
from tests.helpers.qt_typing import replace_text, type_text
from tests.members.conftest import kind_id, write_sheet


def _open_members(qtbot, open_window, path: Path):
    db = open_database(path)

    for name, furigana in (("青葉自治会", "あおばじちかい"), ("坂下自治会", "さかしたじちかい"),
                           ("山手自治会", "やまてじちかい")):  # fmt: skip
        save_organisation(db, Organisation(kind_id=kind_id(db, "自治会"), name=name, furigana=furigana, households=50))
    db.close()
    window = open_window(path)
    nav = window.nav
    rect = nav.visualItemRect(nav.item(1))
    qtbot.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    page = window.findChild(QWidget, "members_page")
    assert page is not None and page.isVisible()
    return window, page


def _in_dialog(qtbot, button: str, actions: Callable[[QWidget], None]) -> None:
    """Run `actions` on the next modal dialog that has the button named `button`, as the user would."""

    def act() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or dialog.findChild(QPushButton, button) is None:
            QTimer.singleShot(20, act)
            return
        actions(dialog)

    QTimer.singleShot(0, act)


def _focus(qtbot, window: QWidget, widget: QWidget) -> None:
    # the offscreen platform does not hand activation back to the window when a dialog closes
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    widget.setFocus()


def _names(table: QTableView, column: int = 1) -> list[str]:
    model = table.model()
    return [model.index(r, column).data() for r in range(model.rowCount())]


def _click(qtbot, window: QWidget, name: str) -> None:
    qtbot.mouseClick(window.findChild(QPushButton, name), Qt.MouseButton.LeftButton)


def test_add_organisation_by_typing_and_find_it_in_its_gojuon_place(qtbot, open_window, db_path) -> None:
    window, page = _open_members(qtbot, open_window, db_path)
    table = page.findChild(QTableView, "organisations_table")
    assert _names(table) == ["青葉自治会", "坂下自治会", "山手自治会"]
    seen_errors: list[str] = []

    def fill(dialog: QWidget) -> None:
        # OK with nothing filled in: the messages appear next to the fields, the dialog stays open
        qtbot.mouseClick(dialog.findChild(QPushButton, "organisation_ok"), Qt.MouseButton.LeftButton)
        seen_errors.append(dialog.findChild(QLabel, "organisation_name_error").text())
        seen_errors.append(dialog.findChild(QLabel, "organisation_kind_id_error").text())
        type_text(qtbot, dialog.findChild(QComboBox, "organisation_kind_id"), "自治会")
        type_text(qtbot, dialog.findChild(QLineEdit, "organisation_name"), "北原自治会")
        type_text(qtbot, dialog.findChild(QLineEdit, "organisation_furigana"), "ｷﾀﾊﾗｼﾞﾁｶｲ")
        type_text(qtbot, dialog.findChild(QLineEdit, "organisation_phone"), "0191-21-0000")
        type_text(qtbot, dialog.findChild(QLineEdit, "organisation_households"), "１２０")
        type_text(qtbot, dialog.findChild(QLineEdit, "organisation_joined_on"), "令和7年4月1日")
        qtbot.mouseClick(dialog.findChild(QPushButton, "organisation_ok"), Qt.MouseButton.LeftButton)

    _in_dialog(qtbot, "organisation_ok", fill)
    _click(qtbot, page, "organisations_add")
    assert seen_errors == ["名称を入力してください", "区分を選んでください"]
    # きたはら sorts between あおば and さかした
    assert _names(table) == ["青葉自治会", "北原自治会", "坂下自治会", "山手自治会"]
    assert _names(table, 2)[1] == "きたはらじちかい"
    assert table.selectionModel().selectedRows()[0].row() == 1
    added = next(o for o in list_organisations(window.ctx.db) if o.name == "北原自治会")
    assert (added.households, added.phone, added.joined_on) == (120, "0191-21-0000", date(2025, 4, 1))

    _focus(qtbot, window, table)
    qtbot.keyClick(table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undo takes the add back
    assert _names(table) == ["青葉自治会", "坂下自治会", "山手自治会"]
    qtbot.keyClick(table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert "北原自治会" in _names(table)


def test_furigana_is_suggested_but_staff_input_wins(qtbot, open_window, db_path) -> None:
    _window, page = _open_members(qtbot, open_window, db_path)
    seen: dict[str, str] = {}

    def fill(dialog: QWidget) -> None:
        name = dialog.findChild(QLineEdit, "person_name")
        furigana = dialog.findChild(QLineEdit, "person_furigana")
        type_text(qtbot, name, "見本一郎")
        qtbot.waitUntil(lambda: furigana.text() != "", timeout=5000)
        seen["suggested"] = furigana.text()
        replace_text(qtbot, furigana, "みもと いちろう")  # the reading the family really uses
        type_text(qtbot, name, "様")
        qtbot.wait(400)
        seen["kept"] = furigana.text()
        qtbot.mouseClick(dialog.findChild(QPushButton, "person_ok"), Qt.MouseButton.LeftButton)

    _in_dialog(qtbot, "person_ok", fill)
    page.findChild(QWidget, "members_tabs").setCurrentIndex(1)
    _click(qtbot, page, "people_add")
    assert seen == {"suggested": "みほんいちろう", "kept": "みもと いちろう"}
    assert _names(page.findChild(QTableView, "people_table"), 0) == ["見本一郎様"]


def test_search_matches_any_kana_and_leaving_hides_the_row(qtbot, open_window, db_path) -> None:
    window, page = _open_members(qtbot, open_window, db_path)
    table = page.findChild(QTableView, "organisations_table")
    search = page.findChild(QLineEdit, "organisations_search")
    for typed in ("サカシタ", "ｻｶｼﾀ", "さかした", "坂下"):
        search.clear()
        type_text(qtbot, search, typed)
        assert _names(table) == ["坂下自治会"], typed
    search.clear()
    kind = page.findChild(QComboBox, "organisations_kind")
    type_text(qtbot, kind, "老人クラブ")
    assert _names(table) == [] and page.findChild(QLabel, "organisations_count").text() == "0件 / 全3件"
    qtbot.keyClick(kind, Qt.Key.Key_Home)  # back to すべて
    assert len(_names(table)) == 3
    table.selectRow(1)

    def leave(dialog: QWidget) -> None:
        edit = dialog.findChild(QLineEdit, "leaving_left_on")
        edit.selectAll()
        type_text(qtbot, edit, "2025/3/31")
        qtbot.mouseClick(dialog.findChild(QPushButton, "leaving_ok"), Qt.MouseButton.LeftButton)

    _in_dialog(qtbot, "leaving_ok", leave)
    _click(qtbot, page, "organisations_leave")
    assert _names(table) == ["青葉自治会", "山手自治会"]  # left: hidden by default, not deleted
    qtbot.mouseClick(page.findChild(QCheckBox, "organisations_show_left"), Qt.MouseButton.LeftButton)
    assert _names(table) == ["青葉自治会", "坂下自治会", "山手自治会"]
    assert table.model().index(1, 8).data() == "2025/03/31"
    _focus(qtbot, window, table)
    qtbot.keyClick(table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert table.model().index(1, 8).data() == ""


def test_import_through_the_dialog(qtbot, open_window, db_path, tmp_path) -> None:
    window, page = _open_members(qtbot, open_window, db_path)
    sheet = write_sheet(tmp_path / "in.xlsx", [["区分", "名称", "ふりがな", "世帯数"],
                                               ["自治会", "青葉自治会", "あおばじちかい", 55],
                                               ["民区", "川口民区", "かわぐちみんく", 20]])  # fmt: skip

    def run(dialog: QWidget) -> None:
        path = dialog.findChild(QLineEdit, "import_path")
        path.setText(str(sheet))
        qtbot.mouseClick(dialog.findChild(QPushButton, "import_load"), Qt.MouseButton.LeftButton)
        summary = dialog.findChild(QPlainTextEdit, "import_summary").toPlainText()
        assert summary.startswith("新規 1件、更新 1件、変更なし 0件、エラー 0件")
        answer_message_box(QMessageBox.StandardButton.Ok)  # 「取り込みました…」
        qtbot.mouseClick(dialog.findChild(QPushButton, "import_commit"), Qt.MouseButton.LeftButton)

    _in_dialog(qtbot, "import_commit", run)
    _click(qtbot, page, "members_import")
    table = page.findChild(QTableView, "organisations_table")
    assert _names(table) == ["青葉自治会", "川口民区", "坂下自治会", "山手自治会"]
    assert table.model().index(0, 5).data() == "55"


def test_enter_in_the_post_field_adds_a_post_not_a_kind(qtbot, open_window, db_path) -> None:
    _window, page = _open_members(qtbot, open_window, db_path)
    seen: dict[str, object] = {}

    def add(dialog: QWidget) -> None:
        kinds = dialog.findChild(QListWidget, "kinds_list").count()
        field = dialog.findChild(QLineEdit, "new_post")
        type_text(qtbot, field, "顧問")
        qtbot.keyClick(field, Qt.Key.Key_Return)
        posts = dialog.findChild(QListWidget, "posts_list")
        seen.update(last_post=posts.item(posts.count() - 1).text(), open=dialog.isVisible(),
                    kinds_added=dialog.findChild(QListWidget, "kinds_list").count() - kinds)
        dialog.reject()

    _in_dialog(qtbot, "add_post", add)
    _click(qtbot, page, "members_lists")
    assert seen == {"last_post": "顧問", "open": True, "kinds_added": 0}


def test_kinds_are_editable_in_the_window(qtbot, open_window, db_path) -> None:
    window, page = _open_members(qtbot, open_window, db_path)
    kind_filter = page.findChild(QComboBox, "organisations_kind")
    seen: dict[str, object] = {}

    def add(dialog: QWidget) -> None:
        type_text(qtbot, dialog.findChild(QLineEdit, "new_kind"), "防犯協会")
        qtbot.mouseClick(dialog.findChild(QPushButton, "add_kind"), Qt.MouseButton.LeftButton)
        type_text(qtbot, dialog.findChild(QLineEdit, "new_kind"), "自治会")
        qtbot.mouseClick(dialog.findChild(QPushButton, "add_kind"), Qt.MouseButton.LeftButton)
        kinds = dialog.findChild(QListWidget, "kinds_list")
        seen["last"] = kinds.item(kinds.count() - 1).text()
        seen["error"] = [w.text() for w in dialog.findChildren(QLabel) if "既にあります" in w.text()]
        dialog.reject()

    _in_dialog(qtbot, "add_kind", add)
    _click(qtbot, page, "members_lists")
    assert seen == {"last": "防犯協会", "error": ["区分「自治会」は既にあります"]}
    assert kind_filter.findText("防犯協会") > 0
    _focus(qtbot, window, page.findChild(QTableView, "organisations_table"))
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert kind_filter.findText("防犯協会") == -1


def _pick(qtbot, combo: QComboBox, label: str) -> None:
    """Open the list of a combo box and click the item `label`, as a user does."""
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_F4)  # opens the list
    view = combo.view()
    qtbot.waitUntil(view.isVisible)
    target = combo.findText(label)
    qtbot.keyClick(view, Qt.Key.Key_Home)
    for _ in range(target):
        qtbot.keyClick(view, Qt.Key.Key_Down)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: combo.currentText() == label)


def test_import_dialog_column_table_changes_a_field_and_remembers_it(qtbot, open_window, db_path, tmp_path) -> None:
    from tests.fixtures.make_office_files import club_roster

    window, page = _open_members(qtbot, open_window, db_path)
    roster = tmp_path / "club.xlsx"
    club_roster(roster)
    seen: dict[str, object] = {}

    def guarded(actions: Callable[[QWidget], None]) -> Callable[[QWidget], None]:
        def run(dialog: QWidget) -> None:  # a failure closes the dialog instead of leaving it open
            try:
                actions(dialog)
            except BaseException as exc:
                seen["error"] = exc
                dialog.reject()
        return run

    def choose(dialog: QWidget) -> None:
        dialog.findChild(QLineEdit, "import_path").setText(str(roster))
        qtbot.mouseClick(dialog.findChild(QPushButton, "import_load"), Qt.MouseButton.LeftButton)
        summary = dialog.findChild(QPlainTextEdit, "import_summary")
        seen["before"] = summary.toPlainText()
        table = dialog.findChild(QTableWidget, "import_columns")
        seen["headers"] = [table.item(i, 1).text() for i in range(table.rowCount())]
        _pick(qtbot, dialog.findChild(QComboBox, "import_field_I"), "備考")  # 班 → 備考
        qtbot.waitUntil(lambda: "I列（班）" not in summary.toPlainText())
        seen["after"] = summary.toPlainText()
        answer_message_box(QMessageBox.StandardButton.Ok)
        qtbot.mouseClick(dialog.findChild(QPushButton, "import_commit"), Qt.MouseButton.LeftButton)

    _in_dialog(qtbot, "import_commit", guarded(choose))
    _click(qtbot, page, "members_import")
    assert "error" not in seen, seen.get("error")
    assert "取り込まない列（データあり）: F列（役職）、I列（班）" in seen["before"]
    assert seen["headers"][:3] == ["No", "氏名／姓", "氏名／名"]
    assert "取り込まない列（データあり）: F列（役職）" in seen["after"]
    db = open_database(db_path)
    try:
        notes = {p.name: p.note for p in list_people(db)}
    finally:
        db.close()
    assert notes["千葉 一郎"] == "班: A" and notes["佐々木 美咲"] == "班: B"

    # the same headers again: the choice is remembered
    def look(dialog: QWidget) -> None:
        dialog.findChild(QLineEdit, "import_path").setText(str(roster))
        qtbot.mouseClick(dialog.findChild(QPushButton, "import_load"), Qt.MouseButton.LeftButton)
        seen["again"] = dialog.findChild(QComboBox, "import_field_I").currentText()
        seen["again_summary"] = dialog.findChild(QPlainTextEdit, "import_summary").toPlainText()
        dialog.reject()

    _in_dialog(qtbot, "import_commit", guarded(look))
    _click(qtbot, page, "members_import")
    assert "error" not in seen, seen.get("error")
    assert seen["again"] == "備考"
    assert "前回選んだ列の対応" in seen["again_summary"]


def test_a_change_saved_on_another_pc_meanwhile_is_shown_and_nothing_typed_is_lost(qtbot, open_window, db_path) -> None:
    window, page = _open_members(qtbot, open_window, db_path)
    table = page.findChild(QTableView, "organisations_table")
    table.selectRow(1)  # 坂下自治会
    other_pc = open_database(db_path)
    seen: dict[str, str] = {}

    def edit(dialog: QWidget) -> None:
        # while this form is open, someone else saves the same organisation with a new phone number
        theirs = next(o for o in list_organisations(other_pc) if o.name == "坂下自治会")
        save_organisation(other_pc, replace(theirs, phone="0191-99-9999"))
        representative = dialog.findChild(QLineEdit, "organisation_representative")
        type_text(qtbot, representative, "坂下花子")
        ok = dialog.findChild(QPushButton, "organisation_ok")
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
        seen["message"] = _summary(dialog)
        seen["typed"] = representative.text()
        seen["open"] = str(dialog.isVisible())
        stored = next(o for o in list_organisations(other_pc) if o.name == "坂下自治会")
        seen["stored"] = f"{stored.representative}|{stored.phone}"
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)  # again, having read it: overwrite on purpose

    _in_dialog(qtbot, "organisation_ok", edit)
    _click(qtbot, page, "organisations_edit")
    assert "変更しました" in seen["message"] and "保存していません" in seen["message"]
    assert "電話:" in seen["message"] and "0191-99-9999" in seen["message"]  # their version, shown
    assert seen["typed"] == "坂下花子" and seen["open"] == "True"  # the form stayed filled
    assert seen["stored"] == "|0191-99-9999"  # nothing of ours overwrote theirs
    saved = next(o for o in list_organisations(window.ctx.db) if o.name == "坂下自治会")
    assert saved.representative == "坂下花子"
    assert "坂下花子" in _row_texts(table, 1)  # the list shows what was stored
    other_pc.close()


def _summary(dialog: QWidget) -> str:
    return "\n".join(label.text() for label in dialog.findChildren(QLabel) if "保存" in label.text())


def _row_texts(table: QTableView, row: int) -> list[str]:
    model = table.model()
    return [str(model.index(row, c).data()) for c in range(model.columnCount())]


def test_a_window_that_reads_the_file_shows_what_the_writer_saves_within_seconds(qtbot, db_path) -> None:
    from app.services.fiscal_years import selected_fiscal_year
    from app.services.office import Office
    from app.ui.context import AppContext
    from app.ui.main_window import MainWindow

    writer = Office.open(db_path)  # the PC that holds the file
    reader = Office.open(db_path)  # a second PC: read-only, told who writes
    assert reader.read_only
    window = MainWindow(AppContext(reader, selected_fiscal_year(reader.db)))
    qtbot.addWidget(window)
    window.show()
    window.nav.setCurrentRow(1)
    table = window.findChild(QWidget, "members_page").findChild(QTableView, "organisations_table")
    assert _names(table) == []
    save_organisation(writer.db, Organisation(kind_id=kind_id(writer.db, "自治会"), name="青葉自治会"))
    qtbot.waitUntil(lambda: _names(table) == ["青葉自治会"], timeout=10000)  # the timer polls every 2 s
    window.close()
    reader.close()
    writer.close()
