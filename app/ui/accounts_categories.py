"""費目 tab: add, rename, reorder, retire (or delete when unused) categories — all undoable."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services.accounts import categories as svc
from app.services.accounts import operations as ops
from app.services.accounts.categories import CategoryInfo
from app.services.accounts.common import EXPENSE, INCOME
from app.services.undo import Operation
from app.ui.context import AppContext
from app.ui.operations import perform
from app.ui.table_model import ColumnSpec, RowTableModel
from app.ui.widgets import FieldError


class CategoriesTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.model = RowTableModel(
            [ColumnSpec("kind_label", "区分"), ColumnSpec("name", "費目"), ColumnSpec("status_label", "状態")],
            row_colour=lambda c: "#eeeeee" if c.retired else None,
        )
        self.view = QTableView(objectName="categories_table")
        self.view.setModel(self.model)
        self.view.verticalHeader().hide()
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.view.clicked.connect(lambda _i: self.name.setText(c.name) if (c := self.selected()) else None)
        self.kind = QComboBox(objectName="category_kind")
        self.kind.addItem("支出", EXPENSE)
        self.kind.addItem("収入", INCOME)
        self.name = QLineEdit(objectName="category_name", placeholderText="費目名")
        self.error = FieldError()
        self.buttons: list[QPushButton] = []
        row = QHBoxLayout()
        row.addWidget(self.kind)
        row.addWidget(self.name, 1)
        for text, slot in (("追加", self.add), ("名前を変更", self.rename), ("上へ", lambda: self.move(-1)),
                           ("下へ", lambda: self.move(1)), ("廃止／再開", self.toggle_retired), ("削除", self.delete)):
            b = QPushButton(text)
            b.clicked.connect(slot)
            row.addWidget(b)
            self.buttons.append(b)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.error)
        layout.addWidget(self.view, 1)

    def reload(self) -> None:
        self.model.set_rows(svc.list_categories(self.ctx.db, book_id=self.ctx.book_id))

    def set_editable(self, editable: bool) -> None:
        for b in self.buttons:
            b.setEnabled(editable and not self.ctx.read_only)

    def selected(self) -> CategoryInfo | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _perform(self, operation: Operation) -> None:
        self.error.show_messages([])
        error = perform(self.ctx, operation)
        if error is not None:
            self.error.show_messages([p.message for p in error.problems])

    def add(self) -> None:
        self._perform(ops.AddCategory(self.ctx.db, self.kind.currentData(), self.name.text(),
                                      book_id=self.ctx.book_id))
        self.name.clear()

    def rename(self) -> None:
        if (c := self.selected()) is not None:
            self._perform(ops.rename_category(self.ctx.db, c, self.name.text()))

    def move(self, offset: int) -> None:
        if (c := self.selected()) is not None:
            self._perform(ops.move_category(self.ctx.db, c, offset))

    def toggle_retired(self) -> None:
        if (c := self.selected()) is not None:
            self._perform(ops.retire_category(self.ctx.db, c, not c.retired))

    def delete(self) -> None:
        if (c := self.selected()) is not None:
            self._perform(ops.DeleteCategory(self.ctx.db, c))
