"""The layout self-check reports an amount column too narrow for its numbers (「14,41…」 is a wrong
amount), as it reports a heading cut short; text columns may still end in 「…」."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtWidgets import QTableView, QVBoxLayout, QWidget

from app.ui.layout_check import check_tree
from app.ui.table_model import ColumnSpec, RowTableModel


def test_an_amount_cut_short_is_a_problem_and_a_whole_one_is_not(qtbot) -> None:
    page = QWidget()
    view = QTableView(objectName="amounts")
    model = RowTableModel([ColumnSpec("name", "費目"), ColumnSpec("amount", "予算額", "yen")],
                          [{"name": "指定管理料（市からの管理費）", "amount": 14_410_000}])
    view.setModel(model)
    QVBoxLayout(page).addWidget(view)
    qtbot.addWidget(page)
    page.resize(600, 300)
    page.show()
    qtbot.waitExposed(page)
    screen = QRect(0, 0, 1366, 768)

    view.horizontalHeader().resizeSection(0, 40)  # the name ends in 「…」: allowed
    view.horizontalHeader().resizeSection(1, view.horizontalHeader().fontMetrics().horizontalAdvance("予算額") + 16)
    problems = [f.problem for f in check_tree(page, "試験", screen)]
    assert any("金額が切れています: 予算額" in p for p in problems), problems

    view.resizeColumnToContents(1)
    assert not [f for f in check_tree(page, "試験", screen) if "金額" in f.problem]
