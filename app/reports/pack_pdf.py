"""The 総会資料 as one A4 portrait PDF: 表紙, 目次 with page numbers, then each 議案 from a new page;
page numbers run through the whole pack.

The parts are the ordinary report flowables of pdf_writer (tables keep a total row with the rows
above it). The 目次 needs the page where each 議案 starts, known only after layout: the pack is
laid out once to find them, then again with the numbers in the 目次 (which has one line per 議案
either way, so the pages do not move).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer
from reportlab.platypus import Table as RLTable

from app.reports.model import PERSONAL_DATA_NOTE, check_report
from app.reports.pack import Pack
from app.reports.pdf_writer import (
    FONT,
    frame_width,
    numbered_canvas,
    page_template,
    paragraph_style,
    register_font,
    report_story,
    write_atomically,
)

CONTENTS = "目次"


Key = tuple[int, int]  # (議案, its 会計 section or -1 for the 議案 itself)


class _PartStart(Flowable):  # type: ignore[misc]  # reportlab has no type hints: Flowable is Any
    """Takes no room; notes the page it lands on (where its 議案, or a 会計's section of it, starts)."""

    def __init__(self, index: Key, pages: dict[Key, int]):
        super().__init__()
        self.index, self.pages = index, pages

    def wrap(self, *_args: Any) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.pages[self.index] = self.canv.getPageNumber()


def _cover(pack: Pack) -> list[Flowable]:
    story: list[Flowable] = [Spacer(1, 70 * mm), Paragraph(escape(pack.title), paragraph_style(
        "cover", 22, alignment=1, wordWrap="CJK"))]
    if pack.contains_personal_data:
        story.append(Paragraph(f"【{PERSONAL_DATA_NOTE}】", paragraph_style("cover_pd", 11, alignment=1)))
    story.append(Spacer(1, 40 * mm))
    story += [Paragraph(escape(line), paragraph_style("cover_line", 13, alignment=1, spaceAfter=4 * mm))
              for line in pack.cover_lines]
    return story


def _contents(pack: Pack, pages: dict[Key, int], width: float) -> list[Flowable]:
    rows, sections = [], []
    for i, part in enumerate(pack.parts):
        rows.append([part.heading, str(pages.get((i, -1), ""))])
        for j, section in enumerate(part.sections):  # each 会計's 決算報告 / 予算（案）, indented
            sections.append(len(rows))
            rows.append([f"　　{section.title}", str(pages.get((i, j), ""))])
    table = RLTable(rows, colWidths=[width - 25 * mm, 25 * mm])
    table.setStyle([
        ("FONT", (0, 0), (-1, -1), FONT, 12, 18),
        *[("FONT", (0, r), (-1, r), FONT, 10.5, 14) for r in sections],
        ("ALIGN", (1, 0), (1, -1), "RIGHT"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, "#999999", 1, (1, 2)),
        ("TOPPADDING", (0, 0), (-1, -1), 6),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
    ])
    return [Paragraph(CONTENTS, paragraph_style("contents", 16, spaceAfter=8 * mm, alignment=1)), table]


def _story(pack: Pack, pages: dict[Key, int], found: dict[Key, int]) -> list[Flowable]:
    width = frame_width(A4)
    story = [*_cover(pack), PageBreak(), *_contents(pack, pages, width)]
    for i, part in enumerate(pack.parts):
        story += [PageBreak(), _PartStart((i, -1), found),
                  Paragraph(escape(part.heading), paragraph_style("part", 14, spaceAfter=4 * mm))]
        section_at = {s.first_report: j for j, s in enumerate(part.sections)}
        for n, report in enumerate(part.reports):
            story += [PageBreak()] * (n > 0)  # e.g. the 監査報告 on its own page
            if n in section_at:
                story.append(_PartStart((i, section_at[n]), found))
            story += report_story(report, A4)
        style = paragraph_style("text", 10, wordWrap="CJK", spaceAfter=2 * mm)
        story += [Paragraph(escape(line) or "&nbsp;", style) for line in part.text.splitlines()]
    return story


def write_pack_pdf(pack: Pack, path: str | os.PathLike[str]) -> Path:
    for report in pack.reports:
        check_report(report)
    register_font()
    keywords = [PERSONAL_DATA_NOTE] if pack.contains_personal_data else []
    keywords += [f"{k}={v}" for k, v in pack.metadata.items()]

    def build(tmp: str) -> None:
        pages: dict[Key, int] = {}
        for _ in range(3):  # first to find where each 議案 starts, then with those numbers (once more if they moved)
            found: dict[Key, int] = {}
            doc = page_template(tmp, A4, title=pack.title, subject=" ".join(pack.cover_lines),
                                keywords=", ".join(keywords))
            doc.build(_story(pack, pages, found), canvasmaker=numbered_canvas(pack.contains_personal_data))
            if found == pages:
                return
            pages = found

    return write_atomically(Path(path), build)
