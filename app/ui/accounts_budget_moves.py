"""流用・充用 tab: budget moved between 目 after the budget was adopted (流用 within a 項, 予備費充用
from the 予備費), each with its reason; the 予算対比 shows the budgets after them. Adding and taking
back a move are undoable."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.dates import parse_date
from app.domain.money import format_yen
from app.services.accounts import operations as ops
from app.services.accounts.analysis import budget_vs_actual
from app.services.accounts.budget_moves import BudgetMoveInfo, list_budget_moves
from app.services.accounts.categories import list_categories
from app.services.accounts.common import EXPENSE
from app.services.records import EditConflict
from app.ui.context import AppContext
from app.ui.operations import perform
from app.ui.table_model import ColumnSpec, RowTableModel
from app.ui.widgets import FieldError


class BudgetMovesTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.model = RowTableModel([
            ColumnSpec("on_date", "日付", "date"), ColumnSpec("kind", "種類"), ColumnSpec("from_name", "流用元"),
            ColumnSpec("to_name", "流用先"), ColumnSpec("amount", "金額", "yen"), ColumnSpec("reason", "理由"),
        ])
        self.view = QTableView(objectName="budget_moves_table")
        self.view.setModel(self.model)
        self.view.verticalHeader().hide()
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.source = QComboBox(objectName="budget_move_from")
        self.target = QComboBox(objectName="budget_move_to")
        self.amount = QLineEdit(objectName="budget_move_amount", placeholderText="金額 例: 20000")
        self.reason = QLineEdit(objectName="budget_move_reason", placeholderText="理由 例: 灯油の値上がり")
        self.on_date = QLineEdit(objectName="budget_move_date", placeholderText="日付（任意） 例: 2025/12/1")
        self.left = QLabel(objectName="budget_move_left")  # what the giving 目 has left to give
        self.source.currentIndexChanged.connect(lambda _i: self._show_left())
        self.add_button = QPushButton("流用を記録", objectName="budget_move_add")
        self.add_button.clicked.connect(self.add)
        self.update_button = QPushButton("選んだ流用を直す", objectName="budget_move_update")
        self.update_button.clicked.connect(self.correct)
        self.delete_button = QPushButton("選んだ流用を取り消す", objectName="budget_move_delete")
        self.delete_button.clicked.connect(self.delete)
        self.view.clicked.connect(lambda _index: self._show_selected())
        self.error = FieldError()
        self._overwrite: tuple[int, int] | None = None  # (流用, version) another PC saved, as the user was told
        self._left: dict[int, int] = {}

        form = QGridLayout()
        form.addWidget(QLabel("流用元（目）"), 0, 0)
        form.addWidget(self.source, 0, 1)
        form.addWidget(self.left, 0, 2)
        form.addWidget(QLabel("流用先（目）"), 1, 0)
        form.addWidget(self.target, 1, 1)
        form.addWidget(QLabel("金額"), 2, 0)
        form.addWidget(self.amount, 2, 1)
        form.addWidget(QLabel("理由"), 3, 0)
        form.addWidget(self.reason, 3, 1, 1, 2)
        form.addWidget(QLabel("日付"), 4, 0)
        form.addWidget(self.on_date, 4, 1)
        form.setColumnStretch(1, 1)
        hint = QLabel("流用は同じ項の目の間で、予備費充用は予備費から支出の目へ行います。", wordWrap=True)
        buttons = QHBoxLayout()  # the hint wraps: three buttons beside it fit a 1366-pixel screen at any text size
        buttons.addWidget(hint, 1)
        for b in (self.add_button, self.update_button, self.delete_button):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        layout.addWidget(self.view, 1)

    def reload(self) -> None:
        db, year, book_id = self.ctx.db, self.ctx.fiscal_year, self.ctx.book_id
        chosen = self.selected()
        moves = list_budget_moves(db, year, book_id=book_id)
        self.model.set_rows(moves)
        row = next((i for i, m in enumerate(moves) if chosen is not None and m.id == chosen.id), None)
        if row is not None:  # the move being corrected stays chosen
            self.view.selectRow(row)
        self._left = {r.category_id: r.budget - r.actual for r in budget_vs_actual(db, year, book_id=book_id)}
        items = list_categories(db, EXPENSE, include_retired=False, book_id=book_id)
        for combo in (self.source, self.target):
            keep = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            for c in items:
                combo.addItem(c.name, c.id)
            combo.setCurrentIndex(max(0, combo.findData(keep)))
            combo.blockSignals(False)
        if self.target.currentData() == self.source.currentData() and self.target.count() > 1:
            self.target.setCurrentIndex(1 if self.source.currentIndex() == 0 else 0)  # a move needs two 目
        self._show_left()

    def _show_left(self) -> None:
        left = self._left.get(self.source.currentData())
        self.left.setText(f"残額 {format_yen(left)}" if left is not None else "")

    def set_editable(self, editable: bool) -> None:
        for w in (self.add_button, self.update_button, self.delete_button, self.amount, self.reason, self.on_date):
            w.setEnabled(editable and not self.ctx.read_only)

    def selected(self) -> BudgetMoveInfo | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _show_selected(self) -> None:
        """The form shows the move chosen, to be corrected with 「選んだ流用を直す」."""
        if (move := self.selected()) is None:
            return
        self.source.setCurrentIndex(max(0, self.source.findData(move.from_category_id)))
        self.target.setCurrentIndex(max(0, self.target.findData(move.to_category_id)))
        self.amount.setText(str(move.amount))
        self.reason.setText(move.reason)
        self.on_date.setText(f"{move.on_date:%Y/%m/%d}" if move.on_date else "")

    def _typed_date(self) -> tuple[bool, date | None]:
        try:
            return True, parse_date(self.on_date.text()) if self.on_date.text().strip() else None
        except ValueError as exc:
            self.error.show_messages([f"日付: {exc}"])
            return False, None

    def correct(self) -> None:
        self.error.show_messages([])
        if (move := self.selected()) is None:
            self.error.show_messages(["直す流用を一覧で選んでください"])
            return
        ok, on_date = self._typed_date()
        if not ok:
            return
        if self._overwrite is not None and self._overwrite[0] == move.id:  # told of theirs: on purpose
            move = replace(move, version=self._overwrite[1])
        error = perform(self.ctx, ops.correct_budget_move(self.ctx.db, move, self.source.currentData(),
                                                          self.target.currentData(), self.amount.text(),
                                                          self.reason.text(), on_date))
        if error is not None:
            if isinstance(error, EditConflict):  # what is typed stays; the same button again overwrites
                self._overwrite = (move.id, error.current_version)
            self.error.show_messages([p.message for p in error.problems])
            return
        self._overwrite = None

    def add(self) -> None:
        self.error.show_messages([])
        ok, on_date = self._typed_date()
        if not ok:
            return
        operation = ops.AddBudgetMove(self.ctx.db, self.ctx.fiscal_year, self.source.currentData(),
                                      self.target.currentData(), self.amount.text(), self.reason.text(), on_date)
        error = perform(self.ctx, operation)
        if error is not None:
            self.error.show_messages([p.message for p in error.problems])
            return
        for field in (self.amount, self.reason, self.on_date):
            field.clear()

    def delete(self) -> None:
        self.error.show_messages([])
        if (move := self.selected()) is None:
            self.error.show_messages(["取り消す流用を一覧で選んでください"])
            return
        error = perform(self.ctx, ops.DeleteBudgetMove(self.ctx.db, move))
        if error is not None:
            self.error.show_messages([p.message for p in error.problems])
