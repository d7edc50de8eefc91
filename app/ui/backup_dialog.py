"""「バックアップから復元…」: the backups of the open database with their date, reason and contents.

The dialog only chooses; the window restores (it must close and reopen the database).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from app.services.backups import BackupInfo, backups_dir, list_backups
from app.ui.list_dialog import ListDialog
from app.ui.table_model import ColumnSpec

COLUMNS = [
    ColumnSpec("made_at", "日時"),
    ColumnSpec("reason", "種類"),
    ColumnSpec("contents", "内容（件数）"),
    ColumnSpec("size", "大きさ"),
]


def _row(info: BackupInfo) -> dict:
    return {
        "made_at": info.made_at.strftime("%Y-%m-%d %H:%M:%S"),
        "reason": info.reason,
        "contents": info.problem or info.counts_text,
        "size": f"{max(info.size_bytes // 1024, 1):,} KB",
        "info": info,
    }


class BackupDialog(ListDialog):
    restore_requested = Signal(object)  # BackupInfo

    def __init__(self, db_path: Path, parent: QWidget | None = None, read_only: bool = False):
        super().__init__(
            parent, name="backup", title="バックアップから復元", size=(900, 460), columns=COLUMNS,
            action="選んだバックアップに戻す…",
        )  # fmt: skip
        self.db_path = db_path
        self.read_only = read_only
        self.restore_button = self.action_button
        self.restore_button.setObjectName("backup_restore")
        self.restore_button.setEnabled(False)
        self.restore_button.clicked.connect(self._request)
        self.view.doubleClicked.connect(self._request)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        self.reload()

    def reload(self) -> None:
        infos = list_backups(self.db_path)
        self.model.set_rows([_row(i) for i in infos])
        where = backups_dir(self.db_path)
        if infos:
            text = f"{len(infos)}件のバックアップがあります（新しい順）。保存場所: {where}"
        else:
            text = f"バックアップはまだありません。保存場所: {where}"
        if self.read_only:
            text += "\n他の方が使用中のため、読み取り専用です。復元はできません。"
        self.summary.setText(text)
        self._selection_changed()

    def selected(self) -> BackupInfo | None:
        row = self.selected_row()
        return row["info"] if row else None

    def _selection_changed(self, *_args) -> None:
        chosen = self.selected()
        self.restore_button.setEnabled(chosen is not None and chosen.problem is None and not self.read_only)

    def _request(self, *_args) -> None:
        chosen = self.selected()
        if chosen is not None and chosen.problem is None and not self.read_only:
            self.restore_requested.emit(chosen)
