"""The 総会 season's other forms, clicked through as staff would: the 予算（案） beside this year's
決算見込み, the question before an unusual approval, and the 議案の順と題 and 規約 that shape the pack."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QMessageBox, QPlainTextEdit, QPushButton

from app.services.accounts.budget_drafts import budget_drafts
from app.services.accounts.ledger import EntryInput, add_entry
from app.services.projects.plans import make_next_plan, plan_status
from app.services.reports import export_report
from app.services.settings import BYLAWS, PACK_PARTS, read_setting
from tests.helpers.pdf_text import pdf_pages
from tests.helpers.qt_dialogs import answer, when_modal
from tests.helpers.qt_typing import replace_text, type_text
from tests.plans.conftest import FY2025, FY2026
from tests.projects.test_ui import _open_section

IN_APRIL = date(2026, 4, 10)


def _type_lines(qtbot, edit: QPlainTextEdit, lines: list[str]) -> None:
    """Replace a multi-line text as typed: one line, Enter, the next."""
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    for n, line in enumerate(lines):
        if n:
            qtbot.keyClick(edit, Qt.Key.Key_Return)
        type_text(qtbot, edit, line)


def _undo(qtbot, window) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)


def test_the_draft_shows_this_years_outlook_and_can_start_from_it(qtbot, open_window, budget_db, cats, db_path) -> None:
    db, _ = budget_db
    add_entry(db, FY2025, EntryInput(date(2025, 12, 1), "expense", cats["光熱水費"], 650_000))  # beyond its 600,000
    make_next_plan(db, FY2025)
    window = open_window(db_path, IN_APRIL)
    _open_section(qtbot, window, "事業・会議")
    labels: list[str] = []
    balances: list[str] = []

    def start_from_outlook(dialog: QDialog) -> None:
        labels.extend(f.label for f in dialog.fields)
        qtbot.mouseClick(dialog.findChild(QPushButton, "budget_draft_outlook"), Qt.MouseButton.LeftButton)
        field = next(f.name for f in dialog.fields if f.label.startswith("支出・光熱水費"))
        assert dialog.findChild(QLineEdit, f"field_{field}").text() == "650,000"
        balances.append(dialog.findChild(QLabel, "budget_draft_balance").text())
        qtbot.mouseClick(dialog.findChild(QPushButton, "entry_save"), Qt.MouseButton.LeftButton)

    when_modal(start_from_outlook)
    qtbot.mouseClick(window.findChild(QPushButton, "plan_budget"), Qt.MouseButton.LeftButton)
    assert "支出・光熱水費\n　前年度 600,000円・決算見込み 650,000円" in labels
    assert "収入・会費\n　前年度 200,000円・決算見込み 200,000円" in labels
    assert "支出合計 1,050,000円" in balances[0]
    draft = {ln.name: ln.amount for ln in budget_drafts(db, FY2026)[0].lines}
    assert draft["光熱水費"] == 650_000 and draft["事業費"] == 400_000 and draft["会費"] == 200_000

    _undo(qtbot, window)  # 元に戻す: the draft as it was made
    assert {ln.name: ln.amount for ln in budget_drafts(db, FY2026)[0].lines}["光熱水費"] == 600_000


def test_an_unbalanced_draft_and_a_late_meeting_are_asked_about_first(qtbot, open_window, budget_db, cats,
                                                                      db_path) -> None:
    db, _ = budget_db
    make_next_plan(db, FY2025)
    from app.services.accounts.budget_drafts import save_budget_draft

    save_budget_draft(db, FY2026, {cats["会費"]: 260_000})  # 収入 60,000 more than 支出
    window = open_window(db_path, IN_APRIL)
    _open_section(qtbot, window, "事業・会議")
    approve = window.findChild(QPushButton, "plan_approve")

    def on_day(text: str):
        def act(dialog: QDialog) -> None:
            replace_text(qtbot, dialog.findChild(QLineEdit, "field_approved_on"), text)
            qtbot.mouseClick(dialog.findChild(QPushButton, "entry_save"), Qt.MouseButton.LeftButton)
        return act

    asked: list[str] = []
    when_modal(on_day("2026/7/20"))
    when_modal(answer("No", asked), QMessageBox)
    qtbot.mouseClick(approve, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(asked))
    assert "収入" in asked[0] and "60,000" in asked[0]  # the balance, named
    assert "令和8年7月20日" in asked[0] and "第1四半期" in asked[0]
    assert plan_status(db, FY2026).is_draft and approve.isEnabled()  # いいえ: nothing changed

    asked.clear()
    done: list[str] = []
    when_modal(on_day("2026/7/20"))

    def yes_then_ok(box: QMessageBox) -> None:
        when_modal(answer("OK", done), QMessageBox)  # the box that says it is done comes next
        answer("Yes", asked)(box)

    when_modal(yes_then_ok, QMessageBox)
    qtbot.mouseClick(approve, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(done))
    assert "承認済みにしました" in done[0]
    assert plan_status(db, FY2026).approved_on == date(2026, 7, 20)


def test_the_parts_and_bylaws_forms_shape_the_printed_pack(qtbot, open_window, officers_db, db_path,
                                                            tmp_path: Path) -> None:
    db, _ = officers_db
    make_next_plan(db, FY2025)
    window = open_window(db_path, IN_APRIL)
    _open_section(qtbot, window, "事業・会議")
    before = read_setting(db, PACK_PARTS)
    errors: list[str] = []

    def order(lines: list[str]):
        def act(dialog: QDialog) -> None:
            _type_lines(qtbot, dialog.findChild(QPlainTextEdit, "field_parts"), lines)
            qtbot.mouseClick(dialog.findChild(QPushButton, "entry_save"), Qt.MouseButton.LeftButton)
            if dialog.isVisible():  # refused: the message under the field, nothing stored
                errors.append(dialog.findChild(QLabel, "field_parts_error").text())
                dialog.reject()
        return act

    when_modal(order(["事業報告", "会計報告"]))
    qtbot.mouseClick(window.findChild(QPushButton, "pack_parts"), Qt.MouseButton.LeftButton)
    assert errors and "2行目の「会計報告」は議案の名前ではありません" in errors[0]
    assert read_setting(db, PACK_PARTS) == before

    when_modal(order(["事業計画=令和8年度事業計画（案）の承認について", "予算", "事業報告"]))
    qtbot.mouseClick(window.findChild(QPushButton, "pack_parts"), Qt.MouseButton.LeftButton)
    assert read_setting(db, PACK_PARTS)[0] == "事業計画=令和8年度事業計画（案）の承認について"

    def bylaws(dialog: QDialog) -> None:
        _type_lines(qtbot, dialog.findChild(QPlainTextEdit, "field_text"),
                    ["第1条 この会は、ひばり野地域協働体という。", "第2条 この会は、地域の課題を話し合う。"])
        qtbot.mouseClick(dialog.findChild(QPushButton, "entry_save"), Qt.MouseButton.LeftButton)

    when_modal(bylaws)
    qtbot.mouseClick(window.findChild(QPushButton, "pack_bylaws"), Qt.MouseButton.LeftButton)
    assert read_setting(db, BYLAWS).startswith("第1条 この会は")

    pages = pdf_pages(export_report(db, "pack", FY2025, "pdf", tmp_path / "pack.pdf"))
    contents = " ".join(ln.text for ln in pages[1])
    first, second = contents.index("第1号議案"), contents.index("第2号議案")
    assert "令和8年度事業計画（案）の承認について" in contents[first:second]
    assert "予算" in contents[second:contents.index("第3号議案")]
    assert "決算報告" not in contents and "規約" in contents
    last = [ln.text.replace(" ", "") for ln in pages[-1]]
    assert "第2条この会は、地域の課題を話し合う。" in last

    _undo(qtbot, window)  # the 規約 as it was: none
    assert read_setting(db, BYLAWS) == ""
    _undo(qtbot, window)
    assert read_setting(db, PACK_PARTS) == before
