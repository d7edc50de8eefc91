"""Change history of one record, and the trash: what the window and commands show and do."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.services.changes import Changes, Result
from app.services.records import person_of
from app.services.settings import date_style_in
from app.storage.database import Database
from app.storage.history import (
    IMPORTED,
    OPERATION_LABELS,
    field_label,
    imported_in,
    logged_value_beside,
    restore_trash_item,
    table_label,
    table_name_of,
    value_label,
)
from app.storage.models import ChangeLog, TrashItem

ERASED_TEXT = "（消去済み）"
EMPTY_TEXT = "（空欄）"


@dataclass(frozen=True)
class HistoryEntry:
    changed_at: datetime
    operation: str  # 追加 / 変更 / 削除 / ゴミ箱へ / ゴミ箱から復元
    field: str  # Japanese field name
    before: str  # display text ("" where there is no before, e.g. when added)
    after: str
    actor: str
    erased: bool = False
    batch: str = ""  # the same for the fields changed together (one save)


@dataclass(frozen=True)
class TrashEntry:
    id: int
    deleted_at: datetime
    kind: str  # Japanese table name, e.g. 団体情報
    title: str
    record_id: str


def display_value(value: str | None, erased: bool) -> str:
    if erased:
        return ERASED_TEXT
    if value is None:
        return ""
    decoded: Any = json.loads(value)
    if decoded is None or decoded == "":
        return EMPTY_TEXT
    if isinstance(decoded, bool):
        return "はい" if decoded else "いいえ"
    return str(decoded)


def shown_value(session: Session, table: str, field: str, value: str | None, erased: bool, *,
                beside: Callable[[str], Any] | None = None, date_style: str = "wareki") -> str:
    """A logged value as the screens show the field: a code by its word (区分 支出, not expense), the
    id of another record by its name (費目 光熱水費, not 12), a date as the forms print it
    (storage.history.value_label); else as display_value."""
    if not erased and value is not None:
        label = value_label(session, table, field, json.loads(value), beside=beside, date_style=date_style)
        if label is not None:
            return label
    return display_value(value, erased)


def shown_change(session: Session, change: ChangeLog, date_style: str | None = None) -> tuple[str, str]:
    """(before, after) of one logged change in the words the screens use; a word that depends on
    another field (a 記帳's 戻入/戻出 on its 区分) reads that field as it was before and after the
    same save. `date_style`: the office's (read when not given)."""
    style = date_style or date_style_in(session)

    def shown(value: str | None, after: bool) -> str:
        return shown_value(session, change.table_name, change.field, value, change.erased, date_style=style,
                           beside=lambda other: logged_value_beside(session, change, other, after))

    return shown(change.old_value, False), shown(change.new_value, True)


def _table_name(table: str | type) -> str:
    return table if isinstance(table, str) else table_name_of(table)


def history_for(db: Database, table: str | type, record_id: Any) -> list[HistoryEntry]:
    """Every recorded change of one record, oldest first. `table` is a table name or a model class."""
    name = _table_name(table)
    with db.session() as session:
        rows = session.scalars(
            select(ChangeLog)
            .where(ChangeLog.table_name == name, ChangeLog.record_id == str(record_id))
            .order_by(ChangeLog.changed_at, ChangeLog.id)
        ).all()
        style = date_style_in(session)
        entries = [
            HistoryEntry(
                changed_at=r.changed_at,
                operation=OPERATION_LABELS.get(r.operation, r.operation),
                field=field_label(name, r.field),
                before=before,
                after=after,
                actor=person_of(r.actor),
                erased=r.erased,
                batch=r.batch,
            )
            for r in rows
            for before, after in [shown_change(session, r, style)]
        ]
        # added by a bulk import: one entry for the whole import names it and how many it added
        for r in session.scalars(
            select(ChangeLog).where(ChangeLog.table_name == name, ChangeLog.operation == IMPORTED)
        ):
            count = imported_in(r.new_value, str(record_id))
            if count is not None:
                entries.append(HistoryEntry(
                    changed_at=r.changed_at, operation=OPERATION_LABELS[IMPORTED], field=r.field, before="",
                    after=f"{count:,}件をまとめて追加",
                    actor=person_of(r.actor), batch=r.batch,
                ))  # fmt: skip
        return sorted(entries, key=lambda e: e.changed_at)


def list_trash(db: Database) -> list[TrashEntry]:
    """What is in the trash, newest first."""
    with db.session() as session:
        items = session.scalars(
            select(TrashItem).order_by(TrashItem.deleted_at.desc(), TrashItem.id.desc())
        ).all()
        return [
            TrashEntry(i.id, i.deleted_at, table_label(i.table_name), i.title, i.record_id) for i in items
        ]


def restore_from_trash(db: Database, trash_id: int) -> Result[TrashEntry]:
    """Put one trashed record back (ValidationError, nothing changed, when that is not possible)."""
    with db.session.begin() as session:
        item = session.get(TrashItem, trash_id)
        entry = (
            TrashEntry(item.id, item.deleted_at, table_label(item.table_name), item.title, item.record_id)
            if item
            else None
        )
        restore_trash_item(session, trash_id)
    assert entry is not None  # restore_trash_item raised otherwise
    return Result(entry, Changes.everything())  # any kind of record may come back, with what refers to it
