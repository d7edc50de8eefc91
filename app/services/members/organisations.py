"""構成団体: list, validate, add/edit, record leaving (退会日 — never deleted)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain.input_bounds import check_text_length
from app.domain.kana import normalize_text
from app.domain.member_fields import (
    check_contact,
    check_count,
    check_furigana,
    check_name,
    check_period,
    name_key,
)
from app.domain.validation import Problem, ValidationError
from app.services.changes import ORGANISATIONS, Changes, Result
from app.services.members.common import Membership, copy_with, remove_unless_used, store_row
from app.services.members.kinds import Kind, list_member_kinds
from app.services.records import existing, refusing_lost_races
from app.storage.database import Database
from app.storage.models import CommitteeMember, MemberKind, MemberOrganisation, Person

RECORD = "構成団体"  # its rows in app.domain.input_bounds.TEXT_LIMITS
LABELS = {
    "kind_id": "区分",
    "name": "名称",
    "furigana": "ふりがな",
    "furigana_estimated": "ふりがな（推定）",
    "representative": "代表者名",
    "representative_consent": "代表者名の公表の同意",
    "phone": "電話",
    "postal_code": "郵便番号",
    "address": "住所",
    "households": "世帯数",
    "member_count": "会員数",
    "joined_on": "加入日",
    "left_on": "退会日",
    "note": "備考",
}


@dataclass(frozen=True)
class Organisation(Membership):
    id: int | None = None  # None: not stored yet
    version: int | None = field(default=None, compare=False)  # as read (None: new, or not read first)
    kind_id: int | None = None
    name: str = ""
    furigana: str = ""
    furigana_estimated: bool = False  # guessed on import: 推定 until staff edit the reading
    representative: str = ""
    representative_consent: bool = False  # 代表者名の公表の同意: else public lists say 「（非公表）」
    phone: str = ""
    postal_code: str = ""
    address: str = ""
    households: int | None = None  # 世帯数 (only for kinds that count households)
    member_count: int | None = None
    joined_on: date | None = None
    left_on: date | None = None
    note: str = ""
    kind_name: str = ""  # for display; filled in by the service


STORED_FIELDS = [f.name for f in fields(Organisation) if f.name not in ("id", "version", "kind_name")]


def _from_row(row: MemberOrganisation, kind_names: Mapping[int, str]) -> Organisation:
    values = {name: getattr(row, name) for name in STORED_FIELDS}
    return Organisation(id=row.id, version=row.version, kind_name=kind_names.get(row.kind_id, ""), **values)


def _kind_names(session: Session) -> dict[int, str]:
    return dict(session.execute(select(MemberKind.id, MemberKind.name)).all())


def list_organisations(db: Database) -> list[Organisation]:
    """Every organisation, members and those who left, in 五十音 order of ふりがな."""
    with db.session() as s:
        kinds = _kind_names(s)
        orgs = [_from_row(r, kinds) for r in s.scalars(select(MemberOrganisation))]
    return sorted(orgs, key=lambda o: o.sort_key)


def get_organisation(db: Database, organisation_id: int) -> Organisation | None:
    with db.session() as s:
        row = s.get(MemberOrganisation, organisation_id)
        return None if row is None else _from_row(row, _kind_names(s))


def organisation_problems(org: Organisation, kinds: list[Kind],
                          today: date | None = None) -> tuple[Organisation, list[Problem]]:
    """The normalised organisation and every problem found (an empty list when it can be saved;
    `today`: an import checks every row against the same day)."""
    problems: list[Problem] = []
    kind = next((k for k in kinds if k.id == org.kind_id), None)
    if kind is None:
        problems.append(Problem("kind_id", "区分を選んでください"))
    name = check_name("name", "名称", org.name, problems)
    furigana = check_furigana(org.furigana, problems)
    representative = check_text_length(RECORD, "representative", normalize_text(org.representative), problems)
    address = check_text_length(RECORD, "address", normalize_text(org.address), problems)
    note = check_text_length(RECORD, "note", org.note.strip(), problems)
    phone = check_contact("phone", org.phone, problems)
    postal_code = check_contact("postal_code", org.postal_code, problems)
    households = check_count("households", "世帯数", org.households, problems)
    if households is not None and kind is not None and not kind.counts_households:
        problems.append(
            Problem(
                "households", f"世帯数は自治会・民区など世帯数を数える区分に入力します（区分: {kind.name}）"
            )
        )
    member_count = check_count("member_count", "会員数", org.member_count, problems)
    check_period(org.joined_on, org.left_on, problems, today)
    clean = copy_with(org, {
        "name": name,
        "furigana": furigana,
        "representative": representative,
        "phone": phone,
        "postal_code": postal_code,
        "address": address,
        "households": households,
        "member_count": member_count,
        "note": note,
        "kind_name": kind.name if kind else "",
    })
    return clean, problems


def validate_organisation(db: Database, org: Organisation) -> Organisation:
    clean, problems = organisation_problems(org, list_member_kinds(db))
    with db.session() as s:
        query = select(MemberOrganisation.id, MemberOrganisation.name).where(
            MemberOrganisation.kind_id == clean.kind_id
        )
        for other_id, other_name in s.execute(query):
            if other_id != clean.id and name_key(other_name) == name_key(clean.name):
                problems.append(Problem("name", f"同じ区分に「{other_name}」が既に登録されています"))
    if problems:
        raise ValidationError(problems)
    return clean


def save_organisation(db: Database, org: Organisation) -> Result[Organisation]:
    """Add (id None) or update an organisation. An id that is not in the database is re-created
    under that id: this is how undo puts back an organisation whose adding was undone."""
    clean = validate_organisation(db, org)
    with refusing_lost_races(db, MemberOrganisation, clean.id), db.session.begin() as s:
        row = store_row(s, MemberOrganisation, clean, STORED_FIELDS)
        # people show their organisation's name: they read ORGANISATIONS too
        return Result(replace(clean, id=row.id, version=row.version), Changes.of(ORGANISATIONS, row.id))


def record_leaving(db: Database, organisation_id: int, left_on: date | None) -> Result[Organisation]:
    """退会: set (or, with None, clear) the date the organisation left."""
    with db.session() as s:
        org = _from_row(existing(s, MemberOrganisation, organisation_id), _kind_names(s))
    return save_organisation(db, replace(org, left_on=left_on))


def remove_organisation(db: Database, organisation_id: int, *, expected: Organisation | None = None) -> Changes:
    """Only for taking back an organisation just added (undo); members who leave get a 退会日.
    `expected`: as the undo step left it (refused when another PC changed it since)."""
    remove_unless_used(
        db,
        MemberOrganisation,
        organisation_id,
        [
            select(func.count()).where(Person.organisation_id == organisation_id),
            select(func.count()).where(CommitteeMember.organisation_id == organisation_id),
        ],
        "この構成団体は個人会員や部会から参照されているため取り消せません",
        expected, STORED_FIELDS,
    )
    return Changes.of(ORGANISATIONS, organisation_id)
