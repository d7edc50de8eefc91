"""A dialog around one list of rows: a summary line, the table, an optional action and 「閉じる」.

Shared by the backup, trash and change-history dialogs; each fills the rows and does its action.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.ui.column_fit import keep_columns_in_view
from app.ui.dialog_size import size_to_text
from app.ui.table_model import ColumnSpec, RowTableModel


class ListDialog(QDialog):
    """Object names follow `name`: "<name>_dialog", "<name>_table", "<name>_summary"."""

    def __init__(
        self,
        parent: QWidget | None,
        *,
        name: str,
        title: str,
        size: tuple[int, int],
        columns: list[ColumnSpec],
        action: str | None = None,
        summary: bool = True,
    ):
        super().__init__(parent)
        self.setObjectName(f"{name}_dialog")
        self.setWindowTitle(title)
        size_to_text(self, *size)
        self.model = RowTableModel(columns)
        self.view = QTableView()
        self.view.setObjectName(f"{name}_table")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.horizontalHeader().setStretchLastSection(True)
        keep_columns_in_view(self.view)
        self.summary = QLabel()
        self.summary.setObjectName(f"{name}_summary")
        self.summary.setWordWrap(True)

        buttons = QHBoxLayout()
        self.action_button = QPushButton(action) if action else None
        if self.action_button is not None:
            buttons.addWidget(self.action_button)
        buttons.addStretch(1)
        close = QPushButton("閉じる")
        close.clicked.connect(self.reject)
        buttons.addWidget(close)

        self.body = QVBoxLayout(self)  # subclasses may insert widgets (e.g. a message under the list)
        if summary:
            self.body.addWidget(self.summary)
        self.body.addWidget(self.view, 1)
        self.body.addLayout(buttons)

    def selected_row(self) -> dict[str, Any] | None:  # the rows these lists show are dicts
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None
