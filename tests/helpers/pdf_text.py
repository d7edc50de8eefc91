"""Read a PDF back as lines of text with their positions (pypdf), and check the layout rules of
printed forms from the PDF itself: every page numbered, no blank page, values that must never
break each on one line, no line starting with 。、」）, no total row without the rows above it."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from app.reports.model import PERSONAL_DATA_NOTE
from app.reports.pdf_layout import NO_LINE_START


@dataclass(frozen=True)
class Line:
    page: int  # 1-based
    x: float
    y: float  # PDF coordinates: larger is higher on the page
    text: str


def pdf_pages(path: Path) -> list[list[Line]]:
    """Every text line drawn on each page, top to bottom."""
    from pypdf import PdfReader

    pages: list[list[Line]] = []
    for n, page in enumerate(PdfReader(path).pages, 1):
        lines: list[Line] = []

        def visit(text, cm, tm, _font, _size, lines=lines, n=n):
            text = text.strip("\n")
            if text.strip():
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                lines.extend(Line(n, x, y, part) for part in text.split("\n") if part.strip())

        page.extract_text(visitor_text=visit)
        # pypdf reports one drawn string in pieces (at kerning steps) with the same origin: join them
        joined: dict[tuple[float, float], Line] = {}
        for ln in lines:
            key = (round(ln.x, 1), round(ln.y, 1))
            joined[key] = Line(n, ln.x, ln.y, joined[key].text + ln.text) if key in joined else ln
        pages.append(sorted(joined.values(), key=lambda ln: (-round(ln.y), ln.x)))
    return pages


PAGE_NUMBER = re.compile(r"^\s*(\d+) / (\d+)\s*$")


def check_pages_numbered_and_not_blank(pages: list[list[Line]]) -> None:
    total = len(pages)
    for n, lines in enumerate(pages, 1):
        numbers = [ln.text.strip() for ln in lines if PAGE_NUMBER.match(ln.text)]
        assert f"{n} / {total}" in numbers, f"page {n} has no page number 「{n} / {total}」"
        content = [ln for ln in lines if not PAGE_NUMBER.match(ln.text) and ln.text.strip() != PERSONAL_DATA_NOTE]
        assert content, f"page {n} of {total} is blank"


def check_intact(pages: list[list[Line]], values: Iterable[str]) -> int:
    """Each value (a phone number, postal code, date, amount) is printed whole on one line.

    Returns how many distinct values were checked."""
    lines = [ln.text for page in pages for ln in page]
    text = "\n".join(lines)
    checked = 0
    for value in sorted(set(values)):
        if not value or "\n" in value:
            continue
        assert value in text, f"「{value}」 is not printed on one line (broken across lines, or missing)"
        checked += 1
    return checked


def check_no_line_starts_with_kinsoku(pages: list[list[Line]]) -> None:
    for page in pages:
        for ln in page:
            first = ln.text.lstrip()[:1]
            assert first not in NO_LINE_START, f"page {ln.page}: a line starts with 「{first}」: {ln.text!r}"


def check_totals_not_alone(pages: list[list[Line]], first_header: str | tuple[str, ...], totals: Iterable[str]) -> int:
    """On every page, a total row (its label at the left) has at least two table rows between the
    table heading (the line holding `first_header`, or one of them) and itself. Returns how many
    totals were seen."""
    labels = set(totals)
    firsts = {first_header} if isinstance(first_header, str) else set(first_header)
    seen = 0
    for page in pages:
        headers = [ln.y for ln in page if ln.text.strip() in firsts]
        for ln in page:
            if ln.text.strip() not in labels:
                continue
            seen += 1
            above = [h for h in headers if h > ln.y]
            assert above, f"page {ln.page}: 「{ln.text}」 has no table heading above it"
            head_y = min(above)
            rows = {round(o.y) for o in page if head_y - 2 > o.y > ln.y + 2}
            assert len(rows) >= 2, f"page {ln.page}: 「{ln.text}」 stands with {len(rows)} row(s) above it"
    return seen


def all_text(pages: list[list[Line]]) -> str:
    return "\n".join(ln.text for page in pages for ln in page)


def check_no_overlap(page: list[Line], size: float = 8) -> None:
    """No two text lines at the same height overlap (chart labels, legends)."""
    from reportlab.pdfbase import pdfmetrics

    from app.reports.pdf_writer import FONT, register_font

    register_font()
    rows: dict[int, list[tuple[float, float, str]]] = {}
    for ln in page:
        rows.setdefault(round(ln.y), []).append((ln.x, ln.x + pdfmetrics.stringWidth(ln.text, FONT, size), ln.text))
    for spans in rows.values():
        spans.sort()
        for (_, end, a), (start, _, b) in zip(spans, spans[1:], strict=False):
            assert end <= start + 0.5, f"「{a}」 and 「{b}」 overlap"


def numbers(page: list[Line]) -> list[int]:
    """The values of the lines that are plain numbers (axis ticks), 1,234,567 read as 1234567."""
    return [int(ln.text.replace(",", "")) for ln in page if re.fullmatch(r"[\d,]+", ln.text.strip())]
