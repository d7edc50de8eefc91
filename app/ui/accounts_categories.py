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

from app.domain.validation import ValidationError
from app.services.accounts import categories as svc
from app.services.accounts.categories import CategoryInfo
from app.services.accounts.common import EXPENSE, INCOME
from app.ui.accounts_commands import CategoryCommand
from app.ui.context import AppContext
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
        self.model.set_rows(svc.list_categories(self.ctx.db))

    def set_editable(self, editable: bool) -> None:
        for b in self.buttons:
            b.setEnabled(editable and not self.ctx.read_only)

    def selected(self) -> CategoryInfo | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _push(self, text: str, do, undo) -> None:
        """Run `do` now; if the service accepts it, record it with its undo."""
        self.error.show_messages([])
        try:
            result = do()
        except ValidationError as exc:
            self.error.show_messages([p.message for p in exc.problems])
            return
        self.ctx.undo_stack.push(CategoryCommand(text, self.ctx.db, do, lambda: undo(result), self._notify))

    def _notify(self, message: str | None) -> None:
        self.ctx.data_changed.emit("accounts")
        if message:
            self.error.show_messages([message])

    def add(self) -> None:
        db, kind, name = self.ctx.db, self.kind.currentData(), self.name.text()
        added: dict[str, int] = {}

        def do():
            if "id" in added:  # redo after undo: put back the same category
                return svc.restore_category(db, CategoryInfo(added["id"], kind, name, added["order"], False))
            info = svc.add_category(db, kind, name)
            added.update(id=info.id, order=info.sort_order)
            return info

        self._push(f"費目「{name}」の追加", do, lambda info: svc.delete_category(db, info.id))
        self.name.clear()

    def rename(self) -> None:
        c = self.selected()
        if c is None:
            return
        db, new = self.ctx.db, self.name.text()
        self._push(f"費目名の変更（{c.name}）", lambda: svc.rename_category(db, c.id, new),
                   lambda _r: svc.rename_category(db, c.id, c.name))

    def move(self, offset: int) -> None:
        c = self.selected()
        if c is None:
            return
        db = self.ctx.db
        self._push(f"費目「{c.name}」の並べ替え", lambda: svc.move_category(db, c.id, offset),
                   lambda _r: svc.move_category(db, c.id, -offset))

    def toggle_retired(self) -> None:
        c = self.selected()
        if c is None:
            return
        db = self.ctx.db
        self._push(f"費目「{c.name}」の{'再開' if c.retired else '廃止'}",
                   lambda: svc.set_category_retired(db, c.id, not c.retired),
                   lambda _r: svc.set_category_retired(db, c.id, c.retired))

    def delete(self) -> None:
        c = self.selected()
        if c is None:
            return
        db = self.ctx.db
        self._push(f"費目「{c.name}」の削除", lambda: svc.delete_category(db, c.id),
                   lambda info: svc.restore_category(db, info))
