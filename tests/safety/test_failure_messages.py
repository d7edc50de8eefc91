"""Failures that are not the input's — a busy database, a full disk, a read-only file or folder, a
folder / empty / foreign / missing file as --db, a fault of the program — each reach the person as
one Japanese sentence naming the file, exit 1, nothing changed, no traceback, no SQL, no personal data.

Where the failure cannot be provoked for real on every machine (tests run as root, which ignores
file permissions), SQLite itself is made to fail the same way (a page limit = a full disk,
query_only = a read-only file) or the OS error is raised where the OS would raise it.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import stat
from pathlib import Path

import pytest

from app.cli import main as kyodo
from app.storage import engine as storage_engine

PERSON = "山田太郎"
MEMBERS_CSV = f"氏名,ふりがな,区分,電話\n{PERSON},やまだたろう,個人会員,0191-23-4567\n"
AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


@pytest.fixture
def office_db(tmp_path: Path) -> Path:
    path = tmp_path / "kyodo.sqlite"
    assert kyodo(["new", "--db", str(path), "--body", "ひばり野地域協働体", "--year", "2025"]) == 0
    return path


@pytest.fixture
def members_csv(tmp_path: Path) -> Path:
    path = tmp_path / "名簿.csv"
    path.write_text(MEMBERS_CSV, encoding="utf-8")
    return path


def _people(path: Path) -> int:
    with sqlite3.connect(path) as con:
        return con.execute("SELECT count(*) FROM person").fetchone()[0]


def _refused(capsys, argv: list[str]) -> str:
    """Run `kyodo argv`: exit 1 and one message on stderr, without a traceback, SQL or the person."""
    assert kyodo(argv) == 1
    err = capsys.readouterr().err
    for leaked in ("Traceback", "INSERT", "UPDATE", "[SQL", "parameters", PERSON, "0191-23-4567"):
        assert leaked not in err
    return err


def _import(db: Path, csv: Path) -> list[str]:
    return ["members", "import", str(csv), "--db", str(db)]


def _export(db: Path, tmp_path: Path) -> list[str]:
    return ["export", "members", "--db", str(db), "--year", "2025", "--format", "xlsx", "--out", str(tmp_path / "o.xlsx")]


# -- what is given as --db -------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["export", "import"])
def test_a_missing_database_is_not_created_by_export_or_import(tmp_path, capsys, members_csv, command) -> None:
    missing = tmp_path / "どこにもない.sqlite"
    argv = _export(missing, tmp_path) if command == "export" else _import(missing, members_csv)
    assert "が見つかりません" in _refused(capsys, argv)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["名簿.csv"]  # no database, lock or backups


@pytest.mark.parametrize("command", ["export", "import"])
def test_a_zero_byte_file_is_refused_and_stays_empty(tmp_path, capsys, members_csv, command) -> None:
    empty = tmp_path / "kyodo.sqlite"
    empty.write_bytes(b"")
    argv = _export(empty, tmp_path) if command == "export" else _import(empty, members_csv)
    err = _refused(capsys, argv)
    assert "「kyodo.sqlite」は空のファイル（0バイト）" in err and "バックアップから復元" in err
    assert empty.stat().st_size == 0 and not (tmp_path / "o.xlsx").exists()


def test_a_folder_given_as_database_is_named_as_a_folder(tmp_path, capsys) -> None:
    folder = tmp_path / "データ"
    folder.mkdir()
    err = _refused(capsys, _export(folder, tmp_path))
    assert "「データ」" in err and "フォルダです" in err and "ファイルを指定してください" in err
    assert list(folder.iterdir()) == []


def test_a_file_that_is_not_a_database_is_refused_unchanged(tmp_path, capsys, members_csv) -> None:
    other = tmp_path / "メモ.sqlite"
    other.write_text("会議のメモ\n", encoding="utf-8")
    err = _refused(capsys, _import(other, members_csv))
    assert "「メモ.sqlite」は協働デスクのデータベースではありません" in err
    assert other.read_text(encoding="utf-8") == "会議のメモ\n"


# -- the database file fails while we write --------------------------------------------------------


def test_a_database_held_by_another_program_is_reported_as_busy(office_db, members_csv, capsys, monkeypatch) -> None:
    monkeypatch.setattr(storage_engine, "BUSY_TIMEOUT_MS", 200)  # the real 10 s would only slow the test
    other = sqlite3.connect(office_db, isolation_level=None)  # e.g. DB Browser with a change pending
    other.execute("BEGIN EXCLUSIVE")
    try:
        err = _refused(capsys, _import(office_db, members_csv))
    finally:
        other.rollback()
        other.close()
    assert "「kyodo.sqlite」" in err and "他のプログラムが使用中" in err and "閉じてから" in err
    assert "何も変更していません" in err
    assert _people(office_db) == 0


def _with_pragma(monkeypatch, pragma: str) -> None:
    """Every connection the program opens from now on also runs `pragma` (SQLite then fails for real)."""
    original = storage_engine._set_sqlite_pragmas

    def with_extra(dbapi_connection, record) -> None:
        original(dbapi_connection, record)
        dbapi_connection.execute(pragma)

    monkeypatch.setattr(storage_engine, "_set_sqlite_pragmas", with_extra)


def test_a_full_disk_during_import_changes_nothing(office_db, tmp_path, capsys, monkeypatch) -> None:
    many = tmp_path / "大きな名簿.csv"  # more rows than the free pages of a new database hold
    many.write_text(MEMBERS_CSV + "".join(f"会員{i},かいいん,個人会員,\n" for i in range(3000)), encoding="utf-8")
    with sqlite3.connect(office_db) as con:
        pages = con.execute("PRAGMA page_count").fetchone()[0]
    _with_pragma(monkeypatch, f"PRAGMA max_page_count={pages}")  # not one page more: SQLITE_FULL
    err = _refused(capsys, _import(office_db, many))
    assert "ディスクの空きが足りない" in err and "「kyodo.sqlite」" in err and "何も変更していません" in err
    monkeypatch.undo()
    assert _people(office_db) == 0


def test_a_full_disk_during_backup_out_leaves_no_partial_file(office_db, tmp_path, capsys, monkeypatch) -> None:
    import app.storage.backup as storage_backup

    def full(_src, dst) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(dst))

    monkeypatch.setattr(storage_backup.os, "replace", full)
    out = tmp_path / "usb" / "控え.sqlite"
    err = _refused(capsys, ["backup", "--db", str(office_db), "--out", str(out)])
    assert "ディスクの空きが足りません" in err and "空きを作って" in err
    assert not out.exists() and not any(p.name.endswith(".partial") for p in out.parent.iterdir())


def test_a_read_only_database_file_is_reported_as_read_only(office_db, members_csv, capsys, monkeypatch) -> None:
    _with_pragma(monkeypatch, "PRAGMA query_only=ON")  # SQLite answers as for a read-only file
    err = _refused(capsys, _import(office_db, members_csv))
    assert "「kyodo.sqlite」" in err and "読み取り専用" in err and "何も変更していません" in err
    monkeypatch.undo()
    assert _people(office_db) == 0


def test_a_folder_that_cannot_be_written_is_not_called_damaged(office_db, tmp_path, capsys, monkeypatch) -> None:
    import app.storage.database as storage_database

    real_connect = sqlite3.connect

    def cannot_open(target, *args, **kwargs):
        if "mode=ro" in str(target):  # SQLite cannot make the -shm file in a read-only folder
            error = sqlite3.OperationalError("unable to open database file")
            error.sqlite_errorname = "SQLITE_CANTOPEN"
            raise error
        return real_connect(target, *args, **kwargs)

    monkeypatch.setattr(storage_database.sqlite3, "connect", cannot_open)
    err = _refused(capsys, _export(office_db, tmp_path))
    assert "「kyodo.sqlite」" in err and "開けませんでした" in err and "フォルダに書き込めるか" in err
    assert "壊れている" not in err.replace("壊れているのではありません", "")


@pytest.mark.skipif(AS_ROOT, reason="root ignores file permissions")
def test_real_read_only_file_and_folder(office_db, members_csv, tmp_path, capsys) -> None:
    office_db.chmod(stat.S_IRUSR)
    try:
        assert "読み取り専用" in _refused(capsys, _import(office_db, members_csv))
    finally:
        office_db.chmod(stat.S_IRUSR | stat.S_IWUSR)
    for leftover in ("-wal", "-shm"):
        office_db.with_name(office_db.name + leftover).unlink(missing_ok=True)
    tmp_path.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        err = _refused(capsys, _export(office_db, tmp_path))
    finally:
        tmp_path.chmod(stat.S_IRWXU)
    assert "壊れているため" not in err


# -- a fault of the program -------------------------------------------------------------------------


def test_an_unexpected_error_is_logged_beside_the_database_without_personal_data(
    office_db, tmp_path, capsys, monkeypatch
) -> None:
    import app.services.reports as reports

    detail = f"row for {PERSON} tel 0191-23-4567 mail 'taro@example.jp' failed"  # data in the text

    def broken(*_args, **_kwargs):
        raise RuntimeError(detail)

    monkeypatch.setattr(reports, "export_report", broken)
    err = _refused(capsys, _export(office_db, tmp_path))
    log = tmp_path / "kyodo.crash.log"
    assert "予期しない誤り" in err and f"「{log}」" in err
    text = log.read_text(encoding="utf-8")
    assert "RuntimeError" in text and "kyodo export" in text
    assert "raise RuntimeError" in text  # the code line where it happened
    for personal in (PERSON, "0191", "4567", "taro", "example.jp"):
        assert personal not in text
    if not AS_ROOT:
        assert stat.S_IMODE(log.stat().st_mode) == 0o600
    assert kyodo(_export(office_db, tmp_path)) == 1  # a second fault is appended to the same log
    assert log.read_text(encoding="utf-8").count("=== ") == 2
