"""「データベースを開く…」: a database file, or a body's database on a PostgreSQL server.

The server tab is a connection form — host, port, database, user, password, SSL mode — with
「接続を確認」 (reachable, ours, its schema version; nothing is changed). The password goes to the
OS keyring when the user asks (never to settings, never shown); otherwise it lives only in memory.
The dialog gives back the target for Office.open: a file path or a postgresql:// URL.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.validation import ValidationError
from app.services.check import CheckResult, check_server
from app.services.office.connection import DEFAULT_PORT, SSL_MODES, ServerForm, server_url, store_password
from app.services.office.last_opened import last_database, server_form_of
from app.ui.dialog_size import minimum_width_for_text
from app.ui.tasks import run_with_progress
from app.ui.widgets import FieldError, with_error

SSL_LABELS = {
    "prefer": "prefer（使えれば暗号化）",
    "require": "require（必ず暗号化）",
    "verify-ca": "verify-ca（証明書を確認）",
    "verify-full": "verify-full（証明書とホスト名を確認）",
    "allow": "allow",
    "disable": "disable（暗号化しない）",
}


class OpenDatabaseDialog(QDialog):
    """`target` after 開く: the file path (Path) or the server URL (str)."""

    def __init__(self, parent: QWidget | None, current: str = ""):
        super().__init__(parent)
        self.setWindowTitle("データベースを開く")
        minimum_width_for_text(self, 560)
        self.target: Path | str | None = None
        self.tabs = QTabWidget()
        self.tabs.setObjectName("open_tabs")
        self.tabs.addTab(self._file_tab(current), "ファイル")
        self.tabs.addTab(self._server_tab(), "サーバー（PostgreSQL）")
        if "://" in current:
            self.tabs.setCurrentIndex(1)
        self._fill_server_form(current)
        self.message = QLabel()
        self.message.setObjectName("server_message")
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel)
        open_button = buttons.button(QDialogButtonBox.StandardButton.Open)
        open_button.setText("開く")
        open_button.setObjectName("open_database_ok")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("キャンセル")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    # -- the file tab -------------------------------------------------------------------------------
    def _file_tab(self, current: str) -> QWidget:
        tab = QWidget()
        self.file_path = QLineEdit("" if "://" in current else current)
        self.file_path.setObjectName("open_file_path")
        browse = QPushButton("参照…")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.file_path, 1)
        row.addWidget(browse)
        form = QFormLayout(tab)
        form.addRow("データベースのファイル", row)
        return tab

    def _browse(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "データベースのファイル", self.file_path.text(),
                                              "協働デスクのデータベース (*.sqlite);;すべてのファイル (*)")  # fmt: skip
        if name:
            self.file_path.setText(name)

    # -- the server tab -----------------------------------------------------------------------------
    def _server_tab(self) -> QWidget:
        tab = QWidget()
        self.form = QFormLayout(tab)
        self.errors: dict[str, FieldError] = {}
        self.host = self._line("host", "ホスト", "例: 192.168.1.10 または kyodo-server")
        self.port = self._line("port", "ポート", str(DEFAULT_PORT))
        self.database = self._line("database", "データベース", "例: kyodo_hagi（団体ごとに一つ）")
        self.user = self._line("user", "ユーザー", "例: hagi_jimukyoku")
        self.password = self._line("password", "パスワード", "保存したとき・.pgpass があるときは空欄で可")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.remember = QCheckBox("パスワードをこのパソコンの資格情報マネージャーに保存する")
        self.remember.setObjectName("server_remember")
        self.form.addRow("", self.remember)
        self.sslmode = QComboBox()
        self.sslmode.setObjectName("server_sslmode")
        for mode in SSL_MODES:
            self.sslmode.addItem(SSL_LABELS[mode], mode)
        self._add("sslmode", "SSL モード", self.sslmode)
        check = QPushButton("接続を確認")
        check.setObjectName("server_check")
        check.clicked.connect(self.check_connection)
        self.form.addRow("", check)
        return tab

    def _add(self, key: str, label: str, widget: QWidget) -> None:
        error = FieldError()
        error.setObjectName(f"server_{key}_error")
        self.errors[key] = error
        self.form.addRow(label, with_error(widget, error))

    def _line(self, key: str, label: str, placeholder: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(f"server_{key}")
        edit.setPlaceholderText(placeholder)
        self._add(key, label, edit)
        return edit

    def _fill_server_form(self, current: str) -> None:
        """The server open now, else the one opened last on this PC (never its password)."""
        last = last_database()
        form = server_form_of(current) or (server_form_of(last) if isinstance(last, str) else None)
        if form is None:
            return
        self.host.setText(form.host)
        self.port.setText(form.port)
        self.database.setText(form.database)
        self.user.setText(form.user)
        self.sslmode.setCurrentIndex(max(0, self.sslmode.findData(form.sslmode)))

    def server_form(self) -> ServerForm:
        return ServerForm(self.host.text(), self.port.text(), self.database.text(), self.user.text(),
                          self.sslmode.currentData())  # fmt: skip

    def _url(self, with_password: bool) -> str | None:
        """The URL of the form, or None with the problems shown beside the fields."""
        for error in self.errors.values():
            error.show_messages([])
        try:
            return server_url(self.server_form(), self.password.text() if with_password else "")
        except ValidationError as exc:
            for key, error in self.errors.items():
                error.show_messages(exc.for_field(key))
            self.message.setText("入力に誤りがあります。赤い文字の項目を直してください。")
            return None

    def check_connection(self) -> CheckResult | None:
        """「接続を確認」: reachable (≤ 10 s), ours, its schema version — read only."""
        url = self._url(with_password=True)
        if url is None:
            return None
        self.message.setText("接続しています…")
        result = run_with_progress(self, "サーバーに接続しています…", lambda _progress: check_server(url))
        if result is not None:
            self.message.setText(result.message)
        return result

    # -- accepting ----------------------------------------------------------------------------------
    def _accept(self) -> None:
        if self.tabs.currentIndex() == 0:
            path = self.file_path.text().strip()
            if not path:
                self.message.setText("データベースのファイルを選んでください。")
                return
            self.target = Path(path)
            self.accept()
            return
        url = self._url(with_password=True)
        if url is None:
            return
        if self.remember.isChecked() and self.password.text():
            try:
                store_password(self.server_form(), self.password.text())
            except ValidationError as exc:
                self.errors["password"].show_messages(exc.for_field("password"))
                return
            url = self._url(with_password=False)  # the keyring gives it from now on
        self.target = url
        self.accept()
