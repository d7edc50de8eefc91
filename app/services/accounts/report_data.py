"""The data of the 会計 reports, each gathered in one read transaction
(app.domain.report_data.accounts): 収支予算書・収支決算書 per 会計 with 款・項 subtotals, the
次年度繰越金 by 口座, the 財産目録, the 監査報告書 and the 現金出納簿 / 預金出納帳 of a 口座."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from app.domain.directions import EXPENSE, INCOME
from app.domain.fiscal_year import FiscalYear
from app.domain.report_data import ReportOptions
from app.domain.report_data.accounts import (
    AccountBalance,
    AccountsHeading,
    AssetsData,
    AuditData,
    EquipmentLine,
    LedgerLine,
    LedgerReportData,
    StatementData,
    StatementRow,
)
from app.domain.wareki import format_wareki
from app.services.accounts.analysis import StatementLine, statement_lines
from app.services.accounts.books import CASH, BookInfo, find_account, find_book, list_accounts, list_books
from app.services.accounts.budgets import list_budget_versions
from app.services.accounts.ledger import account_balances_in, ledger_rows
from app.services.profile import report_body
from app.services.reading import read_snapshot
from app.services.settings import EQUIPMENT_MINIMUM, PRINT_STAMP_BOXES, read_setting
from app.storage.database import Database
from app.storage.models import Equipment

DEFAULT_STAMPS = ("会長", "会計", "監事")
NO_OPTIONS = ReportOptions()


def stamp_boxes(db: Database, stamps: bool | None = None) -> tuple[str, ...]:
    """`stamps` True: the 会長・会計・監事 boxes; False: none; None: what the settings say."""
    if stamps is not None:
        return DEFAULT_STAMPS if stamps else ()
    return read_setting(db, PRINT_STAMP_BOXES)  # a tuple already


def _heading(view: Database, year: FiscalYear, today: date | None, book: BookInfo,
             options: ReportOptions) -> AccountsHeading:
    return AccountsHeading(year, today or date.today(), report_body(view), stamp_boxes(view, options.stamps),
                           book.name, len(list_books(view)) > 1)


def _note(line: StatementLine) -> str:
    if line.heading:
        return ""
    typed = line.settlement_note or line.note
    return typed or ("予算超過" if line.over_budget else "")


def _with_subtotals(lines: list[StatementLine], amounts: dict[int, int]) -> dict[int, int]:
    """Per 目 amounts, and each 款・項 the sum of the rows directly under it (bottom-up)."""
    out = dict(amounts)
    for x in reversed(lines):
        if x.heading:
            out[x.category_id] = sum(out.get(c, 0) for c in x.child_ids)
    return out


def _rows(lines: list[StatementLine], previous: dict[int, int],
          initial: dict[int, int] | None = None) -> tuple[StatementRow, ...]:
    previous_of = _with_subtotals(lines, previous)
    initial_of = _with_subtotals(lines, initial) if initial is not None else {}
    return tuple(StatementRow(x.category_id, x.kind, x.name, x.depth, x.heading, x.budget, x.actual,
                              previous_of.get(x.category_id, 0), _note(x), x.child_ids,
                              initial_of.get(x.category_id)) for x in lines)


def account_balances(view: Database, year: FiscalYear, book_id: int | None) -> tuple[AccountBalance, ...]:
    """Each 口座 of the 会計 (default: the first) with its balance at the end of `year`."""
    accounts = list_accounts(view, book_id)
    with view.session() as session:
        balances = account_balances_in(session, year, [a.id for a in accounts])
    return tuple(AccountBalance(a.name, a.kind, a.bank_text(public=True), balances[a.id], a.purpose, a.target_year)
                 for a in accounts)


def _audit(view: Database, year: FiscalYear, today: date | None, book: BookInfo, options: ReportOptions,
           lines: list[StatementLine]) -> AuditData:
    """The 監事 in office at the year end (or today while the year runs) sign it."""
    from app.services.members.officers import officers_as_of

    day = min(year.end, today or date.today())
    auditors = tuple(t.person_name for t in sorted(officers_as_of(view, day), key=lambda t: t.sort_key)
                     if t.post_name == "監事")
    income = sum(x.actual for x in lines if x.depth == 1 and x.kind == INCOME)
    expense = sum(x.actual for x in lines if x.depth == 1 and x.kind == EXPENSE)
    return AuditData(_heading(view, year, today, book, options), auditors, None, income, expense, income - expense)


def settlement_report_data(db: Database, year: FiscalYear, today: date | None = None,
                           options: ReportOptions = NO_OPTIONS) -> tuple[StatementData, AuditData]:
    """収支決算書 of the 会計 (default: the first) and the 監査報告 printed at its end."""
    with read_snapshot(db) as view:
        book = find_book(view, options.book)
        lines = statement_lines(view, year, book_id=book.id)
        data = StatementData(_heading(view, year, today, book, options), _rows(lines, {}),
                             account_balances(view, year, book.id))
        return data, _audit(view, year, today, book, options, lines)


def budget_report_data(db: Database, year: FiscalYear, today: date | None = None,
                       options: ReportOptions = NO_OPTIONS) -> StatementData:
    """The year's budget in force beside the previous year's 決算額 (前年度決算額)."""
    with read_snapshot(db) as view:
        book = find_book(view, options.book)
        lines = statement_lines(view, year, book_id=book.id)
        previous = {x.category_id: x.actual for x in statement_lines(view, year.previous(), book_id=book.id)
                    if not x.heading}
        versions = list_budget_versions(view, year, book_id=book.id)
        initial = {x.category_id: versions[0].amounts.get(x.category_id, 0) for x in lines if not x.heading} \
            if versions else None
        if versions:
            v = versions[-1]
            label = v.label + (f"（{format_wareki(v.adopted_on)}議決）" if v.adopted_on else "")
        else:
            label = "予算は未登録です"
        return StatementData(_heading(view, year, today, book, options), _rows(lines, previous, initial), (), label)


def assets_report_data(db: Database, year: FiscalYear, today: date | None = None,
                       options: ReportOptions = NO_OPTIONS) -> AssetsData:
    """財産目録 at the year end: each 口座, each fund, and the 備品 not disposed of by then whose
    取得価額 reaches the setting 「財産目録に載せる備品の金額」 (0: every 備品)."""
    with read_snapshot(db) as view:
        book = find_book(view, options.book)
        balances = account_balances(view, year, book.id)
        minimum = read_setting(view, EQUIPMENT_MINIMUM)
        with view.session() as session:
            items = tuple(EquipmentLine(e.name, e.bought_on, e.amount, e.place) for e in session.scalars(
                select(Equipment).where(Equipment.book_id == book.id).order_by(Equipment.bought_on, Equipment.id))
                if (e.bought_on is None or e.bought_on <= year.end)
                and (e.disposed_on is None or e.disposed_on > year.end) and e.amount >= minimum)
        return AssetsData(_heading(view, year, today, book, options),
                          tuple(b for b in balances if b.kind != "fund"),
                          tuple(b for b in balances if b.kind == "fund"), items, sum(b.balance for b in balances),
                          equipment_minimum=minimum)


def audit_report_data(db: Database, year: FiscalYear, today: date | None = None,
                      options: ReportOptions = NO_OPTIONS) -> AuditData:
    with read_snapshot(db) as view:
        book = find_book(view, options.book)
        return _audit(view, year, today, book, options, statement_lines(view, year, book_id=book.id))


def ledger_report_data(db: Database, year: FiscalYear, today: date | None = None,
                       options: ReportOptions = NO_OPTIONS) -> LedgerReportData:
    """The book of one 口座 (`options.account`; without it and without `options.book`, the first
    会計's 現金), or with `options.book` alone every 口座 of that 会計 together."""
    with read_snapshot(db) as view:
        book = find_book(view, options.book)
        chosen = find_account(view, book.id, options.account) \
            if options.account is not None or options.book is None else None
        lines = tuple(
            LedgerLine(
                entry_date=r.entry.entry_date, voucher_no=r.entry.voucher_no, direction=r.entry.direction,
                category=r.entry.category_name or r.entry.counterparty, description=r.entry.description,
                counterparty=r.entry.counterparty, payment_method=r.entry.payment_method,
                income=r.entry.income, expense=r.entry.expense, balance=r.balance, project=r.entry.project_name,
                kind_label=r.entry.kind_label,
            )
            for r in ledger_rows(view, year, book_id=book.id, account_id=chosen.id if chosen else None)
        )  # fmt: skip
        form = "預金出納帳" if chosen is not None and chosen.kind != CASH else "現金出納簿"
        several = len(list_accounts(view, book.id)) > 1
        if chosen is None:
            label = "口座: 全口座"
        elif chosen.kind != CASH:
            label = f"口座: {chosen.name}（{chosen.bank_text(public=True)}）"
        else:
            label = f"口座: {chosen.name}" if several else ""
        return LedgerReportData(_heading(view, year, today, book, options), lines, form, label)
