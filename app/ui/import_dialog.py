"""The one import dialog: file and sheet → preview (新規/更新/変更なし/エラー per row) →
all-or-nothing 「取り込む」, or 「エラー一覧を保存…」 to fix the rows in Excel and try again."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.validation import ValidationError
from app.importing import ImportPreview, PreviewRow, RowStatus
from app.services.changes import Changes, Result
from app.ui.column_fit import keep_columns_in_view
from app.ui.context import AppContext
from app.ui.dialog_size import size_to_text
from app.ui.table_model import ColumnSpec, RowTableModel, cell_value
from app.ui.tasks import Progress, run_with_progress

PreviewFn = Callable[[Path, str | None, Progress], ImportPreview]
CommitFn = Callable[[ImportPreview], Result[str]]
# with a column mapping (normalised header → field key, None = 取り込まない); None = the remembered one
MappedPreviewFn = Callable[[Path, str | None, Progress, "dict[str, str | None] | None"], ImportPreview]
RememberFn = Callable[[str, "dict[str, str | None]"], object]

class PreviewOptions(QWidget):
    """Choices shown under the column table that the preview depends on; emits `changed` when the
    user changes one (the dialog previews again and hands each new preview to `show_preview`)."""

    changed = Signal()

    def show_preview(self, preview: ImportPreview | None) -> None:
        raise NotImplementedError

    def reset(self) -> None:
        """Another file or sheet: forget the choices."""


STATUS_COLOURS = {
    RowStatus.ERROR: "#f8d7da",
    RowStatus.NEW: "#d4edda",
    RowStatus.UPDATE: "#fff3cd",
}


ROW_COLUMN = ColumnSpec("row_number", "行", "int")
# a month calendar's rows come from many sheets: its sheet and cell (「2025年５月分 X9」) instead of a row number
PLACE_COLUMN = ColumnSpec("row_number", "シート・セル")


def _preview_line(row: PreviewRow, keys: list[str]) -> dict:
    """One table line: the status, Excel row number (or sheet and cell), chosen data fields and the messages."""
    line = {key: cell_value(row.data, key) if row.data is not None else None for key in keys}
    line.update(
        status=row.status.label,
        row_number=row.place or row.row_number,
        messages=" / ".join(issue.located_message for issue in row.issues),
        _status=row.status,
    )
    return line


def _row_errors(preview: ImportPreview) -> bool:
    """Rows of the file are wrong (the error workbook lists them), as opposed to a choice still to
    make in the window (a preview's `blocked_reason`: the 利用団体 to register before importing)."""
    if not getattr(preview, "blocked_reason", ""):
        return preview.has_errors
    return any(r.status is RowStatus.ERROR or r.issues for r in preview.rows)


def read_only_item(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    return item


class ImportDialog(QDialog):
    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        preview_fn: PreviewFn,
        commit_fn: CommitFn,
        columns: list[tuple[str, str]],
        path: Path | None = None,
        *,
        field_choices: list[tuple[str | None, str]] | None = None,
        mapped_preview_fn: MappedPreviewFn | None = None,
        remember_fn: RememberFn | None = None,
        options: PreviewOptions | None = None,
    ):
        """`field_choices` with `mapped_preview_fn` show the table of source columns, where the
        user picks each column's field; `remember_fn(signature, mapping)` keeps the choice for
        sheets with the same headers. `options`: more choices the preview depends on (the
        unknown 費目 of a cash book), shown under the columns; the preview runs again when they change."""
        super().__init__(parent)
        self.setWindowTitle(title)
        size_to_text(self, 900, 600)
        self.preview_fn, self.commit_fn = preview_fn, commit_fn
        self.preview: ImportPreview | None = None
        self.committed_message: str | None = None
        self.committed_changes = Changes()  # what the commit touched (the caller tells the screens)
        self._keys = [key for key, _ in columns]

        self.path = QLineEdit(str(path) if path else "")
        self.path.setObjectName("import_path")
        self.path.setPlaceholderText("取り込むファイル（.xlsx .xlsm .xls .csv）")
        browse = QPushButton("参照…")
        browse.clicked.connect(self._browse)
        self.sheet = QComboBox()
        self.sheet.setObjectName("import_sheet")
        self.sheet.setMinimumContentsLength(12)
        self.load_button = QPushButton("読み込んで確認")
        self.load_button.setObjectName("import_load")
        self.load_button.clicked.connect(self.load_preview)
        self.load_button.setDefault(True)  # Enter after typing a path reads it (not 「参照…」, never 「取り込む」)
        self.path.editingFinished.connect(self._fill_sheets)

        top = QHBoxLayout()
        top.addWidget(QLabel("ファイル"))
        top.addWidget(self.path, 1)
        top.addWidget(browse)
        top.addWidget(QLabel("シート"))
        top.addWidget(self.sheet)
        top.addWidget(self.load_button)

        self.field_choices = field_choices or []
        self.mapped_preview_fn, self.remember_fn = mapped_preview_fn, remember_fn
        self._mapping: dict[str, str | None] | None = None
        self._signature = ""  # of the headers shown when no preview could be made
        self._filling = False
        self.column_table = QTableWidget(0, 4)
        self.column_table.setObjectName("import_columns")
        self.column_table.setHorizontalHeaderLabels(["列", "見出し", "取り込む項目", "データ"])
        self.column_table.verticalHeader().hide()
        self.column_table.horizontalHeader().setStretchLastSection(True)
        self.column_table.setMaximumHeight(160)
        self.column_table.setVisible(bool(self.field_choices and mapped_preview_fn))

        self.options = options
        if options is not None:
            options.changed.connect(self._run_preview)

        self.summary = QPlainTextEdit()
        self.summary.setObjectName("import_summary")
        self.summary.setReadOnly(True)
        self.summary.setMaximumHeight(110)

        spec = [ColumnSpec("status", "状態"), ROW_COLUMN]
        spec += [ColumnSpec(key, header) for key, header in columns]
        spec.append(ColumnSpec("messages", "メッセージ"))
        self.model = RowTableModel(spec, row_colour=lambda line: STATUS_COLOURS.get(line["_status"]))
        self.table = QTableView()
        self.table.setObjectName("import_preview")
        self.table.setModel(self.model)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        keep_columns_in_view(self.table)

        self.commit_button = QPushButton("取り込む")
        self.commit_button.setObjectName("import_commit")
        self.commit_button.clicked.connect(self.commit)
        self.errors_button = QPushButton("エラー一覧を保存…")
        self.errors_button.setObjectName("import_save_errors")
        self.errors_button.clicked.connect(self._save_errors)
        close = QPushButton("閉じる")
        close.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.errors_button)
        bottom.addStretch(1)
        bottom.addWidget(self.commit_button)
        bottom.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.column_table)
        if options is not None:
            layout.addWidget(options)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self._show_preview(None)
        if path:
            self._fill_sheets()

    # -- choosing ---------------------------------------------------------------------------------
    def _browse(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self, "取り込むファイル", self.path.text(),
                                                  "Excel・CSV (*.xlsx *.xlsm *.xls *.csv);;すべてのファイル (*)")
        if chosen:
            self.path.setText(chosen)
            self._fill_sheets()

    def _fill_sheets(self) -> None:
        from app.importing import sheet_names

        self.sheet.clear()
        self.sheet.addItem("（見出しのある最初のシート）", None)
        try:
            for name in sheet_names(Path(self.path.text().strip())):
                self.sheet.addItem(name, name)
        except (ValidationError, OSError):
            pass  # the preview reports the problem with the file in full

    # -- preview and commit ------------------------------------------------------------------------
    def load_preview(self) -> None:
        self._mapping = None  # a new file or sheet: the headers say (or the remembered choice)
        if self.options is not None:
            self.options.reset()
        self._run_preview()

    def _run_preview(self) -> None:
        from app.importing.columns import MappingError

        path = Path(self.path.text().strip())
        sheet = self.sheet.currentData()
        mapping = self._mapping
        if self.mapped_preview_fn is not None:
            def work(p: Progress) -> ImportPreview:
                return self.mapped_preview_fn(path, sheet, p, mapping)  # type: ignore[misc]
        else:
            def work(p: Progress) -> ImportPreview:
                return self.preview_fn(path, sheet, p)
        try:
            preview = run_with_progress(self, "読み込んでいます…", work)
        except MappingError as exc:  # e.g. two columns for one field: keep the table to fix it there
            self.preview = None
            self.summary.setPlainText(f"列の対応を使えません: {exc}")
            self.commit_button.setEnabled(False)
            self.errors_button.setEnabled(False)
            return
        except (ValidationError, OSError) as exc:
            self._show_preview(None, str(exc))
            columns = getattr(exc, "columns", None)
            if columns and self.field_choices and self.mapped_preview_fn is not None:
                # no header row has every required field: the closest one's columns, to say which holds it
                self._signature = getattr(exc, "signature", "")
                self._fill_columns(columns, {})
                self.summary.appendPlainText("上の表の「取り込む項目」で、足りない項目がどの列にあるかを選んでください。")
            return
        if preview is not None:
            self._show_preview(preview)

    def _show_preview(self, preview: ImportPreview | None, message: str = "") -> None:
        self.preview = preview
        if preview is None:
            self.model.set_rows([])
            self.summary.setPlainText(message or "ファイルを選んで「読み込んで確認」を押してください。")
        else:
            places = any(row.place for row in preview.rows)
            self.model.columns[1] = PLACE_COLUMN if places else ROW_COLUMN
            self.model.set_rows([_preview_line(row, self._keys) for row in preview.rows])
            if places:
                self.table.resizeColumnToContents(1)  # 「2025年５月分 X9」 whole, not a row number's width
            head = ("エラーがあるため取り込めません。エラー一覧を保存して直してください。" if _row_errors(preview)
                    else getattr(preview, "blocked_reason", "") if preview.has_errors else "")
            summary = preview.summary_lines()
            lines = [summary[0], *preview.column_lines()[:1], *summary[1:], *preview.skipped_lines()]
            self.summary.setPlainText("\n".join(([head] if head else []) + lines))
        self._fill_columns(preview.columns if preview else [], preview.field_labels if preview else {})
        if self.options is not None:
            self.options.show_preview(preview)
        changes = bool(preview) and any(r.status in (RowStatus.NEW, RowStatus.UPDATE) for r in preview.rows)
        self.commit_button.setEnabled(bool(preview) and not preview.has_errors and changes)
        self.errors_button.setEnabled(preview is not None and _row_errors(preview))  # rows to fix in the file

    # -- the source columns and their fields -------------------------------------------------------
    def _fill_columns(self, source_columns: list[Any], field_labels: dict[str, str]) -> None:
        """One row per source column with a header: its field in a list the user can change."""
        if not self.column_table.isVisible() and not self.field_choices:
            return
        self._filling = True
        self.column_table.setRowCount(0)
        columns = [c for c in source_columns if c.header]
        self.column_table.setRowCount(len(columns))
        for i, col in enumerate(columns):
            self.column_table.setItem(i, 0, read_only_item(col.letter))
            self.column_table.setItem(i, 1, read_only_item(col.header))
            choice = QComboBox()
            choice.setObjectName(f"import_field_{col.letter}")
            for key, label in self.field_choices:
                choice.addItem(label, key)
            if col.key is not None and choice.findData(col.key) < 0:  # a hidden field (連番)
                choice.addItem(field_labels.get(col.key, col.key), col.key)
            choice.setCurrentIndex(max(0, choice.findData(col.key)))
            choice.setProperty("header_text", col.texts[0] if col.texts else "")
            choice.currentIndexChanged.connect(self._column_changed)
            self.column_table.setCellWidget(i, 2, choice)
            self.column_table.setItem(i, 3, read_only_item("あり" if col.has_data else ""))
        self.column_table.resizeColumnsToContents()
        self._filling = False

    def column_choices(self) -> dict[str, str | None]:
        """Normalised header → the field chosen in the table."""
        mapping: dict[str, str | None] = {}
        for i in range(self.column_table.rowCount()):
            combo = self.column_table.cellWidget(i, 2)
            if isinstance(combo, QComboBox) and combo.property("header_text"):
                mapping[combo.property("header_text")] = combo.currentData()
        return mapping

    def _column_changed(self) -> None:
        if self._filling or not self.column_table.rowCount():
            return
        signature = self.preview.signature if self.preview is not None else self._signature
        self._mapping = self.column_choices()
        if self.remember_fn is not None and signature:
            self.remember_fn(signature, self._mapping)
        self._run_preview()

    def commit(self) -> None:
        if self.preview is None or self.preview.has_errors:
            return
        preview = self.preview
        try:
            with self._year_wide_work():
                result = run_with_progress(self, "取り込んでいます…", lambda _p: self.commit_fn(preview))
        except ValidationError as exc:
            QMessageBox.warning(self, "取り込み", f"取り込めませんでした。何も変更していません。\n{exc}")
            return
        if result is None:
            return
        self.committed_message, self.committed_changes = result.value, result.changes
        QMessageBox.information(self, "取り込み", result.value)
        self.accept()

    def _year_wide_work(self) -> AbstractContextManager[None]:
        """An import is year-wide work: on a server one PC at a time (the writing commands' advisory
        lock; another PC's import, closing or submission refuses this one, saying who). The office
        is the one of the page that opened this dialog."""
        widget = self.parentWidget()
        while widget is not None and not isinstance(getattr(widget, "ctx", None), AppContext):
            widget = widget.parentWidget()
        return widget.ctx.office.year_wide_work() if widget is not None else nullcontext()

    def _save_errors(self) -> None:
        if self.preview is None:
            return
        from app.importing import write_error_workbook
        from app.importing.formats import file_kind

        source = Path(self.path.text().strip())
        suggested = source.with_name(f"{source.stem}_エラー一覧.xlsx")
        chosen, _ = QFileDialog.getSaveFileName(self, "エラー一覧の保存先", str(suggested), "Excel ブック (*.xlsx)")
        if chosen:
            try:
                write_error_workbook(source, self.preview, Path(chosen))
            except ValidationError as exc:  # the file changed or cannot be copied: say so, nothing written
                QMessageBox.warning(self, "エラー一覧", f"エラー一覧を保存できませんでした。\n{exc}")
                return
            except OSError as exc:
                QMessageBox.warning(self, "エラー一覧", f"エラー一覧を保存できませんでした（{exc.strerror or exc}）。\n"
                                    "保存先のファイルをほかのプログラムで開いていないか、書き込める場所か確かめてください")
                return
            how = ("先頭の「エラー一覧」のシートと、赤いセルのメモを見て直し" if any(i.sheet for i in self.preview.issues)
                   else "エラー列を見て直し")  # a month calendar: the cells at fault are marked sheet by sheet
            # a CSV's rows are now an Excel workbook: that one is fixed and imported, not the CSV
            again = "元の CSV ではなく、このファイルを取り込んでください" if file_kind(source) == "csv" else "もう一度取り込んでください"
            QMessageBox.information(self, "エラー一覧", f"保存しました:\n{chosen}\n{how}、{again}。")
