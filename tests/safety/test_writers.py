"""Commands and services that write: imports take the one-writer lock, and imports and closing a
year leave a backup of the file as it was."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest

from app.cli import main as kyodo
from app.domain.fiscal_year import FiscalYear
from app.services.accounts.closing import close_year
from app.storage.backup import REASON_IMPORT, REASON_YEAR_CLOSE, backup_files, table_row_counts
from app.storage.database import open_database
from app.storage.lock import lock_path

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="uses POSIX signals")
REFUSED = "から使用中のため、書き込めません"


def _members_sheet(path: Path) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["区分", "名称", "ふりがな", "電話"])
    ws.append(["自治会", "試験台第一自治会", "しけんだいだいいちじちかい", "0191-00-0000"])
    ws.append(["自治会", "試験台第二自治会", "しけんだいだいにじちかい", ""])
    wb.save(path)
    return path


def _ledger_sheet(path: Path, year: FiscalYear) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["日付", "区分", "費目", "金額", "摘要"])
    ws.append([year.start, "支出", "消耗品費", 1200, "コピー用紙"])
    wb.save(path)
    return path


def _imports(tmp_path: Path, db: Path) -> dict[str, list[str]]:
    year = FiscalYear.current()
    return {
        "members": ["members", "import", str(_members_sheet(tmp_path / "m.xlsx")), "--db", str(db)],
        "ledger": ["ledger", "import", str(_ledger_sheet(tmp_path / "l.xlsx", year)), "--db", str(db),
                   "--year", str(year.year)],
    }  # fmt: skip


def test_imports_refuse_while_another_process_holds_the_file(holder, tmp_path, capsys) -> None:
    path, proc = holder
    before = path.read_bytes()
    for name, argv in _imports(tmp_path, path).items():
        assert kyodo(argv) == 1, name
        err = capsys.readouterr().err
        assert REFUSED in err and "さん（" in err, name
        assert kyodo([*argv, "--dry-run"]) == 0, name  # only reading: allowed meanwhile
        assert "何も変更していません" in capsys.readouterr().out
    assert path.read_bytes() == before
    assert proc.poll() is None  # the holder was left alone


def test_imports_take_the_lock_back_up_first_and_let_go(tmp_path, capsys) -> None:
    path = tmp_path / "office.sqlite"
    assert kyodo(["demo", "--db", str(path)]) == 0
    for name, argv in _imports(tmp_path, path).items():
        made_before = len(backup_files(path))
        assert kyodo(argv) == 0, (name, capsys.readouterr().err)
        assert "取り込みました" in capsys.readouterr().out
        assert not lock_path(path).exists()
        backups = backup_files(path)
        assert len(backups) == made_before + 1 and backups[0].reason == REASON_IMPORT
    counts = table_row_counts(backups_of(path, REASON_IMPORT)[-1])  # the first import's backup
    now = table_row_counts(path)
    assert counts["member_organisation"] == now["member_organisation"] - 2  # made before the import


def backups_of(path: Path, reason: str) -> list[Path]:
    return [f.path for f in backup_files(path) if f.reason == reason]


def test_closing_a_year_backs_up_first_but_a_refused_close_does_not(db_path: Path) -> None:
    from app.services.accounts.categories import list_categories
    from app.services.accounts.ledger import EntryInput, add_entry

    db = open_database(db_path)
    try:
        year = FiscalYear(2025)
        cid = next(c.id for c in list_categories(db) if c.name == "雑収入")
        add_entry(db, year, EntryInput(date(2025, 5, 1), "income", cid, 5000, "寄付"))
        assert close_year(db, year, "総会で承認").value == 5000
        made = backups_of(db_path, REASON_YEAR_CLOSE)
        assert len(made) == 1
        assert table_row_counts(made[0]).get("year_closing_event", 0) == 0  # the file as it was
        with pytest.raises(Exception, match="既に締められています"):
            close_year(db, year)
        assert len(backups_of(db_path, REASON_YEAR_CLOSE)) == 1
    finally:
        db.close()


def test_a_backup_interrupted_half_way_leaves_no_file_that_looks_whole(db, db_path, monkeypatch) -> None:
    import os
    import time

    from app.storage import backup as storage_backup

    def killed(*_args):  # the process dies while the copy is being renamed into place
        raise KeyboardInterrupt

    monkeypatch.setattr(storage_backup.os, "replace", killed)
    with pytest.raises(KeyboardInterrupt):
        storage_backup.make_backup(db_path, REASON_IMPORT)
    monkeypatch.undo()
    assert backup_files(db_path) == []
    folder = storage_backup.backups_dir(db_path)
    assert not list(folder.iterdir())  # no half copy either
    old = folder / f"{db_path.stem}_20250101-000000_{REASON_IMPORT}.sqlite.partial"  # left by a SIGKILL
    old.write_bytes(b"half")
    os.utime(old, (time.time() - 7200, time.time() - 7200))
    made = storage_backup.make_backup(db_path, REASON_IMPORT)
    assert [f.path for f in backup_files(db_path)] == [made] and not old.exists()
