"""A body that keeps one 会計 submits that one, whatever its 提出対象 flag says: the submission's
figures (and so the city's 集計) carry its totals, refunds netted — never zero for want of a flag."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from app.services.accounts.books import list_books, submission_book
from app.services.accounts.common import INCOME, REFUND
from app.services.accounts.ledger import EntryInput, add_entry
from app.services.submission.figures_accounts import settlement_figures
from app.storage.models import Book
from tests.accounts.conftest import FY


def test_the_only_book_is_submitted_without_the_flag(db, cats, book) -> None:
    with db.session.begin() as session:
        for b in session.scalars(select(Book)):
            b.funded_by_city = False
    assert [b.funded_by_city for b in list_books(db)] == [False]
    book(date(2025, 4, 10), "会費", 100_000)
    book(date(2025, 4, 12), "消耗品費", 30_000)
    # a 戻入 (money back in) lowers the spending of its 費目
    add_entry(db, FY, EntryInput(date(2025, 4, 20), INCOME, cats["消耗品費"], 5_000, kind=REFUND))
    assert submission_book(db).id == list_books(db)[0].id
    figures = {f.label: f.value for f in settlement_figures(db, FY)}
    assert figures == {"収入合計": 100_000, "支出合計": 25_000, "次年度繰越金": 75_000}
