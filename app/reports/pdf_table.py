"""A long PDF table drawn straight onto the canvas: the rows of a report table, already laid out.

reportlab's LongTable handles any cell (flowables, spans anywhere, per-cell styles) and pays for it
on every page: at each page break it copies the remaining rows into a new table and recomputes
every row, and it draws each cell with its own text object. A 10,000-entry 現金出納簿 then spent
most of its time there. Our tables have one shape (plain lines of text, a header row repeated on
every page, section rows spanning the table, ruled and filled rows), so this flowable keeps the
rows once and a page's part is only a range of them: a split finds the break with a binary search
over the running heights, and a part draws its rows with one path per kind of rule and its strings
encoded once per document.

Cells are placed as reportlab's Table places a string cell (same padding, VALIGN MIDDLE, leading),
so the pages look as they did.
"""

from __future__ import annotations

import bisect
import itertools
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from reportlab.lib import colors
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable

GRID = colors.grey
_BLACK = colors.black


@dataclass
class GridRow:
    """One physical row: the text of each cell (lines joined by \\n), or one text across the row."""

    cells: Sequence[str]
    height: float
    span: bool = False  # a section heading (収入の部): cells[0] across the whole row, left aligned
    fill: Any = None  # background colour
    begins: bool = True  # the first physical row of a report row (a thin rule above it)
    rule_above: tuple[float, Any] | None = None  # (width, colour) instead of the thin rule
    rule_below: tuple[float, Any] | None = None
    keep_with_previous: bool = False  # a page never begins with this row


@dataclass
class Grid:
    """Everything the parts of one table share."""

    widths: list[float]
    header: GridRow
    rows: list[GridRow]
    font: str
    size: float
    leading: float
    align: list[str]  # per column: LEFT, RIGHT or CENTER (the header is centred)
    sizes: list[float]  # per column, the type size of body cells (smaller where a value must fit)
    padding: float = 3.0
    vpadding: float = 2.0
    header_fill: Any = None
    # A cash book's 繰越: for a page break before rows[i], the 次頁へ繰越 row that ends the page and
    # the 前頁より繰越 row that begins the next (None: the table breaks without them)
    carry: Callable[[int], tuple[GridRow, GridRow]] | None = None
    tops: list[float] = field(init=False)  # tops[i]: the height of rows[:i]

    def __post_init__(self) -> None:
        self.tops = [0.0, *itertools.accumulate(r.height for r in self.rows)]


class GridTable(Flowable):  # type: ignore[misc]  # reportlab has no type hints
    """Rows `first` … `end - 1` of `grid` under its header: a whole table, or the part on one page
    (between its 前頁より繰越 `carry_in` and 次頁へ繰越 `carry_out` rows, for a cash book)."""

    def __init__(self, grid: Grid, first: int = 0, end: int | None = None, carry_in: GridRow | None = None,
                 carry_out: GridRow | None = None):
        super().__init__()
        self.grid = grid
        self.first = first
        self.end = len(grid.rows) if end is None else end
        self.carry_in, self.carry_out = carry_in, carry_out
        self.hAlign = "CENTER"
        self.width = sum(grid.widths)
        self.height = grid.header.height + grid.tops[self.end] - grid.tops[self.first] + \
            sum(r.height for r in (carry_in, carry_out) if r is not None)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 (reportlab API)
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803 (reportlab API)
        g = self.grid
        if self.height <= availHeight + 1e-6:
            return [self]
        room = availHeight - self.height + g.tops[self.end] - g.tops[self.first]  # what the rows may take
        if g.carry is not None:
            room -= g.carry(self.first)[0].height  # and the 次頁へ繰越 row at the foot
        # the rows first … at-1 fit: the last running height within the room
        at = bisect.bisect_right(g.tops, g.tops[self.first] + room + 1e-6, self.first, self.end + 1) - 1
        at = min(at, self.end - 1)
        while at > self.first and g.rows[at].keep_with_previous:
            at -= 1
        if at <= self.first:
            return []  # not even one row here: the whole table goes to the next page
        if g.carry is None:
            return [GridTable(g, self.first, at), GridTable(g, at, self.end)]
        carry_out, carry_in = g.carry(at)
        return [GridTable(g, self.first, at, self.carry_in, carry_out), GridTable(g, at, self.end, carry_in)]

    # -- drawing ------------------------------------------------------------------------------
    def draw(self) -> None:
        g = self.grid
        canv = self.canv
        rows = [g.header, *([self.carry_in] if self.carry_in else []), *g.rows[self.first:self.end],
                *([self.carry_out] if self.carry_out else [])]
        xs = [0.0, *itertools.accumulate(g.widths)]
        right = xs[-1]
        # y of each row's top, from the table's top (self.height) downwards
        tops = [self.height]
        for r in rows:
            tops.append(tops[-1] - r.height)

        canv.saveState()
        for i, r in enumerate(rows):
            fill = g.header_fill if i == 0 else r.fill
            if fill is not None:
                canv.setFillColor(fill)
                canv.rect(0, tops[i + 1], right, r.height, stroke=0, fill=1)

        thin: list[tuple[float, float, float, float]] = []
        special: dict[tuple[float, Any], list[tuple[float, float, float, float]]] = {}
        # column rules: one run per stretch of unspanned rows
        run_top: float | None = None
        for i, maybe in enumerate([*rows, None]):
            if maybe is not None and not maybe.span:
                run_top = tops[i] if run_top is None else run_top
                continue
            if run_top is not None:
                thin += [(x, run_top, x, tops[i]) for x in xs[1:-1]]
                run_top = None
        for i, r in enumerate(rows[1:], 1):
            if r.rule_above is not None:
                special.setdefault(r.rule_above, []).append((0, tops[i], right, tops[i]))
            elif r.begins and i > 1:
                thin.append((0, tops[i], right, tops[i]))
            if r.rule_below is not None:
                special.setdefault(r.rule_below, []).append((0, tops[i + 1], right, tops[i + 1]))
        canv.setStrokeColor(GRID)
        canv.setLineWidth(0.25)
        _stroke(canv, thin)
        canv.setLineWidth(0.5)
        _stroke(canv, [(0, tops[1], right, tops[1])])  # under the header
        canv.rect(0, 0, right, self.height, stroke=1, fill=0)  # the box
        for (width, colour), lines in special.items():
            canv.setStrokeColor(colour)
            canv.setLineWidth(width)
            _stroke(canv, lines)
        canv.restoreState()

        text = _Text(canv, g.font, g.leading)
        for i, r in enumerate(rows):
            if r.span:
                self._cell(text, r.cells[0], 0, right, tops[i + 1], r.height, "LEFT", g.size)
                continue
            header = i == 0
            for c, value in enumerate(r.cells):
                if value:
                    align, size = ("CENTER", g.size) if header else (g.align[c], g.sizes[c])
                    self._cell(text, value, xs[c], g.widths[c], tops[i + 1], r.height, align, size)
        text.draw()

    def _cell(self, text: _Text, value: str, x: float, width: float, bottom: float, height: float,
              align: str, size: float) -> None:
        """Lines of a string cell, placed as reportlab's Table places them (VALIGN MIDDLE)."""
        g = self.grid
        lines = value.split("\n") if "\n" in value else (value,)
        y = bottom + (g.vpadding + height - g.vpadding + len(lines) * g.leading) / 2 - size
        for line in lines:
            if line:
                if align == "LEFT":
                    at = x + g.padding
                elif align == "RIGHT":
                    at = x + width - g.padding - text.width(line, size)
                else:
                    at = x + g.padding + (width - 2 * g.padding - text.width(line, size)) / 2
                text.put(at, y, line, size)
            y -= g.leading


class _CharWidths(dict[str, float]):
    """A TrueType font's advance width of each character (1/1000 em; the font's default width for
    one it lacks), looked up by character: what reportlab's stringWidth looks up by code point."""

    def __init__(self, face: Any):
        super().__init__()
        self._width, self._default = face.charWidths.get, face.defaultWidth

    def __missing__(self, char: str) -> float:
        width: float = self._width(ord(char), self._default)
        self[char] = width
        return width


_char_widths: dict[str, _CharWidths] = {}


def string_width(text: str, font_name: str, size: float) -> float:
    """pdfmetrics.stringWidth of a registered TrueType font, the same figure (the same widths added
    in the same order), summed by map() in C instead of a generator: a cash book measures some
    40,000 different amounts and balances."""
    widths = _char_widths.get(font_name)
    if widths is None:
        widths = _char_widths[font_name] = _CharWidths(pdfmetrics.getFont(font_name).face)
    return 0.001 * size * sum(map(widths.__getitem__, text))


def _stroke(canv: Any, lines: list[tuple[float, float, float, float]]) -> None:
    """One path of straight lines (what canvas.lines writes, its numbers formatted more cheaply)."""
    if lines:
        canv.addLiteral(" ".join(f"{x1:.2f} {y1:.2f} m {x2:.2f} {y2:.2f} l" for x1, y1, x2, y2 in lines) + " S")


class _Text:
    """The PDF text operators of a page's cells, written as one block: each string encoded (font
    subsets, escaping) once per document and its width measured once, where reportlab's
    drawString makes a text object per string and encodes it again: cash books repeat the same
    words on every page."""

    # per document: a font's subsets (which characters go where) belong to one document
    _encoded: weakref.WeakKeyDictionary[Any, dict[tuple[str, float, float], str]] = weakref.WeakKeyDictionary()
    _widths: dict[tuple[str, str, float], float] = {}

    def __init__(self, canv: Any, font_name: str, leading: float):
        self.canv = canv
        self.leading = leading
        self.font = pdfmetrics.getFont(font_name)
        self.font_name = font_name
        self.doc = canv._doc
        self.encoded = self._encoded.setdefault(self.doc, {})
        self.code: list[str] = []
        self.names: dict[int, str] = {}

    def _subset_name(self, subset: int) -> str:
        name = self.names.get(subset)
        if name is None:
            name = self.names[subset] = self.font.getSubsetInternalName(subset, self.doc)
        return name

    def width(self, line: str, size: float) -> float:
        key = (self.font_name, line, size)
        w = self._widths.get(key)
        if w is None:
            if len(self._widths) > 200_000:
                self._widths.clear()
            w = self._widths[key] = string_width(line, self.font_name, size)
        return w

    def put(self, x: float, y: float, line: str, size: float) -> None:
        key = (line, size, self.leading)
        shown = self.encoded.get(key)
        if shown is None:
            shown = self.encoded[key] = self._encode(line, size)
        self.code.append(f"BT 1 0 0 1 {x:.2f} {y:.2f} Tm {shown}")

    def _encode(self, line: str, size: float) -> str:
        # the operators reportlab's drawString writes (BT, Tm, Tf and TL, Tj, T*, ET): text
        # extractors (pypdf) then read the page as they read reportlab's own tables
        parts: list[str] = []
        current = -1
        for subset, piece in self.font.splitString(line, self.doc):
            if subset != current:
                parts.append(f"{self._subset_name(subset)} {size:g} Tf {self.leading:g} TL")
                current = subset
            parts.append(f"({self.canv._escape(piece)}) Tj")
        return " ".join(parts) + " T* ET"

    def draw(self) -> None:
        if self.code:
            self.canv.setFillColor(_BLACK)
            self.canv.addLiteral(" ".join(self.code))
