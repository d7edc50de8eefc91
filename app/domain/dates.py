"""Reading dates as staff type them or as Excel hands them over; ISO for data files."""

from __future__ import annotations

import functools
import math
import re
from datetime import date, datetime, timedelta

from app.domain.kana import normalize_text
from app.domain.wareki import parse_wareki

# Excel's day 0 is 1899-12-30 (this absorbs Excel's fictitious 1900-02-29, so every serial from 61 on —
# i.e. every date after 1900-03-01 — is right; serials 1..60 come out one day early, which no office
# record will ever contain).
EXCEL_EPOCH = date(1899, 12, 30)
EXCEL_MIN_SERIAL = 1
EXCEL_MAX_SERIAL = 2958465  # 9999-12-31

_EXAMPLE = "（例: 2025/4/1、令和7年4月1日）"

# An optional time part as Excel/CSV writes it ("2025/04/01 0:00:00", "2025-04-01T09:30") is ignored.
# Hours 0–23 and minutes/seconds 0–59 only: "2026/5/1 25:00" is not a date someone meant.
_TIME = r"(?:[ T](?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d+)?)?)?"
_SEPARATED_RE = re.compile(rf"^(?P<y>\d{{4}})(?P<sep>[/.-])(?P<m>\d{{1,2}})(?P=sep)(?P<d>\d{{1,2}}){_TIME}$")
_KANJI_RE = re.compile(r"^(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日?$")
_COMPACT_RE = re.compile(r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})$")
# Dashes typed with a Japanese IME (‐ − ー …) count as the ASCII hyphen between numbers.
_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u30fc", "-"))


def _unreadable(shown: str) -> ValueError:
    return ValueError(f"「{shown}」は日付として読めません{_EXAMPLE}")


def _from_serial(value: int | float) -> date:
    shown = str(value)
    if isinstance(value, float) and not math.isfinite(value):
        raise _unreadable(shown)
    if not EXCEL_MIN_SERIAL <= value <= EXCEL_MAX_SERIAL:
        raise ValueError(f"「{shown}」は日付として読めません（Excelの日付の範囲外です）")
    # A fractional serial carries a time of day; the date is its whole part.
    return EXCEL_EPOCH + timedelta(days=int(value))


@functools.lru_cache(maxsize=4096)  # imports repeat dates (加入日 2020/4/1) thousands of times
def _from_text(text: str) -> date:
    shown = text.strip()
    s = normalize_text(text).translate(_DASHES)
    if not s:
        raise ValueError("日付が空です")
    for pattern in (_SEPARATED_RE, _KANJI_RE, _COMPACT_RE):
        m = pattern.match(s)
        if m is not None:
            try:
                return date(int(m["y"]), int(m["m"]), int(m["d"]))
            except ValueError:
                raise ValueError(f"{shown} は存在しない日付です") from None
    wareki = parse_wareki(s)  # raises its own Japanese message for 平成32年 or 2月30日
    if wareki is not None:
        return wareki
    raise _unreadable(shown)


def parse_date(value: object) -> date:
    """A date from a date/datetime, an Excel serial number, or text such as "2025/4/1", "2025-04-01",
    "2025.4.1", "2025年4月1日", "20250401", "２０２５／４／１", "令和7年4月1日", "R7.4.1".

    Raises ValueError naming the text: "2025/02/30 は存在しない日付です".
    """
    if value is None:
        raise ValueError("日付が空です")
    if isinstance(value, datetime):  # before date: datetime is a date subclass
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        raise _unreadable(str(value))
    if isinstance(value, int | float):
        return _from_serial(value)
    if isinstance(value, str):
        return _from_text(value)
    raise _unreadable(str(value))


def format_iso(d: date) -> str:
    """ "2025-04-01" — the form used in every data file (a datetime gives its date only)."""
    if isinstance(d, datetime):
        d = d.date()
    return d.isoformat()
