"""Write a Report as an .xlsx workbook (openpyxl): one sheet per table, A4, formulas for totals.

Imported only when a workbook is written, so app start-up never loads openpyxl.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
import tempfile
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.chart import BarChart as XlBarChart
from openpyxl.chart import Reference
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

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
    SumOf,
    Table,
    check_report,
)

YEN_FORMAT = "#,##0;[Red]△#,##0"
PERCENT_FORMAT = "0.0%"
DATE_FORMAT = "yyyy-mm-dd"  # ISO dates in cells (DESIGN.md)
META_SHEET = "_meta"
FONT_NAME = "游ゴシック"  # present on every Windows PC the offices use; LibreOffice substitutes

_THIN = Side(style="thin", color="808080")
_GRID = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_TOTAL_BORDER = Border(left=_THIN, right=_THIN, top=Side(style="thin"), bottom=Side(style="double"))
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_SECTION_FILL = PatternFill("solid", fgColor="F2F2F2")
_TOTAL_FILL = PatternFill("solid", fgColor="FFF2CC")
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


class _Styles:
    """One NamedStyle per (kind, row style), registered once: cells share them, which keeps big
    tables fast (no new Font/Border objects per cell)."""

    def __init__(self, wb: Workbook):
        self._wb = wb
        self._names: set[str] = set()

    def name(self, kind: str, row_style: str | None) -> str:
        name = f"kd_{kind}_{row_style or 'body'}"
        if name not in self._names:
            self._wb.add_named_style(self._make(name, kind, row_style))
            self._names.add(name)
        return name

    @staticmethod
    def _make(name: str, kind: str, row_style: str | None) -> NamedStyle:
        bold = row_style is not None
        st = NamedStyle(name=name, font=Font(name=FONT_NAME, size=10, bold=bold), border=_GRID)
        if kind == "header":
            st.fill = _HEADER_FILL
            st.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            return st
        if row_style == "section":
            st.fill = _SECTION_FILL
        elif row_style == "total":
            st.fill, st.border = _TOTAL_FILL, _TOTAL_BORDER
        elif row_style == "subtotal":
            st.border = Border(left=_THIN, right=_THIN, top=Side(style="thin"), bottom=_THIN)
        st.alignment = Alignment(vertical="center")
        if kind in ("int", "yen"):
            st.number_format = YEN_FORMAT
        elif kind == "percent":
            st.number_format = PERCENT_FORMAT
        elif kind == "date":
            st.number_format = DATE_FORMAT
            st.alignment = Alignment(horizontal="center", vertical="center")
        elif kind == "grade":
            st.alignment = Alignment(horizontal="center", vertical="center")
        else:
            st.alignment = Alignment(vertical="center", wrap_text=row_style != "section")
        return st


def write_xlsx(
    report: Report, path: str | os.PathLike[str], *, adjust: Callable[[Workbook], None] | None = None
) -> Path:
    """Write `report` to `path` (replaced atomically). Raises ReportError if a formula and the
    value the app computed disagree: the city must never receive a sheet whose totals differ.

    Every formula cell also carries the app's value as its cached result, so a reader that does not
    recalculate (a viewer, pandas, openpyxl data_only) sees the totals. `adjust(wb)` may change the
    print setup before saving (e.g. the city summary's wide layout)."""
    check_report(report)
    wb = Workbook()
    wb.remove(wb.active)
    styles = _Styles(wb)
    used: set[str] = set()
    cached: dict[Worksheet, dict[str, Any]] = {}
    for table in report.tables:
        ws = wb.create_sheet(_sheet_name(table.name, used))
        cached[ws] = _write_table(ws, report, table, styles)
    for n, chart in enumerate(report.charts, 1):
        _write_chart(wb.create_sheet(_sheet_name(chart.title or f"グラフ{n}", used)), chart, styles)
    _set_properties(wb, report)
    if report.meta_sheet:
        _write_meta(wb.create_sheet(META_SHEET), report.metadata)
    if adjust is not None:
        adjust(wb)
    return _save_atomically(wb, Path(path), cached)


def write_xlsx_book(
    sheets: Sequence[tuple[str, Report, Table]],
    path: str | os.PathLike[str],
    *,
    title: str,
    metadata: Mapping[str, str],
    seal: Callable[[Workbook], Mapping[str, str]] | None = None,
) -> Path:
    """Tables of several reports in one workbook (the submission to city hall): each
    (sheet name, report, table) becomes a sheet with that report's own title block and print setup.

    `seal(wb)` runs once the visible sheets are complete; what it returns (e.g. a checksum of the
    visible content) joins `metadata` in the hidden _meta sheet and the document properties."""
    for report in {id(r): r for _, r, _ in sheets}.values():
        check_report(report)
    wb = Workbook()
    wb.remove(wb.active)
    styles = _Styles(wb)
    used: set[str] = set()
    cached: dict[Worksheet, dict[str, Any]] = {}
    for name, report, table in sheets:
        ws = wb.create_sheet(_sheet_name(name, used))
        cached[ws] = _write_table(ws, report, table, styles)
    meta = dict(metadata)
    if seal is not None:
        meta.update(seal(wb))
    _set_properties(wb, Report(title, [], metadata=meta))
    _write_meta(wb.create_sheet(META_SHEET), meta)
    return _save_atomically(wb, Path(path), cached)


def _write_table(ws: Worksheet, report: Report, table: Table, styles: _Styles) -> dict[str, Any]:
    """Write the table; returns the app's value of every formula cell (coordinate → value)."""
    cached: dict[str, Any] = {}
    ncols = len(table.columns)
    last_letter = get_column_letter(ncols)
    ws["A1"] = _text(report.title)
    ws["A1"].font = Font(name=FONT_NAME, size=14, bold=True)
    r = 2
    if report.contains_personal_data:
        ws.cell(r, 1, PERSONAL_DATA_NOTE).font = Font(name=FONT_NAME, size=10, bold=True, color="C00000")
        r += 1
    # a caption that repeats a line of the title block (自己評価: the meetings summary) is left out
    caption = [table.caption] if table.caption and table.caption not in report.subtitle_lines else []
    for line in [*report.subtitle_lines, *caption]:
        _put_text(ws.cell(r, 1), line)
        r += 1
    header_row = r + 1  # one blank row between the title block and the table

    letters = {c.key: get_column_letter(i) for i, c in enumerate(table.columns, 1)}
    for i, col in enumerate(table.columns, 1):
        cell = ws.cell(header_row, i)
        _put_text(cell, col.header)
        cell.style = styles.name("header", None)
        ws.column_dimensions[get_column_letter(i)].width = col.width

    first = header_row + 1
    excel_row = {row.id: first + i for i, row in enumerate(table.rows) if row.id is not None}
    kinds = [(c.key, c.kind, i) for i, c in enumerate(table.columns, 1)]
    style_names = {(kind, rs): styles.name(kind, rs) for _, kind, _ in kinds
                   for rs in {r.style for r in table.rows}}
    wrap_widths = [(c.key, c.width) for c in table.columns if c.kind == "text"]
    for n, row in enumerate(table.rows):
        rn = first + n
        if row.style != "section":
            lines = max((_lines(row.values.get(k), w) for k, w in wrap_widths), default=1)
            if lines > 1:  # neither openpyxl nor LibreOffice grows rows for wrapped text by itself
                ws.row_dimensions[rn].height = 13.5 * lines + 2
        for key, kind, ci in kinds:
            cell = ws.cell(rn, ci)
            formula = row.formulas.get(key)
            if formula is not None:
                cell.value = "=" + _excel(formula, rn, excel_row, letters)
                cached[cell.coordinate] = row.values.get(key)
            else:
                _put_value(cell, row.values.get(key), kind)
            cell.style = style_names[(kind, row.style)]

    last_row = max(header_row, first + len(table.rows) - 1)
    ws.freeze_panes = f"A{first}"
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.print_area = f"A1:{last_letter}{last_row}"
    _page_setup(ws, report)
    return cached


def _page_setup(ws: Worksheet, report: Report) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if report.landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages tall as needed
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.75
    ws.oddHeader.center.text = report.title.replace("&", "&&")
    if report.contains_personal_data:
        ws.oddHeader.right.text = PERSONAL_DATA_NOTE
    ws.oddFooter.center.text = "&P / &N"


def _excel(f: Formula, row_no: int, rows: dict[str, int], letters: dict[str, str]) -> str:
    """Writer-neutral formula → Excel syntax, e.g. SumOf → SUM(C5:C12)."""
    if isinstance(f, Ref):
        return f"{letters[f.column]}{row_no if f.row is None else rows[f.row]}"
    if isinstance(f, SumOf):
        a, b = sorted((rows[f.first], rows[f.last]))
        col = letters[f.column]
        return f"SUM({col}{a}:{col}{b})"
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
    if not isinstance(value, str) or len(value) * 2 <= width:
        return 1  # fast path: fits even if every character is full-width
    lines = 0
    for part in value.split("\n"):
        units = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in part)
        lines += max(1, math.ceil(units / max(width - 1, 1)))
    return lines


def _text(value: str) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("", value)  # control characters make openpyxl refuse to save


def _put_text(cell: Any, value: str) -> None:
    cell.value = _text(value)
    cell.data_type = "s"  # "=1+2", "+81", "-5", "@x" stay text, never a formula


def _put_value(cell: Any, value: Any, kind: str) -> None:
    if value is None:
        return
    if isinstance(value, str):
        _put_text(cell, value)
    elif kind in ("int", "yen") and not isinstance(value, (int, float)):
        cell.value = int(value)  # Yen-like value objects that convert with int()
    elif isinstance(value, float):
        # 15 significant digits, what Excel keeps: openpyxl saves 16, and a reader rounding those to 15
        # (the submission's checksum, app.domain.submission_format) could land on another last digit
        cell.value = float(f"{value:.15g}")
    elif isinstance(value, (int, dt.date, dt.datetime)):
        cell.value = value
    else:
        _put_text(cell, str(value))


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


def _write_chart(ws: Worksheet, chart: BarChart, styles: _Styles) -> None:
    """Chart data as a small table plus a native Excel bar chart over it."""
    _put_text(ws.cell(1, 1), chart.title)
    ws["A1"].font = Font(name=FONT_NAME, size=14, bold=True)
    header = 3
    ws.cell(header, 1).style = styles.name("header", None)
    for j, (name, values) in enumerate(chart.series, 2):
        _put_text(ws.cell(header, j), name)
        ws.cell(header, j).style = styles.name("header", None)
        for i, v in enumerate(values, header + 1):
            ws.cell(i, j, v).style = styles.name("int", None)
    for i, cat in enumerate(chart.categories, header + 1):
        _put_text(ws.cell(i, 1), cat)
        ws.cell(i, 1).style = styles.name("text", None)
    ws.column_dimensions["A"].width = 24
    last = header + len(chart.categories)
    xl = XlBarChart()
    xl.type = "bar" if len(chart.categories) > 10 else "col"  # many categories read better sideways
    xl.title = chart.title
    xl.y_axis.title = chart.value_label or None
    xl.height, xl.width = max(8.0, 0.6 * len(chart.categories)), 18.0
    data = Reference(ws, min_col=2, max_col=1 + len(chart.series), min_row=header, max_row=last)
    xl.add_data(data, titles_from_data=True)
    xl.set_categories(Reference(ws, min_col=1, min_row=header + 1, max_row=last))
    ws.add_chart(xl, f"{get_column_letter(len(chart.series) + 3)}3")
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _set_properties(wb: Workbook, report: Report) -> None:
    p = wb.properties
    p.title = report.title
    p.subject = " ".join(report.subtitle_lines) or None
    p.creator = "協働デスク"
    if report.contains_personal_data:
        p.keywords = PERSONAL_DATA_NOTE
        p.description = f"{PERSONAL_DATA_NOTE}。取り扱いに注意してください。"
    for key, value in report.metadata.items():
        wb.custom_doc_props.append(StringProperty(name=key, value=str(value)))


def _write_meta(ws: Worksheet, metadata: dict[str, str]) -> None:
    for i, (key, value) in enumerate(metadata.items(), 1):
        _put_text(ws.cell(i, 1), str(key))
        _put_text(ws.cell(i, 2), str(value))
    ws.sheet_state = "hidden"


def _save_atomically(wb: Workbook, path: Path, cached: Mapping[Worksheet, Mapping[str, Any]] | None = None) -> Path:
    # A half-written file must never replace a good one (e.g. a submission prepared earlier).
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".~kyodo-", suffix=".xlsx")
    os.close(fd)
    try:
        wb.save(tmp)
        if cached:
            _store_cached_values(Path(tmp), {ws.path.lstrip("/"): values for ws, values in cached.items() if values})
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


# openpyxl writes a formula cell as <c r="C9" s="6"><f>SUM(C5:C8)</f><v /></c>: the empty <v/> is
# where the cached result goes. One pass over each sheet's XML, no nested repetition.
_FORMULA_CELL = re.compile(r'<c r="([A-Z]{1,3}[0-9]{1,7})"([^>]*)><f>([^<]*)</f><v\s*/>')


def _store_cached_values(xlsx: Path, per_part: Mapping[str, Mapping[str, Any]]) -> None:
    """Write each formula cell's value (the app's own figure) into the saved file's sheet XML."""
    import zipfile

    rewritten = xlsx.with_name(xlsx.name + ".cached")
    try:
        with zipfile.ZipFile(xlsx) as src, zipfile.ZipFile(rewritten, "w", zipfile.ZIP_DEFLATED) as dst:
            for info in src.infolist():
                data = src.read(info.filename)
                values = per_part.get(info.filename)
                if values:
                    data = _FORMULA_CELL.sub(lambda m, v=values: _with_value(m, v), data.decode("utf-8")).encode("utf-8")
                dst.writestr(info, data)
        os.replace(rewritten, xlsx)
    finally:
        rewritten.unlink(missing_ok=True)


def _with_value(m: re.Match[str], values: Mapping[str, Any]) -> str:
    text = _number_text(values.get(m.group(1)))
    return m.group(0) if text is None else f'<c r="{m.group(1)}"{m.group(2)}><f>{m.group(3)}</f><v>{text}</v>'


def _number_text(value: Any) -> str | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else None
    try:
        return str(int(value))  # Yen-like value objects
    except (TypeError, ValueError):
        return None
