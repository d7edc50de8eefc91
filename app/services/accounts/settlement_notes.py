"""備考 that staff type per 目 for the 収支決算書 (「前年度の未払分を含む」): kept with the year's
settlement, printed in the 備考 column instead of the budget line's 備考 or the automatic 予算超過."""

from __future__ import annotations

from sqlalchemy import select

from app.domain.fiscal_year import FiscalYear
from app.domain.kana import normalize_text
from app.domain.validation import ValidationError
from app.services.accounts.common import ensure_year_record, require_open
from app.services.changes import BUDGETS, Changes, Result
from app.services.records import existing
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
            raise ValidationError(
                f"費目「{category.name}」の決算の備考は、開いた後に別の画面またはパソコンで「{current}」に変更されています。"
                "表を読み直してから入力してください")
        if row is None and text:
            ensure_year_record(session, year)
            session.add(SettlementNote(year=year.year, category_id=category_id, note=text))
        elif row is not None and text:
            row.note = text
        elif row is not None:
            session.delete(row)
    return Result(text, Changes.of(BUDGETS, category_id))
