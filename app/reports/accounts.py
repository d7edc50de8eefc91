"""会計 reports, shaped from their data (app.domain.report_data.accounts) — no database here.

- 収支決算書 / 収支予算書 per 会計: 収入の部 then 支出の部, 款 and 項 rows with their subtotals (formulas
  over the rows directly under them) above their 目; 収入 増減 = 決算−予算 (減は△), 支出 残額 = 予算−決算
  (超過は△); the 予算書 has a 前年度決算額 column. The 決算書 ends with 次年度繰越金 and its split by 口座,
  and, when asked, the 監査報告.
- 財産目録: each 口座 and fund at the year end (their total is the 会計's 次年度繰越金), then 備品.
- 監査報告書: the standard statement, the date, the 監事 and their 印.
- 現金出納簿 / 預金出納帳 of one 口座 (or of a whole 会計) with the running balance.

Every total is a real formula in the workbook, and the app's own figure is kept beside it: the
writers refuse to write a sheet where the two differ. The data comes from
app.services.accounts.report_data.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from app.domain.directions import DIRECTION_LABELS, EXPENSE, INCOME
from app.domain.report_data.accounts import (
    AccountBalance,
    AccountsHeading,
    AssetsData,
    AuditData,
    LedgerReportData,
    StatementData,
    StatementRow,
)
from app.domain.wareki import format_wareki
from app.reports.model import Add, BarChart, Column, Diff, Formula, PageCarry, Ref, Report, SumOf, Table

FORMAT_VERSION = "1"
PARTS = ((INCOME, "収入の部", "収入合計"), (EXPENSE, "支出の部", "支出合計"))
ITEM = Column("item", "費目", "text", 30)  # 「費目」: the city's 集計 finds the table by it
NOTE = Column("note", "備考", "text", 24)
INDENT = "　"
SETTLEMENT_COLUMNS_NOTE = "増減・残額: 収入は決算額−予算額（減は△）、支出は予算額−決算額（超過は△）"
AUDIT_TABLE = "監査報告"  # the table (sheet) name; the 議案書 prints it on a page of its own
STATEMENT_LINE = 34  # characters per line of the 監査報告's statement
AUDIT_STATEMENT = ("{year}{book}の収支決算について、帳簿、証憑書類及び預金通帳等を照合し監査した結果、"
                   "適正に処理されていることを認めます。")


def _body_name(heading: AccountsHeading) -> str:
    body = heading.body
    return body.name if body and body.name else "（団体名未設定）"


def _title(heading: AccountsHeading, form: str) -> str:
    """「令和7年度 ○○地域協働体 一般会計 収支決算書」 (the 会計 named when there are several)."""
    book = f" {heading.book_name}" if heading.several_books else ""
    return f"{heading.year.label} {_body_name(heading)}{book} {form}"


def _subtitles(heading: AccountsHeading) -> list[str]:
    body = heading.body
    centre = f"（{body.centre_name}）" if body and body.centre_name else ""
    book = f" {heading.book_name}" if heading.several_books else ""
    return [f"{_body_name(heading)}{centre}", f"{heading.year.label_full}{book}",
            f"作成日 {format_wareki(heading.made_on)}"]


def _metadata(heading: AccountsHeading, kind: str) -> dict[str, str]:
    meta = {"format_version": FORMAT_VERSION, "kind": kind, "fiscal_year": str(heading.year.year),
            "body": _body_name(heading)}
    if heading.book_name:
        meta["book"] = heading.book_name
    return meta


def _rid(row: StatementRow) -> str:
    return f"c{row.category_id}"


def _item(row: StatementRow) -> str:
    return INDENT * (row.depth - 1) + row.name


def statement_table(name: str, columns: list[Column], rows: tuple[StatementRow, ...],
                     values: Callable[[StatementRow], dict[str, int]], diff: dict[str, tuple[str, str]]) -> Table:
    """Both parts with subtotals and totals; `diff` per direction: (minuend, subtrahend) columns."""
    t = Table(name, columns)
    numbers = [c.key for c in columns if c.kind == "yen" and c.key != "diff"]
    for direction, part, total in PARTS:
        t.section(part)  # exactly 収入の部 / 支出の部: the city's 集計 reads the parts by these words
        part_rows = [r for r in rows if r.direction == direction]
        a, b = diff[direction]
        for r in part_rows:
            v = values(r)
            formulas: dict[str, Formula] = {"diff": Diff(Ref(a), Ref(b))}
            if r.heading and r.child_ids:  # a 款・項: the sum of the rows directly under it
                formulas.update({k: Add(*(Ref(k, f"c{c}") for c in r.child_ids)) for k in numbers})
            t.add({"item": _item(r), "note": r.note, "diff": v[a] - v[b], **{k: v[k] for k in numbers}},
                  id=_rid(r), style="subtotal" if r.heading else None, formulas=formulas)
        tops = [r for r in part_rows if r.depth == 1]
        sums = {k: sum(values(r)[k] for r in tops) for k in numbers}
        totals: dict[str, Formula] = {k: Add(*(Ref(k, _rid(r)) for r in tops)) for k in numbers} if tops else {}
        t.add({"item": total, "diff": sums[a] - sums[b], **sums}, style="total", id=f"{direction}_total",
              formulas={**totals, "diff": Diff(Ref(a), Ref(b))})
    return t


def balance_row(t: Table, label: str, keys: list[str], values: dict[str, int]) -> None:
    t.add({"item": label, **values}, style="total", id="balance",
          formulas={k: Diff(Ref(k, f"{INCOME}_total"), Ref(k, f"{EXPENSE}_total")) for k in keys})


def settlement_report(data: StatementData, profile: str = "full", audit: AuditData | None = None) -> Report:
    """収支決算書 of one 会計; with `audit`, the 監査報告 follows as a second table (sheet)."""
    h = data.heading
    columns = [ITEM, Column("budget", "予算額", "yen", 14), Column("actual", "決算額", "yen", 14),
               Column("diff", "増減・残額", "yen", 14), NOTE]
    table = statement_table(
        "収支決算書", columns, data.rows, lambda r: {"budget": r.budget, "actual": r.actual},
        {INCOME: ("actual", "budget"), EXPENSE: ("budget", "actual")})
    income = table.rows[[r.id for r in table.rows].index(f"{INCOME}_total")].values
    expense = table.rows[[r.id for r in table.rows].index(f"{EXPENSE}_total")].values
    carried = income["actual"] - expense["actual"]
    balance_row(table, "次年度繰越金", ["budget", "actual"],
                 {"budget": income["budget"] - expense["budget"], "actual": carried})
    tables = [table]
    if data.balances:
        tables.append(_carried_table(data.balances, carried))
    if audit is not None:
        tables.append(_audit_table(audit))
    return Report(_title(h, "収支決算書"), tables, [*_subtitles(h), SETTLEMENT_COLUMNS_NOTE],
                  stamp_boxes=list(h.stamp_boxes), metadata=_metadata(h, "settlement"), meta_sheet=True,
                  charts=_charts(data.rows, ("予算額", "決算額"), lambda r: (r.budget, r.actual)))


def _charts(rows: tuple[StatementRow, ...], series: tuple[str, str],
            values: Callable[[StatementRow], tuple[int, int]]) -> list[BarChart]:
    """Per part, the 目 side by side (people compare the two numbers)."""
    charts = []
    for direction, _part, _total in PARTS:
        shown = [r for r in rows if r.direction == direction and not r.heading and any(values(r))]
        if shown:
            pairs = [values(r) for r in shown]
            word = "収入" if direction == INCOME else "支出"
            charts.append(BarChart(f"{series[0]}と{series[1]}（{word}）", [r.name for r in shown],
                                   [(series[0], [a for a, _ in pairs]), (series[1], [b for _, b in pairs])],
                                   value_label="円"))
    return charts


def _carried_table(balances: tuple[AccountBalance, ...], carried: int) -> Table:
    """次年度繰越金 by where the money is: each 口座 (and fund), their sum = the 次年度繰越金."""
    t = Table("繰越金の内訳", [Column("item", "次年度繰越金の内訳", "text", 44), Column("amount", "金額", "yen", 15)])
    for i, b in enumerate(balances):
        t.add(item=b.name + (f"（{b.bank_text}）" if b.bank_text else ""), amount=b.balance, id=f"acct{i}")
    t.add(item="計（次年度繰越金）", style="total", amount=carried,
          formulas={"amount": SumOf("amount", "acct0", f"acct{len(balances) - 1}")})
    return t


def budget_report(data: StatementData, profile: str = "full") -> Report:
    """収支予算書 of one 会計: 予算額 (the version in force; 当初予算額 and 補正額 beside it when a 補正予算
    was passed), 前年度決算額, 増減 (予算額−前年度決算額), 備考."""
    h = data.heading
    amended = any(r.initial is not None and r.initial != r.budget for r in data.rows)
    columns = [ITEM]
    if amended:
        columns += [Column("initial", "当初予算額", "yen", 14), Column("supplement", "補正額", "yen", 14)]
    columns += [Column("budget", "予算額", "yen", 14), Column("previous", "前年度決算額", "yen", 14),
                Column("diff", "増減", "yen", 14), NOTE]

    def values(r: StatementRow) -> dict[str, int]:
        v = {"budget": r.budget, "previous": r.previous}
        if amended:
            v["initial"] = r.initial or 0
            v["supplement"] = r.budget - v["initial"]
        return v

    table = statement_table("収支予算書", columns, data.rows, values,
                             {INCOME: ("budget", "previous"), EXPENSE: ("budget", "previous")})
    if amended:  # 予算額 = 当初予算額 + 補正額 on the 目 rows
        for row in table.rows:
            if row.style is None and row.id and row.id.startswith("c"):
                row.formulas["budget"] = Add(Ref("initial"), Ref("supplement"))
    income = table.rows[[r.id for r in table.rows].index(f"{INCOME}_total")].values
    expense = table.rows[[r.id for r in table.rows].index(f"{EXPENSE}_total")].values
    keys = ["budget", "previous", *(["initial", "supplement"] if amended else [])]
    balance_row(table, "差引残額", keys, {k: income[k] - expense[k] for k in keys})
    subtitles = [*_subtitles(h), f"予算額: {data.budget_label}。前年度決算額: {h.year.previous().label}の決算額。"
                 "増減: 予算額−前年度決算額（減は△）"]
    return Report(_title(h, "収支予算書"), [table], subtitles, landscape=amended, stamp_boxes=list(h.stamp_boxes),
                  metadata=_metadata(h, "budget"), meta_sheet=True,
                  charts=_charts(data.rows, ("予算額", "前年度決算額"), lambda r: (r.budget, r.previous)))


def assets_report(data: AssetsData, profile: str = "full") -> Report:
    """財産目録: 現金・預金 and funds (their total = the 会計's 次年度繰越金), then 備品."""
    h = data.heading
    columns = [ITEM, Column("detail", "内容（金融機関・目的・場所）", "text", 34),
               Column("amount", "金額", "yen", 15), NOTE]
    t = Table("財産目録", columns)
    groups = (("現金・預金", "money", data.accounts), ("積立金・基金", "fund", data.funds))
    subtotal_ids = []
    for label, key, items in groups:
        t.section(label)
        for i, b in enumerate(items):
            note = f"目標 {b.target_year}年度" if b.target_year else ""
            detail = b.bank_text if b.kind != "fund" else " ".join(p for p in (b.purpose, b.bank_text) if p)
            t.add(item=f"{INDENT}{b.name}", detail=detail, amount=b.balance, note=note, id=f"{key}{i}")
        formulas = {"amount": SumOf("amount", f"{key}0", f"{key}{len(items) - 1}")} if items else {}
        t.add(item=f"{label}計", style="subtotal", id=f"{key}_total", formulas=formulas,
              amount=sum(b.balance for b in items))
        subtotal_ids.append(f"{key}_total")
    t.add(item="合計（次年度繰越金）", style="total", id="total", amount=data.book_balance,
          formulas={"amount": Add(*(Ref("amount", s) for s in subtotal_ids))})
    t.section(f"備品（取得価額{data.equipment_minimum:,}円以上）" if data.equipment_minimum > 0 else "備品")
    for i, e in enumerate(data.equipment):
        bought = f"購入 {format_wareki(e.bought_on)}" if e.bought_on else ""
        t.add(item=f"{INDENT}{e.name}", detail=e.place, amount=e.amount, note=bought, id=f"eq{i}")
    formulas = ({"amount": SumOf("amount", "eq0", f"eq{len(data.equipment) - 1}")} if data.equipment else {})
    t.add(item="備品計", style="subtotal", formulas=formulas, amount=sum(e.amount for e in data.equipment))
    return Report(_title(h, "財産目録"), [t], [*_subtitles(h), f"{format_wareki(h.year.end)}現在"],
                  stamp_boxes=list(h.stamp_boxes), metadata=_metadata(h, "assets"), meta_sheet=True)


def _audit_table(data: AuditData) -> Table:
    h = data.heading
    t = Table(AUDIT_TABLE, [Column("item", "監査報告書", "text", 44), Column("amount", "金額", "yen", 15),
                         Column("seal", "印", "text", 6)])
    t.section(f"{_body_name(h)} 会長 様")
    for line in _wrap(AUDIT_STATEMENT.format(year=h.year.label, book=h.book_name)):
        t.section(line)  # the writers do not wrap a section row
    t.add(item="収入合計", amount=data.income, id="income")
    t.add(item="支出合計", amount=data.expense, id="expense")
    t.add(item="次年度繰越金", amount=data.carried, style="total",
          formulas={"amount": Diff(Ref("amount", "income"), Ref("amount", "expense"))})
    day = format_wareki(data.audited_on) if data.audited_on else "令和　　年　　月　　日"
    t.section(day)
    for name in data.auditors or ("", ""):
        t.add(item=f"監事　{name or '＿＿＿＿＿＿＿＿'}", seal="㊞")
    return t


def _wrap(text: str, width: int = STATEMENT_LINE) -> list[str]:
    """Lines of at most about `width` characters, broken after 「、」 where possible."""
    lines, current = [], ""
    for piece in text.replace("、", "、\n").split("\n"):
        if current and len(current) + len(piece) > width:
            lines.append(current)
            current = ""
        current += piece
    return [*lines, current] if current else lines


def audit_report(data: AuditData, profile: str = "full") -> Report:
    """監査報告書 on its own: the statement, the figures audited, the date, each 監事 with a 印 box."""
    h = data.heading
    return Report(_title(h, "監査報告書"), [_audit_table(data)], _subtitles(h),
                  stamp_boxes=list(h.stamp_boxes), metadata=_metadata(h, "audit"), meta_sheet=True)


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
    """現金出納簿 (預金出納帳 for a bank 口座) in date order with the running balance (a formula per
    row), a 「n月計」 row after each month and a 合計 row. Reads back with `kyodo ledger import` (total
    rows are skipped; a transfer's 費目 is the other 口座, as the import expects)."""
    heading, entries = data.heading, data.lines
    columns = [c for c in LEDGER_COLUMNS if profile == "full" or c.key != "counterparty"]
    # paper 出納簿 carry 収入・支出 so far and the 残高 from page to page (前頁より繰越 / 次頁へ繰越)
    t = Table(data.form, columns, carry=PageCarry("description", ("income", "expense"), "balance"))
    subtotal_ids: list[str] = []
    prev_id: str | None = None
    month_first: str | None = None
    for i, e in enumerate(entries):
        rid = f"e{i}"
        month_first = month_first or rid
        balance = (Diff(Add(Ref("balance", prev_id), Ref("income")), Ref("expense")) if prev_id
                   else Diff(Ref("income"), Ref("expense")))
        values: dict[str, Any] = dict(
            date=e.entry_date, voucher=e.voucher_no, direction=e.kind_label or DIRECTION_LABELS[e.direction],
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
        _title(heading, data.form), [t], [*_subtitles(heading), *([data.account_label] if data.account_label else [])],
        landscape=True,
        contains_personal_data=profile == "full",  # 相手先 are often private persons (謝礼, 立替)
        stamp_boxes=list(heading.stamp_boxes), metadata=_metadata(heading, "ledger"), meta_sheet=True,
    )
