"""What a roster says about being a member: 在籍 / 退会 / 退部 / 休会, in a 状態 column or in 備考
(「退会（令和7年9月30日）」). A member who left is never imported as active in silence."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from app.domain.dates import parse_date
from app.domain.kana import normalize_text

LEFT_WORDS = ("退会", "退部", "脱退", "退団", "除名", "死亡退会", "転出")
# a 状態 cell may also say why (死亡); in 備考 these words may be about someone else (「夫死亡」)
STATUS_LEFT_WORDS = (*LEFT_WORDS, "死亡", "逝去")
PAUSED_WORDS = ("休会", "休部", "休団")
# right after a word for leaving, these say it has not happened (退会予定, 退会希望), was undone (退会取消,
# 退会を撤回) or is about someone else (退会者の後任); 再入会・復帰 anywhere say the member came back. The member
# is then not taken as left (a warning says so). 「本人希望により退会」「退会（本人希望）」 are left.
_NOT_LEFT = re.compile(
    rf"(?:{'|'.join(LEFT_WORDS)})(?:を|の)?(?:予定|希望|取消|取り消|撤回)|(?:{'|'.join(LEFT_WORDS)})者"
    r"|再入会|再加入|復帰"
)
ACTIVE_WORDS = frozenset({"", "在籍", "在籍中", "会員", "正会員", "現役", "継続", "入会", "加入", "有効", "○", "〇"})
_DATE = re.compile(
    r"((?:令和|平成|昭和|R|H|S)\s*(?:元|\d{1,2})\s*[年./]\s*\d{1,2}\s*[月./]\s*\d{1,2}\s*日?"
    r"|\d{4}\s*[年/.-]\s*\d{1,2}\s*[月/.-]\s*\d{1,2}\s*日?)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Status:
    left: bool = False
    left_on: date | None = None
    paused: bool = False
    word: str = ""  # the word found (退会, 休会 …) or the unknown text
    known: bool = True


def read_status(text: str) -> Status:
    """Status from a 状態 cell (or from 備考 text); `known` False for a word it cannot place."""
    t = normalize_text(text)
    if t in ACTIVE_WORDS:
        return Status(word=t)
    found = next((w for w in STATUS_LEFT_WORDS if w in t), None)
    if found and not _NOT_LEFT.search(t):
        return Status(left=True, left_on=_date_in(t), word=found)
    paused = next((w for w in PAUSED_WORDS if w in t), None)
    if paused:
        return Status(paused=True, word=paused)
    return Status(word=t, known=False)


def status_in_note(note: str) -> Status | None:
    """「退会（令和7年9月30日）」 in 備考: the member left (with that date); None when the note says
    nothing about leaving; `known` False when it speaks of leaving but not of this member having left
    (「退会予定」, 「令和6年退会、令和7年4月1日再入会」: that date is not a 退会日)."""
    t = normalize_text(note)
    found = next((w for w in LEFT_WORDS if w in t), None)
    if not found:
        return None
    if _NOT_LEFT.search(t):
        return Status(word=t, known=False)
    return Status(left=True, left_on=_date_in(t), word=found)


def _date_in(text: str) -> date | None:
    m = _DATE.search(text)
    if not m:
        return None
    try:
        return parse_date(re.sub(r"\s+", "", m.group(1)))
    except ValueError:
        return None
