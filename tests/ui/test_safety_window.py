"""Data safety in the window: restore from a backup, read-only second window, history, trash."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QLineEdit, QMessageBox, QPushButton, QTableView
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from app.cli import main as kyodo
from app.services.fiscal_years import selected_fiscal_year
from app.services.profile import Profile, get_profile, save_profile
from app.storage.backup import backup_files
from app.storage.history import move_to_trash
from app.storage.lock import lock_path, read_lock
from app.storage.models import Body
from tests.helpers.qt_dialogs import answer_message_box
from tests.helpers.qt_typing import replace_text

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def launch(qtbot):
    """Open the window the way `kyodo` does: the Office (lock or read-only, start-up backup, notices)."""
    from app.services.office import Office
    from app.ui.context import AppContext
    from app.ui.main_window import MainWindow

    offices = []

    def _launch(path: Path):
        office = Office.open(path)
        offices.append(office)
        window = MainWindow(AppContext(office, selected_fiscal_year(office.db)))
        qtbot.addWidget(window)
        window.show()
        return window

    yield _launch
    for office in offices:
        office.close()


def _demo(tmp_path: Path) -> Path:
    path = tmp_path / "office.sqlite"
    assert kyodo(["demo", "--db", str(path)]) == 0
    return path


def _click_row(qtbot, view: QTableView, row: int) -> None:
    rect = view.visualRect(view.model().index(row, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def _save_name(qtbot, window, name: str) -> None:
    replace_text(qtbot, window.findChild(QLineEdit, "profile_name"), name)
    qtbot.mouseClick(window.findChild(QPushButton, "profile_save"), Qt.MouseButton.LeftButton)


def test_restore_from_a_backup_in_the_window(qtbot, launch, tmp_path) -> None:
    path = _demo(tmp_path)
    window = launch(path)
    assert [f.reason for f in backup_files(path)] == ["起動時"]
    _save_name(qtbot, window, "うっかり変えた名前")
    assert get_profile(window.ctx.db).name == "うっかり変えた名前"

    window.findChild(QAction, "action_restore").trigger()
    dialog = window.findChild(QTableView, "backup_table").window()
    view = dialog.findChild(QTableView, "backup_table")
    assert view.model().rowCount() == 1
    contents = view.model().index(0, 2).data()
    assert "団体情報 1件" in contents and "年度 3件" in contents
    button = dialog.findChild(QPushButton, "backup_restore")
    assert not button.isEnabled()
    _click_row(qtbot, view, 0)
    seen: list[str] = []
    answer_message_box(QMessageBox.StandardButton.Yes, seen)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.findChild(QLineEdit, "profile_name").text() == "みどり野地域協働体")
    assert "今のデータは「復元前」のバックアップとして残します" in seen[0]
    assert get_profile(window.ctx.db).name == "みどり野地域協働体"
    assert "みどり野地域協働体" in window.windowTitle()
    assert sorted(f.reason for f in backup_files(path)) == ["復元前", "起動時"]
    assert "から復元しました" in window.statusBar().currentMessage()
    _save_name(qtbot, window, "復元後に保存")  # the reopened database is writable
    assert get_profile(window.ctx.db).name == "復元後に保存"


def test_backup_now_from_the_file_menu(qtbot, launch, tmp_path) -> None:
    path = _demo(tmp_path)
    window = launch(path)
    window.findChild(QAction, "action_backup_now").trigger()
    assert sorted(f.reason for f in backup_files(path)) == ["手動", "起動時"]
    assert "バックアップを作りました" in window.statusBar().currentMessage()


HOLDER = textwrap.dedent(
    """
    import sys, time
    from app.storage.lock import acquire_for_cli
    with acquire_for_cli(sys.argv[1]):
        print("holding", flush=True)
        time.sleep(120)
    """
)


def test_second_window_on_a_file_in_use_is_read_only_and_says_who(qtbot, launch, tmp_path) -> None:
    path = _demo(tmp_path)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path)], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "holding"
        window = launch(path)
        notice = window.findChild(QLabel, "lock_notice").text()
        assert "さん（" in notice and "から使用中のため、読み取り専用で開きました" in notice
        assert not window.findChild(QPushButton, "profile_save").isEnabled()
        assert backup_files(path) == []  # the holder's program makes the backups
        with pytest.raises(OperationalError, match="readonly"):  # even a stray write is refused
            save_profile(window.ctx.db, Profile(name="書き込めない"))
        assert read_lock(path).pid == holder.pid
    finally:
        holder.kill()
        holder.wait()


def test_closing_the_window_frees_the_file(qtbot, launch, tmp_path) -> None:
    path = _demo(tmp_path)
    window = launch(path)
    assert read_lock(path).pid is not None
    window.close()
    assert not lock_path(path).exists()


def test_a_setting_that_cannot_be_read_is_named_when_the_window_opens(qtbot, launch, tmp_path) -> None:
    import sqlite3

    path = _demo(tmp_path)
    with sqlite3.connect(path) as con:  # as a person with a database tool might leave it
        con.execute("INSERT OR REPLACE INTO setting (key, value) VALUES ('font_scale_percent', '大きめ')")
    con.close()
    window = launch(path)
    notice = window.findChild(QLabel, "lock_notice").text()
    assert "設定「文字の大きさ」に保存された値「大きめ」は使えません" in notice and "既定値（100）" in notice
    assert window.font_scale == 100


def test_a_choice_that_cannot_be_read_is_told_by_its_japanese_labels(qtbot, launch, tmp_path) -> None:
    import sqlite3

    path = _demo(tmp_path)
    with sqlite3.connect(path) as con:
        con.execute("INSERT OR REPLACE INTO setting (key, value) VALUES ('date_style', 'reiwa')")
    con.close()
    window = launch(path)
    notice = window.findChild(QLabel, "lock_notice").text()
    assert ("設定「印刷する日付の書き方」に保存された値「reiwa」は使えません（「和暦（令和7年4月1日）」「西暦（2025/4/1）」"
            "のどれかにしてください）。既定値（和暦（令和7年4月1日））を使います。") in notice
    assert "wareki" not in notice and "slash" not in notice  # the codes the program stores, never shown


def test_profile_history_dialog_lists_changes(qtbot, launch, tmp_path) -> None:
    path = _demo(tmp_path)
    window = launch(path)
    _save_name(qtbot, window, "新しい名前")
    window.findChild(QAction, "action_profile_history").trigger()
    view = window.findChild(QTableView, "history_table")
    model = view.model()
    rows = [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]
    assert rows[0][1:5] == ["変更", "地域協働体名", "みどり野地域協働体", "新しい名前"]  # newest first
    assert any(r[1] == "追加" and r[2] == "電話" for r in rows)


def test_trash_dialog_puts_a_record_back(qtbot, launch, tmp_path) -> None:
    path = _demo(tmp_path)
    window = launch(path)
    with window.ctx.db.session.begin() as s:
        move_to_trash(s, s.scalars(select(Body)).one())
    window.findChild(QAction, "action_trash").trigger()
    view = window.findChild(QTableView, "trash_table")
    assert view.model().index(0, 1).data() == "団体情報"
    assert view.model().index(0, 2).data() == "みどり野地域協働体"
    _click_row(qtbot, view, 0)
    qtbot.mouseClick(view.window().findChild(QPushButton, "trash_restore"), Qt.MouseButton.LeftButton)
    assert view.model().rowCount() == 0
    assert window.findChild(QLineEdit, "profile_name").text() == "みどり野地域協働体"
