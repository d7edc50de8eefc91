"""役員改選（案）: for each officer whose term ends at the 総会 opening `year`, who is proposed
(the same person: 再任; another: 新任) and for which term. Made with the plan as 再任 for everyone;
staff change the candidates; approval of the plan applies them as officer terms.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.fiscal_year import FiscalYear
from app.services.changes import OFFICERS, Changes, Result
from app.services.members.officers import Term, change_officer, get_term, officers_between, save_term
from app.services.reading import write_together
from app.services.records import existing, latest_change, refusing_lost_races, values_conflict
from app.storage.database import Database
from app.storage.models import OfficePost, OfficerProposal, Person

TERM_YEARS = 2  # the usual term of office: two years from the 総会


def ending_window(year: FiscalYear) -> tuple[date, date]:
    """Terms ending in this window end at the 総会 opening `year`: from January before it to the
    end of its first quarter (a term may end on 3月31日 or on the 総会's day)."""
    return date(year.year, 1, 1), date(year.year, 6, 30)


def ending_terms(db: Database, year: FiscalYear) -> list[Term]:
    start, end = ending_window(year)
    return [t for t in officers_between(db, start, end)
            if t.end_on is not None and start <= t.end_on <= end]


@dataclass(frozen=True)
class Proposal:
    id: int | None
    term_id: int | None  # the ending term (None for a post filled anew)
    post_id: int
    person_id: int
    start_on: date
    end_on: date | None
    note: str = ""


def _new_term_dates(term: Term) -> tuple[date, date]:
    assert term.end_on is not None
    start = term.end_on + timedelta(days=1)
    return start, date(start.year + TERM_YEARS, start.month, start.day) - timedelta(days=1)


def list_proposals(db: Database, year: FiscalYear) -> list[Proposal]:
    with db.session() as session:
        rows = session.scalars(select(OfficerProposal).where(OfficerProposal.year == year.year)
                               .order_by(OfficerProposal.id))
        return [Proposal(r.id, r.term_id, r.post_id, r.person_id, r.start_on, r.end_on, r.note) for r in rows]


def make_officer_proposals(db: Database, year: FiscalYear) -> Result[int]:
    """再任 for every term ending at the 総会 opening `year` (none when proposals exist already)."""
    if list_proposals(db, year):
        return Result(0, Changes())
    terms = ending_terms(db, year)
    with db.session.begin() as session:
        for t in terms:
            start, end = _new_term_dates(t)
            assert t.post_id is not None and t.person_id is not None
            session.add(OfficerProposal(year=year.year, term_id=t.id, post_id=t.post_id, person_id=t.person_id,
                                        start_on=start, end_on=end, note=""))
    return Result(len(terms), Changes.of(OFFICERS))


def propose(db: Database, proposal_id: int, person_id: int) -> Result[Proposal]:
    """Another candidate for the post (the same person again: 再任)."""
    with db.session.begin() as session:
        row = existing(session, OfficerProposal, proposal_id, label="役員改選（案）の行")
        before = Proposal(row.id, row.term_id, row.post_id, row.person_id, row.start_on, row.end_on, row.note)
        row.person_id = person_id
    return Result(before, Changes.of(OFFICERS))


def propose_all(db: Database, candidates: dict[int, int], *,
                expected: dict[int, int] | None = None) -> Result[dict[int, int]]:
    """Several candidates at once (proposal id → person id), in one transaction; returns the
    candidates before (for undo). `expected`: the candidates as the form showed them — refused
    (EditConflict naming who proposed whom instead, and when; its `current` holds the candidates
    stored now) when another PC or window changed them since. Nothing is stored then."""
    before: dict[int, int] = {}
    changes = Changes()
    first = next(iter(candidates), 0)
    with refusing_lost_races(db, OfficerProposal, first), write_together(db) as view:
        if expected is not None:
            with view.session() as session:
                _refuse_if_changed(session, expected)
        for proposal_id, person_id in candidates.items():
            done = propose(view, proposal_id, person_id)
            before[proposal_id] = done.value.person_id
            changes |= done.changes
    return Result(before, changes)


def _refuse_if_changed(session: Session, expected: dict[int, int]) -> None:
    rows = {r.id: r for r in session.scalars(select(OfficerProposal).where(OfficerProposal.id.in_(list(expected))))}
    changed = [(rows[k], v) for k, v in expected.items() if k in rows and rows[k].person_id != v]
    if not changed:
        return
    people = dict(session.execute(select(Person.id, Person.name)).all())
    posts = dict(session.execute(select(OfficePost.id, OfficePost.name)).all())
    lines = [f"・{posts.get(row.post_id, '')}: {people.get(shown, '')} → {people.get(row.person_id, '')}"
             for row, shown in changed]
    last = latest_change(session, OfficerProposal.__tablename__, ids=[row.id for row, _ in changed])
    raise values_conflict("役員改選（案）", last, lines, {k: r.person_id for k, r in rows.items()})


def apply_proposals(db: Database, year: FiscalYear) -> Changes:
    """Make the proposals officer terms (called by the plan's approval, inside its transaction):
    a new person takes over through change_officer, the same person's term is extended (再任)."""
    changes = Changes()
    for p in list_proposals(db, year):
        term = get_term(db, p.term_id) if p.term_id is not None else None
        if term is not None and term.person_id == p.person_id:
            changes |= save_term(db, Term(term.id, term.post_id, term.person_id, term.start_on, p.end_on,
                                          term.note)).changes
        elif term is not None and term.id is not None and (term.end_on is None or term.end_on >= p.start_on):
            old, new = change_officer(db, term.id, p.person_id, p.start_on).value
            changes |= save_term(db, Term(new.id, new.post_id, new.person_id, new.start_on, p.end_on)).changes
        else:  # the old term has ended already (or there was none): the new one starts on its own
            changes |= save_term(db, Term(None, p.post_id, p.person_id, p.start_on, p.end_on, p.note)).changes
    with db.session.begin() as session:
        for row in session.scalars(select(OfficerProposal).where(OfficerProposal.year == year.year)):
            session.delete(row)
    return changes | Changes.of(OFFICERS)
