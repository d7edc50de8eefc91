"""The bounds of what people type or import: dates within 1900-01-01 … a year from today, and one
table of text limits per field (README 「入力できる長さ」 prints the same table; a test keeps them equal).

Every checker appends a Problem naming the field (and the limit) and never raises, so a form or a
row of a spreadsheet reports every problem at once.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date

from app.domain.fiscal_year import FiscalYear
from app.domain.validation import Problem, ValidationError

EARLIEST_DATE = date(1900, 1, 1)


def latest_date(today: date | None = None, years_ahead: int = 1) -> date:
    """A year (or `years_ahead` years) from today (29 February → 28 February)."""
    return _years_after(today or date.today(), years_ahead)


@functools.lru_cache(maxsize=64)  # an import checks every row's dates against the same day
def _years_after(today: date, years: int) -> date:
    try:
        return today.replace(year=today.year + years)
    except ValueError:
        return today.replace(year=today.year + years, day=28)


def check_date_bounds(field: str, label: str, value: date | None, problems: list[Problem],
                      today: date | None = None, years_ahead: int = 1) -> None:
    """加入日 2173-10-13 or 1800-01-01 is a typing slip, never a member's history. `years_ahead`
    widens the future bound for dates planned further ahead (the end of a two-year 任期)."""
    if value is None:
        return
    last = latest_date(today, years_ahead)
    if not EARLIEST_DATE <= value <= last:
        problems.append(Problem(
            field,
            f"{label}（{value:%Y/%m/%d}）は{EARLIEST_DATE:%Y/%m/%d}から{last:%Y/%m/%d}（{years_ahead}年後）"
            "までの日付で入力してください",
        ))


def refuse_out_of_bounds(field: str, label: str, value: date | None) -> None:
    """check_date_bounds for a form with one date: a ValidationError naming it."""
    problems: list[Problem] = []
    check_date_bounds(field, label, value, problems)
    if problems:
        raise ValidationError(problems)


def date_bounds_message(label: str, value: date, today: date | None = None) -> str:
    """The message check_date_bounds gives for `value`, or "" when it is within the bounds."""
    problems: list[Problem] = []
    check_date_bounds("", label, value, problems, today)
    return problems[0].message if problems else ""


def latest_fiscal_year(today: date | None = None) -> FiscalYear:
    """The last 年度 that can hold a date typed today: the one containing the latest date."""
    return FiscalYear.of(latest_date(today))


def check_fiscal_year_bounds(year: FiscalYear, problems: list[Problem], today: date | None = None) -> None:
    """年度 2173 is a typing slip like 加入日 2173: a year none of whose days could be entered is
    refused (1900年度 … the 年度 holding the date a year from today)."""
    if not EARLIEST_DATE.year <= year.year <= latest_fiscal_year(today).year:
        problems.append(Problem("year", fiscal_year_bounds_message(year.year, today)))


def fiscal_year_bounds_message(year: int, today: date | None = None) -> str:
    last = latest_fiscal_year(today)
    return (f"年度（{year}）は{EARLIEST_DATE.year}年度から{last.year}年度（{last.label}）までの"
            "西暦年で指定してください")


@dataclass(frozen=True)
class TextLimit:
    record: str  # 構成団体, 個人会員 … (as the window names them)
    field: str  # the code name of the field
    label: str  # its name on the form
    limit: int  # characters (after normalising), as counted by len()


# The one table of free-text limits. Names stay within what a printed list shows on a line; 住所 fits
# two lines of a PDF row; 備考 a paragraph (PDFs wrap and split long text across pages).
TEXT_LIMITS: tuple[TextLimit, ...] = (
    TextLimit("団体情報", "name", "地域協働体名", 100),
    TextLimit("団体情報", "centre_name", "市民センター名", 100),
    TextLimit("団体情報", "chair_name", "会長名", 100),
    TextLimit("団体情報", "address", "所在地", 200),
    TextLimit("構成団体", "name", "名称", 100),
    TextLimit("構成団体", "furigana", "ふりがな", 200),
    TextLimit("構成団体", "representative", "代表者名", 100),
    TextLimit("構成団体", "address", "住所", 200),
    TextLimit("構成団体", "note", "備考", 1000),
    TextLimit("個人会員", "name", "氏名", 100),
    TextLimit("個人会員", "furigana", "ふりがな", 200),
    TextLimit("個人会員", "address", "住所", 200),
    TextLimit("個人会員", "email", "メール", 254),
    TextLimit("個人会員", "note", "備考", 1000),
    TextLimit("事業", "name", "事業名", 200),
    TextLimit("事業", "committee", "担当部会", 100),
    TextLimit("事業", "person_in_charge", "担当者", 100),
    TextLimit("事業", "goal", "目標", 2000),
    TextLimit("事業", "target_label", "指標", 50),
    TextLimit("事業", "unit", "単位", 10),
    TextLimit("事業", "note", "備考", 2000),
    TextLimit("会議", "committee", "部会名", 100),
    TextLimit("会議", "title", "会議名", 200),
    TextLimit("会議", "place", "会場", 200),
    TextLimit("会議", "agenda", "議題", 2000),
    TextLimit("会議", "decisions", "決定事項", 2000),
    TextLimit("会議", "minutes", "議事録", 10000),
    TextLimit("自己評価", "comment", "評価のコメント", 500),
    TextLimit("自己評価", "outcome", "成果", 2000),
    TextLimit("自己評価", "issues", "課題", 2000),
    TextLimit("自己評価", "improvements", "改善策", 2000),
)
# Limits kept by their own services (same numbers; tests/domain/test_input_bounds.py compares them):
# 部会名 100 and 構成団体・個人会員の名称 100 / ふりがな 200 (app.domain.member_fields), 区分 50, 役職 50,
# 部屋名 50, 利用団体名 100, 予約の利用目的・備考 200, 報告書の記述 4,000, 費目名 60.
OTHER_LIMITS: tuple[TextLimit, ...] = (
    TextLimit("部会", "name", "部会名", 100),
    TextLimit("区分", "name", "区分名", 50),
    TextLimit("役職", "name", "役職名", 50),
    TextLimit("施設", "room", "部屋名", 50),
    TextLimit("施設", "user", "利用団体名", 100),
    TextLimit("施設", "booking_text", "予約の利用目的・備考", 200),
    TextLimit("施設", "report_note", "報告書の記述", 4000),
    TextLimit("管理費", "category", "費目名", 60),
)


_BY_FIELD = {(t.record, t.field): t for t in TEXT_LIMITS}  # checked for every row of an import


def text_limit(record: str, field: str) -> TextLimit:
    return _BY_FIELD[(record, field)]


def check_text_length(record: str, field: str, text: str, problems: list[Problem]) -> str:
    """`text` unchanged; a Problem naming the field, its limit and the length when it is longer."""
    limit = text_limit(record, field)
    if len(text) > limit.limit:
        problems.append(Problem(
            field, f"{limit.label}は{limit.limit:,}文字以内で入力してください（今は{len(text):,}文字）"
        ))
    return text
