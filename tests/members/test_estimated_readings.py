"""Readings guessed on import (issue 12): stored as 推定, shown so in the 名簿 list, cleared when
staff edit the reading (or a later sheet gives one); upgrading keeps every member."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QTableView, QWidget
from sqlalchemy import text

from app.importing import RowStatus
from app.services.members.importer import commit_member_import, preview_member_import
from app.services.members.people import list_people
from app.storage.database import open_database
from app.storage.engine import sqlite_engine
from app.storage.migrations import _config
from app.storage.schema import APPLICATION_ID
from tests.helpers.qt_typing import replace_text
from tests.members.conftest import write_sheet
from tests.members.test_members_window import _in_dialog


def _import(db, path) -> None:
    preview = preview_member_import(db, path)
    assert not preview.has_errors, preview.summary_lines()
    commit_member_import(db, preview)


def _roster(tmp_path, rows, name="roster.xlsx"):
    return write_sheet(tmp_path / name, [["氏名", "電話番号"], *rows], title=None)


def test_guessed_reading_is_stored_as_estimated_and_a_given_one_is_not(db, tmp_path) -> None:
    _import(db, _roster(tmp_path, [["佐藤 健", "0191-21-0001"]]))
    _import(db, write_sheet(tmp_path / "b.xlsx", [["氏名", "ふりがな"], ["千葉 一郎", "ちば いちろう"]], title=None))
    people = {p.name: p for p in list_people(db)}
    assert (people["佐藤 健"].furigana, people["佐藤 健"].furigana_estimated) == ("さとう たけし", True)
    assert people["佐藤 健"].furigana_label == "さとう たけし（推定）"
    assert (people["千葉 一郎"].furigana_estimated, people["千葉 一郎"].furigana_label) == (False, "ちば いちろう")


def test_a_later_sheet_with_the_reading_confirms_it(db, tmp_path) -> None:
    _import(db, _roster(tmp_path, [["佐藤 健", "0191-21-0001"]]))
    again = write_sheet(tmp_path / "again.xlsx", [["氏名", "電話番号", "よみ"],
                                                  ["佐藤 健", "0191-21-0001", "さとう たけし"]], title=None)
    preview = preview_member_import(db, again)
    assert preview.rows[0].status is RowStatus.UPDATE
    assert preview.rows[0].data.change_text == "ふりがな（推定）"
    commit_member_import(db, preview)
    assert [(p.furigana, p.furigana_estimated) for p in list_people(db)] == [("さとう たけし", False)]
    # the reading-less sheet again changes nothing: the confirmed reading stays, not 推定
    assert [r.status for r in preview_member_import(db, _roster(tmp_path, [["佐藤 健", "0191-21-0001"]],
                                                                 "c.xlsx")).rows] == [RowStatus.UNCHANGED]


def test_an_empty_reading_cell_keeps_the_reading_staff_gave(db, tmp_path) -> None:
    # a later roster with the reading column but no reading on the row: the stored reading stays (never
    # replaced by a guess), and a second import of a guess-only row changes nothing
    header = ["氏名", "ふりがな", "電話番号"]
    _import(db, write_sheet(tmp_path / "a.xlsx", [header, ["熊谷 誠", "くまがい まこと", "0191-21-1111"],
                                                  ["佐藤 健", None, None]], title=None))
    later = write_sheet(tmp_path / "b.xlsx", [header, ["熊谷 誠", None, "0191-21-2222"], ["佐藤 健", None, None]],
                        title=None)
    preview = preview_member_import(db, later)
    assert [(r.status, r.data.change_text) for r in preview.rows] == [(RowStatus.UPDATE, "電話"),
                                                                      (RowStatus.UNCHANGED, "")]
    commit_member_import(db, preview)
    assert [(p.name, p.furigana, p.furigana_estimated) for p in list_people(db)] == [
        ("熊谷 誠", "くまがい まこと", False), ("佐藤 健", "さとう たけし", True)]


def _people_tab(qtbot, open_window, db_path):
    window = open_window(db_path)
    nav = window.nav
    qtbot.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton, pos=nav.visualItemRect(nav.item(1)).center())
    page = window.findChild(QWidget, "members_page")
    page.findChild(QWidget, "members_tabs").setCurrentIndex(1)
    return page, page.findChild(QTableView, "people_table")


def _readings(table: QTableView) -> list[str]:
    model = table.model()
    return [model.index(r, 1).data() for r in range(model.rowCount())]


def test_list_marks_the_guess_and_editing_the_reading_clears_it(qtbot, open_window, db_path, tmp_path) -> None:
    db = open_database(db_path)
    _import(db, _roster(tmp_path, [["佐藤 健", "0191-21-0001"], ["東海林 誠", "0191-21-0002"]]))
    db.close()
    page, table = _people_tab(qtbot, open_window, db_path)
    assert _readings(table) == ["さとう たけし（推定）", "しょうじ まこと（推定）"]
    row = 1
    seen: list[str] = []

    def keep(dialog: QWidget) -> None:  # saving other fields leaves the guess marked
        seen.append(dialog.findChild(QLabel, "person_furigana_estimated").text())
        replace_text(qtbot, dialog.findChild(QLineEdit, "person_phone"), "0191-21-0003")
        qtbot.mouseClick(dialog.findChild(QPushButton, "person_ok"), Qt.MouseButton.LeftButton)

    table.selectRow(row)
    _in_dialog(qtbot, "person_ok", keep)
    qtbot.mouseClick(page.findChild(QPushButton, "people_edit"), Qt.MouseButton.LeftButton)
    assert "推定した読み" in seen[0]
    assert _readings(table) == ["さとう たけし（推定）", "しょうじ まこと（推定）"]
    assert [p.phone for p in list_people(page.ctx.db)] == ["0191-21-0001", "0191-21-0003"]

    def fix(dialog: QWidget) -> None:  # this family says とうかいりん
        replace_text(qtbot, dialog.findChild(QLineEdit, "person_furigana"), "とうかいりん まこと")
        qtbot.mouseClick(dialog.findChild(QPushButton, "person_ok"), Qt.MouseButton.LeftButton)

    table.selectRow(1)
    _in_dialog(qtbot, "person_ok", fix)
    qtbot.mouseClick(page.findChild(QPushButton, "people_edit"), Qt.MouseButton.LeftButton)
    assert _readings(table) == ["さとう たけし（推定）", "とうかいりん まこと"]  # and in 五十音 order


def test_upgrade_keeps_every_member_and_marks_none_estimated(tmp_path) -> None:
    from alembic import command

    path = tmp_path / "old.sqlite"
    engine = sqlite_engine(path)
    with engine.begin() as connection:
        command.upgrade(_config(connection), "0010_facility")
        connection.execute(text(f"PRAGMA application_id={APPLICATION_ID}"))
        kind = connection.execute(text("SELECT id FROM member_kind ORDER BY id LIMIT 1")).scalar()
        connection.execute(text(
            "INSERT INTO member_organisation (id, kind_id, name, furigana, representative, phone, postal_code,"
            f" address, note) VALUES (3, {kind}, '上野原自治会', 'うえのはらじちかい', '', '', '', '', '')"))
        connection.execute(text(
            "INSERT INTO person (id, name, furigana, phone, postal_code, address, email, listing_consent, note)"
            " VALUES (8, '髙橋 一郎', 'たかはし いちろう', '090-1234-5678', '', '', '', 1, 'メモ')"))
    engine.dispose()
    open_database(path).close()

    con = sqlite3.connect(path)
    assert con.execute("SELECT id, name, furigana, furigana_estimated FROM member_organisation").fetchall() == [
        (3, "上野原自治会", "うえのはらじちかい", 0)]
    assert con.execute("SELECT id, name, phone, listing_consent, note, furigana_estimated FROM person").fetchall() == [
        (8, "髙橋 一郎", "090-1234-5678", 1, "メモ", 0)]
    con.close()
