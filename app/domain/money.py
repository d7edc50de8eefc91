"""Money is whole yen held in an int — never a float — and shown the way Japanese ledgers do."""

from __future__ import annotations

import math
import re
from decimal import Decimal

MAX_DIGITS = 15  # 999兆円: far above any body's budget, and still exact in an Excel (double) cell

_NEG_MARK = "△"  # Japanese accounts mark negatives with △ rather than a minus sign


def _require_int(amount: int) -> int:
    # A float here would silently print "1,234.5円"; bool would print "1円". Both are bugs upstream.
    if not isinstance(amount, int) or isinstance(amount, bool):
        raise TypeError(f"金額は整数(int)で渡してください: {amount!r}")
    return amount


def format_amount(amount: int) -> str:
    """ "1,234,567"; negative "△1,234" (no unit, for table cells)."""
    amount = _require_int(amount)
    text = f"{abs(amount):,}"
    return f"{_NEG_MARK}{text}" if amount < 0 else text


def format_yen(amount: int) -> str:
    """ "1,234,567円"; negative "△1,234円"."""
    return f"{format_amount(amount)}円"


# Full-width digits/signs/punctuation → ASCII; the yen sign's full-width form → ¥; the various minus
# signs → "-"; ▲ (also common in Japanese accounts) → △.
_FOLD = str.maketrans(
    {chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)}
    | {"\uffe5": "¥", "\u2212": "-", "\u2012": "-", "\u2013": "-", "\u30fc": "-", "▲": "△", "\u3000": " "}
)
# Optional sign either side of the yen mark ("-¥1,234", "¥-1,234"), digits with or without correct
# thousands separators, an optional ".0"/".00" (how some CSV exports write whole numbers), optional 円.
_AMOUNT_RE = re.compile(
    r"""^(?P<s1>[-△])?\s*[¥\\]?\s*(?P<s2>[-△])?\s*
    (?P<int>\d{1,3}(?:,\d{3})+|\d+)
    (?:\.(?P<frac>\d+))?\s*円?$""",
    re.VERBOSE,
)
_DECIMAL_RE = re.compile(r"^[-△]?\s*[¥\\]?\s*[-△]?\s*[\d,]*\.\d+\s*円?$")


def _unreadable(shown: str) -> ValueError:
    return ValueError(f"「{shown}」は金額として読めません")


def _not_whole(shown: str) -> ValueError:
    return ValueError(f"「{shown}」は1円単位の整数ではありません")


def _from_text(value: str) -> int:
    shown = value.strip()
    s = shown.translate(_FOLD).strip()
    if not s:
        raise ValueError("金額が空です")
    m = _AMOUNT_RE.match(s)
    if m is None:
        # "12.5" is readable, just not whole yen: say so rather than "unreadable".
        raise (_not_whole(shown) if _DECIMAL_RE.match(s) else _unreadable(shown))
    if m["s1"] and m["s2"]:
        raise _unreadable(shown)
    frac = m["frac"]
    # Accept "1234.0" / "1234.00" only: "1.000" could be a European thousands separator.
    if frac is not None and (len(frac) > 2 or frac.strip("0")):
        raise _not_whole(shown)
    digits = m["int"].replace(",", "")
    if len(digits.lstrip("0")) > MAX_DIGITS:
        raise ValueError(f"「{shown}」は桁数が多すぎます（{MAX_DIGITS}桁まで）")
    n = int(digits)
    return -n if (m["s1"] or m["s2"]) else n


def _from_number(value: float | Decimal) -> int:
    shown = str(value)
    finite = value.is_finite() if isinstance(value, Decimal) else math.isfinite(value)
    if not finite:
        raise _unreadable(shown)
    if value != int(value):
        raise _not_whole(shown)
    n = int(value)
    if len(str(abs(n))) > MAX_DIGITS:
        raise ValueError(f"「{shown}」は桁数が多すぎます（{MAX_DIGITS}桁まで）")
    return n


def parse_yen(value: object, *, allow_zero: bool = True, allow_negative: bool = False) -> int:
    """Read an amount typed by a person or read from an Excel cell; returns whole yen.

    Accepts int, an integral float/Decimal (Excel stores every number as a double), and text such as
    "1,234", "１，２３４", "1234円", "¥1,234", "△1,234". Raises ValueError with a short Japanese message.
    """
    if value is None:
        raise ValueError("金額が空です")
    if isinstance(value, bool):  # before int: True is an int, but never an amount
        raise _unreadable(str(value))
    if isinstance(value, int):
        if len(str(abs(value))) > MAX_DIGITS:
            raise ValueError(f"「{value}」は桁数が多すぎます（{MAX_DIGITS}桁まで）")
        n = value
    elif isinstance(value, float | Decimal):
        n = _from_number(value)
    elif isinstance(value, str):
        n = _from_text(value)
    else:
        raise _unreadable(str(value))

    if n < 0 and not allow_negative:
        raise ValueError("金額は0以上で入力してください" if allow_zero else "金額は1円以上で入力してください")
    if n == 0 and not allow_zero:
        raise ValueError(
            "金額は1円以上で入力してください" if not allow_negative else "金額に0は入力できません"
        )
    return n
