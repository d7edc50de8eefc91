"""Line breaking and column widths for PDF tables, independent of reportlab's platypus.

Rules (issue 11 「Paper」):
- phone numbers, postal codes, dates, amounts and Latin words are never broken across lines;
- Japanese text breaks between characters with 禁則: no line starts with 。、」）ー… and no line
  ends with 「（; short names break at their spaces (及川 勝 → 及川 / 勝), not inside;
- columns get the width their content needs: never-breaking columns exactly their widest value,
  text columns share the rest by how much text they hold, empty columns little more than their
  heading.

`measure(text)` is injected (the width of a string in points), so this module is testable without
fonts and the writer decides the font and size.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

Measure = Callable[[str], float]

# 行頭禁則: characters that must not start a line (closing brackets, punctuation, small kana, 長音).
NO_LINE_START = frozenset(
    "、。，．,.・：；:;？！?!）)］]｝}〕〉》」』】〙〗’”ー～〜…‥々ゝゞヽヾ"
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ％%円"
)
# 行末禁則: characters that must not end a line (opening brackets, 〒).
NO_LINE_END = frozenset("（(［[｛{〔〈《「『【〘〖‘“〒")

# Runs that never break: dates (2025/4/1, 令和7年4月1日), phone numbers and postal codes
# (0191-52-9719, 〒029-0803), amounts (△1,234,567円, 12.5%) and Latin words / e-mail addresses.
_ERA = "(?:令和|平成|昭和|大正|明治)"
_ATOMIC = re.compile(
    rf"{_ERA}(?:元|\d{{1,2}})年(?:\d{{1,2}}月(?:\d{{1,2}}日)?)?"
    r"|\d{1,4}年\d{1,2}月(?:\d{1,2}日)?"
    r"|\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}(?:\s\d{1,2}:\d{2})?"
    r"|〒?\s?\(?\d[\d()（）\-‐−－]*\d\)?"
    r"|[△▲\-−]?[\d,]+(?:\.\d+)?[%％円]?"
    r"|[A-Za-z0-9@._+\-/:#&'!?]+"
)
_SPACE = re.compile(r"[ \u3000\t]+")
# A space-separated run of at most this many characters is kept whole when it fits a line (names).
SHORT_WORD = 8


def _units(text: str) -> list[str]:
    """Split one paragraph into unbreakable units; spaces are units of their own."""
    units: list[str] = []
    i, n = 0, len(text)
    while i < n:
        m = _SPACE.match(text, i)
        if m:
            units.append(" ")
            i = m.end()
            continue
        m = _ATOMIC.match(text, i)
        if m and m.end() > i:
            units.append(m.group())
            i = m.end()
            continue
        units.append(text[i])
        i += 1
    return _apply_kinsoku(_keep_short_words(units))


def _keep_short_words(units: list[str]) -> list[str]:
    """A short run between spaces (a name such as 及川 勝) is one unit: it breaks at its spaces."""
    if " " not in units:
        return units
    out: list[str] = []
    word: list[str] = []
    for u in [*units, " "]:
        if u == " ":
            if word:
                joined = "".join(word)
                out.extend([joined] if len(joined) <= SHORT_WORD else word)
                word = []
            out.append(" ")
        else:
            word.append(u)
    out.pop()  # the sentinel space
    return out


def _apply_kinsoku(units: list[str]) -> list[str]:
    """Glue a 行頭禁則 character to the unit before it and a 行末禁則 one to the unit after it."""
    glued: list[str] = []
    for u in units:
        if glued and u != " " and u[0] in NO_LINE_START and glued[-1] != " ":
            glued[-1] += u
        else:
            glued.append(u)
    out: list[str] = []
    carry = ""
    for u in glued:
        if u != " " and u[-1] in NO_LINE_END and len(u) == 1:
            carry += u
            continue
        out.append(carry + u if u != " " else (carry + u if carry else u))
        carry = ""
    if carry:
        out.append(carry)
    return out


def wrap(text: str, width: float, measure: Measure) -> list[str]:
    """The lines `text` takes in a column `width` points wide (explicit newlines kept)."""
    lines: list[str] = []
    for para in text.split("\n"):
        if measure(para) <= width + 0.01:
            lines.append(para)
            continue
        lines.extend(_wrap_paragraph(para, width, measure))
    return lines


def _wrap_paragraph(para: str, width: float, measure: Measure) -> list[str]:
    lines: list[str] = []
    cur = ""
    for unit in _units(para):
        if unit == " ":
            if cur:
                cur += " "
            continue
        candidate = cur + unit
        if measure(candidate.rstrip()) <= width + 0.01:
            cur = candidate
            continue
        if cur.strip():
            lines.append(cur.rstrip())
            cur = ""
        if measure(unit) <= width + 0.01:
            cur = unit
            continue
        # a unit wider than the column (a very long word): break it where it must, by characters
        for ch in unit:
            if measure(cur + ch) > width + 0.01 and cur and ch not in NO_LINE_START:
                lines.append(cur)
                cur = ""
            cur += ch
    if cur.strip() or not lines:
        lines.append(cur.rstrip())
    return lines


def widest_unit(text: str, measure: Measure) -> float:
    """The width of the widest piece of `text` that may not be broken."""
    return max((measure(u) for para in text.split("\n") for u in _units(para) if u != " "), default=0.0)


def widest_line(text: str, measure: Measure) -> float:
    return max((measure(p) for p in text.split("\n")), default=0.0)


@dataclass(frozen=True)
class ColumnNeed:
    """What a column needs: `fixed` columns never break their values (only the heading may take two
    lines, from `max` down to `min`) and take no more than `max`; others wrap down to `min`."""

    min: float
    max: float
    fixed: bool
    short: bool = False  # every value is short (a name, a kind): kept on one line when there is room


def column_need(
    header: str, values: Sequence[str], fixed: bool, measure: Measure, padding: float, cap: float
) -> ColumnNeed:
    """The width a column needs for its heading and its values (padding included).

    The heading may take two lines, so its minimum is about half its width (and at least its
    widest unbreakable part); headings of up to four characters (世帯数, 退会日) never break.
    """
    head_max = widest_line(header, measure)
    head_min = head_max if len(header) <= 4 else max(widest_unit(header, measure), _half(header, measure))
    filled = {v for v in values if v}  # each distinct value once: 10,000 rows repeat many
    if fixed:
        content = max((widest_line(v, measure) for v in filled), default=0.0)
        return ColumnNeed(max(head_min, content) + padding, max(head_max, content) + padding, True)
    if not filled:
        return ColumnNeed(head_min + padding, head_min + padding, False)
    content_max = min(cap, max(widest_line(v, measure) for v in filled))
    # the widest unbreakable piece (a date such as 令和7年12月15日 is ten characters wide), but a
    # column never needs more than that to wrap, whatever a long Latin word or URL says
    content_min = min(max(widest_unit(v, measure) for v in filled), measure("あ") * 10)
    lo = max(head_min, content_min, measure("あ") * 2)
    hi = max(lo, head_max, content_max)
    return ColumnNeed(lo + padding, hi + padding, False, short=content_max <= measure("あ") * SHORT_WORD)


def _half(text: str, measure: Measure) -> float:
    n = math.ceil(len(text) / 2)
    first, second = text[:n], text[n:]
    return max(measure(first), measure(second))


def solve_widths(needs: Sequence[ColumnNeed], total: float) -> list[float]:
    """Column widths adding up to `total`.

    Fixed columns get their width; the others get their minimum plus a share of what is left in
    proportion to how much more they could use (CSS's automatic table layout). Space left over when
    every column has all it wants goes to every column in proportion to its width. If
    even the minimums do not fit, every column is scaled down alike (the writer then shrinks the
    type of never-breaking columns rather than break them).
    """
    if not needs:
        return []
    mins = [n.min for n in needs]
    if sum(mins) >= total:
        scale = total / sum(mins)
        return [m * scale for m in mins]
    maxs = [n.max for n in needs]
    if sum(maxs) <= total:
        # everything fits: the room left over is shared by all columns alike, so that figures get
        # air around them too (empty columns, being narrow, get little of it)
        extra = total - sum(maxs)
        return [m + extra * m / sum(maxs) for m in maxs]
    # never-breaking columns first get room for their heading on one line, then columns of short
    # values (names) room to keep them whole, as long as the other columns keep their minimum
    def keep_fixed(n: ColumnNeed) -> bool:
        return n.fixed

    def keep_fixed_and_short(n: ColumnNeed) -> bool:
        return n.fixed or n.short

    for keep in (keep_fixed, keep_fixed_and_short):
        if sum(n.max if keep(n) else n.min for n in needs) <= total:
            mins = [n.max if keep(n) else n.min for n in needs]
    room = total - sum(mins)
    spread = sum(hi - lo for lo, hi in zip(mins, maxs, strict=True))
    return [lo + room * (hi - lo) / spread for lo, hi in zip(mins, maxs, strict=True)]
