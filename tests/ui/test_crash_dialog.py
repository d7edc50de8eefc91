"""In the window, a failure that escapes a click is one Japanese message in a dialog: a busy
database named as such, a fault logged beside the database (the dialog says where) — the program
goes on, and nothing was saved."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QMessageBox, QPushButton

from app.services.profile import get_profile
from app.storage import engine as storage_engine
from app.ui.crash_hook import install_crash_hook
from tests.helpers.qt_dialogs import answer_message_box
from tests.helpers.qt_typing import replace_text

pytestmark = pytest.mark.qt_no_exception_capture  # the window's own hook is what is tested


@pytest.fixture
def crash_hook(db_path: Path):
    previous = install_crash_hook(lambda: db_path)
    yield
    sys.excepthook = previous


def _save_name(qtbot, window, name: str, seen: list[str]) -> None:
    """Type a name, click 保存, answer the dialog; then 変更を取り消す (closing asks nothing)."""
    replace_text(qtbot, window.findChild(QLineEdit, "profile_name"), name)
    answer_message_box(QMessageBox.StandardButton.Ok, seen)
    qtbot.mouseClick(window.findChild(QPushButton, "profile_save"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(seen))
    revert = next(b for b in window.findChildren(QPushButton) if b.text() == "変更を取り消す")
    qtbot.mouseClick(revert, Qt.MouseButton.LeftButton)


def test_a_fault_shows_one_sentence_naming_the_log(qtbot, open_window, db_path, crash_hook, monkeypatch) -> None:
    import app.services.profile as profile

    key = "secret"  # data in the exception's text stays out of the log

    def broken(*_args, **_kwargs):
        raise KeyError(key)

    monkeypatch.setattr(profile, "save_profile", broken)
    window = open_window(db_path)
    seen: list[str] = []
    _save_name(qtbot, window, "ひばり野地域協働体", seen)
    log = db_path.with_name("kyodo.crash.log")
    assert "予期しない誤り" in seen[0] and f"「{log}」" in seen[0]
    text = log.read_text(encoding="utf-8")
    assert "KeyError" in text and "window" in text and "secret" not in text
    assert get_profile(window.ctx.db) is None
    assert window.isVisible()  # the program goes on


def test_a_busy_database_is_named_in_the_dialog(qtbot, open_window, db_path, crash_hook, monkeypatch) -> None:
    monkeypatch.setattr(storage_engine, "BUSY_TIMEOUT_MS", 200)
    window = open_window(db_path)
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    seen: list[str] = []
    try:
        _save_name(qtbot, window, "ひばり野地域協働体", seen)
    finally:
        other.rollback()
        other.close()
    assert "他のプログラムが使用中" in seen[0] and "何も変更していません" in seen[0]
    assert "INSERT" not in seen[0]
    assert get_profile(window.ctx.db) is None
    assert not db_path.with_name("kyodo.crash.log").exists()  # a known cause is not a fault
