"""備品: the fixtures a 会計 holds over the set value (name, date bought, amount, place), listed on the
財産目録 of each year from their purchase until they are disposed of."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import TypedDict

from sqlalchemy import select

from app.domain.input_bounds import check_date_bounds
from app.domain.kana import normalize_text
from app.domain.money import parse_yen
from app.domain.validation import Problem, ValidationError
from app.services.accounts.books import resolve_book
from app.services.changes import EQUIPMENT, Changes, Result
from app.services.records import check_as_left, check_version, existing, put_back_at, refusing_lost_races
from app.storage.database import Database
from app.storage.models import Equipment

TEXT_MAX = 100


@dataclass(frozen=True)
class EquipmentInfo:
    id: int | None  # None: not stored yet
    book_id: int | None  # None: the first 会計
    name: str
    bought_on: date | None = None
    amount: object = 0  # yen; as typed until stored (then an int)
    place: str = ""
    disposed_on: date | None = None
    version: int | None = None  # the row version the form was filled from (None: not checked)


def _info(e: Equipment) -> EquipmentInfo:
    return EquipmentInfo(e.id, e.book_id, e.name, e.bought_on, e.amount, e.place, e.disposed_on, e.version)


def list_equipment(db: Database, book_id: int | None = None) -> list[EquipmentInfo]:
    """The 会計's 備品, oldest purchase first (those without a date last)."""
    with db.session() as session:
        book = resolve_book(session, book_id)
        rows = session.scalars(select(Equipment).where(Equipment.book_id == book.id).order_by(Equipment.id))
        return sorted((_info(e) for e in rows), key=lambda e: (e.bought_on is None, e.bought_on or date.min))


class _EquipmentValues(TypedDict):
    """An EquipmentInfo checked and cleaned: the Equipment columns it sets."""

    name: str
    place: str
    amount: int
    bought_on: date | None
    disposed_on: date | None


def _clean(info: EquipmentInfo) -> _EquipmentValues:
    problems: list[Problem] = []
    name, place = normalize_text(info.name or ""), normalize_text(info.place or "")
    if not name:
        problems.append(Problem("name", "品名を入力してください"))
    for key, label, text in (("name", "品名", name), ("place", "保管場所", place)):
        if len(text) > TEXT_MAX:
            problems.append(Problem(key, f"{label}は{TEXT_MAX}文字以内で入力してください"))
    amount = 0
    try:
        amount = parse_yen(info.amount if info.amount not in (None, "") else 0)
    except ValueError as exc:
        problems.append(Problem("amount", f"金額: {exc}"))
    check_date_bounds("bought_on", "購入日", info.bought_on, problems)
    check_date_bounds("disposed_on", "処分日", info.disposed_on, problems)
    if info.bought_on and info.disposed_on and info.disposed_on < info.bought_on:
        problems.append(Problem("disposed_on", "処分日が購入日より前です"))
    if problems:
        raise ValidationError(problems)
    return _EquipmentValues(name=name, place=place, amount=amount, bought_on=info.bought_on,
                            disposed_on=info.disposed_on)


def save_equipment(db: Database, info: EquipmentInfo) -> Result[EquipmentInfo]:
    """Add (id None), change, or put back under its id (the undo of a delete) one 備品. A change
    naming a `version` is refused (EditConflict, who changed what and when) when another PC or
    window saved the 備品 since that version was read."""
    values = _clean(info)
    with refusing_lost_races(db, Equipment, info.id), db.session.begin() as session:
        row = session.get(Equipment, info.id) if info.id is not None else None
        put_back = row is None and info.id is not None
        if row is not None:
            check_version(session, row, info.version)
        else:
            row = Equipment(id=info.id, book_id=resolve_book(session, info.book_id).id)
            session.add(row)
        for key, value in values.items():
            setattr(row, key, value)
        session.flush()
        if put_back:  # the undo of a delete: at the version it had (the undo of an earlier change names it)
            put_back_at(session, row, info.version)
        return Result(_info(row), Changes.of(EQUIPMENT, row.id))


def delete_equipment(db: Database, equipment_id: int, *, expected: EquipmentInfo | None = None) -> Changes:
    """`expected`: the 備品 as an undo step left it (the undo of its addition, the redo of its deletion)
    — refused, nothing changed, when another PC or window changed it since (EditConflict)."""
    with db.session.begin() as session:
        row = existing(session, Equipment, equipment_id)
        as_left = replace(expected, version=None) if expected else None
        check_as_left(session, row, replace(_info(row), version=None), as_left)
        session.delete(row)
    return Changes.of(EQUIPMENT, equipment_id)
