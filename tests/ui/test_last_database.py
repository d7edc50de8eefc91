"""The window remembers the database it opened last (issue 17): the next start opens it again —
a file, or a server whose connection (host, port, database, user, SSL mode) is kept without its
password; データベースを開く… shows that server filled in. One that cannot be opened any more
(moved, unplugged, the server down) leaves the start on the default database, with a note."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from app.services.members.kinds import list_member_kinds
from app.services.members.organisations import Organisation, list_organisations, save_organisation
from app.services.office.last_opened import last_database, remember_database, settings_file
from app.storage.database import open_database
from app.ui.launch import open_at_start
from tests.helpers.qt_typing import type_text
from tests.ui.test_open_database import _click, _in_dialog, _open_dialog


def _body_file(path: Path, name: str) -> Path:
    db = open_database(path)
    save_organisation(db, Organisation(kind_id=list_member_kinds(db)[0].id, name=name))
    db.close()
    return path


def test_the_file_opened_in_the_window_is_opened_at_the_next_start(qtbot, open_window, db_path, tmp_path) -> None:
    other = _body_file(tmp_path / "青葉" / "aoba.sqlite", "青葉自治会")
    window = open_window(db_path)

    def act(dialog: QWidget) -> None:
        path = dialog.findChild(QLineEdit, "open_file_path")
        path.clear()
        type_text(qtbot, path, str(other))
        _click(qtbot, dialog, "open_database_ok")

    _in_dialog(act)
    _open_dialog(window)
    window.ctx.office.close()

    office, note = open_at_start(None, smoke=False)  # the next start, without --db
    try:
        assert office.path == other.resolve() and note == ""
        assert [o.name for o in list_organisations(office.db)] == ["青葉自治会"]
    finally:
        office.close()


def test_a_server_is_remembered_without_its_password_and_filled_in(qtbot, open_window, db_path) -> None:
    remember_database("postgresql://jimu:ひみつpass@192.0.2.10:5433/kyodo_hagi?sslmode=require")
    kept = settings_file().read_text(encoding="utf-8")
    assert "ひみつ" not in kept and "pass" not in kept
    assert stat.S_IMODE(os.stat(settings_file()).st_mode) == 0o600
    assert last_database() == "postgresql://jimu@192.0.2.10:5433/kyodo_hagi?sslmode=require"
    window = open_window(db_path)
    seen: dict[str, str] = {}

    def act(dialog: QWidget) -> None:
        for name in ("host", "port", "database", "user", "password"):
            seen[name] = dialog.findChild(QLineEdit, f"server_{name}").text()
        seen["sslmode"] = dialog.findChild(QComboBox, "server_sslmode").currentData()
        dialog.reject()

    _in_dialog(act)
    _open_dialog(window)
    assert seen == {"host": "192.0.2.10", "port": "5433", "database": "kyodo_hagi", "user": "jimu",
                    "password": "", "sslmode": "require"}  # fmt: skip


def test_a_remembered_file_that_is_gone_starts_on_the_default_database(tmp_path, monkeypatch) -> None:
    import app.paths

    default = _body_file(tmp_path / "default" / "kyodo.sqlite", "上野原自治会")
    monkeypatch.setattr(app.paths, "default_database_path", lambda: default)
    gone = tmp_path / "usb" / "kyodo.sqlite"  # a memory stick no longer plugged in
    remember_database(gone)
    office, note = open_at_start(None, smoke=False)
    try:
        assert office.path == default
        assert note.startswith(f"前回開いたデータベース 「{gone}」 を開けませんでした。")
        assert f"既定のデータベース「{default}」を開きました" in note
    finally:
        office.close()
    assert not gone.exists()  # never made anew where the old one was
    assert last_database() == default.resolve()


def test_a_damaged_settings_record_is_ignored(tmp_path) -> None:
    settings_file().parent.mkdir(parents=True, exist_ok=True)
    settings_file().write_text("{not json", encoding="utf-8")
    assert last_database() is None
