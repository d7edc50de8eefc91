"""The 総会 season in the window, clicked through as staff would: make next year's drafts, edit one
project, approve at the 総会, print the 議案書."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QTableView,
)

from app.services.accounts.budgets import list_budget_versions
from app.services.members.officers import officers_as_of
from app.services.projects.plans import plan_status
from app.services.projects.projects import list_projects
from tests.helpers.pdf_text import all_text, pdf_pages
from tests.helpers.qt_dialogs import answer as _answer
from tests.helpers.qt_dialogs import when_modal
from tests.helpers.qt_typing import replace_text, type_text
from tests.plans.conftest import FY2026
from tests.projects.test_ui import _click_row, _open_section

IN_FY2025 = date(2025, 10, 1)


def _when_modal(qtbot, act, kind: type = QDialog) -> None:
    """Run `act(widget)` on the next modal window of `kind` that opens (a dialog, a message box)."""
    when_modal(act, kind)


def _fill_and_save(qtbot, values: dict[str, str]):
    def act(dialog: QDialog) -> None:
        for name, text in values.items():
            replace_text(qtbot, dialog.findChild(QLineEdit, f"field_{name}"), text)
        qtbot.mouseClick(dialog.findChild(QPushButton, "entry_save"), Qt.MouseButton.LeftButton)
    return act


def _choose(qtbot, combo: QComboBox, text: str) -> None:
    """Pick an entry with the arrow keys, as a keyboard user does."""
    combo.setFocus()
    for _ in range(combo.count()):
        if combo.currentText() == text:
            return
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentText() == text


def test_make_drafts_edit_approve_and_print(qtbot, open_window, officers_db, db_path, tmp_path: Path) -> None:
    window = open_window(db_path, IN_FY2025)
    _open_section(qtbot, window, "事業・会議")
    state = window.findChild(QLabel, "plan_state")
    assert "直接登録されています" in state.text()

    seen: list[str] = []
    _when_modal(qtbot, _answer("Yes", seen), QMessageBox)  # switch to 令和8年度 to edit the drafts
    qtbot.mouseClick(window.findChild(QPushButton, "plan_next"), Qt.MouseButton.LeftButton)
    assert "令和8年度の事業計画（案）・予算（案）・役員改選（案）を作りました" in seen[0]
    qtbot.waitUntil(lambda: window.ctx.fiscal_year == FY2026)
    assert "令和8年度の事業計画: 案" in state.text()
    table = window.findChild(QTableView, "projects_table")
    assert sorted(table.model().index(r, 0).data() for r in range(table.model().rowCount())) == ["歴史講座", "見守り活動"]

    _click_row(qtbot, table, "見守り活動")
    _when_modal(qtbot, _fill_and_save(qtbot, {"name": "見守り活動・拡充", "budget": "60,000"}))
    qtbot.mouseClick(window.findChild(QPushButton, "projects_edit"), Qt.MouseButton.LeftButton)
    names = [table.model().index(r, 0).data() for r in range(table.model().rowCount())]
    assert "見守り活動・拡充" in names
    assert {p.name: p.data.budget for p in list_projects(window.ctx.db, FY2026)}["見守り活動・拡充"] == 60_000

    # the 予算（案）: 会費 up by 50,000, 事業費 up as much (it still balances)
    def edit_budget(dialog: QDialog) -> None:
        fields = {f.label: f.name for f in dialog.fields}  # the labels the form shows beside each field
        for label, text in (("収入・会費", "250,000"), ("支出・事業費", "450,000")):
            name = next(n for lab, n in fields.items() if lab.startswith(label))
            replace_text(qtbot, dialog.findChild(QLineEdit, f"field_{name}"), text)
        seen.append(dialog.findChild(QLabel, "budget_draft_balance").text())
        qtbot.mouseClick(dialog.findChild(QPushButton, "entry_save"), Qt.MouseButton.LeftButton)

    seen.clear()
    _when_modal(qtbot, edit_budget)
    qtbot.mouseClick(window.findChild(QPushButton, "plan_budget"), Qt.MouseButton.LeftButton)
    assert seen == ["収入合計 1,050,000円　支出合計 1,050,000円　差引 0円"]

    # 役員改選（案）: 会計 goes to the newcomer
    def choose_treasurer(dialog: QDialog) -> None:
        seen.extend(f.label for f in dialog.fields)
        combo = next(c for c in dialog.findChildren(QComboBox) if c.currentText() == "架空 一郎")
        _choose(qtbot, combo, "新人 三郎")
        qtbot.mouseClick(dialog.findChild(QPushButton, "entry_save"), Qt.MouseButton.LeftButton)

    seen.clear()
    _when_modal(qtbot, choose_treasurer)
    qtbot.mouseClick(window.findChild(QPushButton, "plan_officers"), Qt.MouseButton.LeftButton)
    assert "会計（現在 架空 一郎・新しい任期 令和8年4月1日〜令和10年3月31日）" in seen  # who ends, the new term

    approve = window.findChild(QPushButton, "plan_approve")
    assert approve.isEnabled()
    seen.clear()
    _when_modal(qtbot, _fill_and_save(qtbot, {"approved_on": "2026/5/16", "place": "ひばり野市民センター"}))
    _when_modal(qtbot, _answer("OK", seen), QMessageBox)
    qtbot.mouseClick(approve, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(seen))
    assert "承認済みにしました" in seen[0]
    assert "承認済み（令和8年5月16日 総会）" in state.text() and not approve.isEnabled()
    versions = list_budget_versions(window.ctx.db, FY2026)
    assert [v.label for v in versions] == ["当初予算"] and sum(versions[0].amounts.values()) == 2_100_000
    in_office = {t.person_name: t.post_name for t in officers_as_of(window.ctx.db, date(2026, 6, 1))}
    assert in_office == {"試験 花子": "会長", "新人 三郎": "会計"}
    assert plan_status(window.ctx.db, FY2026).meeting_place == "ひばり野市民センター"

    out = tmp_path / "議案書.pdf"

    def export(dialog: QDialog) -> None:
        qtbot.mouseClick(dialog.findChild(QRadioButton, "export_format_pdf"), Qt.MouseButton.LeftButton)
        path = dialog.findChild(QLineEdit, "export_path")
        path.clear()
        type_text(qtbot, path, str(out))
        _when_modal(qtbot, _answer("閉じる", seen), QMessageBox)
        qtbot.mouseClick(dialog.findChild(QPushButton, "export_ok"), Qt.MouseButton.LeftButton)

    seen.clear()
    _when_modal(qtbot, export)
    qtbot.mouseClick(window.findChild(QPushButton, "print_pack"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(seen) and out.exists(), timeout=20_000)
    text = all_text(pdf_pages(out))
    assert "第4号議案 令和8年度 事業計画" in text and "見守り活動・拡充" in text
    assert "令和8年5月16日 総会で承認" in text and "会場 ひばり野市民センター" in text.replace("　", " ")


def test_adding_a_project_to_an_approved_year_asks_first_and_is_in_the_history(
        qtbot, open_window, officers_db, db_path) -> None:
    from app.services.projects.approval import approve_plan
    from app.services.projects.plans import make_next_plan
    from tests.safety.test_safety_in_window import _history_rows

    db, _ = officers_db
    make_next_plan(db, FY2026.previous())
    approve_plan(db, FY2026, date(2026, 5, 16))
    window = open_window(db_path, date(2026, 6, 1))
    _open_section(qtbot, window, "事業・会議")
    table = window.findChild(QTableView, "projects_table")
    add = window.findChild(QPushButton, "projects_add")
    shown = ["歴史講座", "見守り活動"]
    assert sorted(table.model().index(r, 0).data() for r in range(table.model().rowCount())) == shown

    seen: list[str] = []
    _when_modal(qtbot, _answer("No", seen), QMessageBox)
    qtbot.mouseClick(add, Qt.MouseButton.LeftButton)
    assert seen and "承認済み" in seen[0] and "変更しますか" in seen[0]
    assert QApplication.activeModalWidget() is None  # no form: nothing to add
    assert sorted(p.name for p in list_projects(window.ctx.db, FY2026)) == shown

    seen.clear()
    _when_modal(qtbot, _answer("Yes", seen), QMessageBox)
    _when_modal(qtbot, _fill_and_save(qtbot, {"name": "防災訓練"}))
    qtbot.mouseClick(add, Qt.MouseButton.LeftButton)
    assert seen and "承認済み" in seen[0]
    qtbot.waitUntil(lambda: table.model().rowCount() == 3)
    assert "防災訓練" in [p.name for p in list_projects(window.ctx.db, FY2026)]

    _click_row(qtbot, table, "防災訓練")
    qtbot.mouseClick(window.findChild(QPushButton, "projects_history"), Qt.MouseButton.LeftButton)
    assert ("事業名", "", "防災訓練") in _history_rows(window)


def test_saving_over_an_approved_budget_asks_first(qtbot, open_window, officers_db, db_path) -> None:
    from PySide6.QtWidgets import QTabWidget

    from app.services.projects.approval import approve_plan
    from app.services.projects.plans import make_next_plan
    from tests.ui.test_save_state import FIRST_ITEM, _type_budget

    db, _ = officers_db
    make_next_plan(db, FY2026.previous())
    approve_plan(db, FY2026, date(2026, 5, 16))
    approved = list_budget_versions(db, FY2026)[0].amounts
    window = open_window(db_path, date(2026, 6, 1))
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)  # 表示 > 管理費
    tabs = window.findChild(QTabWidget, "accounts_tabs")
    _type_budget(qtbot, tabs, FIRST_ITEM, "123456")

    seen: list[str] = []
    _when_modal(qtbot, _answer("No", seen), QMessageBox)
    qtbot.mouseClick(tabs.findChild(QPushButton, "budget_save"), Qt.MouseButton.LeftButton)
    assert seen and "令和8年度の事業計画は承認済み" in seen[0]
    assert list_budget_versions(window.ctx.db, FY2026)[0].amounts == approved
    assert "未保存の変更があります" in tabs.findChild(QLabel, "budget_state").text()

    seen.clear()
    _when_modal(qtbot, _answer("Yes", seen), QMessageBox)
    qtbot.mouseClick(tabs.findChild(QPushButton, "budget_save"), Qt.MouseButton.LeftButton)
    assert seen
    assert 123_456 in list_budget_versions(window.ctx.db, FY2026)[0].amounts.values()
    assert tabs.findChild(QLabel, "budget_state").text() == "保存済み"
