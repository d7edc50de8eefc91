"""The 提出 section as the office meets it: the checklist shows what blocks the submission."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QPushButton, QTableView

from app.domain.submission_format import SHEETS
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
    for box in warnings[:-1]:
        box.ensurePolished()
        qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    assert not create.isEnabled()  # every warning must be confirmed
    accept_all = window.findChild(QCheckBox, "check_accept_all")
    qtbot.mouseClick(accept_all, Qt.MouseButton.LeftButton, pos=QPoint(8, accept_all.height() // 2))
    assert all(b.isChecked() for b in warnings)
    assert create.isEnabled()
    folder = tmp_path / "市役所へ"
    replace_text(qtbot, window.findChild(QLineEdit, "submission_folder"), str(folder))
    qtbot.mouseClick(create, Qt.MouseButton.LeftButton)
    result = window.findChild(QLabel, "submission_result")
    qtbot.waitUntil(lambda: "第1版" in result.text(), timeout=30000)
    assert len(list(folder.glob("*.pdf"))) == len(SHEETS) and len(list(folder.glob("*.xlsx"))) == 1
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


def test_changing_data_of_a_submitted_year_warns_in_the_status_bar(qtbot, open_window, tmp_path) -> None:
    from app.cli import main
    from app.domain.fiscal_year import FiscalYear
    from app.services.submission.create import create_submission
    from app.storage.database import open_database

    db_path = tmp_path / "k.sqlite"
    assert main(["demo", "--db", str(db_path), "--body", "いずみ地域協働体"]) == 0
    db = open_database(db_path)
    create_submission(db, FiscalYear.current(), tmp_path / "提出", accept_warnings=True)
    db.close()
    window = open_window(db_path)
    replace_text(qtbot, window.findChild(QLineEdit, "profile_centre_name"), "いずみ市民センター（新館）")
    qtbot.mouseClick(window.findChild(QPushButton, "profile_save"), Qt.MouseButton.LeftButton)
    message = window.statusBar().currentMessage()
    assert "提出済み（第1版）" in message and "再提出" in message
    go_to(qtbot, window, "提出")
    status = window.findChild(QLabel, "submission_status")
    assert "提出後にデータが変更されています" in status.text()
