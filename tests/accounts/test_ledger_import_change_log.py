"""A cash-book import writes ONE change-log entry for the entries it adds (issue 14: a 200,000-row
import wrote 1.8 million rows), and each entry's 変更履歴 still shows the import that added it;
an entry the import updates keeps its before/after."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import func, select

from app.domain.fiscal_year import FiscalYear
from app.services.accounts.ledger import EntryInput, add_entry, list_entries
from app.services.accounts.ledger_import import commit_ledger_import, preview_ledger_import
from app.services.history import history_for
from app.storage.models import ChangeLog, LedgerEntry

FY = FiscalYear(2025)


def _book(path: Path, rows: int) -> Path:
    lines = ["証憑番号,日付,費目,摘要,収入,支出", "1,2025/4/2,消耗品費,コピー用紙（訂正）,,3300"]
    lines += [f"{n + 2},2025/5/{n % 28 + 1},消耗品費,電池 {n},,{100 + n}" for n in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_ledger_import_writes_one_entry_and_each_entry_shows_it(db, cats, tmp_path) -> None:
    first = add_entry(db, FY, EntryInput(date(2025, 4, 2), "expense", cats["消耗品費"], 3000,
                                         description="コピー用紙", voucher_no=1)).value
    with db.session() as s:
        before = s.scalar(select(func.count()).select_from(ChangeLog))
    rows = 300
    commit_ledger_import(db, FY, preview_ledger_import(db, _book(tmp_path / "出納簿.csv", rows), FY))

    with db.session() as s:
        new = list(s.scalars(select(ChangeLog).where(ChangeLog.id > before).order_by(ChangeLog.id)))
        assert s.scalar(select(func.count()).select_from(LedgerEntry)) == rows + 1
    imported = [(r.table_name, r.field) for r in new if r.operation == "imported"]
    assert imported == [("ledger_entry", "出納簿の取り込み（出納簿.csv）")]
    # the entry the sheet corrected: its own before → after, field by field
    assert sorted((r.field, r.old_value, r.new_value) for r in new if r.operation == "update") == [
        ("amount", "3000", "3300"), ("description", '"コピー用紙"', '"コピー用紙(訂正)"')]
    assert len(new) < 10  # not 300 rows × every field
    added = next(e for e in list_entries(db, FY) if e.description == f"電池 {rows - 1}")
    assert [(h.operation, h.field, h.after) for h in history_for(db, LedgerEntry, added.id)] == [
        ("取り込みで追加", "出納簿の取り込み（出納簿.csv）", f"{rows:,}件をまとめて追加")]
    assert "取り込みで追加" not in [h.operation for h in history_for(db, LedgerEntry, first.id)]
