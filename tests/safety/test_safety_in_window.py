"""Data safety as staff meet it in the window: a record's change history from its list, erasing a
left member's personal data, and export file names that say they hold personal data."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QLineEdit, QPushButton, QRadioButton, QTableView, QWidget

from app.domain.fiscal_year import FiscalYear
from app.services.members.people import Member, get_person, save_person
from app.services.profile import Profile, save_profile
from app.storage.database import open_database
from app.ui.context import AppContext
from app.ui.export_dialog import ExportDialog
from tests.helpers.qt_typing import replace_text
from tests.members.test_members_window import _click, _focus, _in_dialog, _names, _open_members


def _history_rows(window: QWidget) -> list[tuple[str, str, str]]:
    shown = [d for d in window.findChildren(QDialog, "history_dialog") if d.isVisible()]
    assert len(shown) == 1
    dialog = shown[0]
    model = dialog.findChild(QTableView, "history_table").model()
    rows = [tuple(model.index(r, c).data() for c in (2, 3, 4)) for r in range(model.rowCount())]
    dialog.close()
    dialog.deleteLater()
    return rows


def test_edit_an_organisation_then_see_before_and_after_in_its_history(qtbot, open_window, db_path) -> None:
    window, page = _open_members(qtbot, open_window, db_path)
    table = page.findChild(QTableView, "organisations_table")
    table.selectRow(_names(table).index("坂下自治会"))

    def edit(dialog: QWidget) -> None:
        replace_text(qtbot, dialog.findChild(QLineEdit, "organisation_phone"), "0191-23-4567")
        replace_text(qtbot, dialog.findChild(QLineEdit, "organisation_households"), "64")
        qtbot.mouseClick(dialog.findChild(QPushButton, "organisation_ok"), Qt.MouseButton.LeftButton)

    _in_dialog(qtbot, "organisation_ok", edit)
    _click(qtbot, page, "organisations_edit")
    assert table.selectionModel().selectedRows()  # the edited row stays selected
    _click(qtbot, page, "organisations_history")
    rows = _history_rows(window)
    # newest save first: the two fields of this edit, then the organisation being added
    assert rows[:2] == [("電話", "（空欄）", "0191-23-4567"), ("世帯数", "50", "64")]
    assert ("名称", "", "坂下自治会") in rows[2:]
    # undo is recorded too, as a change back
    _focus(qtbot, window, table)
    qtbot.keyClick(table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    table.selectRow(_names(table).index("坂下自治会"))
    _click(qtbot, page, "organisations_history")
    assert _history_rows(window)[:2] == [("電話", "0191-23-4567", "（空欄）"), ("世帯数", "64", "50")]


def test_history_of_a_cash_book_entry_and_a_project_from_their_lists(qtbot, open_window, db_path) -> None:
    from app.services.accounts.categories import list_categories
    from app.services.accounts.ledger import EntryInput, add_entry, update_entry
    from app.services.projects.projects import ProjectData, create_project, update_project

    db = open_database(db_path)
    year = FiscalYear.of(date.today())
    cid = next(c.id for c in list_categories(db) if c.name == "消耗品費")
    entry = add_entry(db, year, EntryInput(year.start, "expense", cid, 800, "コピー用紙")).value
    update_entry(db, entry.id, EntryInput(year.start, "expense", cid, 880, "コピー用紙"))
    pid = create_project(db, year, ProjectData(name="ふるさと祭り", item_code="1-1")).value
    update_project(db, pid, ProjectData(name="ふるさと夏祭り", item_code="1-1"))
    db.close()
    window = open_window(db_path)
    for section, table_name, button, expected in (
        (2, "ledger_table", "ledger_history", ("金額", "800円", "880円")),
        (3, "projects_table", "projects_history", ("事業名", "ふるさと祭り", "ふるさと夏祭り")),
    ):
        window.nav.setCurrentRow(section)
        table = window.findChild(QTableView, table_name)
        qtbot.waitUntil(table.isVisible)
        table.selectRow(0)
        _click(qtbot, window, button)
        assert _history_rows(window)[0] == expected, section


def test_erase_a_left_persons_personal_data_from_the_window(qtbot, open_window, db_path) -> None:
    db = open_database(db_path)
    save_profile(db, Profile(name="試験地域協働体"))
    active = save_person(db, Member(name="現役 一郎", furigana="げんえき いちろう")).value
    left = save_person(db, Member(name="秘密 花子", furigana="ひみつ はなこ", phone="090-9876-5432",
                                  email="h@example.jp", left_on=date(2024, 3, 31))).value  # fmt: skip
    db.close()
    window, page = _open_members(qtbot, open_window, db_path)
    page.findChild(QWidget, "members_tabs").setCurrentIndex(1)
    table = page.findChild(QTableView, "people_table")
    erase = page.findChild(QPushButton, "people_erase")
    page.findChild(QWidget, "people_show_left").click()
    table.selectRow(_names(table, 0).index("現役 一郎"))
    assert not erase.isEnabled()  # still a member: nothing to erase
    table.selectRow(_names(table, 0).index("秘密 花子"))
    assert erase.isEnabled()

    def confirm(dialog: QWidget) -> None:
        dialog.findChild(QRadioButton, "erase_name_placeholder").click()
        qtbot.mouseClick(dialog.findChild(QPushButton, "erase_ok"), Qt.MouseButton.LeftButton)

    _in_dialog(qtbot, "erase_ok", confirm)
    _click(qtbot, page, "people_erase")
    assert "退会者" in _names(table, 0) and "秘密 花子" not in _names(table, 0)
    person = get_person(window.ctx.db, left.id)
    assert (person.name, person.phone, person.email) == ("退会者", "", "")
    assert get_person(window.ctx.db, active.id).name == "現役 一郎"
    assert not window.ctx.undo_stack.canUndo()  # no undo step may bring the values back
    table.selectRow(_names(table, 0).index("退会者"))
    _click(qtbot, page, "people_history")
    shown = " ".join(" ".join(r) for r in _history_rows(window))
    assert "090-9876-5432" not in shown and "秘密 花子" not in shown and "（消去済み）" in shown


def test_export_file_name_says_when_it_holds_personal_data(qtbot, db, tmp_path: Path) -> None:
    save_profile(db, Profile(name="試験地域協働体"))
    dialog = ExportDialog(AppContext(db, FiscalYear(2025)), ["members", "ledger", "settlement"])
    qtbot.addWidget(dialog)
    dialog.show()
    path = dialog.findChild(QLineEdit, "export_path")
    kind = dialog.findChild(QComboBox, "export_kind")
    assert path.text().endswith("令和7年度_名簿_試験地域協働体.xlsx")  # 公表用 is the default
    dialog.findChild(QRadioButton, "export_profile_full").click()
    assert path.text().endswith("令和7年度_名簿_試験地域協働体_個人情報あり.xlsx")
    kind.setCurrentIndex(1)
    assert path.text().endswith("令和7年度_現金出納簿_試験地域協働体_個人情報あり.xlsx")
    kind.setCurrentIndex(2)  # a 決算書 holds no personal data
    assert path.text().endswith("令和7年度_収支決算書_試験地域協働体.xlsx")
    kind.setCurrentIndex(0)
    replace_text(qtbot, path, str(tmp_path / Path(path.text()).name))
    qtbot.mouseClick(dialog.findChild(QPushButton, "export_ok"), Qt.MouseButton.LeftButton)
    assert dialog.written.name == "令和7年度_名簿_試験地域協働体_個人情報あり.xlsx"
    from openpyxl import load_workbook

    assert load_workbook(dialog.written).worksheets[0]["A2"].value == "個人情報を含みます"
