"""「出力…」: choose what to export, as Excel or PDF, full or public, and where; written off the GUI thread."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QWidget,
)

from app.domain.filenames import safe_filename
from app.domain.fiscal_year import FiscalYear
from app.domain.report_data import ReportOptions
from app.domain.validation import ValidationError
from app.reports.kinds import KIND_TITLES, KINDS_WITH_PUBLIC_PROFILE
from app.services.accounts.books import book_name, list_accounts
from app.services.profile import get_profile
from app.services.reports import export_report, report_kind
from app.services.settings import PRINT_STAMP_BOXES, read_setting
from app.ui.context import AppContext
from app.ui.tasks import run_with_progress

# Kinds that contain personal data (名簿, 役員, 出納簿の相手先, 担当者) and so have a public (公表用) version.
PERSONAL_DATA_SUFFIX = "_個人情報あり"  # seen in a folder or an e-mail attachment before the file is opened


def default_export_path(ctx: AppContext, kind: str, fmt: str, profile: str = "public",
                        year: FiscalYear | None = None, title: str | None = None) -> Path:
    """`title`: what the file holds when it is more than its kind says (「預金出納帳_普通預金_ゆうちょ」)."""
    body_profile = get_profile(ctx.db)
    body = body_profile.name if body_profile and body_profile.name else "地域協働体"
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())
    personal = PERSONAL_DATA_SUFFIX if kind in KINDS_WITH_PUBLIC_PROFILE and profile == "full" else ""
    label = (year or ctx.fiscal_year).label
    return Path(folder) / safe_filename(f"{label}_{title or KIND_TITLES[kind]}_{body}{personal}.{fmt}")


class ExportDialog(QDialog):
    """`year`: the year to export when it is not the one selected (the 総会資料 of the year the
    selected plan follows)."""

    def __init__(self, ctx: AppContext, kinds: list[str], parent: QWidget | None = None,
                 year: FiscalYear | None = None, account_id: int | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.year = year or ctx.fiscal_year
        self.setWindowTitle(f"出力 — {self.year.label_full}")
        self.written: Path | None = None

        self.kind = QComboBox()
        self.kind.setObjectName("export_kind")
        for kind in kinds:
            self.kind.addItem(KIND_TITLES[kind], kind)
        self.kind.setEnabled(len(kinds) > 1)

        self.xlsx = QRadioButton("Excel（.xlsx）")
        self.xlsx.setObjectName("export_format_xlsx")
        self.pdf = QRadioButton("PDF（印刷用）")
        self.pdf.setObjectName("export_format_pdf")
        self.xlsx.setChecked(True)
        formats = QButtonGroup(self)
        formats.addButton(self.xlsx)
        formats.addButton(self.pdf)

        self.full = QRadioButton("全項目（個人情報を含む）")
        self.full.setObjectName("export_profile_full")
        self.public = QRadioButton("公表用（電話・住所・メール・相手先・担当者などの個人情報を除く）")
        self.public.setObjectName("export_profile_public")
        self.public.setChecked(True)  # the safer choice is the default: personal data only on purpose
        profiles = QButtonGroup(self)
        profiles.addButton(self.full)
        profiles.addButton(self.public)

        self.path = QLineEdit()
        self.path.setObjectName("export_path")
        browse = QPushButton("参照…")
        browse.clicked.connect(self._browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path, 1)
        path_row.addWidget(browse)

        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)

        form = QFormLayout(self)
        form.addRow("出力するもの", self.kind)
        form.addRow("形式", _row(self.xlsx, self.pdf))
        self.profile_row = _row(self.full, self.public)
        form.addRow("範囲", self.profile_row)
        # 会計 forms: the 会計 shown in 管理費, and 印 boxes for 会長・会計・監事 as chosen here (at first as
        # the settings say); the 出納簿 of one 口座 (現金出納簿・預金出納帳) or of all of them
        self.stamps = QCheckBox("会長・会計・監事の印欄をつける")
        self.stamps.setObjectName("export_stamps")
        form.addRow("印欄", self.stamps)
        self.account = QComboBox(objectName="export_account")
        if any(report_kind(k).options for k in kinds):
            self.stamps.setChecked(bool(read_setting(ctx.db, PRINT_STAMP_BOXES)))
            self.account.addItem("全口座", None)
            for a in list_accounts(ctx.db, ctx.book_id):
                self.account.addItem(f"{a.name}（{'現金出納簿' if a.kind == 'cash' else '預金出納帳'}）", a.name)
                if a.id == account_id:
                    self.account.setCurrentIndex(self.account.count() - 1)
        if "ledger" in kinds:
            form.addRow("口座（出納簿）", self.account)
        form.addRow("保存先", path_row)
        form.addRow(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("出力する")
        buttons.button(QDialogButtonBox.StandardButton.Ok).setObjectName("export_ok")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("キャンセル")
        buttons.accepted.connect(self._export)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

        self.kind.currentIndexChanged.connect(self._refresh)
        self.account.currentIndexChanged.connect(self._refresh)
        self.xlsx.toggled.connect(self._refresh)
        self.full.toggled.connect(self._refresh)
        self._refresh()

    @property
    def fmt(self) -> str:
        return "xlsx" if self.xlsx.isChecked() else "pdf"

    @property
    def profile(self) -> str:
        return "public" if self.kind.currentData() in KINDS_WITH_PUBLIC_PROFILE and self.public.isChecked() else "full"

    def _refresh(self) -> None:
        kind = self.kind.currentData()
        self.profile_row.setEnabled(kind in KINDS_WITH_PUBLIC_PROFILE)
        self.stamps.setEnabled(bool(report_kind(kind).options))
        self.account.setEnabled(kind == "ledger")
        current = Path(self.path.text()) if self.path.text() else None
        # Follow kind and format in the suggested name, but keep a folder the user chose.
        folder = current.parent if current else None
        suggested = default_export_path(self.ctx, kind, self.fmt, self.profile, self.year, self._ledger_title(kind))
        self.path.setText(str((folder or suggested.parent) / suggested.name))

    def _ledger_title(self, kind: str) -> str | None:
        """The 出納簿 of one 口座 is named after it: 「現金出納簿_現金」, 「預金出納帳_普通預金_ゆうちょ」."""
        name = self.account.currentData()
        if kind != "ledger" or name is None:
            return None
        form = self.account.currentText().rsplit("（", 1)[-1].rstrip("）")
        return f"{form}_{name}"

    def _browse(self) -> None:
        pattern = "Excel ブック (*.xlsx)" if self.fmt == "xlsx" else "PDF (*.pdf)"
        chosen, _ = QFileDialog.getSaveFileName(self, "保存先を選ぶ", self.path.text(), pattern)
        if chosen:
            self.path.setText(chosen)

    def _export(self) -> None:
        kind = self.kind.currentData()
        text = self.path.text().strip()
        if not text:
            self.error.setText("保存先のファイル名を入力してください。")
            return
        out = Path(text)
        if out.suffix.lower() != f".{self.fmt}":
            out = out.with_name(out.name + f".{self.fmt}")
        if not out.parent.is_dir():
            self.error.setText(f"フォルダ「{out.parent}」がありません。保存先を選び直してください。")
            return
        profile = self.profile
        year = self.year
        options = None
        if report_kind(kind).options:  # the 会計 shown in 管理費, the 口座 chosen, 印欄 or none as ticked
            options = ReportOptions(book=book_name(self.ctx.db, self.ctx.book_id),
                                    account=self.account.currentData() if kind == "ledger" else None,
                                    stamps=self.stamps.isChecked())
        try:
            written = run_with_progress(
                self,
                f"{KIND_TITLES[kind]}を出力しています…",
                lambda _progress: export_report(self.ctx.db, kind, year, self.fmt, out, profile, options=options),
            )
        except (ValidationError, OSError) as exc:
            self.error.setText(f"出力できませんでした: {exc}")
            return
        if written is None:
            return
        self.written = written
        self.accept()


class ExportButton(QPushButton):
    """「出力…」 for a list of kinds; after writing, offers to open the file. `account`: the 口座 whose
    出納簿 is shown (the dialog's first choice for the 出納簿)."""

    def __init__(self, ctx: AppContext, kinds: list[str], parent: QWidget | None = None, *,
                 text: str = "出力…", year: Callable[[], FiscalYear | None] | None = None,
                 account: Callable[[], int | None] | None = None):
        super().__init__(text, parent)
        self.setObjectName("export_button")
        self.ctx, self.kinds, self.year, self.account = ctx, kinds, year, account
        self.clicked.connect(self.open_dialog)

    def open_dialog(self) -> None:
        dialog = ExportDialog(self.ctx, self.kinds, self.window(), self.year() if self.year else None,
                              self.account() if self.account else None)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.written is None:
            return
        box = QMessageBox(self.window())
        box.setWindowTitle("出力")
        box.setText(f"書き出しました:\n{dialog.written}")
        open_button = box.addButton("ファイルを開く", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("閉じる", QMessageBox.ButtonRole.RejectRole)
        box.exec()
        if box.clickedButton() is open_button:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(dialog.written)))


def _row(*widgets: QWidget) -> QWidget:
    box = QWidget()
    layout = QHBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    for w in widgets:
        layout.addWidget(w)
    layout.addStretch(1)
    return box
