"""The city summary workbook (市役所の集計表): one row per body, city totals as formulas, and the
files that could not be totalled on a sheet of their own."""

from __future__ import annotations

import math
import os
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any, Protocol, TypeVar

from app.domain.fiscal_year import FiscalYear
from app.domain.wareki import format_wareki
from app.reports.model import Add, Column, Diff, Formula, Ratio, Ref, Report, SumOf, Table

SUMMARY_SHEET = "集計"
PROBLEMS_SHEET = "問題"
K = TypeVar("K")
# The centre's use from the 施設利用 sheet (column key, header); 稼働率 = 使用コマ ÷ 開館コマ follows them.
FACILITY_COLUMNS = (("visits", "利用件数"), ("people", "利用者数"), ("used", "使用コマ"), ("open", "開館コマ"))
FACILITY_FIELDS = ("count", "people", "used_slots", "open_slots")
PAGE_WIDTH_UNITS = 190  # about what fits across landscape A4 at a readable size (character units)


# What the summary reads of app.services.city.aggregate's AggregateResult (described here, not
# imported: app/reports never imports app.services).


class CentreUse(Protocol):
    @property
    def count(self) -> int: ...
    @property
    def people(self) -> int: ...
    @property
    def used_slots(self) -> int: ...
    @property
    def open_slots(self) -> int: ...


class BodyTotals(Protocol):
    @property
    def path(self) -> Path: ...
    @property
    def body_name(self) -> str: ...
    @property
    def area(self) -> str: ...
    @property
    def edition(self) -> int: ...
    @property
    def signature(self) -> str: ...
    @property
    def figures(self) -> Mapping[tuple[str, str], int]: ...
    @property
    def income(self) -> Mapping[str, int]: ...
    @property
    def expense(self) -> Mapping[str, int]: ...
    @property
    def income_total(self) -> int: ...
    @property
    def expense_total(self) -> int: ...
    @property
    def facility(self) -> CentreUse | None: ...


class LeftOut(Protocol):
    @property
    def path(self) -> Path: ...
    @property
    def reason(self) -> str: ...


class CityTotals(Protocol):
    @property
    def year(self) -> FiscalYear | None: ...
    @property
    def bodies(self) -> Sequence[BodyTotals]: ...
    @property
    def problems(self) -> Sequence[LeftOut]: ...


def _union(keys_per_body: list[list[K]]) -> list[K]:
    """Every key in order of first appearance (categories and figures are editable per body)."""
    seen: dict[K, None] = {}
    for keys in keys_per_body:
        for k in keys:
            seen.setdefault(k, None)
    return list(seen)


def _figure_header(group: str, label: str) -> str:
    return label if group == "名簿" else f"{group}\n{label}"


def build_city_summary(result: CityTotals, today: date | None = None) -> Report:
    bodies = result.bodies
    figure_keys = _union([list(b.figures) for b in bodies])
    income_keys = _union([list(b.income) for b in bodies])
    expense_keys = _union([list(b.expense) for b in bodies])

    columns = [
        Column("body", "地域協働体名", "text", 22),
        Column("area", "地域", "text", 7),
        Column("edition", "版", "int", 5),
        Column("signature", "署名", "text", 12),
    ]
    columns += [Column(f"f{i}", _figure_header(*k), "int", 10) for i, k in enumerate(figure_keys)]
    columns += [Column(f"in{i}", f"収入\n{k}", "yen", 12) for i, k in enumerate(income_keys)]
    columns.append(Column("in_total", "収入合計", "yen", 13))
    columns += [Column(f"out{i}", f"支出\n{k}", "yen", 12) for i, k in enumerate(expense_keys)]
    columns += [
        Column("out_total", "支出合計", "yen", 13),
        Column("balance", "差引残額\n(収入−支出)", "yen", 13),
    ]
    columns += [Column(key, f"施設\n{header}", "int", 10) for key, header in FACILITY_COLUMNS]
    columns.append(Column("rate", "施設\n稼働率", "percent", 10))
    columns.append(Column("file", "ファイル", "text", 30))

    table = Table(SUMMARY_SHEET, columns)
    in_refs = [Ref(f"in{i}") for i in range(len(income_keys))]
    out_refs = [Ref(f"out{i}") for i in range(len(expense_keys))]
    for n, b in enumerate(bodies):
        values = {
            "body": b.body_name, "area": b.area, "edition": b.edition, "signature": b.signature,
            "file": b.path.name,
        }
        values.update({f"f{i}": b.figures.get(k) for i, k in enumerate(figure_keys)})
        values.update({f"in{i}": b.income.get(k) for i, k in enumerate(income_keys)})
        values.update({f"out{i}": b.expense.get(k) for i, k in enumerate(expense_keys)})
        values.update(
            in_total=b.income_total, out_total=b.expense_total, balance=b.income_total - b.expense_total
        )
        formulas: dict[str, Formula] = {"balance": Diff(Ref("in_total"), Ref("out_total"))}
        if b.facility is not None:  # blank for a submission made before the 施設利用 sheet
            values.update({key: getattr(b.facility, attr) for (key, _), attr in zip(FACILITY_COLUMNS, FACILITY_FIELDS, strict=True)})
            if b.facility.open_slots:
                formulas["rate"] = Ratio(Ref("used"), Ref("open"))
        if in_refs:
            formulas["in_total"] = Add(*in_refs)
        if out_refs:
            formulas["out_total"] = Add(*out_refs)
        table.add(values, id=f"b{n}", formulas=formulas)
    if bodies:
        numeric = [c.key for c in columns if c.kind in ("int", "yen") and c.key != "edition"]
        totals: dict[str, Formula] = {k: SumOf(k, "b0", f"b{len(bodies) - 1}") for k in numeric}
        if any(b.facility and b.facility.open_slots for b in bodies):
            totals["rate"] = Ratio(Ref("used"), Ref("open"))  # the city's 稼働率: all used ÷ all open slots
        table.add(body=f"市合計（{len(bodies)}団体）", style="total", id="total", formulas=totals)

    problems = Table(
        PROBLEMS_SHEET, [Column("file", "ファイル", "text", 50), Column("reason", "理由", "text", 80)]
    )
    for p in result.problems:
        problems.add(file=str(p.path), reason=p.reason)
    if not result.problems:
        problems.add(file="（問題のあるファイルはありません）")

    year = result.year.label if result.year else "（年度不明）"
    return Report(
        f"{year} 地域協働体 提出書類 集計表",
        [table, problems],
        [
            f"{format_wareki(today or date.today())} 集計",
            f"集計した団体 {len(bodies)}、問題のあるファイル {len(result.problems)}（「{PROBLEMS_SHEET}」シート）",
        ],
        landscape=True,
    )


def write_city_summary(
    result: CityTotals, out: str | os.PathLike[str], today: date | None = None
) -> Path:
    from app.reports.xlsx_writer import write_xlsx

    report = build_city_summary(result, today)
    width = sum(c.width for c in report.tables[0].columns)
    return write_xlsx(report, out, adjust=lambda tables: _wide_layout(tables[SUMMARY_SHEET], width))


def _wide_layout(written: Any, width: float) -> None:
    """Headers such as 「収入\n会費」 take two lines (the writer sizes the header row for them). A wide
    table is printed over a few landscape pages with the body names repeated at the left, rather
    than shrunk to one unreadable page.

    The title block (title, date, note) stays out of the printed area: on the pages after the first
    only column A would repeat, cutting it off. Each page's header carries it instead."""
    from app.reports.xlsx_writer import page_header

    if width <= PAGE_WIDTH_UNITS:
        return
    ws, report = written.sheet, written.report
    ws.fit_to_pages(math.ceil(width / PAGE_WIDTH_UNITS), 0)
    ws.repeat_columns(0)
    ws.freeze_panes(written.header_row + 1, 1)
    ws.print_area(written.header_row, 0, written.last_row, len(written.table.columns) - 1)
    # one line: LibreOffice prints a line break in a header as _x000a_
    ws.set_header(page_header(report.title, left="　".join(report.subtitle_lines), left_size=9))
    ws.set_margins(left=0.5, right=0.5, top=1.0, bottom=0.75)
