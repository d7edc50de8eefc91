"""評価の視点 (criteria sets), versioned by fiscal year.

A set is in force from its `first_year` until the next set starts. Every evaluation pins the set it
was made with, so saving new criteria for 2026 re-pins only the evaluations of 2026 onwards (grades
carried over by criterion key); 2025's evaluation and its sheet keep their wording.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from app.domain.fiscal_year import MIN_YEAR, FiscalYear
from app.domain.kana import normalize_text
from app.domain.plan import (
    CRITERION_EVIDENCE,
    CRITERION_SCOPES,
    DEFAULT_CRITERIA,
    DEFAULT_CRITERIA_NAME,
    CriterionDef,
)
from app.domain.validation import Problem, ValidationError
from app.services.changes import CRITERIA, EVALUATION, Changes, Result
from app.services.records import EditConflict, existing, latest_change, values_conflict
from app.storage.database import Database
from app.storage.models import CriteriaSet, Criterion, Evaluation, EvaluationGrade

SCOPES = tuple(CRITERION_SCOPES)
EVIDENCE_KINDS = tuple(CRITERION_EVIDENCE)


@dataclass(frozen=True)
class CriterionInfo:
    id: int
    key: str
    group: str
    mark: str
    wording: str
    scope: str
    evidence: str

    @property
    def label(self) -> str:
        """In the plan's own wording: 「客観的評価検証 ❶ 想定した事業の目標や成果が達成されたか」."""
        return f"{self.group} {self.mark} {self.wording}".replace("  ", " ")

    @property
    def short(self) -> str:
        """For chart axes: 「客観❶」."""
        return f"{self.group[:2]}{self.mark}"

    def as_def(self) -> CriterionDef:
        return CriterionDef(self.key, self.group, self.mark, self.wording, self.scope, self.evidence)


@dataclass(frozen=True)
class CriteriaSetInfo:
    id: int
    first_year: int
    name: str
    criteria: tuple[CriterionInfo, ...]
    version: int = 0  # the set's row version when read: the criteria form saves against it

    def for_scope(self, scope: str) -> tuple[CriterionInfo, ...]:
        return tuple(c for c in self.criteria if c.scope == scope)

    def by_key(self, key: str) -> CriterionInfo:
        for c in self.criteria:
            if c.key == key:
                return c
        raise ValidationError(f"評価項目「{key}」は{self.first_year}年度からの評価の視点にありません")


def set_info(row: CriteriaSet) -> CriteriaSetInfo:
    return CriteriaSetInfo(row.id, row.first_year, row.name, tuple(
        CriterionInfo(c.id, c.key, c.group_name, c.mark, c.wording, c.scope, c.evidence) for c in row.criteria
    ), row.version)


def _criterion_rows(defs: list[CriterionDef] | tuple[CriterionDef, ...]) -> list[Criterion]:
    return [Criterion(key=d.key, group_name=d.group, mark=d.mark, wording=d.wording, scope=d.scope,
                      evidence=d.evidence, position=i) for i, d in enumerate(defs)]


def set_in_force(session: Session, year: int) -> CriteriaSet:
    """The set for `year`; a database without any set gets the plan's default, valid for all years."""
    row = session.scalars(
        select(CriteriaSet).where(CriteriaSet.first_year <= year).order_by(CriteriaSet.first_year.desc())
    ).first()
    if row is None:
        row = session.scalars(select(CriteriaSet).order_by(CriteriaSet.first_year)).first()
    if row is None:
        row = CriteriaSet(first_year=MIN_YEAR, name=DEFAULT_CRITERIA_NAME, criteria=_criterion_rows(DEFAULT_CRITERIA))
        session.add(row)
        session.flush()
    return row


def criteria_for_year(db: Database, year: FiscalYear) -> CriteriaSetInfo:
    with db.session.begin() as session:
        return set_info(set_in_force(session, year.year))


def criteria_set(db: Database, set_id: int) -> CriteriaSetInfo:
    with db.session() as session:
        return set_info(existing(session, CriteriaSet, set_id))


def list_criteria_sets(db: Database) -> list[CriteriaSetInfo]:
    with db.session() as session:
        return [set_info(r) for r in session.scalars(select(CriteriaSet).order_by(CriteriaSet.first_year))]


def validate_criteria(defs: list[CriterionDef]) -> list[CriterionDef]:
    problems: list[Problem] = []
    clean = [CriterionDef(normalize_text(d.key), normalize_text(d.group), normalize_text(d.mark),
                          normalize_text(d.wording), d.scope, d.evidence) for d in defs]
    seen: set[str] = set()
    for n, d in enumerate(clean, 1):
        where = f"{n}番目の評価項目"
        if not d.key:
            problems.append(Problem("criteria", f"{where}: 識別名（キー）を入力してください"))
        elif d.key in seen:
            problems.append(Problem("criteria", f"{where}: 識別名「{d.key}」が重複しています"))
        seen.add(d.key)
        if not d.wording:
            problems.append(Problem("criteria", f"{where}: 評価の視点の文言を入力してください"))
        if d.scope not in SCOPES:
            problems.append(Problem("criteria", f"{where}: 対象は事業（project）か団体（body）です"))
        if d.evidence not in EVIDENCE_KINDS:
            problems.append(Problem("criteria", f"{where}: 根拠の種類「{d.evidence}」はありません"))
    if not any(d.scope == "project" for d in clean):
        problems.append(Problem("criteria", "事業を評価する項目が一つもありません"))
    if problems:
        raise ValidationError(problems)
    return clean


_CHANGED = Changes.of(CRITERIA) | Changes.of(EVALUATION)  # grades of a removed criterion go too


def save_criteria_for_year(
    db: Database, year: FiscalYear, defs: list[CriterionDef], name: str = "", *,
    shown: CriteriaSetInfo | None = None,
) -> Result[CriteriaSetInfo]:
    """Make `defs` the criteria from `year` on (until the next set). Earlier years are untouched.
    `shown`: the set in force as the form showed it — refused (EditConflict, who/when/what; its
    `current` is the set in force now) when another PC or window saved criteria for the year since."""
    clean = validate_criteria(defs)
    with db.session.begin() as session:
        previous = set_in_force(session, year.year)
        if shown is not None and (previous.id, previous.version) != (shown.id, shown.version):
            raise _conflict(session, year, shown, set_info(previous))
        following = session.scalars(
            select(CriteriaSet.first_year).where(CriteriaSet.first_year > year.year).order_by(CriteriaSet.first_year)
        ).first()
        if previous.first_year == year.year:  # this year already has its own set: edit it in place
            target = previous
            old = {c.key: c for c in target.criteria}
            for c in old.values():
                if c.key not in {d.key for d in clean}:
                    session.execute(delete(EvaluationGrade).where(EvaluationGrade.criterion_id == c.id))
                    session.delete(c)
            session.flush()
            for i, d in enumerate(clean):
                row = old.get(d.key) or Criterion(criteria_set_id=target.id, key=d.key)
                row.group_name, row.mark, row.wording = d.group, d.mark, d.wording
                row.scope, row.evidence, row.position = d.scope, d.evidence, i
                session.add(row)
            target.name = name or target.name
            flag_modified(target, "name")  # every save counts (the criteria alone leave the set's row as it was)
            session.flush()
            session.refresh(target)
            return Result(set_info(target), _CHANGED)
        target = CriteriaSet(first_year=year.year, name=name or previous.name, criteria=_criterion_rows(clean))
        session.add(target)
        session.flush()
        _repin(session, target, year.year, following)
        session.refresh(target)
        return Result(set_info(target), _CHANGED)


def _conflict(session: Session, year: FiscalYear, shown: CriteriaSetInfo, stored: CriteriaSetInfo) -> EditConflict:
    """Who saved the year's criteria since the form showed them, when, and which items they changed."""
    before = {c.key: c for c in shown.criteria}
    after = {c.key: c for c in stored.criteria}
    lines = [f"・{(after.get(k) or before[k]).group}{(after.get(k) or before[k]).mark}: "
             f"{before[k].wording if k in before else '（なし）'} → {after[k].wording if k in after else '（削除）'}"
             for k in [*before, *(k for k in after if k not in before)]
             if (before[k].as_def() if k in before else None) != (after[k].as_def() if k in after else None)]
    changes = [latest_change(session, Criterion.__tablename__, ids=[c.id for c in stored.criteria],
                             owner=("criteria_set_id", stored.id)),
               latest_change(session, CriteriaSet.__tablename__, ids=[stored.id])]
    last = max((c for c in changes if c is not None), key=lambda c: c.id, default=None)
    return values_conflict(f"{year.label}の評価の視点", last, lines, stored)


def _repin(session: Session, target: CriteriaSet, first: int, until: int | None) -> None:
    """Evaluations of years first … until-1 move to the new set, keeping grades whose key remains."""
    query = select(Evaluation).where(Evaluation.year >= first)
    if until is not None:
        query = query.where(Evaluation.year < until)
    new_ids = {c.key: c.id for c in target.criteria}
    for evaluation in session.scalars(query):
        old_keys = {c.id: c.key for c in existing(session, CriteriaSet, evaluation.criteria_set_id).criteria}
        evaluation.criteria_set_id = target.id
        for grade in list(evaluation.grades):
            key = old_keys.get(grade.criterion_id)
            if key in new_ids:
                grade.criterion_id = new_ids[key]
            else:
                evaluation.grades.remove(grade)
