"""事業, 会議・話し合い, 評価の視点 (versioned criteria sets), 自己評価 and 実施年次指標.

担当部会 and a meeting's 部会 link to the 名簿's Committee (committee_id). The name is kept as text
beside the link: it is what shows when a name matches no committee of the register (or the
committee was removed: the link then falls back to NULL and the last name stays).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.domain.plan import CRITERION_EVIDENCE, CRITERION_SCOPES, GRADE_LABELS
from app.storage.base import Base, Timestamped, Versioned
from app.storage.history import Audited


class CriteriaSet(Versioned, Audited, Timestamped, Base):
    """A version of the evaluation criteria, in force from `first_year` until the next set starts."""

    __tablename__ = "criteria_set"
    __label__ = "評価の視点"
    __field_labels__ = {"first_year": "適用する年度", "name": "名前"}

    id: Mapped[int] = mapped_column(primary_key=True)
    first_year: Mapped[int] = mapped_column(Integer, unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    criteria: Mapped[list[Criterion]] = relationship(
        back_populates="criteria_set", order_by="Criterion.position", cascade="all, delete-orphan"
    )


class Criterion(Audited, Base):
    __tablename__ = "criterion"
    __label__ = "評価項目"
    __field_labels__ = {"criteria_set_id": "評価の視点", "key": "識別名", "group_name": "区分", "mark": "記号",
                        "wording": "文言", "scope": "対象", "evidence": "根拠", "position": "順番"}
    __value_labels__ = {"scope": CRITERION_SCOPES, "evidence": CRITERION_EVIDENCE}
    __table_args__ = (UniqueConstraint("criteria_set_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    criteria_set_id: Mapped[int] = mapped_column(
        ForeignKey("criteria_set.id", ondelete="CASCADE"), index=True
    )
    key: Mapped[str] = mapped_column(String(50))  # stable across sets: compares years
    group_name: Mapped[str] = mapped_column(String(100))  # 客観的評価検証
    mark: Mapped[str] = mapped_column(String(4), default="")  # ❶
    wording: Mapped[str] = mapped_column(Text)
    scope: Mapped[str] = mapped_column(String(10))  # "project" | "body"
    evidence: Mapped[str] = mapped_column(String(20), default="")  # "target" | "cost" | "meetings" | ""
    position: Mapped[int] = mapped_column(Integer, default=0)
    criteria_set: Mapped[CriteriaSet] = relationship(back_populates="criteria")


class Project(Versioned, Audited, Timestamped, Base):
    """事業: one activity of the body in one fiscal year."""

    __tablename__ = "project"
    __label__ = "事業"
    __field_labels__ = {
        "name": "事業名",
        "committee": "担当部会",
        "committee_id": "担当部会（名簿）",
        "person_in_charge": "担当者",
        "goal": "目標",
        "target_value": "数値目標",
        "result_value": "実績",
        "budget": "予算額",
        "actual_cost": "決算額",
    }
    __money_fields__ = frozenset({"budget", "actual_cost"})

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)  # fiscal year (2025 = 令和7年度)
    name: Mapped[str] = mapped_column(String(200))
    item_code: Mapped[str] = mapped_column(String(10))  # plan item, e.g. "1-2" (pillar = first digit)
    committee: Mapped[str] = mapped_column(String(100), default="")  # 担当部会 name (shown when unlinked)
    committee_id: Mapped[int | None] = mapped_column(ForeignKey("committee.id", ondelete="SET NULL"), index=True)
    person_in_charge: Mapped[str] = mapped_column(String(100), default="")  # 担当者 (personal data)
    goal: Mapped[str] = mapped_column(Text, default="")  # 目標
    target_label: Mapped[str] = mapped_column(String(50), default="")  # what is counted: 参加者数, 開催回数
    target_value: Mapped[int | None] = mapped_column(Integer)  # 数値目標
    result_value: Mapped[int | None] = mapped_column(Integer)  # 実績
    unit: Mapped[str] = mapped_column(String(10), default="")  # 人, 回
    start_on: Mapped[date | None] = mapped_column(Date)
    end_on: Mapped[date | None] = mapped_column(Date)
    participants: Mapped[int | None] = mapped_column(Integer)  # 参加者数
    budget: Mapped[int] = mapped_column(Integer, default=0)  # 予算額, yen
    actual_cost: Mapped[int | None] = mapped_column(Integer)  # 決算額 as entered, yen
    note: Mapped[str] = mapped_column(Text, default="")


class Meeting(Versioned, Audited, Timestamped, Base):
    """会議・話し合い."""

    __tablename__ = "meeting"
    __label__ = "会議・話し合い"
    __field_labels__ = {
        "held_on": "開催日",
        "kind": "種類",
        "committee": "部会",
        "committee_id": "部会（名簿）",
        "attendees": "出席者数",
        "agenda": "議題",
        "decisions": "決定事項",
        "proxies": "委任状",
        "minutes": "議事録",
        "place": "会場",
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    held_on: Mapped[date] = mapped_column(Date)
    year: Mapped[int] = mapped_column(Integer, index=True)  # fiscal year of held_on, for fast counts
    kind: Mapped[str] = mapped_column(String(20))  # 総会, 役員会, 部会, ワークショップ, 懇談会, その他
    committee: Mapped[str] = mapped_column(String(100), default="")  # 部会 name (shown when unlinked)
    committee_id: Mapped[int | None] = mapped_column(ForeignKey("committee.id", ondelete="SET NULL"), index=True)
    title: Mapped[str] = mapped_column(String(200), default="")  # 会議名
    attendees: Mapped[int | None] = mapped_column(Integer)  # 出席者数
    agenda: Mapped[str] = mapped_column(Text, default="")  # 議題
    decisions: Mapped[str] = mapped_column(Text, default="")  # 決定事項
    proxies: Mapped[int | None] = mapped_column(Integer)  # 委任状 (a 総会's quorum counts them)
    minutes: Mapped[str] = mapped_column(Text, default="")  # 議事録
    place: Mapped[str] = mapped_column(String(200), default="", server_default="")  # 会場 (a 総会's: the 議案書's cover)


class Evaluation(Versioned, Audited, Timestamped, Base):
    """自己評価 of one project (project_id set) or of the body as a whole (project_id NULL) in a year.

    The criteria set is pinned when the evaluation is made, so a later set never rewrites it.
    """

    __tablename__ = "evaluation"
    __label__ = "自己評価"
    __field_labels__ = {
        "direction": "次年度の方向性",
        "outcome": "成果",
        "issues": "課題",
        "improvements": "改善策",
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    project_id: Mapped[int | None] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), unique=True)
    criteria_set_id: Mapped[int] = mapped_column(ForeignKey("criteria_set.id"), index=True)
    direction: Mapped[str] = mapped_column(String(20), default="")  # 継続 / 拡充 / 見直し / 休止・廃止
    outcome: Mapped[str] = mapped_column(Text, default="")  # 成果
    issues: Mapped[str] = mapped_column(Text, default="")  # 課題
    improvements: Mapped[str] = mapped_column(Text, default="")  # 改善策
    grades: Mapped[list[EvaluationGrade]] = relationship(cascade="all, delete-orphan")


class EvaluationGrade(Versioned, Audited, Base):
    __tablename__ = "evaluation_grade"
    __label__ = "評価"
    __field_labels__ = {"grade": "評価", "comment": "コメント"}
    __value_labels__ = {"grade": GRADE_LABELS}
    __table_args__ = (UniqueConstraint("evaluation_id", "criterion_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    evaluation_id: Mapped[int] = mapped_column(ForeignKey("evaluation.id", ondelete="CASCADE"), index=True)
    criterion_id: Mapped[int] = mapped_column(ForeignKey("criterion.id"), index=True)
    grade: Mapped[str] = mapped_column(String(1), default="")  # "A".."D", "" = not graded yet
    comment: Mapped[str] = mapped_column(Text, default="")


class RollingTarget(Versioned, Audited, Timestamped, Base):
    """実施年次指標: the target for one plan item in one year, as set in the plan of `plan_year`
    (which covers plan_year … plan_year+2)."""

    __tablename__ = "rolling_target"
    __label__ = "実施年次指標"
    __field_labels__ = {"plan_year": "プランの年度", "item_code": "項目", "target_year": "年度", "indicator": "指標",
                        "value": "目標値", "unit": "単位"}
    __table_args__ = (UniqueConstraint("plan_year", "item_code", "target_year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_year: Mapped[int] = mapped_column(Integer, index=True)
    item_code: Mapped[str] = mapped_column(String(10))
    target_year: Mapped[int] = mapped_column(Integer)
    indicator: Mapped[str] = mapped_column(String(200), default="")  # 指標, e.g. 研修会の開催回数
    value: Mapped[int | None] = mapped_column(Integer)
    unit: Mapped[str] = mapped_column(String(10), default="")
