"""The 提出 section as the office meets it: the checklist shows what blocks the submission."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton

from tests.helpers.qt_typing import replace_text


def go_to(qtbot, window, title: str) -> None:
    item = window.nav.findItems(title, Qt.MatchFlag.MatchExactly)[0]
    qtbot.mouseClick(
        window.nav.viewport(), Qt.MouseButton.LeftButton, pos=window.nav.visualItemRect(item).center()
    )


def blocking_texts(window) -> list[str]:
    return [label.text() for label in window.findChildren(QLabel, "check_blocking") if label.isVisible()]


def test_checklist_shows_a_blocking_problem_in_red_until_it_is_fixed(
    qtbot, open_window, db_path: Path
) -> None:
    window = open_window(db_path)
    go_to(qtbot, window, "提出")
    assert any("地域協働体名が登録されていません" in t for t in blocking_texts(window))
    label = next(lbl for lbl in window.findChildren(QLabel, "check_blocking") if "地域協働体名" in lbl.text())
    assert "color: #b00020" in label.styleSheet()
    create = window.findChild(QPushButton, "submission_create")
    assert not create.isEnabled()

    go_to(qtbot, window, "団体情報")
    replace_text(qtbot, window.findChild(QLineEdit, "profile_name"), "ひばり野地域協働体")
    qtbot.mouseClick(window.findChild(QPushButton, "profile_save"), Qt.MouseButton.LeftButton)
    go_to(qtbot, window, "提出")
    qtbot.waitUntil(lambda: not any("地域協働体名" in t for t in blocking_texts(window)))
