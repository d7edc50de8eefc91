"""提出: the checklist, 「提出ファイルを作成」 (in the background, with progress), the history of 版,
and the way to city hall's 集計 dialog."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.validation import ValidationError
from app.services.submission.changes import changes_since_submission
from app.services.submission.checklist import Checklist, run_checklist
from app.services.submission.create import create_submission
from app.services.submission.history import SubmissionRecord, list_submissions
from app.ui.context import AppContext
from app.ui.table_model import ColumnSpec, RowTableModel
from app.ui.tasks import run_with_progress
from app.ui.widgets import EmptyHint

RED = "#b00020"
GREEN = "#1b5e20"


class SubmissionPage(QWidget):
    def __init__(self, ctx: AppContext):
        super().__init__()
        self.ctx = ctx
        self.setObjectName("submission_page")
        self.checklist: Checklist | None = None
        self.warning_boxes: list[QCheckBox] = []
        self._stale = True

        self.heading = QLabel()
        self.status = QLabel()
        self.status.setObjectName("submission_status")
        self.status.setWordWrap(True)

        self.check_box = QGroupBox("提出前のチェックリスト")
        self.check_layout = QVBoxLayout(self.check_box)
        self.items_box = QWidget()
        self.items_layout = QVBoxLayout(self.items_box)
        self.items_layout.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()  # a long list scrolls instead of pushing the buttons off the window
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.items_box)
        self.accept_all = QCheckBox("すべての警告を確認しました")
        self.accept_all.setObjectName("check_accept_all")
        self.accept_all.clicked.connect(self._accept_all)
        recheck = QPushButton("もう一度確認する")
        recheck.setObjectName("checklist_refresh")
        recheck.clicked.connect(self.refresh)
        check_buttons = QHBoxLayout()
        check_buttons.addWidget(self.accept_all)
        check_buttons.addStretch(1)
        check_buttons.addWidget(recheck)
        self.check_layout.addWidget(scroll)
        self.check_layout.addLayout(check_buttons)

        self.folder = QLineEdit(_default_folder())
        self.folder.setObjectName("submission_folder")
        browse = QPushButton("参照…")
        browse.clicked.connect(self._browse)
        self.create_button = QPushButton("提出ファイルを作成")
        self.create_button.setObjectName("submission_create")
        self.create_button.clicked.connect(self.create)
        folder_row = QHBoxLayout()
        folder_row.addWidget(QLabel("保存先フォルダ"))
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(browse)
        folder_row.addWidget(self.create_button)

        self.result = QLabel()
        self.result.setObjectName("submission_result")
        self.result.setWordWrap(True)
        self.open_folder = QPushButton("フォルダを開く")
        self.open_folder.setVisible(False)
        self.open_folder.clicked.connect(self._open_folder)
        result_row = QHBoxLayout()
        result_row.addWidget(self.result, 1)
        result_row.addWidget(self.open_folder)

        self.history_model = RowTableModel(
            [
                ColumnSpec("edition_label", "版"),
                ColumnSpec("created", "作成日時"),
                ColumnSpec("folder", "保存先"),
                ColumnSpec("file_names", "ファイル"),
            ]
        )
        self.history = QTableView()
        self.history.setObjectName("submission_history")
        self.history.setModel(self.history_model)
        self.history.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.history.horizontalHeader().setStretchLastSection(True)
        # A long checklist must not squash it; four lines leave the page inside 1280×720 at 150% text.
        self.history.setMinimumHeight(self.fontMetrics().height() * 4)
        EmptyHint(self.history, "まだ提出ファイルを作成していません。作成すると、ここに版ごとの記録が残ります。",
                  guide="year")

        aggregate = QPushButton("市役所用: 提出ファイルの集計…")
        aggregate.setObjectName("open_aggregate")
        aggregate.clicked.connect(self.open_aggregate)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.status)
        layout.addWidget(self.check_box, 2)
        layout.addLayout(folder_row)
        layout.addLayout(result_row)
        layout.addWidget(QLabel("提出の記録"))
        layout.addWidget(self.history, 1)
        layout.addWidget(aggregate)

        ctx.fiscal_year_changed.connect(self._data_changed)
        ctx.data_changed.connect(self._data_changed)
        self.refresh()

    # -- showing --------------------------------------------------------------------------------
    def refresh(self) -> None:
        year = self.ctx.fiscal_year
        self.heading.setText(f"<h2>提出 — {year.label_full}</h2>")
        self.checklist = run_checklist(self.ctx.db, year)
        self._show_checklist(self.checklist)
        records = list_submissions(self.ctx.db, year)
        self.history_model.set_rows([_history_row(r) for r in records])
        changes = changes_since_submission(self.ctx.db, year) if records else None
        if changes is None:
            self.status.setText(f"{year.label}はまだ提出していません。")
            self.status.setStyleSheet("")
        else:
            self.status.setText(changes.message())
            self.status.setStyleSheet(f"color: {RED};" if changes.changed else "")
        self._stale = False
        self._update_button()

    def _show_checklist(self, checklist: Checklist) -> None:
        while self.items_layout.count():
            widget = self.items_layout.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        self.warning_boxes = []
        for item in checklist.blocking:
            label = _wrapping_label(f"✖ {item.area}: {item.message}", "check_blocking")
            label.setStyleSheet(f"color: {RED}; font-weight: bold;")
            self.items_layout.addWidget(label)
        for item in checklist.warnings:
            box = QCheckBox("確認しました")
            box.setObjectName("check_warning")
            box.toggled.connect(self._update_button)
            self.warning_boxes.append(box)
            row = QWidget()
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            line.addWidget(_wrapping_label(f"⚠ {item.area}: {item.message}", "check_warning_text"), 1)
            line.addWidget(box)
            self.items_layout.addWidget(row)
        if not checklist.items:
            ok = _wrapping_label("✔ 問題はありません。提出ファイルを作成できます。", "check_ok")
            ok.setStyleSheet(f"color: {GREEN};")
            self.items_layout.addWidget(ok)
        elif checklist.blocking:
            self.items_layout.addWidget(
                _wrapping_label("赤い項目を直すまで提出ファイルは作成できません。", "")
            )
        self.items_layout.addStretch(1)
        self.accept_all.setVisible(bool(self.warning_boxes) and not checklist.blocking)
        self.accept_all.setChecked(False)

    def _accept_all(self, checked: bool) -> None:
        for box in self.warning_boxes:
            box.setChecked(checked)

    def _update_button(self, *_args) -> None:
        ready = (
            self.checklist is not None
            and not self.checklist.blocking
            and all(b.isChecked() for b in self.warning_boxes)
            and not self.ctx.read_only
        )
        self.create_button.setEnabled(ready)

    def _data_changed(self, *_args) -> None:
        self._stale = True
        if self.isVisible():
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt API)
        super().showEvent(event)
        if self._stale:
            self.refresh()

    # -- acting ---------------------------------------------------------------------------------
    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "提出ファイルの保存先フォルダ", self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def create(self) -> None:
        text = self.folder.text().strip()
        if not text:
            self._show_result("保存先のフォルダを入力してください。", error=True)
            return
        year, accept = self.ctx.fiscal_year, bool(self.warning_boxes)
        try:
            with self.ctx.office.year_wide_work():  # on a server: one PC's year-wide work at a time
                record = run_with_progress(
                    self,
                    "提出ファイルを作成しています…",
                    lambda progress: create_submission(
                        self.ctx.db, year, Path(text), accept_warnings=accept, progress=progress.update
                    ),
                )
        except (ValidationError, OSError) as exc:
            self._show_result(f"作成できませんでした。\n{exc}", error=True)
            self.refresh()
            return
        if record is None:
            self._show_result("作成を取り消しました。ファイルは作成されていません。", error=False)
            return
        self.ctx.data_changed.emit(record.changes)  # refreshes this page (its 提出の記録) too
        self._show_result(
            f"{record.year.label}の提出ファイル（{record.edition_label}、{len(record.files)}ファイル）を"
            f"作成しました: {record.folder}",
            error=False,
            folder=record.folder,
        )

    def _show_result(self, text: str, *, error: bool, folder: str | None = None) -> None:
        self.result.setText(text)
        self.result.setStyleSheet(f"color: {RED};" if error else "")
        self._result_folder = folder
        self.open_folder.setVisible(folder is not None)

    def _open_folder(self) -> None:
        if self._result_folder:
            QDesktopServices.openUrl(QUrl.fromLocalFile(self._result_folder))

    def open_aggregate(self) -> None:
        from app.ui.aggregate_dialog import AggregateDialog

        AggregateDialog(self.window()).exec()


def _wrapping_label(text: str, name: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setWordWrap(True)
    return label


def _history_row(record: SubmissionRecord) -> dict[str, str]:
    return {
        "edition_label": record.edition_label,
        "created": f"{record.created_at:%Y/%m/%d %H:%M}",
        "folder": record.folder,
        "file_names": record.file_names,
    }


def _default_folder() -> str:
    return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or str(
        Path.home()
    )
