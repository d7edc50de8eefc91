"""Checklist items from 管理費: budget, cash book against settlement, entry dates, closing."""

from __future__ import annotations

from app.domain.bookkeeping import settlement_period_end
from app.domain.directions import EXPENSE, INCOME
from app.domain.fiscal_year import FiscalYear
from app.domain.money import format_yen
from app.domain.wareki import format_wareki
from app.services.accounts.analysis import budget_vs_actual
from app.services.accounts.books import submission_book
from app.services.accounts.budgets import budget_balance, current_budget
from app.services.accounts.closing import year_status
from app.services.accounts.common import CARRY_FORWARD
from app.services.accounts.ledger import list_entries
from app.services.submission.checklist import CheckItem
from app.storage.database import Database

AREA = "管理費"


def settlement_balance(db: Database, year: FiscalYear) -> int:
    """次年度繰越金 as the 収支決算書 shows it: 収入合計 − 支出合計 of the 決算額 per category."""
    rows = budget_vs_actual(db, year, book_id=submission_book(db).id)
    return sum(r.actual for r in rows if r.kind == INCOME) - sum(r.actual for r in rows if r.kind == EXPENSE)


def check_budget(db: Database, year: FiscalYear) -> list[CheckItem]:
    book_id = submission_book(db).id
    if current_budget(db, year, book_id=book_id) is not None:
        balance = budget_balance(db, year, book_id=book_id)
        if balance is None or balance.balanced:
            return []
        return [CheckItem("warning", AREA, balance.warning() + "（「管理費」の予算）")]
    return [
        CheckItem(
            "blocking",
            AREA,
            f"{year.label}の予算が登録されていません。「管理費」の予算で当初予算を入力してください。",
        )
    ]


def check_cash_book_matches_settlement(db: Database, year: FiscalYear) -> list[CheckItem]:
    """The cash book's closing balance, the settlement's 次年度繰越金 and (when the year is closed)
    the balance carried forward at closing must be one and the same amount."""
    book = submission_book(db)
    entries = list_entries(db, year, book_id=book.id)  # every 口座 of the 会計: cash and bank
    cash = sum(e.amount if e.direction == INCOME else -e.amount for e in entries)
    settled = settlement_balance(db, year)
    items = []
    if cash != settled:
        items.append(
            CheckItem(
                "blocking",
                AREA,
                f"{book.name}の出納簿（全口座）の残高（{format_yen(cash)}）と収支決算書の次年度繰越金"
                f"（{format_yen(settled)}）が一致しません。"
                "収入・支出の区分と費目が合っていない記帳がないか、「管理費」の出納簿で確かめてください。",
            )
        )
    status = year_status(db, year, book_id=submission_book(db).id)
    if status.closed:  # what closing carried into the next year, 口座 by 口座 of this 会計
        carried = sum(e.amount for e in list_entries(db, year.next(), book_id=submission_book(db).id)
                      if e.source == CARRY_FORWARD)
        if carried != settled:
            items.append(
                CheckItem(
                    "blocking",
                    AREA,
                    f"年度を締めたときの繰越金（{format_yen(carried)}）と現在の決算（{format_yen(settled)}）が"
                    "一致しません。締めを解除して記帳を確かめ、もう一度締めてください。",
                )
            )
    return items


def check_entry_dates(db: Database, year: FiscalYear) -> list[CheckItem]:
    """Entries dated after the year end are allowed only in the 出納整理期間 (April–May), where the
    cash book books them for the previous year on purpose; any later (or earlier) date is an error."""
    last = settlement_period_end(year)
    wrong = [e for e in list_entries(db, year, all_books=True) if e.entry_date < year.start or e.entry_date > last]
    if not wrong:
        return []
    # each 口座 (現金, a bank, another 会計's) keeps its own book: say whose entry it is
    shown = "、".join(f"{e.account_name} 証憑番号{e.voucher_no}（{format_wareki(e.entry_date)}）" for e in wrong[:5])
    more = f" ほか{len(wrong) - 5}件" if len(wrong) > 5 else ""
    return [
        CheckItem(
            "blocking",
            AREA,
            f"{year.label}の出納簿に、年度末（出納整理期間を含め{format_wareki(last)}まで）より後または"
            f"年度の始まりより前の日付の記帳が{len(wrong)}件あります: {shown}{more}。日付を直してください。",
        )
    ]


def check_year_closed(db: Database, year: FiscalYear) -> list[CheckItem]:
    book = submission_book(db)
    if year_status(db, year, book_id=book.id).closed:  # the 会計 the city funds: the others close on their own
        return []
    return [
        CheckItem(
            "warning",
            AREA,
            f"{year.label}の管理費はまだ締められていません（決算が確定していません）。"
            "総会で決算の承認を受けたら「管理費」で年度を締めてから提出してください。",
        )
    ]
