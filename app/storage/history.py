"""Change history and trash for every model that opts in, with no code in the services.

A model inherits `Audited`; from then on every insert, update and delete of it made through a
Session is written to `change_log`, one row per field (before → after), in the same transaction
as the change itself (session events before_flush / after_flush). Bulk UPDATE/DELETE statements
on an audited model are refused, because they would bypass the log.

`move_to_trash(session, obj)` keeps the whole row as JSON in `trash` and deletes it;
`restore_trash_item(session, trash_id)` puts it back when its id is free and what it refers to exists.

Erasing personal data later (a member who left): change the fields through the ORM, then call
`erase_field_values(session, table, record_id, fields)`; it blanks every logged value of those
fields (also the one that records the erasure itself) and the same fields in trash copies.
"""

from __future__ import annotations

import getpass
import importlib
import json
import socket
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any, ClassVar

from sqlalchemy import (
    CursorResult,
    Date,
    DateTime,
    Table,
    event,
    func,
    insert,
    inspect,
    select,
    update,
)
from sqlalchemy.orm import Mapper, ORMExecuteState, Session, UOWTransaction

from app.domain.money import format_yen
from app.domain.validation import Problem, ValidationError
from app.domain.wareki import format_date
from app.storage.base import Base
from app.storage.models_safety import ChangeLog, TrashItem

INSERT, UPDATE, DELETE, TRASH, RESTORE = "insert", "update", "delete", "trash", "restore"
IMPORTED = "imported"  # one row for every record a bulk import added (summarised_inserts)
OPERATION_LABELS = {
    INSERT: "追加",
    IMPORTED: "取り込みで追加",
    UPDATE: "変更",
    DELETE: "削除",
    TRASH: "ゴミ箱へ",
    RESTORE: "ゴミ箱から復元",
}


class Audited:
    """Mixin: the model's changes are recorded in the change log.

    `__field_labels__` gives the Japanese name of each field for the history screen;
    `__value_labels__` the words the screens use for a field's stored codes (区分 expense → 支出);
    `__value_labels_with__` those whose word depends on another field of the record: field → (that
    field, word(value, its value)) — a 記帳's kind refund is 戻入 or 戻出 as its direction says;
    `__money_fields__` the fields holding whole yen (shown 1,000円);
    `__audit_exclude__` lists fields not worth recording.
    """

    __audit_exclude__: ClassVar[frozenset[str]] = frozenset({"created_at", "updated_at", "version"})
    __field_labels__: ClassVar[dict[str, str]] = {}
    __value_labels__: ClassVar[dict[str, Mapping[str, str]]] = {}
    __value_labels_with__: ClassVar[dict[str, tuple[str, Callable[[Any, Any], str | None]]]] = {}
    __money_fields__: ClassVar[frozenset[str]] = frozenset()


# -- values as text -------------------------------------------------------------------------------
def to_jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, bytes):
        return value.hex()
    return value


def table_name_of(obj: object) -> str:
    """The table a mapped object's row lives in."""
    table = inspect(obj).mapper.local_table
    assert isinstance(table, Table)  # every model maps one table
    return table.name


def _dump(value: Any) -> str:
    return json.dumps(to_jsonable(value), ensure_ascii=False, default=str)


dump_value = _dump  # a value as the change log stores it (to look a record's changes up by value)


def record_id_of(obj: Any) -> str:
    key = inspect(obj).mapper.primary_key_from_instance(obj)
    return str(key[0]) if len(key) == 1 else json.dumps([to_jsonable(k) for k in key], ensure_ascii=False)


def _columns(obj: Any) -> list[tuple[str, Any]]:
    """(attribute key, Column) of the object's mapped columns, in table order."""
    mapper = inspect(obj).mapper
    return [
        (prop.key, prop.columns[0])
        for prop in mapper.column_attrs
        if isinstance(prop.columns[0].table, Table)
    ]


def _recorded_fields(obj: Any) -> list[tuple[str, Any]]:
    """Fields worth a line in the history; the primary key is already the record's id."""
    excluded = type(obj).__audit_exclude__
    return [(key, col) for key, col in _columns(obj) if key not in excluded and not col.primary_key]


_ACTOR: list[str] = []


def _actor() -> str:
    """「user@PC名」: the OS user and the PC — offices often share one Windows account on every PC, so
    the PC's name is what tells 事務局長's desk from the front desk (records.person_of shows it)."""
    if not _ACTOR:
        try:
            user = getpass.getuser()
        except (ImportError, KeyError, OSError):  # no user name in the environment
            user = ""
        host = socket.gethostname()
        _ACTOR.append(f"{user}@{host}"[:100] if host else user)
    return _ACTOR[0]


# -- recording ------------------------------------------------------------------------------------
_PENDING = "kyodo_audit_pending"
_SUMMARY = "kyodo_audit_summary"  # table → ids of the rows added inside summarised_inserts
_KINDS = "kyodo_audit_kinds"  # id(obj) -> TRASH / RESTORE, set by the trash functions

LogRow = dict[str, Any]  # the values of one change_log row, before the flush's common stamp


def _change_log_table() -> Table:
    return Base.metadata.tables[ChangeLog.__tablename__]


def _row(session: Session, obj: Any, operation: str, field: str, old: str | None, new: str | None) -> LogRow:
    kind = session.info.get(_KINDS, {}).get(id(obj), operation)
    return {
        "table_name": obj.__table__.name,
        "record_id": record_id_of(obj),
        "operation": kind,
        "field": field,
        "old_value": old,
        "new_value": new,
    }


def _meaningful(value: Any) -> bool:
    return value is not None and value != ""


def _update_rows(session: Session, obj: Any) -> list[LogRow]:
    state = inspect(obj)
    rows = []
    unknown_old: list[str] = []
    changes: list[tuple[str, Any, Any]] = []
    for key, _col in _recorded_fields(obj):
        hist = state.attrs[key].history
        if not hist.added:
            continue
        new = hist.added[0]
        if hist.deleted:
            old = hist.deleted[0]
        else:  # the old value was never loaded: ask the database
            unknown_old.append(key)
            old = None
        changes.append((key, old, new))
    if unknown_old:
        mapper = state.mapper
        cols = [mapper.attrs[k].columns[0] for k in unknown_old]
        where = [
            c == v for c, v in zip(mapper.primary_key, mapper.primary_key_from_instance(obj), strict=True)
        ]
        found = session.connection().execute(select(*cols).where(*where)).first()
        stored = dict(zip(unknown_old, found or [None] * len(cols), strict=True))
        changes = [(k, stored.get(k, old), new) for k, old, new in changes]
    for key, old, new in changes:
        if old != new:
            rows.append(_row(session, obj, UPDATE, key, _dump(old), _dump(new)))
    return rows


def _snapshot_rows(session: Session, obj: Any, operation: str) -> list[LogRow]:
    rows = []
    for key, _col in _recorded_fields(obj):
        value = getattr(obj, key)
        if _meaningful(value):
            old, new = (None, _dump(value)) if operation == INSERT else (_dump(value), None)
            rows.append(_row(session, obj, operation, key, old, new))
    return rows


@event.listens_for(Session, "before_flush")
def _before_flush(session: Session, _flush_context: UOWTransaction, _instances: object) -> None:
    # Updates and deletes are read before the flush, while the old values are still at hand.
    pending: list[LogRow] = []
    for obj in session.dirty:
        if isinstance(obj, Audited) and session.is_modified(obj, include_collections=False):
            pending.extend(_update_rows(session, obj))
    for obj in session.deleted:
        if isinstance(obj, Audited):
            pending.extend(_snapshot_rows(session, obj, DELETE))
    session.info[_PENDING] = pending  # replaces what a failed earlier flush may have left


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _flush_context: UOWTransaction) -> None:
    # Inserts are read after the flush, when their ids exist.
    rows = session.info.pop(_PENDING, [])
    summary: dict[str, list[int]] | None = session.info.get(_SUMMARY)
    for obj in session.new:
        if isinstance(obj, Audited):
            key = inspect(obj).mapper.primary_key_from_instance(obj)
            if summary is not None and len(key) == 1 and isinstance(key[0], int):
                summary.setdefault(table_name_of(obj), []).append(key[0])
                continue
            rows.extend(_snapshot_rows(session, obj, INSERT))
    session.info.pop(_KINDS, None)
    if rows:
        stamp = {
            "changed_at": datetime.now().replace(microsecond=0),
            "batch": uuid.uuid4().hex,
            "actor": _actor(),
        }
        session.connection().execute(
            insert(_change_log_table()), [{**stamp, **r, "erased": False} for r in rows]
        )


def id_ranges(ids: Iterable[int]) -> list[list[int]]:
    """[1, 2, 3, 7, 8] → [[1, 3], [7, 8]]: the ids of an import, compactly."""
    ranges: list[list[int]] = []
    for n in sorted(ids):
        if ranges and n == ranges[-1][1] + 1:
            ranges[-1][1] = n
        else:
            ranges.append([n, n])
    return ranges


@contextmanager
def summarised_inserts(session: Session, label: str) -> Iterator[None]:
    """Rows added inside are not logged field by field: on leaving, one change-log row per table
    says that `label` (e.g. 「名簿の取り込み（名簿.xlsx）」) added them, with their ids as ranges.
    A 200,000-row import writes one row instead of 1.4 million; each record's history still shows
    the import (app.services.history), and its values are the record itself. Updates and deletes
    inside are logged as always (they need their before values)."""
    gathered: dict[str, list[int]] = {}
    session.info[_SUMMARY] = gathered
    try:
        yield
        session.flush()
    finally:
        session.info.pop(_SUMMARY, None)
    stamp = {"changed_at": datetime.now().replace(microsecond=0), "batch": uuid.uuid4().hex, "actor": _actor()}
    rows = [
        {**stamp, "table_name": table, "record_id": "", "operation": IMPORTED, "field": label[:100],
         "old_value": None, "new_value": json.dumps({"count": len(ids), "ids": id_ranges(ids)}), "erased": False}
        for table, ids in gathered.items()
    ]  # fmt: skip
    if rows:
        session.connection().execute(insert(_change_log_table()), rows)


def imported_in(entry_value: str | None, record_id: str) -> int | None:
    """How many records the import entry added, when it added `record_id`; else None."""
    try:
        summary = json.loads(entry_value or "{}")
        n = int(record_id)
    except (ValueError, TypeError):
        return None
    covered = any(low <= n <= high for low, high in summary.get("ids", []))
    return int(summary.get("count", 0)) if covered else None


@event.listens_for(Session, "do_orm_execute")
def _refuse_bulk_changes(state: ORMExecuteState) -> None:
    mapper = state.bind_mapper
    if (state.is_update or state.is_delete) and mapper is not None and issubclass(mapper.class_, Audited):
        raise RuntimeError(
            f"{mapper.class_.__name__} is audited: change its rows through the ORM "
            "(load, set attributes, session.delete) so that the change log records them"
        )


# -- models by table name -------------------------------------------------------------------------
def _all_subclasses(cls: type[object]) -> Iterable[type[object]]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _all_subclasses(sub)


def model_for_table(table_name: str) -> type | None:
    """The mapped class of a table: the app's models, and any audited model (also test models)."""
    for mapper in Base.registry.mappers:
        if getattr(mapper.local_table, "name", None) == table_name:
            return mapper.class_
    for cls in _all_subclasses(Audited):
        if getattr(cls, "__tablename__", None) == table_name:
            return cls
    return None


def table_label(table_name: str) -> str:
    cls = model_for_table(table_name)
    return getattr(cls, "__label__", table_name) if cls else table_name


# fields many tables keep for their own bookkeeping, as the change history names them where the model
# gives no label (a user reading the history never sees a column name such as account_id)
SHARED_FIELD_LABELS = {
    "year": "年度", "account_id": "口座", "book_id": "会計", "transfer_id": "振替", "source": "作成元",
    "position": "並び順", "sort_order": "並び順", "heading": "見出し", "role": "役割", "group_key": "まとめ",
    "series_key": "繰り返しの予約", "ledger_entry_id": "出納簿の記帳", "organisation_id": "構成団体",
    "person_id": "個人会員", "category_id": "費目", "project_id": "事業", "room_id": "部屋", "user_id": "利用団体",
}


def field_label(table_name: str, field: str) -> str:
    cls = model_for_table(table_name)
    labels = getattr(cls, "__field_labels__", {}) if cls else {}
    return labels.get(field) or SHARED_FIELD_LABELS.get(field, field)


def record_name(obj: Any) -> str | None:
    """What people call a record (its name, title or key), if it has one."""
    for key in ("name", "title", "key"):
        value = getattr(obj, key, None)
        if isinstance(value, str) and value.strip():
            return value.strip()[:200]
    return None


def value_label(
    session: Session,
    table_name: str,
    field: str,
    value: Any,
    *,
    beside: Callable[[str], Any] | None = None,
    date_style: str = "wareki",
) -> str | None:
    """A stored value of `field` as the screens name it, when it is not shown as stored: a code by
    its word (`__value_labels__`: 区分 expense → 支出; `__value_labels_with__`, asking `beside` for
    the other field's value: kind refund → 戻入), an amount in yen (`__money_fields__`: 1000 →
    1,000円), a date in the office's `date_style` (令和7年4月1日 or 2025/4/1), the id of another
    record by that record's name (費目 12 → 光熱水費, 部屋 3 → 和室; one deleted since by the name it
    had: 和室（削除済み）). None: the value speaks for itself, or names nothing stored."""
    cls = model_for_table(table_name)
    if cls is None or value is None:
        return None
    if field in getattr(cls, "__money_fields__", ()):
        return format_yen(value) if isinstance(value, int) and not isinstance(value, bool) else None
    words: Mapping[str, str] | None = getattr(cls, "__value_labels__", {}).get(field)
    if words is not None:
        return words.get(value) if isinstance(value, str) else None
    depending = getattr(cls, "__value_labels_with__", {}).get(field)
    if depending is not None:
        other, word = depending
        return word(value, beside(other)) if beside is not None else None
    table = getattr(cls, "__table__", None)
    column = table.columns.get(field) if isinstance(table, Table) else None
    if column is None:
        return None
    if isinstance(column.type, Date | DateTime):
        return _date_text(value, date_style)
    for fk in column.foreign_keys:
        target = model_for_table(fk.column.table.name)
        mapper: Mapper[Any] | None = inspect(target) if target is not None else None
        if target is None or mapper is None or [c.name for c in mapper.primary_key] != [fk.column.name]:
            continue  # part of a composite key: not one record's id
        row = session.get(target, value)
        return record_name(row) if row is not None else gone_record_text(session, fk.column.table.name, value)
    return None


def _date_text(value: Any, style: str) -> str | None:
    """A logged date (2025-04-01) or time (2025-04-01T09:30:00) as the forms print it."""
    try:
        when = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None
    if when is None:
        return None
    shown = format_date(when.date(), style)
    return shown if len(value) <= len("2025-04-01") else f"{shown} {when:%H:%M}"


NAME_FIELDS = ("name", "title", "key")  # what people call a record (record_name), in this order


def gone_record_text(session: Session, table_name: str, record_id: Any) -> str:
    """A record that is no longer stored, as 「和室（削除済み）」 by the last name the change log saw it
    with, else 「（削除済み: 番号 12）」 (its name never logged, or erased)."""
    logged = session.execute(
        select(ChangeLog.new_value, ChangeLog.old_value)
        .where(ChangeLog.table_name == table_name, ChangeLog.record_id == str(record_id),
               ChangeLog.field.in_(NAME_FIELDS), ChangeLog.erased.is_(False))
        .order_by(ChangeLog.id.desc())
    )  # fmt: skip
    for new, old in logged:
        name = json.loads(new if new is not None else old or "null")
        if isinstance(name, str) and name.strip():
            return f"{name.strip()[:200]}（削除済み）"
    return f"（削除済み: 番号 {record_id}）"


def logged_value_beside(session: Session, entry: ChangeLog, field: str, after: bool) -> Any:
    """What another `field` of `entry`'s record held just before (`after` False) or after the save
    that logged `entry`: as that save logged it, else as last logged before it, else as stored now
    (a record added by an import, whose values were never logged field by field). None: not known."""
    same_field = (ChangeLog.table_name == entry.table_name, ChangeLog.record_id == entry.record_id,
                  ChangeLog.field == field, ChangeLog.erased.is_(False))
    same_save = session.scalars(select(ChangeLog).where(*same_field, ChangeLog.batch == entry.batch)).first()
    if same_save is not None:
        raw = same_save.new_value if after else same_save.old_value
        return None if raw is None else json.loads(raw)
    earlier = session.scalars(
        select(ChangeLog).where(*same_field, ChangeLog.id < entry.id).order_by(ChangeLog.id.desc()).limit(1)
    ).first()
    if earlier is not None:
        raw = earlier.old_value if earlier.operation in (DELETE, TRASH) else earlier.new_value
        return None if raw is None else json.loads(raw)
    cls = model_for_table(entry.table_name)
    row = session.get(cls, int(entry.record_id)) if cls is not None and entry.record_id.isdigit() else None
    return getattr(row, field, None)


# -- trash ----------------------------------------------------------------------------------------
def _title(obj: Any) -> str:
    return record_name(obj) or f"{getattr(type(obj), '__label__', obj.__table__.name)} {record_id_of(obj)}"


def _referencing_counts(session: Session, obj: Any) -> list[tuple[str, int]]:
    """Rows elsewhere that point at `obj` (they would be orphaned or cascade-deleted unseen)."""
    table = obj.__table__
    found = []
    tables = {**Base.metadata.tables, **table.metadata.tables}
    for other in tables.values():
        for fk in other.foreign_keys:
            if fk.column.table is not table:
                continue
            value = getattr(obj, inspect(obj).mapper.get_property_by_column(fk.column).key)
            count = session.scalar(select(func.count()).select_from(other).where(fk.parent == value))
            if count:
                found.append((table_label(other.name), count))
    return found


def move_to_trash(session: Session, obj: Any) -> TrashItem:
    """Delete `obj`, keeping it whole in the trash. Refused (ValidationError) while other rows refer to it."""
    title = _title(obj)
    refs = _referencing_counts(session, obj)
    if refs:
        where = "、".join(f"{label}（{n}件）" for label, n in refs)
        raise ValidationError([Problem("", f"「{title}」は{where}から使われているため、削除できません。")])
    data = {col.name: to_jsonable(getattr(obj, key)) for key, col in _columns(obj)}
    item = TrashItem(
        deleted_at=datetime.now().replace(microsecond=0),
        table_name=obj.__table__.name,
        record_id=record_id_of(obj),
        model=f"{type(obj).__module__}:{type(obj).__qualname__}",
        title=title,
        data=json.dumps(data, ensure_ascii=False, default=str),
    )
    session.add(item)
    session.info.setdefault(_KINDS, {})[id(obj)] = TRASH
    session.delete(obj)
    session.flush()
    return item


def _model_of(item: TrashItem) -> type:
    module_name, _, qualname = item.model.partition(":")
    try:
        cls: object = importlib.import_module(module_name)
        for part in qualname.split("."):
            cls = getattr(cls, part)
        if isinstance(cls, type):
            return cls
    except (ImportError, AttributeError):  # the class moved: find it by its table
        pass
    found = model_for_table(item.table_name)
    if found is None:
        raise ValidationError(
            [
                Problem(
                    "",
                    f"「{item.title}」の種類（{item.table_name}）はこの版では扱えないため、元に戻せません。",
                )
            ]
        )
    return found


def _from_json(column: Any, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(column.type, DateTime):
        return datetime.fromisoformat(value)
    if isinstance(column.type, Date):
        return date.fromisoformat(value)
    return value


def restore_trash_item(session: Session, trash_id: int) -> Any:
    """Put a trashed row back; refused (ValidationError, nothing changed) when its id is taken
    or a row it refers to is gone."""
    item = session.get(TrashItem, trash_id)
    if item is None:
        raise ValidationError(
            [Problem("", "ゴミ箱にそのデータが見つかりません（既に元に戻したか、削除されています）。")]
        )
    cls = _model_of(item)
    data = json.loads(item.data)
    mapper: Mapper[Any] = inspect(cls)
    values = {
        prop.key: _from_json(prop.columns[0], data.get(prop.columns[0].name)) for prop in mapper.column_attrs
    }
    key = tuple(values[mapper.get_property_by_column(c).key] for c in mapper.primary_key)
    label = getattr(cls, "__label__", item.table_name)
    if session.get(cls, key if len(key) > 1 else key[0]) is not None:
        raise ValidationError(
            [
                Problem(
                    "",
                    f"「{item.title}」を元に戻せません。同じ番号（{item.record_id}）の{label}が既にあります。",
                )
            ]
        )
    for fk in mapper.local_table.foreign_keys:
        value = data.get(fk.parent.name)
        if value is None:
            continue
        exists = session.execute(select(fk.column).where(fk.column == value).limit(1)).first()
        if exists is None:
            target = table_label(fk.column.table.name)
            raise ValidationError(
                [
                    Problem(
                        fk.parent.name,
                        f"「{item.title}」を元に戻せません。関係する{target}（番号 {value}）が削除されています。"
                        "先にそちらを元に戻してください。",
                    )
                ]
            )
    obj = cls(**values)
    session.add(obj)
    session.info.setdefault(_KINDS, {})[id(obj)] = RESTORE
    session.delete(item)
    session.flush()
    return obj


# -- erasing logged values ------------------------------------------------------------------------
def erase_field_values(session: Session, table_name: str, record_id: Any, fields: Iterable[str]) -> int:
    """Blank every logged value of `fields` of one record, and those fields in its trash copies.

    Call after the fields themselves were changed (the erasing change is logged too, then blanked).
    Returns the number of change-log rows blanked.
    """
    fields = list(fields)
    record_id = str(record_id)
    session.flush()
    result = session.execute(
        update(ChangeLog)
        .where(
            ChangeLog.table_name == table_name, ChangeLog.record_id == record_id, ChangeLog.field.in_(fields)
        )
        .values(old_value=None, new_value=None, erased=True)
    )
    for item in session.scalars(
        select(TrashItem).where(TrashItem.table_name == table_name, TrashItem.record_id == record_id)
    ):
        data = json.loads(item.data)
        for name in fields:
            if name in data:
                data[name] = "" if isinstance(data[name], str) else None
        item.data = json.dumps(data, ensure_ascii=False)
    assert isinstance(result, CursorResult)  # an UPDATE statement's result always is one
    return result.rowcount
