"""The main window as a user meets it: profile editing, fiscal-year selector, sections."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QMessageBox, QPushButton

from app.cli import main as kyodo
from app.domain.fiscal_year import FiscalYear
from app.ui.sections import SECTIONS
from tests.helpers.qt_dialogs import answer_message_box
from tests.helpers.qt_typing import replace_text, type_text


def _type(qtbot, window, name: str, text: str) -> None:
    replace_text(qtbot, window.findChild(QLineEdit, f"profile_{name}"), text)


def test_edit_profile_save_and_find_it_after_reopening(qtbot, open_window, db_path: Path) -> None:
    window = open_window(db_path)
    _type(qtbot, window, "name", "ひばり野地域協働体")
    _type(qtbot, window, "centre_name", "ひばり野市民センター")
    _type(qtbot, window, "chair_name", "試験 花子")
    _type(qtbot, window, "postal_code", "0294201")
    _type(qtbot, window, "address", "岩手県一関市藤沢町1番地")
    _type(qtbot, window, "phone", "0191-63-0000")
    _type(qtbot, window, "established_on", "平成20年4月1日")
    area = window.findChild(QComboBox, "profile_area")
    type_text(qtbot, area, "藤沢")
    state = window.findChild(QLabel, "profile_state")
    assert state.text() == "未保存の変更があります"
    qtbot.mouseClick(window.findChild(QPushButton, "profile_save"), Qt.MouseButton.LeftButton)
    assert state.text() == "保存しました。"
    assert "ひばり野地域協働体" in window.windowTitle()
    window.close()

    reopened = open_window(db_path)
    value = lambda name: reopened.findChild(QLineEdit, f"profile_{name}").text()  # noqa: E731
    assert value("name") == "ひばり野地域協働体"
    assert value("postal_code") == "029-4201"
    assert value("phone") == "0191-63-0000"
    assert value("established_on") == "2008/04/01"
    assert reopened.findChild(QComboBox, "profile_area").currentText() == "藤沢"


def test_bad_input_shows_messages_next_to_fields_and_saves_nothing(qtbot, open_window, db_path) -> None:
    window = open_window(db_path)
    _type(qtbot, window, "name", "")
    _type(qtbot, window, "postal_code", "12-345")
    qtbot.mouseClick(window.findChild(QPushButton, "profile_save"), Qt.MouseButton.LeftButton)
    name_error = window.findChild(QLabel, "profile_name_error")
    postal_error = window.findChild(QLabel, "profile_postal_code_error")
    assert name_error.isVisible() and "地域協働体名を入力してください" in name_error.text()
    assert postal_error.isVisible() and "郵便番号" in postal_error.text()
    from app.services.profile import get_profile

    assert get_profile(window.ctx.db) is None

    # Closing with unsaved changes asks first; "破棄" closes without saving.
    seen: list[str] = []
    answer_message_box(QMessageBox.StandardButton.Discard, seen)
    window.close()
    assert seen == ["保存していない変更があります（団体情報）。\n保存してから閉じますか？"]
    assert not window.isVisible()
    assert get_profile(window.ctx.db) is None


def test_undo_restores_the_previous_profile(qtbot, open_window, db_path) -> None:
    window = open_window(db_path)
    _type(qtbot, window, "name", "最初の名前")
    qtbot.mouseClick(window.findChild(QPushButton, "profile_save"), Qt.MouseButton.LeftButton)
    _type(qtbot, window, "name", "二番目の名前")
    qtbot.mouseClick(window.findChild(QPushButton, "profile_save"), Qt.MouseButton.LeftButton)
    # In a text field Ctrl+Z undoes typing; with focus outside, it undoes the last saved edit.
    window.nav.setFocus()
    qtbot.keyClick(window.nav, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.findChild(QLineEdit, "profile_name").text() == "最初の名前"
    from app.services.profile import get_profile

    assert get_profile(window.ctx.db).name == "最初の名前"
    qtbot.keyClick(window.nav, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert get_profile(window.ctx.db).name == "二番目の名前"


def test_fiscal_year_selector_shows_wareki_and_gregorian(qtbot, open_window, tmp_path) -> None:
    path = tmp_path / "demo.sqlite"
    assert kyodo(["demo", "--db", str(path)]) == 0
    window = open_window(path)
    combo = window.findChild(QComboBox, "fiscal_year")
    labels = [combo.itemText(i) for i in range(combo.count())]
    assert len(labels) == 3
    current = FiscalYear.current()
    assert combo.currentText() == current.label_full
    assert f"（{current.year}年度）" in combo.currentText()
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Up)
    assert window.ctx.fiscal_year == current.previous()
    assert current.previous().label_full in window.windowTitle()


def test_sections_are_listed_and_unbuilt_ones_say_so(qtbot, open_window, db_path) -> None:
    window = open_window(db_path)
    titles = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert titles == ["団体情報", "名簿", "管理費", "事業・会議", "自己評価", "提出", "施設"]
    for row, section in enumerate(SECTIONS):
        if section.build is None:
            window.nav.setCurrentRow(row)
            page = window.stack.currentWidget()
            texts = " ".join(label.text() for label in page.findChildren(QLabel))
            assert "準備中" in texts and section.title in texts


def test_bundled_font_is_loaded(qtbot) -> None:
    from PySide6.QtGui import QFontDatabase

    from app.ui.fonts import load_bundled_font

    family = load_bundled_font()
    assert family == "IPAexGothic"
    assert family in QFontDatabase.families()


def test_the_frame_shows_the_sections_first_and_the_data_once_attached(qtbot, db_path: Path) -> None:
    """Start-up paints the frame (section list, menus, an empty year selector) before the database
    is open; attaching the opened data fills the year selector and shows the first section."""
    from app.services.fiscal_years import ensure_current_year, selected_fiscal_year
    from app.storage.database import open_database
    from app.ui.context import AppContext
    from app.ui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    assert [window.nav.item(i).text() for i in range(window.nav.count())] == [s.title for s in SECTIONS]
    assert window.year_combo.count() == 0 and not window.findChild(QPushButton, "add_fiscal_year").isEnabled()
    assert window.statusBar().currentMessage() == "データを開いています…"
    db = open_database(db_path)
    try:
        ensure_current_year(db)
        window.attach(AppContext(db, selected_fiscal_year(db)))
        assert window.year_combo.currentText() == FiscalYear.current().label_full
        assert window.findChild(QLineEdit, "profile_name") is not None  # 団体情報 is on screen
        assert window.statusBar().currentMessage() == ""
    finally:
        window.close()
        db.close()


def test_adding_a_year_beyond_the_last_one_that_can_hold_a_date_is_refused(qtbot, open_window, db_path) -> None:
    """「次の年度を追加」 clicked past the last 年度 that can hold a date (a year from today) says why
    and adds nothing (2173年度 after years of clicking would be a slip, as 加入日 2173 is)."""
    from app.domain.input_bounds import latest_fiscal_year
    from app.services.fiscal_years import add_fiscal_year, list_fiscal_years

    window = open_window(db_path)
    last = latest_fiscal_year()
    add_fiscal_year(window.ctx.db, last)
    seen: list[str] = []
    answer_message_box(QMessageBox.StandardButton.Ok, seen)
    qtbot.mouseClick(window.findChild(QPushButton, "add_fiscal_year"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(seen))
    following = last.next()
    assert seen[0].startswith(f"{following.label_full} は追加できません。年度（{following.year}）は1900年度から"
                              f"{last.year}年度（{last.label}）までの西暦年で指定してください")
    assert list_fiscal_years(window.ctx.db)[-1] == last
