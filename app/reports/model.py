"""A report as plain data: the writers (xlsx_writer, pdf_writer) only lay it out.

The caller supplies a value for every cell, already computed by the app. A cell may in addition
carry a formula (Ref / SumOf / Add / Diff / Ratio) that the Excel writer emits so the city can check the
arithmetic; the PDF writer ignores formulas. `formula_mismatches()` proves that both agree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

Kind = Literal["text", "int", "yen", "date", "percent", "grade"]
RowStyle = Literal["section", "subtotal", "total", "counts"]
NUMERIC_KINDS: frozenset[str] = frozenset({"int", "yen", "percent"})


class ReportError(ValueError):
    """The report data is inconsistent (unknown column, missing row id, formula ≠ value)."""


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    kind: Kind = "text"
    width: float = 12.0  # Excel character units; the PDF writer scales them to the page width


# --- writer-neutral formulas ------------------------------------------------------------------
# Rows are referred to by Row.id, never by position, so callers can insert rows freely.


@dataclass(frozen=True)
class Ref:
    """One cell: `column` of the row with id `row` (None = the row holding the formula)."""

    column: str
    row: str | None = None


@dataclass(frozen=True)
class SumOf:
    """SUM over a contiguous block of rows, `first` … `last` inclusive (row ids): =SUM(C5:C12)."""

    column: str
    first: str
    last: str


@dataclass(frozen=True)
class Add:
    """Sum of several terms: =C13+C20 (e.g. the total of several subtotals)."""

    terms: tuple[Formula, ...]

    def __init__(self, *terms: Formula):
        object.__setattr__(self, "terms", tuple(terms))


@dataclass(frozen=True)
class Diff:
    """a − b: =C13-D13."""

    a: Formula
    b: Formula


@dataclass(frozen=True)
class Ratio:
    """a ÷ b, e.g. 稼働率 = 使用コマ ÷ 開館コマ: =C5/D5. Give it only where b is not 0."""

    a: Formula
    b: Formula


Formula = Ref | SumOf | Add | Diff | Ratio


@dataclass
class Row:
    """One table row. `values` maps column key → value (None = empty cell).

    style: "section" (a heading row such as 収入の部; its first value spans the row),
    "subtotal" or "total" (bold, ruled), "counts" (a plain row of counts that a percent column's
    formulas divide, e.g. the コマ under a 稼働率 sheet: its numbers read as counts, not percents).
    `formulas` maps column key → Formula.
    `id` names the row for formulas elsewhere.
    """

    values: dict[str, Any]
    style: RowStyle | None = None
    formulas: dict[str, Formula] = field(default_factory=dict)
    id: str | None = None


@dataclass(frozen=True)
class PageCarry:
    """Paper cash books end each page with 次頁へ繰越 and begin the next with 前頁より繰越: the sums
    so far of `summed` (収入, 支出) and the last value of `running` (残高), written in `label_column`'s
    row. The PDF writer adds these rows where its pages break; a workbook has no pages, so none."""

    label_column: str
    summed: tuple[str, ...]
    running: str | None = None


@dataclass
class Table:
    name: str  # the sheet name in Excel (trimmed to Excel's rules by the writer)
    columns: list[Column]
    rows: list[Row] = field(default_factory=list)
    caption: str | None = None  # an extra line above the table, e.g. 収入の部 for a separate table
    carry: PageCarry | None = None  # 繰越 rows at the page breaks of the PDF

    def add(
        self,
        values: Mapping[str, Any] | None = None,
        *,
        style: RowStyle | None = None,
        formulas: Mapping[str, Formula] | None = None,
        id: str | None = None,
        **kw: Any,
    ) -> Row:
        """Append a row; values may be given as a mapping or as keyword arguments.

        A formula cell without a supplied value gets the value the formula computes from the rows
        added so far; a supplied value is kept (and checked against the formula by the writers).
        """
        merged = dict(values or {})
        merged.update(kw)
        row = Row(merged, style, dict(formulas or {}), id)
        self.rows.append(row)
        index = self._ids_before_last()
        if id is not None:
            if id in index:
                self.rows.pop()
                raise ReportError(f"表『{self.name}』の行ID {id!r} が重複しています")
            index[id] = len(self.rows) - 1
        self._indexed = len(self.rows)
        for key, formula in row.formulas.items():
            if merged.get(key) is None:
                merged[key] = evaluate(self, len(self.rows) - 1, formula, index)
        return row

    def _ids_before_last(self) -> dict[str, int]:
        # row id → position, kept up to date by add() (O(1) per row, so 10,000-row tables stay fast)
        # and rebuilt when rows were changed some other way
        n = len(self.rows) - 1
        if getattr(self, "_indexed", None) != n:
            self._index = {r.id: i for i, r in enumerate(self.rows[:n]) if r.id is not None}
        return self._index

    def section(self, text: str, *, id: str | None = None) -> Row:
        return self.add({self.columns[0].key: text}, style="section", id=id)

    def only(self, keys: tuple[str, ...]) -> Table:
        """The same table with only the columns `keys` (a narrower form of a wide report: the
        総会資料's portrait 事業報告). Formulas must refer to kept columns only."""
        kept = [c for c in self.columns if c.key in keys]
        rows = [Row({k: v for k, v in r.values.items() if k in keys}, r.style,
                    {k: f for k, f in r.formulas.items() if k in keys}, r.id) for r in self.rows]
        return Table(self.name, kept, rows, self.caption)

    def column(self, key: str) -> Column:
        for c in self.columns:
            if c.key == key:
                return c
        raise ReportError(f"表『{self.name}』に列 {key!r} はありません")

    def row_index(self) -> dict[str, int]:
        """Row id → position in `rows`; checks that ids are unique."""
        index: dict[str, int] = {}
        for i, row in enumerate(self.rows):
            if row.id is not None:
                if row.id in index:
                    raise ReportError(f"表『{self.name}』の行ID {row.id!r} が重複しています")
                index[row.id] = i
        return index


@dataclass
class BarChart:
    title: str
    categories: list[str]
    series: list[tuple[str, list[int]]]  # (name, one value per category)
    value_label: str = ""  # e.g. 円, 人


@dataclass
class Report:
    title: str
    tables: list[Table]
    subtitle_lines: list[str] = field(default_factory=list)  # body name, 年度, 作成日 (和暦, from caller)
    landscape: bool = False
    contains_personal_data: bool = False
    stamp_boxes: list[str] = field(default_factory=list)  # e.g. ["会長", "会計", "監事"]
    charts: list[BarChart] = field(default_factory=list)
    metadata: dict[str, str] = field(default_factory=dict)  # document properties (+ "_meta" sheet)
    meta_sheet: bool = False  # write metadata also to a hidden "_meta" sheet (for round trips)
    # how dates print on paper: "wareki" (令和7年4月1日) or "slash" (2025/4/1); the caller passes the
    # office's setting (print_date_style), the writers never read settings
    date_style: str = "wareki"


def cell_kind(column_kind: str, row_style: str | None) -> str:
    """How a cell reads: its column's kind, except the counts in a "counts" row of a percent column."""
    return "int" if row_style == "counts" and column_kind == "percent" else column_kind


PERSONAL_DATA_NOTE = "個人情報を含みます"


# --- evaluation -------------------------------------------------------------------------------


def _number(table: Table, index: Mapping[str, int], row_pos: int, ref: Ref) -> Any:
    pos = row_pos if ref.row is None else _pos(table, index, ref.row)
    table.column(ref.column)
    value = table.rows[pos].values.get(ref.column)
    return 0 if value is None else value  # Excel treats an empty cell as 0


def _pos(table: Table, index: Mapping[str, int], row_id: str) -> int:
    try:
        return index[row_id]
    except KeyError:
        raise ReportError(f"表『{table.name}』に行ID {row_id!r} はありません") from None


def evaluate(table: Table, row_pos: int, formula: Formula, index: Mapping[str, int] | None = None) -> Any:
    """What Excel will compute for `formula` placed in row `row_pos`, from the supplied values.

    Referenced cells are read as supplied values (not re-evaluated), exactly as Excel reads them.
    """
    index = table.row_index() if index is None else index
    if isinstance(formula, Ref):
        return _number(table, index, row_pos, formula)
    if isinstance(formula, SumOf):
        a, b = sorted((_pos(table, index, formula.first), _pos(table, index, formula.last)))
        total: int | float = 0
        for r in table.rows[a : b + 1]:
            v = r.values.get(formula.column)
            if isinstance(v, (int, float)) and not isinstance(v, bool):  # SUM skips text
                total += v
        return total
    if isinstance(formula, Add):
        return sum(evaluate(table, row_pos, t, index) for t in formula.terms)
    if isinstance(formula, Diff):
        return evaluate(table, row_pos, formula.a, index) - evaluate(table, row_pos, formula.b, index)
    if isinstance(formula, Ratio):
        divisor = evaluate(table, row_pos, formula.b, index)
        if not divisor:
            raise ReportError(f"表『{table.name}』{row_pos + 1}行目: 0 で割る数式です（{formula!r}）")
        return evaluate(table, row_pos, formula.a, index) / divisor
    raise ReportError(f"未知の数式です: {formula!r}")


def formula_mismatches(table: Table) -> list[str]:
    """Every cell whose supplied value differs from what its formula computes (empty = all agree)."""
    index = table.row_index()
    problems: list[str] = []
    for pos, row in enumerate(table.rows):
        for key, formula in row.formulas.items():
            table.column(key)
            expected = evaluate(table, pos, formula, index)
            actual = row.values.get(key)
            if actual is None or abs(expected - actual) > 1e-9:
                problems.append(
                    f"表『{table.name}』{pos + 1}行目 {table.column(key).header}: "
                    f"値 {actual!r} と数式の結果 {expected!r} が一致しません"
                )
    return problems


def check_report(report: Report) -> None:
    """Raise ReportError when a row names an unknown column or a formula disagrees with its value."""
    for table in report.tables:
        keys = {c.key for c in table.columns}
        for pos, row in enumerate(table.rows):
            unknown = (set(row.values) | set(row.formulas)) - keys
            if unknown:
                raise ReportError(f"表『{table.name}』{pos + 1}行目: 未知の列 {sorted(unknown)}")
        problems = formula_mismatches(table)
        if problems:
            raise ReportError("\n".join(problems[:20]))

