"""Rules of the cash book that need no database: the 出納整理期間, names that match whatever the
width of their brackets, the 証憑番号 as typed."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from datetime import date

from app.domain.directions import DIRECTION_LABELS, EXPENSE, INCOME
from app.domain.fiscal_year import FiscalYear
from app.domain.input_bounds import check_date_bounds
from app.domain.kana import normalize_text
from app.domain.validation import Problem
from app.domain.wareki import format_wareki

# 口座 (MoneyAccount.kind): the stored codes and the words every screen and the change history use
CASH, BANK, FUND = "cash", "bank", "fund"
ACCOUNT_KINDS = {CASH: "現金", BANK: "預金", FUND: "積立金・基金"}

# LedgerEntry.kind: a refund (戻入/戻出) or a half of a transfer; "" for ordinary entries. Its word
# depends on the entry's direction: the cash book's 区分 column and the change history use this table.
REFUND, TRANSFER = "refund", "transfer"
ENTRY_KIND_LABELS = {(REFUND, INCOME): "戻入", (REFUND, EXPENSE): "戻出",
                     (TRANSFER, INCOME): "振替入", (TRANSFER, EXPENSE): "振替出"}


def entry_kind_label(kind: object, direction: object) -> str | None:
    """区分 as the cash book shows an entry: 収入/支出, 戻入/戻出, 振替入/振替出 (None: not a known
    kind and direction)."""
    if not isinstance(kind, str) or not isinstance(direction, str):
        return None
    return ENTRY_KIND_LABELS.get((kind, direction)) or (DIRECTION_LABELS.get(direction) if kind == "" else None)


def settlement_period_end(year: FiscalYear) -> date:
    """出納整理期間: April–May after the year ends, for the previous year's receipts and payments."""
    return date(year.year + 1, 5, 31)


def year_range_text(year: FiscalYear) -> str:
    return f"{year.label}（{format_wareki(year.start)}〜{format_wareki(year.end)}）"


def check_entry_date(year: FiscalYear, d: date | None, settlement_period: bool) -> str | None:
    """None when `d` may be booked in `year`, else a Japanese message. An April–May date after the
    year belongs to it only when said explicitly (出納整理期間). Whatever the year (`--year 2173`),
    a date stays within the bounds of every date typed (1900 … a year from today)."""
    if d is None:
        return "日付を入力してください"
    bounds: list[Problem] = []
    check_date_bounds("entry_date", "日付", d, bounds)
    if bounds:
        return bounds[0].message
    if year.contains(d):
        return None
    in_period = year.end < d <= settlement_period_end(year)
    if in_period and settlement_period:
        return None
    message = f"{d:%Y/%m/%d} は{year_range_text(year)}の期間外です"
    if in_period:
        message += "。出納整理期間（4月・5月）の前年度分として記帳するときは「出納整理期間」を指定してください"
    return message


def category_key(name: str) -> str:
    """Names compare equal whatever the width of their brackets or spaces: 委託料（清掃…） = 委託料(清掃…)."""
    return unicodedata.normalize("NFKC", normalize_text(name)).replace(" ", "")


def resolve_name(text: str, names: Iterable[str]) -> str | None:
    """What was typed → one of `names`: the same name (by category_key), or the only one containing it."""
    key = category_key(text)
    if not key:
        return None
    names = list(names)
    same = [n for n in names if category_key(n) == key]
    if same:
        return same[0]
    containing = [n for n in names if key in category_key(n)]
    return containing[0] if len(containing) == 1 else None


def parse_voucher_no(value: object) -> int | None:
    """証憑番号 as typed: blank → None (the next free number); else a whole number ≥ 1 (ValueError)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError("証憑番号は1以上の整数で入力してください")
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if not text.isdigit() or int(text) < 1:
        raise ValueError("証憑番号は1以上の整数で入力してください")
    return int(text)
