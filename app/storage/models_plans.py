"""総会 (general meeting) preparation: next year's plan and budget as 案 (drafts), the proposed
officers (役員改選（案）) and the record of a meeting's 議案 and 議決.

A year's projects are drafts (案) while its YearPlan has no approval date: the 総会 approves the
plan, and from then on they are the year's projects. The 予算（案） is kept apart from the budget
versions until approval makes it the year's 当初予算 (so nothing reads a draft as the budget in force).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import BigInteger, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.storage.base import Base, Timestamped, Versioned
from app.storage.history import Audited


class YearPlan(Versioned, Audited, Timestamped, Base):
    """The plan (事業計画) of one fiscal year, made from `source_year`'s projects; 案 until approved."""

    __tablename__ = "year_plan"
    __label__ = "事業計画"
    __field_labels__ = {
        "approved_on": "承認日（総会）",
        "meeting_on": "総会の開催日",
        "meeting_place": "総会の会場",
        "meeting_id": "総会の記録",
    }

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    source_year: Mapped[int] = mapped_column(Integer)
    approved_on: Mapped[date | None] = mapped_column(Date)  # the 総会's 議決: None while 案
    meeting_on: Mapped[date | None] = mapped_column(Date)  # the 総会 that approves it
    meeting_place: Mapped[str] = mapped_column(String(200), default="")
    # the 総会's record (会議の記録): links the meeting to the pack it approved
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id", ondelete="SET NULL"))


class BudgetDraftLine(Versioned, Audited, Base):
    """予算（案）: one 費目 of next year's draft budget."""

    __tablename__ = "budget_draft_line"
    __label__ = "予算（案）"
    __field_labels__ = {"amount": "予算額（案）", "note": "備考"}
    __money_fields__ = frozenset({"amount"})
    __table_args__ = (UniqueConstraint("year", "category_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("account_category.id"), index=True)
    amount: Mapped[int] = mapped_column(BigInteger, default=0)
    note: Mapped[str] = mapped_column(Text, default="")


class OfficerProposal(Versioned, Audited, Timestamped, Base):
    """役員改選（案）: who holds a post from the 総会 of `year` (再任 or a new person), for which term."""

    __tablename__ = "officer_proposal"
    __label__ = "役員改選（案）"
    __field_labels__ = {"person_id": "候補者", "start_on": "任期開始", "end_on": "任期終了", "note": "備考"}

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)  # the year the new terms start in
    term_id: Mapped[int | None] = mapped_column(ForeignKey("officer_term.id", ondelete="SET NULL"))  # ending
    post_id: Mapped[int] = mapped_column(ForeignKey("office_post.id"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    start_on: Mapped[date] = mapped_column(Date)
    end_on: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")


class MeetingMotion(Versioned, Audited, Base):
    """議案 of a meeting and its 議決 (承認・否決・継続; "" = not yet decided)."""

    __tablename__ = "meeting_motion"
    __label__ = "議案"
    __field_labels__ = {"title": "議案", "result": "議決"}

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(String(200))
    result: Mapped[str] = mapped_column(String(10), default="")
