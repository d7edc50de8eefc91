"""「ゴミ箱…」: deleted records, and putting one back."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from app.domain.validation import ValidationError
from app.services.history import TrashEntry, list_trash, restore_from_trash
from app.services.office import Database
from app.ui.list_dialog import ListDialog
from app.ui.table_model import ColumnSpec
from app.ui.widgets import FieldError

COLUMNS = [ColumnSpec("deleted_at", "削除した日時"), ColumnSpec("kind", "種類"), ColumnSpec("title", "内容")]


def _row(entry: TrashEntry) -> dict:
    return {
        "deleted_at": entry.deleted_at.strftime("%Y-%m-%d %H:%M:%S"),
        "kind": entry.kind,
        "title": entry.title,
        "entry": entry,
    }


class TrashDialog(ListDialog):
    restored = Signal(object)  # TrashEntry

    def __init__(self, db: Database, parent: QWidget | None = None, read_only: bool = False):
        super().__init__(
            parent,
            name="trash",
            title="ゴミ箱",
            size=(700, 420),
            columns=COLUMNS,
            action="元に戻す",
            summary=False,
        )
        self.db = db
        self.message = FieldError()
        self.message.setObjectName("trash_message")
        self.body.insertWidget(self.body.indexOf(self.view) + 1, self.message)
        self.restore_button = self.action_button
        self.restore_button.setObjectName("trash_restore")
        self.restore_button.setEnabled(not read_only)
        self.restore_button.clicked.connect(self._restore)
        self.reload()

    def reload(self) -> None:
        self.model.set_rows([_row(e) for e in list_trash(self.db)])

    def _restore(self) -> None:
        row = self.selected_row()
        if row is None:
            self.message.show_messages(["元に戻すものを一覧から選んでください。"])
            return
        entry: TrashEntry = row["entry"]
        try:
            restore_from_trash(self.db, entry.id)
        except ValidationError as exc:
            self.message.show_messages([p.message for p in exc.problems])
            return
        self.message.show_messages([])
        self.reload()
        self.restored.emit(entry)
