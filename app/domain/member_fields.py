"""Field rules shared by the 名簿 forms and the importer: names, ふりがな, counts, dates, yes/no.

Each checker appends a Problem naming its field and returns the clean value, so a form (or a row of
a spreadsheet) reports every problem at once.
"""

from __future__ import annotations

import re
from datetime import date

from app.domain.contact import normalize_email, normalize_phone, normalize_postal_code
from app.domain.dates import parse_date
from app.domain.input_bounds import check_date_bounds
from app.domain.kana import normalize_furigana, normalize_text
from app.domain.validation import Problem

NAME_MAX = 100
FURIGANA_MAX = 200
COUNT_MAX = 1_000_000
# 個人会員 appear in sheets and exports under this 区分 (DOMAIN.md's list ends with it).
PERSON_KIND = "個人として参加する人"
PERSON_KIND_ALIASES = frozenset({PERSON_KIND, "個人", "個人会員", "個人として参加"})

# Kanji (CJK ideographs incl. compatibility forms such as 﨑) have no place in ふりがな.
_KANJI = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff々〆]")
_COUNT_SUFFIX = re.compile(r"(世帯|戸|人|名|件)$")
_YES = frozenset(
    {"はい", "有", "あり", "同意", "同意あり", "済", "○", "〇", "◯", "yes", "y", "true", "1", "可"}
)
_NO = frozenset(
    {"いいえ", "無", "なし", "不同意", "同意なし", "未", "×", "✕", "no", "n", "false", "0", "不可", "-"}
)


def cell_text(value: object) -> str:
    """A cell or form value as normalised text. Numbers in text columns become their digits
    (Excel turns a name like 123 or a note into a number; 12.0 → "12")."""
    if value.__class__ is str:  # most cells: one test, then the text itself
        return normalize_text(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "はい" if value else "いいえ"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, date):
        return value.isoformat()
    return normalize_text(str(value))


def name_key(name: str) -> str:
    """What makes two names the same member: normalised, without spaces, case-insensitive."""
    return normalize_text(name).replace(" ", "").casefold()


def check_name(field: str, label: str, value: object, problems: list[Problem]) -> str:
    text = cell_text(value)
    if not text:
        problems.append(Problem(field, f"{label}を入力してください"))
    elif len(text) > NAME_MAX:
        problems.append(Problem(field, f"{label}は{NAME_MAX}文字以内で入力してください"))
    return text


def check_furigana(value: object, problems: list[Problem], field: str = "furigana") -> str:
    text = normalize_furigana(cell_text(value))
    if _KANJI.search(text):
        problems.append(Problem(field, "ふりがなはひらがなかカタカナで入力してください"))
    elif len(text) > FURIGANA_MAX:
        problems.append(Problem(field, f"ふりがなは{FURIGANA_MAX}文字以内で入力してください"))
    return text


def check_count(field: str, label: str, value: object, problems: list[Problem]) -> int | None:
    """世帯数・会員数: a whole number ≥ 0; "１２０", "1,200", "120世帯" are accepted."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        problems.append(Problem(field, f"{label}は0以上の整数で入力してください"))
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        n = value
    else:
        text = _COUNT_SUFFIX.sub("", cell_text(value).replace(",", "").replace(" ", ""))
        if not text:
            return None
        if not text.isdigit() or not text.isascii():
            problems.append(Problem(field, f"{label}「{cell_text(value)}」は0以上の整数で入力してください"))
            return None
        n = int(text)
    if not 0 <= n <= COUNT_MAX:
        problems.append(Problem(field, f"{label}は0以上{COUNT_MAX:,}以下で入力してください"))
        return None
    return n


def check_date(field: str, value: object, problems: list[Problem]) -> date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        return parse_date(value)
    except ValueError as exc:
        problems.append(Problem(field, str(exc)))
        return None


def check_period(joined_on: date | None, left_on: date | None, problems: list[Problem],
                 today: date | None = None) -> None:
    """加入日 and 退会日 each within 1900 … a year from today, and 退会 not before 加入."""
    check_date_bounds("joined_on", "加入日", joined_on, problems, today)
    check_date_bounds("left_on", "退会日", left_on, problems, today)
    if joined_on and left_on and left_on < joined_on:
        problems.append(Problem("left_on", "退会日が加入日より前になっています"))


def check_contact(field: str, value: object, problems: list[Problem]) -> str:
    """電話 / 郵便番号 / メール, always stored as text (leading zeros kept)."""
    normalise = _CONTACT_NORMALISERS[field]
    # An Excel number (191212111) is passed as its digits; the lost leading zero is then refused.
    text = cell_text(value)
    try:
        return normalise(text)
    except ValueError as exc:
        problems.append(Problem(field, f"「{text}」: {exc}"))
        return ""


_CONTACT_NORMALISERS = {"phone": normalize_phone, "postal_code": normalize_postal_code, "email": normalize_email}


def check_yes_no(field: str, label: str, value: object, problems: list[Problem]) -> bool:
    if isinstance(value, bool):
        return value
    text = cell_text(value).casefold()
    if not text or text in _NO:
        return False
    if text in _YES:
        return True
    problems.append(Problem(field, f"{label}「{cell_text(value)}」は「はい」か「いいえ」で入力してください"))
    return False


def is_person_kind(kind_text: str) -> bool:
    return normalize_text(kind_text) in PERSON_KIND_ALIASES


def active_during(joined_on: date | None, left_on: date | None, start: date, end: date) -> bool:
    """Was the member a member at some time between start and end (inclusive)?"""
    return (joined_on is None or joined_on <= end) and (left_on is None or left_on >= start)
