"""The unknown 費目 of a cash book being imported: one line per 費目 the year's list does not have,
with its number of rows and a list to map it to a registered 費目 or to create it — the window's
`--category "元=費目"` and `--add-categories`."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QComboBox, QLabel, QTableWidget, QVBoxLayout

from app.importing import ImportPreview
from app.services.accounts.categories import CategoryInfo
from app.ui.import_dialog import PreviewOptions, read_only_item

UNDECIDED, CREATE = "", "\0create"  # list data besides the registered names


class UnknownCategories(PreviewOptions):
    def __init__(self, categories: list[CategoryInfo]):
        super().__init__()
        self.setObjectName("import_categories_panel")
        self._targets = [c for c in categories if not c.retired and not c.is_carry_forward]
        self._seen: dict[str, int] = {}  # 費目 as the sheet writes it → rows (kept once mapped)
        self._chosen: dict[str, str] = {}  # → a registered 費目's name, or CREATE
        self._filling = False
        self.caption = QLabel("登録されていない費目があります。費目ごとに、当てる費目を選ぶか「新しい費目として作る」を選んでください。")
        self.caption.setWordWrap(True)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("import_categories")
        self.table.setHorizontalHeaderLabels(["元の費目", "行数", "取り込む費目"])
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setMaximumHeight(140)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.caption)
        layout.addWidget(self.table)
        self.hide()

    # -- what the preview is asked for ----------------------------------------------------------------
    def options(self) -> dict[str, Any]:
        """Keyword arguments of preview_ledger_import: category_map and add_categories."""
        return {
            "category_map": {source: target for source, target in self._chosen.items() if target != CREATE},
            "add_categories": {source for source, target in self._chosen.items() if target == CREATE},
        }

    def reset(self) -> None:
        self._seen.clear()
        self._chosen.clear()

    # -- showing --------------------------------------------------------------------------------------
    def show_preview(self, preview: ImportPreview | None) -> None:
        for name, count in (preview.extra.get("unknown_categories", []) if preview is not None else []):
            self._seen[name] = count
        self._filling = True
        self.table.setRowCount(len(self._seen))
        for row, (name, count) in enumerate(self._seen.items()):
            self.table.setItem(row, 0, read_only_item(name))
            self.table.setItem(row, 1, read_only_item(f"{count}件"))
            self.table.setCellWidget(row, 2, self._choice(row, name))
        self.table.resizeColumnsToContents()
        self._filling = False
        self.setVisible(bool(self._seen))

    def _choice(self, row: int, name: str) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(f"import_category_{row}")
        combo.addItem("（選んでください）", UNDECIDED)
        combo.addItem("新しい費目として作る", CREATE)
        for c in self._targets:
            combo.addItem(f"{c.name}（{c.kind_label}）", c.name)
        combo.setCurrentIndex(max(0, combo.findData(self._chosen.get(name, UNDECIDED))))
        combo.currentIndexChanged.connect(lambda _i, n=name, box=combo: self._chose(n, box.currentData()))
        return combo

    def _chose(self, name: str, target: str) -> None:
        if self._filling:
            return
        if target == UNDECIDED:
            self._chosen.pop(name, None)
        else:
            self._chosen[name] = target
        QTimer.singleShot(0, self.changed.emit)  # after this list's signal: the preview rebuilds the table
