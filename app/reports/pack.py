"""総会資料 (議案書): the whole pack for the 総会 as parts (第1号議案 …), each made of ordinary
Reports — the existing forms where there is one (事業実績 → 事業報告, 収支決算書, 監査報告) and the
new ones here (役員改選（案）, 事業計画（案）, 予算（案）).

Pure shaping: the data comes from app.services.projects.pack_data. pack_pdf writes one PDF with a
cover, a 目次 with page numbers and each 議案 on a new page; the workbook gets a sheet per table.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from app.domain.directions import EXPENSE, INCOME
from app.domain.report_data.accounts import StatementRow
from app.domain.report_data.pack import BookBudgetPlan, PackReportData
from app.domain.wareki import format_wareki
from app.reports.accounts import AUDIT_TABLE, ITEM, NOTE, balance_row, settlement_report, statement_table
from app.reports.model import Column, Report, SumOf, Table
from app.reports.submission import results_report

# the 事業実績's columns that fit A4 portrait (the submission prints all of them, landscape)
RESULT_KEYS = ("name", "plan", "committee", "target", "result", "unit", "participants", "budget", "settled")
NUMBERS = "第{n}号議案"
BYLAWS = "規約"


@dataclass(frozen=True)
class Section:
    """A 会計's share of a 議案 (its 決算報告, its 予算（案）): a line of its own in the 目次."""

    title: str  # 「一般会計 決算報告・監査報告」
    first_report: int  # index in the part's reports where it starts
    sheet: str  # the workbook's sheet name for its tables


@dataclass
class PackPart:
    heading: str  # 「第1号議案 令和7年度 事業報告」 (目次 line and the part's first line)
    sheet: str  # the workbook's sheet name for its tables (a number is added for a second table)
    reports: list[Report]
    text: str = ""  # a part of plain text (the 規約), printed as paragraphs
    sections: list[Section] = field(default_factory=list)  # one per 会計 when the body keeps several


@dataclass
class Pack:
    title: str  # 「令和8年度 ○○地域協働体 通常総会 議案書」
    cover_lines: list[str]
    parts: list[PackPart]
    contains_personal_data: bool = False
    metadata: dict[str, str] = field(default_factory=dict)
    _date_style: str = "wareki"

    @property
    def reports(self) -> list[Report]:
        return [r for part in self.parts for r in part.reports]

    # export_report hands the office's date style to whatever it writes; the parts print with it
    @property
    def date_style(self) -> str:
        return self._date_style

    @date_style.setter
    def date_style(self, style: str) -> None:
        self._date_style = style
        for report in self.reports:
            report.date_style = style


def _body_name(data: PackReportData) -> str:
    return data.body.name if data.body and data.body.name else "（団体名未設定）"


def _results(data: PackReportData) -> Report:
    full = results_report(data.results)
    table = full.tables[0].only(RESULT_KEYS)
    meetings = Table("会議・話し合い", [Column("kind", "種類", "text", 20), Column("count", "回数", "int", 10)],
                     caption="会議・話し合いの開催状況")
    for i, (kind, n) in enumerate(data.meetings_by_kind):
        meetings.add(kind=kind, count=n, id=f"k{i}")
    if data.meetings_by_kind:
        meetings.add(kind="合計", style="total", formulas={"count": SumOf("count", "k0", f"k{len(data.meetings_by_kind) - 1}")})
    else:
        meetings.add(kind="（この年度の会議の記録はありません）")
    return replace(full, title=f"{data.year.label} 事業報告", tables=[table, meetings], landscape=False)


def _officers(data: PackReportData, profile: str) -> Report:
    columns = [Column("post", "役職", "text", 12), Column("current", "現在の役員", "text", 14),
               Column("proposed", "候補者", "text", 14), Column("change", "区分", "text", 6),
               Column("organisation", "所属", "text", 16)]
    if profile == "full":
        columns.append(Column("phone", "電話", "text", 14))
    columns.append(Column("term", "任期", "text", 26))
    table = Table("役員改選（案）", columns)
    for line in data.officers:
        term = (f"{format_wareki(line.start_on)}〜{format_wareki(line.end_on) if line.end_on else ''}"
                if line.start_on else "")
        values: dict[str, Any] = {"post": line.post, "current": line.current or "（新設）",
                                  "proposed": line.proposed or "（未定）", "change": line.change,
                                  "organisation": line.organisation, "term": term}
        if profile == "full":
            values["phone"] = line.phone
        table.add(values)
    if not data.officers:
        table.add(post="（任期を終える役員はいません）")
    return Report(f"{data.year.next().label} {_draft_label(data, '役員改選')}", [table], [_body_name(data)],
                  contains_personal_data=profile == "full")


def _draft_label(data: PackReportData, word: str) -> str:
    return word if data.plan_approved_on else f"{word}（案）"


def _plan(data: PackReportData) -> Report:
    table = Table("事業計画", [
        Column("name", "事業名", "text", 22), Column("plan", "プランの項目", "text", 20),
        Column("committee", "担当部会", "text", 12), Column("goal", "目標", "text", 28),
        Column("target", "数値目標", "text", 14), Column("budget", "予算額", "yen", 12),
    ])
    for i, p in enumerate(data.plan):
        table.add(name=p.name, plan=p.plan_label, committee=p.committee, goal=p.goal, target=p.target,
                  budget=p.budget, id=f"p{i}")
    if data.plan:
        table.add(name="合計", style="total", formulas={"budget": SumOf("budget", "p0", f"p{len(data.plan) - 1}")})
    else:
        table.add(name="（次年度の事業計画（案）はまだありません。「次年度の計画を作る」で作ります）")
    title = f"{data.year.next().label} {_draft_label(data, '事業計画')}"
    return Report(title, [table], [_body_name(data), *_approval_line(data)])


def _approval_line(data: PackReportData) -> list[str]:
    return [f"{format_wareki(data.plan_approved_on)} 総会で承認"] if data.plan_approved_on else []


def _budget(data: PackReportData, plan: BookBudgetPlan) -> Report:
    """予算（案） of a 会計 as the 収支予算書 is laid out (収入の部, 支出の部, totals, 差引残額),
    with 前年度予算額 and 増減 (予算額（案） − 前年度予算額) beside each 費目."""
    rows = tuple(StatementRow(b.key or i, b.direction, b.name, b.depth, b.heading, b.amount, 0, b.previous_budget,
                              b.note, b.child_ids)
                 for i, b in enumerate(plan.lines))
    columns = [ITEM, Column("budget", "予算額", "yen", 14), Column("previous", "前年度予算額", "yen", 14),
               Column("diff", "増減", "yen", 14), NOTE]

    def total(kind: str, key: str) -> int:
        return sum(getattr(r, key) for r in rows if r.direction == kind and not r.heading)  # 款・項 are sums

    table = statement_table("予算", columns, rows, lambda r: {"budget": r.budget, "previous": r.previous},
                             {INCOME: ("budget", "previous"), EXPENSE: ("budget", "previous")})
    balance_row(table, "差引残額", ["budget", "previous"],
                 {"budget": total(INCOME, "budget") - total(EXPENSE, "budget"),
                  "previous": total(INCOME, "previous") - total(EXPENSE, "previous")})
    title = f"{data.year.next().label} {_book(plan.book)}{_draft_label(data, '収支予算')}"
    subtitle = [] if plan.lines else ["次年度の予算（案）はまだありません。"]
    return Report(title, [table], [_body_name(data), *_approval_line(data), *subtitle])


def _book(name: str) -> str:
    return f"{name} " if name else ""


Shape = Callable[[Any, str], Report]  # (a report kind's data, profile) → its Report


def _audit_apart(settlement: Report, book: str) -> list[Report]:
    """The 決算書, and the 監査報告 it ends with as a report of its own: in the 議案書 the 監査報告
    is a page of its own (the writer starts each report of a 議案 on a new page)."""
    audit = [t for t in settlement.tables if t.name == AUDIT_TABLE]
    if not audit:
        return [settlement]
    statement = replace(settlement, tables=[t for t in settlement.tables if t.name != AUDIT_TABLE])
    return [statement, replace(settlement, title=f"{_book(book)}監査報告書", tables=audit, stamp_boxes=[])]


Made = tuple[list[Report], list[tuple[str, str, int]]]  # a 議案's reports, its 会計 sections (会計, title, first report)


def _by_book(books: list[tuple[str, list[Report]]], word: str) -> Made:
    """The reports of each 会計 one after another; a section per 会計 when they are named."""
    reports: list[Report] = []
    sections = []
    for book, made in books:
        if book:
            sections.append((book, f"{book} {word}", len(reports)))
        reports += made
    return reports, sections


def pack_report(
    data: PackReportData, profile: str = "full", settlement_shape: Shape = settlement_report,
) -> Pack:
    """The 議案書: its 議案 in the body's order and titles (data.parts; by default 事業報告, 決算報告
    (and 監査報告), 役員改選（案）, 事業計画（案）, 予算（案）), numbered as they come. A4 portrait
    throughout; `profile` "public" leaves out the candidates' contact data."""
    year, coming = data.year, data.year.next()
    settlements = [(s.book, _audit_apart(replace(settlement_shape(s.data, profile), charts=[], landscape=False), s.book))
                   for s in data.settlements]
    audited = "・監査報告" if any(len(reports) > 1 for _, reports in settlements) else ""
    budget_word = _draft_label(data, "予算")
    made: dict[str, tuple[str, Callable[[], Made]]] = {
        "事業報告": (f"{year.label} 事業報告", lambda: ([_results(data)], [])),
        "決算報告": (f"{year.label} 決算報告{audited}", lambda: _by_book(settlements, f"決算報告{audited}")),
        "役員改選": (f"{coming.label} {_draft_label(data, '役員改選')}", lambda: ([_officers(data, profile)], [])),
        "事業計画": (f"{coming.label} {_draft_label(data, '事業計画')}", lambda: ([_plan(data)], [])),
        "予算": (f"{coming.label} {budget_word}",
                 lambda: _by_book([(b.book, [_budget(data, b)]) for b in data.budgets], budget_word)),
    }
    numbered = []
    for n, choice in enumerate(data.parts, 1):
        heading, (reports, sections) = choice.title or made[choice.name][0], made[choice.name][1]()
        sheet = f"第{n}号 {choice.name}"
        numbered.append(PackPart(f"{NUMBERS.format(n=n)} {heading}", sheet, reports, sections=[
            Section(title, first, f"{sheet} {book}") for book, title, first in sections]))
    if data.bylaws:
        numbered.append(PackPart(BYLAWS, BYLAWS, [], text=data.bylaws))
    cover = [_body_name(data)]
    if data.meeting_on:
        cover.append(f"日時　{format_wareki(data.meeting_on)}")
    if data.meeting_place:
        cover.append(f"会場　{data.meeting_place}")
    cover.append(f"作成日　{format_wareki(data.made_on)}")
    return Pack(
        title=f"{coming.label} {_body_name(data)} 通常総会 議案書",
        cover_lines=cover,
        parts=numbered,
        # the candidates' telephone numbers are the pack's only personal data
        contains_personal_data=profile == "full" and any(c.name == "役員改選" for c in data.parts),
        metadata={"kind": "pack", "fiscal_year": str(year.year), "body": _body_name(data)},
    )


def pack_sheets(pack: Pack) -> list[tuple[str, Report, Table]]:
    """(sheet name, report, table) in the pack's order: 目次 first, then every table of every part."""
    contents = Table("目次", [Column("part", "議案", "text", 40), Column("sheet", "シート", "text", 30)])
    sheets: list[tuple[str, Report, Table]] = []
    used: set[str] = set()
    for part in pack.parts:
        groups = _sheet_groups(part)
        if part.text:
            text = Table(part.sheet, [Column("text", part.heading, "text", 90)])
            for line in part.text.splitlines():
                text.add(text=line)
            groups[-1][2].append((Report(part.heading, [text], [pack.cover_lines[0]]), text))
        if part.sections:  # the 議案's own line, then a line per 会計
            contents.add(part=part.heading)
        for title, base, tables in groups:
            for i, (report, table) in enumerate(tables):
                name = _unique(base if i == 0 else f"{base}{i + 1}", used)
                sheets.append((name, report, table))
                first = (f"　{title}" if title else part.heading) if i == 0 else ""
                contents.add(part=first, sheet=name)
    cover = Report(pack.title, [contents], pack.cover_lines, contains_personal_data=pack.contains_personal_data)
    cover.date_style = pack.date_style
    return [("目次", cover, contents), *sheets]


def _sheet_groups(part: PackPart) -> list[tuple[str, str, list[tuple[Report, Table]]]]:
    """(section title or "", sheet name, tables) — the part's tables, split by its 会計 sections."""
    starts = [(s.title, s.sheet, s.first_report) for s in part.sections] or [("", part.sheet, 0)]
    groups = []
    for k, (title, sheet, first) in enumerate(starts):
        end = starts[k + 1][2] if k + 1 < len(starts) else len(part.reports)
        groups.append((title, sheet, [(r, t) for r in part.reports[first:end] for t in r.tables]))
    return groups


def _unique(name: str, used: set[str]) -> str:
    """Excel's rules (≤31 characters, none of []:*?/\\, unique), so that the 目次 sheet names the
    sheets as they are written."""
    base, n = re.sub(r"[\[\]:*?/\\]", "_", name)[:31], 2
    candidate = base
    while candidate.casefold() in used:
        suffix = f"_{n}"
        candidate, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(candidate.casefold())
    return candidate

