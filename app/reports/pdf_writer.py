"""Write a Report as an A4 PDF (reportlab platypus) with IPAexGothic embedded.

Imported only when a PDF is written, so app start-up never loads reportlab.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import os
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
)
from reportlab.platypus import Table as RLTable

from app.atomic_files import replace_atomically
from app.domain.wareki import format_date, parse_wareki
from app.paths import font_path
from app.reports.model import PERSONAL_DATA_NOTE, BarChart, Column, Report, Table, cell_kind, check_report
from app.reports.pdf_layout import column_need, solve_widths, wrap
from app.reports.pdf_table import Grid, GridRow, GridTable, string_width

# Page streams compressed without the ASCII85 wrapping (binary, as PDF allows): smaller files, and
# reportlab's pure-Python ASCII85 encoder was a tenth of a long cash book's time.
rl_config.useA85 = 0

FONT = "IPAexGothic"
BODY_SIZE = 9
MARGIN: float = 15 * mm
_HEADER_BG = colors.HexColor("#DDEBF7")
_SECTION_BG = colors.HexColor("#F2F2F2")
_TOTAL_BG = colors.HexColor("#FFF2CC")
_SERIES_COLOURS = [colors.HexColor(c) for c in ("#4472C4", "#ED7D31", "#A5A5A5", "#FFC000", "#5B9BD5", "#70AD47")]
_registered = False


def register_font() -> str:
    """Register IPAexGothic as an embedded TrueType font (once per process).

    Never UnicodeCIDFont: CID fonts are not embedded and print as boxes on PCs without them.
    """
    global _registered
    if not _registered:
        pdfmetrics.registerFont(TTFont(FONT, str(font_path())))
        _registered = True
    return FONT


def format_cell(value: Any, kind: str, date_style: str = "wareki") -> str:
    """How a value reads on paper: 1,234 / △1,234 / 12.5% / 令和7年4月1日 or 2025/4/1 / text as given."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if kind in ("int", "yen"):
        n = int(value)
        return f"△{-n:,}" if n < 0 else f"{n:,}"
    if kind == "percent":
        pct = float(value) * 100
        return f"△{-pct:,.1f}%" if pct < 0 else f"{pct:,.1f}%"
    if isinstance(value, dt.datetime):
        return f"{format_date(value.date(), date_style)} {value:%H:%M}"
    if isinstance(value, dt.date):
        return format_date(value, date_style)
    return str(value)


def write_pdf(report: Report, path: str | os.PathLike[str]) -> Path:
    check_report(report)
    register_font()
    pagesize = landscape(A4) if report.landscape else A4
    story = report_story(report, pagesize)
    keywords = [PERSONAL_DATA_NOTE] if report.contains_personal_data else []
    keywords += [f"{k}={v}" for k, v in report.metadata.items()]

    def build(tmp: str) -> None:
        doc = page_template(tmp, pagesize, title=report.title, subject=" ".join(report.subtitle_lines),
                            keywords=", ".join(keywords))
        doc.build(story, canvasmaker=numbered_canvas(report.contains_personal_data))

    return write_atomically(Path(path), build)


def frame_width(pagesize: tuple[float, float]) -> float:
    return pagesize[0] - 2 * MARGIN - 12  # the frame pads 6pt on each side


def report_story(report: Report, pagesize: tuple[float, float]) -> list[Flowable]:
    """The report's title block, tables and charts as flowables (a whole PDF, or a part of the
    総会資料)."""
    width = frame_width(pagesize)
    max_chart_h = pagesize[1] - 2 * MARGIN - 3 * mm - 100  # chart + its title must fit one page
    style = report.date_style
    story: list[Flowable] = _title_block(report, width)
    for table in report.tables:
        # space above each table, not below: a spacer left over at the end makes a blank page
        story.append(Spacer(1, 5 * mm))
        if table.caption:
            story.append(Paragraph(escape(_dates_in(table.caption, style)), paragraph_style("caption", 11)))
        story.append(_table(table, width, style))
    for chart in report.charts:
        story += [Spacer(1, 5 * mm), _chart(chart, width, max_chart_h)]
    return story


def page_template(path: str, pagesize: tuple[float, float], **info: str) -> SimpleDocTemplate:
    return SimpleDocTemplate(
        path, pagesize=pagesize, leftMargin=MARGIN, rightMargin=MARGIN,
        topMargin=MARGIN, bottomMargin=MARGIN + 3 * mm, author="協働デスク", creator="協働デスク", **info,
    )


def write_atomically(out: Path, build: Callable[[str], None]) -> Path:
    """`build(tmp)` writes the PDF to a temporary file beside `out`, which then replaces `out`:
    never a half-written PDF in place of a good one."""
    return replace_atomically(out, build, ".pdf")


def paragraph_style(name: str, size: float, **kw: Any) -> ParagraphStyle:
    return ParagraphStyle(name, fontName=FONT, fontSize=size, leading=size * 1.3, **kw)


def _title_block(report: Report, width: float) -> list[Flowable]:
    left: list[Flowable] = [Paragraph(escape(report.title), paragraph_style("title", 16, spaceAfter=3 * mm))]
    if report.contains_personal_data:
        left.append(Paragraph(f"【{PERSONAL_DATA_NOTE}】", paragraph_style("pd", 10, textColor=colors.HexColor("#C00000"))))
    left += [Paragraph(escape(_dates_in(line, report.date_style)), paragraph_style("sub", 10, wordWrap="CJK"))
             for line in report.subtitle_lines]
    if not report.stamp_boxes:
        return left
    box = 16 * mm
    stamps = RLTable(
        [report.stamp_boxes, [""] * len(report.stamp_boxes)],
        colWidths=[box] * len(report.stamp_boxes), rowHeights=[5 * mm, box],
    )
    stamps.setStyle([
        ("FONT", (0, 0), (-1, -1), FONT, 8),
        ("ALIGN", (0, 0), (-1, -1), "CENTER"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
    ])
    stamps_w = box * len(report.stamp_boxes)
    outer = RLTable([[left, stamps]], colWidths=[width - stamps_w - 2, stamps_w + 2])
    outer.setStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("ALIGN", (1, 0), (1, 0), "RIGHT"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)])
    return [outer]


_ALIGN = {"int": "RIGHT", "yen": "RIGHT", "percent": "RIGHT", "date": "CENTER", "grade": "CENTER"}
_PAD = 3.0  # left and right cell padding (points)
_LEADING = BODY_SIZE * 1.25
# text that must stay on one line: phone numbers, postal codes, dates typed as text, short codes
_CODE = re.compile(r"^〒?\s?[0-9０-９()（）\-‐−－+＋ ]{2,20}$|^\d{4}/\d{1,2}/\d{1,2}$")
# the longest run of lines one physical table row holds; longer cells continue in the next row,
# so that a 300-character 備考 splits across pages instead of failing (LayoutError)
_MAX_ROW_LINES = 14


@functools.lru_cache(maxsize=16)
def _measure(size: float = BODY_SIZE) -> Callable[[str], float]:
    """The width of a text at `size` points, remembered: the same words and characters come back
    in every row, and reportlab measures a TrueType string character by character."""

    @functools.lru_cache(maxsize=200_000)
    def measure(text: str) -> float:
        width: float = string_width(text, FONT, size)
        return width

    return measure


def _never_breaks(column: Column, texts: list[str]) -> bool:
    if column.kind != "text":
        return True
    filled = [t for t in texts if t]
    return bool(filled) and all(_CODE.match(t) for t in filled)


def _table(table: Table, width: float, date_style: str) -> Flowable:
    measure = _measure()
    body = [r for r in table.rows if r.style != "section"]
    texts = {c.key: [_text(r.values.get(c.key), cell_kind(c.kind, r.style), date_style) for r in body] for c in table.columns}
    fixed = [_never_breaks(c, texts[c.key]) for c in table.columns]
    if table.carry is not None:  # the 繰越 rows' label and sums must fit their columns too
        texts = {k: [*v] for k, v in texts.items()}
        texts[table.carry.label_column] += [_CARRY_IN]
        for key in table.carry.summed:
            texts[key].append(_text(sum(r.values.get(key) or 0 for r in body if r.style is None), "yen", date_style))
    needs = [column_need(c.header, texts[c.key], f, measure, 2 * _PAD, width * 0.6)
             for c, f in zip(table.columns, fixed, strict=True)]
    widths = solve_widths(needs, width)
    sizes = [_fitting_size(texts[c.key] + [c.header], w - 2 * _PAD) if f else BODY_SIZE
             for c, w, f in zip(table.columns, widths, fixed, strict=True)]

    columns = [(texts[c.key], w - 2 * _PAD, f, s) for c, w, f, s in zip(table.columns, widths, fixed, sizes, strict=True)]

    def cells(n: int) -> list[Sequence[str]]:
        """The lines of each cell of the n-th body row (its texts formatted above, once)."""
        return [_lines(values[n], room, f, s) for values, room, f, s in columns]

    header = [wrap(c.header, w - 2 * _PAD, measure) for c, w in zip(table.columns, widths, strict=True)]
    rows: list[GridRow] = []
    report_row_at: list[tuple[int, int]] = []  # (first physical row, report row index) of body rows
    body_n = 0
    for i, row in enumerate(table.rows):
        if row.style == "section":  # one heading spanning the row, e.g. 収入の部
            text = _text(row.values.get(table.columns[0].key), "text", date_style)
            lines = wrap(text, width - 2 * _PAD, measure)
            # a heading stays on a page with the row after it
            rows.append(GridRow(["\n".join(lines)], len(lines) * _LEADING + 4, span=True, fill=_SECTION_BG))
            continue
        lines_of = cells(body_n)
        body_n += 1
        n = max(len(lines) for lines in lines_of)
        first_piece = len(rows)
        report_row_at.append((first_piece, i))
        for first in range(0, n, _MAX_ROW_LINES):  # a very tall row continues in further rows
            part = [lines[first:first + _MAX_ROW_LINES] for lines in lines_of]
            rows.append(GridRow(["\n".join(lines) for lines in part],
                                max(1, max(len(lines) for lines in part)) * _LEADING + 4, begins=first == 0))
        if row.style in ("total", "subtotal"):
            rows[first_piece].rule_above = (1, colors.black)
            # a total (or subtotal) stays on a page with the row before it: its first piece and the
            # last piece of the row above cannot begin a page
            if i > 0:
                rows[first_piece].keep_with_previous = True
                if first_piece > 0:
                    rows[first_piece - 1].keep_with_previous = True
        if row.style == "total":
            rows[-1].rule_below = (1.5, colors.black)
            for piece in rows[first_piece:]:
                piece.fill = _TOTAL_BG
        if i > 0 and table.rows[i - 1].style == "section":
            rows[first_piece].keep_with_previous = True
    grid = Grid(
        widths=widths,
        header=GridRow(["\n".join(h) for h in header], max(len(h) for h in header) * _LEADING + 4),
        rows=rows, font=FONT, size=BODY_SIZE, leading=_LEADING,
        align=[_ALIGN.get(c.kind, "LEFT") for c in table.columns], sizes=sizes,
        padding=_PAD, header_fill=_HEADER_BG,
        carry=_carry_rows(table, report_row_at, len(rows), columns, date_style) if table.carry else None,
    )
    return GridTable(grid)


_CARRY_IN, _CARRY_OUT = "前頁より繰越", "次頁へ繰越"


def _carry_rows(table: Table, report_row_at: list[tuple[int, int]], n_rows: int,
                columns: list[tuple[list[str], float, bool, float]],
                date_style: str) -> Callable[[int], tuple[GridRow, GridRow]]:
    """For a page break before physical row i: the 次頁へ繰越 and 前頁より繰越 rows, holding the sums
    of the carried columns over the entries above the break and the running column's last value
    (month totals are not entries)."""
    carry = table.carry
    assert carry is not None
    keys = [c.key for c in table.columns]
    # before[i]: the carried values over the entries whose first piece lies above physical row i
    before: list[dict[str, Any]] = []
    sums = dict.fromkeys(carry.summed, 0)
    running: Any = None
    pending = iter(report_row_at)
    upcoming = next(pending, None)
    for i in range(n_rows + 1):
        while upcoming is not None and upcoming[0] < i:
            row = table.rows[upcoming[1]]
            if row.style is None:
                for key in carry.summed:
                    sums[key] += row.values.get(key) or 0
                if carry.running and row.values.get(carry.running) is not None:
                    running = row.values[carry.running]
            upcoming = next(pending, None)
        before.append({**sums, **({carry.running: running} if carry.running else {})})

    def row_of(label: str, values: dict[str, Any]) -> GridRow:
        texts = [label if key == carry.label_column else _text(values[key], "yen", date_style) if key in values
                 else "" for key in keys]
        lines = [_lines(t, room, f, s) for t, (_v, room, f, s) in zip(texts, columns, strict=True)]
        return GridRow(["\n".join(cell) for cell in lines], max(len(cell) for cell in lines) * _LEADING + 4,
                       fill=_SECTION_BG)

    return lambda i: (row_of(_CARRY_OUT, before[i]), row_of(_CARRY_IN, before[i]))


def _text(value: Any, kind: str, date_style: str) -> str:
    return _dates_in(format_cell(value, kind, date_style), date_style)


def _dates_in(text: str, date_style: str) -> str:
    """和暦 dates inside a text follow the chosen style too (実施期間 令和7年6月1日〜…)."""
    if date_style != "slash" or "年" not in text:
        return text
    return _WAREKI_IN_TEXT.sub(lambda m: _reformat(m.group(), date_style), text)


_WAREKI_IN_TEXT = re.compile(r"(?:令和|平成|昭和|大正|明治)(?:元|\d{1,2})年\d{1,2}月\d{1,2}日")


def _reformat(text: str, date_style: str) -> str:
    try:
        d = parse_wareki(text)
    except ValueError:
        return text
    return text if d is None else format_date(d, date_style)


def _fitting_size(texts: list[str], room: float) -> float:
    """The type size at which the widest never-breaking value fits its column (normally BODY_SIZE)."""
    measure = _measure()
    widest = max((measure(line) for t in set(texts) for line in t.split("\n")), default=0.0)
    return BODY_SIZE if widest <= room else max(5.0, BODY_SIZE * room / widest)


def _lines(text: str, room: float, fixed: bool, size: float) -> Sequence[str]:
    if not text:
        return _EMPTY
    if fixed:
        return text.split("\n")
    return _wrapped(text, room, size)


_EMPTY = ("",)


@functools.lru_cache(maxsize=20_000)
def _wrapped(text: str, room: float, size: float) -> tuple[str, ...]:
    """The lines of a text in a column: the same 費目, 摘要 and 相手先 come back row after row."""
    return tuple(wrap(text, room, _measure(size)))


_LABEL_SIZE = 8


def nice_axis(low: float, high: float, ticks: int = 5) -> tuple[float, float, float]:
    """Axis (minimum, maximum, step) with a round step (1, 2, 2.5 or 5 × 10ⁿ) covering low…high
    and zero: ticks read 0, 2,000,000, 4,000,000 … never 1,374,318."""
    low, high = min(0.0, low), max(0.0, high)
    if high - low <= 0:
        high = 1.0
    raw = (high - low) / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    if step < 1:
        step = 1.0  # counts and yen: no fractional ticks
    return math.floor(low / step) * step, math.ceil(high / step) * step, step


def _chart(chart: BarChart, width: float, max_height: float) -> Flowable:
    n = max(1, len(chart.categories))
    measure = _measure(_LABEL_SIZE)
    line_h = _LABEL_SIZE * 1.2
    plot_w = width - 70
    slot = plot_w / n - 4
    upright = [wrap(c, slot, measure) for c in chart.categories]
    # labels under the bars when each fits its slot in at most three lines; otherwise the chart
    # lies on its side with the labels at the left, where they never overlap one another
    horizontal = n > 10 or any(len(lines) > 3 for lines in upright)
    if horizontal:
        label_room = min(160.0, max((measure(c) for c in chart.categories), default=0) + 8)
        labels = ["\n".join(wrap(c, label_room - 8, measure)[:3]) for c in chart.categories]
        lines = max((lab.count("\n") + 1 for lab in labels), default=1)
        per_category = max(6.0 + 6.0 * max(1, len(chart.series)), lines * line_h + 4)
        height = min(max_height, max(120.0, per_category * n))
        bc: Any = HorizontalBarChart()
        bc.x, bc.y = label_room, 16
    else:
        labels = ["\n".join(lines) for lines in upright]
        lines = max((len(x) for x in upright), default=1)
        height = min(max_height, 200.0)
        bc = VerticalBarChart()
        bc.x, bc.y = 60, 8 + lines * line_h
    legend_h = 18.0
    bc.width = width - bc.x - 20
    bc.height = height
    d = Drawing(width, bc.y + height + 8 + legend_h)  # the legend above the plot: never over labels
    bc.data = [list(values) for _, values in chart.series] or [[0] * n]
    values = [v for row in bc.data for v in row] or [0]
    bc.valueAxis.valueMin, bc.valueAxis.valueMax, bc.valueAxis.valueStep = nice_axis(min(values), max(values))
    bc.valueAxis.labelTextFormat = lambda v: format_cell(int(round(v)), "int")
    bc.valueAxis.labels.fontName = FONT
    bc.valueAxis.labels.fontSize = _LABEL_SIZE
    bc.categoryAxis.categoryNames = labels
    # labels at the edge of the plot, not on the zero line where negative bars would cover them
    bc.categoryAxis.joinAxisMode = "left" if horizontal else "bottom"
    bc.valueAxis.visibleGrid = True
    if horizontal:
        bc.categoryAxis.reverseDirection = 1  # first category at the top, as in the table
    else:
        bc.categoryAxis.labels.boxAnchor = "n"
    bc.valueAxis.gridStrokeColor = colors.lightgrey
    bc.categoryAxis.labels.fontName = FONT
    bc.categoryAxis.labels.fontSize = _LABEL_SIZE
    bc.categoryAxis.labels.leading = line_h
    for i in range(len(bc.data)):
        bc.bars[i].fillColor = _SERIES_COLOURS[i % len(_SERIES_COLOURS)]
    d.add(bc)
    legend = Legend()
    legend.fontName, legend.fontSize = FONT, _LABEL_SIZE
    legend.x, legend.y = bc.x, bc.y + height + 8 + legend_h / 2
    legend.alignment = "right"
    legend.columnMaximum = 1  # one row, series side by side
    legend.deltax = max(60.0, max((measure(s) for s, _ in chart.series), default=0) + 30)
    legend.colorNamePairs = [(_SERIES_COLOURS[i % len(_SERIES_COLOURS)], name)
                             for i, (name, _) in enumerate(chart.series)]
    d.add(legend)
    title = chart.title + (f"（{chart.value_label}）" if chart.value_label else "")
    return KeepTogether([Paragraph(escape(title), paragraph_style("chart", 11, spaceAfter=2 * mm)), d])


def numbered_canvas(personal: bool) -> type[canvas.Canvas]:
    class NumberedCanvas(canvas.Canvas):  # type: ignore[misc]  # reportlab has no type hints: Canvas is Any
        """Two passes: keep every page, then stamp "n / total" once the total is known."""

        def __init__(self, *args: Any, **kwargs: Any):
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._decorate(total)
                super().showPage()
            super().save()

        def _decorate(self, total: int) -> None:
            w, _h = self._pagesize
            self.setFont(FONT, 9)
            self.drawCentredString(w / 2, MARGIN / 2, f"{self._pageNumber} / {total}")
            if personal:  # every sheet of a printout carries the warning, not only the first
                self.setFillColor(colors.HexColor("#C00000"))
                self.drawRightString(w - MARGIN, self._pagesize[1] - MARGIN / 2, PERSONAL_DATA_NOTE)
                self.setFillColor(colors.black)

    return NumberedCanvas
