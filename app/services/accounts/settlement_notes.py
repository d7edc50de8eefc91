"""備考 that staff type per 目 for the 収支決算書 (「前年度の未払分を含む」): kept with the year's
settlement, printed in the 備考 column instead of the budget line's 備考 or the automatic 予算超過."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.fiscal_year import FiscalYear
from app.domain.kana import normalize_text
from app.domain.validation import ValidationError
from app.services.accounts.common import ensure_year_record, require_open
from app.services.changes import BUDGETS, Changes, Result
from app.services.records import EditConflict, changed_by, existing, latest_change
from app.storage.database import Database
from app.storage.models import Category, SettlementNote

NOTE_MAX = 100


def save_settlement_note(db: Database, year: FiscalYear, category_id: int, note: str, *,
                         shown: str | None = None) -> Result[str]:
    """Store the 備考 of a 目 for `year` (blank: none); returns the 備考 as stored. `shown`: the 備考 the
    screen showed when typing began — refused when another screen or PC changed it since."""
    text = normalize_text(note)
    if len(text) > NOTE_MAX:
        raise ValidationError(f"決算の備考は{NOTE_MAX}文字以内で入力してください（今は{len(text)}文字）")
    with db.session() as session, session.begin():
        category = existing(session, Category, category_id, label="費目")
        if category.heading:
            raise ValidationError(f"「{category.name}」は款・項の見出しです。備考はその下の目に入力してください")
        require_open(session, year, {category.book_id})
        row = session.scalars(select(SettlementNote).where(
            SettlementNote.year == year.year, SettlementNote.category_id == category_id)).first()
        current = row.note if row is not None else ""
        if shown is not None and normalize_text(shown) != current:
            raise _conflict(session, category, row, current, text)
        if row is None and text:
            ensure_year_record(session, year)
            session.add(SettlementNote(year=year.year, category_id=category_id, note=text))
        elif row is not None and text:
            row.note = text
        elif row is not None:
            session.delete(row)
    return Result(text, Changes.of(BUDGETS, category_id))


def _conflict(session: Session, category: Category, row: SettlementNote | None, current: str,
              typed: str) -> EditConflict:
    """Another screen or PC stored this 目's 備考 after the table was read: who and when (from the
    change log), their 備考 and what was typed, which the window offers to save over theirs."""
    last = (latest_change(session, SettlementNote.__tablename__, ids=[row.id]) if row is not None else
            latest_change(session, SettlementNote.__tablename__, owner=("category_id", category.id)))
    who = changed_by(f"費目「{category.name}」の決算の備考", last)
    theirs = f"「{current}」" if current else "（空欄: 消されました）"
    message = f"{who}（保存していません）。\n相手の備考: {theirs}\nあなたの入力: 「{typed}」"
    return EditConflict(message, 0, current=current)
