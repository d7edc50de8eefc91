"""A bulk 名簿 import writes ONE change-log entry per import (not one per field of every row):
each added record's 変更履歴 still shows the import that added it, and updates keep their before/after."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from app.services.history import history_for
from app.services.members.importer import FLUSH_EVERY, commit_member_import, preview_member_import
from app.services.members.people import Member, list_people, save_person
from app.storage.database import Database
from app.storage.models import ChangeLog, Person


def _roster(path: Path, rows: int, first: str = "") -> Path:
    lines = ["氏名,ふりがな,区分,電話"]
    if first:
        lines.append(first)
    lines += [f"会員 {i:05d},かいいん,個人会員,0191-21-{i % 10000:04d}" for i in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _log_rows(db: Database) -> list[ChangeLog]:
    with db.session() as s:
        return list(s.scalars(select(ChangeLog).order_by(ChangeLog.id)))


def test_an_import_of_many_rows_writes_one_entry_and_every_record_shows_it(db: Database, tmp_path) -> None:
    save_person(db, Member(name="既存 花子", furigana="きそん はなこ", phone="0191-21-0000"))
    before = len(_log_rows(db))
    rows = 2 * FLUSH_EVERY + 5  # written in several flushes, still one entry
    sheet = _roster(tmp_path / "名簿.csv", rows, first="既存 花子,きそん はなこ,個人会員,0191-99-0000")
    commit_member_import(db, preview_member_import(db, sheet))

    new = _log_rows(db)[before:]
    imported = [r for r in new if r.operation == "imported"]
    assert len(imported) == 1 and imported[0].table_name == "person"
    assert imported[0].field == "名簿の取り込み（名簿.csv）"
    # the one update keeps its before and after, field by field
    assert [(r.operation, r.field, r.old_value, r.new_value) for r in new if r.operation != "imported"] == [
        ("update", "phone", '"0191-21-0000"', '"0191-99-0000"')]  # fmt: skip
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Person)) == rows + 1

    people = {p.name: p for p in list_people(db)}
    for name in ("会員 00000", f"会員 {rows - 1:05d}"):
        history = history_for(db, Person, people[name].id)
        assert [(h.operation, h.field, h.after) for h in history] == [
            ("取り込みで追加", "名簿の取り込み（名簿.csv）", f"{rows:,}件をまとめて追加")]  # fmt: skip
    assert "取り込みで追加" not in [h.operation for h in history_for(db, Person, people["既存 花子"].id)]
