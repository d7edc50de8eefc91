"""個人会員: list, validate, add/edit, record leaving (退会日 — never deleted)."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain.input_bounds import check_text_length
from app.domain.kana import normalize_text
from app.domain.member_fields import check_contact, check_furigana, check_name, check_period
from app.domain.validation import Problem, ValidationError
from app.services.changes import PEOPLE, Changes, Result
from app.services.members.common import Membership, copy_with, remove_unless_used, store_row
from app.services.records import existing, refusing_lost_races
from app.storage.database import Database
from app.storage.models import Committee, CommitteeMember, MemberOrganisation, OfficerTerm, Person

RECORD = "個人会員"  # its rows in app.domain.input_bounds.TEXT_LIMITS
LABELS = {
    "name": "氏名",
    "furigana": "ふりがな",
    "furigana_estimated": "ふりがな（推定）",
    "organisation_id": "所属団体",
    "phone": "電話",
    "postal_code": "郵便番号",
    "address": "住所",
    "email": "メール",
    "joined_on": "加入日",
    "left_on": "退会日",
    "listing_consent": "名簿掲載の同意",
    "note": "備考",
}


@dataclass(frozen=True)
class Member(Membership):
    """One 個人会員 (named Member to keep it apart from the storage model Person)."""

    id: int | None = None
    version: int | None = field(default=None, compare=False)  # as read (None: new, or not read first)
    name: str = ""
    furigana: str = ""
    furigana_estimated: bool = False  # guessed on import: 推定 until staff edit the reading
    organisation_id: int | None = None
    phone: str = ""
    postal_code: str = ""
    address: str = ""
    email: str = ""
    joined_on: date | None = None
    left_on: date | None = None
    listing_consent: bool = False  # 名簿掲載の同意: only then does the public list show the person
    note: str = ""
    organisation_name: str = ""  # for display; filled in by the service


STORED_FIELDS = [f.name for f in fields(Member) if f.name not in ("id", "version", "organisation_name")]


def _organisation_names(session: Session) -> dict[int, str]:
    return dict(session.execute(select(MemberOrganisation.id, MemberOrganisation.name)).all())


def _from_row(row: Person, org_names: dict[int, str]) -> Member:
    values = {name: getattr(row, name) for name in STORED_FIELDS}
    return Member(id=row.id, version=row.version, organisation_name=org_names.get(row.organisation_id or 0, ""), **values)


def list_people(db: Database) -> list[Member]:
    """Every individual member, including those who left, in 五十音 order of ふりがな."""
    with db.session() as s:
        orgs = _organisation_names(s)
        people = [_from_row(r, orgs) for r in s.scalars(select(Person))]
    return sorted(people, key=lambda p: p.sort_key)


def get_person(db: Database, person_id: int) -> Member | None:
    with db.session() as s:
        row = s.get(Person, person_id)
        return None if row is None else _from_row(row, _organisation_names(s))


def person_problems(member: Member, organisation_ids: set[int] | frozenset[int],
                    today: date | None = None) -> tuple[Member, list[Problem]]:
    """The normalised member and every problem found (`today`: an import checks every row against
    the same day)."""
    problems: list[Problem] = []
    name = check_name("name", "氏名", member.name, problems)
    furigana = check_furigana(member.furigana, problems)
    if member.organisation_id is not None and member.organisation_id not in organisation_ids:
        problems.append(Problem("organisation_id", "所属団体が名簿にありません"))
    clean = copy_with(member, {
        "name": name,
        "furigana": furigana,
        "phone": check_contact("phone", member.phone, problems),
        "postal_code": check_contact("postal_code", member.postal_code, problems),
        "email": check_contact("email", member.email, problems),
        "address": check_text_length(RECORD, "address", normalize_text(member.address), problems),
        "note": check_text_length(RECORD, "note", member.note.strip(), problems),
    })
    check_period(member.joined_on, member.left_on, problems, today)
    return clean, problems


def validate_person(db: Database, member: Member) -> Member:
    with db.session() as s:
        org_ids = set(s.scalars(select(MemberOrganisation.id)))
    clean, problems = person_problems(member, org_ids)
    if problems:
        raise ValidationError(problems)
    return clean


def save_person(db: Database, member: Member) -> Result[Member]:
    """Add (id None) or update; an unknown id is re-created under that id (undo of an undone add)."""
    clean = validate_person(db, member)
    with refusing_lost_races(db, Person, clean.id), db.session.begin() as s:
        row = store_row(s, Person, clean, STORED_FIELDS)
        org = existing(s, MemberOrganisation, clean.organisation_id) if clean.organisation_id else None
        org_name = org.name if org is not None else ""
        return Result(replace(clean, id=row.id, version=row.version, organisation_name=org_name), Changes.of(PEOPLE, row.id))


def record_person_leaving(db: Database, person_id: int, left_on: date | None) -> Result[Member]:
    with db.session() as s:
        member = _from_row(existing(s, Person, person_id), _organisation_names(s))
    return save_person(db, replace(member, left_on=left_on))


def remove_person(db: Database, person_id: int, *, expected: Member | None = None) -> Changes:
    """Only for taking back a person just added (undo); members who leave get a 退会日. `expected`:
    the person as the undo step left them (refused when another PC changed them since)."""
    remove_unless_used(
        db,
        Person,
        person_id,
        [
            select(func.count()).where(OfficerTerm.person_id == person_id),
            select(func.count()).where(CommitteeMember.person_id == person_id),
            select(func.count()).where(Committee.chair_id == person_id),
        ],
        "この個人会員は役員や部会に登録されているため取り消せません",
        expected, STORED_FIELDS,
    )
    return Changes.of(PEOPLE, person_id)
