"""和暦 (Japanese era) conversion for dates printed on paper: 令和7年4月1日, 令和元年5月1日.

Data files keep ISO dates; wareki is only for display and for reading what staff type.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Era:
    name: str
    start: date  # first day of the era (the day of the change belongs to the new era)
    abbr: str  # the Latin letter used in "R7.4.1"

    @property
    def first_year(self) -> int:
        return self.start.year


# Newest first so lookups stop early for the dates the app actually sees.
ERAS: tuple[Era, ...] = (
    Era("令和", date(2019, 5, 1), "R"),
    Era("平成", date(1989, 1, 8), "H"),
    Era("昭和", date(1926, 12, 25), "S"),
    Era("大正", date(1912, 7, 30), "T"),
    # Japan switched to the Gregorian calendar on 明治6年1月1日; earlier 明治 dates were lunar, so a
    # Gregorian month/day with a 明治 year would be wrong. We refuse them instead of printing nonsense.
    Era("明治", date(1873, 1, 1), "M"),
)
_MEIJI_FIRST_YEAR = 1868  # 明治元年 is 1868 even though we only convert from 1873 on
_BY_NAME: dict[str, Era] = {e.name: e for e in ERAS}
_BY_ABBR: dict[str, Era] = {e.abbr: e for e in ERAS}
# Single-kanji abbreviations (令7.4.1) and the one-character era ligatures (㋿7年…) staff sometimes paste.
_BY_ABBR.update({e.name[0]: e for e in ERAS})
_LIGATURES: dict[str, str] = {"㋿": "令和", "㍻": "平成", "㍼": "昭和", "㍽": "大正", "㍾": "明治"}


def _first_year(era: Era) -> int:
    return _MEIJI_FIRST_YEAR if era.name == "明治" else era.first_year


def _era_of(d: date) -> Era:
    for era in ERAS:
        if d >= era.start:
            return era
    raise ValueError(f"{d.isoformat()} は和暦に変換できません（明治6年1月1日＝1873年1月1日より前の日付です）")


def _next_start(era: Era) -> date | None:
    """The first day of the era after `era` (None for the current era)."""
    i = ERAS.index(era)
    return ERAS[i - 1].start if i > 0 else None


def wareki_year(d: date) -> tuple[str, int]:
    """Era name and era year of `d`: date(2019, 5, 1) → ("令和", 1)."""
    era = _era_of(d)
    return era.name, d.year - _first_year(era) + 1


def era_year_text(era: str, n: int) -> str:
    """ "令和7年"; the first year of an era is written 元年, never 1年."""
    if n < 1:
        raise ValueError(f"{era}{n}年は存在しません")
    return f"{era}{'元' if n == 1 else n}年"


def format_wareki(d: date) -> str:
    """ "令和7年4月1日" (no zero padding, as on printed documents)."""
    era, n = wareki_year(d)
    return f"{era_year_text(era, n)}{d.month}月{d.day}日"


DATE_STYLES = {"wareki": "和暦（令和7年4月1日）", "slash": "西暦（2025/4/1）"}


def format_date(d: date, style: str = "wareki") -> str:
    """A date as printed on forms, in the office's chosen style: 令和7年4月1日 or 2025/4/1."""
    if style == "slash":
        return f"{d.year}/{d.month}/{d.day}"
    return format_wareki(d)


# Full-width digits/letters/punctuation are folded to ASCII before matching.
_FW = str.maketrans({chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)} | {"\u3000": " "})

_ERA_ALT = "|".join([*_BY_NAME, *sorted(_BY_ABBR, key=len)])
# Either 令和7年4月1日 (日 optional) or R7.4.1 / R7/4/1 / R7-4-1 with one consistent separator.
_WAREKI_RE = re.compile(
    rf"""^\s*(?P<era>{_ERA_ALT})\s*(?P<year>元|\d{{1,4}})\s*
    (?:年\s*(?P<m1>\d{{1,2}})\s*月\s*(?P<d1>\d{{1,2}})\s*日?
      |(?P<sep>[./-])\s*(?P<m2>\d{{1,2}})\s*(?P=sep)\s*(?P<d2>\d{{1,2}}))\s*$""",
    re.VERBOSE | re.IGNORECASE,
)


def parse_wareki(text: str) -> date | None:
    """Read a wareki date; None when `text` is not wareki-shaped at all.

    Raises ValueError (Japanese message) when it is wareki-shaped but impossible: 平成32年, 令和0年,
    2月30日, or a day outside the era (平成31年5月1日 is 令和元年5月1日).
    """
    if not isinstance(text, str):
        return None
    s = text.translate(_FW)
    for lig, name in _LIGATURES.items():
        s = s.replace(lig, name)
    m = _WAREKI_RE.match(s)
    if m is None:
        return None
    key = m["era"]
    era = _BY_NAME.get(key) or _BY_ABBR[key.upper() if key.isascii() else key]
    year_n = 1 if m["year"] == "元" else int(m["year"])
    month = int(m["m1"] or m["m2"])
    day = int(m["d1"] or m["d2"])
    shown = text.strip()

    nxt = _next_start(era)
    last_n = None if nxt is None else nxt.year - _first_year(era) + 1
    if year_n < 1 or (last_n is not None and year_n > last_n):
        limit = f"（{era.name}は{last_n}年までです）" if last_n is not None and year_n > 1 else ""
        raise ValueError(f"{shown} は存在しない年です{limit}")
    try:
        d = date(_first_year(era) + year_n - 1, month, day)
    except ValueError:
        raise ValueError(f"{shown} は存在しない日付です") from None
    if d < era.start or (nxt is not None and d >= nxt):
        if d < ERAS[-1].start:
            raise ValueError(f"{shown} は和暦に変換できません（明治6年1月1日より前の日付です）")
        raise ValueError(f"{shown} は存在しない日付です（{format_wareki(d)}のことですか）")
    return d
