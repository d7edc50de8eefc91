"""実施年次指標: targets per plan item for three fiscal years, managed by rolling them forward.

The plan of year P covers P, P+1 and P+2. Rolling forward at the end of P starts the plan of P+1
from P's unfinished years (P+1, P+2, copied as they stand) and opens P+3 empty.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from sqlalchemy import select

from app.domain.fiscal_year import FiscalYear
from app.domain.kana import normalize_text
from app.domain.plan import PILLARS, PLAN_ITEMS, item_label
from app.domain.validation import Problem, ValidationError
from app.services.changes import TARGETS, Changes, Result
from app.services.records import latest_change, values_conflict
from app.storage.database import Database
from app.storage.models import RollingTarget

PLAN_SPAN = 3


@dataclass(frozen=True)
class Target:
    indicator: str = ""  # 指標, e.g. 研修会の開催回数
    value: int | None = None
    unit: str = ""

    @property
    def text(self) -> str:
        """ "研修会の開催回数 3回" (what a cell shows)."""
        figure = f"{self.value:,}{self.unit}" if self.value is not None else ""
        return " ".join(p for p in (self.indicator, figure) if p)

    @property
    def empty(self) -> bool:
        return not self.indicator and self.value is None


@dataclass(frozen=True)
class PlanRow:
    item_code: str
    label: str  # 人づくり・地域の人材育成
    targets: dict[int, Target]  # target year → target


@dataclass(frozen=True)
class RollingPlan:
    plan_year: int
    rows: tuple[PlanRow, ...]  # every plan item, in the plan's order

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(range(self.plan_year, self.plan_year + PLAN_SPAN))

    @property
    def is_empty(self) -> bool:
        return all(t.empty for r in self.rows for t in r.targets.values())


def plan_years(db: Database) -> list[int]:
    with db.session() as session:
        return sorted(set(session.scalars(select(RollingTarget.plan_year))))


def get_plan(db: Database, plan_year: FiscalYear) -> RollingPlan:
    """The plan drawn up for `plan_year` (every item; empty targets where none was set)."""
    with db.session() as session:
        stored = {(t.item_code, t.target_year): Target(t.indicator, t.value, t.unit) for t in session.scalars(
            select(RollingTarget).where(RollingTarget.plan_year == plan_year.year))}
    years = range(plan_year.year, plan_year.year + PLAN_SPAN)
    rows = tuple(
        PlanRow(item.code, item_label(item.code), {y: stored.get((item.code, y), Target()) for y in years})
        for pillar in PILLARS for item in pillar.items
    )
    return RollingPlan(plan_year.year, rows)


def plan_in_force(db: Database, year: FiscalYear) -> RollingPlan | None:
    """The newest plan that covers `year` (None when no plan covers it)."""
    with db.session() as session:
        newest = session.scalars(
            select(RollingTarget.plan_year)
            .where(RollingTarget.plan_year <= year.year, RollingTarget.plan_year > year.year - PLAN_SPAN)
            .order_by(RollingTarget.plan_year.desc())
        ).first()
    return None if newest is None else get_plan(db, FiscalYear(newest))


def parse_target_value(text: str) -> int | None:
    clean = unicodedata.normalize("NFKC", text or "").replace(",", "").strip()
    if not clean:
        return None
    if not clean.isdigit():
        raise ValidationError(Problem("value", f"目標値は0以上の整数で入力してください（「{text}」）"))
    return int(clean)


def set_target(
    db: Database, plan_year: FiscalYear, item_code: str, target_year: int, target: Target, *,
    expected: Target | None = None,
) -> Result[Target]:
    """Store one target of a plan; returns the target as it was (for undo). An empty target clears it.
    `expected`: the target as the form showed it — refused (EditConflict, who/when/what; its
    `current` is the target stored now) when another PC or window saved it since."""
    if item_code not in PLAN_ITEMS:
        raise ValidationError(Problem("item_code", f"プランの項目「{item_code}」はありません"))
    if not plan_year.year <= target_year < plan_year.year + PLAN_SPAN:
        raise ValidationError(Problem(
            "target_year", f"{plan_year.label}の指標は{plan_year.label}から3か年度分です（{target_year}年度は範囲外）"))
    if target.value is not None and target.value < 0:
        raise ValidationError(Problem("value", "目標値に負の数は入力できません"))
    clean = Target(normalize_text(target.indicator), target.value, normalize_text(target.unit))
    with db.session.begin() as session:
        row = session.scalars(select(RollingTarget).where(  # FOR UPDATE: two PCs saving it take turns
            RollingTarget.plan_year == plan_year.year, RollingTarget.item_code == item_code,
            RollingTarget.target_year == target_year).with_for_update()).first()
        before = Target(row.indicator, row.value, row.unit) if row else Target()
        if expected is not None and before != _as_stored(expected):
            last = latest_change(session, RollingTarget.__tablename__, ids=[row.id] if row else [])
            raise values_conflict(f"{FiscalYear(target_year).label}の実施年次指標（{item_label(item_code)}）", last,
                                  [f"・{expected.text or '（なし）'} → {before.text or '（なし）'}"], before)
        if clean.empty:
            if row is not None:
                session.delete(row)
        else:
            row = row or RollingTarget(plan_year=plan_year.year, item_code=item_code, target_year=target_year)
            row.indicator, row.value, row.unit = clean.indicator, clean.value, clean.unit
            session.add(row)
    return Result(before, Changes.of(TARGETS))


def _as_stored(target: Target) -> Target:
    """A target as set_target stores it (what an undo compares with what is stored)."""
    clean = Target(normalize_text(target.indicator), target.value, normalize_text(target.unit))
    return Target() if clean.empty else clean


def roll_forward(db: Database, plan_year: FiscalYear) -> Result[FiscalYear]:
    """Start the plan of the following year from this plan's unfinished years; returns the new plan year.

    Refused when this plan has no targets or the following plan already exists (nothing is changed).
    """
    following = plan_year.next()
    with db.session.begin() as session:
        current = list(session.scalars(select(RollingTarget).where(RollingTarget.plan_year == plan_year.year)))
        if not current:
            raise ValidationError(f"{plan_year.label}の実施年次指標がまだありません。先に指標を入力してください。")
        if session.scalars(select(RollingTarget.id).where(RollingTarget.plan_year == following.year)).first():
            raise ValidationError(f"{following.label}の実施年次指標は既にあります。ローリングは一度だけです。")
        for t in current:
            if t.target_year >= following.year:  # the finished first year stays in the old plan only
                session.add(RollingTarget(plan_year=following.year, item_code=t.item_code,
                                          target_year=t.target_year, indicator=t.indicator, value=t.value, unit=t.unit))
    return Result(following, Changes.of(TARGETS))


def clear_plan(db: Database, plan_year: FiscalYear) -> Changes:
    """Remove every target of one plan (undo of a roll forward)."""
    with db.session.begin() as session:
        for row in session.scalars(select(RollingTarget).where(RollingTarget.plan_year == plan_year.year)):
            session.delete(row)
    return Changes.of(TARGETS)
