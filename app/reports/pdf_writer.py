"""Write a Report as an A4 PDF (reportlab platypus) with IPAexGothic embedded.

Imported only when a PDF is written, so app start-up never loads reportlab.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    LongTable,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
)
from reportlab.platypus import Table as RLTable

from app.paths import font_path
from app.reports.model import PERSONAL_DATA_NOTE, BarChart, Column, Report, Table, check_report

FONT = "IPAexGothic"
BODY_SIZE = 9
MARGIN = 15 * mm
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


def format_cell(value: Any, kind: str) -> str:
    """How a value reads on paper: 1,234 / △1,234 / 12.5% / 2025/04/01 / text as given."""
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
        return value.strftime("%Y/%m/%d %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%Y/%m/%d")
    return str(value)


def write_pdf(report: Report, path: str | os.PathLike[str]) -> Path:
    check_report(report)
    register_font()
    pagesize = landscape(A4) if report.landscape else A4
    width = pagesize[0] - 2 * MARGIN - 12  # the frame pads 6pt on each side
    max_chart_h = pagesize[1] - 2 * MARGIN - 3 * mm - 100  # chart + its title must fit one page
    story: list[Flowable] = [*_title_block(report, width), Spacer(1, 4 * mm)]
    for table in report.tables:
        if table.caption:
            story.append(Paragraph(escape(table.caption), _style("caption", 11)))
        story += [_table(table, width), Spacer(1, 6 * mm)]
    for chart in report.charts:
        story.append(_chart(chart, width, max_chart_h))
    keywords = [PERSONAL_DATA_NOTE] if report.contains_personal_data else []
    keywords += [f"{k}={v}" for k, v in report.metadata.items()]

    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=".~kyodo-", suffix=".pdf")
    os.close(fd)
    try:
        doc = SimpleDocTemplate(
            tmp, pagesize=pagesize, leftMargin=MARGIN, rightMargin=MARGIN,
            topMargin=MARGIN, bottomMargin=MARGIN + 3 * mm,
            title=report.title, author="協働デスク", creator="協働デスク",
            subject=" ".join(report.subtitle_lines), keywords=", ".join(keywords),
        )
        doc.build(story, canvasmaker=_numbered_canvas(report.contains_personal_data))
        os.replace(tmp, out)  # never leave a half-written PDF in place of a good one
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return out


def _style(name: str, size: float, **kw: Any) -> ParagraphStyle:
    return ParagraphStyle(name, fontName=FONT, fontSize=size, leading=size * 1.3, **kw)


def _title_block(report: Report, width: float) -> list[Flowable]:
    left: list[Flowable] = [Paragraph(escape(report.title), _style("title", 16, spaceAfter=3 * mm))]
    if report.contains_personal_data:
        left.append(Paragraph(f"【{PERSONAL_DATA_NOTE}】", _style("pd", 10, textColor=colors.HexColor("#C00000"))))
    left += [Paragraph(escape(line), _style("sub", 10)) for line in report.subtitle_lines]
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


def _table(table: Table, width: float) -> Flowable:
    total = sum(c.width for c in table.columns) or 1.0
    widths = [width * c.width / total for c in table.columns]  # scale to fit the page width
    head_style = _style("th", BODY_SIZE, alignment=TA_CENTER)
    cell_style = _style("td", BODY_SIZE)
    data: list[list[Any]] = [[Paragraph(escape(c.header), head_style) for c in table.columns]]
    commands: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), FONT, BODY_SIZE),
        ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), _HEADER_BG),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    for i, c in enumerate(table.columns):
        if c.kind in _ALIGN:
            commands.append(("ALIGN", (i, 1), (i, -1), _ALIGN[c.kind]))
    for r, row in enumerate(table.rows, 1):
        if row.style == "section":  # one heading spanning the row, e.g. 収入の部
            first = format_cell(row.values.get(table.columns[0].key), "text")
            data.append([first] + [""] * (len(widths) - 1))
        else:
            data.append([_cell(row.values.get(c.key), c, w, cell_style)
                         for c, w in zip(table.columns, widths, strict=True)])
        if row.style == "section":
            commands += [("SPAN", (0, r), (-1, r)), ("BACKGROUND", (0, r), (-1, r), _SECTION_BG),
                         ("ALIGN", (0, r), (-1, r), "LEFT")]
        elif row.style == "subtotal":
            commands.append(("LINEABOVE", (0, r), (-1, r), 1, colors.black))
        elif row.style == "total":
            commands += [("LINEABOVE", (0, r), (-1, r), 1, colors.black),
                         ("LINEBELOW", (0, r), (-1, r), 1.5, colors.black),
                         ("BACKGROUND", (0, r), (-1, r), _TOTAL_BG)]
    # Known heights for one-line rows spare reportlab from measuring every row again at each page
    # split (10,000 rows: 9 s → 2 s); rows holding wrapped Paragraphs are measured (None).
    one_line = BODY_SIZE * 1.2 + 4
    heights = [None if any(isinstance(v, Paragraph) for v in r) else one_line for r in data]
    # LongTable splits long tables cheaply; repeatRows repeats the header on every page
    t = LongTable(data, colWidths=widths, rowHeights=heights, repeatRows=1)
    t.setStyle(commands)
    return t


def _cell(value: Any, col: Column, width: float, style: ParagraphStyle) -> Any:
    text = format_cell(value, col.kind)
    # Paragraphs wrap but are slow; use them only when the text would not fit on one line
    if col.kind == "text" and (pdfmetrics.stringWidth(text, FONT, BODY_SIZE) > width - 6 or "\n" in text):
        return Paragraph(escape(text).replace("\n", "<br/>"), style)
    return text


def _chart(chart: BarChart, width: float, max_height: float) -> Flowable:
    n = max(1, len(chart.categories))
    horizontal = n > 10  # long category lists (e.g. every body in the city) read better sideways
    per_category = 6.0 + 6.0 * max(1, len(chart.series))
    height = min(max_height, max(160.0, per_category * n)) if horizontal else min(max_height, 200.0)
    legend_h = 20.0
    bc = HorizontalBarChart() if horizontal else VerticalBarChart()
    label_room = min(140.0, max(pdfmetrics.stringWidth(c, FONT, 8) for c in chart.categories or [""]) + 8)
    bc.x = label_room if horizontal else 50
    bc.y = legend_h + (16 if horizontal else 40)
    bc.width = width - bc.x - 20
    bc.height = height
    d = Drawing(width, bc.y + height + 12)  # room above for the top axis label
    bc.data = [list(values) for _, values in chart.series] or [[0] * n]
    values = [v for row in bc.data for v in row] or [0]
    bc.valueAxis.valueMin = min(0, *values)  # negatives get bars below/left of the zero line
    bc.valueAxis.valueMax = max(0, *values) or 1
    bc.valueAxis.labelTextFormat = lambda v: format_cell(int(round(v)), "int")
    bc.valueAxis.labels.fontName = FONT
    bc.valueAxis.labels.fontSize = 8
    bc.categoryAxis.categoryNames = list(chart.categories)
    # labels at the edge of the plot, not on the zero line where negative bars would cover them
    bc.categoryAxis.joinAxisMode = "left" if horizontal else "bottom"
    bc.valueAxis.visibleGrid = True
    if horizontal:
        bc.categoryAxis.reverseDirection = 1  # first category at the top, as in the table
    bc.valueAxis.gridStrokeColor = colors.lightgrey
    bc.categoryAxis.labels.fontName = FONT
    bc.categoryAxis.labels.fontSize = 8
    if not horizontal and n > 5:
        bc.categoryAxis.labels.angle = 30
        bc.categoryAxis.labels.boxAnchor = "ne"
    for i in range(len(bc.data)):
        bc.bars[i].fillColor = _SERIES_COLOURS[i % len(_SERIES_COLOURS)]
    d.add(bc)
    legend = Legend()
    legend.fontName, legend.fontSize = FONT, 8
    legend.x, legend.y = bc.x, 8
    legend.alignment = "right"
    legend.columnMaximum = 1  # one row, series side by side
    legend.deltax = max(60.0, max((pdfmetrics.stringWidth(s, FONT, 8) for s, _ in chart.series), default=0) + 30)
    legend.colorNamePairs = [(_SERIES_COLOURS[i % len(_SERIES_COLOURS)], name)
                             for i, (name, _) in enumerate(chart.series)]
    d.add(legend)
    title = chart.title + (f"（{chart.value_label}）" if chart.value_label else "")
    return KeepTogether([Paragraph(escape(title), _style("chart", 11, spaceAfter=2 * mm)), d, Spacer(1, 6 * mm)])


def _numbered_canvas(personal: bool) -> type[canvas.Canvas]:
    class NumberedCanvas(canvas.Canvas):
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
