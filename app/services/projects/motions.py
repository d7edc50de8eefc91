"""会議の記録: a meeting's 議案 and their 議決 (承認・否決・継続), kept in the order they were put."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from app.domain.kana import normalize_text
from app.domain.validation import Problem, ValidationError
from app.services.changes import MEETINGS, Changes, Result
from app.services.records import existing
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


def save_motions(db: Database, meeting_id: int, motions: list[Motion]) -> Result[list[Motion]]:
    """Replace the meeting's 議案 with `motions`; returns the ones before (for undo)."""
    clean = validate_motions(motions)
    before = list_motions(db, meeting_id)
    with db.session.begin() as session:
        existing(session, MeetingRow, meeting_id)  # (refused, naming it, when it is gone)
        for row in session.scalars(select(MeetingMotion).where(MeetingMotion.meeting_id == meeting_id)):
            session.delete(row)
        session.flush()
        session.add_all(MeetingMotion(meeting_id=meeting_id, position=i, title=m.title, result=m.result)
                        for i, m in enumerate(clean))
    return Result(before, Changes.of(MEETINGS, meeting_id))
