"""役員: posts (an editable list) and the history of terms.

The officers of a date or a fiscal year are computed from the terms; a change in April ends the old
term and starts a new one, so last year's list stays exactly as it was.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from app.domain.fiscal_year import FiscalYear
from app.domain.input_bounds import check_date_bounds
from app.domain.kana import GojuonKey, gojuon_key, normalize_text
from app.domain.validation import Problem, ValidationError
from app.services.changes import OFFICE_POSTS, OFFICERS, Changes, Result
from app.services.members.people import Member, list_people
from app.services.records import (
    check_fields_as_left,
    check_version,
    gone,
    refusing_duplicates,
    refusing_lost_races,
)
from app.storage.database import Database
from app.storage.models import OfficePost, OfficerTerm, Person

LABELS = {
    "post_id": "役職",
    "person_id": "氏名",
    "start_on": "任期開始",
    "end_on": "任期終了",
    "note": "備考",
}

POST_MAX = 50  # the column's length
TERM_YEARS_AHEAD = 4  # the latest 任期終了: four years from today


@dataclass(frozen=True)
class Post:
    id: int
    name: str
    position: int = 0


@dataclass(frozen=True)
class Term:
    id: int | None = None
    post_id: int | None = None
    person_id: int | None = None
    start_on: date | None = None
    end_on: date | None = None  # None: still in office
    note: str = ""
    post_name: str = ""  # display fields, filled in by the service
    post_position: int = 0
    person_name: str = ""
    person_furigana: str = ""
    version: int | None = field(default=None, compare=False)  # as read (None: new, or not read first)

    def covers(self, start: date, end: date) -> bool:
        """In office at some time between start and end (inclusive)."""
        assert self.start_on is not None
        return self.start_on <= end and (self.end_on is None or self.end_on >= start)

    @property
    def sort_key(self) -> tuple[int, date, GojuonKey, int]:
        return (self.post_position, self.start_on or date.min, gojuon_key(self.person_furigana), self.id or 0)


def list_office_posts(db: Database) -> list[Post]:
    with db.session() as s:
        rows = s.scalars(select(OfficePost).order_by(OfficePost.position, OfficePost.id))
        return [Post(p.id, p.name, p.position) for p in rows]


def add_office_post(db: Database, name: str) -> Result[Post]:
    clean = normalize_text(name)
    if not clean:
        raise ValidationError(Problem("name", "役職名を入力してください"))
    if len(clean) > POST_MAX:
        raise ValidationError(Problem("name", f"役職名は{POST_MAX}文字以内で入力してください"))
    taken = Problem("name", f"役職「{clean}」は既にあります")
    with refusing_duplicates(taken), db.session.begin() as s:
        if s.scalar(select(OfficePost.id).where(OfficePost.name == clean)) is not None:
            raise ValidationError(taken)
        post = OfficePost(name=clean, position=(s.scalar(select(func.max(OfficePost.position))) or 0) + 1)
        s.add(post)
        s.flush()
        return Result(Post(post.id, post.name, post.position), Changes.of(OFFICE_POSTS, post.id))


def _terms(session: Session, *conditions: ColumnElement[bool]) -> list[Term]:
    query = (
        select(OfficerTerm, OfficePost, Person)
        .join(OfficePost, OfficerTerm.post_id == OfficePost.id)
        .join(Person, OfficerTerm.person_id == Person.id)
        .where(*conditions)
    )
    terms = [
        Term(t.id, t.post_id, t.person_id, t.start_on, t.end_on, t.note, post.name, post.position,
             person.name, person.furigana, t.version)
        for t, post, person in session.execute(query)
    ]  # fmt: skip
    return sorted(terms, key=lambda t: t.sort_key)


def list_terms(db: Database) -> list[Term]:
    """The whole history, by post then start date."""
    with db.session() as s:
        return _terms(s)


def officers_between(db: Database, start: date, end: date) -> list[Term]:
    with db.session() as s:
        return _terms(
            s, OfficerTerm.start_on <= end, (OfficerTerm.end_on.is_(None)) | (OfficerTerm.end_on >= start)
        )


def officers_as_of(db: Database, day: date) -> list[Term]:
    return officers_between(db, day, day)


def officers_of_year(db: Database, year: FiscalYear) -> list[Term]:
    """Everyone in office at some time during the fiscal year (a mid-year change shows both)."""
    return officers_between(db, year.start, year.end)


def eligible_people(db: Database, year: FiscalYear) -> list[Member]:
    """Who may hold an office in `year` (the year being edited, not today): members on at least one
    day of it — not left before it starts, not joined after it ends."""
    return [p for p in list_people(db)
            if (p.left_on is None or p.left_on >= year.start) and (p.joined_on is None or p.joined_on <= year.end)]


def get_term(db: Database, term_id: int) -> Term | None:
    with db.session() as s:
        found = _terms(s, OfficerTerm.id == term_id)
        return found[0] if found else None


def validate_term(db: Database, term: Term) -> Term:
    problems: list[Problem] = []
    with db.session() as s:
        post = s.get(OfficePost, term.post_id) if term.post_id is not None else None
        person = s.get(Person, term.person_id) if term.person_id is not None else None
        if post is None:
            problems.append(Problem("post_id", "役職を選んでください"))
        if person is None:
            problems.append(Problem("person_id", "役員になる人を選んでください"))
        if term.start_on is None:
            problems.append(Problem("start_on", "任期の始まりの日を入力してください"))
        elif term.end_on is not None and term.end_on < term.start_on:
            problems.append(Problem("end_on", "任期終了が任期開始より前になっています"))
        elif person is not None and person.left_on is not None and person.left_on < term.start_on:
            problems.append(Problem(
                "person_id", f"{person.name}さんは{person.left_on:%Y/%m/%d}に退会しているため、この日からの役員にはなれません"
            ))
        check_date_bounds("start_on", "任期開始", term.start_on, problems)
        # a term is planned ahead (two years, sometimes four): its end may be further off than a 加入日
        check_date_bounds("end_on", "任期終了", term.end_on, problems, years_ahead=TERM_YEARS_AHEAD)
        if not problems and post is not None and person is not None and term.start_on is not None:
            same = s.scalars(
                select(OfficerTerm).where(
                    OfficerTerm.post_id == term.post_id,
                    OfficerTerm.person_id == term.person_id,
                    OfficerTerm.id != (term.id or 0),
                )
            )
            end = term.end_on or date.max
            for other in same:
                if other.start_on <= end and (other.end_on is None or other.end_on >= term.start_on):
                    problems.append(
                        Problem("start_on", f"{person.name}さんの{post.name}の任期と期間が重なっています")
                    )
                    break
    if problems:
        raise ValidationError(problems)
    assert post is not None and person is not None
    return replace(term, note=term.note.strip(), post_name=post.name, post_position=post.position,
                   person_name=person.name, person_furigana=person.furigana)  # fmt: skip


def save_term(db: Database, term: Term) -> Result[Term]:
    """Add (id None) or correct a term; an unknown id is re-created under that id (undo)."""
    clean = validate_term(db, term)
    with refusing_lost_races(db, OfficerTerm, clean.id), db.session.begin() as s:
        stored = _store(s, clean)
    assert stored.id is not None  # _store flushed the row
    return Result(stored, Changes.of(OFFICERS, stored.id))


def _store(session: Session, clean: Term) -> Term:
    # validate_term refuses a term without a post, a person or a start
    assert clean.post_id is not None and clean.person_id is not None and clean.start_on is not None
    row = session.get(OfficerTerm, clean.id) if clean.id is not None else None
    if row is None:
        row = OfficerTerm(id=clean.id)
        session.add(row)
    else:
        check_version(session, row, clean.version)  # saved elsewhere since the form was filled?
    row.post_id, row.person_id = clean.post_id, clean.person_id
    row.start_on, row.end_on, row.note = clean.start_on, clean.end_on, clean.note
    session.flush()
    return replace(clean, id=row.id, version=row.version)


def change_officer(db: Database, term_id: int, successor_id: int, on: date) -> Result[tuple[Term, Term]]:
    """交代 (one transaction): the holder's term ends the day before `on`, the successor's starts
    on `on`. Returns (ended term, new term)."""
    current = get_term(db, term_id)
    if current is None:
        raise gone(OfficerTerm, term_id, label="任期")
    if current.start_on is None or on <= current.start_on:
        raise ValidationError(Problem("start_on", "交代の日は今の任期の開始より後の日にしてください"))
    if current.end_on is not None and current.end_on < on:
        raise ValidationError(Problem("start_on", "この任期は交代の日より前に終わっています"))
    ended = replace(current, end_on=on - timedelta(days=1))
    new = validate_term(
        db, Term(post_id=current.post_id, person_id=successor_id, start_on=on, end_on=current.end_on)
    )
    with db.session.begin() as s:
        terms = _store(s, ended), _store(s, new)
    ids = [t.id for t in terms if t.id is not None]  # both, once _store has flushed them
    return Result(terms, Changes.of(OFFICERS, *ids))


def remove_term(db: Database, term_id: int, *, expected: Term | None = None) -> Changes:
    """Delete a term entered by mistake (or undo its adding); ending a term is done with end_on.
    `expected`: the term as an undo step left it (the undo of its adding, the redo of its deletion) —
    refused, nothing changed, when another PC or window changed it since (EditConflict)."""
    with db.session.begin() as s:
        row = s.get(OfficerTerm, term_id)
        if row is not None:
            check_fields_as_left(s, row, expected, ("post_id", "person_id", "start_on", "end_on", "note"))
            s.delete(row)
    return Changes.of(OFFICERS, term_id)


def remove_office_post(db: Database, post_id: int) -> Changes:
    """Delete a post no term uses (one just added by mistake, or the undo of its adding)."""
    with db.session.begin() as s:
        used = s.scalar(select(func.count()).where(OfficerTerm.post_id == post_id))
        if used:
            raise ValidationError(f"この役職の任期が{used}件あるため削除できません")
        row = s.get(OfficePost, post_id)
        if row is not None:
            s.delete(row)
    return Changes.of(OFFICE_POSTS, post_id)
