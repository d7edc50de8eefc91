"""The 予算（案） dialog shows each 款・項 above the 目 under it, with the sum of what is typed in its 目
(bold, read-only, skipped by Tab), as the 予算 tab does; only the 目 are saved."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QPushButton

from app.services.accounts.budget_drafts import budget_draft
from app.services.accounts.budgets import save_budget
from app.services.accounts.categories import add_category
from app.services.accounts.common import EXPENSE
from app.services.projects.plans import make_next_plan
from tests.helpers.qt_dialogs import when_modal
from tests.helpers.qt_typing import replace_text
from tests.plans.conftest import FY2025, FY2026
from tests.projects.test_ui import _open_section


def _labels(dialog: QDialog) -> list[QLabel]:
    form = dialog.form
    return [form.itemAt(r, QFormLayout.ItemRole.LabelRole).widget() for r in range(form.rowCount())]


def test_draft_budget_subtotals_follow_typing(qtbot, open_window, year_db, cats, db_path) -> None:
    db, _ids = year_db
    kan = add_category(db, EXPENSE, "事務費", heading=True).value
    kou = add_category(db, EXPENSE, "事務局費", heading=True, parent_id=kan.id).value
    copies = add_category(db, EXPENSE, "コピー代", parent_id=kou.id).value
    stamps = add_category(db, EXPENSE, "切手代", parent_id=kou.id).value
    save_budget(db, FY2025, {cats["会費"]: 200_000, cats["光熱水費"]: 150_000, copies.id: 30_000, stamps.id: 20_000})
    make_next_plan(db, FY2025)  # the 予算（案） of 令和8年度 starts from this year's budget

    window = open_window(db_path, date(2026, 4, 10))
    _open_section(qtbot, window, "事業・会議")
    seen: dict[str, object] = {}

    def edit(dialog: QDialog) -> None:
        labels = _labels(dialog)
        first_lines = [label.text().split("\n")[0] for label in labels]
        rows = {text.split("・")[-1]: i for i, text in enumerate(first_lines)}
        seen["order"] = [rows[n] for n in ("事務費", "事務局費", "コピー代", "切手代")]
        seen["headings"] = (first_lines[rows["事務費"]], first_lines[rows["事務局費"]])
        seen["bold"] = labels[rows["事務局費"]].font().bold(), labels[rows["コピー代"]].font().bold()
        seen["indent"] = [labels[rows[n]].indent() for n in ("事務費", "事務局費", "コピー代")]
        kou_sum = dialog.findChild(QLineEdit, f"subtotal_c{kou.id}")
        kan_sum = dialog.findChild(QLineEdit, f"subtotal_c{kan.id}")
        seen["start"] = kou_sum.text(), kan_sum.text()
        copies_field = dialog.findChild(QLineEdit, f"field_c{copies.id}")
        replace_text(qtbot, copies_field, "12,000")
        seen["one"] = kou_sum.text(), kan_sum.text()
        qtbot.keyClick(copies_field, Qt.Key.Key_Tab)  # Tab goes on to the next 目
        seen["tab"] = dialog.focusWidget().objectName()
        replace_text(qtbot, dialog.findChild(QLineEdit, f"field_c{stamps.id}"), "3000")
        seen["two"] = kou_sum.text(), kan_sum.text()
        seen["read_only"] = kan_sum.isReadOnly()
        seen["balance"] = dialog.findChild(QLabel, "budget_draft_balance").text()
        qtbot.mouseClick(dialog.findChild(QPushButton, "entry_save"), Qt.MouseButton.LeftButton)

    when_modal(edit)
    qtbot.mouseClick(window.findChild(QPushButton, "plan_budget"), Qt.MouseButton.LeftButton)
    order = seen["order"]
    assert order == sorted(order) and len(set(order)) == 4  # 款, its 項, then the 目 under it
    assert seen["headings"] == ("支出（款）・事務費", "支出（項）・事務局費")
    assert seen["bold"] == (True, False)
    low, middle, high = seen["indent"]
    assert low == 0 < middle < high  # each level further in
    assert seen["start"] == ("50,000", "50,000")
    assert seen["one"] == ("32,000", "32,000")
    assert seen["tab"] == f"field_c{stamps.id}"
    assert seen["two"] == ("15,000", "15,000")
    assert seen["read_only"]
    assert "支出合計 165,000円" in seen["balance"]  # 光熱水費 150,000 + the two 目: each 目 once

    draft = budget_draft(window.ctx.db, FY2026)
    amounts = {ln.category_id: ln.amount for ln in draft.lines}
    assert amounts[copies.id] == 12_000 and amounts[stamps.id] == 3_000
    assert kan.id not in amounts and kou.id not in amounts  # a 款・項 takes no amount of its own
