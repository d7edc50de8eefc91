"""The Office: what opening an office's data does, for the window and the command line alike."""

from __future__ import annotations

import os
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from app.domain.fiscal_year import FiscalYear
from app.services.backups import BackupError, list_backups
from app.services.fiscal_years import list_fiscal_years
from app.services.office import DatabaseInUse, Office, OfficeOpenError, read_lock
from app.services.profile import Profile, get_profile, save_profile
from app.storage.schema import HEAD_REVISION

TODAY = date(2025, 6, 1)


def _reasons(path: Path) -> list[str]:
    return [b.reason for b in list_backups(path)]


def test_a_new_file_is_created_locked_backed_up_and_has_this_years_fiscal_year(db_path: Path) -> None:
    with Office.open(db_path) as office:
        assert not office.read_only and office.holds_lock
        assert read_lock(db_path) is not None  # the lock file names us to other PCs
        assert list_fiscal_years(office.db) == [FiscalYear.of(date.today())]
        assert _reasons(db_path) == ["起動時"]
    with Office.open(db_path) as again:  # once a day
        assert _reasons(db_path) == ["起動時"]
        assert again.notices == []


def test_close_releases_the_lock(db_path: Path) -> None:
    office = Office.open(db_path, today=TODAY)
    office.close()
    assert read_lock(db_path) is None
    with Office.open(db_path, today=TODAY) as next_one:
        assert not next_one.read_only


def test_a_second_office_opens_read_only_and_names_the_holder(db_path: Path) -> None:
    with Office.open(db_path, today=TODAY) as first:
        save_profile(first.db, Profile(name="ひばり野地域協働体"))
        with Office.open(db_path, today=TODAY) as second:
            assert second.read_only and not second.holds_lock
            assert second.holder is not None and second.holder.pid == os.getpid()
            assert len(second.notices) == 1 and "読み取り専用で開きました" in second.notices[0]
            assert f"{second.holder.user or '不明'}さん" in second.notices[0]
            assert get_profile(second.db).name == "ひばり野地域協働体"  # reading works
            with pytest.raises(Exception, match="readonly|read-only|query_only"):
                save_profile(second.db, Profile(name="別の名前"))
        # a command that writes is refused, naming the holder
        with pytest.raises(DatabaseInUse, match="使用中のため、書き込めません"):
            Office.open(db_path, if_held="refuse")
    assert read_lock(db_path) is None


def test_an_old_version_file_is_upgraded_after_a_backup(db_path: Path) -> None:
    from alembic import command

    from app.storage.engine import sqlite_engine
    from app.storage.migrations import _config

    engine = sqlite_engine(db_path)
    with engine.begin() as connection:
        command.upgrade(_config(connection), "0001_foundation")
    engine.dispose()
    with Office.open(db_path, today=TODAY):
        pass
    assert sorted(_reasons(db_path)) == sorted(["移行前", "起動時"])
    migration = next(b for b in list_backups(db_path) if b.reason == "移行前")
    with sqlite3.connect(migration.path) as con:
        assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001_foundation"
    with sqlite3.connect(db_path) as con:
        assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == HEAD_REVISION


def test_files_that_are_not_ours_are_refused_in_japanese_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_text("これはメモです", encoding="utf-8")
    with pytest.raises(OfficeOpenError, match="協働デスクのデータベースではありません"):
        Office.open(path)
    assert path.read_text(encoding="utf-8") == "これはメモです"
    assert read_lock(path) is None  # the lock taken for opening was given back
    with pytest.raises(OfficeOpenError, match="サーバー「127.0.0.1:1」に接続できません"):
        Office.open("postgresql://kyodo@127.0.0.1:1/kyodo")  # no server there: a message, not a traceback


def test_restore_brings_the_backup_back_and_keeps_the_current_data(db_path: Path) -> None:
    with Office.open(db_path, today=TODAY) as office:
        save_profile(office.db, Profile(name="復元前の名前"))
        made = office.backup()
        assert made.name.endswith("_手動.sqlite")
        save_profile(office.db, Profile(name="あとで変えた名前"))

        result = office.restore(made)

        assert get_profile(office.db).name == "復元前の名前"
        assert result.kept_current is not None and result.kept_current.name.endswith("_復元前.sqlite")
        assert office.holds_lock  # still ours: nobody else wrote in between
        with pytest.raises(BackupError):
            office.restore(db_path)  # the database itself is no backup: refused, data kept
        assert get_profile(office.db).name == "復元前の名前"


def test_a_command_that_only_reads_opens_without_the_lock_and_without_start_up_steps(db_path: Path) -> None:
    Office.open(db_path, today=TODAY).close()
    with Office.open(db_path, today=TODAY) as window:
        with Office.open(db_path, lock=False, start_up=False, create=False) as reader:
            assert not reader.read_only and not reader.holds_lock
        assert window.holds_lock
    with pytest.raises(OfficeOpenError, match="見つかりません"):
        Office.open(db_path.with_name("none.sqlite"), create=False, start_up=False)


def test_services_get_the_session_factory_from_the_office(db_path: Path) -> None:
    from sqlalchemy import text

    with Office.open(db_path, today=TODAY) as office, office.session() as session:
        assert session.execute(text("SELECT year FROM fiscal_year")).scalars().all() == [2025]
