"""Backups: where they go, their names, rotation, once-a-day start-up backups, listing, restore."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import date, datetime
from pathlib import Path

import pytest

from app.cli import main as kyodo
from app.services.backups import (
    REASON_IMPORT,
    BackupError,
    backup_before,
    backup_on_start,
    list_backups,
    restore_database,
)
from app.services.profile import Profile, get_profile, save_profile
from app.services.settings import BACKUP_KEEP_COUNT, write_setting
from app.storage.backup import REASON_MANUAL, REASON_YEAR_CLOSE, backup_files, backups_dir, make_backup
from app.storage.database import Database, open_database


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _demo(tmp_path: Path) -> Path:
    path = tmp_path / "demo.sqlite"
    assert kyodo(["demo", "--db", str(path)]) == 0
    return path


def test_backup_goes_to_a_private_folder_beside_the_database(db: Database, db_path: Path) -> None:
    save_profile(db, Profile(name="甲地域協働体"))
    made = backup_before(db, REASON_IMPORT)
    assert made.parent == db_path.parent / "kyodo_backups"
    assert made.name.startswith(f"kyodo_{datetime.now():%Y%m%d}-") and made.name.endswith("_取込前.sqlite")
    assert made.stat().st_mode & 0o777 == 0o600
    assert made.parent.stat().st_mode & 0o777 == 0o700
    copy = open_database(made)
    assert get_profile(copy).name == "甲地域協働体"
    copy.close()


def test_start_up_backup_at_most_once_a_day(db: Database, db_path: Path) -> None:
    assert backup_on_start(db, today=date.today()) is not None
    assert backup_on_start(db, today=date.today()) is None
    assert len(backup_files(db_path)) == 1
    assert backup_on_start(db, today=date(2099, 1, 1)) is not None  # another day


def test_rotation_keeps_the_newest_per_reason(db: Database, db_path: Path) -> None:
    write_setting(db, BACKUP_KEEP_COUNT, 3)
    year_close = make_backup(db_path, REASON_YEAR_CLOSE, now=datetime(2025, 3, 31, 17, 0))
    for day in range(1, 6):
        make_backup(db_path, REASON_MANUAL, keep=3, now=datetime(2025, 4, day, 9, 0))
    manual = [f.made_at.day for f in backup_files(db_path) if f.reason == REASON_MANUAL]
    assert manual == [5, 4, 3]  # newest first; the two oldest were removed
    assert year_close.exists()  # a flood of other backups never pushes out the year-close copy


def test_listing_counts_every_table_with_rows_without_touching_the_files(tmp_path: Path) -> None:
    path = _demo(tmp_path)
    con = sqlite3.connect(path)  # a table that a later version adds: counted without code changes
    con.execute("CREATE TABLE member (id INTEGER PRIMARY KEY, name TEXT)")
    con.executemany("INSERT INTO member (name) VALUES (?)", [("架空 一郎",), ("架空 二郎",)])
    con.commit()
    con.close()
    assert kyodo(["backup", "--db", str(path)]) == 0
    [backup] = backup_files(path)
    before = (_digest(backup.path), backup.path.stat().st_mtime_ns)
    [info] = list_backups(path)
    assert info.reason == "手動" and info.problem is None
    assert info.count_of("団体情報") == 1 and info.count_of("年度") == 3
    assert info.count_of("member") == 2
    assert "団体情報 1件" in info.counts_text
    assert (_digest(backup.path), backup.path.stat().st_mtime_ns) == before
    assert sorted(p.name for p in backup.path.parent.iterdir()) == [backup.path.name]  # no -wal/-shm


def test_restore_brings_back_the_data_and_keeps_the_current_file(tmp_path: Path) -> None:
    path = _demo(tmp_path)
    assert kyodo(["backup", "--db", str(path)]) == 0
    [backup] = backup_files(path)
    db = open_database(path)
    save_profile(db, Profile(name="書き換えた名前"))
    db.close()
    result = restore_database(backup.path, path)
    db = open_database(path)
    assert get_profile(db).name == "みどり野地域協働体"
    db.close()
    assert result.kept_current is not None and "復元前" in result.kept_current.name
    kept = open_database(result.kept_current)
    assert get_profile(kept).name == "書き換えた名前"
    kept.close()
    assert path.stat().st_mode & 0o777 == 0o600
    assert not path.with_name(path.name + ".restoring").exists()


def test_restore_refuses_a_file_that_is_not_ours_and_changes_nothing(
    db: Database, db_path: Path, tmp_path
) -> None:
    save_profile(db, Profile(name="甲地域協働体"))
    db.close()
    notes = tmp_path / "notes.sqlite"
    notes.write_text("メモ", encoding="utf-8")
    before = _digest(db_path)
    with pytest.raises(BackupError, match="協働デスクのデータベースではありません"):
        restore_database(notes, db_path)
    assert _digest(db_path) == before
    assert not backups_dir(db_path).exists()


def test_backup_and_restore_commands(tmp_path: Path, capsys) -> None:
    path = _demo(tmp_path)
    out = tmp_path / "copy.sqlite"
    assert kyodo(["backup", "--db", str(path), "--out", str(out)]) == 0
    assert out.stat().st_mode & 0o777 == 0o600
    assert "団体情報 1件" in capsys.readouterr().out
    assert kyodo(["backup", "--db", str(path), "--out", str(out)]) == 1  # never overwrites
    assert "既にあります" in capsys.readouterr().err

    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"not a database at all")
    before = _digest(path)
    assert kyodo(["restore", str(bad), "--db", str(path)]) == 1
    assert "協働デスクのデータベースではありません" in capsys.readouterr().err
    assert _digest(path) == before

    assert kyodo(["restore", str(out), "--db", str(path)]) == 0
    printed = capsys.readouterr().out
    assert "復元しました" in printed and "復元前のファイルはバックアップとして残しました" in printed
    assert [f.reason for f in backup_files(path)] == ["復元前"]
    assert not path.with_name(path.name + ".lock").exists()


def test_journal_files_of_the_database_are_private_too(db: Database, db_path: Path) -> None:
    save_profile(db, Profile(name="甲地域協働体"))  # the open connection keeps -wal and -shm beside the file
    journals = [db_path.with_name(db_path.name + s) for s in ("-wal", "-shm")]
    assert all(j.exists() and j.stat().st_mode & 0o077 == 0 for j in journals)
