"""「ゴミ箱…」: deleted records, and putting one back."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QHeaderView, QPushButton, QTableView, QVBoxLayout, QWidget

from app.domain.validation import ValidationError
from app.services.history import TrashEntry, list_trash, restore_from_trash
from app.storage.database import Database
from app.ui.table_model import ColumnSpec, RowTableModel
from app.ui.widgets import FieldError

COLUMNS = [ColumnSpec("deleted_at", "削除した日時"), ColumnSpec("kind", "種類"), ColumnSpec("title", "内容")]


def _row(entry: TrashEntry) -> dict:
    return {
        "deleted_at": entry.deleted_at.strftime("%Y-%m-%d %H:%M:%S"),
        "kind": entry.kind,
        "title": entry.title,
        "entry": entry,
    }


class TrashDialog(QDialog):
    restored = Signal(object)  # TrashEntry

    def __init__(self, db: Database, parent: QWidget | None = None, read_only: bool = False):
        super().__init__(parent)
        self.setObjectName("trash_dialog")
        self.setWindowTitle("ゴミ箱")
        self.resize(700, 420)
        self.db = db
        self.model = RowTableModel(COLUMNS)
        self.view = QTableView()
        self.view.setObjectName("trash_table")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.message = FieldError()
        self.message.setObjectName("trash_message")
        self.restore_button = QPushButton("元に戻す")
        self.restore_button.setObjectName("trash_restore")
        self.restore_button.setEnabled(not read_only)
        self.restore_button.clicked.connect(self._restore)
        close = QPushButton("閉じる")
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.restore_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.reload()

    def reload(self) -> None:
        self.model.set_rows([_row(e) for e in list_trash(self.db)])

    def _restore(self) -> None:
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            self.message.show_messages(["元に戻すものを一覧から選んでください。"])
            return
        entry: TrashEntry = self.model.row_at(rows[0].row())["entry"]
        try:
            restore_from_trash(self.db, entry.id)
        except ValidationError as exc:
            self.message.show_messages([p.message for p in exc.problems])
            return
        self.message.show_messages([])
        self.reload()
        self.restored.emit(entry)
