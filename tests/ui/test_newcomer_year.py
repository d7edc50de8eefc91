"""A newcomer's year from the window alone (issue 11): the keyboard and mouse as a person uses them.

First start on a file that does not exist yet → 団体情報 → last year's 名簿 from the office's own
Excel → 役員 → three 事業 → 予算 → 20 lines of the 現金出納簿 → 自己評価 of the three 事業 → 提出.
Every click, key and field typed goes through tests/helpers/user_actions.py, and the test prints
the figures per step; the bounds fail when a step takes far more work than it should (a dialog per
cash-book field, a click per grade). At the end it checks what the user sees: the lists, and the
cells of the submission workbook.
"""

from __future__ import annotations

from datetime import date

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QWidget,
)

from tests.fixtures.make_office_files import body_roster
from tests.helpers.qt_dialogs import in_dialog
from tests.helpers.user_actions import UserActions

ENTER = Qt.Key.Key_Return

# (month, day, 費目 as typed — the start is enough, 摘要, amount, 事業 or "")
LEDGER = [
    (4, 1, "指定管理", "第1四半期分", "375000", ""),
    (4, 5, "会費", "年会費（構成団体）", "60000", ""),
    (4, 10, "消耗", "コピー用紙", "3280", ""),
    (4, 10, "光熱", "電気料金4月分", "24500", ""),
    (4, 25, "人件", "事務員賃金4月分", "75000", ""),
    (5, 12, "通信", "電話料金", "6820", ""),
    (5, 20, "光熱", "電気料金5月分", "21300", ""),
    (5, 25, "人件", "事務員賃金5月分", "75000", ""),
    (6, 2, "修繕", "網戸の張り替え", "18700", ""),
    (6, 25, "人件", "事務員賃金6月分", "75000", ""),
    (7, 1, "指定管理", "第2四半期分", "375000", ""),
    (7, 10, "施設使用", "和室使用料", "4000", ""),
    (7, 15, "事業費", "夏まつり 景品", "42000", "夏まつり"),
    (7, 15, "事業費", "夏まつり テント借上", "38000", "夏まつり"),
    (7, 25, "人件", "事務員賃金7月分", "75000", ""),
    (8, 20, "事業費", "見守り 訪問用品", "12400", "見守り"),
    (8, 25, "人件", "事務員賃金8月分", "75000", ""),
    (9, 6, "事業費", "体験教室 材料", "9800", "体験教室"),
    (9, 25, "人件", "事務員賃金9月分", "75000", ""),
    (9, 30, "雑費", "振込手数料", "660", ""),
]
BUDGET = {  # 費目 → 予算額: income and expense balance at 1,590,000
    "指定管理料（市からの管理費）": "1500000", "会費": "60000", "施設使用料": "30000",
    "人件費": "900000", "光熱水費": "300000", "消耗品費": "80000", "通信運搬費": "70000", "修繕費": "60000",
    "事業費": "160000", "雑費": "20000",
}
PROJECTS = [("ひばり野夏まつり", "120000"), ("高齢者見守り活動", "30000"), ("子ども体験教室", "10000")]
GRADES = {"ひばり野夏まつり": "aab", "高齢者見守り活動": "bbc", "子ども体験教室": "abb"}  # first three, the rest "b"


def answer(user: UserActions, seen: list[str]) -> None:
    """Read the next message box and click its OK (counted)."""

    def click() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, click)
            return
        seen.append(box.text())
        user.click(box.button(QMessageBox.StandardButton.Ok))

    QTimer.singleShot(0, click)


def texts(view: QTableView, column: int) -> list[str]:
    model = view.model()
    return [model.index(r, column).data() for r in range(model.rowCount())]


def row_of(view: QTableView, column: int, text: str) -> int:
    return next(r for r, t in enumerate(texts(view, column)) if t and t.strip().startswith(text))


@pytest.fixture
def first_start(qtbot, tmp_path):
    """The window as `kyodo-desk` opens it the first time: a database file that does not exist yet."""
    from app.services.fiscal_years import selected_fiscal_year
    from app.services.office import Office
    from app.ui.context import AppContext
    from app.ui.main_window import MainWindow

    office = Office.open(tmp_path / "kyodo.sqlite")
    window = MainWindow(AppContext(office, selected_fiscal_year(office.db)))
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    yield window
    office.close()


def grade_fields(qtbot, window: QWidget) -> list[QLineEdit]:
    """The grade fields of the target just chosen, once the panel shows them."""

    def shown() -> list[QLineEdit]:
        return [w for w in window.findChildren(QLineEdit) if w.objectName().startswith("grade_") and w.isVisible()]

    qtbot.waitUntil(lambda: bool(shown()))
    return shown()


def back_to(qtbot, window: QWidget) -> None:
    # the offscreen platform does not hand activation back to the window when a dialog closes
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def test_a_newcomers_year_from_the_window_alone(qtbot, first_start, tmp_path) -> None:
    window = first_start
    user = UserActions(qtbot)
    year = window.ctx.fiscal_year
    y = year.start.year
    find = window.findChild

    # -- 団体情報: the window opens on it ----------------------------------------------------------
    user.begin("団体情報")
    name = find(QLineEdit, "profile_name")
    assert name.isVisible() and name.text() == ""
    user.click(name)
    for text, next_field in (("ひばり野地域協働体", "profile_centre_name"), ("ひばり野市民センター", "profile_area")):
        user.type(QApplication.focusWidget(), text)
        user.key(QApplication.focusWidget(), Qt.Key.Key_Tab)
        assert QApplication.focusWidget().objectName() == next_field
    user.type(find(QComboBox, "profile_area"), "一関")  # the combo finds 一関 as it is typed
    user.key(QApplication.focusWidget(), Qt.Key.Key_Tab)
    for text in ("高橋 和夫", "021-0000", "岩手県一関市上野原1番地", "0191-21-0000"):
        user.type(QApplication.focusWidget(), text)
        user.key(QApplication.focusWidget(), Qt.Key.Key_Tab)
    user.key(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # 保存する (Ctrl+S)
    assert find(QComboBox, "profile_area").currentText() == "一関"
    assert find(QLineEdit, "profile_phone").text() == "0191-21-0000"
    assert "保存" in find(QLabel, "profile_state").text()

    # -- 名簿: last year's Excel ---------------------------------------------------------------------
    user.begin("名簿の取り込み")
    roster = tmp_path / "令和6年度_名簿.xlsx"
    body_roster(roster)
    user.click_item(window.nav, "名簿")
    seen: list[str] = []
    summaries: list[str] = []

    def run_import(dialog: QWidget) -> None:
        path = dialog.findChild(QLineEdit, "import_path")
        user.click(path)
        user.type(path, str(roster))  # (or 「参照…」 and a double-click in the file dialog)
        user.key(path, ENTER)  # 「読み込んで確認」 is the default button
        summaries.append(dialog.findChild(QPlainTextEdit, "import_summary").toPlainText())
        answer(user, seen)  # 「取り込みました…」
        user.click(dialog.findChild(QPushButton, "import_commit"))

    in_dialog("import_commit", run_import)
    user.click(find(QPushButton, "members_import"))
    assert summaries[0].startswith("新規 10件、更新 0件、変更なし 0件、エラー 0件、警告 3件、読み飛ばし 2件")
    assert "ふりがなのない3件は読みを推定しました" in summaries[0]
    assert seen == ["取り込みました（新規 10件、更新 0件、変更なし 0件）"]
    organisations = find(QTableView, "organisations_table")
    assert texts(organisations, 1) == ["一関市消防団第5分団", "上野原自治会", "川口自治会", "坂下自治会",
                                       "ひばり寿会", "ひばり野小学校PTA"]  # 五十音 by ふりがな
    assert texts(organisations, 2)[0].endswith("（推定）")

    # -- 役員: 会長・会計・監事 from the imported people --------------------------------------------
    user.begin("役員")
    back_to(qtbot, window)
    tabs = find(QTabWidget, "members_tabs")
    user.click_tab(tabs, "役員")
    for post, person in (("会長", "高橋"), ("会計", "及川"), ("監事", "熊谷")):
        def add_term(dialog: QWidget, post: str = post, person: str = person) -> None:
            user.click(dialog.findChild(QComboBox, "term_post_id"))
            user.type(QApplication.focusWidget(), post)  # the open list jumps to what is typed
            user.key(QApplication.focusWidget(), ENTER)
            user.click(dialog.findChild(QComboBox, "term_person_id"))
            user.type(QApplication.focusWidget(), person)
            user.key(QApplication.focusWidget(), ENTER)
            assert dialog.findChild(QLineEdit, "term_start_on").text() == f"{y}/04/01"  # the year's start
            user.click(dialog.findChild(QPushButton, "term_ok"))

        in_dialog("term_ok", add_term)
        user.click(find(QPushButton, "officers_add"))
        back_to(qtbot, window)
    officers = find(QTableView, "officers_table")
    assert sorted(zip(texts(officers, 0), texts(officers, 1), strict=True)) == [
        ("会計", "及川 恵子"), ("会長", "高橋 和夫"), ("監事", "熊谷 勇")]

    # -- 事業: three projects ---------------------------------------------------------------------------
    user.begin("事業")
    user.click_item(window.nav, "事業・会議")
    for project, budget in PROJECTS:
        def add_project(dialog: QWidget, project: str = project, budget: str = budget) -> None:
            name_field = dialog.findChild(QLineEdit, "field_name")
            user.click(name_field)
            user.type(name_field, project)
            budget_field = dialog.findChild(QLineEdit, "field_budget")
            user.click(budget_field)
            user.type(budget_field, budget)
            user.click(dialog.findChild(QPushButton, "entry_save"))

        in_dialog("field_budget", add_project)
        user.click(find(QPushButton, "projects_add"))
        back_to(qtbot, window)
    assert sorted(texts(find(QTableView, "projects_table"), 0)) == sorted(p for p, _ in PROJECTS)

    # -- 予算: click the amount, type it, Enter ---------------------------------------------------------
    user.begin("予算")
    user.click_item(window.nav, "管理費")
    accounts_tabs = find(QTabWidget, "accounts_tabs")
    user.click_tab(accounts_tabs, "予算")
    budget_view = find(QTableView, "budget_table")
    for category, amount in BUDGET.items():
        row = row_of(budget_view, 1, category)
        user.click_row(budget_view, row, 2)
        user.type_in_cell(budget_view, amount)
    user.click(find(QPushButton, "budget_save"))
    assert find(QLabel, "budget_state").text() == "保存済み"
    assert find(QLabel, "budget_totals").text().startswith("収入合計 1,590,000円　支出合計 1,590,000円")

    # -- 現金出納簿: 20 lines by keyboard ---------------------------------------------------------------
    user.begin("出納簿 20行")
    user.click_tab(accounts_tabs, "現金出納簿")
    date_field = find(QLineEdit, "entry_date")
    user.click(date_field)
    last_date = None
    for month, day, category, description, amount, project in LEDGER:
        when = date(y if month >= 4 else y + 1, month, day)
        if when != last_date:
            if last_date is not None:  # after booking the cursor is in 費目: back one field to the date
                user.key(QApplication.focusWidget(), Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
            assert QApplication.focusWidget() is date_field
            user.retype(date_field, f"{month}/{day}")
            user.key(date_field, ENTER)
        last_date = when
        for text in (category, amount, description):
            user.type(QApplication.focusWidget(), text)
            user.key(QApplication.focusWidget(), ENTER)
        if project:
            user.key(QApplication.focusWidget(), ENTER)  # 相手先
            user.type(QApplication.focusWidget(), project)
        user.key(QApplication.focusWidget(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # 記帳
        assert find(QLabel, "entry_error").text() == "", (description, find(QLabel, "entry_error").text())
    ledger = find(QTableView, "ledger_table")
    assert ledger.model().rowCount() == 20
    assert texts(ledger, 0)[-1] == f"{y}/09/30" and texts(ledger, 10).count("ひばり野夏まつり") == 2  # 事業
    assert find(QLabel, "ledger_balance").text() == "残高 186,540円（20件）"

    user.begin("自己評価")
    user.click_item(window.nav, "事業・会議")  # each 事業's 決算額 is what the cash book spent on it
    projects = find(QTableView, "projects_table")
    settled = dict(zip(texts(projects, 0), texts(projects, 7), strict=True))
    assert settled == {"ひばり野夏まつり": "80,000", "高齢者見守り活動": "12,400", "子ども体験教室": "9,800"}

    # -- 自己評価: one key per grade -------------------------------------------------------------------
    user.click_item(window.nav, "自己評価")
    targets = find(QTableView, "evaluation_targets")
    for project, grades in GRADES.items():
        user.click_row(targets, row_of(targets, 0, project))
        fields = grade_fields(qtbot, window)
        back_to(qtbot, window)  # offscreen only: deleting the last target's rows hands activation elsewhere
        user.click(fields[0])
        for letter in grades.ljust(len(fields), "b"):
            user.key(QApplication.focusWidget(), getattr(Qt.Key, f"Key_{letter.upper()}"))
        direction = find(QComboBox, "direction")
        assert QApplication.focusWidget() is direction  # after the last grade: 次年度の方向性
        user.key(direction, Qt.Key.Key_Down)  # 継続
    # the body's own 行動基準 as well
    user.click_row(targets, row_of(targets, 0, "団体全体"))
    fields = grade_fields(qtbot, window)
    back_to(qtbot, window)
    user.click(fields[0])
    for _ in fields:
        user.key(QApplication.focusWidget(), Qt.Key.Key_B)
    graded = texts(targets, 1)
    assert all(graded), graded

    # -- 提出 --------------------------------------------------------------------------------------------
    user.begin("提出")
    user.click_item(window.nav, "提出")
    blocking = [label.text() for label in window.findChildren(QLabel, "check_blocking") if label.isVisible()]
    assert blocking == []
    warnings = [label.text() for label in window.findChildren(QLabel, "check_warning_text") if label.isVisible()]
    user.click(find(QWidget, "check_accept_all"))
    out = tmp_path / "提出"
    user.retype(find(QLineEdit, "submission_folder"), str(out))
    user.click(find(QPushButton, "submission_create"))
    result = find(QLabel, "submission_result")
    qtbot.waitUntil(lambda: "作成しました" in result.text(), timeout=60_000)

    # -- what the user has at the end ------------------------------------------------------------------
    print("\n" + user.summary())
    print("確認した警告: " + " / ".join(warnings))
    workbook = next(out.rglob("*.xlsx"))
    wb = load_workbook(workbook, data_only=True)  # the values a reader that does not recalculate sees
    cells = {ws.title: [[c for c in row if c is not None] for row in ws.iter_rows(values_only=True)]
             for ws in wb.worksheets}
    flat = {title: [c for row in rows for c in row] for title, rows in cells.items()}
    assert "ひばり野地域協働体" in flat["団体概要"]
    assert {"上野原自治会", "坂下自治会", "川口自治会", "ひばり寿会"} <= set(flat["構成団体"])
    assert {"会長", "高橋 和夫", "会計", "及川 恵子"} <= set(flat["役員"])
    assert set(p for p, _ in PROJECTS) <= set(flat["自己評価"])
    settlement = {row[0]: row[1:] for row in cells["収支決算書"] if row}
    assert settlement["収入合計"] == [1590000, 814000, -776000]  # 増減 = 決算−予算 (減は△)
    assert settlement["支出合計"] == [1590000, 627460, 962540]
    assert settlement["次年度繰越金"][-1] == 186540  # the cash book's balance

    # -- the work it took ---------------------------------------------------------------------------------
    steps = user.steps
    ledger_work = steps["出納簿 20行"]
    assert ledger_work["clicks"] <= 2  # the cash book is typed, not clicked
    assert UserActions.actions(ledger_work) <= 20 * 12  # about 11 a line; a dialog per field would be far more
    assert UserActions.actions(steps["自己評価"]) <= 4 * 12  # one key per grade
    assert UserActions.actions(steps["名簿の取り込み"]) <= 8
    assert UserActions.actions(user.total()) <= 400
