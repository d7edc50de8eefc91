"""The 事業・会議 and 自己評価 sections as staff use them: clicking, typing, undo."""

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
    QPlainTextEdit,
    QPushButton,
    QTableView,
)

from app.services.projects.evaluation import get_evaluation
from app.services.reports import export_report
from app.ui.evaluation_chart import GradeProfileChart
from tests.helpers.qt_dialogs import answer_message_box
from tests.helpers.qt_typing import type_text
from tests.projects.conftest import FY2025

IN_FY2025 = date(2025, 10, 1)


def _open_section(qtbot, window, title: str) -> None:
    item = window.nav.findItems(title, Qt.MatchFlag.MatchExactly)[0]
    qtbot.mouseClick(window.nav.viewport(), Qt.MouseButton.LeftButton, pos=window.nav.visualItemRect(item).center())


def _click_row(qtbot, view: QTableView, text: str) -> None:
    model = view.model()
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == text)
    rect = view.visualRect(model.index(row, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def _this_year(chart: GradeProfileChart) -> dict[str, int | None]:
    return dict(zip(chart.categories, chart.series[-1][1], strict=True))


def test_grade_a_project_by_typing_and_see_chart_and_sheet_change(qtbot, open_window, year_db, db_path, tmp_path):
    window = open_window(db_path, IN_FY2025)
    _open_section(qtbot, window, "自己評価")
    chart = window.findChild(GradeProfileChart, "grade_profile_chart")
    assert _this_year(chart)["客観❶"] is None
    _click_row(qtbot, window.findChild(QTableView, "evaluation_targets"), "見守り活動")
    evidence = window.findChild(QLabel, "evidence_objective_1")
    assert "目標 100世帯 → 実績 120世帯（達成率 120.0%）" in evidence.text()
    assert window.findChild(QLabel, "evidence_objective_3").text() == "会議・話し合い 5回（うち 福祉部会 3回）"

    first = window.findChild(QLineEdit, "grade_objective_1")
    qtbot.mouseClick(first, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(first, "a")  # one key grades and moves on
    second = window.findChild(QLineEdit, "grade_objective_2")
    assert QApplication.focusWidget() is second
    qtbot.keyClicks(second, "3")  # 3 = B
    assert QApplication.focusWidget() is window.findChild(QLineEdit, "grade_objective_3")
    assert first.text() == "A" and second.text() == "B"
    assert window.findChild(QLabel, "meaning_objective_1").text() == "十分達成"
    assert _this_year(chart)["客観❶"] == 100 and _this_year(chart)["客観❷"] == 75

    comment = window.findChild(QLineEdit, "comment_objective_1")
    qtbot.mouseClick(comment, Qt.MouseButton.LeftButton)
    type_text(qtbot, comment, "訪問世帯が増えた")
    qtbot.keyClick(comment, Qt.Key.Key_Return)

    sheet = load_workbook(export_report(window.ctx.db, "evaluation", FY2025, "xlsx", tmp_path / "s.xlsx"))["事業評価"]
    row = next(r for r in sheet.iter_rows(values_only=True) if r[:2] == (
        "見守り活動", "客観的評価検証 ❶ 想定した事業の目標や成果が達成されたか"))
    assert row[2:5] == ("A", "十分達成", "訪問世帯が増えた")

    _click_row(qtbot, window.findChild(QTableView, "evaluation_targets"), "見守り活動")  # leave the field
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undo the comment
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undo the B
    assert comment.text() == "" and second.text() == ""
    assert _this_year(chart)["客観❷"] is None and _this_year(chart)["客観❶"] == 100


def test_body_level_texts_are_kept(qtbot, open_window, year_db, db_path):
    window = open_window(db_path, IN_FY2025)
    _open_section(qtbot, window, "自己評価")
    _click_row(qtbot, window.findChild(QTableView, "evaluation_targets"), "団体全体（協働の行動基準）")
    grade = window.findChild(QLineEdit, "grade_conduct_2")
    qtbot.mouseClick(grade, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(grade, "x")  # not a grade: nothing happens
    assert grade.text() == ""
    qtbot.keyClicks(grade, "c")
    outcome = window.findChild(QPlainTextEdit, "body_outcome")
    type_text(qtbot, outcome, "見守りが広がった")
    window.findChild(QLineEdit, "grade_conduct_1").setFocus()  # leaving the text stores it
    state = get_evaluation(window.ctx.db, FY2025)
    assert state.entry("conduct_2").grade == "C" and state.outcome == "見守りが広がった"


def _fill_dialog(qtbot, values: dict[str, str], seen_errors: list[str], then_cancel: bool = False) -> None:
    """Type into the entry dialog when it opens, press 保存, report the messages shown."""

    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QDialog):
            QTimer.singleShot(20, fill)
            return
        for name, text in values.items():
            edit = dialog.findChild(QLineEdit, f"field_{name}")
            edit.clear()
            type_text(qtbot, edit, text)
        qtbot.mouseClick(dialog.findChild(QPushButton, "entry_save"), Qt.MouseButton.LeftButton)
        seen_errors.extend(e.text() for e in dialog.findChildren(QLabel) if e.objectName().endswith("_error")
                           and e.isVisible())
        if dialog.isVisible():
            dialog.reject()

    QTimer.singleShot(0, fill)


def test_add_a_project_through_the_dialog_and_undo_it(qtbot, open_window, year_db, db_path):
    window = open_window(db_path, IN_FY2025)
    _open_section(qtbot, window, "事業・会議")
    table = window.findChild(QTableView, "projects_table")
    assert table.model().rowCount() == 2
    add = window.findChild(QPushButton, "projects_add")

    errors: list[str] = []
    _fill_dialog(qtbot, {"name": "", "budget": "abc"}, errors)
    qtbot.mouseClick(add, Qt.MouseButton.LeftButton)
    assert any("事業名を入力してください" in e for e in errors) and any("予算額" in e for e in errors)
    assert table.model().rowCount() == 2

    errors.clear()
    _fill_dialog(qtbot, {"name": "子ども体験教室", "budget": "45,000", "start_on": "R7.8.1"}, errors)
    qtbot.mouseClick(add, Qt.MouseButton.LeftButton)
    assert errors == []
    names = [table.model().index(r, 0).data() for r in range(table.model().rowCount())]
    assert "子ども体験教室" in names
    # The 決算額 total is the sum of the 決算額 column as the table shows it.
    settled_column = next(c for c in range(table.model().columnCount())
                          if table.model().headerData(c, Qt.Orientation.Horizontal) == "決算額")
    settled = sum(int((table.model().index(r, settled_column).data() or "0").replace(",", ""))
                  for r in range(table.model().rowCount()))
    assert settled > 0
    assert window.findChild(QLabel, "projects_summary").text() == (
        f"事業 3件　予算額 合計 125,000円　決算額 合計 {settled:,}円")

    _click_row(qtbot, table, "子ども体験教室")  # focus on the list, not in a text field with its own undo
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # the closed dialog hands the keyboard back
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert table.model().rowCount() == 2


def test_meetings_tab_shows_the_counts(qtbot, open_window, year_db, db_path):
    window = open_window(db_path, IN_FY2025)
    _open_section(qtbot, window, "事業・会議")
    summary = window.findChild(QLabel, "meetings_summary")
    assert summary.text() == "会議・話し合い 5回（総会 1回・部会 3回・ワークショップ 1回）"
    meetings = window.findChild(QTableView, "meetings_table")
    _click_row(qtbot, meetings, "2025/05/10")
    answer_message_box(QMessageBox.StandardButton.No)  # asked first: nothing goes
    qtbot.mouseClick(window.findChild(QPushButton, "meetings_delete"), Qt.MouseButton.LeftButton)
    assert summary.text().startswith("会議・話し合い 5回")
    answer_message_box(QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(window.findChild(QPushButton, "meetings_delete"), Qt.MouseButton.LeftButton)
    assert summary.text() == "会議・話し合い 4回（部会 3回・ワークショップ 1回）"
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # the closed question hands the keyboard back
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert summary.text().startswith("会議・話し合い 5回")


def test_a_long_name_does_not_push_the_other_columns_away(qtbot, open_window, year_db, db_path) -> None:
    from app.services.projects.projects import ProjectData, create_project

    long_name = "地域の歴史と文化を次の世代に伝えるための聞き取り調査と記録集づくり事業"
    create_project(year_db[0], FY2025, ProjectData(name=long_name, item_code="1-1"))
    window = open_window(db_path, IN_FY2025)
    _open_section(qtbot, window, "事業・会議")
    view = window.findChild(QTableView, "projects_table")
    model = view.model()
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == long_name)
    assert view.columnWidth(0) < view.fontMetrics().horizontalAdvance(long_name)  # cut off on screen…
    assert model.index(row, 0).data(Qt.ItemDataRole.ToolTipRole) == long_name  # …and whole in the tooltip
