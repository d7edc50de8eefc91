"""What an importer expects: fields with their header label and synonyms, and header matching."""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

_SPACE = re.compile(r"\s+")
# カタカナ → ひらがな so that フリガナ / ふりがな compare equal in headers
_KATA_TO_HIRA = {c: c - 0x60 for c in range(0x30A1, 0x30F7)}


def normalise_header(text: object) -> str:
    """Header text for comparison: NFKC (全角→半角), no whitespace at all, kana-insensitive,
    case-insensitive, without a leading/trailing ※ or * (marks for required columns)."""
    if text is None:
        return ""
    s = unicodedata.normalize("NFKC", str(text))
    s = _SPACE.sub("", s).translate(_KATA_TO_HIRA)
    return s.strip("*※").casefold()


@dataclass(frozen=True)
class FieldSpec:
    key: str  # the importer's name for the value
    label: str  # the header staff see, e.g. 団体名 (used in messages)
    synonyms: tuple[str, ...] = ()  # other headers meaning the same, e.g. ("名称", "団体の名称")
    required: bool = False  # a sheet without this header is not the sheet we want
    part_of: str = ""  # a part that stands for a required field (姓 and 名 for 氏名)
    gathers: bool = False  # several columns may fill it (備考): the others as 「見出し: 値」
    joiner: str = " "  # joins the cells under one merged header (令和|7|年|4|月|1|日 → "")
    hidden: bool = False  # not offered in the list of fields the user picks from
    is_date: bool = False  # holds dates (the error workbook shows an Excel serial there as a date)
    counter: bool = False  # a running number (No): a row with nothing else is an empty row of the form

    def names(self) -> frozenset[str]:
        return _names(self.label, self.synonyms)

    def describe(self) -> str:
        """「団体名（名称・団体の名称）」 for messages listing expected headers."""
        return self.label + (f"（{'・'.join(self.synonyms)}）" if self.synonyms else "")


@functools.lru_cache(maxsize=1024)  # the header search asks every field for them, for every row it tries
def _names(label: str, synonyms: tuple[str, ...]) -> frozenset[str]:
    return frozenset(normalise_header(n) for n in (label, *synonyms))
