"""管理費 reports: 収支予算書 (budget), 収支決算書 (settlement) and 現金出納簿 (ledger).

Every total is a real formula in the workbook, and the app's own figure is kept beside it: the
writers refuse to write a sheet where the two differ. Pure shaping: the data comes from
app.services.accounts.report_data.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from app.domain.directions import DIRECTION_LABELS, EXPENSE, INCOME
from app.domain.report_data.accounts import (
    AccountsHeading,
    BudgetReportData,
    LedgerReportData,
    SettlementReportData,
    StatementLine,
)
from app.domain.wareki import format_wareki
from app.reports.model import Add, BarChart, Column, Diff, Formula, Ref, Report, SumOf, Table

FORMAT_VERSION = "1"
PARTS = ((INCOME, "収入の部", "収入合計"), (EXPENSE, "支出の部", "支出合計"))
ITEM = Column("item", "費目", "text", 30)
NOTE = Column("note", "備考", "text", 24)


def _body_name(heading: AccountsHeading) -> str:
    body = heading.body
    return body.name if body and body.name else "（団体名未設定）"


def _title(heading: AccountsHeading, form: str) -> str:
    """「令和7年度 ○○地域協働体 収支決算書」"""
    return f"{heading.year.label} {_body_name(heading)} {form}"


def _subtitles(heading: AccountsHeading) -> list[str]:
    body = heading.body
    centre = f"（{body.centre_name}）" if body and body.centre_name else ""
    return [f"{_body_name(heading)}{centre}", f"{heading.year.label_full}", f"作成日 {format_wareki(heading.made_on)}"]


def _metadata(heading: AccountsHeading, kind: str) -> dict[str, str]:
    return {"format_version": FORMAT_VERSION, "kind": kind, "fiscal_year": str(heading.year.year),
            "body": _body_name(heading)}


def _statement_table(
    name: str,
    columns: list[Column],
    rows: tuple[StatementLine, ...],
    values: Callable[[StatementLine], dict[str, Any]],
    row_formulas: Mapping[str, Formula],
    balance_label: str,
    balance_values: dict[str, int],
) -> Table:
    """収入の部 / 支出の部 with a row per category, 収入合計 / 支出合計 as SUMs, and a last row
    (差引残額 or 次年度繰越金) = 収入合計 − 支出合計. `balance_values` are the app's own figures."""
    t = Table(name, columns)
    numeric = [c.key for c in columns if c.kind == "yen"]
    for kind, part, total_label in PARTS:
        items = [r for r in rows if r.direction == kind]
        t.section(part)
        ids = []
        for i, r in enumerate(items):
            ids.append(f"{kind}{i}")
            t.add(item=r.name, id=ids[-1], formulas=row_formulas, **values(r))
        totals = {k: SumOf(k, ids[0], ids[-1]) for k in numeric} if ids else {}
        t.add({"item": total_label, **({} if ids else dict.fromkeys(numeric, 0))}, style="total",
              id=f"{kind}_total", formulas=totals)
    t.add({"item": balance_label, **balance_values}, style="total", id="balance",
          formulas={k: Diff(Ref(k, f"{INCOME}_total"), Ref(k, f"{EXPENSE}_total")) for k in balance_values})
    return t


def _comparison_charts(
    rows: tuple[StatementLine, ...], series: tuple[str, str], values: Callable[[StatementLine], tuple[int, int]]
) -> list[BarChart]:
    charts = []
    for kind, _part, _total in PARTS:
        shown = [r for r in rows if r.direction == kind and (r.budget or r.actual)]
        if shown:
            pairs = [values(r) for r in shown]
            charts.append(BarChart(
                f"{series[0]}と{series[1]}（{DIRECTION_LABELS[kind]}）",
                [r.name for r in shown],
                [(series[0], [a for a, _ in pairs]), (series[1], [b for _, b in pairs])],
                value_label="円",
            ))
    return charts


def settlement_report(data: SettlementReportData, profile: str = "full") -> Report:
    """収支決算書: per category 予算額 (補正後), 決算額, 差額 (予算額−決算額), 備考; 収入合計, 支出合計,
    次年度繰越金 = 収入合計 − 支出合計."""
    heading, rows = data.heading, data.lines
    columns = [ITEM, Column("budget", "予算額", "yen", 15), Column("actual", "決算額", "yen", 15),
               Column("diff", "差額", "yen", 15), NOTE]
    income = sum(r.actual for r in rows if r.direction == INCOME)
    expense = sum(r.actual for r in rows if r.direction == EXPENSE)
    budget_balance = (sum(r.budget for r in rows if r.direction == INCOME)
                      - sum(r.budget for r in rows if r.direction == EXPENSE))
    table = _statement_table(
        "収支決算書", columns, rows,
        lambda r: {"budget": r.budget, "actual": r.actual, "note": _settlement_note(r)},
        {"diff": Diff(Ref("budget"), Ref("actual"))},
        "次年度繰越金",
        {"budget": budget_balance, "actual": income - expense},
    )
    return Report(
        _title(heading, "収支決算書"), [table], _subtitles(heading),
        stamp_boxes=list(heading.stamp_boxes),
        charts=_comparison_charts(rows, ("予算額", "決算額"), lambda r: (r.budget, r.actual)),
        metadata=_metadata(heading, "settlement"), meta_sheet=True,
    )


def _settlement_note(r: StatementLine) -> str:
    if r.note:
        return r.note
    return "予算超過" if r.over_budget else ""


def budget_report(data: BudgetReportData, profile: str = "full") -> Report:
    """収支予算書: per category 予算額 (the version in force; 当初予算額 and 補正額 when a 補正予算 was
    passed), 決算額 of the previous year for comparison, 差額 (予算額−決算額), 備考; 収入合計, 支出合計,
    差引残額."""
    heading, rows, versions, previous = data.heading, data.lines, data.versions, data.previous_actual
    year = heading.year
    initial = versions[0].amounts if versions else {}
    amended = len(versions) > 1
    columns = [ITEM]
    if amended:
        columns += [Column("initial", "当初予算額", "yen", 14), Column("supplement", "補正額", "yen", 14)]
    columns += [Column("budget", "予算額", "yen", 14), Column("actual", "前年度決算額", "yen", 14),
                Column("diff", "差額", "yen", 14), NOTE]
    formulas: dict[str, Formula] = {"diff": Diff(Ref("budget"), Ref("actual"))}
    if amended:
        formulas["budget"] = Add(Ref("initial"), Ref("supplement"))

    def values(r: StatementLine) -> dict[str, Any]:
        v: dict[str, Any] = {"budget": r.budget, "actual": previous.get(r.category_id, 0), "note": r.note}
        if amended:
            v["initial"] = initial.get(r.category_id, 0)
            v["supplement"] = r.budget - v["initial"]
        return v

    def total(key: str, kind: str) -> int:
        return sum(values(r)[key] for r in rows if r.direction == kind)

    balance = {k: total(k, INCOME) - total(k, EXPENSE) for k in ("budget", "actual")}
    table = _statement_table("収支予算書", columns, rows, values, formulas, "差引残額", balance)
    if versions:
        v = versions[-1]
        basis = v.label + (f"（{format_wareki(v.adopted_on)}議決）" if v.adopted_on else "")
    else:
        basis = "予算は未登録です"
    subtitles = [*_subtitles(heading), f"予算額: {basis}。決算額: 前年度（{year.previous().label}）の決算額"]
    return Report(
        _title(heading, "収支予算書"), [table], subtitles, landscape=amended,
        stamp_boxes=list(heading.stamp_boxes),
        charts=_comparison_charts(rows, ("予算額", "前年度決算額"),
                                  lambda r: (r.budget, previous.get(r.category_id, 0))),
        metadata=_metadata(heading, "budget"), meta_sheet=True,
    )


LEDGER_COLUMNS = [
    Column("date", "日付", "date", 11),
    Column("voucher", "証憑番号", "int", 8),
    Column("direction", "区分", "text", 6),
    Column("category", "費目", "text", 20),
    Column("description", "摘要", "text", 28),
    Column("counterparty", "相手先", "text", 18),
    Column("method", "支払方法", "text", 9),
    Column("income", "収入", "yen", 12),
    Column("expense", "支出", "yen", 12),
    Column("balance", "残高", "yen", 13),
    Column("project", "事業", "text", 18),  # the project an expense counts towards (read back by the import)
]


def ledger_report(data: LedgerReportData, profile: str = "full") -> Report:
    """現金出納簿 in date order with the running balance (a formula per row), a 「n月計」 row after
    each month and a 合計 row. Reads back with `kyodo ledger import` (total rows are skipped)."""
    heading, entries = data.heading, data.lines
    columns = [c for c in LEDGER_COLUMNS if profile == "full" or c.key != "counterparty"]
    t = Table("現金出納簿", columns)
    subtotal_ids: list[str] = []
    prev_id: str | None = None
    month_first: str | None = None
    for i, e in enumerate(entries):
        rid = f"e{i}"
        month_first = month_first or rid
        balance = (Diff(Add(Ref("balance", prev_id), Ref("income")), Ref("expense")) if prev_id
                   else Diff(Ref("income"), Ref("expense")))
        values: dict[str, Any] = dict(
            date=e.entry_date, voucher=e.voucher_no, direction=DIRECTION_LABELS[e.direction],
            category=e.category, description=e.description,
        )
        if profile == "full":
            values["counterparty"] = e.counterparty
        values.update(method=e.payment_method, income=e.income or None, expense=e.expense or None,
                      balance=e.balance, project=e.project)
        t.add(values, id=rid, formulas={"balance": balance})
        prev_id = rid
        following = entries[i + 1].entry_date if i + 1 < len(entries) else None
        if following is None or (following.year, following.month) != (e.entry_date.year, e.entry_date.month):
            sid = f"m{e.entry_date:%Y%m}"
            t.add(date=f"{e.entry_date.month}月計", style="subtotal", id=sid,
                  formulas={"income": SumOf("income", month_first, rid), "expense": SumOf("expense", month_first, rid),
                            "balance": Ref("balance", rid)})
            subtotal_ids.append(sid)
            month_first = None
    if subtotal_ids:
        t.add(date="合計", style="total", id="total",
              formulas={**{k: Add(*(Ref(k, s) for s in subtotal_ids)) for k in ("income", "expense")},
                        "balance": Ref("balance", prev_id)})
    else:
        t.add(date="合計", style="total", income=0, expense=0, balance=0)
    return Report(
        _title(heading, "現金出納簿"), [t], _subtitles(heading), landscape=True,
        contains_personal_data=profile == "full",  # 相手先 are often private persons (謝礼, 立替)
        stamp_boxes=list(heading.stamp_boxes), metadata=_metadata(heading, "ledger"), meta_sheet=True,
    )
