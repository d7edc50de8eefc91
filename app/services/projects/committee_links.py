"""担当部会 and a meeting's 部会 as links to the 名簿's committees.

A row keeps the committee's id and its name as text. The id wins while the committee exists (a
renamed committee shows its new name everywhere); a name that matches a committee of the register
is linked to it on saving; a name that matches none stays as text (typed before the committee was
registered, or the committee was removed).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace
from typing import Protocol, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.storage.models import Committee, Meeting, Project

CommitteeRef = int | str  # the committee's id when linked, else its name as text


def committee_key(name: str) -> str:
    """Names compare equal whatever their width or spaces: 「福祉 部会」 = 「福祉部会」."""
    return unicodedata.normalize("NFKC", name or "").replace(" ", "").strip()


@dataclass(frozen=True)
class CommitteeIndex:
    names: dict[int, str]  # id → name as the register spells it
    ids: dict[str, int]  # committee_key(name) → id

    @classmethod
    def load(cls, session: Session) -> CommitteeIndex:
        names = dict(session.execute(select(Committee.id, Committee.name)).all())
        return cls(names, {committee_key(n): i for i, n in names.items()})

    def resolve(self, committee_id: int | None, name: str) -> tuple[int | None, str]:
        """(id or None, the name to show) for a stored or typed link."""
        if committee_id in self.names:
            return committee_id, self.names[committee_id]
        match = self.ids.get(committee_key(name)) if name else None
        if match is not None:
            return match, self.names[match]
        return None, name

    def ref(self, committee_id: int | None, name: str) -> CommitteeRef | None:
        """What meetings are counted by: the link, or the name when there is none ("" → None)."""
        linked, text = self.resolve(committee_id, name)
        return linked if linked is not None else (text or None)


class _Naming(Protocol):
    """A record's data that names a committee: a 事業's or a 会議's."""

    @property
    def committee_id(self) -> int | None: ...


N = TypeVar("N", bound=_Naming)


def as_compared(data: N) -> N:
    """`data` (read through CommitteeIndex) as an undo compares it with what its step left: linked to
    the 名簿 by its id alone — the name shown is the 名簿's, which a rename of the 部会 changes (here
    or elsewhere) without changing the 事業 or 会議 itself."""
    return replace(data, committee="") if data.committee_id is not None else data  # type: ignore[type-var]


def sync_committee_links(session: Session, committee_id: int, name: str) -> None:
    """After a committee is added or renamed in the 名簿: rows typed with its name are linked to it,
    and linked rows keep its current name as their text (what stays if it is ever removed).

    Through the ORM, one row at a time, so that the change history records it.
    """
    key = committee_key(name)
    _sync_rows(session, Project, committee_id, name, key)
    _sync_rows(session, Meeting, committee_id, name, key)


_Linked = TypeVar("_Linked", Project, Meeting)  # the tables whose rows name a committee


def _sync_rows(session: Session, model: type[_Linked], committee_id: int, name: str, key: str) -> None:
    for row in session.scalars(select(model).where(model.committee_id.is_(None), model.committee != "")):
        if committee_key(row.committee) == key:
            row.committee_id = committee_id
    for row in session.scalars(select(model).where(model.committee_id == committee_id, model.committee != name)):
        row.committee = name
