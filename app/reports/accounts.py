"""管理費 reports: 収支予算書 (budget), 収支決算書 (settlement) and 現金出納簿 (ledger).

Every total is a real formula in the workbook, and the app's own figure is kept beside it: the
writers refuse to write a sheet where the two differ.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from app.domain.fiscal_year import FiscalYear
from app.domain.wareki import format_wareki
from app.reports.model import Add, BarChart, Column, Diff, Ref, Report, SumOf, Table
from app.services.accounts.analysis import BudgetActual, budget_vs_actual
from app.services.accounts.budgets import list_budget_versions
from app.services.accounts.common import DIRECTION_LABELS, EXPENSE, INCOME
from app.services.accounts.ledger import ledger_rows
from app.services.profile import get_profile
from app.services.settings import PRINT_STAMP_BOXES, read_setting
from app.storage.database import Database

FORMAT_VERSION = "1"
PARTS = ((INCOME, "収入の部", "収入合計"), (EXPENSE, "支出の部", "支出合計"))
ITEM = Column("item", "費目", "text", 30)
NOTE = Column("note", "備考", "text", 24)


def _body_name(db: Database) -> str:
    profile = get_profile(db)
    return profile.name if profile and profile.name else "（団体名未設定）"


def _title(db: Database, year: FiscalYear, form: str) -> str:
    """「令和7年度 ○○地域協働体 収支決算書」"""
    return f"{year.label} {_body_name(db)} {form}"


def _subtitles(db: Database, year: FiscalYear, today: date | None = None) -> list[str]:
    profile = get_profile(db)
    centre = f"（{profile.centre_name}）" if profile and profile.centre_name else ""
    return [f"{_body_name(db)}{centre}", f"{year.label_full}", f"作成日 {format_wareki(today or date.today())}"]


def stamp_boxes(db: Database) -> list[str]:
    """The 印 boxes the office chose in the settings ("会長,会計,監事"); none when empty."""
    return list(read_setting(db, PRINT_STAMP_BOXES))


def _metadata(db: Database, year: FiscalYear, kind: str) -> dict[str, str]:
    return {"format_version": FORMAT_VERSION, "kind": kind, "fiscal_year": str(year.year), "body": _body_name(db)}


def _statement_table(
    name: str,
    columns: list[Column],
    rows: list[BudgetActual],
    values: Callable[[BudgetActual], dict],
    row_formulas: dict,
    balance_label: str,
    balance_values: dict,
) -> Table:
    """収入の部 / 支出の部 with a row per category, 収入合計 / 支出合計 as SUMs, and a last row
    (差引残額 or 次年度繰越金) = 収入合計 − 支出合計. `balance_values` are the app's own figures."""
    t = Table(name, columns)
    numeric = [c.key for c in columns if c.kind == "yen"]
    for kind, part, total_label in PARTS:
        items = [r for r in rows if r.kind == kind]
        t.section(part)
        ids = []
        for i, r in enumerate(items):
            ids.append(f"{kind}{i}")
            t.add(item=r.name, id=ids[-1], formulas=row_formulas, **values(r))
        totals = {k: SumOf(k, ids[0], ids[-1]) for k in numeric} if ids else {}
        t.add(item=total_label, style="total", id=f"{kind}_total", formulas=totals,
              **({} if ids else dict.fromkeys(numeric, 0)))
    t.add(item=balance_label, style="total", id="balance",
          formulas={k: Diff(Ref(k, f"{INCOME}_total"), Ref(k, f"{EXPENSE}_total")) for k in balance_values},
          **balance_values)
    return t


def _comparison_charts(rows: list[BudgetActual], series: tuple[str, str], values: Callable) -> list[BarChart]:
    charts = []
    for kind, _part, _total in PARTS:
        shown = [r for r in rows if r.kind == kind and (r.budget or r.actual)]
        if shown:
            pairs = [values(r) for r in shown]
            charts.append(BarChart(
                f"{series[0]}と{series[1]}（{DIRECTION_LABELS[kind]}）",
                [r.name for r in shown],
                [(series[0], [a for a, _ in pairs]), (series[1], [b for _, b in pairs])],
                value_label="円",
            ))
    return charts


def build_settlement_report(db: Database, year: FiscalYear, profile: str = "full") -> Report:
    """収支決算書: per category 予算額 (補正後), 決算額, 差額 (予算額−決算額), 備考; 収入合計, 支出合計,
    次年度繰越金 = 収入合計 − 支出合計."""
    rows = budget_vs_actual(db, year)
    columns = [ITEM, Column("budget", "予算額", "yen", 15), Column("actual", "決算額", "yen", 15),
               Column("diff", "差額", "yen", 15), NOTE]
    income = sum(r.actual for r in rows if r.kind == INCOME)
    expense = sum(r.actual for r in rows if r.kind == EXPENSE)
    budget_balance = sum(r.budget for r in rows if r.kind == INCOME) - sum(r.budget for r in rows if r.kind == EXPENSE)
    table = _statement_table(
        "収支決算書", columns, rows,
        lambda r: {"budget": r.budget, "actual": r.actual, "note": _settlement_note(r)},
        {"diff": Diff(Ref("budget"), Ref("actual"))},
        "次年度繰越金",
        {"budget": budget_balance, "actual": income - expense},
    )
    return Report(
        _title(db, year, "収支決算書"), [table], _subtitles(db, year),
        stamp_boxes=stamp_boxes(db),
        charts=_comparison_charts(rows, ("予算額", "決算額"), lambda r: (r.budget, r.actual)),
        metadata=_metadata(db, year, "settlement"), meta_sheet=True,
    )


def _settlement_note(r: BudgetActual) -> str:
    if r.note:
        return r.note
    return "予算超過" if r.over_budget else ""


def build_budget_report(db: Database, year: FiscalYear, profile: str = "full") -> Report:
    """収支予算書: per category 予算額 (the version in force; 当初予算額 and 補正額 when a 補正予算 was
    passed), 決算額 of the previous year for comparison, 差額 (予算額−決算額), 備考; 収入合計, 支出合計,
    差引残額."""
    versions = list_budget_versions(db, year)
    rows = budget_vs_actual(db, year)
    previous = {r.category_id: r.actual for r in budget_vs_actual(db, year.previous())}
    initial = versions[0].amounts if versions else {}
    amended = len(versions) > 1
    columns = [ITEM]
    if amended:
        columns += [Column("initial", "当初予算額", "yen", 14), Column("supplement", "補正額", "yen", 14)]
    columns += [Column("budget", "予算額", "yen", 14), Column("actual", "決算額", "yen", 14),
                Column("diff", "差額", "yen", 14), NOTE]
    formulas = {"diff": Diff(Ref("budget"), Ref("actual"))}
    if amended:
        formulas["budget"] = Add(Ref("initial"), Ref("supplement"))

    def values(r: BudgetActual) -> dict:
        v = {"budget": r.budget, "actual": previous.get(r.category_id, 0), "note": r.note}
        if amended:
            v["initial"] = initial.get(r.category_id, 0)
            v["supplement"] = r.budget - v["initial"]
        return v

    def total(key: str, kind: str) -> int:
        return sum(values(r)[key] for r in rows if r.kind == kind)

    balance = {k: total(k, INCOME) - total(k, EXPENSE) for k in ("budget", "actual")}
    table = _statement_table("収支予算書", columns, rows, values, formulas, "差引残額", balance)
    if versions:
        v = versions[-1]
        basis = v.label + (f"（{format_wareki(v.adopted_on)}議決）" if v.adopted_on else "")
    else:
        basis = "予算は未登録です"
    subtitles = [*_subtitles(db, year), f"予算額: {basis}。決算額: 前年度（{year.previous().label}）の決算額"]
    return Report(
        _title(db, year, "収支予算書"), [table], subtitles, landscape=amended,
        stamp_boxes=stamp_boxes(db),
        charts=_comparison_charts(rows, ("予算額", "前年度決算額"),
                                  lambda r: (r.budget, previous.get(r.category_id, 0))),
        metadata=_metadata(db, year, "budget"), meta_sheet=True,
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


def build_ledger_report(db: Database, year: FiscalYear, profile: str = "full") -> Report:
    """現金出納簿 in date order with the running balance (a formula per row), a 「n月計」 row after
    each month and a 合計 row. Reads back with `kyodo ledger import` (total rows are skipped)."""
    columns = [c for c in LEDGER_COLUMNS if profile == "full" or c.key != "counterparty"]
    t = Table("現金出納簿", columns)
    entries = ledger_rows(db, year)
    subtotal_ids: list[str] = []
    prev_id: str | None = None
    month_first: str | None = None
    for i, row in enumerate(entries):
        e = row.entry
        rid = f"e{i}"
        month_first = month_first or rid
        balance = (Diff(Add(Ref("balance", prev_id), Ref("income")), Ref("expense")) if prev_id
                   else Diff(Ref("income"), Ref("expense")))
        t.add(
            date=e.entry_date, voucher=e.voucher_no, direction=DIRECTION_LABELS[e.direction],
            category=e.category_name, description=e.description,
            **({"counterparty": e.counterparty} if profile == "full" else {}),
            method=e.payment_method, income=e.income or None, expense=e.expense or None,
            balance=row.balance, project=e.project_name, id=rid, formulas={"balance": balance},
        )
        prev_id = rid
        following = entries[i + 1].entry.entry_date if i + 1 < len(entries) else None
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
        _title(db, year, "現金出納簿"), [t], _subtitles(db, year), landscape=True,
        contains_personal_data=profile == "full",  # 相手先 are often private persons (謝礼, 立替)
        stamp_boxes=stamp_boxes(db), metadata=_metadata(db, year, "ledger"), meta_sheet=True,
    )
