"""費目 tab: the 会計's 款・項・目 as a tree — add a 款, 項 or 目 under the 款・項 chosen, rename,
reorder, move under another 款・項, retire (or delete when unused) — all undoable."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
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
from app.services.records import EditConflict
from app.services.undo import Operation
from app.ui.context import AppContext
from app.ui.operations import perform
from app.ui.table_model import ColumnSpec, RowTableModel
from app.ui.widgets import FieldError

LEVELS = (("目", 3), ("項", 2), ("款", 1))  # what the 階層 choice adds: a 目 (entries, budget) or a heading


class CategoriesTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.rows: list[CategoryInfo] = []
        self._overwrite: tuple[int, int] | None = None  # (費目, version) another PC saved, as the user was told
        self.model = RowTableModel(
            [ColumnSpec("kind_label", "区分"), ColumnSpec("level_label", "階層"), ColumnSpec("tree_name", "費目"),
             ColumnSpec("status_label", "状態")],
            row_colour=lambda c: "#eeeeee" if c.retired else ("#f4f4fb" if c.heading else None),
        )
        self.view = QTableView(objectName="categories_table")
        self.view.setModel(self.model)
        self.view.verticalHeader().hide()
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.view.clicked.connect(lambda _i: self._show_selected())
        self.kind = QComboBox(objectName="category_kind")
        self.kind.addItem("支出", EXPENSE)
        self.kind.addItem("収入", INCOME)
        self.level = QComboBox(objectName="category_level")
        for label, depth in LEVELS:
            self.level.addItem(label, depth)
        self.parent_choice = QComboBox(objectName="category_parent")  # the 款・項 it goes under
        self.parent_choice.setMinimumContentsLength(10)
        self.parent_choice.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.kind.currentIndexChanged.connect(lambda _i: self._fill_parents())
        self.level.currentIndexChanged.connect(lambda _i: self._fill_parents())
        self.name = QLineEdit(objectName="category_name", placeholderText="費目名")
        self.error = FieldError()
        self.error.setObjectName("categories_error")
        self.buttons: list[QPushButton] = []
        add_row = QHBoxLayout()
        for widget in (self.kind, self.level, QLabel("上位:"), self.parent_choice):
            add_row.addWidget(widget)
        add_row.addWidget(self.name, 1)
        edit_row = QHBoxLayout()
        edit_row.addWidget(QLabel("選んだ費目を:"))
        for row, text, name, slot in (
            (add_row, "追加", "category_add", self.add),
            (edit_row, "名前を変更", "category_rename", self.rename),
            (edit_row, "上位を変更", "category_move_parent", self.move_parent),
            (edit_row, "上へ", "category_up", lambda: self.move(-1)),
            (edit_row, "下へ", "category_down", lambda: self.move(1)),
            (edit_row, "廃止／再開", "category_retire", self.toggle_retired),
            (edit_row, "削除", "category_delete", self.delete),
        ):
            b = QPushButton(text, objectName=name)
            b.clicked.connect(slot)
            row.addWidget(b)
            self.buttons.append(b)
        edit_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(add_row)
        layout.addLayout(edit_row)
        layout.addWidget(self.error)
        layout.addWidget(self.view, 1)
        self._fill_parents()

    def reload(self) -> None:
        self.rows = svc.list_categories(self.ctx.db, book_id=self.ctx.book_id, include_headings=True)
        self.model.set_rows(self.rows)
        self._fill_parents()

    def set_editable(self, editable: bool) -> None:
        for b in self.buttons:
            b.setEnabled(editable and not self.ctx.read_only)

    def selected(self) -> CategoryInfo | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    # -- the 款・項 a new or moved 費目 goes under ---------------------------------------------------
    def _fill_parents(self, keep: int | None = None) -> None:
        """The headings of the side chosen that can hold the level chosen: a 項 goes under a 款, a 目
        under a 款 or a 項, a 款 under nothing."""
        keep = self.parent_choice.currentData() if keep is None else keep
        depth, kind = self.level.currentData(), self.kind.currentData()
        self.parent_choice.blockSignals(True)
        self.parent_choice.clear()
        if depth == 1:
            self.parent_choice.addItem("（なし）", None)
        for c in self.rows:
            if c.heading and c.kind == kind and c.depth < depth and (depth == 3 or c.depth == 1):
                self.parent_choice.addItem(f"{c.level_label} {'　' if c.depth == 2 else ''}{c.name}", c.id)
        self.parent_choice.setCurrentIndex(max(0, self.parent_choice.findData(keep)))
        self.parent_choice.setEnabled(depth != 1)
        self.parent_choice.blockSignals(False)

    def _show_selected(self) -> None:
        """The form shows the selected 費目: its name, side, level and the 款・項 it sits under."""
        c = self.selected()
        if c is None:
            return
        self.name.setText(c.name)
        self.kind.blockSignals(True)
        self.kind.setCurrentIndex(self.kind.findData(c.kind))
        self.kind.blockSignals(False)
        self.level.blockSignals(True)
        self.level.setCurrentIndex(self.level.findData(c.depth if c.heading else 3))
        self.level.blockSignals(False)
        self._fill_parents(keep=c.parent_id)

    # -- edits ------------------------------------------------------------------------------------
    def _perform(self, operation: Operation) -> bool:
        self.error.show_messages([])
        error = perform(self.ctx, operation)
        if error is not None:
            self.error.show_messages([p.message for p in error.problems])
        return error is None

    def add(self) -> None:
        depth = self.level.currentData()
        parent_id = self.parent_choice.currentData() if depth != 1 else None
        if self._perform(ops.AddCategory(self.ctx.db, self.kind.currentData(), self.name.text(),
                                         book_id=self.ctx.book_id, parent_id=parent_id, heading=depth != 3)):
            self.name.clear()

    def _as_seen(self, c: CategoryInfo) -> CategoryInfo:
        """The 費目 at the version another PC saved when the user was told of it (the same button again
        overwrites on purpose), else as the table showed it."""
        if self._overwrite is not None and self._overwrite[0] == c.id:
            return replace(c, version=self._overwrite[1])
        return c

    def _perform_versioned(self, c: CategoryInfo, operation: Operation) -> None:
        """An edit naming the 費目's version: refused when another PC saved it since (the message says
        who and what); what is typed and chosen stays, and the same button again overwrites."""
        self.error.show_messages([])
        error = perform(self.ctx, operation)
        if error is not None:
            if isinstance(error, EditConflict):
                self._overwrite = (c.id, error.current_version)
            self.error.show_messages([p.message for p in error.problems])
            return
        self._overwrite = None

    def rename(self) -> None:
        if (c := self.selected()) is not None:
            c = self._as_seen(c)
            self._perform_versioned(c, ops.rename_category(self.ctx.db, c, self.name.text()))

    def move_parent(self) -> None:
        if (c := self.selected()) is not None:
            c = self._as_seen(c)
            parent_id = self.parent_choice.currentData() if self.parent_choice.isEnabled() else None
            name = self.parent_choice.currentText().split(" ", 1)[-1].strip() if parent_id else "（なし）"
            self._perform_versioned(c, ops.set_category_parent(self.ctx.db, c, parent_id, name))

    def move(self, offset: int) -> None:
        if (c := self.selected()) is not None:
            self._perform(ops.move_category(self.ctx.db, c, offset))

    def toggle_retired(self) -> None:
        if (c := self.selected()) is not None:
            c = self._as_seen(c)
            self._perform_versioned(c, ops.retire_category(self.ctx.db, c, not c.retired))

    def delete(self) -> None:
        if (c := self.selected()) is not None:
            self._perform(ops.DeleteCategory(self.ctx.db, c))
