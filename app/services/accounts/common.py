"""What the 管理費 services share: directions, payment methods, the closed-year guard."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.bookkeeping import (  # noqa: F401 (the pure rules live in app.domain; imported from here too)
    category_key,
    settlement_period_end,
    year_range_text,
)
from app.domain.directions import DIRECTION_LABELS, DIRECTIONS, EXPENSE, INCOME  # noqa: F401 (used from here too)
from app.domain.fiscal_year import FiscalYear
from app.domain.validation import ValidationError
from app.storage.models import FiscalYearRecord, YearClosingEvent

LABEL_DIRECTIONS = {"収入": INCOME, "支出": EXPENSE, "入金": INCOME, "出金": EXPENSE, "収": INCOME, "支": EXPENSE,
                    "戻入": INCOME, "戻出": EXPENSE, "振替入": INCOME, "振替出": EXPENSE}
REFUND_LABELS = ("戻入", "戻出")  # 区分 of a refund line (money back on a 費目 of the other side)
PAYMENT_METHODS = ("現金", "口座振替", "振込")
CARRY_FORWARD = "carry_forward"  # Category.role and LedgerEntry.source of 前年度繰越金
TRANSFER_IN, TRANSFER_OUT = "transfer_in", "transfer_out"  # Category.role of 繰入金 / 繰出金
RESERVE = "reserve"  # Category.role of 予備費 (予備費充用 moves budget from it)
# LedgerEntry.kind: a refund (戻入/戻出) or a half of a transfer; "" for ordinary entries
REFUND, TRANSFER = "refund", "transfer"
ENTRY_KIND_LABELS = {(REFUND, INCOME): "戻入", (REFUND, EXPENSE): "戻出",
                     (TRANSFER, INCOME): "振替入", (TRANSFER, EXPENSE): "振替出"}


def is_closed(session: Session, year: FiscalYear) -> bool:
    last = session.scalars(
        select(YearClosingEvent.action)
        .where(YearClosingEvent.year == year.year)
        .order_by(YearClosingEvent.id.desc())
        .limit(1)
    ).first()
    return last == "close"


def require_open(session: Session, year: FiscalYear) -> None:
    """Closed years are read-only until reopened on purpose (with a reason)."""
    if is_closed(session, year):
        raise ValidationError(
            f"{year.label}は締められているため変更できません。変更するには理由を入力して年度の締めを解除してください。"
        )


def ensure_year_record(session: Session, year: FiscalYear) -> None:
    if session.get(FiscalYearRecord, year.year) is None:
        session.add(FiscalYearRecord(year=year.year))
        session.flush()


