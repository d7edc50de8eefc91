"""予算: 当初予算 and numbered 補正予算 per fiscal year; the latest version is the budget in force."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from app.domain.fiscal_year import FiscalYear
from app.domain.input_bounds import refuse_out_of_bounds
from app.domain.kana import normalize_text
from app.domain.money import format_yen, parse_yen
from app.domain.validation import Problem, ValidationError
from app.services.accounts.books import resolve_book
from app.services.accounts.common import EXPENSE, INCOME, ensure_year_record, require_open
from app.services.changes import BUDGETS, Changes, Result
from app.services.records import SHOWN_FIELDS, EditConflict, conflict_text, person_of
from app.storage.database import Database
from app.storage.models import BudgetLine, BudgetVersion, Category, ChangeLog


def version_label(number: int) -> str:
    return "当初予算" if number == 0 else f"第{number}号補正予算"


@dataclass(frozen=True)
class BudgetInfo:
    book_id: int
    year: int
    number: int
    adopted_on: date | None = None
    note: str = ""
    amounts: dict[int, int] = field(default_factory=dict)  # category id → yen
    notes: dict[int, str] = field(default_factory=dict)  # category id → 備考
    # the stored version's row version (counts its saves); None for a version not stored yet
    version: int | None = None

    @property
    def label(self) -> str:
        return version_label(self.number)

    def total(self, category_ids: set[int]) -> int:
        return sum(v for k, v in self.amounts.items() if k in category_ids)


def _info(session: Session, v: BudgetVersion) -> BudgetInfo:
    lines = session.scalars(select(BudgetLine).where(BudgetLine.version_id == v.id)).all()
    return BudgetInfo(v.book_id, v.year, v.number, v.adopted_on, v.note,
                      {ln.category_id: ln.amount for ln in lines},
                      {ln.category_id: ln.note for ln in lines if ln.note}, v.version)


def _versions(session: Session, year: FiscalYear, book_id: int) -> list[BudgetVersion]:
    return list(session.scalars(
        select(BudgetVersion).where(BudgetVersion.year == year.year, BudgetVersion.book_id == book_id)
        .order_by(BudgetVersion.number)))


def list_budget_versions(db: Database, year: FiscalYear, *, book_id: int | None = None) -> list[BudgetInfo]:
    with db.session() as session:
        return [_info(session, v) for v in _versions(session, year, resolve_book(session, book_id).id)]


def current_budget(db: Database, year: FiscalYear, *, book_id: int | None = None) -> BudgetInfo | None:
    """The budget in force: the latest 補正 if any, else the 当初予算, else None."""
    versions = list_budget_versions(db, year, book_id=book_id)
    return versions[-1] if versions else None


@dataclass(frozen=True)
class BudgetBalance:
    """収入合計 and 支出合計 of one budget version; an adopted budget balances (差引 0)."""

    label: str
    income: int
    expense: int

    @property
    def difference(self) -> int:
        return self.income - self.expense

    @property
    def balanced(self) -> bool:
        return self.difference == 0

    def warning(self) -> str:
        """Japanese, says what is wrong and what to do (empty when balanced)."""
        if self.balanced:
            return ""
        side = "収入が支出より" if self.difference > 0 else "支出が収入より"
        return (f"{self.label}の収入合計（{format_yen(self.income)}）と支出合計（{format_yen(self.expense)}）が"
                f"一致しません（{side}{format_yen(abs(self.difference))}多い）。予備費などで収支を合わせてください。")


def budget_balance(db: Database, year: FiscalYear, number: int | None = None, *,
                   book_id: int | None = None) -> BudgetBalance | None:
    """The balance of version `number` (default: the budget in force); None when there is none."""
    versions = list_budget_versions(db, year, book_id=book_id)
    chosen = [v for v in versions if number is None or v.number == number]
    if not chosen:
        return None
    budget = chosen[-1]
    with db.session() as session:
        kinds = {cid: kind for cid, kind in session.execute(select(Category.id, Category.kind))}
    income = sum(v for k, v in budget.amounts.items() if kinds.get(k) == INCOME)
    expense = sum(v for k, v in budget.amounts.items() if kinds.get(k) == EXPENSE)
    return BudgetBalance(budget.label, income, expense)


def clean_amounts(session: Session, book_id: int, amounts: Mapping[int, object]) -> dict[int, int]:
    names = dict(session.execute(select(Category.id, Category.name).where(Category.book_id == book_id)).all())
    headings = set(session.scalars(select(Category.id).where(Category.book_id == book_id, Category.heading)))
    clean: dict[int, int] = {}
    problems: list[Problem] = []
    for category_id, value in amounts.items():
        if category_id not in names:
            problems.append(Problem("amounts", "登録されていない費目（または別の会計の費目）が含まれています"))
            continue
        if category_id in headings:
            if value not in (None, "", 0):
                problems.append(Problem(f"amount:{category_id}",
                                        f"{names[category_id]}: 予算は款・項ではなく、その下の目に入力してください"))
            continue
        try:
            clean[category_id] = parse_yen(0 if value in (None, "") else value)
        except ValueError as exc:
            problems.append(Problem(f"amount:{category_id}", f"{names[category_id]}: {exc}"))
    if problems:
        raise ValidationError(problems)
    return clean


def save_budget(
    db: Database,
    year: FiscalYear,
    amounts: Mapping[int, object],
    *,
    number: int | None = None,
    adopted_on: date | None = None,
    note: str = "",
    notes: Mapping[int, str] | None = None,
    book_id: int | None = None,
    shown: BudgetInfo | None | Literal[False] = False,
) -> Result[BudgetInfo]:
    """Write version `number` (replacing its lines), or with number=None the next version: the
    当初予算 when the year has none, else the next 補正予算. Amounts are whole yen ≥ 0.
    `shown`: the version as the form showed it (None: the form made a new one) — refused as an
    EditConflict, naming who changed what, when it was saved or created elsewhere since;
    False: no check (imports, the 総会's approval)."""
    refuse_out_of_bounds("adopted_on", "議決日", adopted_on)
    with db.session.begin() as session:
        book = resolve_book(session, book_id)
        require_open(session, year, {book.id})
        ensure_year_record(session, year)
        clean = clean_amounts(session, book.id, amounts)
        existing = {v.number: v for v in _versions(session, year, book.id)}
        if number is None:
            number = max(existing, default=-1) + 1
        if number < 0:
            raise ValidationError("予算の版番号が正しくありません")
        version = existing.get(number)
        if shown is not False and (version.version if version else None) != (shown.version if shown else None):
            raise _conflict(session, version, shown)
        if version is None:
            version = BudgetVersion(book_id=book.id, year=year.year, number=number)
            session.add(version)
        version.adopted_on = adopted_on
        version.note = normalize_text(note)
        session.flush()
        for line in session.scalars(select(BudgetLine).where(BudgetLine.version_id == version.id)):
            session.delete(line)
        session.flush()
        notes = notes or {}
        session.add_all(
            BudgetLine(version_id=version.id, category_id=k, amount=v, note=normalize_text(notes.get(k, "")))
            for k, v in clean.items()
        )
        flag_modified(version, "note")  # every save counts: the lines alone would leave the version as it was
        session.flush()
        return Result(_info(session, version), Changes.of(BUDGETS, version.id))


def _conflict(session: Session, version: BudgetVersion | None, shown: BudgetInfo | None) -> EditConflict:
    """Someone saved this budget version (or made it) after the form was filled: who, when, and
    the amounts they changed from what the form showed."""
    if version is None:  # the version the form showed was deleted meanwhile (an undo on another PC)
        return EditConflict(conflict_text(f"この{shown.label if shown else '予算'}は、開いた後に別の画面または"
                                          "パソコンで削除されました", []), 0)
    stored = _info(session, version)
    last = session.scalars(
        select(ChangeLog).where(ChangeLog.table_name == "budget_line", ChangeLog.field == "version_id",
                                ChangeLog.new_value == str(version.id))
        .order_by(ChangeLog.id.desc()).limit(1)).first()
    actor = person_of(last.actor) if last is not None else "別の利用者"
    when = f"{last.changed_at:%Y年%-m月%-d日 %H:%M}に" if last is not None else ""
    verb = "作りました" if shown is None else "変更しました"
    names = dict(session.execute(select(Category.id, Category.name)).all())
    before = shown.amounts if shown else {}
    lines = [f"・{names.get(k, '')}: {format_yen(before.get(k, 0))} → {format_yen(stored.amounts.get(k, 0))}"
             for k in sorted(set(before) | set(stored.amounts), key=lambda k: names.get(k, ""))
             if before.get(k, 0) != stored.amounts.get(k, 0)]
    if shown is not None and (shown.adopted_on, shown.note) != (stored.adopted_on, stored.note):
        lines.append(f"・議決日・メモ: {shown.adopted_on or ''} {shown.note} → {stored.adopted_on or ''} {stored.note}")
    shown_lines = lines[:SHOWN_FIELDS] + ([f"・ほか{len(lines) - SHOWN_FIELDS}項目"] if len(lines) > SHOWN_FIELDS else [])
    return EditConflict(conflict_text(f"この{stored.label}は、開いた後に{actor}が{when}{verb}", shown_lines),
                        version.version)


def delete_budget_version(db: Database, year: FiscalYear, number: int, *,
                          book_id: int | None = None) -> Result[BudgetInfo]:
    """Remove the latest version (undo of its creation); earlier versions stay as history."""
    with db.session.begin() as session:
        book = resolve_book(session, book_id)
        require_open(session, year, {book.id})
        versions = _versions(session, year, book.id)
        if not versions or versions[-1].number != number:
            raise ValidationError("削除できるのは最新の予算だけです")
        info = _info(session, versions[-1])
        changes = Changes.of(BUDGETS, versions[-1].id)
        session.delete(versions[-1])
        return Result(info, changes)
