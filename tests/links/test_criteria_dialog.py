"""「評価の視点…」: staff change a criterion's wording for the current year by typing; the grading
screen shows it, while last year's sheet keeps the old wording."""

from __future__ import annotations

from datetime import date

from openpyxl import load_workbook
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QWidget,
)

from app.domain.fiscal_year import FiscalYear
from app.services.projects.criteria import criteria_for_year
from app.services.projects.evaluation import set_grade
from app.services.projects.projects import ProjectData, create_project
from app.services.reports import export_report
from tests.helpers.qt_dialogs import answer_message_box
from tests.helpers.qt_typing import replace_text
from tests.projects.conftest import FY2025
from tests.projects.test_ui import _click_row, _open_section

FY2024 = FiscalYear(2024)
OLD = "客観的評価検証 ❶ 想定した事業の目標や成果が達成されたか"
NEW = "客観的評価検証 ❶ 事業の目標と成果を数値で確かめたか"


def _shown(window) -> set[str]:
    """The texts the grading screen shows now."""
    page = window.findChild(QWidget, "evaluation_page")
    return {label.text() for label in page.findChildren(QLabel) if label.isVisible()}


def _edit_in_dialog(qtbot, seen: list[str], notes: list[str]) -> None:
    def edit() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QDialog) or dialog.objectName() != "criteria_dialog":
            QTimer.singleShot(20, edit)
            return
        notes.append(dialog.findChild(QLabel, "criteria_note").text())
        wording = dialog.findChild(QLineEdit, "criterion_wording_0")
        assert wording.text() == "想定した事業の目標や成果が達成されたか"
        replace_text(qtbot, wording, "事業の目標と成果を数値で確かめたか")
        answer_message_box(QMessageBox.StandardButton.Yes, seen)
        qtbot.mouseClick(dialog.findChild(QPushButton, "criteria_save"), Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, edit)


def test_change_a_wording_for_this_year_and_last_years_sheet_keeps_the_old(
        qtbot, open_window, year_db, db_path, tmp_path):
    db, ids = year_db
    last_year = create_project(db, FY2024, ProjectData(name="昨年度の見守り", item_code="2-2")).value
    set_grade(db, FY2024, last_year, "objective_1", "B", "概ね計画どおり")
    window = open_window(db_path, date(2025, 10, 1))
    _open_section(qtbot, window, "自己評価")
    _click_row(qtbot, window.findChild(QTableView, "evaluation_targets"), "見守り活動")
    qtbot.waitUntil(lambda: OLD in _shown(window))  # the panel shows its rows after a turn of the event loop

    seen: list[str] = []
    notes: list[str] = []
    _edit_in_dialog(qtbot, seen, notes)
    qtbot.mouseClick(window.findChild(QPushButton, "criteria_edit"), Qt.MouseButton.LeftButton)

    assert "令和6年度までの自己評価と自己評価シートは変わりません" in notes[0]
    assert "令和7年度以降の評価の視点として保存します" in seen[0] and "「元に戻す」では戻せません" in seen[0]
    qtbot.waitUntil(lambda: NEW in _shown(window))
    assert OLD not in _shown(window)
    assert criteria_for_year(db, FY2025).first_year == 2025

    sheet = load_workbook(export_report(db, "evaluation", FY2024, "xlsx", tmp_path / "last.xlsx"))
    graded = next(r for r in sheet["事業評価"].iter_rows(values_only=True) if r[0] == "昨年度の見守り")
    assert graded[1:5] == (OLD, "B", "概ね達成", "概ね計画どおり")
    wordings = [r[2] for r in sheet["評価の視点"].iter_rows(values_only=True)]
    assert "❶ 想定した事業の目標や成果が達成されたか" in wordings
    assert "❶ 事業の目標と成果を数値で確かめたか" not in wordings
