"""会議・話し合い: the record of meetings, and how many there were (the plan asks for 継続した話し合い)."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain.fiscal_year import FiscalYear
from app.domain.input_bounds import check_text_length, date_bounds_message
from app.domain.kana import normalize_text
from app.domain.validation import Problem, ValidationError
from app.services.changes import MEETINGS, PLANS, Changes, Result
from app.services.projects.committee_links import CommitteeIndex, CommitteeRef, as_compared
from app.services.records import check_as_left, check_version, existing, put_back_at, refusing_lost_races
from app.storage.database import Database
from app.storage.models import Meeting as MeetingRow
from app.storage.models import MeetingMotion, YearPlan

MEETING_KINDS: tuple[str, ...] = ("総会", "役員会", "部会", "ワークショップ", "懇談会", "その他")


@dataclass(frozen=True)
class MeetingData:
    held_on: date | None = None
    kind: str = ""
    committee: str = ""  # 部会: the committee's name (as text when it is not in the 名簿)
    committee_id: int | None = None  # the 名簿's committee (see committee_links)
    title: str = ""  # 会議名
    attendees: int | None = None  # 出席者数
    agenda: str = ""  # 議題
    decisions: str = ""  # 決定事項
    proxies: int | None = None  # 委任状 (a 総会's quorum counts them with those present)
    minutes: str = ""  # 議事録 (free text)
    place: str = ""  # 会場 (a 総会's is printed on the 議案書's cover before the plan is approved)


@dataclass(frozen=True)
class Meeting:
    id: int
    year: int
    data: MeetingData
    version: int = 0  # the row's version when read: a form saves against it (records.check_version)


_FIELDS = [f.name for f in fields(MeetingData)]
_TEXTS = ("committee", "title", "place", "agenda", "decisions", "minutes")
RECORD = "会議"  # its rows in app.domain.input_bounds.TEXT_LIMITS


def validate_meeting(data: MeetingData, year: FiscalYear) -> MeetingData:
    """The cleaned data, or a ValidationError with every problem. A meeting belongs to the year
    being edited: a 開催日 outside it is refused, never filed quietly under another year."""
    problems: list[Problem] = []
    texts: dict[str, Any] = {f: normalize_text(getattr(data, f) or "") for f in _TEXTS}  # all str fields
    clean = replace(data, **texts)
    for name in _TEXTS:
        check_text_length(RECORD, name, getattr(clean, name), problems)
    if clean.held_on is None:
        problems.append(Problem("held_on", "開催日を入力してください"))
    elif bounds := date_bounds_message("開催日", clean.held_on):  # the year may end after the bound
        problems.append(Problem("held_on", bounds))
    elif not year.contains(clean.held_on):
        problems.append(Problem(
            "held_on", f"開催日 {clean.held_on:%Y/%m/%d} は{year.label}（{year.start:%Y/%m/%d}〜{year.end:%Y/%m/%d}）"
                       "の外です。その年度に切り替えて入力してください",
        ))
    if clean.kind not in MEETING_KINDS:
        problems.append(Problem("kind", f"種類は {'・'.join(MEETING_KINDS)} のどれかを選んでください"))
    if clean.kind == "部会" and not clean.committee:
        problems.append(Problem("committee", "部会の会議には部会名を入力してください"))
    if clean.attendees is not None and clean.attendees < 0:
        problems.append(Problem("attendees", "出席者数に負の数は入力できません"))
    if clean.proxies is not None and clean.proxies < 0:
        problems.append(Problem("proxies", "委任状の数に負の数は入力できません"))
    if problems:
        raise ValidationError(problems)
    return clean


def _linked(data: MeetingData, committees: CommitteeIndex) -> MeetingData:
    committee_id, committee = committees.resolve(data.committee_id, data.committee)
    return replace(data, committee_id=committee_id, committee=committee)


def _to_meeting(row: MeetingRow, committees: CommitteeIndex) -> Meeting:
    return Meeting(row.id, row.year, _linked(MeetingData(**{f: getattr(row, f) for f in _FIELDS}), committees),
                   row.version)


def list_meetings(db: Database, year: FiscalYear) -> list[Meeting]:
    with db.session() as session:
        committees = CommitteeIndex.load(session)
        rows = session.scalars(
            select(MeetingRow).where(MeetingRow.year == year.year).order_by(MeetingRow.held_on, MeetingRow.id)
        )
        return [_to_meeting(r, committees) for r in rows]


def get_meeting(db: Database, meeting_id: int) -> Meeting:
    with db.session() as session:
        return _to_meeting(existing(session, MeetingRow, meeting_id), CommitteeIndex.load(session))


def create_meeting(db: Database, year: FiscalYear, data: MeetingData, *, meeting_id: int | None = None) -> Result[int]:
    """A meeting of `year` (`meeting_id`: the id it had, when undo brings a deleted one back)."""
    clean = validate_meeting(data, year)
    with db.session.begin() as session:
        clean = _linked(clean, CommitteeIndex.load(session))
        row = MeetingRow(id=meeting_id, year=year.year, **{f: getattr(clean, f) for f in _FIELDS})
        session.add(row)
        session.flush()
        return Result(row.id, Changes.of(MEETINGS, row.id) | _link_to_approved_plan(session, row))


def update_meeting(db: Database, meeting_id: int, data: MeetingData, *,
                   expected_version: int | None = None) -> Result[Meeting]:
    """Store the new data (its 開催日 within the meeting's year); returns the meeting as stored (its
    version is what an undo names). `expected_version`: the version the form (or the undo) was filled
    from — refused (EditConflict, who/when/what) when another PC or window saved the meeting since."""
    with refusing_lost_races(db, MeetingRow, meeting_id), db.session.begin() as session:
        row = existing(session, MeetingRow, meeting_id)
        check_version(session, row, expected_version)
        clean = validate_meeting(data, FiscalYear(row.year))
        committees = CommitteeIndex.load(session)
        clean = _linked(clean, committees)
        for f in _FIELDS:
            setattr(row, f, getattr(clean, f))
        changes = Changes.of(MEETINGS, meeting_id) | _link_to_approved_plan(session, row)
        session.flush()
        return Result(_to_meeting(row, committees), changes)


def _link_to_approved_plan(session: Session, row: MeetingRow) -> Changes:
    """A 総会 recorded after it approved a plan (on the plan's 承認日) becomes that plan's record, as
    approve_plan links one entered before: the 会議 list then names the pack it approved, and the
    cover of a reprint takes its date and place. A record changed into another kind or day (or an
    edit undone) lets go of the plan it no longer records."""
    changed: list[YearPlan] = []
    for plan in session.scalars(select(YearPlan).where(YearPlan.meeting_id == row.id)):
        if row.kind != "総会" or plan.approved_on != row.held_on:
            plan.meeting_id = None
            changed.append(plan)
    if row.kind == "総会" and row.held_on is not None:
        for plan in session.scalars(select(YearPlan).where(YearPlan.approved_on == row.held_on,
                                                           YearPlan.meeting_id.is_(None))):
            plan.meeting_id = row.id
            changed.append(plan)
    return Changes.of(PLANS, *(p.year for p in changed)) if changed else Changes()


@dataclass(frozen=True)
class DeletedMeeting:
    """A meeting as it was deleted, with what hangs on it: its 議案 and 議決 (委任状 and 議事録 are
    in its data) and the plans whose 総会 it recorded — what undo puts back."""

    meeting: Meeting
    motions: tuple[tuple[str, str], ...]  # (議案, 議決) in their order
    plan_years: tuple[int, ...]  # YearPlan.meeting_id pointed at it


def delete_meeting(db: Database, meeting_id: int, *, expected: Meeting | None = None) -> Result[DeletedMeeting]:
    """Returns the meeting as it was, so that undo can bring it back under its id (restore_meeting).
    `expected`: the meeting as an undo step left it (the undo of its addition, the redo of its
    deletion) — refused, nothing changed, when another PC or window changed it since (EditConflict:
    who, when, what)."""
    with db.session.begin() as session:
        row = existing(session, MeetingRow, meeting_id)
        now = _to_meeting(row, CommitteeIndex.load(session)).data
        check_as_left(session, row, as_compared(now), as_compared(expected.data) if expected else None)
        motions = list(session.scalars(select(MeetingMotion).where(MeetingMotion.meeting_id == meeting_id)
                                       .order_by(MeetingMotion.position, MeetingMotion.id)))
        plans = list(session.scalars(select(YearPlan).where(YearPlan.meeting_id == meeting_id)))
        deleted = DeletedMeeting(_to_meeting(row, CommitteeIndex.load(session)),
                                 tuple((m.title, m.result) for m in motions), tuple(p.year for p in plans))
        for motion in motions:  # one by one, so that the history shows them gone
            session.delete(motion)
        for plan in plans:
            plan.meeting_id = None
        session.flush()
        session.delete(row)
        return Result(deleted, Changes.of(MEETINGS, meeting_id) | (Changes.of(PLANS, *deleted.plan_years)
                                                                   if plans else Changes()))


def restore_meeting(db: Database, deleted: DeletedMeeting) -> Result[int]:
    """Undo of delete_meeting: the meeting under its id with its 議案 and its plans' link, in one go."""
    m = deleted.meeting
    clean = validate_meeting(m.data, FiscalYear(m.year))
    with db.session.begin() as session:
        row = MeetingRow(id=m.id, year=m.year, **{f: getattr(_linked(clean, CommitteeIndex.load(session)), f)
                                                    for f in _FIELDS})
        session.add(row)
        session.flush()
        put_back_at(session, row, m.version)  # the undo/redo steps around it name these versions
        session.add_all(MeetingMotion(meeting_id=row.id, position=i, title=title, result=result)
                        for i, (title, result) in enumerate(deleted.motions))
        for year in deleted.plan_years:
            plan = session.get(YearPlan, year)
            if plan is not None and plan.meeting_id is None:
                plan.meeting_id = row.id
        session.flush()
        changes = Changes.of(MEETINGS, row.id)
        return Result(row.id, changes | Changes.of(PLANS, *deleted.plan_years) if deleted.plan_years else changes)


@dataclass(frozen=True)
class MeetingCounts:
    """How many meetings a year had, per kind (in MEETING_KINDS order) and per 部会 — counted by
    the link to the 名簿's committee, or by name for a 部会 that is not in the 名簿."""

    by_kind: dict[str, int]
    by_committee: dict[CommitteeRef, int]

    @property
    def total(self) -> int:
        return sum(self.by_kind.values())

    def for_committee(self, committee: CommitteeRef | None) -> int:
        return self.by_committee.get(committee, 0) if committee not in (None, "") else 0

    @property
    def summary(self) -> str:
        """ "会議・話し合い 24回（総会 1回・役員会 6回・…）" — the wording used on sheets and screens."""
        parts = "・".join(f"{k} {n}回" for k, n in self.by_kind.items() if n)
        return f"会議・話し合い {self.total}回" + (f"（{parts}）" if parts else "")


def count_meetings_in(session: Session, year: FiscalYear) -> MeetingCounts:
    by_kind = dict.fromkeys(MEETING_KINDS, 0)
    rows = session.execute(
        select(MeetingRow.kind, func.count()).where(MeetingRow.year == year.year).group_by(MeetingRow.kind)
    )
    for kind, n in rows:
        by_kind[kind] = by_kind.get(kind, 0) + n
    committees = CommitteeIndex.load(session)
    by_committee: dict[CommitteeRef, int] = {}
    per_committee = session.execute(
        select(MeetingRow.committee_id, MeetingRow.committee, func.count())
        .where(MeetingRow.year == year.year)
        .group_by(MeetingRow.committee_id, MeetingRow.committee)
    )
    for committee_id, name, n in per_committee:
        ref = committees.ref(committee_id, name)
        if ref is not None:
            by_committee[ref] = by_committee.get(ref, 0) + n
    return MeetingCounts(by_kind, by_committee)


def count_meetings(db: Database, year: FiscalYear) -> MeetingCounts:
    with db.session() as session:
        return count_meetings_in(session, year)
