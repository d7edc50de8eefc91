"""ファイル > データベースを開く…: the connection form for a server (typed as a user types it), its
「接続を確認」, and switching the window to another database. Against the test server when
KYODO_TEST_DB names one (scripts/test_postgres.sh); otherwise the messages of a server that is not there."""

from __future__ import annotations

import socket
import uuid
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QTabWidget,
    QWidget,
)
from sqlalchemy import text
from sqlalchemy.engine import make_url

from app.services.members.kinds import list_member_kinds
from app.services.members.organisations import Organisation, save_organisation
from app.storage.database import open_database
from app.storage.postgres import KEYRING_SERVICE
from tests import postgres_support
from tests.helpers.qt_dialogs import answer_message_box
from tests.helpers.qt_typing import type_text


def _in_dialog(actions: Callable[[QWidget], None]) -> None:
    """Run `actions` on the データベースを開く dialog once it is open, as the user would."""

    def act() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or dialog.findChild(QPushButton, "open_database_ok") is None:
            QTimer.singleShot(20, act)
            return
        actions(dialog)

    QTimer.singleShot(0, act)


def _click(qtbot, dialog: QWidget, name: str) -> None:
    qtbot.mouseClick(dialog.findChild(QPushButton, name), Qt.MouseButton.LeftButton)


def _fill(qtbot, dialog: QWidget, **fields: str) -> None:
    dialog.findChild(QTabWidget, "open_tabs").setCurrentIndex(1)
    for key, value in fields.items():
        edit = dialog.findChild(QLineEdit, f"server_{key}")
        edit.clear()
        type_text(qtbot, edit, value)


def _text(dialog: QWidget, name: str) -> str:
    return dialog.findChild(QLabel, name).text()


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # free: nobody listens there once the socket is closed


def _open_dialog(window) -> None:
    window.findChild(type(window.menuBar().actions()[0]), "action_open_database").trigger()


def test_the_form_names_missing_fields_and_a_server_that_does_not_answer(qtbot, open_window, db_path) -> None:
    window = open_window(db_path)
    port = _closed_port()
    seen: dict[str, str] = {}

    def act(dialog: QWidget) -> None:
        _fill(qtbot, dialog, port="abc")
        _click(qtbot, dialog, "server_check")
        seen["host"] = _text(dialog, "server_host_error")
        seen["port"] = _text(dialog, "server_port_error")
        seen["user"] = _text(dialog, "server_user_error")
        _fill(qtbot, dialog, host="127.0.0.1", port=str(port), database="kyodo_hagi", user="jimu",
              password="ひみつpass")  # fmt: skip
        _click(qtbot, dialog, "server_check")
        seen["check"] = _text(dialog, "server_message")
        seen["cleared"] = _text(dialog, "server_host_error")
        _click(qtbot, dialog, "open_database_ok")  # the window asks the server first: the same message
        seen["open"] = "opened"

    _in_dialog(act)
    warnings: list[str] = []
    answer_message_box(QMessageBox.StandardButton.Ok, warnings)
    _open_dialog(window)
    assert seen["host"].startswith("ホスト") and seen["user"] == "ユーザー名を入力してください"
    assert seen["port"].startswith("ポートは 1〜65535")
    assert seen["check"] == (f"サーバー「127.0.0.1:{port}」に接続できません。"
                             "サーバーが動いているか、ホスト名とポートが正しいかを確かめてください。")  # fmt: skip
    assert seen["cleared"] == ""
    assert warnings and "接続できません" in warnings[0] and "ひみつ" not in warnings[0]
    assert "kyodo.sqlite" in window.findChild(QLabel, "db_label").text()  # still the file it had open


def test_another_file_opens_in_the_same_window(qtbot, open_window, db_path, tmp_path) -> None:
    other = tmp_path / "other.sqlite"
    db = open_database(other)
    save_organisation(db, Organisation(kind_id=list_member_kinds(db)[0].id, name="青葉自治会"))
    db.close()
    window = open_window(db_path)

    def act(dialog: QWidget) -> None:
        path = dialog.findChild(QLineEdit, "open_file_path")
        path.clear()
        type_text(qtbot, path, str(other))
        _click(qtbot, dialog, "open_database_ok")

    _in_dialog(act)
    _open_dialog(window)
    assert window.findChild(QLabel, "db_label").text() == f"データ: {other}"
    window.nav.setCurrentRow(1)
    table = window.findChild(QWidget, "members_page").findChild(QTableView, "organisations_table")
    assert table.model().index(0, 1).data() == "青葉自治会"
    window.ctx.office.close()


class _MemoryKeyring:
    """The OS keyring, in memory (a test machine has no credential store)."""

    def __new__(cls):
        from keyring.backend import KeyringBackend

        class Memory(KeyringBackend):
            priority = 1  # type: ignore[assignment]

            def __init__(self) -> None:
                super().__init__()
                self.saved: dict[tuple[str, str], str] = {}

            def get_password(self, service: str, username: str) -> str | None:
                return self.saved.get((service, username))

            def set_password(self, service: str, username: str, password: str) -> None:
                self.saved[(service, username)] = password

            def delete_password(self, service: str, username: str) -> None:
                self.saved.pop((service, username), None)

        return Memory()


@pytest.fixture
def memory_keyring() -> Iterator[object]:
    import keyring

    before = keyring.get_keyring()
    memory = _MemoryKeyring()
    keyring.set_keyring(memory)
    yield memory
    keyring.set_keyring(before)


@pytest.fixture
def empty_server_db() -> Iterator[str]:
    if not postgres_support.on_postgres():
        pytest.skip("KYODO_TEST_DB is not a PostgreSQL URL")
    admin, url = postgres_support._admin()
    name = f"kyodo_w_{uuid.uuid4().hex[:10]}"
    with admin.connect() as con:
        con.execute(text(f"CREATE DATABASE {name}"))
    admin.dispose()
    yield name
    postgres_support.drop_database(name)


def test_an_empty_server_database_is_checked_initialised_on_yes_and_opened(
    qtbot, open_window, db_path, empty_server_db, memory_keyring
) -> None:
    server = make_url(postgres_support.TEST_DB)
    window = open_window(db_path)
    seen: dict[str, str] = {}

    def act(dialog: QWidget) -> None:
        _fill(qtbot, dialog, host=server.host, port=str(server.port), database=empty_server_db,
              user=server.username, password="s3cret")  # fmt: skip
        _click(qtbot, dialog, "server_check")
        seen["check"] = _text(dialog, "server_message")
        qtbot.mouseClick(dialog.findChild(QWidget, "server_remember"), Qt.MouseButton.LeftButton)
        _click(qtbot, dialog, "open_database_ok")

    _in_dialog(act)
    questions: list[str] = []
    answer_message_box(QMessageBox.StandardButton.Yes, questions)
    _open_dialog(window)
    assert "は空のデータベースです" in seen["check"]
    assert questions and "初期化しますか" in questions[0]
    label = window.findChild(QLabel, "db_label").text()
    assert label.startswith(f"データ: postgresql://{server.username}@{server.host}:{server.port}/{empty_server_db}")
    assert "s3cret" not in label and "s3cret" not in (window.ctx.office.url or "")
    key = f"{server.username}@{server.host}/{empty_server_db}"
    assert memory_keyring.get_password(KEYRING_SERVICE, key) == "s3cret"  # type: ignore[attr-defined]
    with window.ctx.db.session() as s:  # the password is nowhere in the database either
        assert s.execute(text("SELECT count(*) FROM setting WHERE value LIKE '%s3cret%'")).scalar() == 0
    save_organisation(window.ctx.db, Organisation(kind_id=list_member_kinds(window.ctx.db)[0].id, name="萩荘自治会"))
    window.nav.setCurrentRow(1)
    table = window.findChild(QWidget, "members_page").findChild(QTableView, "organisations_table")
    qtbot.waitUntil(lambda: table.model().rowCount() == 1, timeout=10000)  # NOTIFY, or the page's own load
    window.ctx.office.close()
