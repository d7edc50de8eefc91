"""What 構成団体 and 個人会員 share: 五十音 order, leaving, storing under a given id, undoing an add."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import Field, fields, replace
from datetime import date
from typing import Any, ClassVar, Self, TypeVar

from sqlalchemy import Select
from sqlalchemy.orm import Session

from app.domain.kana import GojuonKey, gojuon_key
from app.domain.member_fields import check_period
from app.domain.validation import Problem, ValidationError
from app.services.records import check_fields_as_left, check_version, put_back_at
from app.storage.database import Database

ESTIMATED_MARK = "（推定）"
_Record = TypeVar("_Record")
_FIELD_NAMES: dict[type, frozenset[str]] = {}


def copy_with(record: _Record, changes: Mapping[str, Any]) -> _Record:
    """dataclasses.replace(record, **changes) at a third of its cost (an import makes one or two per
    row): the same class and fields, `changes` over them. For the members' frozen dataclasses, whose
    __init__ only sets the fields — a class with __post_init__ or a field left out of __init__ is
    refused, as is a name that is not a field."""
    cls = type(record)
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = _plain_fields(cls)
    if not names.issuperset(changes):
        raise TypeError(f"{cls.__name__} has no field {sorted(set(changes) - names)}")
    new: _Record = object.__new__(cls)
    state = new.__dict__
    state.update(record.__dict__)
    state.update(changes)
    return new


def _plain_fields(cls: type) -> frozenset[str]:
    found = fields(cls)
    if hasattr(cls, "__post_init__") or any(not f.init for f in found):
        raise TypeError(f"copy_with cannot copy {cls.__name__} (use dataclasses.replace)")
    return frozenset(f.name for f in found)


class Membership:
    """Mixin for the frozen dataclasses of members (they have id, name, furigana, left_on)."""

    id: int | None
    version: int | None  # as read: a save names it, and is refused if the record changed since
    name: str
    furigana: str
    furigana_estimated: bool
    left_on: date | None
    __dataclass_fields__: ClassVar[dict[str, Field[Any]]]  # set on the dataclasses that use it

    def has_left(self, today: date) -> bool:
        return self.left_on is not None and self.left_on <= today

    @property
    def furigana_label(self) -> str:
        """The reading as lists show it: a guessed one says so (staff should check it)."""
        return self.furigana + ESTIMATED_MARK if self.furigana_estimated and self.furigana else self.furigana

    def with_reading(self, furigana: str) -> Self:
        """This record with the reading staff typed: an edited reading is no longer 推定."""
        estimated = self.furigana_estimated and furigana == self.furigana
        return replace(self, furigana=furigana, furigana_estimated=estimated)

    @property
    def sort_key(self) -> tuple[GojuonKey, str, int]:
        return (gojuon_key(self.furigana or self.name), self.name, self.id or 0)


def leaving_problems(joined_on: date | None, left_on: date | None) -> list[Problem]:
    """退会: the date is required, and not before 加入日."""
    if left_on is None:
        return [Problem("left_on", "退会日を入力してください")]
    problems: list[Problem] = []
    check_period(joined_on, left_on, problems)
    return problems


def store_row(session: Session, model: type, clean: Any, field_names: Iterable[str]) -> Any:
    """Add (clean.id None) or update a row; an id that is not in the database is re-created under
    that id: this is how undo puts back a member whose adding was undone."""
    row = session.get(model, clean.id) if clean.id is not None else None
    put_back = row is None and clean.id is not None
    if row is not None:
        check_version(session, row, clean.version)  # saved elsewhere since the form was filled?
    else:
        row = model(id=clean.id)
        session.add(row)
    for name in field_names:
        setattr(row, name, getattr(clean, name))
    if put_back:  # counts on from the version it went with, which the undo steps around it name
        put_back_at(session, row, clean.version)
    session.flush()
    return row


def remove_unless_used(
    db: Database, model: type, row_id: int, usages: Iterable[Select[int]], refusal: str,
    expected: object | None = None, stored: Iterable[str] = (),
) -> None:
    """Delete a row just added (undo) unless one of the count queries `usages` finds a reference, or
    its `stored` fields are no longer as the undo step left them (`expected`; None: not checked):
    another PC or window changed it since (EditConflict: who, when, what)."""
    with db.session.begin() as s:
        row = s.get(model, row_id)
        if row is not None:
            check_fields_as_left(s, row, expected, stored)
        if any(s.scalar(query) for query in usages):
            raise ValidationError(refusal)
        if row is not None:
            s.delete(row)
