"""市役所用の集計: choose the bodies' submission files or folders, total them into one workbook,
and see which files were left out and why."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.validation import ValidationError
from app.ui.column_fit import keep_columns_in_view
from app.ui.dialog_size import size_to_text
from app.ui.table_model import ColumnSpec, RowTableModel
from app.ui.tasks import Progress, run_with_progress

if TYPE_CHECKING:
    from app.services.city.aggregate import AggregateResult

RED = "#b00020"


class AggregateDialog(QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("提出ファイルの集計（市役所用）")
        size_to_text(self, 820, 560)
        self.written: Path | None = None

        self.inputs = QListWidget()
        self.inputs.setObjectName("aggregate_inputs")
        self.add_path = QLineEdit()
        self.add_path.setObjectName("aggregate_add_path")
        self.add_path.setPlaceholderText("提出ファイル（.xlsx）またはフォルダのパス")
        self.add_path.returnPressed.connect(self._add_typed)
        add = QPushButton("追加")
        add.setObjectName("aggregate_add")
        add.clicked.connect(self._add_typed)
        pick_files = QPushButton("ファイルを選ぶ…")
        pick_files.clicked.connect(self._pick_files)
        pick_folder = QPushButton("フォルダを選ぶ…")
        pick_folder.clicked.connect(self._pick_folder)
        remove = QPushButton("選んだ行を外す")
        remove.clicked.connect(
            lambda: [self.inputs.takeItem(self.inputs.row(i)) for i in self.inputs.selectedItems()]
        )
        add_row = QHBoxLayout()
        add_row.addWidget(self.add_path, 1)
        for w in (add, pick_files, pick_folder, remove):
            add_row.addWidget(w)

        documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        self.out = QLineEdit(str(Path(documents or Path.home()) / "提出ファイル集計.xlsx"))
        self.out.setObjectName("aggregate_out")
        browse = QPushButton("参照…")
        browse.clicked.connect(self._browse_out)
        out_row = QHBoxLayout()
        out_row.addWidget(QLabel("集計表の保存先"))
        out_row.addWidget(self.out, 1)
        out_row.addWidget(browse)

        self.run_button = QPushButton("集計する")
        self.run_button.setObjectName("aggregate_run")
        self.run_button.clicked.connect(self.run)
        self.open_button = QPushButton("集計表を開く")
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.written)))
        )
        close = QPushButton("閉じる")
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.run_button)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        buttons.addWidget(close)

        self.summary = QLabel()
        self.summary.setObjectName("aggregate_summary")
        self.summary.setWordWrap(True)
        self.problems_model = RowTableModel(
            [ColumnSpec("file", "ファイル"), ColumnSpec("reason", "集計に含めなかった理由")]
        )
        self.problems = QTableView()
        self.problems.setObjectName("aggregate_problems")
        self.problems.setModel(self.problems_model)
        self.problems.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.problems.horizontalHeader().setStretchLastSection(True)
        self.problems.setWordWrap(True)
        keep_columns_in_view(self.problems)

        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel("各地域協働体から届いた提出ファイル、またはそれらを入れたフォルダを追加してください。")
        )
        layout.addWidget(self.inputs)
        layout.addLayout(add_row)
        layout.addLayout(out_row)
        layout.addLayout(buttons)
        layout.addWidget(self.summary)
        layout.addWidget(self.problems, 1)

    def add_paths(self, paths: list[str]) -> None:
        present = {self.inputs.item(i).text() for i in range(self.inputs.count())}
        for p in paths:
            if p and p not in present:
                self.inputs.addItem(p)

    def _add_typed(self) -> None:
        self.add_paths([self.add_path.text().strip()])
        self.add_path.clear()

    def _pick_files(self) -> None:
        chosen, _ = QFileDialog.getOpenFileNames(self, "提出ファイルを選ぶ", "", "Excel ブック (*.xlsx)")
        self.add_paths(chosen)

    def _pick_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "提出ファイルのフォルダを選ぶ")
        self.add_paths([chosen] if chosen else [])

    def _browse_out(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(
            self, "集計表の保存先", self.out.text(), "Excel ブック (*.xlsx)"
        )
        if chosen:
            self.out.setText(chosen)

    def _say(self, text: str, error: bool) -> None:
        self.summary.setText(text)
        self.summary.setStyleSheet(f"color: {RED};" if error else "")

    def run(self) -> None:
        from app.reports.city_summary import write_city_summary
        from app.services.city.aggregate import aggregate

        paths = [Path(self.inputs.item(i).text()) for i in range(self.inputs.count())]
        if not paths:
            self._say("集計する提出ファイルまたはフォルダを追加してください。", True)
            return
        out = Path(self.out.text().strip())
        if out.suffix.lower() != ".xlsx":
            out = out.with_name(out.name + ".xlsx")
        if not out.parent.is_dir():
            self._say(f"保存先のフォルダ「{out.parent}」がありません。保存先を選び直してください。", True)
            return

        def work(progress: Progress) -> tuple[AggregateResult, Path | None]:
            result = aggregate(paths, exclude=out, progress=progress.update)
            written = write_city_summary(result, out) if result.bodies else None
            return result, written

        try:
            done = run_with_progress(self, "提出ファイルを集計しています…", work)
        except (ValidationError, OSError) as exc:
            self._say(f"集計できませんでした。\n{exc}", True)
            return
        if done is None:
            self._say("集計を取り消しました。", True)
            return
        result, written = done
        self.problems_model.set_rows([{"file": str(p.path), "reason": p.reason} for p in result.problems])
        if written is None:
            self._say(
                f"集計できる提出ファイルがありませんでした（調べたExcelファイル {result.files}件）。", True
            )
            return
        self.written = written
        self.open_button.setEnabled(True)
        self._say(
            f"{result.year.label if result.year else ''}: {len(result.bodies)}団体を集計しました → {written}\n"
            f"問題のあるファイル {len(result.problems)}件（下の一覧と、集計表の「問題」シート）",
            bool(result.problems),
        )
