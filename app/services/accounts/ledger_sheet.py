"""現金出納帳 sheets as other towns keep them: the headers they use, dates split over columns or
written without a year (4/1, ７／２０) or with a weekday (令和7年4月1日(火)), an opening row
(前年度繰越 …, or a first row holding only a balance) that is never an entry, and closing rows
(次年度繰越, 合計, 月計) that are skipped and said so."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Any

from app.domain.dates import parse_date
from app.domain.fiscal_year import FiscalYear
from app.domain.kana import normalize_text
from app.importing import FieldSpec

FIELDS = [
    FieldSpec("entry_date", "日付", ("年月日", "取引日", "月日", "日付（月日）", "入出金日"), required=True,
              joiner="", is_date=True),
    FieldSpec("year", "年", ("年度",), part_of="entry_date"),
    FieldSpec("month", "月", (), part_of="entry_date"),
    FieldSpec("day", "日", (), part_of="entry_date"),
    FieldSpec("direction", "区分", ("収支区分", "収支", "入出金")),
    FieldSpec("category", "費目", ("科目", "勘定科目", "款項目", "項目", "相手科目", "科目名", "費目名"), required=True),
    FieldSpec("description", "摘要", ("内容", "適用", "摘要１", "摘要1")),
    FieldSpec("description_extra", "摘要２", ("摘要2", "備考", "内訳", "摘要（2）")),
    FieldSpec("counterparty", "相手先", ("支払先", "取引先", "受取先", "支払先・受取先", "相手方")),
    FieldSpec("amount", "金額"),
    FieldSpec("income", "収入", ("収入金額", "入金", "入金額", "歳入", "収入額", "入金金額")),
    FieldSpec("expense", "支出", ("支出金額", "出金", "出金額", "歳出", "支出額", "出金金額")),
    FieldSpec("balance", "残高（確認のみ）", ("残高", "差引残高", "差引", "残金", "現在高")),
    FieldSpec("voucher_no", "証憑番号", ("証憑No", "証憑no.", "伝票番号", "領収書番号")),
    FieldSpec("payment_method", "支払方法", ("方法", "決済方法")),
    FieldSpec("project", "事業", ("事業名", "関連事業")),
]
# not mentioned when absent: existing links are kept / the parts of a date / only read
OPTIONAL = {"project", "year", "month", "day", "description_extra", "balance"}

OPENING_WORDS = ("前年度繰越", "前期繰越", "繰越金", "前年度より繰越", "前月繰越", "前年度繰越金")
CLOSING_WORDS = ("次年度繰越", "次期繰越", "翌年度繰越", "次月繰越", "翌月繰越", "残高合計")
_WEEKDAY = re.compile(r"\s*[(（]\s*[月火水木金土日]\s*(?:曜日?)?\s*[)）]\s*$")
_MONTH_DAY = re.compile(r"^(\d{1,2})\s*[/.月-]\s*(\d{1,2})\s*日?$")


def _text(value: Any) -> str:
    return normalize_text(str(value)) if value is not None else ""


def row_words(values: dict[str, Any]) -> str:
    return "".join(_text(values.get(k)).replace(" ", "") for k in ("category", "description"))


def is_closing(values: dict[str, Any]) -> str:
    """The closing word (次年度繰越 …) when the row carries the balance out; "" otherwise."""
    words = row_words(values)
    return next((w for w in CLOSING_WORDS if w in words), "")


def opening_amount(values: dict[str, Any], registered: bool, first_row: bool) -> int | None:
    """The balance brought forward when the row is an opening row, else None: 前年度繰越 … (not a
    registered 費目 such as 前年度繰越金, which the app's own export writes as an entry), or the
    first row holding only a balance."""
    from app.domain.money import parse_yen

    words = row_words(values)
    amounts = [values.get(k) for k in ("income", "amount", "balance")]
    wordy = any(w in words for w in OPENING_WORDS) and not registered
    only_balance = first_row and not words and all(values.get(k) is None for k in ("income", "expense", "amount")) \
        and values.get("balance") is not None
    if not (wordy or only_balance):
        return None
    for value in amounts:
        if value is not None:
            try:
                return parse_yen(value)
            except ValueError:
                continue
    return 0


# the whole cell says it carries the balance (a 摘要 such as 「前月繰越分の誤りを訂正」 is an entry)
_CARRIED = re.compile(r"^(?:前(?:月|期|年度)(?:より|からの?)?)?繰越(?:金|高|額)?$")


def carried_row(values: dict[str, Any], registered: bool) -> bool:
    """A balance carried within the book after its opening row (前月繰越 at each month's start): never an
    entry. The 費目 cell (or 摘要 when that is empty) is only such words, the row spends nothing, and an
    amount it repeats is its own 残高. A registered 費目 is an entry; anything else stays a row to check,
    so money is never skipped on a word alone."""
    if registered:
        return False
    words = _text(values.get("category")).replace(" ", "") or _text(values.get("description")).replace(" ", "")
    if not _CARRIED.match(unicodedata.normalize("NFKC", words)) or values.get("expense") is not None:
        return False
    amount = values.get("income") if values.get("income") is not None else values.get("amount")
    balance = values.get("balance")
    if amount is None or balance is None:
        return True
    repeated = _yen(amount)
    return repeated is not None and repeated == _yen(balance)


def _yen(value: Any) -> int | None:
    from app.domain.money import parse_yen

    try:
        return parse_yen(value)
    except ValueError:
        return None


def read_entry_date(values: dict[str, Any], year: FiscalYear) -> date:
    """The date of a row: a whole date (weekday allowed), 月日 without a year (4–12 → the fiscal
    year's first calendar year, 1–3 → the next), or 年|月|日 columns."""
    value = values.get("entry_date")
    if value is None and values.get("month") is not None and values.get("day") is not None:
        given = values.get("year")
        text = f"{_text(given)}年{_text(values['month'])}月{_text(values['day'])}日" if given is not None else \
            f"{_text(values['month'])}/{_text(values['day'])}"
        value = text
    if value is None:
        raise ValueError("日付が空です")
    if isinstance(value, str):
        text = _WEEKDAY.sub("", unicodedata.normalize("NFKC", value).strip())
        m = _MONTH_DAY.match(text)
        if m:
            month, day = int(m[1]), int(m[2])
            try:
                return date(year.year if month >= 4 else year.year + 1, month, day)
            except ValueError:
                raise ValueError(f"{value} は存在しない日付です") from None
        if re.match(r"^\d{1,4}年", text) and not text.startswith(("19", "20")):
            text = re.sub(r"^(\d{1,2})年", r"令和\1年", text)  # 7|年|4|月|1|日 without the era
        return parse_date(text)
    return parse_date(value)
