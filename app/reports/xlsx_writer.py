"""Write a Report as an .xlsx workbook: one sheet per table, A4, formulas for totals.

The writer is XlsxWriter, in its streaming (constant_memory) mode; openpyxl stays the reader
(imports, the city's aggregate, tests). Why: a 10,000-entry 現金出納簿 is ~110,000 styled cells, and
openpyxl spends ~3 µs of Python per cell on Cell objects, style arrays and its pure-Python XML
serialiser (write-only mode included), XlsxWriter about a third of that; XlsxWriter also writes a
formula's cached value (the app's own figure) with the formula, where openpyxl needed a second pass
over the saved zip. One writer for every report kind: this module is the only one that writes xlsx.

Imported only when a workbook is written, so app start-up never loads it.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import os
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.utility import _datetime_to_excel_datetime
from xlsxwriter.worksheet import Worksheet

from app.atomic_files import save_xlsx_atomically
from app.reports.model import (
    PERSONAL_DATA_NOTE,
    Add,
    BarChart,
    Diff,
    Formula,
    Ratio,
    Ref,
    Report,
    ReportError,
    Row,
    SumOf,
    Table,
    cell_kind,
    check_report,
)

YEN_FORMAT = "#,##0;[Red]△#,##0"
PERCENT_FORMAT = "0.0%"
DATE_FORMAT = "yyyy-mm-dd"  # ISO dates in cells (DESIGN.md)
META_SHEET = "_meta"
FONT_NAME = "游ゴシック"  # present on every Windows PC the offices use; LibreOffice substitutes

_GREY = "#808080"
_HEADER_FILL = "#DDEBF7"
_SECTION_FILL = "#F2F2F2"
_TOTAL_FILL = "#FFF2CC"
_THIN, _DOUBLE = 1, 6  # XlsxWriter's border indices
_LINE_HEIGHT = 13.5  # points per line of 10 pt text
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
# XML 1.0 refuses these control characters: a cell holding one would make the file unreadable
_ILLEGAL_CHARACTERS = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")


class _Sheet(Worksheet):  # type: ignore[misc]  # xlsxwriter has no type hints: Worksheet is Any
    """A worksheet for our own formulas: they come from _excel() (cell references, SUM, + and −),
    never Excel's newer functions, so XlsxWriter's ~60 regular-expression substitutions per
    formula that rename those (_xlfn.…) are skipped: a third of the writing time of a cash book."""

    previous_row: int  # XlsxWriter's: the row its next flush writes (constant_memory mode)

    def _prepare_formula(self, formula: str, expand_future_functions: bool = False) -> str:
        return formula[1:] if formula.startswith("=") else formula

    def put_row(self, row: int, last_col: int, cells: Callable[[], str]) -> None:
        """Write row `row` (0-based) whole, columns 0 … `last_col`: `cells()` gives its cells' XML
        (_RowCells). The row before it, if written through write_*(), goes out first, as write_*()
        would send it (and so takes its formats' xf indices first); no cell of this row may have
        been written through write_*()."""
        if row > self.previous_row:
            self._write_single_row(row)
        assert not any(self.table.values()), "put_row after write_*() on the same row"
        self._check_dimensions(row, 0)
        self._check_dimensions(row, last_col)
        self._write_row(row, None, self.row_info.get(row))  # its height, if set_row() set one
        self.fh.write(cells())
        self.fh.write("</row>")
        self.previous_row = row + 1  # written: XlsxWriter's next flush starts after it


@dataclass(frozen=True)
class WrittenTable:
    """Where a table landed on its sheet (rows and columns 0-based), for `adjust` to change the
    print layout of particular sheets (the city summary's wide layout)."""

    sheet: Worksheet
    report: Report
    table: Table
    header_row: int
    last_row: int


class _Formats:
    """One Format per (kind, row style), made once: cells share them."""

    def __init__(self, wb: xlsxwriter.Workbook):
        self._wb = wb
        self._made: dict[tuple[str, str | None], Format] = {}

    def get(self, kind: str, row_style: str | None) -> Format:
        key = (kind, row_style)
        made = self._made.get(key)
        if made is None:
            made = self._made[key] = self._wb.add_format(self._properties(kind, row_style))
        return made

    def plain(self, **properties: Any) -> Format:
        return self._wb.add_format({"font_name": FONT_NAME, "font_size": 10, **properties})

    @staticmethod
    def _properties(kind: str, row_style: str | None) -> dict[str, Any]:
        p: dict[str, Any] = {"font_name": FONT_NAME, "font_size": 10, "bold": row_style not in (None, "counts"),
                             "border": _THIN, "border_color": _GREY, "valign": "vcenter"}
        if kind == "header":
            p.update(bg_color=_HEADER_FILL, align="center", text_wrap=True)
            return p
        if row_style == "section":
            p["bg_color"] = _SECTION_FILL
        elif row_style == "total":
            p.update(bg_color=_TOTAL_FILL, top_color="#000000", bottom=_DOUBLE, bottom_color="#000000")
        elif row_style == "subtotal":
            p["top_color"] = "#000000"
        kind = cell_kind(kind, row_style)
        if kind in ("int", "yen"):
            p["num_format"] = YEN_FORMAT
        elif kind == "percent":
            p["num_format"] = PERCENT_FORMAT
        elif kind == "date":
            p.update(num_format=DATE_FORMAT, align="center")
        elif kind == "grade":
            p["align"] = "center"
        elif row_style != "section":
            p["text_wrap"] = True
        return p


def write_xlsx(
    report: Report, path: str | os.PathLike[str],
    *, adjust: Callable[[Mapping[str, WrittenTable]], None] | None = None,
) -> Path:
    """Write `report` to `path` (replaced atomically). Raises ReportError if a formula and the
    value the app computed disagree: the city must never receive a sheet whose totals differ.

    Every formula cell also carries the app's value as its cached result, so a reader that does not
    recalculate (a viewer, pandas, openpyxl data_only) sees the totals. `adjust(tables)` may change
    the print setup of the sheets (sheet name → WrittenTable) before saving."""
    check_report(report)

    def build(wb: xlsxwriter.Workbook) -> None:
        formats = _Formats(wb)
        used: set[str] = set()
        written = {}
        for table in report.tables:
            name = _sheet_name(table.name, used)
            written[name] = _write_table(wb.add_worksheet(name, worksheet_class=_Sheet), report, table, formats)
        for n, chart in enumerate(report.charts, 1):
            name = _sheet_name(chart.title or f"グラフ{n}", used)
            _write_chart(wb, wb.add_worksheet(name, worksheet_class=_Sheet), name, chart, formats)
        _set_properties(wb, report.title, report.subtitle_lines, report.contains_personal_data, report.metadata)
        if report.meta_sheet:
            _write_meta(wb.add_worksheet(META_SHEET), report.metadata)
        if adjust is not None:
            adjust(written)

    return save_xlsx_atomically(Path(path), build)


def write_xlsx_book(
    sheets: Sequence[tuple[str, Report, Table]],
    path: str | os.PathLike[str],
    *,
    title: str,
    metadata: Mapping[str, str],
    seal: Callable[[Any], Mapping[str, str]] | None = None,
    contains_personal_data: bool = False,
) -> Path:
    """Tables of several reports in one workbook (the submission to city hall): each
    (sheet name, report, table) becomes a sheet with that report's own title block and print setup.

    `seal(wb)` gets the visible sheets as openpyxl reads them back from a first writing (so it
    seals exactly what a reader of the file sees); what it returns (e.g. a checksum and signature
    of the visible content) joins `metadata` in the hidden _meta sheet and the document
    properties of the final file, whose visible sheets are written the same way again."""
    for report in {id(r): r for _, r, _ in sheets}.values():
        check_report(report)

    def visible(wb: xlsxwriter.Workbook) -> None:
        formats = _Formats(wb)
        used: set[str] = set()
        for name, report, table in sheets:
            _write_table(wb.add_worksheet(_sheet_name(name, used), worksheet_class=_Sheet), report, table, formats)

    meta = dict(metadata)
    if seal is not None:
        meta.update(_seal_of(Path(path), visible, seal))

    def build(wb: xlsxwriter.Workbook) -> None:
        visible(wb)
        _set_properties(wb, title, [], contains_personal_data, meta)
        _write_meta(wb.add_worksheet(META_SHEET), meta)

    return save_xlsx_atomically(Path(path), build)


def _seal_of(
    path: Path, visible: Callable[[xlsxwriter.Workbook], None], seal: Callable[[Any], Mapping[str, str]]
) -> Mapping[str, str]:
    from openpyxl import load_workbook

    draft = save_xlsx_atomically(path.with_name(f".~kyodo-draft-{os.getpid()}-{path.name}"), visible)
    try:
        wb = load_workbook(draft)
        try:
            return seal(wb)
        finally:
            wb.close()
    finally:
        draft.unlink(missing_ok=True)


def _write_table(ws: Worksheet, report: Report, table: Table, formats: _Formats) -> WrittenTable:
    """Write the title block and the table, row after row (the sheet streams to disk)."""
    ncols = len(table.columns)
    ws.write_string(0, 0, _text(report.title), formats.plain(font_size=14, bold=True))
    r = 1
    if report.contains_personal_data:
        ws.write_string(r, 0, PERSONAL_DATA_NOTE, formats.plain(bold=True, font_color="#C00000"))
        r += 1
    # a caption that repeats a line of the title block (自己評価: the meetings summary) is left out
    caption = [table.caption] if table.caption and table.caption not in report.subtitle_lines else []
    for line in [*report.subtitle_lines, *caption]:
        ws.write_string(r, 0, _text(line))
        r += 1
    header_row = r + 1  # one blank row between the title block and the table

    header_lines = max((_lines(c.header, c.width) for c in table.columns), default=1)
    if header_lines > 1:  # 「収入\n会費」: Excel does not grow a row for wrapped text by itself
        ws.set_row(header_row, _LINE_HEIGHT * header_lines + 2)
    header_format = formats.get("header", None)
    for i, col in enumerate(table.columns):
        ws.write_string(header_row, i, _text(col.header), header_format)
        ws.set_column(i, i, col.width)

    first = header_row + 1
    # Excel's row numbers (1-based) of the rows that formulas refer to
    excel_row = {row.id: first + i + 1 for i, row in enumerate(table.rows) if row.id is not None}
    letters = {c.key: _column_letter(i) for i, c in enumerate(table.columns)}
    cells = _RowCells(table, formats)
    wrap_widths = [(c.key, c.width) for c in table.columns if c.kind == "text"]
    for n, row in enumerate(table.rows):
        rn = first + n
        if row.style != "section":
            values = row.values
            lines = max((_lines(values.get(k), w) for k, w in wrap_widths), default=1)
            if lines > 1:  # neither Excel nor LibreOffice grows rows for wrapped text by itself
                ws.set_row(rn, _LINE_HEIGHT * lines + 2)
        ws.put_row(rn, ncols - 1, lambda row=row, rn=rn: cells.xml(row, rn + 1, excel_row, letters))

    last_row = max(header_row, first + len(table.rows) - 1)
    ws.freeze_panes(first, 0)
    ws.repeat_rows(header_row)
    ws.print_area(0, 0, last_row, ncols - 1)
    _page_setup(ws, report)
    return WrittenTable(ws, report, table, header_row, last_row)


class _RowCells:
    """A table row as the XML of its cells, written as XlsxWriter writes them in constant_memory
    mode (inline strings, the format's xf index, a formula with its cached value): the same bytes,
    without a cell object, a dimension check and an attribute list per cell. A 10,000-entry cash
    book has 110,000 cells; through write_string/write_number they took two thirds of its export."""

    def __init__(self, table: Table, formats: _Formats):
        self._formats = formats
        self._columns = [(c.key, c.kind, _column_letter(i)) for i, c in enumerate(table.columns)]
        self._xf: dict[str | None, list[int]] = {}  # row style → each column's xf index

    def _indices(self, style: str | None) -> list[int]:
        # asked in the order XlsxWriter asks (first use, cell by cell), so the indices are its own
        xf = self._xf.get(style)
        if xf is None:
            xf = self._xf[style] = [self._formats.get(kind, style)._get_xf_index() for _k, kind, _l in self._columns]
        return xf

    def xml(self, row: Row, excel_row_no: int, excel_rows: dict[str, int], letters: dict[str, str]) -> str:
        values, formulas, style = row.values, row.formulas, row.style
        parts = []
        for (key, kind, letter), xf in zip(self._columns, self._indices(style), strict=True):
            start = f'<c r="{letter}{excel_row_no}" s="{xf}"'
            formula = formulas.get(key) if formulas else None
            value = values.get(key)
            if formula is not None:
                cached = _number(value)
                parts.append(f"{start}><f>{_escape(_excel(formula, excel_row_no, excel_rows, letters))}</f>"
                             f"<v>{'' if cached is None else cached}</v></c>")
            elif value is None:
                parts.append(start + "/>")
            elif type(value) is str:
                parts.append(start + _inline_string(value))
            elif type(value) is int:
                parts.append(f"{start}><v>{value:.16G}</v></c>")
            elif type(value) is float:
                parts.append(f"{start}><v>{_fifteen_digits(value):.16G}</v></c>")
            else:
                parts.append(self._other(value, kind, style, start, letter, excel_row_no))
        return "".join(parts)

    def _other(self, value: Any, kind: str, style: str | None, start: str, letter: str, row_no: int) -> str:
        if isinstance(value, bool):
            return f'{start} t="b"><v>{int(value)}</v></c>'
        if isinstance(value, str):
            return start + _inline_string(value)
        if kind in ("int", "yen") and not isinstance(value, (int, float)):
            return f"{start}><v>{int(value):.16G}</v></c>"  # Yen-like value objects that convert with int()
        if isinstance(value, float):
            return f"{start}><v>{_fifteen_digits(value):.16G}</v></c>"
        if isinstance(value, int):
            return f"{start}><v>{value:.16G}</v></c>"
        if isinstance(value, (dt.date, dt.datetime)):
            if kind != "date":  # a date in another column still reads as a date
                start = f'<c r="{letter}{row_no}" s="{self._formats.get("date", style)._get_xf_index()}"'
            return f"{start}><v>{_excel_date(value):.16G}</v></c>"
        return start + _inline_string(str(value))


@functools.lru_cache(maxsize=1024)
def _excel_date(value: dt.date) -> float:
    return float(_datetime_to_excel_datetime(value, False, False))


_XML_SPECIAL = re.compile('[&<>]')
_EXCEL_ESCAPE_LIKE = re.compile("(_x[0-9a-fA-F]{4}_)")  # a literal _x0041_ is escaped as Excel does


def _escape(text: str) -> str:
    if not _XML_SPECIAL.search(text):
        return text
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@functools.lru_cache(maxsize=4096)
def _inline_string(value: str) -> str:
    """The rest of a string cell after its reference and format: <c …{this}. The same 費目 and 摘要
    come back row after row."""
    text = _EXCEL_ESCAPE_LIKE.sub(r"_x005F\1", _text(value)).replace("\ufffe", "_xFFFE_").replace("\uffff", "_xFFFF_")
    preserve = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
    return f' t="inlineStr"><is><t{preserve}>{_escape(text)}</t></is></c>'


def _page_setup(ws: Worksheet, report: Report) -> None:
    ws.set_paper(9)  # A4
    if report.landscape:
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.fit_to_pages(1, 0)  # one page wide, as many pages tall as needed
    ws.center_horizontally()
    ws.set_margins(left=0.5, right=0.5, top=0.75, bottom=0.75)
    ws.set_header(page_header(report.title, right=PERSONAL_DATA_NOTE if report.contains_personal_data else ""))
    ws.set_footer("&C&P / &N")


def page_header(center: str, *, left: str = "", right: str = "", left_size: int | None = None) -> str:
    """Excel's page header (or footer) code &L…&C…&R…, a literal & doubled."""
    def part(code: str, text: str, size: str = "") -> str:
        if not text:
            return ""
        text = text.replace("&", "&&")
        return code + size + (" " + text if size and text[0].isdigit() else text)  # &9 then 2026: size 92026

    return part("&L", left, f"&{left_size}" if left_size else "") + part("&C", center) + part("&R", right)


def _column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _excel(f: Formula, row_no: int, rows: dict[str, int], letters: dict[str, str]) -> str:
    """Writer-neutral formula → Excel syntax, e.g. SumOf → SUM(C5:C12)."""
    if isinstance(f, Ref):
        return f"{letters[f.column]}{row_no if f.row is None else rows[f.row]}"
    if isinstance(f, SumOf):
        top, bottom = sorted((rows[f.first], rows[f.last]))
        col = letters[f.column]
        return f"SUM({col}{top}:{col}{bottom})"
    if isinstance(f, Add):
        return "+".join(_excel(t, row_no, rows, letters) for t in f.terms)
    if isinstance(f, Diff):
        b = _excel(f.b, row_no, rows, letters)
        if isinstance(f.b, (Add, Diff)):
            b = f"({b})"
        return f"{_excel(f.a, row_no, rows, letters)}-{b}"
    if isinstance(f, Ratio):
        a, b = (_excel(t, row_no, rows, letters) for t in (f.a, f.b))
        return f"({a})/({b})" if isinstance(f.a, (Add, Diff)) or isinstance(f.b, (Add, Diff)) else f"{a}/{b}"
    raise ReportError(f"未知の数式です: {f!r}")


def _lines(value: Any, width: float) -> int:
    """Lines a wrapped text cell needs: full-width characters take two units of column width."""
    if not isinstance(value, str) or (len(value) * 2 <= width and "\n" not in value):
        return 1  # fast path: fits even if every character is full-width
    lines = 0
    for part in value.split("\n"):
        units = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in part)
        lines += max(1, math.ceil(units / max(width - 1, 1)))
    return lines


@functools.lru_cache(maxsize=4096)
def _text(value: str) -> str:
    return _ILLEGAL_CHARACTERS.sub("", value)  # the same 費目 and 摘要 come back row after row


def _fifteen_digits(value: float) -> float:
    """15 significant digits, what Excel keeps: XlsxWriter (like openpyxl) saves 16, and a reader
    rounding those to 15 (the submission's checksum, app.domain.submission_format) could land on
    another last digit."""
    return float(f"{value:.15g}")


def _number(value: Any) -> int | float | None:
    """A formula's cached value as a number (None: none to store)."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return _fifteen_digits(value) if math.isfinite(value) else None
    try:
        return int(value)  # Yen-like value objects
    except (TypeError, ValueError):
        return None


def _sheet_name(name: str, used: set[str]) -> str:
    """Excel's rules: ≤31 characters, none of []:*?/\\, unique (case-insensitive)."""
    base = _BAD_SHEET_CHARS.sub("_", name).strip("'") or "Sheet"
    base = base[:31]
    candidate, n = base, 2
    while candidate.casefold() in used:
        suffix = f"({n})"
        candidate, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(candidate.casefold())
    return candidate


def _write_chart(wb: xlsxwriter.Workbook, ws: Worksheet, sheet: str, chart: BarChart, formats: _Formats) -> None:
    """Chart data as a small table plus a native Excel bar chart over it."""
    ws.write_string(0, 0, _text(chart.title), formats.plain(font_size=14, bold=True))
    header = 2
    header_format = formats.get("header", None)
    ws.write_blank(header, 0, None, header_format)
    for j, (name, _values) in enumerate(chart.series, 1):
        ws.write_string(header, j, _text(name), header_format)
    for i, cat in enumerate(chart.categories, header + 1):
        ws.write_string(i, 0, _text(cat), formats.get("text", None))
        for j, (_name, values) in enumerate(chart.series, 1):
            if i - header - 1 < len(values):
                ws.write_number(i, j, values[i - header - 1], formats.get("int", None))
    ws.set_column(0, 0, 24)
    last = header + len(chart.categories)
    sideways = len(chart.categories) > 10  # many categories read better sideways
    xl = wb.add_chart({"type": "bar" if sideways else "column"})
    for j, (_name, _values) in enumerate(chart.series, 1):
        xl.add_series({"name": [sheet, header, j], "categories": [sheet, header + 1, 0, last, 0],
                       "values": [sheet, header + 1, j, last, j]})
    xl.set_title({"name": chart.title})
    if chart.value_label:
        (xl.set_x_axis if sideways else xl.set_y_axis)({"name": chart.value_label})
    cm = 37.8  # pixels per centimetre at 96 dpi
    xl.set_size({"width": 18.0 * cm, "height": max(8.0, 0.6 * len(chart.categories)) * cm})
    ws.insert_chart(2, len(chart.series) + 2, xl)
    ws.set_paper(9)
    ws.set_landscape()
    ws.fit_to_pages(1, 1)


def _set_properties(
    wb: xlsxwriter.Workbook, title: str, subtitle_lines: Sequence[str], personal: bool, metadata: Mapping[str, str]
) -> None:
    properties: dict[str, Any] = {"title": title, "subject": " ".join(subtitle_lines), "author": "協働デスク"}
    created = _source_date()
    if created is not None:  # else xlsxwriter stamps the time of writing
        properties["created"] = created
    if personal:
        properties.update(keywords=PERSONAL_DATA_NOTE, comments=f"{PERSONAL_DATA_NOTE}。取り扱いに注意してください。")
    wb.set_properties({k: v for k, v in properties.items() if v})
    for key, value in metadata.items():
        wb.set_custom_property(key, str(value), "text")


def _source_date() -> dt.datetime | None:
    """SOURCE_DATE_EPOCH (seconds since 1970, the reproducible-builds convention; reportlab reads it for
    the PDFs): the workbook's creation time, so the same data gives the same bytes."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch.isdigit():
        return None
    return dt.datetime.fromtimestamp(int(epoch), dt.UTC)


def _write_meta(ws: Worksheet, metadata: Mapping[str, str]) -> None:
    for i, (key, value) in enumerate(metadata.items()):
        ws.write_string(i, 0, _text(str(key)))
        ws.write_string(i, 1, _text(str(value)))
    ws.hide()

