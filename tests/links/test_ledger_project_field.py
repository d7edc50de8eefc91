"""The cash-book form's 事業 field: typing part of a project's name links the entry, and the
project list shows its 決算額 coming from the cash book (undo gives the entered amount back)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QTableView

from tests.helpers.qt_typing import replace_text, type_text
from tests.projects.test_ui import _open_section


def _project_row(window, name: str) -> dict[str, str]:
    model = window.findChild(QTableView, "projects_table").model()
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == name)
    return {h: model.index(row, c).data() for c, h in enumerate(headers)}


def test_an_expense_typed_with_its_project_becomes_the_projects_settled_cost(qtbot, open_window, year_db, db_path):
    window = open_window(db_path, date(2025, 10, 1))
    _open_section(qtbot, window, "事業・会議")
    assert (_project_row(window, "見守り活動")["決算額"], _project_row(window, "見守り活動")["決算額の根拠"]) == (
        "40,000", "入力")

    _open_section(qtbot, window, "管理費")
    field = {name: window.findChild(QLineEdit, f"entry_{name}") for name in
             ("date", "category", "amount", "description", "counterparty", "project", "voucher")}
    replace_text(qtbot, field["date"], "2025/6/1")
    qtbot.keyClick(field["date"], Qt.Key.Key_Return)
    type_text(qtbot, field["category"], "事業費")
    qtbot.keyClick(field["category"], Qt.Key.Key_Return)
    type_text(qtbot, field["amount"], "12,000")
    qtbot.keyClick(field["amount"], Qt.Key.Key_Return)
    type_text(qtbot, field["description"], "見守り用の反射材")
    qtbot.keyClick(field["description"], Qt.Key.Key_Return)
    qtbot.keyClick(field["counterparty"], Qt.Key.Key_Return)
    assert field["project"].hasFocus()
    type_text(qtbot, field["project"], "見守")  # part of the name: the only project that has it
    qtbot.keyClick(field["project"], Qt.Key.Key_Return)
    assert field["project"].text() == "見守り活動"
    qtbot.keyClick(window.findChild(QComboBox, "entry_method"), Qt.Key.Key_Return)
    qtbot.keyClick(field["voucher"], Qt.Key.Key_Return)

    ledger = window.findChild(QTableView, "ledger_table").model()
    project = next(c for c in range(ledger.columnCount())
                   if ledger.headerData(c, Qt.Orientation.Horizontal) == "事業")  # the column headed 事業
    assert ledger.index(ledger.rowCount() - 1, project).data() == "見守り活動"
    _open_section(qtbot, window, "事業・会議")
    row = _project_row(window, "見守り活動")
    assert (row["決算額"], row["決算額の根拠"]) == ("12,000", "出納簿")

    window.ctx.undo_stack.undo()  # the Edit menu's 元に戻す
    row = _project_row(window, "見守り活動")
    assert (row["決算額"], row["決算額の根拠"]) == ("40,000", "入力")
