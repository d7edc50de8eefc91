"""「変更履歴」: every recorded change of one record (when, what, before → after, by whom).

Reusable: `HistoryDialog(db, Body, body_id, "団体情報", parent).open()`; any audited model works.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractItemView, QPushButton, QWidget

from app.services.history import HistoryEntry, history_for
from app.services.office import Database
from app.ui.list_dialog import ListDialog
from app.ui.table_model import ColumnSpec

COLUMNS = [
    ColumnSpec("when", "日時"),
    ColumnSpec("operation", "操作"),
    ColumnSpec("field", "項目"),
    ColumnSpec("before", "変更前"),
    ColumnSpec("after", "変更後"),
    ColumnSpec("actor", "変更した人"),
]


def _row(entry: HistoryEntry) -> dict[str, str]:
    return {
        "when": entry.changed_at.strftime("%Y-%m-%d %H:%M:%S"),
        "operation": entry.operation,
        "field": entry.field,
        "before": entry.before,
        "after": entry.after,
        "actor": entry.actor,
    }


def newest_first(entries: list[HistoryEntry]) -> list[HistoryEntry]:
    """Newest save first; the fields of one save stay in the form's order."""
    groups: list[list[HistoryEntry]] = []
    for entry in entries:
        if groups and groups[-1][0].batch == entry.batch:
            groups[-1].append(entry)
        else:
            groups.append([entry])
    return [entry for group in reversed(groups) for entry in group]


class HistoryDialog(ListDialog):
    def __init__(
        self, db: Database, table: str | type, record_id: Any, title: str, parent: QWidget | None = None
    ):
        super().__init__(
            parent, name="history", title=f"変更履歴 — {title}", size=(900, 480), columns=COLUMNS
        )
        entries = history_for(db, table, record_id)
        self.model.set_rows([_row(e) for e in newest_first(entries)])
        self.summary.setText(
            f"{title}の変更履歴（{len(entries)}件、新しい順）" if entries else "まだ変更の記録はありません。"
        )


HistoryTarget = tuple[str | type, Any, str]  # (table or model, record id, title for the dialog)


def attach_history(
    view: QAbstractItemView,
    object_name: str,
    db_of: Callable[[], Database],
    target: Callable[[], HistoryTarget | None],
) -> QPushButton:
    """「変更履歴…」 for the record selected in a list: a button (returned, for the caller's button
    row) and the same action in the list's right-click menu. Reading only, so also in a read-only window.

    `db_of` is asked each time: the window's database changes when a backup is restored.
    """
    button = QPushButton("変更履歴…")
    button.setObjectName(object_name)
    action = QAction("変更履歴…", view)
    action.setObjectName(f"{object_name}_action")

    def show() -> None:
        found = target()
        if found is not None:
            table, record_id, title = found
            HistoryDialog(db_of(), table, record_id, title, view.window()).open()

    button.clicked.connect(show)
    action.triggered.connect(show)
    add_context_action(view, action)
    return button


def add_context_action(view: QAbstractItemView, action: QAction) -> None:
    """Put `action` in the list's right-click menu (the menu shows the view's actions)."""
    view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
    view.addAction(action)
