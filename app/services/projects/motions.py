"""会議の記録: a meeting's 議案 and their 議決 (承認・否決・継続), kept in the order they were put."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import zip_longest

from sqlalchemy import select

from app.domain.kana import normalize_text
from app.domain.validation import Problem, ValidationError
from app.services.changes import MEETINGS, Changes, Result
from app.services.records import gone, latest_change, values_conflict
from app.storage.database import Database
from app.storage.models import Meeting as MeetingRow
from app.storage.models import MeetingMotion

RESULTS = ("承認", "否決", "継続")  # "" = not decided yet
TITLE_MAX = 200


@dataclass(frozen=True)
class Motion:
    title: str  # 第1号議案 令和7年度事業報告について
    result: str = ""


def list_motions(db: Database, meeting_id: int) -> list[Motion]:
    with db.session() as session:
        rows = session.scalars(select(MeetingMotion).where(MeetingMotion.meeting_id == meeting_id)
                               .order_by(MeetingMotion.position, MeetingMotion.id))
        return [Motion(r.title, r.result) for r in rows]


def validate_motions(motions: list[Motion]) -> list[Motion]:
    problems: list[Problem] = []
    clean = []
    for n, m in enumerate(motions, 1):
        title = normalize_text(m.title)
        if not title:
            problems.append(Problem(f"motion:{n}", f"{n}件目の議案の名前を入力してください"))
        elif len(title) > TITLE_MAX:
            problems.append(Problem(f"motion:{n}", f"{n}件目の議案は{TITLE_MAX}文字以内で入力してください"))
        if m.result not in ("", *RESULTS):
            problems.append(Problem(f"motion:{n}", f"{n}件目の議決は {'・'.join(RESULTS)} のどれかを選んでください"))
        clean.append(Motion(title, m.result))
    if problems:
        raise ValidationError(problems)
    return clean


def _text(m: Motion | None) -> str:
    return "（なし）" if m is None else f"{m.title}（{m.result or '議決前'}）"


def save_motions(db: Database, meeting_id: int, motions: list[Motion], *,
                 expected: list[Motion] | None = None) -> Result[list[Motion]]:
    """Replace the meeting's 議案 with `motions`; returns the ones before (for undo).
    `expected`: the 議案 as the form showed them — refused (EditConflict, who/when/what; its
    `current` is the list stored now) when another PC or window saved them since."""
    clean = validate_motions(motions)
    with db.session.begin() as session:
        # FOR UPDATE (PostgreSQL): two PCs saving the same meeting's 議案 take turns
        if session.get(MeetingRow, meeting_id, with_for_update=True) is None:
            raise gone(MeetingRow, meeting_id)
        rows = list(session.scalars(select(MeetingMotion).where(MeetingMotion.meeting_id == meeting_id)
                                    .order_by(MeetingMotion.position, MeetingMotion.id)))
        before = [Motion(r.title, r.result) for r in rows]
        if expected is not None and before != expected:
            lines = [f"・{n}件目: {_text(shown)} → {_text(stored)}"
                     for n, (shown, stored) in enumerate(zip_longest(expected, before), 1) if shown != stored]
            last = latest_change(session, MeetingMotion.__tablename__, owner=("meeting_id", meeting_id))
            raise values_conflict("会議の議案と議決", last, lines, before)
        for row in rows:
            session.delete(row)
        session.flush()
        session.add_all(MeetingMotion(meeting_id=meeting_id, position=i, title=m.title, result=m.result)
                        for i, m in enumerate(clean))
    return Result(before, Changes.of(MEETINGS, meeting_id))
