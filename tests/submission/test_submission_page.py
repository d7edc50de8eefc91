"""The 提出 section as the office meets it: the checklist shows what blocks the submission."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QPushButton, QTableView

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


def test_confirm_each_warning_then_create_the_files_in_the_background(qtbot, open_window, tmp_path) -> None:
    from app.cli import main

    db_path = tmp_path / "k.sqlite"
    assert main(["demo", "--db", str(db_path), "--body", "そよかぜ地域協働体"]) == 0
    window = open_window(db_path)  # the current year: not closed yet, so there are warnings
    go_to(qtbot, window, "提出")
    create = window.findChild(QPushButton, "submission_create")
    warnings = [b for b in window.findChildren(QCheckBox, "check_warning") if b.isVisible()]
    assert warnings and not blocking_texts(window)
    assert not create.isEnabled()
    for box in warnings:
        qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=box.rect().bottomLeft() + QPoint(8, -6))
    assert create.isEnabled()
    folder = tmp_path / "市役所へ"
    replace_text(qtbot, window.findChild(QLineEdit, "submission_folder"), str(folder))
    qtbot.mouseClick(create, Qt.MouseButton.LeftButton)
    result = window.findChild(QLabel, "submission_result")
    qtbot.waitUntil(lambda: "第1版" in result.text(), timeout=30000)
    assert len(list(folder.glob("*.pdf"))) == 7 and len(list(folder.glob("*.xlsx"))) == 1
    history = window.findChild(QTableView, "submission_history").model()
    assert history.rowCount() == 1 and history.index(0, 0).data() == "第1版"
    status = window.findChild(QLabel, "submission_status")
    assert "第1版を提出済み" in status.text() and "変更されていません" in status.text()


def test_aggregate_dialog_lists_the_files_it_left_out(qtbot, submitted, tmp_path) -> None:
    from openpyxl import Workbook

    from app.ui.aggregate_dialog import AggregateDialog

    Workbook().save(tmp_path / "関係ない.xlsx")
    dialog = AggregateDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    add_path = dialog.findChild(QLineEdit, "aggregate_add_path")
    for path in (next(iter(submitted.values())).folder.parent, tmp_path / "関係ない.xlsx"):
        replace_text(qtbot, add_path, str(path))
        qtbot.mouseClick(dialog.findChild(QPushButton, "aggregate_add"), Qt.MouseButton.LeftButton)
    out = tmp_path / "集計表.xlsx"
    replace_text(qtbot, dialog.findChild(QLineEdit, "aggregate_out"), str(out))
    qtbot.mouseClick(dialog.findChild(QPushButton, "aggregate_run"), Qt.MouseButton.LeftButton)
    summary = dialog.findChild(QLabel, "aggregate_summary")
    qtbot.waitUntil(lambda: "団体を集計しました" in summary.text(), timeout=30000)
    assert "3団体" in summary.text() and "問題のあるファイル 1件" in summary.text()
    problems = dialog.findChild(QTableView, "aggregate_problems").model()
    assert problems.rowCount() == 1 and problems.index(0, 0).data().endswith("関係ない.xlsx")
    assert out.exists()
