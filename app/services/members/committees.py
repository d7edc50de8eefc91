"""部会: name, chair (部会長) and members, each member an organisation or a person."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from sqlalchemy import delete, func, select
from sqlalchemy.orm.attributes import flag_modified

from app.domain.kana import gojuon_key, normalize_text
from app.domain.member_fields import check_furigana, check_name
from app.domain.validation import Problem, ValidationError
from app.services.changes import COMMITTEES, Changes, Result
from app.services.projects.committee_links import sync_committee_links
from app.services.records import check_as_left, check_version, refusing_lost_races
from app.storage.database import Database
from app.storage.models import Committee, CommitteeMember, MemberOrganisation, Person


@dataclass(frozen=True)
class CommitteeSeat:
    """A member of a committee: exactly one of organisation_id / person_id is set."""

    organisation_id: int | None = None
    person_id: int | None = None
    name: str = ""  # display
    furigana: str = ""


@dataclass(frozen=True)
class CommitteeInfo:
    id: int | None = None
    name: str = ""
    furigana: str = ""
    chair_id: int | None = None
    note: str = ""
    seats: tuple[CommitteeSeat, ...] = ()
    chair_name: str = ""  # display
    position: int = 0
    version: int | None = field(default=None, compare=False)  # as read (None: new, or not read first)


def list_committees(db: Database) -> list[CommitteeInfo]:
    """Committees in their own order (総務部会 first, as the body lists them), members in 五十音 order."""
    with db.session() as s:
        orgs = {o.id: (o.name, o.furigana) for o in s.scalars(select(MemberOrganisation))}
        people = {p.id: (p.name, p.furigana) for p in s.scalars(select(Person))}
        seats: dict[int, list[CommitteeSeat]] = {}
        for m in s.scalars(select(CommitteeMember)):
            if m.organisation_id is not None:
                name, furigana = orgs[m.organisation_id]
            else:
                assert m.person_id is not None  # the table's check: an organisation or a person
                name, furigana = people[m.person_id]
            seats.setdefault(m.committee_id, []).append(
                CommitteeSeat(m.organisation_id, m.person_id, name, furigana)
            )
        result = []
        for c in s.scalars(select(Committee).order_by(Committee.position, Committee.id)):
            members = sorted(seats.get(c.id, []), key=lambda seat: gojuon_key(seat.furigana or seat.name))
            chair = people.get(c.chair_id or 0, ("", ""))[0]
            result.append(
                CommitteeInfo(c.id, c.name, c.furigana, c.chair_id, c.note, tuple(members), chair, c.position, c.version)
            )
        return result


def get_committee(db: Database, committee_id: int) -> CommitteeInfo | None:
    return next((c for c in list_committees(db) if c.id == committee_id), None)


def validate_committee(db: Database, committee: CommitteeInfo) -> CommitteeInfo:
    problems: list[Problem] = []
    name = check_name("name", "部会名", committee.name, problems)
    furigana = check_furigana(committee.furigana, problems)
    with db.session() as s:
        clash = s.scalar(
            select(Committee.id).where(Committee.name == name, Committee.id != (committee.id or 0))
        )
        if clash is not None:
            problems.append(Problem("name", f"部会「{name}」は既にあります"))
        if committee.chair_id is not None and s.get(Person, committee.chair_id) is None:
            problems.append(Problem("chair_id", "部会長が名簿にありません"))
        for seat in committee.seats:
            if (seat.organisation_id is None) == (seat.person_id is None):
                problems.append(Problem("seats", "部会の構成員は団体か個人のどちらか一方です"))
    if problems:
        raise ValidationError(problems)
    unique = tuple(dict.fromkeys((seat.organisation_id, seat.person_id) for seat in committee.seats))
    seats = tuple(CommitteeSeat(o, p) for o, p in unique)
    return replace(committee, name=name, furigana=furigana, note=normalize_text(committee.note), seats=seats)


def save_committee(db: Database, committee: CommitteeInfo) -> Result[CommitteeInfo]:
    """Add or update a committee and replace its members; an unknown id is re-created (undo)."""
    clean = validate_committee(db, committee)
    with refusing_lost_races(db, Committee, clean.id), db.session.begin() as s:
        row = s.get(Committee, clean.id) if clean.id is not None else None
        if row is None:
            position = (s.scalar(select(func.max(Committee.position))) or 0) + 1
            row = Committee(id=clean.id, position=clean.position or position)
            s.add(row)
        else:
            check_version(session=s, row=row, expected=clean.version)  # saved elsewhere meanwhile?
            flag_modified(row, "name")  # a new version even when only the members change
        row.name, row.furigana, row.chair_id, row.note = (
            clean.name,
            clean.furigana,
            clean.chair_id,
            clean.note,
        )
        s.flush()
        sync_committee_links(s, row.id, row.name)  # 担当部会 and meetings follow the register
        s.execute(delete(CommitteeMember).where(CommitteeMember.committee_id == row.id))
        s.add_all(
            CommitteeMember(
                committee_id=row.id, organisation_id=seat.organisation_id, person_id=seat.person_id
            )
            for seat in clean.seats
        )
        committee_id = row.id
    # 担当部会 of projects and 部会 of meetings follow the name: those screens read COMMITTEES
    return Result(get_committee(db, committee_id) or clean, Changes.of(COMMITTEES, committee_id))


def remove_committee(db: Database, committee_id: int, *, expected: CommitteeInfo | None = None) -> Changes:
    """A committee that is dissolved or was added by mistake (its members stay in the 名簿). `expected`:
    as an undo step left it (the undo of its adding, the redo of its deletion) — refused, nothing
    changed, when another PC or window changed it since (EditConflict)."""
    with db.session.begin() as s:
        row = s.get(Committee, committee_id)
        if row is not None and expected is not None:
            # its members too: a 部会 another PC filled since is not taken back with them
            seats = {(o, p) for o, p in s.execute(select(CommitteeMember.organisation_id, CommitteeMember.person_id)
                                                  .where(CommitteeMember.committee_id == committee_id))}
            check_as_left(s, row, (_fields(row), seats),
                          (_fields(expected), {(seat.organisation_id, seat.person_id) for seat in expected.seats}))
        s.execute(delete(CommitteeMember).where(CommitteeMember.committee_id == committee_id))
        if row is not None:
            s.delete(row)
    return Changes.of(COMMITTEES, committee_id)


def _fields(committee: Committee | CommitteeInfo) -> tuple[object, ...]:
    return committee.name, committee.furigana, committee.chair_id, committee.note
