"""流用 and 予備費充用: budget moved after adoption, each with its reason, shown in the 予算対比.

流用 moves budget between 目 of the same 項 (or of the same 款 when the 目 sit directly under it);
予備費充用 moves it from the 予備費 (the 目 marked as such) to any 支出 目 of the 会計. A move never
takes more than the giving 目 has left to give (its budget in force minus what it has spent).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.fiscal_year import FiscalYear
from app.domain.input_bounds import refuse_out_of_bounds
from app.domain.kana import normalize_text
from app.domain.money import format_yen, parse_yen
from app.domain.validation import Problem, ValidationError
from app.services.accounts.analysis import budget_vs_actual
from app.services.accounts.common import EXPENSE, RESERVE, ensure_year_record, require_open
from app.services.changes import BUDGETS, Changes, Result
from app.services.records import (
    check_fields_as_left,
    check_version,
    existing,
    put_back_at,
    refusing_lost_races,
)
from app.storage.database import Database
from app.storage.models import BudgetMove, Category

TRANSFER_KIND, RESERVE_KIND = "流用", "予備費充用"


@dataclass(frozen=True)
class BudgetMoveInfo:
    id: int
    year: int
    kind: str
    from_category_id: int
    from_name: str
    to_category_id: int
    to_name: str
    amount: int
    on_date: date | None
    reason: str
    version: int = 0  # the row version when read: a correction names it (refused when saved since)


def _info(session: Session, m: BudgetMove) -> BudgetMoveInfo:
    return BudgetMoveInfo(m.id, m.year, m.kind, m.from_category_id, existing(session, Category, m.from_category_id).name,
                          m.to_category_id, existing(session, Category, m.to_category_id).name, m.amount, m.on_date,
                          m.reason, m.version)


@dataclass(frozen=True)
class _CheckedMove:
    kind: str
    amount: int
    reason: str
    book_id: int


def _check_move(db: Database, year: FiscalYear, from_category_id: int, to_category_id: int, amount: object,
                reason: str, replacing: BudgetMoveInfo | None = None) -> _CheckedMove:
    """The rules of a 流用 or 予備費充用, every problem at once. `replacing`: the move being corrected
    (what it gave and took is not counted in what the giving 目 has left)."""
    problems: list[Problem] = []
    clean_reason = normalize_text(reason)
    if not clean_reason:
        problems.append(Problem("reason", "流用・充用の理由を入力してください"))
    value = 0
    try:
        value = parse_yen(amount, allow_zero=False)
    except ValueError as exc:
        problems.append(Problem("amount", str(exc)))
    with db.session() as session:
        source, target = existing(session, Category, from_category_id), existing(session, Category, to_category_id)
        book_id = source.book_id
        kind = RESERVE_KIND if source.role == RESERVE else TRANSFER_KIND
        if source.id == target.id:
            problems.append(Problem("to_category_id", "流用元と流用先が同じ目です"))
        elif source.heading or target.heading:
            problems.append(Problem("to_category_id", "流用は目と目の間で行います（款・項は選べません）"))
        elif source.book_id != target.book_id:
            problems.append(Problem("to_category_id", "別の会計の費目へは流用できません"))
        elif source.kind != EXPENSE or target.kind != EXPENSE:
            problems.append(Problem("to_category_id", "流用・予備費充用は支出の目の間で行います"))
        elif kind == TRANSFER_KIND and source.parent_id != target.parent_id:
            parent = session.get(Category, source.parent_id)
            problems.append(Problem("to_category_id", f"流用は同じ項の目の間だけです（「{source.name}」は"
                                                      f"「{parent.name if parent else ''}」の目です）"))
    if not problems:
        row = next((r for r in budget_vs_actual(db, year, book_id=book_id) if r.category_id == from_category_id), None)
        left = (row.budget - row.actual) if row else 0
        if replacing is not None:  # the budget as it would be without the move corrected
            left += replacing.amount * ((replacing.from_category_id == from_category_id)
                                        - (replacing.to_category_id == from_category_id))
        if value > left:
            problems.append(Problem("amount", f"「{source.name}」の残額は{format_yen(left)}です。"
                                              f"{format_yen(value)}は{kind}できません"))
    if problems:
        raise ValidationError(problems)
    return _CheckedMove(kind, value, clean_reason, book_id)


def move_budget(db: Database, year: FiscalYear, from_category_id: int, to_category_id: int, amount: object,
                reason: str, *, on_date: date | None = None, move_id: int | None = None,
                version: int | None = None) -> Result[BudgetMoveInfo]:
    """予備費充用 when the giving 目 is the 予備費, else 流用 (same 項 only). `move_id`: put a move
    taken back under its old id again (undo and redo: later steps name it), at `version`, the
    version it had when it was taken back (the corrections around it name theirs)."""
    refuse_out_of_bounds("on_date", "流用・充用の日", on_date)
    checked = _check_move(db, year, from_category_id, to_category_id, amount, reason)
    with db.session.begin() as session:
        require_open(session, year, {checked.book_id})
        ensure_year_record(session, year)
        move = BudgetMove(id=move_id, year=year.year, kind=checked.kind, from_category_id=from_category_id,
                          to_category_id=to_category_id, amount=checked.amount, on_date=on_date,
                          reason=checked.reason)
        session.add(move)
        session.flush()
        put_back_at(session, move, version)
        return Result(_info(session, move), Changes.of(BUDGETS))


def update_budget_move(db: Database, move_id: int, from_category_id: int, to_category_id: int, amount: object,
                       reason: str, *, on_date: date | None = None,
                       version: int | None = None) -> Result[BudgetMoveInfo]:
    """Correct a recorded move (its 目, amount, reason, date) under the same rules, in one step.
    `version`: the move's version the form was filled from — refused (EditConflict, who changed what
    and when) when another PC or window saved the move since; None: not checked."""
    refuse_out_of_bounds("on_date", "流用・充用の日", on_date)
    with db.session() as session:
        move = existing(session, BudgetMove, move_id)
        check_version(session, move, version)
        year, before = FiscalYear(move.year), _info(session, move)
    checked = _check_move(db, year, from_category_id, to_category_id, amount, reason, replacing=before)
    with refusing_lost_races(db, BudgetMove, move_id), db.session.begin() as session:
        require_open(session, year, {checked.book_id})
        move = existing(session, BudgetMove, move_id)
        check_version(session, move, version)
        move.kind, move.from_category_id, move.to_category_id = checked.kind, from_category_id, to_category_id
        move.amount, move.reason, move.on_date = checked.amount, checked.reason, on_date
        session.flush()
        return Result(_info(session, move), Changes.of(BUDGETS))


def list_budget_moves(db: Database, year: FiscalYear, *, book_id: int | None = None) -> list[BudgetMoveInfo]:
    from app.services.accounts.books import resolve_book

    with db.session() as session:
        book = resolve_book(session, book_id)
        ids = set(session.scalars(select(Category.id).where(Category.book_id == book.id)))
        return [_info(session, m) for m in session.scalars(
            select(BudgetMove).where(BudgetMove.year == year.year).order_by(BudgetMove.id))
            if m.from_category_id in ids]


# what a 流用 stores (the names of its 目 aside): an undo or redo that takes it away compares these
MOVE_FIELDS = ("year", "kind", "from_category_id", "to_category_id", "amount", "on_date", "reason")


def delete_budget_move(db: Database, move_id: int, *, expected: BudgetMoveInfo | None = None) -> Result[BudgetMoveInfo]:
    """`expected`: the 流用 as an undo step left it (the undo of its recording, the redo of its
    deletion) — refused, nothing changed, when another PC or window changed it since (EditConflict)."""
    with db.session.begin() as session:
        move = existing(session, BudgetMove, move_id)
        check_fields_as_left(session, move, expected, MOVE_FIELDS)
        source = session.get(Category, move.from_category_id)
        require_open(session, FiscalYear(move.year), {source.book_id} if source else None)
        info = _info(session, move)
        session.delete(move)
        return Result(info, Changes.of(BUDGETS))
