"""区分 of member organisations: an editable list (seeded with DOMAIN.md's kinds by the migration)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from app.domain.kana import normalize_text
from app.domain.validation import Problem, ValidationError
from app.services.changes import MEMBER_KINDS, Changes, Result
from app.services.records import check_version, existing, refusing_duplicates, refusing_lost_races
from app.storage.database import Database
from app.storage.models import MemberKind, MemberOrganisation

KIND_MAX = 50


@dataclass(frozen=True)
class Kind:
    id: int
    name: str
    counts_households: bool = False  # 世帯数 is recorded (自治会, 民区)
    retired: bool = False  # kept for existing members, not offered for new ones
    position: int = 0
    version: int | None = None  # the row's version when read: a save names it (None: no check)


def list_member_kinds(db: Database, *, include_retired: bool = True) -> list[Kind]:
    with db.session() as s:
        query = select(MemberKind).order_by(MemberKind.position, MemberKind.id)
        if not include_retired:
            query = query.where(MemberKind.retired.is_(False))
        return [_kind(k) for k in s.scalars(query)]


def _kind(k: MemberKind) -> Kind:
    return Kind(k.id, k.name, k.counts_households, k.retired, k.position, k.version)


def _clean_name(name: str) -> str:
    clean = normalize_text(name)
    if not clean:
        raise ValidationError(Problem("name", "区分の名前を入力してください"))
    if len(clean) > KIND_MAX:
        raise ValidationError(Problem("name", f"区分の名前は{KIND_MAX}文字以内で入力してください"))
    return clean


def add_member_kind(db: Database, name: str, *, counts_households: bool = False) -> Result[Kind]:
    clean = _clean_name(name)
    taken = Problem("name", f"区分「{clean}」は既にあります")
    with refusing_duplicates(taken), db.session.begin() as s:
        if s.scalar(select(MemberKind.id).where(MemberKind.name == clean)) is not None:
            raise ValidationError(taken)
        last = s.scalar(select(func.max(MemberKind.position))) or 0
        kind = MemberKind(name=clean, position=last + 1, counts_households=counts_households, retired=False)
        s.add(kind)
        s.flush()
        return Result(_kind(kind), Changes.of(MEMBER_KINDS, kind.id))


def update_member_kind(db: Database, kind: Kind) -> Result[Kind]:
    """Rename, switch 世帯数 on/off, or retire a kind (a kind in use is retired, never deleted).
    `kind.version`: the version it was read at — refused (EditConflict, who/when/what) when another
    PC or window saved the kind since (None: no check)."""
    clean = _clean_name(kind.name)
    with refusing_lost_races(db, MemberKind, kind.id), db.session.begin() as s:
        row = existing(s, MemberKind, kind.id)
        check_version(s, row, kind.version)
        clash = s.scalar(select(MemberKind.id).where(MemberKind.name == clean, MemberKind.id != kind.id))
        if clash is not None:
            raise ValidationError(Problem("name", f"区分「{clean}」は既にあります"))
        row.name, row.counts_households, row.retired = clean, kind.counts_households, kind.retired
        return Result(_kind(row), Changes.of(MEMBER_KINDS, row.id))


def remove_member_kind(db: Database, kind_id: int) -> Changes:
    """Delete a kind no organisation uses (e.g. one just added by mistake); otherwise retire it."""
    with db.session.begin() as s:
        used = s.scalar(select(func.count()).where(MemberOrganisation.kind_id == kind_id))
        if used:
            raise ValidationError(
                f"この区分の構成団体が{used}件あるため削除できません。「使わない」にしてください"
            )
        row = s.get(MemberKind, kind_id)
        if row is not None:
            s.delete(row)
    return Changes.of(MEMBER_KINDS, kind_id)
